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
