import { describe, expect, it } from "vitest";
import { anyAuditFilter, auditCsvName, auditDetail, auditFiltersOf, auditKindLabel, auditQuery, auditSearch, readAuditForm, skippedReason, workingDaysOf } from "./audit";

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

describe("the audit log's filters", () => {
  const none = { kind: "", actor: "", subject: "", from: "", to: "" };
  const id = "0190c3e2-7a1b-7c3d-9e4f-5a6b7c8d9e0f";

  it("are read from the address and written back, with a page", () => {
    const f = auditFiltersOf(new URLSearchParams(`kind=auth.sign_in_failed&actor=${id}&from=2026-01-01&page=abc`));
    expect(f).toEqual({ kind: "auth.sign_in_failed", actor: id, subject: "", from: "2026-01-01", to: "" });
    expect(anyAuditFilter(f)).toBe(true);
    expect(anyAuditFilter(none)).toBe(false);
    expect(auditSearch(f)).toBe(`?kind=auth.sign_in_failed&actor=${id}&from=2026-01-01`);
    expect(auditSearch(f, "next")).toBe(`?kind=auth.sign_in_failed&actor=${id}&from=2026-01-01&page=next`);
    expect(auditSearch(none)).toBe("");
    expect(auditQuery(f)).toEqual({ kind: "auth.sign_in_failed", actor: id, from: "2026-01-01" });
  });

  it("are checked as the server checks them", () => {
    const blank = { day: "", month: "", year: "" };
    const ok = readAuditForm({ kind: "mfa.reset", actor: "", subject: ` ${id} `, from: { day: "1", month: "3", year: "2026" }, to: blank });
    expect(ok.errors.summary).toEqual([]);
    expect(ok.filters).toEqual({ kind: "mfa.reset", actor: "", subject: id, from: "2026-03-01", to: "" });

    const bad = readAuditForm({
      kind: "",
      actor: "",
      subject: "0190c3e2",
      from: { day: "31", month: "2", year: "2026" },
      to: blank,
    });
    expect(Object.keys(bad.errors.fields)).toEqual(["subject", "from"]);
    expect(bad.errors.summary[1]).toEqual({ text: "The first day must be a real date, like 27 3 2026", href: "#from" });

    const backwards = readAuditForm({
      kind: "",
      actor: "",
      subject: "",
      from: { day: "2", month: "3", year: "2026" },
      to: { day: "1", month: "3", year: "2026" },
    });
    expect(backwards.errors.fields.to).toBe("The last day must be the same as or after the first day");
  });

  it("name the downloaded file by the landlord, the dates and today", () => {
    expect(auditCsvName("riverside", none, "2026-12-06")).toBe("audit-log-riverside-2026-12-06.csv");
    expect(auditCsvName("riverside", { ...none, from: "2026-01-01" }, "2026-12-06")).toBe(
      "audit-log-riverside-2026-01-01-to-2026-12-06-2026-12-06.csv",
    );
  });

  it("name the new kinds of entry", () => {
    expect(auditKindLabel("tracking_link.reissued")).toBe("New tracking link sent to the resident");
    expect(auditKindLabel("mfa.reset")).toBe("Second factor reset");
  });
});
