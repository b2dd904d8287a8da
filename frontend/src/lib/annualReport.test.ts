import { describe, expect, it } from "vitest";
import { narrativeDrafts, narrativeText, publishBlockers } from "./annualReport";

describe("the annual report", () => {
  it("reads each narrative section, blank when the report has none", () => {
    const narrative = [
      { section: "introduction", text: "Hello" },
      { section: "looking_ahead", text: "Next year" },
    ];
    expect(narrativeText(narrative, "introduction")).toBe("Hello");
    expect(narrativeText(narrative, "ombudsman")).toBe("");
    expect(Object.keys(narrativeDrafts(narrative))).toEqual([
      "introduction",
      "performance",
      "complaints_not_accepted",
      "ombudsman",
      "service_improvements",
      "looking_ahead",
    ]);
  });

  it("says what stands in the way of publishing", () => {
    const today = "2026-05-01";
    expect(publishBlockers({ year: 2026, status: "draft", governing_body_response: null, self_assessment: null }, today)).toEqual([
      "The year 2026 to 2027 has not ended yet",
      "The governing body has not recorded its response",
      "The year's self-assessment has not been approved",
    ]);
    expect(
      publishBlockers({ year: 2025, status: "draft", governing_body_response: "We accept it", self_assessment: { status: "draft" } }, today),
    ).toEqual(["The year's self-assessment has not been approved"]);
    expect(
      publishBlockers({ year: 2025, status: "draft", governing_body_response: "We accept it", self_assessment: { status: "approved" } }, today),
    ).toEqual([]);
    expect(publishBlockers({ year: 2026, status: "published" }, today)).toEqual([]);
  });
});
