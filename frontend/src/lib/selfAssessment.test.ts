import { describe, expect, it } from "vitest";
import { formErrors } from "./problems";
import {
  assessableYears,
  compareProvisions,
  draftOf,
  fieldKey,
  fieldKeys,
  fieldLabels,
  groupBySection,
  groupByTitle,
  isChanged,
  isEditable,
  linesOf,
  mapProblem,
  mayStartNewVersion,
  needsAction,
  progressOf,
  progressText,
  saveBody,
  sectionsWithErrors,
  type ProvisionLike,
} from "./selfAssessment";

function provision(code: string, extra: Partial<ProvisionLike> = {}): ProvisionLike {
  const section = Number(code.split(".")[0]);
  return {
    provision: code,
    section,
    section_title: `Section ${section}`,
    summary: `Summary of ${code}`,
    evidence: "",
    links: [],
    commentary: "",
    complies: null,
    ...extra,
  };
}

describe("the provisions under their sections", () => {
  it("orders provision numbers as numbers", () => {
    expect(["6.10", "6.2", "6.1", "5.15"].sort(compareProvisions)).toEqual(["5.15", "6.1", "6.2", "6.10"]);
  });

  it("groups provisions by section, both in the Code's order", () => {
    const groups = groupBySection([provision("6.10"), provision("1.3"), provision("6.2"), provision("1.2")]);
    expect(groups.map((g) => [g.section, g.title, g.provisions.map((p) => p.provision)])).toEqual([
      [1, "Section 1", ["1.2", "1.3"]],
      [6, "Section 6", ["6.2", "6.10"]],
    ]);
  });

  it("groups the submission's answers by title as they come", () => {
    const groups = groupByTitle([
      { section_title: "A", provision: "1.2" },
      { section_title: "A", provision: "1.3" },
      { section_title: "B", provision: "2.1" },
    ]);
    expect(groups.map((g) => [g.title, g.answers.length])).toEqual([
      ["A", 2],
      ["B", 1],
    ]);
  });
});

describe("progress", () => {
  it("counts the provisions answered yes, no or partly", () => {
    const p = progressOf([{ complies: "yes" }, { complies: "partly" }, { complies: null }, { complies: "" }, {}]);
    expect(p).toEqual({ answered: 2, total: 5 });
    expect(progressText({ answered: 5, total: 72 })).toBe("5 of 72 answered");
  });

  it("asks for an action and a target date when a provision does not fully comply", () => {
    expect(needsAction("no")).toBe(true);
    expect(needsAction("partly")).toBe(true);
    expect(needsAction("yes")).toBe(false);
    expect(needsAction(null)).toBe(false);
  });

  it("lets a draft be changed, and an approved or published one only by a new version", () => {
    expect(isEditable("draft")).toBe(true);
    expect(isEditable("not_started")).toBe(true);
    expect(isEditable("approved")).toBe(false);
    expect(isEditable("superseded")).toBe(false);
    expect(mayStartNewVersion("approved")).toBe(true);
    expect(mayStartNewVersion("published")).toBe(true);
    expect(mayStartNewVersion("draft")).toBe(false);
  });

  it("offers next year back to 2020", () => {
    expect(assessableYears(2025)).toEqual([2026, 2025, 2024, 2023, 2022, 2021]);
    expect(assessableYears(2021)).toEqual([2022, 2021, 2020]);
  });
});

