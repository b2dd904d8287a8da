/** The vocabulary and small rules of the case record beyond the stage actions: remedies and
 * outstanding actions (Code 6.6, 7.x), keeping the resident informed (5.9), correspondence and
 * files (5.12), the Ombudsman (9.7c), and the platform's landlords (docs/roles.md, "The
 * platform admin"). */

import { humanise } from "./words";

function labeller(words: Record<string, string>): (value: string | null | undefined) => string {
  return (value) => (value ? (words[value] ?? humanise(value)) : "");
}

const REMEDY_STATUS: Record<string, string> = {
  offered: "Offered",
  in_progress: "In progress",
  completed: "Completed",
  declined: "Declined by the resident",
};
export const REMEDY_STATUSES = Object.keys(REMEDY_STATUS);
export const remedyStatusLabel = labeller(REMEDY_STATUS);

const ACTION_STATUS: Record<string, string> = {
  open: "Not started",
  in_progress: "In progress",
  completed: "Done",
};
export const ACTION_STATUSES = Object.keys(ACTION_STATUS);
export const actionStatusLabel = labeller(ACTION_STATUS);

/** The tag colour of a remedy's, an action's or an order's status. */
export function itemStatusTag(status: string, overdue = false): string {
  if (overdue) return "govuk-tag--red";
  if (status === "completed" || status === "complied") return "govuk-tag--green";
  if (status === "declined" || status === "not_complied") return "govuk-tag--grey";
  if (status === "in_progress") return "govuk-tag--light-blue";
  return "govuk-tag--yellow";
}

const DETERMINATION: Record<string, string> = {
  no_maladministration: "No maladministration",
  service_failure: "Service failure",
  maladministration: "Maladministration",
  severe_maladministration: "Severe maladministration",
  outside_jurisdiction: "Outside the Ombudsman's jurisdiction",
  withdrawn: "Withdrawn",
};
export const DETERMINATIONS = Object.keys(DETERMINATION);
export const determinationLabel = labeller(DETERMINATION);

/** Determinations with findings, which orders or recommendations can follow; an order only
 * follows a finding of fault (service failure or maladministration). */
export function ordersAllowed(determination: string | null | undefined): { orders: boolean; recommendations: boolean } {
  if (!determination || determination === "outside_jurisdiction" || determination === "withdrawn") {
    return { orders: false, recommendations: false };
  }
  return { orders: determination !== "no_maladministration", recommendations: true };
}

const ORDER_KIND: Record<string, string> = { order: "Order", recommendation: "Recommendation" };
export const ORDER_KINDS = Object.keys(ORDER_KIND);
export const orderKindLabel = labeller(ORDER_KIND);

const ORDER_STATUS: Record<string, string> = {
  open: "Not yet complied with",
  complied: "Complied with",
  not_complied: "Not complied with",
};
export const ORDER_STATUSES = Object.keys(ORDER_STATUS);
export const orderStatusLabel = labeller(ORDER_STATUS);

const CHANNEL: Record<string, string> = {
  email: "Email",
  letter: "Letter",
  phone: "Phone call",
  in_person: "In person",
  online: "Online",
  text: "Text message",
  other: "Other",
};
export const CORRESPONDENCE_CHANNELS = Object.keys(CHANNEL);
export const correspondenceChannelLabel = labeller(CHANNEL);

const LANDLORD_KIND: Record<string, string> = {
  local_authority: "Local authority (council)",
  housing_association: "Housing association",
  almo: "Arm's-length management organisation (ALMO)",
  other: "Other social landlord",
};
export const LANDLORD_KINDS = Object.keys(LANDLORD_KIND);
export const landlordKindLabel = labeller(LANDLORD_KIND);

const LANDLORD_STATUS: Record<string, { label: string; tag: string }> = {
  onboarding: { label: "Onboarding", tag: "govuk-tag--yellow" },
  active: { label: "Active", tag: "govuk-tag--green" },
  suspended: { label: "Suspended", tag: "govuk-tag--red" },
};
export function landlordStatusLabel(status: string): string {
  return LANDLORD_STATUS[status]?.label ?? humanise(status);
}
export function landlordStatusTag(status: string): string {
  return LANDLORD_STATUS[status]?.tag ?? "govuk-tag--grey";
}

/** A slug as the server accepts one: lower-case letters, digits and single hyphens. */
export function looksLikeSlug(slug: string): boolean {
  return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug);
}

/** A suggested slug for a landlord's name: "St Mungo's Homes" -> "st-mungos-homes". */
export function slugFromName(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/['’]/g, "")
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** A file's size as people read it: "512 bytes", "14 KB", "2.5 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? "" : "s"}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1).replace(/\.0$/, "") : Math.round(mb)} MB`;
}

/** What a remedy's or an outstanding action's form changed, for the PATCH: only the fields
 * whose value differs. `clearable` fields send null when emptied (a remedy's due date and
 * owner); others are left out when empty (an action's owner and due date are required). */
export interface ItemDraft {
  status: string;
  due_on: string | null;
  owner: string;
  completed_on: string | null;
}

export interface ItemNow {
  status: string;
  due_on?: string | null;
  owner?: string | null;
}

export function itemChanges(
  now: ItemNow,
  draft: ItemDraft,
  clearable: boolean,
): { status?: string; due_on?: string | null; owner?: string | null; completed_on?: string | null } {
  const out: { status?: string; due_on?: string | null; owner?: string | null; completed_on?: string | null } = {};
  if (draft.status && draft.status !== now.status) out.status = draft.status;
  if ((draft.due_on ?? null) !== (now.due_on ?? null) && (draft.due_on || clearable)) out.due_on = draft.due_on;
  const owner = draft.owner.trim();
  if (owner !== (now.owner ?? "").trim() && (owner || clearable)) out.owner = owner || null;
  if (draft.status === "completed" && draft.completed_on && (out.status || now.status === "completed")) {
    out.completed_on = draft.completed_on;
  }
  return out;
}

/** Everyone who handled stage 1 according to the complaint and its timeline: the handler it
 * was allocated to and whoever recorded its response (Code 6.13). */
export function stage1People(
  handlerId: string | null | undefined,
  events: readonly { kind: string; stage?: number | null; actor_id?: string | null }[] | null,
): string[] {
  const people = new Set<string>();
  if (handlerId) people.add(handlerId);
  for (const e of events ?? []) {
    if (e.kind === "responded" && e.stage === 1 && e.actor_id) people.add(e.actor_id);
  }
  return [...people];
}
