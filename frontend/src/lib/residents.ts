/** Residents' needs in plain words (docs/rules.md, "Residents' needs"): reasonable
 * adjustments, disclosures, restrictions, service requests, and when their reviews fall due. */

import { humanise } from "./words";

function labeller(labels: Record<string, string>): (value: string | null | undefined) => string {
  return (value) => (value ? (labels[value] ?? humanise(value)) : "");
}

const ADJUSTMENT_CATEGORY: Record<string, string> = {
  communication_format: "Format of letters and documents",
  contact_method: "How contact is made",
  timing: "When contact is made",
  representative_or_advocate: "Through a representative or advocate",
  access: "Access to buildings and meetings",
  other: "Other",
};
export const ADJUSTMENT_CATEGORIES = Object.keys(ADJUSTMENT_CATEGORY);
export const adjustmentCategoryLabel = labeller(ADJUSTMENT_CATEGORY);

const ADJUSTMENT_OUTCOME: Record<string, string> = {
  continue: "Continues as agreed",
  changed: "Changed",
  ended: "Ended: no longer needed",
};
export const ADJUSTMENT_OUTCOMES = Object.keys(ADJUSTMENT_OUTCOME);
export const adjustmentOutcomeLabel = labeller(ADJUSTMENT_OUTCOME);

const DISCLOSURE_KIND: Record<string, string> = {
  disability: "Disability",
  mental_health: "Mental health",
  physical_health: "Physical health",
  vulnerability: "Vulnerability",
  other: "Other",
};
export const DISCLOSURE_KINDS = Object.keys(DISCLOSURE_KIND);
export const disclosureKindLabel = labeller(DISCLOSURE_KIND);

const CONTACT_METHOD: Record<string, string> = {
  email: "Email",
  phone: "Phone",
  letter: "Letter",
  text: "Text message",
  in_person: "In person",
};
export const CONTACT_METHODS = Object.keys(CONTACT_METHOD);
export const contactMethodLabel = labeller(CONTACT_METHOD);

const TERM_KIND: Record<string, string> = {
  single_point_of_contact: "Single point of contact",
  written_contact_only: "Written contact only",
  set_times: "Contact at set times only",
  other: "Other limit",
};
export const TERM_KINDS = Object.keys(TERM_KIND);
export const termKindLabel = labeller(TERM_KIND);

const WARNING_LEVEL: Record<string, string> = {
  first: "First warning",
  second: "Second warning",
  final: "Final warning",
};
export const WARNING_LEVELS = Object.keys(WARNING_LEVEL);
export const warningLevelLabel = labeller(WARNING_LEVEL);

const RESTRICTION_OUTCOME: Record<string, string> = {
  continue: "Continues unchanged",
  varied: "Varied",
  ended: "Ended",
};
export const RESTRICTION_OUTCOMES = Object.keys(RESTRICTION_OUTCOME);
export const restrictionOutcomeLabel = labeller(RESTRICTION_OUTCOME);

/** How a restriction leaves a reasonable adjustment in force (Code 5.14). */
const ADJUSTMENT_EFFECT: Record<string, string> = {
  kept: "Kept as agreed",
  changed: "Changed by this restriction",
};
export const ADJUSTMENT_EFFECTS = Object.keys(ADJUSTMENT_EFFECT);
export const adjustmentEffectLabel = labeller(ADJUSTMENT_EFFECT);

const SERVICE_REQUEST_STATUS: Record<string, { label: string; tag: string }> = {
  open: { label: "Open", tag: "govuk-tag--blue" },
  in_progress: { label: "In progress", tag: "govuk-tag--light-blue" },
  completed: { label: "Completed", tag: "govuk-tag--green" },
  cancelled: { label: "Cancelled", tag: "govuk-tag--grey" },
};
export const SERVICE_REQUEST_STATUSES = Object.keys(SERVICE_REQUEST_STATUS);

export function serviceRequestStatusLabel(s: string): string {
  return SERVICE_REQUEST_STATUS[s]?.label ?? humanise(s);
}

export function serviceRequestStatusTag(s: string): string {
  return SERVICE_REQUEST_STATUS[s]?.tag ?? "govuk-tag--grey";
}

/** A complaint can be raised from a service request while it is still open (Code 1.5). */
export function mayRaiseComplaint(status: string): boolean {
  return status === "open" || status === "in_progress";
}

/** Today in England (kept with the other dates in `deadlines`). */
export { todayInLondon } from "./deadlines";

function utcDay(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return null;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: string, to: string): number | null {
  const a = utcDay(from);
  const b = utcDay(to);
  return a === null || b === null ? null : b - a;
}

export type ReviewTone = "red" | "orange" | "yellow" | "grey";

export interface ReviewWords {
  text: string;
  tone: ReviewTone;
  overdue: boolean;
}

function days(n: number): string {
  return n === 1 ? "1 day" : `${n} days`;
}

/** When a review of an adjustment or restriction falls due, in words: reviews are set on a
 * calendar date, so these are calendar days, not working days. Within a week is yellow. */
export function reviewWords(reviewOn: string | null | undefined, today: string): ReviewWords | null {
  if (!reviewOn) return null;
  const n = calendarDaysBetween(today, reviewOn);
  if (n === null) return null;
  if (n < 0) return { text: `Review ${days(-n)} overdue`, tone: "red", overdue: true };
  if (n === 0) return { text: "Review due today", tone: "orange", overdue: false };
  if (n === 1) return { text: "Review due tomorrow", tone: "yellow", overdue: false };
  return { text: `Review due in ${days(n)}`, tone: n <= 7 ? "yellow" : "grey", overdue: false };
}

export interface DueReview {
  kind: string;
  id: string;
  resident_id: string;
  description: string;
  review_on?: string | null;
  overdue: boolean;
}

/** Adjustments and restrictions due for review as one list: the most overdue first, then by
 * the date they fall due; restrictions before adjustments on the same day. */
export function mergeReviews<T extends DueReview>(...lists: T[][]): T[] {
  const all = lists.flat();
  return all.sort((a, b) => {
    const da = a.review_on ?? "9999-12-31";
    const db = b.review_on ?? "9999-12-31";
    if (da !== db) return da < db ? -1 : 1;
    if (a.kind !== b.kind) return a.kind === "restriction" ? -1 : 1;
    return a.description.localeCompare(b.description);
  });
}

/** The ids of the residents a list names, each once, in order. */
export function distinctIds(ids: (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const id of ids) if (id && !out.includes(id)) out.push(id);
  return out;
}
