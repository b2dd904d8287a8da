/** The dashboard's charts as data: one shape that both the chart and its table are drawn
 * from, so the two always show the same figures. */

import { ageBandLabel, number, partialMonth } from "./figures";

const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

/** `2025-04` as "April 2025", or "Apr 2025" when short. */
export function monthLabel(ym: string, short = false): string {
  const m = /^(\d{4})-(\d{2})$/.exec(ym);
  const name = m ? MONTHS[Number(m[2]) - 1] : undefined;
  if (!m || !name) return ym;
  return `${short ? name.slice(0, 3) : name} ${m[1]}`;
}

/** `count / of` as a percentage to one decimal place, or null when `of` is 0. */
export function ratePct(count: number, of: number): number | null {
  if (of <= 0) return null;
  return Math.round((count * 1000) / of) / 10;
}

export interface Series {
  name: string;
  values: (number | null)[];
}

export interface ChartData {
  /** The chart's heading and the table's caption. */
  title: string;
  /** What the numbers are: counts, or percentages (0–100). */
  unit: "count" | "percent";
  /** Short labels along the axis. */
  labels: string[];
  /** The same in full, for the table's rows. */
  rowLabels: string[];
  /** What the first column of the table holds. */
  rowHeader: string;
  series: Series[];
  /** The table's cells, row by row, one per series. */
  cells: string[][];
}

/** The fields of a month the charts read (the API's `Month`). */
export interface MonthFigures {
  month: string;
  stage1_received: number;
  stage2_received: number;
  stage1_acknowledged: number;
  stage1_acknowledged_in_time: number;
  stage1_responded: number;
  stage1_responded_in_time: number;
  stage2_responded: number;
  stage2_responded_in_time: number;
  excluded: number;
}

/** Complaints received each month, by stage. */
/** A month's labels, the month the period ends in marked as partial when it is not over. */
function monthLabels(monthly: MonthFigures[], periodTo?: string): { labels: string[]; rowLabels: string[] } {
  const partial = (m: MonthFigures) => !!periodTo && partialMonth(m.month, periodTo);
  return {
    labels: monthly.map((m) => `${monthLabel(m.month, true)}${partial(m) ? " (part)" : ""}`),
    rowLabels: monthly.map((m) => `${monthLabel(m.month)}${partial(m) ? ` (partial: to ${Number(periodTo?.slice(8))} ${monthLabel(m.month, true).split(" ")[0]})` : ""}`),
  };
}

export function receivedChart(monthly: MonthFigures[], periodTo?: string): ChartData {
  const series: Series[] = [
    { name: "Stage 1", values: monthly.map((m) => m.stage1_received) },
    { name: "Stage 2", values: monthly.map((m) => m.stage2_received) },
  ];
  return {
    title: "Complaints received each month",
    unit: "count",
    ...monthLabels(monthly, periodTo),
    rowHeader: "Month",
    series,
    cells: monthly.map((m) => [number(m.stage1_received), number(m.stage2_received)]),
  };
}

function rateCell(count: number, of: number): string {
  const pct = ratePct(count, of);
  return pct === null ? "None" : `${pct.toFixed(1)}% (${number(count)} of ${number(of)})`;
}

/** The share acknowledged and responded to in time each month. A month with nothing to
 * count has a gap in the line, not a zero. */
export function inTimeChart(monthly: MonthFigures[], periodTo?: string): ChartData {
  const series: Series[] = [
    {
      name: "Stage 1 acknowledged in time",
      values: monthly.map((m) => ratePct(m.stage1_acknowledged_in_time, m.stage1_acknowledged)),
    },
    {
      name: "Stage 1 responded to in time",
      values: monthly.map((m) => ratePct(m.stage1_responded_in_time, m.stage1_responded)),
    },
    {
      name: "Stage 2 responded to in time",
      values: monthly.map((m) => ratePct(m.stage2_responded_in_time, m.stage2_responded)),
    },
  ];
  return {
    title: "Acknowledged and responded to in time each month",
    unit: "percent",
    ...monthLabels(monthly, periodTo),
    rowHeader: "Month",
    series,
    cells: monthly.map((m) => [
      rateCell(m.stage1_acknowledged_in_time, m.stage1_acknowledged),
      rateCell(m.stage1_responded_in_time, m.stage1_responded),
      rateCell(m.stage2_responded_in_time, m.stage2_responded),
    ]),
  };
}

/** Complaints open today by how long their current stage has run. */
export function ageingChart(ageing: { band: string; count: number }[]): ChartData {
  return {
    title: "Open complaints by age",
    unit: "count",
    labels: ageing.map((a) => a.band.replace("over ", "> ")),
    rowLabels: ageing.map((a) => ageBandLabel(a.band)),
    rowHeader: "Working days since the stage began",
    series: [{ name: "Open complaints", values: ageing.map((a) => a.count) }],
    cells: ageing.map((a) => [number(a.count)]),
  };
}

/** Whether a chart has anything to draw. */
export function hasFigures(chart: ChartData): boolean {
  return chart.series.some((s) => s.values.some((v) => v !== null && v !== 0));
}

/** A sentence naming the chart for assistive technology, pointing to the table. */
export function chartDescription(chart: ChartData, kind: "bar" | "line"): string {
  const what = kind === "bar" ? "Bar chart" : "Line chart";
  const of = chart.series.map((s) => s.name).join(", ");
  const over = chart.rowLabels.length > 1 ? `, ${chart.rowLabels[0]} to ${chart.rowLabels[chart.rowLabels.length - 1]}` : "";
  return `${what}: ${chart.title.toLowerCase()} (${of}${over}). The figures are in the table that follows.`;
}
