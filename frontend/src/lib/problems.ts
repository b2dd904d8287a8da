/** problem+json (RFC 9457) answers turned into what a GOV.UK form shows: an error summary
 * and a message beside each field the server named. */

import { roleLabel } from "./words";

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  status?: number;
  title?: string;
  detail?: string;
  errors?: FieldError[];
}

export interface SummaryItem {
  text: string;
  /** `#id` of the field when the form has it. */
  href?: string;
}

export interface FormErrors {
  /** Field path (as the server names it) to its message. */
  fields: Record<string, string>;
  summary: SummaryItem[];
}

/** The id of the input for a field path: `remedies[0].description` -> `remedies-0-description`. */
export function fieldId(path: string): string {
  return path
    .replace(/\[(\d+)\]/g, "-$1")
    .replace(/[.\s]+/g, "-")
    .replace(/[^A-Za-z0-9_-]/g, "")
    .replace(/^-+|-+$/g, "");
}

/** The field's label in a sentence: `outcomes_sought` -> "Outcomes sought". */
export function fieldLabel(path: string): string {
  const last = path.split(".").pop() ?? path;
  const words = last.replace(/\[(\d+)\]/g, " $1").replace(/_/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "is required" reads after the field's name; a message that is a sentence of its own
 * ("give either handler_id or contractor_id") stands alone. */
const CONTINUES_A_NAME = /^(is|are|must|has|have|cannot|can|should|may|needs?|was|were|does|do)\b/i;

/** Whether a message reads on from the field's name ("is required") rather than standing alone. */
export function continuesAName(message: string): boolean {
  return CONTINUES_A_NAME.test(message.trim());
}

export function sentence(label: string, message: string): string {
  const m = message.trim();
  if (CONTINUES_A_NAME.test(m)) return `${label} ${m}`;
  return m.charAt(0).toUpperCase() + m.slice(1);
}

function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null;
}

/**
 * Maps a problem to form errors. `known` are the field paths the form shows; a field error
 * for one of them links to its input and is shown beside it, others (and the detail of a
 * refusal such as a 409) are shown in the summary as the server wrote them.
 * `labels` gives a field's name as the form's label says it.
 */
export function formErrors(
  problem: unknown,
  known: readonly string[] = [],
  labels: Record<string, string> = {},
): FormErrors {
  const fields: Record<string, string> = {};
  const summary: SummaryItem[] = [];
  if (!isProblem(problem)) {
    return { fields, summary: [{ text: "Something went wrong. Try again." }] };
  }
  const errors = Array.isArray(problem.errors) ? problem.errors : [];
  for (const e of errors) {
    if (!e || typeof e.field !== "string" || typeof e.message !== "string") continue;
    const text = sentence(labels[e.field] ?? fieldLabel(e.field), e.message);
    if (known.includes(e.field)) {
      if (!(e.field in fields)) {
        fields[e.field] = text;
        summary.push({ text, href: `#${fieldId(e.field)}` });
      }
    } else {
      summary.push({ text });
    }
  }
  if (summary.length === 0) {
    const text =
      problem.detail && problem.detail.trim() !== ""
        ? problem.detail
        : problem.title && problem.title.trim() !== ""
          ? problem.title
          : "Something went wrong. Try again.";
    summary.push({ text });
  }
  return { fields, summary };
}

/** The errors a form shows before it asks the server: each required field left empty. */
export function requiredErrors(
  values: Record<string, string>,
  required: Record<string, string>,
): FormErrors {
  const fields: Record<string, string> = {};
  const summary: SummaryItem[] = [];
  for (const [field, message] of Object.entries(required)) {
    if ((values[field] ?? "").trim() === "") {
      fields[field] = message;
      summary.push({ text: message, href: `#${fieldId(field)}` });
    }
  }
  return { fields, summary };
}

const ROLE_WORD = /\b(platform_admin|landlord_admin|complaints_officer|case_handler|contractor|mrc|governing_body|panel_member)$/;

/** The server's refusal (a 403's detail) as a sentence: capitalised, ending with a full stop,
 * and the role it names as people say it ("you are signed in as Residents' panel member"). */
export function refusalSentence(detail: string): string {
  const named = detail.trim().replace(ROLE_WORD, (r) => roleLabel(r));
  const s = named.charAt(0).toUpperCase() + named.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}
