/** Which actions the case page offers: those the complaint's state and the user's role allow
 * (SPEC section 4; the server enforces the same and refuses the rest). */

export type Action = "acknowledge" | "not-accept" | "allocate" | "extend" | "respond" | "escalate";

export interface CaseFacts {
  status: string;
  /** The current stage's handler and contractor organisation. */
  handlerId?: string | null;
  contractorId?: string | null;
  /** 1 or 2. */
  stage: number;
}

export interface Caller {
  userId: string;
  role: string;
  contractorId?: string | null;
}

const TEAM = ["landlord_admin", "complaints_officer"];

/** Whether the caller may work on the current stage: the complaints team always, a handler
 * on the stage allocated to them, a contractor on its organisation's stage 1. */
export function mayWorkOn(c: CaseFacts, who: Caller): boolean {
  if (TEAM.includes(who.role)) return true;
  if (who.role === "case_handler") return c.handlerId === who.userId;
  if (who.role === "contractor") return c.stage === 1 && !!who.contractorId && c.contractorId === who.contractorId;
  return false;
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
      break;
    case "stage2_requested":
      if (work) out.push("acknowledge");
      if (team) out.push("allocate");
      break;
    case "stage2_open":
      if (work) out.push("respond", "extend");
      if (team) out.push("allocate");
      break;
    default:
      break;
  }
  return out;
}

export const ACTION_LABEL: Record<Action, string> = {
  acknowledge: "Acknowledge and define",
  "not-accept": "Do not accept",
  allocate: "Allocate",
  extend: "Extend the response deadline",
  respond: "Respond",
  escalate: "Escalate to stage 2",
};
