import { DateInput, Radios, emptyDate, type DateParts } from "../../components/forms";
import { isBeforeToday, isoFromParts, todayInLondon } from "../../lib/deadlines";
import type { FormErrors } from "../../lib/problems";

export { emptyDate, type DateParts };

/** The optional effective date every action accepts (`on`; today when left blank). */
export function OnDate({
  value,
  onChange,
  error,
  label = "When was this done?",
}: {
  value: DateParts;
  onChange: (v: DateParts) => void;
  error?: string;
  label?: string;
}) {
  return (
    <DateInput
      name="on"
      label={label}
      hint="Leave blank for today. Give the date when recording something done earlier, for example by phone or letter. For example, 27 3 2025."
      value={value}
      onChange={onChange}
      error={error}
    />
  );
}

/** Whether the letter question is asked: the effective date is a real date before today, in
 * England, so the action's letter may already have gone to the resident. */
export function asksLetterAlreadySent(on: DateParts): boolean {
  return isBeforeToday(on, todayInLondon());
}

/**
 * Asked of an action recorded with a date before today (`letter_already_sent`): whether its
 * letter already went to the resident by other means on that date (recorded as sent then,
 * nothing sent), or goes now, dated today and saying when the action took effect. Shown only
 * for such a date; `value` is "yes", "no" or "" (not answered).
 */
export function LetterAlreadySent({
  on,
  value,
  onChange,
  error,
}: {
  on: DateParts;
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  if (!asksLetterAlreadySent(on)) return null;
  return (
    <Radios
      name="letter_already_sent"
      label="Has the letter for this already gone to the resident?"
      hint="You gave a date before today."
      value={value}
      onChange={onChange}
      error={error}
      choices={[
        { value: "yes", label: "Yes, it went on that date by other means – record it as sent, send nothing" },
        { value: "no", label: "No – send it now, dated today; it will say when this took effect" },
      ]}
    />
  );
}

/** Adds an error when the letter question is asked and not answered; answers what to send as
 * `letter_already_sent`: null when the question is not asked (or not answered). */
export function checkLetterAlreadySent(errors: FormErrors, on: DateParts, value: string): boolean | null {
  if (!asksLetterAlreadySent(on)) return null;
  if (value !== "yes" && value !== "no") {
    const message = "Select whether the letter has already gone to the resident";
    errors.fields.letter_already_sent = message;
    errors.summary.push({ text: message, href: "#letter_already_sent" });
    return null;
  }
  return value === "yes";
}

/** The label of `letter_already_sent` in the server's errors. */
export const LETTER_ALREADY_SENT_LABEL = "Whether the letter has already gone";

/** Adds to `errors` what is wrong with a date; returns its ISO value, undefined when blank. */
export function checkDate(
  errors: FormErrors,
  field: string,
  parts: DateParts,
  message = "Enter a real date, for example 27 3 2025",
): string | undefined {
  const iso = isoFromParts(parts.day, parts.month, parts.year);
  if (iso === null) {
    errors.fields[field] = message;
    errors.summary.push({ text: message, href: `#${field.replace(/\[(\d+)\]/g, "-$1").replace(/\./g, "-")}` });
    return undefined;
  }
  return iso === "" ? undefined : iso;
}

export function noErrors(): FormErrors {
  return { fields: {}, summary: [] };
}

/** Adds an error for a required text left blank. */
export function need(errors: FormErrors, field: string, value: string, message: string): void {
  if (value.trim() === "") {
    errors.fields[field] = message;
    errors.summary.push({ text: message, href: `#${field.replace(/\[(\d+)\]/g, "-$1").replace(/\./g, "-")}` });
  }
}
