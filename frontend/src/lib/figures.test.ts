import { describe, expect, it } from "vitest";
import { areasToQuestion, drillDownHref, figureTitle, partialMonth, per1000, percent } from "./figures";

describe("the dashboard's figures", () => {
  it("turn the API's drill-down address into the portal's page", () => {
    expect(
      drillDownHref("riverside", "/api/v1/landlords/riverside/dashboard/cases?figure=stage1_received&from=2025-04-01&to=2026-03-31"),
    ).toBe("/l/riverside/dashboard/cases?figure=stage1_received&from=2025-04-01&to=2026-03-31");
    expect(drillDownHref("riverside", undefined)).toBeNull();
    expect(drillDownHref("riverside", "/api/v1/landlords/riverside/complaints")).toBeNull();
  });

  it("name each figure a drill-down lists", () => {
    expect(figureTitle("stage1_responded_late")).toBe("Stage 1 responses sent late");
    expect(figureTitle("nonsense")).toBeNull();
  });

  it("show rates and rates per 1,000 homes, or say there is none", () => {
    expect(percent({ count: 5, of: 6, pct: 83.3 })).toBe("83.3%");
    expect(percent({ count: 0, of: 0, pct: null })).toBe("No figure");
    expect(percent(100)).toBe("100.0%");
    expect(per1000(6)).toBe("6.00");
    expect(per1000(null)).toBe("No figure");
  });
});

describe("areas for the MRC to question", () => {
  const base = {
    to: "2026-12-06",
    figures: {
      stage1: { outcomes: { upheld: 300, partly_upheld: 103, not_upheld: 50 }, responded_in_time: { count: 1, of: 1, pct: 100 } },
      stage2: { outcomes: {}, responded_in_time: { count: 0, of: 0, pct: null } },
      ombudsman: { orders: { overdue: 2 }, recommendations: { overdue: 0 } },
      learning: { identified: 0 },
      now: { overdue: 1 },
    },
    monthly: [
      { month: "2026-10", stage1_responded: 50, stage1_responded_in_time: 48 },
      { month: "2026-11", stage1_responded: 40, stage1_responded_in_time: 30 },
      { month: "2026-12", stage1_responded: 5, stage1_responded_in_time: 0 },
    ],
    restrictions: { overdue: 0 },
    adjustments: { overdue: 3 },
  };

  it("names each, the most pressing first, with its counts", () => {
    const areas = areasToQuestion(base, (f) => (f === "overdue" ? "/l/r/dashboard/cases?figure=overdue" : null));
    expect(areas.map((a) => a.text)).toEqual([
      "2 orders of the Ombudsman past their due date and not complied with",
      "1 complaint past the acknowledgement or response deadline today",
      "3 reasonable adjustments past the review date (Code 5.10)",
      "0 learning entries recorded against 403 complaints upheld or partly upheld (Code 9.1 to 9.3)",
      "Stage 1 responses sent in time fell from 96.0% in October 2026 (48 of 50) to 75.0% in November 2026 (30 of 40)",
    ]);
    expect(areas[1]?.href).toBe("/l/r/dashboard/cases?figure=overdue");
  });

  it("leaves out the month not yet over, and is empty when nothing stands out", () => {
    expect(partialMonth("2026-12", "2026-12-06")).toBe(true);
    expect(partialMonth("2026-11", "2026-12-06")).toBe(false);
    expect(partialMonth("2026-11", "2026-11-30")).toBe(false);
    const calm = {
      ...base,
      figures: { ...base.figures, ombudsman: { orders: { overdue: 0 }, recommendations: { overdue: 0 } }, learning: { identified: 60 }, now: { overdue: 0 } },
      monthly: [],
      adjustments: { overdue: 0 },
    };
    expect(areasToQuestion(calm)).toEqual([]);
  });
});
