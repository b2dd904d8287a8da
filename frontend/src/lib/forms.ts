/** What the staff forms check before they ask the server, and how they say what changed. The
 * server checks everything again and its refusals are shown as it wrote them. */

import { isoFromParts } from "./deadlines";
import { fieldId, type FormErrors } from "./problems";

export interface Parts {
  day: string;
  month: string;
  year: string;
}

export function emptyErrors(): FormErrors {
  return { fields: {}, summary: [] };
}

/** Adds an error by a field (its first only) and to the summary, linking to the field. */
export function addError(errors: FormErrors, field: string, text: string): void {
  if (field in errors.fields) return;
  errors.fields[field] = text;
  errors.summary.push({ text, href: `#${fieldId(field)}` });
}

export function hasErrors(errors: FormErrors): boolean {
  return errors.summary.length > 0;
}

/** Adds `message` when the text is blank; answers the trimmed text. */
export function requireText(errors: FormErrors, field: string, value: string, message: string): string {
  const v = value.trim();
  if (!v) addError(errors, field, message);
  return v;
}

/** `2025-03-07` as the parts of a GOV.UK date input. */
export function partsOf(iso: string | null | undefined): Parts {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? "");
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] as string } : { day: "", month: "", year: "" };
}

const REAL_DATE = "Enter a real date, for example 27 3 2026";

/**
 * A date typed in. `blank` says what leaving it empty means: `today` (the date given instead),
 * `none` (null: an optional date) or an error message (a required date).
 * Answers the ISO date, null for an optional date left blank, or undefined after an error.
 */
export function readDate(
  errors: FormErrors,
  field: string,
  parts: Parts,
  blank: { today: string } | "none" | { required: string },
  invalid = REAL_DATE,
): string | null | undefined {
  const iso = isoFromParts(parts.day, parts.month, parts.year);
  if (iso === null) {
    addError(errors, field, invalid);
    return undefined;
  }
  if (iso !== "") return iso;
  if (blank === "none") return null;
  if ("today" in blank) return blank.today;
  addError(errors, field, blank.required);
  return undefined;
}

/** A whole number typed in ("12", " 5 "), or null when it is not one. */
export function wholeNumber(text: string): number | null {
  const t = text.trim().replace(/,/g, "");
  if (!/^\d{1,9}$/.test(t)) return null;
  return Number(t);
}

/**
 * The text fields of a record that a form changed, for a PATCH: each field whose trimmed text
 * differs from what it was, blank text as null (which clears an optional field).
 */
export function changedText<K extends string>(
  original: Partial<Record<K, string | null | undefined>>,
  draft: Record<K, string>,
): Partial<Record<K, string | null>> {
  const out: Partial<Record<K, string | null>> = {};
  for (const key of Object.keys(draft) as K[]) {
    const now = draft[key].trim();
    const was = (original[key] ?? "").trim();
    if (now !== was) out[key] = now === "" ? null : now;
  }
  return out;
}

/** Blank text as null, other text trimmed: for an optional field of a new record. */
export function orNull(text: string): string | null {
  const t = text.trim();
  return t === "" ? null : t;
}
