import { describe, expect, it } from "vitest";
import { drillDownHref, figureTitle, per1000, percent } from "./figures";

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
