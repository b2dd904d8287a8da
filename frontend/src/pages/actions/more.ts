import type { ComponentType, ReactNode } from "react";
import type { ActionProps } from "./ActionFrame";
import { AdditionalComplaint } from "./Additional";
import { AttachFile } from "./Attach";
import { Close } from "./Close";
import { ConsentEvidence } from "./Consent";
import { RecordCorrespondence } from "./Correspondence";
import { KeepInformedEnd, KeepInformedSet } from "./KeepInformed";
import { OmbudsmanAnswer, OmbudsmanDetermination, OmbudsmanOrder, OmbudsmanReferral, OmbudsmanRequest } from "./Ombudsman";
import { RefuseEscalation } from "./RefuseEscalation";
import { UpdateOutstandingAction, UpdateRemedy } from "./Remedy";
import { TrackingLink } from "./TrackingLink";

/** The case pages beyond the stage actions, each reached as
 * `/l/{slug}/complaints/{id}/{action}` like those (an item of the record named in the query:
 * `remedy?remedy=`, `outstanding-action?action=`, `ombudsman-order?order=`, `ombudsman-answer?request=`). Every name is one
 * of `CaseAction` in `src/lib/actions.ts`, which says who may do what. Each is a function
 * component, so the map spreads into App's `ACTIONS` as it is. */
export const MORE_ACTIONS: Record<string, ComponentType<ActionProps> & ((p: ActionProps) => ReactNode)> = {
  "refuse-escalation": RefuseEscalation,
  close: Close,
  "keep-informed": KeepInformedSet,
  "stop-updates": KeepInformedEnd,
  correspondence: RecordCorrespondence,
  attach: AttachFile,
  additional: AdditionalComplaint,
  ombudsman: OmbudsmanReferral,
  "ombudsman-determination": OmbudsmanDetermination,
  "ombudsman-order": OmbudsmanOrder,
  "ombudsman-request": OmbudsmanRequest,
  "ombudsman-answer": OmbudsmanAnswer,
  remedy: UpdateRemedy,
  "outstanding-action": UpdateOutstandingAction,
  consent: ConsentEvidence,
  "tracking-link": TrackingLink,
};
