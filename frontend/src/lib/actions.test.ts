import { describe, expect, it } from "vitest";
import { allowedActions, allows, handledStage1, mayReissueTrackingLink, mayUpdateItem, recordActions } from "./actions";

const officer = { userId: "u-officer", role: "complaints_officer" };
const officer2 = { userId: "u-officer2", role: "complaints_officer" };
const admin = { userId: "u-admin", role: "landlord_admin" };
const handler = { userId: "u-handler", role: "case_handler" };
const contractor = { userId: "u-con", role: "contractor", contractorId: "c-1" };
const mrc = { userId: "u-mrc", role: "mrc" };

describe("the actions a case page offers", () => {
  it("offers the complaints team everything a received complaint allows", () => {
    expect(allowedActions({ status: "received", stage: 1 }, officer)).toEqual([
      "acknowledge",
      "allocate",
      "not-accept",
    ]);
  });

  it("offers a handler only the stage allocated to them", () => {
    const open = { status: "stage1_open", stage: 1, handlerId: "u-handler" };
    expect(allowedActions(open, handler)).toEqual(["respond", "extend"]);
    expect(allowedActions({ ...open, handlerId: "someone-else" }, handler)).toEqual([]);
  });

  it("offers a contractor its organisation's stage 1, never stage 2", () => {
    expect(allowedActions({ status: "stage1_open", stage: 1, contractorId: "c-1" }, contractor)).toEqual([
      "respond",
      "extend",
    ]);
    expect(allowedActions({ status: "stage2_open", stage: 2, contractorId: "c-1" }, contractor)).toEqual([]);
    expect(allowedActions({ status: "stage1_responded", stage: 1, contractorId: "c-1" }, contractor)).toEqual([]);
  });

  it("offers the MRC nothing: case files are read-only for them", () => {
    for (const status of ["received", "stage1_open", "stage1_responded", "stage2_requested", "stage2_open", "stage2_responded", "closed"]) {
      expect(allowedActions({ status, stage: 1 }, mrc)).toEqual([]);
      expect(recordActions({ status, stage: 1, referred: true, keepInformed: true }, mrc)).toEqual([]);
    }
  });

  it("offers escalation only after the stage 1 response, and nothing once closed", () => {
    expect(allowedActions({ status: "stage1_responded", stage: 1 }, officer)).toEqual(["escalate", "close"]);
    expect(allowedActions({ status: "closed", stage: 2 }, officer)).toEqual([]);
    expect(allowedActions({ status: "not_accepted", stage: 1 }, officer)).toEqual([]);
  });

  it("lets only the complaints team refuse an escalation, before stage 2 is acknowledged (Code 5.11)", () => {
    const requested = { status: "stage2_requested", stage: 2 };
    expect(allowedActions(requested, officer)).toEqual(["acknowledge", "allocate", "refuse-escalation"]);
    expect(allowedActions(requested, admin)).toContain("refuse-escalation");
    expect(allowedActions({ ...requested, handlerId: "u-handler" }, handler)).toEqual(["acknowledge"]);
    expect(allowedActions({ status: "stage2_open", stage: 2 }, officer)).not.toContain("refuse-escalation");
    expect(allowedActions({ status: "stage1_responded", stage: 1 }, officer)).not.toContain("refuse-escalation");
  });

  it("lets only the complaints team close, and only a complaint responded to", () => {
    expect(allowedActions({ status: "stage2_responded", stage: 2 }, officer)).toEqual(["close"]);
    expect(allowedActions({ status: "stage2_responded", stage: 2, handlerId: "u-handler" }, handler)).toEqual([]);
    expect(allowedActions({ status: "stage1_responded", stage: 1, handlerId: "u-handler" }, handler)).toEqual(["escalate"]);
    for (const status of ["received", "stage1_open", "stage2_requested", "stage2_open", "closed", "not_accepted"]) {
      expect(allowedActions({ status, stage: 1 }, officer)).not.toContain("close");
    }
  });

  it("does not offer the stage 2 response to anyone who handled stage 1 (Code 6.13)", () => {
    const open = { status: "stage2_open", stage: 2, stage1People: ["u-officer", null] };
    expect(handledStage1(open, officer)).toBe(true);
    expect(allowedActions(open, officer)).toEqual(["extend", "allocate"]);
    expect(allowedActions(open, officer2)).toEqual(["respond", "extend", "allocate"]);
    // Acknowledging stage 2 is not considering it: the server allows it, and so does the page.
    expect(allowedActions({ status: "stage2_requested", stage: 2, stage1People: ["u-officer"] }, officer)).toContain("acknowledge");
    // At stage 1 there is no such rule.
    expect(allowedActions({ status: "stage1_open", stage: 1, stage1People: ["u-officer"] }, officer)).toContain("respond");
  });
});

