import { describe, expect, it } from "vitest";
import { fieldId, fieldLabel, formErrors, refusalSentence, requiredErrors, sentence } from "./problems";

describe("problem+json to form errors", () => {
  it("links each field the form has to its input and shows it beside the field", () => {
    const problem = {
      status: 422,
      detail: "the request has invalid values",
      errors: [
        { field: "reasons", message: "must give the reasons for the decision (Code 6.9d)" },
        { field: "remedies[0].amount_pence", message: "is required for a financial remedy" },
      ],
    };
    const e = formErrors(problem, ["reasons", "remedies[0].amount_pence"], {
      "remedies[0].amount_pence": "Amount for remedy 1",
    });
    expect(e.fields).toEqual({
      reasons: "Reasons must give the reasons for the decision (Code 6.9d)",
      "remedies[0].amount_pence": "Amount for remedy 1 is required for a financial remedy",
    });
    expect(e.summary).toEqual([
      { text: "Reasons must give the reasons for the decision (Code 6.9d)", href: "#reasons" },
      {
        text: "Amount for remedy 1 is required for a financial remedy",
        href: "#remedies-0-amount_pence",
      },
    ]);
  });

  it("keeps fields the form does not show in the summary, unlinked", () => {
    const e = formErrors({ errors: [{ field: "on", message: "is in the future" }] }, ["reasons"]);
    expect(e.fields).toEqual({});
    expect(e.summary).toEqual([{ text: "On is in the future" }]);
  });

  it("shows a refusal's detail exactly as the server wrote it", () => {
    const detail = "stage 2 must be considered by someone other than the stage 1 handler (Code 6.13)";
    const e = formErrors({ status: 409, title: "Conflict", detail }, ["handler_id"]);
    expect(e.summary).toEqual([{ text: detail }]);
    expect(e.fields).toEqual({});
  });

  it("falls back to the title, then to a general message", () => {
    expect(formErrors({ title: "Forbidden", detail: "" }).summary).toEqual([{ text: "Forbidden" }]);
    expect(formErrors(null).summary).toEqual([{ text: "Something went wrong. Try again." }]);
    expect(formErrors("<html>").summary).toEqual([{ text: "Something went wrong. Try again." }]);
  });

  it("shows only the first message for a field named twice", () => {
    const e = formErrors(
      { errors: [{ field: "reason", message: "is required" }, { field: "reason", message: "is too long" }] },
      ["reason"],
    );
    expect(e.summary).toHaveLength(1);
    expect(e.fields.reason).toBe("Reason is required");
  });

  it("lets a message that is a sentence stand alone", () => {
    expect(sentence("Handler", "give either handler_id or contractor_id")).toBe(
      "Give either handler_id or contractor_id",
    );
    expect(sentence("Working days", "must be at least 1")).toBe("Working days must be at least 1");
  });

  it("turns field paths into ids and labels", () => {
    expect(fieldId("outstanding_actions[2].due_on")).toBe("outstanding_actions-2-due_on");
    expect(fieldId("schemes[0].timescales.stage1_response")).toBe("schemes-0-timescales-stage1_response");
    expect(fieldLabel("outcomes_sought")).toBe("Outcomes sought");
    expect(fieldLabel("remedies[0].description")).toBe("Description");
  });

  it("finds required fields left empty before asking the server", () => {
    const e = requiredErrors(
      { definition: "  ", outcomes_sought: "A repair" },
      { definition: "Enter the complaint definition", outcomes_sought: "Enter the outcomes sought" },
    );
    expect(e.fields).toEqual({ definition: "Enter the complaint definition" });
    expect(e.summary).toEqual([{ text: "Enter the complaint definition", href: "#definition" }]);
  });
});

describe("a refusal in a sentence", () => {
  it("names the role as people say it and ends with a full stop", () => {
    expect(refusalSentence("only the MRC, the governing body and the complaints team may do this; you are signed in as panel_member")).toBe(
      "Only the MRC, the governing body and the complaints team may do this; you are signed in as Residents' panel member.",
    );
    expect(refusalSentence("Only a complaints officer may publish learning (Code 9.3)")).toBe("Only a complaints officer may publish learning (Code 9.3).");
  });
});
