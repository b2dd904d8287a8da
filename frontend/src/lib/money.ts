/** "150", "75.50", "£1,200" as pence; null when it is not an amount of money. */
export function penceFromPounds(text: string): number | null {
  const t = text.trim().replace(/^£/, "").replace(/,/g, "");
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ""] = t.split(".");
  const pence = Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  return Number.isSafeInteger(pence) ? pence : null;
}

/** What a part of a financial award is for, in the order the form asks (the server's list):
 * the Ombudsman's remedies guidance looks at each failing on its own. */
export const FAILINGS = ["service", "complaint_handling", "time_and_trouble", "distress_and_inconvenience", "other"] as const;

const FAILING_LABEL: Record<string, string> = {
  service: "For the service failure complained of (for example, the repair)",
  complaint_handling: "For how the complaint was handled",
  time_and_trouble: "For the resident's time and trouble",
  distress_and_inconvenience: "For distress and inconvenience",
  other: "For anything else",
};

const FAILING_WORDS: Record<string, string> = {
  service: "the service failure",
  complaint_handling: "complaint handling",
  time_and_trouble: "time and trouble",
  distress_and_inconvenience: "distress and inconvenience",
  other: "other failings",
};

/** The form's label for a part of an award. */
export function failingLabel(f: string): string {
  return FAILING_LABEL[f] ?? f;
}

/** Completes "£200.00 for …", as letters say it. */
export function failingInWords(f: string): string {
  return FAILING_WORDS[f] ?? f.replace(/_/g, " ");
}

export interface AwardPart {
  failing: string;
  amount_pence: number;
}

/** An award with its parts, as letters put it: "£700.00 (£500.00 for the service failure and
 * £200.00 for complaint handling)"; just the amount when it is not split. */
export function awardInWords(amountPence: number, parts: readonly AwardPart[], pounds: (p: number) => string): string {
  const total = pounds(amountPence);
  if (parts.length < 2) return total;
  const each = parts.map((p) => `${pounds(p.amount_pence)} for ${failingInWords(p.failing)}`);
  return `${total} (${each.slice(0, -1).join(", ")} and ${each[each.length - 1]})`;
}

/** The parts typed in the response form, failing by failing: those filled in as parts, and
 * the failings whose amount is not money. Together, the parts must make the award. */
export function partsOf(typed: Readonly<Record<string, string>>): { parts: AwardPart[]; bad: string[] } {
  const parts: AwardPart[] = [];
  const bad: string[] = [];
  for (const f of FAILINGS) {
    const text = (typed[f] ?? "").trim();
    if (!text) continue;
    const pence = penceFromPounds(text);
    if (pence === null || pence === 0) bad.push(f);
    else parts.push({ failing: f, amount_pence: pence });
  }
  return { parts, bad };
}
