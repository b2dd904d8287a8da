import { describe, expect, it } from "vitest";
import { areasToQuestion, drillDownHref, fallingFigures, figureTitle, headlineComparisons, partialMonth, per1000, percent } from "./figures";

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

  it("names the Ombudsman's requests for information overdue and answered late", () => {
    const asked = {
      ...base,
      figures: {
        ...base.figures,
        ombudsman: { orders: { overdue: 0 }, recommendations: { overdue: 0 }, information_requests: { overdue: 1, answered_late: 2 } },
      },
    };
    expect(areasToQuestion(asked).map((a) => a.text).slice(0, 2)).toEqual([
      "1 request for information from the Ombudsman past its date and not answered",
      "2 requests for information from the Ombudsman answered late",
    ]);
  });
});

describe("headline figures beside last year and the target", () => {
  const rate = (count: number, of: number) => ({ count, of, pct: of ? Math.round((count * 1000) / of) / 10 : null });
  const stage = (received: number, ack: [number, number], resp: [number, number]) => ({
    received,
    acknowledged_in_time: rate(...ack),
    responded_in_time: rate(...resp),
  });
  const now = { stage1: stage(120, [50, 50], [41, 50]), stage2: stage(10, [0, 0], [9, 10]) };
  const before = { stage1: stage(98, [40, 40], [30, 40]), stage2: stage(10, [0, 0], [10, 10]) };

  it("says how each figure moved, and which way is better", () => {
    const c = headlineComparisons(now, before, { stage1_responded_in_time: 95, stage2_responded_in_time: 90 });
    expect(c.map((x) => x.label)).toEqual([
      "Stage 1 complaints received",
      "Stage 2 complaints received",
      "Stage 1 acknowledged in time",
      "Stage 1 responded to in time",
      "Stage 2 acknowledged in time",
      "Stage 2 responded to in time",
    ]);
    expect(c[0]).toMatchObject({ now: "120", before: "98", change: "up 22", direction: null });
    expect(c[1]).toMatchObject({ change: "no change" });
    expect(c[2]).toMatchObject({ now: "100.0%", nowDetail: "50 of 50", before: "100.0% (40 of 40)", change: "no change", direction: "same", target: null });
    expect(c[3]).toMatchObject({
      now: "82.0%",
      nowDetail: "41 of 50",
      before: "75.0% (30 of 40)",
      change: "up 7.0 points",
      direction: "better",
      target: "95%",
      againstTarget: "13.0 points below the target",
      meetsTarget: false,
    });
    // Nothing acknowledged at stage 2 in either period: no figure, nothing to compare.
    expect(c[4]).toMatchObject({ now: "No figure", nowDetail: null, before: null, change: null, direction: null });
    expect(c[5]).toMatchObject({ now: "90.0%", change: "down 10.0 points", direction: "worse", againstTarget: "meets the target", meetsTarget: true });
  });

  it("sets a figure beside the sector's where one is published, and only there", () => {
    const c = headlineComparisons(now, before, {}, { stage1_responded_in_time: 79.4, stage2_responded_in_time: 90 });
    expect(c[3]).toMatchObject({ sector: "79.4%", againstSector: "2.6 points above the sector", aboveSector: true });
    expect(c[5]).toMatchObject({ sector: "90.0%", againstSector: "the same as the sector", aboveSector: true });
    expect(c[2]).toMatchObject({ sector: null, againstSector: null, aboveSector: null });
    // No figure this period: the sector's is shown, with nothing to set it against.
    const none = headlineComparisons(now, before, {}, { stage2_acknowledged_in_time: 95.1 });
    expect(none[4]).toMatchObject({ sector: "95.1%", againstSector: null });
    expect(headlineComparisons(now, before, {}).every((x) => x.sector === null)).toBe(true);
    // Below the sector, and neither below a target nor fallen: a question of its own.
    const below = fallingFigures(headlineComparisons(now, before, {}, { stage1_responded_in_time: 85 }));
    expect(below.map((a) => a.text)).toContain("Stage 1 responded to in time is 82.0% (41 of 50), 3.0 points below the sector's 85.0%");
  });

  it("has nothing to compare with when there was no earlier period", () => {
    const c = headlineComparisons(now, null, {});
    expect(c.every((x) => x.before === null && x.change === null && x.target === null)).toBe(true);
  });

  it("puts figures below their target, or fallen since last year, among the areas to question", () => {
    const areas = fallingFigures(headlineComparisons(now, before, { stage1_responded_in_time: 95 }));
    expect(areas.map((a) => a.text)).toEqual([
      "Stage 1 responded to in time is 82.0% (41 of 50), 13.0 points below the target of 95%",
      "Stage 2 responded to in time fell to 90.0% from 100.0% (10 of 10) in the same period last year",
    ]);
    expect(areas.every((a) => a.href === "#headline-heading")).toBe(true);
  });
});
