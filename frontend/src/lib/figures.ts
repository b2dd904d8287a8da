/** The dashboard's figures in words: what each drill-down lists, rates and numbers as people
 * read them. */

import { humanise } from "./words";

/** The complaints behind each figure that has a drill-down (docs/METRICS.md). */
const FIGURE: Record<string, { title: string; now?: boolean }> = {
  stage1_received: { title: "Stage 1 complaints received" },
  stage2_received: { title: "Stage 2 complaints received" },
  stage1_acknowledged_late: { title: "Stage 1 complaints acknowledged late" },
  stage2_acknowledged_late: { title: "Stage 2 complaints acknowledged late" },
  stage1_responded: { title: "Stage 1 responses" },
  stage2_responded: { title: "Stage 2 responses" },
  stage1_responded_late: { title: "Stage 1 responses sent late" },
  stage2_responded_late: { title: "Stage 2 responses sent late" },
  excluded: { title: "Complaints not accepted and escalations refused" },
  open: { title: "Complaints open today", now: true },
  overdue: { title: "Complaints overdue today", now: true },
};

export function figureTitle(figure: string): string | null {
  return FIGURE[figure]?.title ?? null;
}

/** Whether a figure is counted today rather than over the period. */
export function figureIsNow(figure: string): boolean {
  return FIGURE[figure]?.now ?? false;
}

/**
 * The portal's page for a drill-down address the API gives
 * (`/api/v1/landlords/{slug}/dashboard/cases?figure=…&from=…&to=…`), or null when the address
 * is not one.
 */
export function drillDownHref(slug: string, apiAddress: string | null | undefined): string | null {
  if (!apiAddress) return null;
  const url = new URL(apiAddress, "http://portal.invalid");
  if (!/\/dashboard\/cases$/.test(url.pathname)) return null;
  const figure = url.searchParams.get("figure");
  if (!figure) return null;
  const q = new URLSearchParams({ figure });
  for (const k of ["from", "to"]) {
    const v = url.searchParams.get(k);
    if (v) q.set(k, v);
  }
  return `/l/${encodeURIComponent(slug)}/dashboard/cases?${q.toString()}`;
}

export interface Rate {
  count: number;
  of: number;
  pct?: number | null;
}

/** A rate as "83.3%", or "No figure" when there is nothing to divide by. */
export function percent(rate: Rate | number | null | undefined): string {
  const pct = typeof rate === "number" || rate == null ? rate : rate.pct;
  if (pct == null) return "No figure";
  return `${pct.toFixed(1)}%`;
}

/** "5 of 6". */
export function countOf(rate: Rate): string {
  return `${number(rate.count)} of ${number(rate.of)}`;
}

/** 12000 as "12,000". */
export function number(n: number): string {
  return n.toLocaleString("en-GB");
}

/** A rate per 1,000 homes to two places, or "No figure" when no homes are recorded. */
export function per1000(v: number | null | undefined): string {
  return v == null ? "No figure" : v.toFixed(2);
}

const DETERMINATION: Record<string, string> = {
  no_maladministration: "No maladministration",
  service_failure: "Service failure",
  maladministration: "Maladministration",
  severe_maladministration: "Severe maladministration",
  outside_jurisdiction: "Outside the Ombudsman's jurisdiction",
  withdrawn: "Withdrawn",
};

export function determinationLabel(d: string): string {
  return DETERMINATION[d] ?? humanise(d);
}

const TENURE: Record<string, string> = {
  low_cost_rental: "Low-cost rental",
  low_cost_home_ownership: "Low-cost home ownership",
  not_recorded: "Tenure not recorded",
};

export function tenureLabel(t: string): string {
  return TENURE[t] ?? humanise(t);
}

const AGE_BAND: Record<string, string> = {
  "0-5": "0 to 5 working days",
  "6-10": "6 to 10 working days",
  "11-20": "11 to 20 working days",
  "21-40": "21 to 40 working days",
  "over 40": "Over 40 working days",
};

export function ageBandLabel(band: string): string {
  return AGE_BAND[band] ?? band;
}

/** One thing on the dashboard an MRC should ask about, and where its figures are. */
export interface AreaToQuestion {
  text: string;
  /** An anchor on the page, or the complaints behind the figure. */
  href: string;
}

