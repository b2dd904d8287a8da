/** The landlord's audit log (landlord admins) and the working-day calculator, as people read
 * them: each kind of entry in plain words, an entry's detail as label–value pairs, and each
 * skipped day's reason split into its kind and its name. */

import { humanise } from "./words";

/** The kinds the server writes, in plain words. */
const KIND: Record<string, string> = {
  "complaint.read": "Case file opened by the MRC",
  "complaint.timeline.read": "Case timeline read by the MRC",
  "complaint.letters.read": "Case letters read by the MRC",
  "complaint.correspondence.read": "Case correspondence read by the MRC",
  "dashboard.cases.read": "Cases behind a dashboard figure read",
  "resident.disclosures.read": "A resident's disclosures read",
  "resident.disclosure.recorded": "A resident's disclosure recorded",
  "outbox.retry": "Email sent again",
  "letter_template.updated": "Letter template changed",
  "letter_template.reset": "Letter template reset to the standard wording",
  "learning.published": "Learning published",
  "learning.withdrawn": "Published learning withdrawn",
  self_assessment_saved: "Self-assessment saved",
  self_assessment_approved: "Self-assessment approved",
  self_assessment_published: "Self-assessment published",
  annual_report_published: "Annual report published",
  annual_report_response_recorded: "Governing body's response to the annual report recorded",
};

/** The kinds offered in the filter: those most often looked for. */
export const COMMON_AUDIT_KINDS = [
  "complaint.read",
  "complaint.timeline.read",
  "complaint.letters.read",
  "dashboard.cases.read",
  "resident.disclosures.read",
  "outbox.retry",
  "letter_template.updated",
  "self_assessment_approved",
  "self_assessment_published",
  "annual_report_published",
];

/** `complaint.read` -> "Case file opened by the MRC"; an unknown kind made readable. */
export function auditKindLabel(kind: string): string {
  return KIND[kind] ?? humanise(kind.replace(/\./g, " "));
}

const DETAIL_LABEL: Record<string, string> = {
  role: "Role",
  count: "Items read",
  figure: "Figure",
  from: "From",
  to: "To",
  year: "Year",
  version: "Version",
  kind: "Kind",
  subject: "Subject",
  last_error: "Last error",
  disclosure_id: "Disclosure",
  self_assessment_version: "Self-assessment version",
  public_summary: "Public summary",
  previous_summary: "Previous summary",
};

function text(value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return value === true ? "yes" : value === false ? "no" : String(value);
  if (Array.isArray(value)) return value.map(text).join(", ");
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${detailLabel(k).toLowerCase()}: ${text(v)}`)
      .join("; ");
  }
  return String(value);
}

function detailLabel(key: string): string {
  return DETAIL_LABEL[key] ?? humanise(key);
}

/** An entry's detail as label–value pairs, in the order the server wrote them; anything but
 * an object (or an empty one) is nothing to show. */
export function auditDetail(detail: unknown): { label: string; value: string }[] {
  if (!detail || typeof detail !== "object" || Array.isArray(detail)) return [];
  return Object.entries(detail as Record<string, unknown>).map(([k, v]) => ({ label: detailLabel(k), value: text(v) }));
}

/** A skipped day's reason as the server words it (`weekend (Saturday)`, `bank holiday:
 * Christmas Day`, `closure day: Office move`), split into its kind and what it is. */
export function skippedReason(reason: string): { kind: string; name: string } {
  const r = reason.trim();
  const weekend = /^weekend\s*\(([^)]*)\)$/i.exec(r);
  if (weekend) return { kind: "Weekend", name: weekend[1] ?? "" };
  const named = /^(bank holiday|closure day)\s*:\s*(.*)$/i.exec(r);
  if (named) return { kind: humanise(named[1]!.toLowerCase()), name: named[2] ?? "" };
  return { kind: humanise(r), name: "" };
}

/** A number of working days typed in: a whole number from 0 to 366, or null. */
export function workingDaysOf(raw: string): number | null {
  const s = raw.trim();
  if (!/^\d{1,3}$/.test(s)) return null;
  const n = Number(s);
  return n <= 366 ? n : null;
}
