/** The resident's view of their complaint (docs/rules.md, "What residents can do online"):
 * each stage's dates as rows of words, what to do next. */

import { longDate } from "./deadlines";
import { residentDecisionLabel } from "./words";

export interface TrackedStageLike {
  stage: number;
  requested_on: string;
  acknowledge_by: string;
  acknowledged_on?: string | null;
  respond_by?: string | null;
  responded_on?: string | null;
  decision?: string | null;
}

/** A stage as rows of a summary list: asked, acknowledged (or by when), answered (or by when)
 * and the outcome. */
export function stageRows(s: TrackedStageLike): { key: string; value: string }[] {
  const rows = [{ key: s.stage === 1 ? "Complaint received" : "Stage 2 asked for", value: longDate(s.requested_on) }];
  rows.push(
    s.acknowledged_on
      ? { key: "Acknowledged", value: longDate(s.acknowledged_on) }
      : { key: "We will acknowledge it by", value: longDate(s.acknowledge_by) },
  );
  if (s.responded_on) rows.push({ key: "Response sent", value: longDate(s.responded_on) });
  else if (s.respond_by) rows.push({ key: "We will respond by", value: longDate(s.respond_by) });
  else rows.push({ key: "We will respond by", value: "We will tell you when we acknowledge it" });
  if (s.decision) rows.push({ key: "Outcome", value: residentDecisionLabel(s.decision) });
  return rows;
}

/** The tracking token from the path `/p/{slug}/track/{token}`. */
export function trackHref(slug: string, token: string): string {
  return `/p/${encodeURIComponent(slug)}/track/${encodeURIComponent(token)}`;
}
