/** How a deadline is put into words (docs/rules.md, "Working days and deadlines": "due in N
 * working days", "N working days overdue"), and which GOV.UK tag colour goes with it. */

export type DeadlineTone = "red" | "orange" | "yellow" | "grey";

export interface DeadlineWords {
  text: string;
  tone: DeadlineTone;
  overdue: boolean;
}

function days(n: number): string {
  return n === 1 ? "1 working day" : `${n} working days`;
}

/** `left` is the server's `working_days_left`: 0 on the day, negative when overdue. */
export function deadlineWords(left: number | null | undefined, overdue = false): DeadlineWords | null {
  if (left === null || left === undefined) return null;
  if (left < 0 || overdue) {
    const late = Math.max(-left, 0);
    return { text: late === 0 ? "Overdue" : `${days(late)} overdue`, tone: "red", overdue: true };
  }
  if (left === 0) return { text: "Due today", tone: "orange", overdue: false };
  return {
    text: `Due in ${days(left)}`,
    tone: left <= 2 ? "yellow" : "grey",
    overdue: false,
  };
}

const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function parseIsoDate(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `2024-12-20` as "20 December 2024" (the GOV.UK style for dates). */
export function longDate(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = parseIsoDate(iso);
  if (!d) return iso;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** `2024-12-20` as "Friday 20 December 2024". */
export function longDateWithDay(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = parseIsoDate(iso);
  if (!d) return iso;
  return `${WEEKDAYS[d.getUTCDay()]} ${longDate(iso)}`;
}

/** A timestamp as "20 December 2024 at 3:05pm", in UK time. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
    hour12: true,
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("day")} ${get("month")} ${get("year")} at ${get("hour")}:${get("minute")}${get("dayPeriod").toLowerCase().replace(/\s/g, "")}`;
}

export interface SkippedDay {
  date: string;
  reason: string;
}

/** How a deadline was computed, in a sentence: "5 working days after Friday 20 December 2024,
 * skipping 6 days: ...". */
export function explainDeadline(from: string, workingDays: number, skipped: SkippedDay[]): string {
  const base = `${days(workingDays)} after ${longDateWithDay(from)}`;
  if (skipped.length === 0) return `${base}, with no days skipped.`;
  const n = skipped.length === 1 ? "1 day" : `${skipped.length} days`;
  return `${base}, skipping ${n} that are not working days.`;
}

/** How many working days lie between `from` and `due`: the calendar days after `from` up to
 * `due`, less those the server says it skipped. */
export function workingDaysBetween(from: string, due: string, skipped: SkippedDay[]): number | null {
  const a = parseIsoDate(from);
  const b = parseIsoDate(due);
  if (!a || !b) return null;
  const calendarDays = Math.round((b.getTime() - a.getTime()) / 86_400_000);
  const inRange = skipped.filter((s) => s.date > from && s.date <= due).length;
  return calendarDays - inRange;
}

/** A date typed into the GOV.UK date input: "" when left empty, an ISO date when real, or
 * null when partly filled in or not a real date. */
export function isoFromParts(day: string, month: string, year: string): string | null | "" {
  const d = day.trim();
  const m = month.trim();
  const y = year.trim();
  if (d === "" && m === "" && y === "") return "";
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) {
    return null;
  }
  return `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
}

/** Today in England as `YYYY-MM-DD`: the day the server counts from. */
export function todayInLondon(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(now);
}

/** Whether a date typed into the GOV.UK date input is a real date before `today` (an ISO
 * date, as `todayInLondon` gives): an action recorded as done earlier, whose letter may
 * already have gone to the resident. Blank, partly filled in or not real: false. */
export function isBeforeToday(parts: { day: string; month: string; year: string }, today: string): boolean {
  const iso = isoFromParts(parts.day, parts.month, parts.year);
  return iso !== null && iso !== "" && iso < today;
}

/** The words for the limit on extensions, as the number is typed (Code 6.4, 6.15). */
export function extensionLimitWords(stage: number, used: number, adding: number, limit: number): string {
  const total = used + adding;
  const provision = stage === 1 ? "6.4" : "6.15";
  if (total <= limit) {
    return `That makes ${total} of the ${limit} working days stage ${stage} may be extended by without more (Code ${provision}).`;
  }
  return `That makes ${total} working days in all, more than the ${limit} stage ${stage} may be extended by without more: say there is a good reason and explain it in at least 80 characters (Code ${provision}).`;
}
