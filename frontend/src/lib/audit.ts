/** The landlord's audit log (landlord admins) and the working-day calculator, as people read
 * them: each kind of entry in plain words, an entry's detail as label–value pairs, and each
 * skipped day's reason split into its kind and its name. */

import { isoFromParts } from "./deadlines";
import { addError, emptyErrors, type Parts } from "./forms";
import type { FormErrors } from "./problems";
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
  "auth.signed_in": "Signed in",
  "auth.sign_in_failed": "Sign-in failed",
  "mfa.enrolled": "Authenticator app set up",
  "mfa.reset": "Second factor reset",
  "mfa.recovery_codes_replaced": "New recovery codes made",
  "account.password_reset_requested": "Password reset link asked for",
  "account.password_reset": "Password reset",
  "account.email_change_requested": "Change of email address asked for",
  "account.email_changed": "Email address changed",
  "account.disabled": "Account disabled by the operator",
  "account.enabled": "Account enabled by the operator",
  "invitation.created": "Invitation sent",
  "invitation.accepted": "Invitation accepted",
  "invitation.revoked": "Invitation revoked",
  "user.role_changed": "User's role changed",
  "user.deactivated": "User's access removed",
  "user.reactivated": "User's access given back",
  "settings.changed": "Settings changed",
  "landlord.suspended": "Landlord suspended by the operator",
  "landlord.reinstated": "Landlord reinstated by the operator",
  "tracking_link.reissued": "New tracking link sent to the resident",
  "audit.exported": "Audit log downloaded",
};

/** The kinds offered in the filter: those most often looked for. */
export const COMMON_AUDIT_KINDS = [
  "auth.sign_in_failed",
  "auth.signed_in",
  "mfa.reset",
  "invitation.revoked",
  "tracking_link.reissued",
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
  "audit.exported",
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

/** The audit log's filters, as the address keeps them (`?kind=&actor=&subject=&from=&to=`)
 * and the API takes them. Empty text is no filter. */
export interface AuditFilters {
  kind: string;
  actor: string;
  subject: string;
  /** YYYY-MM-DD, or "". */
  from: string;
  to: string;
}

const FILTER_KEYS = ["kind", "actor", "subject", "from", "to"] as const;

export function auditFiltersOf(query: URLSearchParams): AuditFilters {
  const get = (k: string) => (query.get(k) ?? "").trim();
  return { kind: get("kind"), actor: get("actor"), subject: get("subject"), from: get("from"), to: get("to") };
}

/** Whether any filter is set. */
export function anyAuditFilter(f: AuditFilters): boolean {
  return FILTER_KEYS.some((k) => f[k] !== "");
}

/** The filters (and a page) as an address's query: "" when there is none. */
export function auditSearch(f: AuditFilters, cursor?: string | null): string {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k]) q.set(k, f[k]);
  if (cursor) q.set("page", cursor);
  const s = q.toString();
  return s ? `?${s}` : "";
}

/** The filters as the API's query parameters: only those set. */
export function auditQuery(f: AuditFilters): Partial<AuditFilters> {
  const out: Partial<AuditFilters> = {};
  for (const k of FILTER_KEYS) if (f[k]) out[k] = f[k];
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the filter form holds: dates as GOV.UK date inputs. */
export interface AuditForm {
  kind: string;
  actor: string;
  subject: string;
  from: Parts;
  to: Parts;
}

/** The filters typed in, checked as the server checks them: an ID in full, real dates, and
 * the last day not before the first. */
export function readAuditForm(form: AuditForm): { filters: AuditFilters; errors: FormErrors } {
  const errors = emptyErrors();
  const subject = form.subject.trim();
  if (subject && !UUID.test(subject)) {
    addError(errors, "subject", "Enter the record's ID in full, like 0190c3e2-7a1b-7c3d-9e4f-5a6b7c8d9e0f");
  }
  const day = (field: string, parts: Parts, name: string): string => {
    const iso = isoFromParts(parts.day, parts.month, parts.year);
    if (iso === null) {
      addError(errors, field, `${name} must be a real date, like 27 3 2026`);
      return "";
    }
    return iso;
  };
  const from = day("from", form.from, "The first day");
  const to = day("to", form.to, "The last day");
  if (from && to && to < from) addError(errors, "to", "The last day must be the same as or after the first day");
  return { filters: { kind: form.kind.trim(), actor: form.actor.trim(), subject, from, to }, errors };
}

/** The name of a downloaded export: the landlord, the dates asked for, and today. */
export function auditCsvName(slug: string, f: AuditFilters, today: string): string {
  const range = f.from || f.to ? `-${f.from || "start"}-to-${f.to || today}` : "";
  return `audit-log-${slug}${range}-${today}.csv`.replace(/[^A-Za-z0-9._-]/g, "-");
}
