/** The dashboard's figures in words: what each drill-down lists, rates and numbers as people
 * read them, and the parts of the dashboard the API describes only loosely. */

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

/** The learning figures of a period (docs/METRICS.md: `learning`). */
export interface LearningFigures {
  identified: number;
  implemented: number;
  open: number;
}

export interface Compliance {
  due: number;
  complied: number;
  overdue: number;
}

/** The Ombudsman's figures of a period (docs/METRICS.md: `ombudsman`). */
export interface OmbudsmanFigures {
  referrals: number;
  determinations: { determination: string; count: number }[];
  orders: Compliance;
  recommendations: Compliance;
}

function num(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

function compliance(v: unknown): Compliance {
  const o = (v ?? {}) as Record<string, unknown>;
  return { due: num(o.due), complied: num(o.complied), overdue: num(o.overdue) };
}

/** Reads `figures.learning`, which the API document types only as an object. */
export function learningFigures(v: unknown): LearningFigures {
  const o = (v ?? {}) as Record<string, unknown>;
  return { identified: num(o.identified), implemented: num(o.implemented), open: num(o.open) };
}

/** Reads `figures.ombudsman`, which the API document types only as an object. */
export function ombudsmanFigures(v: unknown): OmbudsmanFigures {
  const o = (v ?? {}) as Record<string, unknown>;
  const determinations = Array.isArray(o.determinations)
    ? o.determinations
        .map((d) => d as Record<string, unknown>)
        .filter((d) => typeof d.determination === "string")
        .map((d) => ({ determination: d.determination as string, count: num(d.count) }))
    : [];
  return {
    referrals: num(o.referrals),
    determinations,
    orders: compliance(o.orders),
    recommendations: compliance(o.recommendations),
  };
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
