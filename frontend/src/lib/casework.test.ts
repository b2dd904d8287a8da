import { describe, expect, it } from "vitest";
import {
  determinationLabel,
  fileSize,
  itemChanges,
  itemStatusTag,
  looksLikeSlug,
  ordersAllowed,
  remedyStatusLabel,
  slugFromName,
  stage1People,
} from "./casework";

describe("what a remedy's or an action's form sends", () => {
  const remedy = { status: "offered", due_on: "2026-12-01", owner: "Repairs manager" };

  it("sends only what changed", () => {
    expect(itemChanges(remedy, { status: "offered", due_on: "2026-12-01", owner: "Repairs manager", completed_on: null }, true)).toEqual({});
    expect(itemChanges(remedy, { status: "in_progress", due_on: "2026-12-01", owner: " Repairs manager ", completed_on: null }, true)).toEqual({
      status: "in_progress",
    });
    expect(itemChanges(remedy, { status: "offered", due_on: "2027-01-15", owner: "Housing officer", completed_on: null }, true)).toEqual({
      due_on: "2027-01-15",
      owner: "Housing officer",
    });
  });

  it("sends the completion date only with a completion", () => {
    expect(itemChanges(remedy, { status: "completed", due_on: "2026-12-01", owner: "Repairs manager", completed_on: "2026-11-20" }, true)).toEqual({
      status: "completed",
      completed_on: "2026-11-20",
    });
    expect(itemChanges(remedy, { status: "completed", due_on: "2026-12-01", owner: "Repairs manager", completed_on: null }, true)).toEqual({
      status: "completed",
    });
    expect(itemChanges(remedy, { status: "in_progress", due_on: "2026-12-01", owner: "Repairs manager", completed_on: "2026-11-20" }, true)).toEqual({
      status: "in_progress",
    });
    // Correcting the date of a completion already recorded.
    expect(
      itemChanges({ ...remedy, status: "completed" }, { status: "completed", due_on: "2026-12-01", owner: "Repairs manager", completed_on: "2026-11-19" }, true),
    ).toEqual({ completed_on: "2026-11-19" });
  });

  it("clears a remedy's date and owner, but never an action's, which are required", () => {
    const cleared = { status: "offered", due_on: null, owner: "  ", completed_on: null };
    expect(itemChanges(remedy, cleared, true)).toEqual({ due_on: null, owner: null });
    expect(itemChanges({ status: "open", due_on: "2026-12-01", owner: "Repairs" }, { ...cleared, status: "open" }, false)).toEqual({});
  });
});

describe("who handled stage 1", () => {
  it("is its handler and whoever recorded its response", () => {
    const events = [
      { kind: "acknowledged", stage: 1, actor_id: "u-a" },
      { kind: "responded", stage: 1, actor_id: "u-b" },
      { kind: "responded", stage: 2, actor_id: "u-c" },
      { kind: "escalation_requested", stage: 2, actor_id: null },
    ];
    expect(stage1People("u-h", events)).toEqual(["u-h", "u-b"]);
    expect(stage1People(null, null)).toEqual([]);
    expect(stage1People("u-b", events)).toEqual(["u-b"]);
  });
});

describe("the Ombudsman's orders and recommendations", () => {
  it("follow a determination with findings; an order only a finding of fault", () => {
    expect(ordersAllowed(null)).toEqual({ orders: false, recommendations: false });
    expect(ordersAllowed("withdrawn")).toEqual({ orders: false, recommendations: false });
    expect(ordersAllowed("outside_jurisdiction")).toEqual({ orders: false, recommendations: false });
    expect(ordersAllowed("no_maladministration")).toEqual({ orders: false, recommendations: true });
    expect(ordersAllowed("severe_maladministration")).toEqual({ orders: true, recommendations: true });
    expect(ordersAllowed("service_failure")).toEqual({ orders: true, recommendations: true });
  });

  it("are named in plain words", () => {
    expect(determinationLabel("severe_maladministration")).toBe("Severe maladministration");
    expect(determinationLabel(null)).toBe("");
    expect(remedyStatusLabel("declined")).toBe("Declined by the resident");
    expect(remedyStatusLabel("something_new")).toBe("Something new");
  });
});

describe("small words", () => {
  it("colours a status by how it stands", () => {
    expect(itemStatusTag("completed")).toBe("govuk-tag--green");
    expect(itemStatusTag("completed", true)).toBe("govuk-tag--red");
    expect(itemStatusTag("open")).toBe("govuk-tag--yellow");
    expect(itemStatusTag("not_complied")).toBe("govuk-tag--grey");
  });

  it("gives a file's size as people read it", () => {
    expect(fileSize(1)).toBe("1 byte");
    expect(fileSize(512)).toBe("512 bytes");
    expect(fileSize(14 * 1024)).toBe("14 KB");
    expect(fileSize(2.5 * 1024 * 1024)).toBe("2.5 MB");
    expect(fileSize(2 * 1024 * 1024)).toBe("2 MB");
    expect(fileSize(20 * 1024 * 1024)).toBe("20 MB");
  });

  it("suggests and checks a landlord's slug as the server accepts it", () => {
    expect(slugFromName("St Mungo's Homes")).toBe("st-mungos-homes");
    expect(slugFromName("  Camden  Council ")).toBe("camden-council");
    expect(slugFromName("Brent & Harrow Homes")).toBe("brent-and-harrow-homes");
    expect(looksLikeSlug("camden-council")).toBe(true);
    expect(looksLikeSlug("Camden")).toBe(false);
    expect(looksLikeSlug("a--b")).toBe(false);
    expect(looksLikeSlug("-a")).toBe(false);
  });
});
