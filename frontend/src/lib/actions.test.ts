import { describe, expect, it } from "vitest";
import { allowedActions } from "./actions";

const officer = { userId: "u-officer", role: "complaints_officer" };
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
    for (const status of ["received", "stage1_open", "stage1_responded", "stage2_open"]) {
      expect(allowedActions({ status, stage: 1 }, mrc)).toEqual([]);
    }
  });

  it("offers escalation only after the stage 1 response, and nothing once closed", () => {
    expect(allowedActions({ status: "stage1_responded", stage: 1 }, officer)).toEqual(["escalate"]);
    expect(allowedActions({ status: "closed", stage: 2 }, officer)).toEqual([]);
    expect(allowedActions({ status: "not_accepted", stage: 1 }, officer)).toEqual([]);
  });
});
