import { describe, expect, it } from "vitest";
import { stageRows, trackHref } from "./tracking";
import { compliesLabel, narrativeTitle, residentDecisionLabel, residentStatusLabel, assessmentStatusLabel } from "./words";

describe("the resident's view of their complaint", () => {
  it("says when a stage will be acknowledged and answered, until it is", () => {
    expect(stageRows({ stage: 1, requested_on: "2026-11-25", acknowledge_by: "2026-12-02" })).toEqual([
      { key: "Complaint received", value: "25 November 2026" },
      { key: "We will acknowledge it by", value: "2 December 2026" },
      { key: "We will respond by", value: "We will tell you when we acknowledge it" },
    ]);
    expect(
      stageRows({
        stage: 1,
        requested_on: "2026-11-25",
        acknowledge_by: "2026-12-02",
        acknowledged_on: "2026-11-26",
        respond_by: "2026-12-10",
      }).slice(1),
    ).toEqual([
      { key: "Acknowledged", value: "26 November 2026" },
      { key: "We will respond by", value: "10 December 2026" },
    ]);
  });

  it("gives the outcome once answered", () => {
    const rows = stageRows({
      stage: 2,
      requested_on: "2026-12-01",
      acknowledge_by: "2026-12-08",
      acknowledged_on: "2026-12-02",
      respond_by: "2027-01-05",
      responded_on: "2026-12-20",
      decision: "partly_upheld",
    });
    expect(rows[0]).toEqual({ key: "Stage 2 asked for", value: "1 December 2026" });
    expect(rows.slice(2)).toEqual([
      { key: "Response sent", value: "20 December 2026" },
      { key: "Outcome", value: "Partly upheld: we agreed with some of your complaint" },
    ]);
  });

  it("puts the status and decision in plain words", () => {
    expect(residentStatusLabel("stage1_open")).toBe("We are looking into your complaint (stage 1)");
    expect(residentStatusLabel("something_new")).toBe("Something new");
    expect(residentDecisionLabel("not_upheld")).toMatch(/^Not upheld/);
    expect(residentDecisionLabel(null)).toBe("");
    expect(trackHref("st marys", "a/b")).toBe("/p/st%20marys/track/a%2Fb");
  });
});

describe("the words of the reports", () => {
  it("names answers, statuses and sections", () => {
    expect(compliesLabel("partly")).toBe("Partly complies");
    expect(compliesLabel(null)).toBe("Not answered");
    expect(assessmentStatusLabel("not_started")).toBe("Not started");
    expect(narrativeTitle("complaints_not_accepted")).toBe("Complaints we did not accept");
  });
});
