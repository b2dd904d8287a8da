/** The annual complaints performance and service improvement report (Code 8.1, 8.2): its
 * narrative by section, and what must be done before a landlord admin can publish it. The
 * server decides; this only tells the admin ahead of trying. */

import { financialYearEnded, financialYearLabel } from "./periods";
import { NARRATIVE_SECTIONS } from "./words";

/** The text of a narrative section ("" when the report has none). */
export function narrativeText(narrative: { section: string; text: string }[], section: string): string {
  return narrative.find((n) => n.section === section)?.text ?? "";
}

/** Every section's text, in the report's order, for the forms. */
export function narrativeDrafts(narrative: { section: string; text: string }[]): Record<string, string> {
  return Object.fromEntries(NARRATIVE_SECTIONS.map((s) => [s, narrativeText(narrative, s)]));
}

export interface ReportState {
  year: number;
  status: string;
  governing_body_response?: string | null;
  self_assessment?: { status: string } | null;
}

/** What still stands in the way of publishing, in words; empty when nothing does. */
export function publishBlockers(report: ReportState, today: string): string[] {
  if (report.status === "published") return [];
  const out: string[] = [];
  if (!financialYearEnded(report.year, today)) out.push(`The year ${financialYearLabel(report.year)} has not ended yet`);
  if (!report.governing_body_response?.trim()) out.push("The governing body has not recorded its response");
  const sa = report.self_assessment;
  if (!sa || !["approved", "published"].includes(sa.status)) out.push("The year's self-assessment has not been approved");
  return out;
}
