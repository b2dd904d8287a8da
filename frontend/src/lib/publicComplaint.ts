/** The online complaint form (Code 1.3, 3.1, 3.6): what it checks before sending, and the
 * body it sends. Field names are the server's (`resident.name`, `representative.consent`),
 * so its 422 answers land on the same fields. */

import { emptyErrors, addError, orNull, readDate, requireText, type Parts } from "./forms";
import type { FormErrors } from "./problems";

export interface ComplaintDraft {
  name: string;
  email: string;
  phone: string;
  address: string;
  property_ref: string;
  preferred_contact: string;
  preferred_format: string;
  language: string;
  description: string;
  outcomes_sought: string;
  issue: Parts;
  adjustments_needed: string;
  has_representative: boolean;
  rep_name: string;
  rep_relationship: string;
  rep_email: string;
  rep_phone: string;
  rep_consent: boolean;
}

export const EMPTY_COMPLAINT: ComplaintDraft = {
  name: "",
  email: "",
  phone: "",
  address: "",
  property_ref: "",
  preferred_contact: "",
  preferred_format: "",
  language: "",
  description: "",
  outcomes_sought: "",
  issue: { day: "", month: "", year: "" },
  adjustments_needed: "",
  has_representative: false,
  rep_name: "",
  rep_relationship: "",
  rep_email: "",
  rep_phone: "",
  rep_consent: false,
};

/** The fields the form shows, by the server's names. */
export const COMPLAINT_FIELDS = [
  "resident.name",
  "resident.email",
  "resident.phone",
  "resident.address",
  "resident.property_ref",
  "resident.preferred_contact",
  "resident.preferred_format",
  "resident.language",
  "description",
  "outcomes_sought",
  "issue_date",
  "adjustments_needed",
  "representative.name",
  "representative.relationship",
  "representative.email",
  "representative.phone",
  "representative.consent",
] as const;

/** Each field's name as the form's label says it, for the server's messages. */
export const COMPLAINT_LABELS: Record<string, string> = {
  "resident.name": "Your full name",
  "resident.email": "Email address",
  "resident.phone": "Phone number",
  "resident.address": "Postal address",
  "resident.property_ref": "Property or tenancy reference",
  "resident.preferred_contact": "How you would like us to contact you",
  "resident.preferred_format": "The format you need",
  "resident.language": "Language",
  description: "What went wrong",
  outcomes_sought: "What you would like us to do",
  issue_date: "When it happened",
  adjustments_needed: "Help or changes you need",
  "representative.name": "Their full name",
  "representative.relationship": "How they know you",
  "representative.email": "Their email address",
  "representative.phone": "Their phone number",
  "representative.consent": "Agreement",
};

export type ComplaintBody = {
  resident: {
    name: string;
    email: string | null;
    phone: string | null;
    address: string | null;
    property_ref: string | null;
    preferred_contact: string | null;
    preferred_format: string | null;
    language: string | null;
  };
  description: string;
  outcomes_sought: string | null;
  issue_date: string | null;
  adjustments_needed: string | null;
  representative: {
    name: string;
    relationship: string | null;
    email: string | null;
    phone: string | null;
    consent: boolean;
  } | null;
};

/** Checks the form and builds the body; `body` is null when there are errors to show. */
export function readComplaint(d: ComplaintDraft): { errors: FormErrors; body: ComplaintBody | null } {
  const errors = emptyErrors();
  const name = requireText(errors, "resident.name", d.name, "Enter your full name");
  const email = d.email.trim();
  const phone = d.phone.trim();
  const address = d.address.trim();
  // The way they asked to be contacted needs the detail to do it.
  if (d.preferred_contact === "email" && !email) addError(errors, "resident.email", "Enter your email address, as you would like us to email you");
  if ((d.preferred_contact === "phone" || d.preferred_contact === "text") && !phone) {
    addError(errors, "resident.phone", `Enter your phone number, as you would like us to ${d.preferred_contact === "text" ? "text" : "call"} you`);
  }
  if (d.preferred_contact === "letter" && !address) addError(errors, "resident.address", "Enter your postal address, as you would like us to write to you");
  if (!email && !phone && !address && !d.has_representative) {
    addError(errors, "resident.email", "Enter an email address, phone number or postal address so that we can reply to you");
  }
  const description = requireText(errors, "description", d.description, "Tell us what went wrong");
  const issue = readDate(errors, "issue_date", d.issue, "none", "Enter the date it happened as a real date, for example 27 3 2026");
  let representative: ComplaintBody["representative"] = null;
  if (d.has_representative) {
    const repName = requireText(errors, "representative.name", d.rep_name, "Enter the full name of the person making the complaint for you");
    if (!d.rep_consent) addError(errors, "representative.consent", "Confirm that you agree to this person making the complaint for you");
    representative = {
      name: repName,
      relationship: orNull(d.rep_relationship),
      email: orNull(d.rep_email),
      phone: orNull(d.rep_phone),
      consent: d.rep_consent,
    };
  }
  if (errors.summary.length > 0) return { errors, body: null };
  return {
    errors,
    body: {
      resident: {
        name,
        email: orNull(email),
        phone: orNull(phone),
        address: orNull(address),
        property_ref: orNull(d.property_ref),
        preferred_contact: d.preferred_contact || null,
        preferred_format: orNull(d.preferred_format),
        language: orNull(d.language),
      },
      description,
      outcomes_sought: orNull(d.outcomes_sought),
      issue_date: issue ?? null,
      adjustments_needed: orNull(d.adjustments_needed),
      representative,
    },
  };
}
