/** Early warning signals (Code 9.4, 9.5), as the portal names and quotes them. */

const KIND: Record<string, string> = {
  theme: "A rising theme",
  repeat_complainant: "A repeat complainant",
  overdue_action: "The same action overdue on several complaints",
  possible_complaint: "A service request that may be a complaint",
  self_assessment_drift: "A self-assessment answer the figures no longer bear out",
};

/** The heading of a signal's card. */
export function signalKindLabel(kind: string): string {
  return KIND[kind] ?? kind.replace(/_/g, " ");
}

/** What a signal found, as a learning entry may say it: a repeat complainant is not named,
 * since the MRC and the governing body read the entry. */
export function signalForLearning(s: { kind: string; sentence: string; cases: unknown[] }): string {
  return s.kind === "repeat_complainant" ? `A resident has made ${s.cases.length} complaints in 12 months.` : s.sentence;
}
