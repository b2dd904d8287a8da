import { describe, expect, it } from "vitest";
import { auditDetail, auditKindLabel, skippedReason, workingDaysOf } from "./audit";

describe("the audit log in plain words", () => {
  it("names the kinds the server writes, and makes others readable", () => {
    expect(auditKindLabel("complaint.read")).toBe("Case file opened by the MRC");
    expect(auditKindLabel("self_assessment_approved")).toBe("Self-assessment approved");
    expect(auditKindLabel("something.new_thing")).toBe("Something new thing");
  });

  it("shows an entry's detail as labelled values", () => {
    expect(auditDetail({ role: "mrc" })).toEqual([{ label: "Role", value: "mrc" }]);
    expect(auditDetail({ figure: "stage1_late", count: 3, nested: { a_b: 1 }, list: ["x", "y"], none: null })).toEqual([
      { label: "Figure", value: "stage1_late" },
      { label: "Items read", value: "3" },
      { label: "Nested", value: "a b: 1" },
      { label: "List", value: "x, y" },
      { label: "None", value: "none" },
    ]);
    expect(auditDetail(null)).toEqual([]);
    expect(auditDetail([1, 2])).toEqual([]);
    expect(auditDetail({})).toEqual([]);
  });
});

describe("the working-day calculator", () => {
  it("splits a skipped day's reason into its kind and its name", () => {
    expect(skippedReason("weekend (Saturday)")).toEqual({ kind: "Weekend", name: "Saturday" });
    expect(skippedReason("bank holiday: Christmas Day")).toEqual({ kind: "Bank holiday", name: "Christmas Day" });
    expect(skippedReason("closure day: Office move")).toEqual({ kind: "Closure day", name: "Office move" });
    expect(skippedReason("something else")).toEqual({ kind: "Something else", name: "" });
  });

  it("reads a number of working days from 0 to 366", () => {
    expect(workingDaysOf("5")).toBe(5);
    expect(workingDaysOf(" 0 ")).toBe(0);
    expect(workingDaysOf("366")).toBe(366);
    expect(workingDaysOf("367")).toBeNull();
    expect(workingDaysOf("2.5")).toBeNull();
    expect(workingDaysOf("")).toBeNull();
    expect(workingDaysOf("-1")).toBeNull();
  });
});
