/** The product's vocabulary in plain words, for people rather than machines. */

const STATUS: Record<string, string> = {
  received: "Received",
  stage1_open: "Stage 1 open",
  stage1_responded: "Stage 1 responded",
  stage2_requested: "Stage 2 requested",
  stage2_open: "Stage 2 open",
  stage2_responded: "Stage 2 responded",
  not_accepted: "Not accepted",
  closed: "Closed",
};

const STATUS_TONE: Record<string, string> = {
  received: "govuk-tag--blue",
  stage1_open: "govuk-tag--light-blue",
  stage1_responded: "govuk-tag--green",
  stage2_requested: "govuk-tag--purple",
  stage2_open: "govuk-tag--pink",
  stage2_responded: "govuk-tag--green",
  not_accepted: "govuk-tag--grey",
  closed: "govuk-tag--grey",
};

export const STATUSES = Object.keys(STATUS);

export function statusLabel(status: string): string {
  return STATUS[status] ?? humanise(status);
}

export function statusTagClass(status: string): string {
  return STATUS_TONE[status] ?? "govuk-tag--grey";
}

const ROLE: Record<string, string> = {
  platform_admin: "Platform admin",
  landlord_admin: "Landlord admin",
  complaints_officer: "Complaints officer",
  case_handler: "Case handler",
  contractor: "Contractor",
  mrc: "Member Responsible for Complaints",
  governing_body: "Governing body",
  panel_member: "Residents' panel member",
};

export function roleLabel(role: string): string {
  return ROLE[role] ?? humanise(role);
}

const EVENT: Record<string, string> = {
  received: "Complaint received",
  acknowledged: "Acknowledged and defined",
  not_accepted: "Not accepted",
  allocated: "Allocated",
  extended: "Response deadline extended",
  responded: "Response sent",
  escalation_requested: "Escalation to stage 2 requested",
  escalation_refused: "Escalation refused",
  closed: "Closed",
  additional_complaint_logged: "Additional complaint logged",
  definition_amended: "Definition amended",
  remedy_updated: "Remedy updated",
  action_updated: "Outstanding action updated",
  keep_informed_agreed: "Updates agreed with the resident",
  keep_informed_ended: "Agreed updates ended",
  ombudsman_referred: "Referred to the Ombudsman",
  ombudsman_determination: "Ombudsman's determination",
  learning_linked: "Learning recorded from this complaint",
  learning_unlinked: "No longer linked to a learning entry",
  consent_evidence_attached: "Evidence of the representative's consent added",
  deadline_moved: "Deadline moved by a change of closure days or timescales",
};

export function eventLabel(kind: string): string {
  return EVENT[kind] ?? humanise(kind);
}

const DECISION: Record<string, string> = {
  upheld: "Upheld",
  partly_upheld: "Partly upheld",
  not_upheld: "Not upheld",
};

export const DECISIONS = Object.keys(DECISION);

export function decisionLabel(d: string | null | undefined): string {
  return d ? (DECISION[d] ?? humanise(d)) : "";
}

const EXCLUSION: Record<string, string> = {
  outside_time_limit: "Outside the time limit (more than 12 months)",
  legal_proceedings_started: "Legal proceedings have started",
  previously_considered: "Previously considered under the complaints process",
  not_about_landlord: "Not about the landlord",
  other_process: "Another process applies (for example an insurance claim or information request)",
  other: "Another reason",
};

export const EXCLUSIONS = Object.keys(EXCLUSION);

export function exclusionLabel(r: string): string {
  return EXCLUSION[r] ?? humanise(r);
}

const REMEDY: Record<string, string> = {
  apology: "Apology",
  explanation: "Explanation",
  action: "Action to put things right",
  financial: "Financial remedy",
  decision_changed: "Decision changed",
  record_amended: "Record amended",
  policy_change: "Policy change",
  other: "Other",
};

export const REMEDY_KINDS = Object.keys(REMEDY);

export function remedyLabel(k: string): string {
  return REMEDY[k] ?? humanise(k);
}

const LETTER: Record<string, string> = {
  complaint_received: "Complaint received",
  acknowledgement: "Acknowledgement (stage 1)",
  stage2_acknowledgement: "Acknowledgement (stage 2)",
  not_accepted: "Complaint not accepted",
  extension: "Extension notice",
  stage1_response: "Stage 1 response",
  stage2_response: "Stage 2 response",
  escalation_refused: "Escalation refused",
};