describe("an answer on the form", () => {
  const saved = provision("6.3", {
    complies: "partly",
    evidence: "Stage 1 report",
    links: ["https://example.org/policy", "https://example.org/report"],
    action: "Train the repairs team",
    target_date: "2026-03-31",
  });

  it("holds the saved answer as text", () => {
    const d = draftOf(saved);
    expect(d.links).toBe("https://example.org/policy\nhttps://example.org/report");
    expect(d.target).toEqual({ day: "31", month: "3", year: "2026" });
    expect(d.complies).toBe("partly");
    expect(draftOf(provision("1.2")).complies).toBe("");
  });

  it("takes links one to a line, blank lines left out", () => {
    expect(linesOf(" a \n\n b\r\n")).toEqual(["a", "b"]);
  });

  it("knows when it has changed, ignoring space around the text", () => {
    const d = draftOf(saved);
    expect(isChanged(saved, d)).toBe(false);
    expect(isChanged(saved, { ...d, evidence: " Stage 1 report  " })).toBe(false);
    expect(isChanged(saved, { ...d, links: "https://example.org/policy\n\nhttps://example.org/report\n" })).toBe(false);
    expect(isChanged(saved, { ...d, complies: "yes" })).toBe(true);
    expect(isChanged(saved, { ...d, target: { day: "1", month: "4", year: "2026" } })).toBe(true);
  });

  it("builds the body of a save, in the order it names the provisions", () => {
    const drafts = {
      "6.3": { ...draftOf(saved), evidence: " Stage 1 report and audit " },
      "1.2": { ...draftOf(provision("1.2")), complies: "yes", action: "left over", target: { day: "1", month: "1", year: "2027" } },
    };
    const { body, order, errors } = saveBody(["1.2", "6.3"], drafts);
    expect(errors.summary).toEqual([]);
    expect(order).toEqual(["1.2", "6.3"]);
    expect(body).toEqual({
      provisions: [
        { provision: "1.2", complies: "yes", evidence: "", links: [], commentary: "", action: null, target_date: null, official_wording: null },
        {
          provision: "6.3",
          complies: "partly",
          evidence: "Stage 1 report and audit",
          links: ["https://example.org/policy", "https://example.org/report"],
          commentary: "",
          action: "Train the repairs team",
          target_date: "2026-03-31",
          official_wording: null,
        },
      ],
    });
    expect(saveBody(["1.2"], drafts, "  A restructure ").body.new_version_reason).toBe("A restructure");
  });

  it("stops at a target date that is not a real date, by its field", () => {
    const drafts = { "6.3": { ...draftOf(saved), target: { day: "31", month: "2", year: "2026" } } };
    const { errors, order } = saveBody(["6.3"], drafts);
    expect(order).toEqual([]);
    expect(errors.summary).toEqual([
      { text: "Provision 6.3: enter the target date as a real date, for example 31 3 2026", href: "#provision-6-3-target_date" },
    ]);
  });
});

describe("the server's refusals on the form", () => {
  it("names each field by its provision", () => {
    expect(fieldKey("6.3", "complies")).toBe("provision-6.3-complies");
    const problem = {
      status: 422,
      detail: "Some values are not valid",
      errors: [
        { field: "provisions[1].complies", message: "must be yes, no or partly" },
        { field: "provisions[0].links", message: "`not a url` is not an http or https address" },
        { field: "provisions", message: "every provision needs an answer; not answered: 1.4" },
      ],
    };
    const codes = ["1.2", "6.3"];
    const errors = formErrors(mapProblem(problem, codes), fieldKeys(codes), fieldLabels(codes));
    expect(errors.fields).toEqual({
      "provision-6.3-complies": "Provision 6.3: the answer must be yes, no or partly",
      "provision-1.2-links": "For provision 1.2, `not a url` is not an http or https address",
    });
    expect(errors.summary).toEqual([
      { text: "Provision 6.3: the answer must be yes, no or partly", href: "#provision-6-3-complies" },
      { text: "For provision 1.2, `not a url` is not an http or https address", href: "#provision-1-2-links" },
      { text: "Every provision needs an answer; not answered: 1.4" },
    ]);
    expect(sectionsWithErrors(errors.fields, [provision("1.2"), provision("2.1"), provision("6.3")])).toEqual([1, 6]);
  });

  it("leaves a problem without field errors as it is", () => {
    const p = { status: 409, detail: "version 1 is approved" };
    expect(mapProblem(p, [])).toBe(p);
    expect(mapProblem(null, [])).toBe(null);
  });
});
