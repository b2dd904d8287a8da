import { describe, expect, it } from "vitest";
import { addError, changedText, emptyErrors, orNull, partsOf, readDate, requireText, wholeNumber } from "./forms";

describe("checking a form before asking the server", () => {
  it("links each error to its field, once per field", () => {
    const e = emptyErrors();
    addError(e, "warnings[0].given_on", "Enter the date the warning was given");
    addError(e, "warnings[0].given_on", "A second message for the same field");
    expect(e.fields).toEqual({ "warnings[0].given_on": "Enter the date the warning was given" });
    expect(e.summary).toEqual([{ text: "Enter the date the warning was given", href: "#warnings-0-given_on" }]);
  });

  it("requires text that is not only spaces", () => {
    const e = emptyErrors();
    expect(requireText(e, "name", "  Sam Jones ", "Enter the name")).toBe("Sam Jones");
    expect(requireText(e, "email", "   ", "Enter the email")).toBe("");
    expect(e.summary.map((s) => s.text)).toEqual(["Enter the email"]);
  });

  it("reads a date: blank as today, as none, or as an error", () => {
    const blank = { day: "", month: "", year: "" };
    const e = emptyErrors();
    expect(readDate(e, "agreed_on", blank, { today: "2025-03-10" })).toBe("2025-03-10");
    expect(readDate(e, "due_on", blank, "none")).toBeNull();
    expect(readDate(e, "review_on", blank, { required: "Enter the review date" })).toBeUndefined();
    expect(readDate(e, "starts_on", { day: "31", month: "2", year: "2025" }, "none")).toBeUndefined();
    expect(readDate(e, "ends_on", { day: "7", month: "3", year: "2025" }, "none")).toBe("2025-03-07");
    expect(e.fields).toEqual({
      review_on: "Enter the review date",
      starts_on: "Enter a real date, for example 27 3 2026",
    });
  });

  it("turns an ISO date into the date input's parts", () => {
    expect(partsOf("2025-03-07")).toEqual({ day: "7", month: "3", year: "2025" });
    expect(partsOf(null)).toEqual({ day: "", month: "", year: "" });
  });

  it("reads whole numbers only", () => {
    expect(wholeNumber(" 12 ")).toBe(12);
    expect(wholeNumber("5,200")).toBe(5200);
    expect(wholeNumber("0")).toBe(0);
    expect(wholeNumber("-1")).toBeNull();
    expect(wholeNumber("2.5")).toBeNull();
    expect(wholeNumber("")).toBeNull();
  });
});

describe("what a change form sends", () => {
  it("sends only the fields changed, blank ones as null to clear them", () => {
    const original = { name: "Sam Jones", email: "sam@example.test", phone: null, address: "1 High Street" };
    const draft = { name: "Sam Jones ", email: "", phone: "01234 567890", address: "1 High Street" };
    expect(changedText(original, draft)).toEqual({ email: null, phone: "01234 567890" });
  });

  it("gives null for optional text left blank", () => {
    expect(orNull("  ")).toBeNull();
    expect(orNull(" Polish ")).toBe("Polish");
  });
});
