import { describe, expect, it } from "vitest";
import {
  financialYear,
  financialYearEnded,
  financialYearLabel,
  financialYearOf,
  lastMonth,
  lastQuarter,
  londonToday,
  periodFromQuery,
  periodLabel,
  presetOf,
  presets,
  recentFinancialYears,
} from "./periods";

describe("financial years", () => {
  it("start on 1 April and are named by the year they start in", () => {
    expect(financialYearOf("2026-03-31")).toBe(2025);
    expect(financialYearOf("2026-04-01")).toBe(2026);
    expect(financialYearOf("2026-01-01")).toBe(2025);
    expect(financialYear(2025)).toEqual({ from: "2025-04-01", to: "2026-03-31" });
    expect(financialYearLabel(2025)).toBe("2025 to 2026");
  });

  it("have ended only once 31 March has passed", () => {
    expect(financialYearEnded(2025, "2026-03-31")).toBe(false);
    expect(financialYearEnded(2025, "2026-04-01")).toBe(true);
    expect(financialYearEnded(2026, "2026-11-25")).toBe(false);
  });

  it("are offered newest first, from the current one back", () => {
    expect(recentFinancialYears("2026-02-10", 2)).toEqual([2025, 2024, 2023]);
    expect(recentFinancialYears("2026-04-01", 1)).toEqual([2026, 2025]);
  });
});

describe("the dashboard's periods", () => {
  it("last quarter is the calendar quarter before today's, across a new year", () => {
    expect(lastQuarter("2026-11-25")).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(lastQuarter("2026-01-01")).toEqual({ from: "2025-10-01", to: "2025-12-31" });
    expect(lastQuarter("2026-04-01")).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    expect(lastQuarter("2026-06-30")).toEqual({ from: "2026-01-01", to: "2026-03-31" });
  });

  it("last month ends on its last day, leap years included", () => {
    expect(lastMonth("2024-03-15")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(lastMonth("2025-03-01")).toEqual({ from: "2025-02-01", to: "2025-02-28" });
    expect(lastMonth("2026-01-31")).toEqual({ from: "2025-12-01", to: "2025-12-31" });
  });

  it("this financial year runs to today and last year is whole", () => {
    const p = presets("2026-02-10");
    expect(p.map((x) => x.id)).toEqual(["this-year", "last-year", "last-quarter", "last-month"]);
    expect(p[0]).toMatchObject({ from: "2025-04-01", to: "2026-02-10" });
    expect(p[1]).toMatchObject({ from: "2024-04-01", to: "2025-03-31", label: "Last financial year (2024 to 2025)" });
  });

  it("a period is recognised as the preset it is, else custom", () => {
    expect(presetOf({ from: "2025-04-01", to: "2026-03-31" }, "2026-11-25")).toBe("last-year");
    expect(presetOf({ from: "2026-10-01", to: "2026-10-31" }, "2026-11-25")).toBe("last-month");
    expect(presetOf({ from: "2026-10-01", to: "2026-10-30" }, "2026-11-25")).toBe("custom");
  });

  it("an address without a period means this financial year to date", () => {
    expect(periodFromQuery(new URLSearchParams(""), "2026-11-25")).toEqual({ from: "2026-04-01", to: "2026-11-25" });
    expect(periodFromQuery(new URLSearchParams("from=2026-01-01"), "2026-11-25")).toEqual({
      from: "2026-01-01",
      to: "2026-11-25",
    });
  });

  it("is put in words", () => {
    expect(periodLabel({ from: "2025-04-01", to: "2026-03-31" })).toBe("1 April 2025 to 31 March 2026");
    expect(periodLabel({ from: "2025-04-01", to: "2025-04-01" })).toBe("1 April 2025");
  });

  it("today is the date in London, not in UTC", () => {
    // 23:30 UTC on 30 June is already 1 July in British Summer Time.
    expect(londonToday(new Date("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
    expect(londonToday(new Date("2026-12-31T23:30:00Z"))).toBe("2026-12-31");
  });
});