export function letterLabel(k: string): string {
  return LETTER[k] ?? humanise(k);
}

/** `social_media` -> "Social media". */
export function humanise(value: string): string {
  const s = value.replace(/_/g, " ").trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const POUNDS = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" });

/** A sum in pence as "£12.50", "£77,630.00" (whole pence, so no rounding drifts). */
export function pounds(pence: number): string {
  return POUNDS.format(pence / 100);
}

const ASSESSMENT_STATUS: Record<string, { label: string; tag: string }> = {
  not_started: { label: "Not started", tag: "govuk-tag--grey" },
  draft: { label: "Draft", tag: "govuk-tag--yellow" },
  approved: { label: "Approved", tag: "govuk-tag--blue" },
  published: { label: "Published", tag: "govuk-tag--green" },
  superseded: { label: "Superseded", tag: "govuk-tag--grey" },
};

/** A self-assessment's status (or a version's) in words. */
export function assessmentStatusLabel(status: string): string {
  return ASSESSMENT_STATUS[status]?.label ?? humanise(status);
}

export function assessmentStatusTag(status: string): string {
  return ASSESSMENT_STATUS[status]?.tag ?? "govuk-tag--grey";
}

const COMPLIES: Record<string, string> = {
  yes: "Yes, complies",
  partly: "Partly complies",
  no: "No, does not comply",
};

/** The answer for a provision of the Code: complies, partly, not; or not answered yet. */
export const COMPLIANCE = Object.keys(COMPLIES);

export function compliesLabel(complies: string | null | undefined): string {
  return complies ? (COMPLIES[complies] ?? humanise(complies)) : "Not answered";
}

const REPORT_STATUS: Record<string, { label: string; tag: string }> = {
  draft: { label: "Draft", tag: "govuk-tag--yellow" },
  published: { label: "Published", tag: "govuk-tag--green" },
};

export function reportStatusLabel(status: string): string {
  return REPORT_STATUS[status]?.label ?? humanise(status);
}

export function reportStatusTag(status: string): string {
  return REPORT_STATUS[status]?.tag ?? "govuk-tag--grey";
}

const NARRATIVE: Record<string, string> = {
  introduction: "Introduction",
  performance: "How we handled complaints",
  complaints_not_accepted: "Complaints we did not accept",
  ombudsman: "The Ombudsman's findings",
  service_improvements: "What we improved",
  looking_ahead: "Looking ahead",
};

/** The narrative sections of the annual report (Code 8.1), in the report's order. */
export const NARRATIVE_SECTIONS = Object.keys(NARRATIVE);

export function narrativeTitle(section: string): string {
  return NARRATIVE[section] ?? humanise(section);
}

/** Where a complaint is, in words for the resident who made it. */
const RESIDENT_STATUS: Record<string, string> = {
  received: "We have received your complaint",
  stage1_open: "We are looking into your complaint (stage 1)",
  stage1_responded: "We have sent you our stage 1 response",
  stage2_requested: "You have asked for your complaint to go to stage 2",
  stage2_open: "We are looking into your complaint again (stage 2)",
  stage2_responded: "We have sent you our final response (stage 2)",
  not_accepted: "We have not taken this forward as a complaint",
  closed: "Your complaint is closed",
};

export function residentStatusLabel(status: string): string {
  return RESIDENT_STATUS[status] ?? humanise(status);
}

const RESIDENT_DECISION: Record<string, string> = {
  upheld: "Upheld: we agreed with your complaint",
  partly_upheld: "Partly upheld: we agreed with some of your complaint",
  not_upheld: "Not upheld: we did not find that we were at fault",
};

/** A stage's decision as the resident reads it. */
export function residentDecisionLabel(decision: string | null | undefined): string {
  return decision ? (RESIDENT_DECISION[decision] ?? humanise(decision)) : "";
}

const CONTACT_PREFERENCE: Record<string, string> = {
  email: "Email",
  phone: "Phone call",
  text: "Text message",
  letter: "Letter",
};

/** How a resident may ask to be contacted on the online complaint form. */
export const CONTACT_PREFERENCES = Object.keys(CONTACT_PREFERENCE);

export function contactPreferenceLabel(method: string): string {
  return CONTACT_PREFERENCE[method] ?? humanise(method);
}
