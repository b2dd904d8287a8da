import { describe, expect, it } from "vitest";
import { ageingChart, chartDescription, hasFigures, inTimeChart, monthLabel, ratePct, receivedChart, type MonthFigures } from "./charts";

function month(m: string, over: Partial<MonthFigures> = {}): MonthFigures {
  return {
    month: m,
    stage1_received: 0,
    stage2_received: 0,
    stage1_acknowledged: 0,
    stage1_acknowledged_in_time: 0,
    stage1_responded: 0,
    stage1_responded_in_time: 0,
    stage2_responded: 0,
    stage2_responded_in_time: 0,
    excluded: 0,
    ...over,
  };
}

describe("chart data", () => {
  it("names months in full for tables and short for axes", () => {
    expect(monthLabel("2025-04")).toBe("April 2025");
    expect(monthLabel("2026-01", true)).toBe("Jan 2026");
    expect(monthLabel("nonsense")).toBe("nonsense");
  });

  it("rounds rates to one place and has none for nothing", () => {
    expect(ratePct(5, 6)).toBe(83.3);
    expect(ratePct(2, 3)).toBe(66.7);
    expect(ratePct(1, 1)).toBe(100);
    expect(ratePct(0, 0)).toBeNull();
  });

  it("gives the chart and its table the same figures", () => {
    const c = receivedChart([month("2025-04", { stage1_received: 3, stage2_received: 1 }), month("2025-05", { stage1_received: 1200 })]);
    expect(c.labels).toEqual(["Apr 2025", "May 2025"]);
    expect(c.rowLabels).toEqual(["April 2025", "May 2025"]);
    expect(c.series).toEqual([
      { name: "Stage 1", values: [3, 1200] },
      { name: "Stage 2", values: [1, 0] },
    ]);
    expect(c.cells).toEqual([
      ["3", "1"],
      ["1,200", "0"],
    ]);
  });

  it("leaves a gap, not a zero, in a month with nothing to count", () => {
    const c = inTimeChart([
      month("2025-04", { stage1_acknowledged: 2, stage1_acknowledged_in_time: 2, stage1_responded: 1, stage1_responded_in_time: 1 }),
      month("2025-05", { stage1_acknowledged: 1, stage1_responded: 2, stage1_responded_in_time: 1 }),
    ]);
    expect(c.unit).toBe("percent");
    expect(c.series.map((s) => s.values)).toEqual([
      [100, 0],
      [100, 50],
      [null, null],
    ]);
    expect(c.cells[1]).toEqual(["0.0% (0 of 1)", "50.0% (1 of 2)", "None"]);
  });

  it("shows open complaints by age band, in words in the table", () => {
    const c = ageingChart([
      { band: "0-5", count: 2 },
      { band: "over 40", count: 1 },
    ]);
    expect(c.labels).toEqual(["0-5", "> 40"]);
    expect(c.rowLabels).toEqual(["0 to 5 working days", "Over 40 working days"]);
    expect(hasFigures(c)).toBe(true);
    expect(hasFigures(ageingChart([{ band: "0-5", count: 0 }]))).toBe(false);
  });

  it("describes itself and points to its table", () => {
    const c = receivedChart([month("2025-04"), month("2025-05")]);
    expect(chartDescription(c, "bar")).toBe(
      "Bar chart: complaints received each month (Stage 1, Stage 2, April 2025 to May 2025). The figures are in the table that follows.",
    );
  });
});

describe("a month not yet over", () => {
  it("is marked as partial in the charts and their tables", () => {
    const m = (month: string) => ({
      month,
      stage1_received: 3,
      stage2_received: 0,
      stage1_acknowledged: 1,
      stage1_acknowledged_in_time: 1,
      stage1_responded: 1,
      stage1_responded_in_time: 1,
      stage2_responded: 0,
      stage2_responded_in_time: 0,
      excluded: 0,
    });
    const c = inTimeChart([m("2026-11"), m("2026-12")], "2026-12-06");
    expect(c.rowLabels).toEqual(["November 2026", "December 2026 (partial: to 6 Dec)"]);
    expect(c.labels).toEqual(["Nov 2026", "Dec 2026 (part)"]);
    expect(receivedChart([m("2026-11")], "2026-11-30").rowLabels).toEqual(["November 2026"]);
  });
});
