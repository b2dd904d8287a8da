import { describe, expect, it } from "vitest";
import { awardInWords, partsOf, penceFromPounds } from "./money";
import { pounds } from "./words";

describe("amounts of money", () => {
  it("reads pounds and pence", () => {
    expect(penceFromPounds("150")).toBe(15000);
    expect(penceFromPounds("75.5")).toBe(7550);
    expect(penceFromPounds(" £1,200.05 ")).toBe(120005);
  });

  it("refuses what is not an amount", () => {
    expect(penceFromPounds("")).toBeNull();
    expect(penceFromPounds("ten")).toBeNull();
    expect(penceFromPounds("1.234")).toBeNull();
    expect(penceFromPounds("-5")).toBeNull();
  });
});

describe("money reads as pounds", () => {
  it("groups thousands and keeps the pence", () => {
    expect(pounds(7763000)).toBe("£77,630.00");
    expect(pounds(5)).toBe("£0.05");
    expect(pounds(15000)).toBe("£150.00");
  });
});

describe("an award split by failing", () => {
  it("reads the parts typed, and the ones that are not money", () => {
    expect(partsOf({ service: "500", complaint_handling: "£200", other: " " })).toEqual({
      parts: [
        { failing: "service", amount_pence: 50000 },
        { failing: "complaint_handling", amount_pence: 20000 },
      ],
      bad: [],
    });
    expect(partsOf({ service: "five hundred", time_and_trouble: "0" }).bad).toEqual(["service", "time_and_trouble"]);
    expect(partsOf({})).toEqual({ parts: [], bad: [] });
  });

  it("says the award as letters do", () => {
    const parts = [
      { failing: "service", amount_pence: 50000 },
      { failing: "complaint_handling", amount_pence: 20000 },
    ];
    expect(awardInWords(70000, parts, pounds)).toBe("£700.00 (£500.00 for the service failure and £200.00 for complaint handling)");
    expect(awardInWords(70000, parts.slice(0, 1), pounds)).toBe("£700.00");
    expect(awardInWords(80000, [...parts, { failing: "distress_and_inconvenience", amount_pence: 10000 }], pounds)).toBe(
      "£800.00 (£500.00 for the service failure, £200.00 for complaint handling and £100.00 for distress and inconvenience)",
    );
  });
});