interface DashboardLike {
  to: string;
  figures: {
    stage1: { outcomes: Record<string, number | undefined>; responded_in_time: Rate };
    stage2: { outcomes: Record<string, number | undefined>; responded_in_time: Rate };
    ombudsman: {
      orders: { overdue: number };
      recommendations: { overdue: number };
      information_requests?: { overdue: number; answered_late: number };
    };
    learning: { identified: number };
    now: { overdue: number };
  };
  monthly: { month: string; stage1_responded: number; stage1_responded_in_time: number }[];
  restrictions: { overdue: number };
  adjustments: { overdue: number };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${number(n)} ${n === 1 ? one : many}`;
}

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function monthName(ym: string): string {
  const [y, m] = ym.split("-");
  return `${MONTH_NAMES[Number(m) - 1] ?? ym} ${y}`;
}

/** Whether the period ends before the last day of `ym` (the month is not yet complete). */
export function partialMonth(ym: string, periodTo: string): boolean {
  const [y, m] = ym.split("-").map(Number);
  if (!y || !m) return false;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return periodTo < `${ym}-${String(last).padStart(2, "0")}` && periodTo.startsWith(ym);
}

/** What the figures give an MRC to challenge, the most pressing first: Ombudsman orders
 * overdue, complaints past their deadline today, reviews overdue, learning far below the
 * complaints upheld, and a fall in stage 1 responses sent in time between the last two full
 * months. Empty when nothing stands out. */
export function areasToQuestion(d: DashboardLike, drill: (figure: string) => string | null = () => null): AreaToQuestion[] {
  const f = d.figures;
  const out: AreaToQuestion[] = [];
  if (f.ombudsman.orders.overdue > 0) {
    out.push({
      text: `${plural(f.ombudsman.orders.overdue, "order")} of the Ombudsman past ${f.ombudsman.orders.overdue === 1 ? "its" : "their"} due date and not complied with`,
      href: "#ombudsman-heading",
    });
  }
  if (f.ombudsman.recommendations.overdue > 0) {
    out.push({ text: `${plural(f.ombudsman.recommendations.overdue, "recommendation")} of the Ombudsman overdue`, href: "#ombudsman-heading" });
  }
  // A late answer to the Ombudsman can lead to a complaint handling failure order.
  const requests = f.ombudsman.information_requests;
  if (requests && requests.overdue > 0) {
    out.push({
      text: `${plural(requests.overdue, "request")} for information from the Ombudsman past ${requests.overdue === 1 ? "its" : "their"} date and not answered`,
      href: "#ombudsman-heading",
    });
  }
  if (requests && requests.answered_late > 0) {
    out.push({
      text: `${plural(requests.answered_late, "request")} for information from the Ombudsman answered late`,
      href: "#ombudsman-heading",
    });
  }
  if (f.now.overdue > 0) {
    out.push({ text: `${plural(f.now.overdue, "complaint")} past the acknowledgement or response deadline today`, href: drill("overdue") ?? "#now-heading" });
  }
  if (d.restrictions.overdue > 0) {
    out.push({ text: `${plural(d.restrictions.overdue, "restriction")} past the review date (Code 5.14)`, href: "#reviews-heading" });
  }
  if (d.adjustments.overdue > 0) {
    out.push({ text: `${plural(d.adjustments.overdue, "reasonable adjustment")} past the review date (Code 5.10)`, href: "#reviews-heading" });
  }
  const upheld = (["stage1", "stage2"] as const).reduce(
    (n, s) => n + (f[s].outcomes.upheld ?? 0) + (f[s].outcomes.partly_upheld ?? 0),
    0,
  );
  if (upheld >= 5 && f.learning.identified * 10 < upheld) {
    out.push({
      text: `${plural(f.learning.identified, "learning entry", "learning entries")} recorded against ${plural(upheld, "complaint")} upheld or partly upheld (Code 9.1 to 9.3)`,
      href: "#learning-heading",
    });
  }
  const full = d.monthly.filter((m) => !partialMonth(m.month, d.to) && m.stage1_responded > 0);
  const [before, last] = full.slice(-2);
  if (before && last) {
    const a = (before.stage1_responded_in_time * 100) / before.stage1_responded;
    const b = (last.stage1_responded_in_time * 100) / last.stage1_responded;
    if (b < a) {
      out.push({
        text: `Stage 1 responses sent in time fell from ${a.toFixed(1)}% in ${monthName(before.month)} (${number(before.stage1_responded_in_time)} of ${number(before.stage1_responded)}) to ${b.toFixed(1)}% in ${monthName(last.month)} (${number(last.stage1_responded_in_time)} of ${number(last.stage1_responded)})`,
        href: "#trends-heading",
      });
    }
  }
  return out;
}

/** A headline figure beside the same dates a year earlier and the landlord's own target. */
export interface Comparison {
  label: string;
  /** The figure now, "82.0%" or "120", with what it is made of ("41 of 50"). */
  now: string;
  nowDetail: string | null;
  /** The same dates a year earlier, with the change in words ("up 7.0 points"); null when
   * there is no figure to compare with. */
  before: string | null;
  change: string | null;
  /** Whether the change is for the better (in time: up), for the worse, or neither. */
  direction: "better" | "worse" | "same" | null;
  /** The landlord's target as "95%", and how the figure stands against it. */
  target: string | null;
  againstTarget: string | null;
  meetsTarget: boolean | null;
  /** The sector's published figure as "79.4%", and how the figure stands against it; null
   * where the sector publishes none. */
  sector: string | null;
  againstSector: string | null;
  aboveSector: boolean | null;
}

interface StageLike {
  received: number;
  acknowledged_in_time: Rate;
  responded_in_time: Rate;
}

interface FiguresLike {
  stage1: StageLike;
  stage2: StageLike;
}

function points(a: number, b: number): string {
  const d = Math.abs(b - a);
  return `${d.toFixed(1)} ${d === 1 ? "point" : "points"}`;
}

/** The headline figures, each beside the same dates a year earlier and the landlord's target
 * (docs/METRICS.md): complaints received (neither better nor worse when they rise), and the
 * shares acknowledged and responded to in time (better when they rise). */
export function headlineComparisons(
  now: FiguresLike,
  previous: FiguresLike | null | undefined,
  targets: Record<string, number | undefined>,
  sector: Record<string, number | undefined> = {},
): Comparison[] {
  const out: Comparison[] = [];
  for (const n of [1, 2] as const) {
    const s = now[`stage${n}`];
    const p = previous?.[`stage${n}`];
    const change = p ? s.received - p.received : null;
    out.push({
      label: `Stage ${n} complaints received`,
      now: number(s.received),
      nowDetail: null,
      before: p ? number(p.received) : null,
      change: change === null ? null : change === 0 ? "no change" : `${change > 0 ? "up" : "down"} ${number(Math.abs(change))}`,
      direction: null,
      target: null,
      againstTarget: null,
      meetsTarget: null,
      sector: null,
      againstSector: null,
      aboveSector: null,
    });
  }
  for (const [key, label] of [
    ["stage1_acknowledged_in_time", "Stage 1 acknowledged in time"],
    ["stage1_responded_in_time", "Stage 1 responded to in time"],
    ["stage2_acknowledged_in_time", "Stage 2 acknowledged in time"],
    ["stage2_responded_in_time", "Stage 2 responded to in time"],
  ] as const) {
    const stage = key.startsWith("stage1") ? "stage1" : "stage2";
    const measure = key.endsWith("acknowledged_in_time") ? "acknowledged_in_time" : "responded_in_time";
    const r = now[stage][measure];
    const b = previous?.[stage][measure];
    const target = targets[key];
    const published = sector[key];
    const pct = r.pct ?? null;
    const before = b && b.pct != null ? b.pct : null;
    const direction = pct === null || before === null ? null : pct > before ? "better" : pct < before ? "worse" : "same";
    out.push({
      label,
      now: percent(r),
      nowDetail: r.of > 0 ? countOf(r) : null,
      before: b && before !== null ? `${percent(b)} (${countOf(b)})` : null,
      change:
        pct === null || before === null ? null : direction === "same" ? "no change" : `${direction === "better" ? "up" : "down"} ${points(before, pct)}`,
      direction,
      target: target == null ? null : `${target}%`,
      againstTarget:
        target == null || pct === null ? null : pct >= target ? "meets the target" : `${points(pct, target)} below the target`,
      meetsTarget: target == null || pct === null ? null : pct >= target,
      sector: published == null ? null : `${published.toFixed(1)}%`,
      againstSector:
        published == null || pct === null
          ? null
          : pct === published
            ? "the same as the sector"
            : `${points(pct, published)} ${pct > published ? "above" : "below"} the sector`,
      aboveSector: published == null || pct === null ? null : pct >= published,
    });
  }
  return out;
}

/** The headline figures that have fallen since the same dates a year earlier, or that are
 * below the landlord's target, as things to question. */
export function fallingFigures(comparisons: Comparison[]): AreaToQuestion[] {
  const out: AreaToQuestion[] = [];
  for (const c of comparisons) {
    if (c.meetsTarget === false) {
      out.push({ text: `${c.label} is ${c.now}${c.nowDetail ? ` (${c.nowDetail})` : ""}, ${c.againstTarget} of ${c.target}`, href: "#headline-heading" });
    } else if (c.direction === "worse") {
      out.push({ text: `${c.label} fell to ${c.now} from ${c.before} in the same period last year`, href: "#headline-heading" });
    } else if (c.aboveSector === false) {
      out.push({ text: `${c.label} is ${c.now}${c.nowDetail ? ` (${c.nowDetail})` : ""}, ${c.againstSector}'s ${c.sector}`, href: "#headline-heading" });
    }
  }
  return out;
}
