/** "150", "75.50", "£1,200" as pence; null when it is not an amount of money. */
export function penceFromPounds(text: string): number | null {
  const t = text.trim().replace(/^£/, "").replace(/,/g, "");
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ""] = t.split(".");
  const pence = Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  return Number.isSafeInteger(pence) ? pence : null;
}
