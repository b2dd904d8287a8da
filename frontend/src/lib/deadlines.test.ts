import { describe, expect, it } from "vitest";
import {
  dateTime,
  extensionLimitWords,
  deadlineWords,
  explainDeadline,
  isBeforeToday,
  isoFromParts,
  longDate,
  longDateWithDay,
  workingDaysBetween,
} from "./deadlines";

describe("deadline wording", () => {
  it("says how many working days are left, in the singular for one", () => {
    expect(deadlineWords(5)).toEqual({ text: "Due in 5 working days", tone: "grey", overdue: false });
    expect(deadlineWords(1)).toEqual({ text: "Due in 1 working day", tone: "yellow", overdue: false });
  });

  it("says due today on the day", () => {
    expect(deadlineWords(0)?.text).toBe("Due today");
  });

  it("says how many working days overdue a negative count is", () => {
    expect(deadlineWords(-3)).toEqual({ text: "3 working days overdue", tone: "red", overdue: true });
    expect(deadlineWords(-1)?.text).toBe("1 working day overdue");
  });

  it("believes the server's overdue flag even when the count says otherwise", () => {
    expect(deadlineWords(0, true)).toEqual({ text: "Overdue", tone: "red", overdue: true });
  });

  it("says nothing when no clock is running", () => {
    expect(deadlineWords(null)).toBeNull();
    expect(deadlineWords(undefined)).toBeNull();
  });
});

describe("dates", () => {
  it("writes ISO dates the GOV.UK way", () => {
    expect(longDate("2024-12-20")).toBe("20 December 2024");
    expect(longDateWithDay("2024-12-20")).toBe("Friday 20 December 2024");
    expect(longDate("2025-01-04")).toBe("4 January 2025");
  });

  it("leaves what is not a date alone", () => {
    expect(longDate("soon")).toBe("soon");
    expect(longDate(null)).toBe("");
  });

  it("writes a timestamp in UK time, summer time included", () => {
    expect(dateTime("2025-07-01T14:05:00Z")).toBe("1 July 2025 at 3:05pm");
    expect(dateTime("2025-01-01T09:30:00Z")).toBe("1 January 2025 at 9:30am");
  });

  it("explains a deadline with the days it skipped", () => {
    expect(explainDeadline("2024-12-20", 5, [])).toBe(
      "5 working days after Friday 20 December 2024, with no days skipped.",
    );
    expect(
      explainDeadline("2024-12-20", 5, [
        { date: "2024-12-21", reason: "weekend (Saturday)" },
        { date: "2024-12-25", reason: "bank holiday: Christmas Day" },
      ]),
    ).toBe("5 working days after Friday 20 December 2024, skipping 2 days that are not working days.");
  });
});

describe("working days between two dates", () => {
  const christmas2024 = [
    { date: "2024-12-21", reason: "weekend (Saturday)" },
    { date: "2024-12-22", reason: "weekend (Sunday)" },
    { date: "2024-12-25", reason: "bank holiday: Christmas Day" },
    { date: "2024-12-26", reason: "bank holiday: Boxing Day" },
    { date: "2024-12-28", reason: "weekend (Saturday)" },
    { date: "2024-12-29", reason: "weekend (Sunday)" },
  ];

  it("counts the SPEC's example: received Friday 20 December 2024, acknowledged by 31 December", () => {
    expect(workingDaysBetween("2024-12-20", "2024-12-31", christmas2024)).toBe(5);
  });

  it("ignores skipped days outside the range", () => {
    expect(workingDaysBetween("2024-12-23", "2024-12-24", christmas2024)).toBe(1);
  });

  it("refuses what is not a date", () => {
    expect(workingDaysBetween("x", "2024-12-24", [])).toBeNull();
  });
});

describe("the GOV.UK date input", () => {
  it("reads a real date, padded", () => {
    expect(isoFromParts("4", "1", "2025")).toBe("2025-01-04");
    expect(isoFromParts(" 29 ", "02", "2024")).toBe("2024-02-29");
  });

  it("treats an empty input as no date", () => {
    expect(isoFromParts("", " ", "")).toBe("");
  });

  it("refuses a date that does not exist or is partly filled in", () => {
    expect(isoFromParts("29", "2", "2025")).toBeNull();
    expect(isoFromParts("31", "4", "2025")).toBeNull();
    expect(isoFromParts("12", "", "2025")).toBeNull();
    expect(isoFromParts("1", "1", "25")).toBeNull();
  });
});

describe("a date before today", () => {
  const today = "2026-03-27";

  it("is a real date earlier than today", () => {
    expect(isBeforeToday({ day: "26", month: "3", year: "2026" }, today)).toBe(true);
    expect(isBeforeToday({ day: "31", month: "12", year: "2025" }, today)).toBe(true);
  });

  it("is not today or a later day", () => {
    expect(isBeforeToday({ day: "27", month: "3", year: "2026" }, today)).toBe(false);
    expect(isBeforeToday({ day: "28", month: "03", year: "2026" }, today)).toBe(false);
  });

  it("is not a blank, partly filled in or unreal date", () => {
    expect(isBeforeToday({ day: "", month: "", year: "" }, today)).toBe(false);
    expect(isBeforeToday({ day: "1", month: "3", year: "" }, today)).toBe(false);
    expect(isBeforeToday({ day: "30", month: "2", year: "2026" }, today)).toBe(false);
  });
});

describe("the limit on extensions, in words", () => {
  it("counts what is used and what the number typed adds", () => {
    expect(extensionLimitWords(1, 6, 4, 10)).toBe(
      "That makes 10 of the 10 working days stage 1 may be extended by without more (Code 6.4).",
    );
    expect(extensionLimitWords(2, 0, 21, 20)).toMatch(/^That makes 21 working days in all, more than the 20 stage 2 .* \(Code 6\.15\)\.$/);
  });
});
