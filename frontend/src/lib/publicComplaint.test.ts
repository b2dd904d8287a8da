import { describe, expect, it } from "vitest";
import { EMPTY_COMPLAINT, readComplaint } from "./publicComplaint";

describe("the online complaint form", () => {
  it("asks for a name, a way to reply and what went wrong", () => {
    const { errors, body } = readComplaint(EMPTY_COMPLAINT);
    expect(body).toBeNull();
    expect(errors.summary).toEqual([
      { text: "Enter your full name", href: "#resident-name" },
      { text: "Enter an email address, phone number or postal address so that we can reply to you", href: "#resident-email" },
      { text: "Tell us what went wrong", href: "#description" },
    ]);
  });

  it("needs the detail for the way they asked to be contacted", () => {
    const base = { ...EMPTY_COMPLAINT, name: "Sam", description: "Broken door", phone: "01234 567890" };
    expect(readComplaint({ ...base, preferred_contact: "letter" }).errors.fields).toEqual({
      "resident.address": "Enter your postal address, as you would like us to write to you",
    });
    expect(readComplaint({ ...base, preferred_contact: "email" }).errors.fields["resident.email"]).toMatch(/email you/);
    expect(readComplaint({ ...base, phone: "", address: "1 Road", preferred_contact: "text" }).errors.fields["resident.phone"]).toMatch(/text you/);
    expect(readComplaint({ ...base, preferred_contact: "phone" }).body).not.toBeNull();
  });

  it("needs the representative's name and the resident's agreement", () => {
    const d = { ...EMPTY_COMPLAINT, name: "Sam", description: "Broken door", has_representative: true };
    expect(readComplaint(d).errors.fields).toEqual({
      "representative.name": "Enter the full name of the person making the complaint for you",
      "representative.consent": "Confirm that you agree to this person making the complaint for you",
    });
  });

  it("checks the date it happened is a real date, and leaves it out when blank", () => {
    const base = { ...EMPTY_COMPLAINT, name: "Sam", email: "sam@example.org", description: "Broken door" };
    expect(readComplaint({ ...base, issue: { day: "30", month: "2", year: "2026" } }).errors.fields.issue_date).toMatch(/real date/);
    expect(readComplaint(base).body?.issue_date).toBeNull();
  });

  it("sends the server's shape: blank text as null, the representative only when there is one", () => {
    const { body } = readComplaint({
      ...EMPTY_COMPLAINT,
      name: " Sam Jones ",
      email: "sam@example.org",
      preferred_contact: "email",
      description: " The door is broken ",
      issue: { day: "3", month: "4", year: "2026" },
      adjustments_needed: "Large print",
      has_representative: true,
      rep_name: "Jo Jones",
      rep_relationship: "daughter",
      rep_consent: true,
    });
    expect(body).toEqual({
      resident: {
        name: "Sam Jones",
        email: "sam@example.org",
        phone: null,
        address: null,
        property_ref: null,
        preferred_contact: "email",
        preferred_format: null,
        language: null,
      },
      description: "The door is broken",
      outcomes_sought: null,
      issue_date: "2026-04-03",
      adjustments_needed: "Large print",
      representative: { name: "Jo Jones", relationship: "daughter", email: null, phone: null, consent: true },
    });
    expect(readComplaint({ ...EMPTY_COMPLAINT, name: "Sam", email: "s@example.org", description: "x" }).body?.representative).toBeNull();
  });
});
