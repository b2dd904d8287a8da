import { describe, expect, it } from "vitest";
import {
  ADJUSTMENT_EFFECTS,
  adjustmentCategoryLabel,
  adjustmentEffectLabel,
  calendarDaysBetween,
  distinctIds,
  mayRaiseComplaint,
  mergeReviews,
  reviewWords,
  serviceRequestStatusLabel,
  termKindLabel,
  todayInLondon,
} from "./residents";

describe("when a review falls due", () => {
  const today = "2025-03-10";

  it("counts calendar days, across months and years", () => {
    expect(calendarDaysBetween("2025-02-27", "2025-03-01")).toBe(2);
    expect(calendarDaysBetween("2024-12-31", "2025-01-01")).toBe(1);
    expect(calendarDaysBetween("2025-03-10", "2025-03-03")).toBe(-7);
    expect(calendarDaysBetween("2025-03-10", "not a date")).toBeNull();
  });

  it("says how many days overdue, in red", () => {
    expect(reviewWords("2025-03-09", today)).toEqual({ text: "Review 1 day overdue", tone: "red", overdue: true });
    expect(reviewWords("2025-02-08", today)).toEqual({ text: "Review 30 days overdue", tone: "red", overdue: true });
  });

  it("says today and tomorrow in words", () => {
    expect(reviewWords("2025-03-10", today)).toEqual({ text: "Review due today", tone: "orange", overdue: false });
    expect(reviewWords("2025-03-11", today)?.text).toBe("Review due tomorrow");
  });

  it("marks a review within a week in yellow, later ones in grey", () => {
    expect(reviewWords("2025-03-17", today)).toEqual({ text: "Review due in 7 days", tone: "yellow", overdue: false });
    expect(reviewWords("2025-03-18", today)).toEqual({ text: "Review due in 8 days", tone: "grey", overdue: false });
  });

  it("says nothing when there is no review date", () => {
    expect(reviewWords(null, today)).toBeNull();
    expect(reviewWords(undefined, today)).toBeNull();
  });

  it("knows today in England, not in UTC", () => {
    // 23:30 UTC on 30 June is already 1 July in London (BST).
    expect(todayInLondon(new Date("2025-06-30T23:30:00Z"))).toBe("2025-07-01");
    // In winter London is on UTC.
    expect(todayInLondon(new Date("2025-01-31T23:30:00Z"))).toBe("2025-01-31");
  });
});

describe("the list of reviews due", () => {
  const r = (kind: string, id: string, review_on: string | null, description = id) => ({
    kind,
    id,
    resident_id: `res-${id}`,
    description,
    review_on,
    overdue: false,
  });

  it("puts the earliest first, restrictions before adjustments on the same day, undated last", () => {
    const merged = mergeReviews(
      [r("adjustment", "a1", "2025-03-12"), r("adjustment", "a2", null), r("adjustment", "a3", "2025-03-01")],
      [r("restriction", "r1", "2025-03-12"), r("restriction", "r2", "2025-02-01")],
    );
    expect(merged.map((x) => x.id)).toEqual(["r2", "a3", "r1", "a1", "a2"]);
  });

  it("names each resident once", () => {
    expect(distinctIds(["a", "b", "a", null, "c", "b"])).toEqual(["a", "b", "c"]);
  });
});

describe("the words for residents' needs", () => {
  it("puts the API's values into plain words", () => {
    expect(adjustmentCategoryLabel("representative_or_advocate")).toBe("Through a representative or advocate");
    expect(adjustmentCategoryLabel("something_new")).toBe("Something new");
    expect(adjustmentCategoryLabel(null)).toBe("");
    expect(termKindLabel("written_contact_only")).toBe("Written contact only");
    expect(serviceRequestStatusLabel("in_progress")).toBe("In progress");
  });

  it("says how a restriction leaves each adjustment (Code 5.14)", () => {
    expect(ADJUSTMENT_EFFECTS).toEqual(["kept", "changed"]);
    expect(adjustmentEffectLabel("kept")).toBe("Kept as agreed");
    expect(adjustmentEffectLabel("changed")).toBe("Changed by this restriction");
  });

  it("raises a complaint only from a service request still open (Code 1.5)", () => {
    expect(mayRaiseComplaint("open")).toBe(true);
    expect(mayRaiseComplaint("in_progress")).toBe(true);
    expect(mayRaiseComplaint("completed")).toBe(false);
    expect(mayRaiseComplaint("cancelled")).toBe(false);
  });
});
