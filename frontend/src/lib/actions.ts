/** Which actions the case page offers: those the complaint's state and the user's role allow
 * (docs/state-machine.md, "Transitions"; the server enforces the same and refuses the rest,
 * and its refusal is
 * shown whenever it refuses). */

/** The actions of the two stages, offered as buttons at the top of the case page. */
export type Action =
  | "acknowledge"
  | "not-accept"
  | "allocate"
  | "extend"
  | "respond"
  | "escalate"
  | "refuse-escalation"
  | "close";

/** What is kept on a complaint's record beside its stage actions (Code 5.9, 5.12, 6.6, 6.8,
 * 7.x, 9.7c), each offered in its own section of the case page. */
export type RecordAction =
  | "keep-informed"
  | "stop-updates"
  | "correspondence"
  | "attach"
  | "additional"
  | "ombudsman"
  | "ombudsman-determination"
  | "ombudsman-order"
  | "ombudsman-request"
  | "ombudsman-answer"
  | "remedy"
  | "outstanding-action"
  | "consent"
  | "tracking-link";

export type CaseAction = Action | RecordAction;

/** One stage of a complaint, as far as who may work on it goes. */
export interface StageFacts {
  /** 1 or 2. */
  stage: number;
  handlerId?: string | null;
  contractorId?: string | null;
}

export interface CaseFacts extends StageFacts {
  status: string;
  /** Everyone who handled stage 1: its handler and whoever sent its response. None of them
   * may consider stage 2 (Code 6.13). */
  stage1People?: readonly (string | null | undefined)[];
  /** Whether the complaint has been referred to the Ombudsman. */
  referred?: boolean;
  /** Whether an interval for updates is agreed with the resident (Code 5.9). */
  keepInformed?: boolean;
  /** Whether someone complains for the resident, with their consent (Code 3.6). */
  representative?: boolean;
}

export interface Caller {
  userId: string;
  role: string;
  contractorId?: string | null;
}

const TEAM = ["landlord_admin", "complaints_officer"];

/** While a stage's clock runs: updates can be agreed with the resident (Code 5.9). */
export const OPEN_STATUSES = ["received", "stage1_open", "stage2_requested", "stage2_open"];

/** Once the landlord's process is over (or it refused the complaint), the Ombudsman can take it. */
export const PROCESS_OVER = ["stage2_responded", "closed", "not_accepted"];

export function isComplaintsTeam(role: string): boolean {
  return TEAM.includes(role);
}

/** Whether the caller may work on a stage: the complaints team always, a handler on the
 * stage allocated to them, a contractor on its organisation's stage 1 only. Remedies and
 * outstanding actions belong to the stage that offered them. */
export function mayWorkOnStage(s: StageFacts, who: Caller): boolean {
  if (TEAM.includes(who.role)) return true;
  if (who.role === "case_handler") return !!s.handlerId && s.handlerId === who.userId;
  if (who.role === "contractor") return s.stage === 1 && !!who.contractorId && s.contractorId === who.contractorId;
  return false;
}

/** Whether the caller may work on the current stage. */
export function mayWorkOn(c: CaseFacts, who: Caller): boolean {
  return mayWorkOnStage(c, who);
}

/** Whether the caller handled stage 1, and so may not consider stage 2 (Code 6.13). */
export function handledStage1(c: CaseFacts, who: Caller): boolean {
  return (c.stage1People ?? []).some((p) => !!p && p === who.userId);
}

export function allowedActions(c: CaseFacts, who: Caller): Action[] {
  const team = TEAM.includes(who.role);
  const work = mayWorkOn(c, who);
  const out: Action[] = [];
  switch (c.status) {
    case "received":
      if (work) out.push("acknowledge");
      if (team) out.push("allocate", "not-accept");
      break;
    case "stage1_open":
      if (work) out.push("respond", "extend");
      if (team) out.push("allocate");
      break;
    case "stage1_responded":
      if (team || (who.role === "case_handler" && work)) out.push("escalate");
      if (team) out.push("close");
      break;
    case "stage2_requested":
      if (work) out.push("acknowledge");
      if (team) out.push("allocate", "refuse-escalation");
      break;
    case "stage2_open":
      // Stage 2 is a fresh look: not by anyone who handled stage 1 (Code 6.13).
      if (work && !handledStage1(c, who)) out.push("respond");
      if (work) out.push("extend");
      if (team) out.push("allocate");
      break;
    case "stage2_responded":
      if (team) out.push("close");
      break;
    default:
      break;
  }
  return out;
}

/** The record-keeping the caller may do on the complaint as it stands (remedies, outstanding
 * actions and the Ombudsman's orders are per item: see `mayUpdateItem`). */
export function recordActions(c: CaseFacts, who: Caller): RecordAction[] {
  const team = TEAM.includes(who.role);
  const work = mayWorkOn(c, who);
  const out: RecordAction[] = [];
  if (work && OPEN_STATUSES.includes(c.status)) out.push("keep-informed");
  if (work && c.keepInformed) out.push("stop-updates");
  if (work) out.push("correspondence", "attach", "additional");
  if (work && c.representative) out.push("consent");
  if (team && !c.referred && PROCESS_OVER.includes(c.status)) out.push("ombudsman");
  if (team && c.referred) out.push("ombudsman-determination", "ombudsman-order", "ombudsman-request", "ombudsman-answer");
  return out;
}

/** Whether the caller may update a remedy or an outstanding action offered at `stage`. */
export function mayUpdateItem(stage: StageFacts, who: Caller): boolean {
  return mayWorkOnStage(stage, who);
}

/** Whether the caller may send the resident a new private tracking link: whoever may work on
 * stage 1 (the server also refuses once the tracking page has closed, a year after closing). */
export function mayReissueTrackingLink(stage1: StageFacts, who: Caller): boolean {
  return mayWorkOnStage({ ...stage1, stage: 1 }, who);
}

/** Whether the complaint as it stands lets the caller do `action`. */
export function allows(action: CaseAction, c: CaseFacts, who: Caller): boolean {
  return (allowedActions(c, who) as CaseAction[]).includes(action) || (recordActions(c, who) as CaseAction[]).includes(action);
}

export const ACTION_LABEL: Record<CaseAction, string> = {
  acknowledge: "Acknowledge and define",
  "not-accept": "Do not accept",
  allocate: "Allocate",
  extend: "Extend the response deadline",
  respond: "Respond",
  escalate: "Escalate to stage 2",
  "refuse-escalation": "Refuse escalation",
  close: "Close complaint",
  "keep-informed": "Agree how often to update the resident",
  "stop-updates": "Stop the agreed updates",
  correspondence: "Record correspondence",
  attach: "Add a file",
  additional: "Record an additional complaint",
  ombudsman: "Record a referral to the Ombudsman",
  "ombudsman-determination": "Record the Ombudsman's determination",
  "ombudsman-order": "Record compliance with an order",
  "ombudsman-request": "Record a request from the Ombudsman",
  "ombudsman-answer": "Record the answer to the Ombudsman",
  remedy: "Update a remedy",
  "outstanding-action": "Update an outstanding action",
  consent: "Upload the evidence of consent",
  "tracking-link": "Send a new tracking link",
};

/** Actions that end or refuse something, shown as warning buttons. */
export const WARNING_ACTIONS: readonly CaseAction[] = ["not-accept", "refuse-escalation", "stop-updates"];
