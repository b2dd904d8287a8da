import { DateInput, emptyDate, type DateParts } from "../../components/forms";
import { isoFromParts } from "../../lib/deadlines";
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
