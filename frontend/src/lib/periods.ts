/** Periods for the oversight pages: financial years (1 April to 31 March, named by the
 * calendar year they start in, as the API names them), quarters and months, all as ISO dates
 * in UK time. */

import { longDate } from "./deadlines";

export interface Period {
  from: string;
  to: string;
}

export type PresetId = "this-year" | "last-year" | "last-quarter" | "last-month";

export interface Preset extends Period {
  id: PresetId;
  label: string;
}

/** Today in Europe/London as YYYY-MM-DD. */
export function londonToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(now);
}

function parts(iso: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not a date: ${iso}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** The last day of month `m` (1–12) of year `y`. */
export function lastDayOfMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The financial year a date falls in, by the calendar year it starts in. */
export function financialYearOf(date: string): number {
  const [y, m] = parts(date);
  return m >= 4 ? y : y - 1;
}

/** 1 April `year` to 31 March `year + 1`. */
export function financialYear(year: number): Period {
  return { from: iso(year, 4, 1), to: iso(year + 1, 3, 31) };
}

/** "2025 to 2026", the GOV.UK way of naming a financial year. */
export function financialYearLabel(year: number): string {
  return `${year} to ${year + 1}`;
}

/** The quarter (January–March, April–June, …) before the one `today` is in. */
export function lastQuarter(today: string): Period {
  const [y, m] = parts(today);
  const startOfThis = Math.floor((m - 1) / 3) * 3 + 1;
  const startMonth = startOfThis === 1 ? 10 : startOfThis - 3;
  const year = startOfThis === 1 ? y - 1 : y;
  const endMonth = startMonth + 2;
  return { from: iso(year, startMonth, 1), to: iso(year, endMonth, lastDayOfMonth(year, endMonth)) };
}

/** The calendar month before the one `today` is in. */
export function lastMonth(today: string): Period {
  const [y, m] = parts(today);
  const month = m === 1 ? 12 : m - 1;
  const year = m === 1 ? y - 1 : y;
  return { from: iso(year, month, 1), to: iso(year, month, lastDayOfMonth(year, month)) };
}

/** The periods offered on the dashboard. This financial year runs to today. */
export function presets(today: string): Preset[] {
  const fy = financialYearOf(today);
  const last = financialYear(fy - 1);
  return [
    { id: "this-year", label: `This financial year (${financialYearLabel(fy)}) to date`, from: financialYear(fy).from, to: today },
    { id: "last-year", label: `Last financial year (${financialYearLabel(fy - 1)})`, ...last },
    { id: "last-quarter", label: "Last quarter", ...lastQuarter(today) },
    { id: "last-month", label: "Last month", ...lastMonth(today) },
  ];
}

/** Which preset a period is, or "custom". */
export function presetOf(period: Period, today: string): PresetId | "custom" {
  return presets(today).find((p) => p.from === period.from && p.to === period.to)?.id ?? "custom";
}

/** "1 April 2025 to 31 March 2026". */
export function periodLabel(p: Period): string {
  return p.from === p.to ? longDate(p.from) : `${longDate(p.from)} to ${longDate(p.to)}`;
}

/** The period a page's address names, or this financial year to date when it names none
 * (the API's own default). A half-given or malformed period is returned as it is, for the
 * server to refuse. */
export function periodFromQuery(query: URLSearchParams, today: string): Period {
  const from = query.get("from");
  const to = query.get("to");
  if (!from && !to) return { from: financialYear(financialYearOf(today)).from, to: today };
  return { from: from ?? financialYear(financialYearOf(today)).from, to: to ?? today };
}

/** The financial years offered by a year picker: the current one and `back` before it, newest first. */
export function recentFinancialYears(today: string, back = 5): number[] {
  const fy = financialYearOf(today);
  return Array.from({ length: back + 1 }, (_, i) => fy - i);
}

/** Whether a financial year has ended by `today`. */
export function financialYearEnded(year: number, today: string): boolean {
  return financialYear(year).to < today;
}

/** The year in a page's address, or null when it is not one. */
export function yearOf(text: string): number | null {
  return /^\d{4}$/.test(text) ? Number(text) : null;
}