describe("the record-keeping a case page offers", () => {
  it("lets those working on the stage record correspondence, files and additional complaints at any status", () => {
    for (const status of ["received", "stage1_open", "stage1_responded", "stage2_open", "closed", "not_accepted"]) {
      expect(recordActions({ status, stage: 1 }, officer)).toEqual(
        expect.arrayContaining(["correspondence", "attach", "additional"]),
      );
    }
    expect(recordActions({ status: "stage1_open", stage: 1, handlerId: "other" }, handler)).toEqual([]);
    expect(recordActions({ status: "stage1_open", stage: 1, contractorId: "c-1" }, contractor)).toEqual([
      "keep-informed",
      "correspondence",
      "attach",
      "additional",
    ]);
    expect(recordActions({ status: "stage2_open", stage: 2, contractorId: "c-1" }, contractor)).toEqual([]);
  });

  it("offers the evidence of a representative's consent (Code 3.6) only where there is a representative, to those working on the case", () => {
    expect(recordActions({ status: "stage1_open", stage: 1, representative: true }, officer)).toContain("consent");
    expect(recordActions({ status: "stage1_open", stage: 1 }, officer)).not.toContain("consent");
    expect(recordActions({ status: "stage1_open", stage: 1, representative: true, handlerId: "other" }, handler)).not.toContain("consent");
    expect(recordActions({ status: "stage1_open", stage: 1, representative: true }, mrc)).not.toContain("consent");
  });

  it("agrees updates with the resident only while the complaint is open (Code 5.9), and ends them at any time", () => {
    for (const status of ["received", "stage1_open", "stage2_requested", "stage2_open"]) {
      expect(recordActions({ status, stage: 1 }, officer)).toContain("keep-informed");
    }
    for (const status of ["stage1_responded", "stage2_responded", "closed", "not_accepted"]) {
      expect(recordActions({ status, stage: 1 }, officer)).not.toContain("keep-informed");
    }
    expect(recordActions({ status: "stage1_open", stage: 1 }, officer)).not.toContain("stop-updates");
    expect(recordActions({ status: "closed", stage: 1, keepInformed: true }, officer)).toContain("stop-updates");
  });

  it("records the Ombudsman's referral once the landlord's process is over, by the complaints team only", () => {
    for (const status of ["stage2_responded", "closed", "not_accepted"]) {
      expect(recordActions({ status, stage: 2 }, officer)).toContain("ombudsman");
      expect(recordActions({ status, stage: 2, handlerId: "u-handler" }, handler)).not.toContain("ombudsman");
    }
    for (const status of ["received", "stage1_open", "stage1_responded", "stage2_requested", "stage2_open"]) {
      expect(recordActions({ status, stage: 1 }, officer)).not.toContain("ombudsman");
    }
    const referred = { status: "closed", stage: 2, referred: true };
    expect(recordActions(referred, officer)).not.toContain("ombudsman");
    expect(recordActions(referred, officer)).toEqual(expect.arrayContaining(["ombudsman-determination", "ombudsman-order"]));
    expect(allows("ombudsman-determination", referred, admin)).toBe(true);
    expect(allows("ombudsman-determination", { ...referred, referred: false }, admin)).toBe(false);
  });

  it("lets a remedy or an action be updated by those who may work on the stage that offered it", () => {
    expect(mayUpdateItem({ stage: 1, handlerId: "u-handler" }, handler)).toBe(true);
    expect(mayUpdateItem({ stage: 2, handlerId: "someone-else" }, handler)).toBe(false);
    expect(mayUpdateItem({ stage: 1, contractorId: "c-1" }, contractor)).toBe(true);
    expect(mayUpdateItem({ stage: 2, contractorId: "c-1" }, contractor)).toBe(false);
    expect(mayUpdateItem({ stage: 1, contractorId: "c-2" }, contractor)).toBe(false);
    expect(mayUpdateItem({ stage: 2 }, officer)).toBe(true);
    expect(mayUpdateItem({ stage: 1 }, mrc)).toBe(false);
  });
});

describe("a new tracking link for the resident", () => {
  it("is sent by whoever may work on stage 1, never by the MRC or another handler", () => {
    expect(mayReissueTrackingLink({ stage: 1 }, officer)).toBe(true);
    expect(mayReissueTrackingLink({ stage: 1 }, admin)).toBe(true);
    expect(mayReissueTrackingLink({ stage: 1, handlerId: "u-handler" }, handler)).toBe(true);
    expect(mayReissueTrackingLink({ stage: 1, handlerId: "other" }, handler)).toBe(false);
    expect(mayReissueTrackingLink({ stage: 1, contractorId: "c-1" }, contractor)).toBe(true);
    expect(mayReissueTrackingLink({ stage: 1, contractorId: "c-2" }, contractor)).toBe(false);
    expect(mayReissueTrackingLink({ stage: 1 }, mrc)).toBe(false);
  });
});
