/** The landlord admin's pages: settings, people, outgoing email and letter templates. */

import { addError, emptyErrors, readDate, wholeNumber, type Parts } from "./forms";
import { continuesAName, type FormErrors, type Problem } from "./problems";
import { humanise } from "./words";
import { isoFromParts } from "./deadlines";

/** The Code's timescales in working days (docs/rules.md, "Timescales"): a landlord may set
 * shorter, never longer. */
export const TIMESCALES = [
  { key: "stage1_acknowledge", label: "Stage 1: acknowledge, define and log", code: 5, provision: "6.2" },
  { key: "stage1_response", label: "Stage 1: respond", code: 10, provision: "6.3" },
  { key: "stage1_extension", label: "Stage 1: most a response may be extended by", code: 10, provision: "6.4" },
  { key: "stage2_acknowledge", label: "Stage 2: acknowledge, define and log", code: 5, provision: "6.11" },
  { key: "stage2_response", label: "Stage 2: respond", code: 20, provision: "6.14" },
  { key: "stage2_extension", label: "Stage 2: most a response may be extended by", code: 20, provision: "6.15" },
] as const;

export type TimescaleKey = (typeof TIMESCALES)[number]["key"];
export type Timescales = Record<TimescaleKey, number>;

/** The roles a landlord admin can grant (every role but the platform operator's). */
export const MEMBERSHIP_ROLES = [
  "landlord_admin",
  "complaints_officer",
  "case_handler",
  "contractor",
  "mrc",
  "governing_body",
  "panel_member",
];

/** What each role may do, in a sentence, for the choice of a role (docs/roles.md, "What
 * each role may see and do"). */
const ROLE_HINTS: Record<string, string> = {
  landlord_admin: "Everything a complaints officer can do, and the settings, users, contractors, letter templates and publishing.",
  complaints_officer: "Logs, allocates and handles every complaint, keeps residents' records, restrictions and the learning log, and drafts the reports.",
  case_handler: "Handles the complaints allocated to them, and the records of those complaints' residents.",
  contractor: "Handles stage 1 of the complaints allocated to their organisation, and sees nothing else (Code 5.4).",
  mrc: "The Member Responsible for Complaints: reads the dashboard, the reports and every case file, without changing them. Their reading of case files is audited.",
  governing_body: "Reads the dashboard's figures, the self-assessment and the annual report, and records the governing body's response.",
  panel_member: "Reads what the landlord has published: figures, the annual report and what it has learned from complaints.",
};

export function roleHint(role: string): string | undefined {
  return ROLE_HINTS[role];
}

export interface ClosureDayDraft {
  date: Parts;
  reason: string;
}

export interface SchemeDraft {
  code: string;
  name: string;
  ombudsmanName: string;
  ombudsmanContact: string;
  timescales: Record<TimescaleKey, string>;
}

export interface SettingsDraft {
  name: string;
  reference_prefix: string;
  homes: string;
  homes_low_cost_home_ownership: string;
  restriction_review_months: string;
  letter_name: string;
  logo_url: string;
  contact_block: string;
  schemes: SchemeDraft[];
  closure_days: ClosureDayDraft[];
}

/** The settings as the server holds them, in the shape the form needs to compare against. */
export interface SettingsNow {
  name: string;
  reference_prefix: string;
  homes_low_cost_rental: number;
  homes_low_cost_home_ownership: number;
  restriction_review_months: number;
  letter_name?: string | null;
  logo_url?: string | null;
  contact_block?: string | null;
  schemes: { code: string; name: string; ombudsman: { name: string; contact: string }; timescales: Timescales }[];
  closure_days: { date: string; reason: string }[];
}

export interface SettingsBody {
  name?: string;
  /** Every user signs in with a second factor, not only admins. */
  require_mfa?: boolean;
  reference_prefix?: string;
  homes?: number;
  homes_low_cost_home_ownership?: number;
  restriction_review_months?: number;
  letter_name?: string | null;
  logo_url?: string | null;
  contact_block?: string | null;
  closure_days?: { date: string; reason: string }[];
  schemes?: {
    code: string;
    name?: string;
    ombudsman?: { name?: string; contact?: string };
    timescales?: Partial<Timescales>;
  }[];
}

function isoParts(iso: string): Parts {
  const [year = "", month = "", day = ""] = iso.split("-");
  return { day: String(Number(day)), month: String(Number(month)), year };
}

export function settingsDraft(s: SettingsNow): SettingsDraft {
  return {
    name: s.name,
    reference_prefix: s.reference_prefix,
    homes: String(s.homes_low_cost_rental),
    homes_low_cost_home_ownership: String(s.homes_low_cost_home_ownership),
    restriction_review_months: String(s.restriction_review_months),
    letter_name: s.letter_name ?? "",
    logo_url: s.logo_url ?? "",
    contact_block: s.contact_block ?? "",
    schemes: s.schemes.map((sc) => ({
      code: sc.code,
      name: sc.name,
      ombudsmanName: sc.ombudsman.name,
      ombudsmanContact: sc.ombudsman.contact,
      timescales: Object.fromEntries(TIMESCALES.map((t) => [t.key, String(sc.timescales[t.key])])) as Record<TimescaleKey, string>,
    })),
    closure_days: s.closure_days.map((d) => ({ date: isoParts(d.date), reason: d.reason })),
  };
}

function blankRow(d: ClosureDayDraft): boolean {
  return !d.date.day.trim() && !d.date.month.trim() && !d.date.year.trim() && !d.reason.trim();
}

/** Closure day rows left wholly blank are dropped before the form is checked, so the rows
 * shown are the rows sent and the server's `closure_days[i]` names the row on the page. */
export function withoutBlankRows(draft: SettingsDraft): SettingsDraft {
  return { ...draft, closure_days: draft.closure_days.filter((d) => !blankRow(d)) };
}

/**
 * The PATCH body for what the form changed, or the errors found before asking the server.
 * Field names are the server's, so its 422 lands on the same inputs.
 */
export function settingsPatch(now: SettingsNow, d: SettingsDraft): { body: SettingsBody; errors: FormErrors } {
  const errors = emptyErrors();
  const body: SettingsBody = {};
  const text = (key: "name" | "reference_prefix", was: string, message: string) => {
    const v = d[key].trim();
    if (!v) addError(errors, key, message);
    else if (v !== was) body[key] = v;
  };
  text("name", now.name, "Enter the landlord's name");
  text("reference_prefix", now.reference_prefix, "Enter the reference prefix");
  const count = (
    key: "homes" | "homes_low_cost_home_ownership" | "restriction_review_months",
    was: number,
    message: string,
  ) => {
    const n = wholeNumber(d[key]);
    if (n === null) addError(errors, key, message);
    else if (n !== was) body[key] = n;
  };
  count("homes", now.homes_low_cost_rental, "Enter the number of low-cost rental homes as a whole number, for example 5200");
  count(
    "homes_low_cost_home_ownership",
    now.homes_low_cost_home_ownership,
    "Enter the number of low-cost home ownership homes as a whole number, or 0",
  );
  count("restriction_review_months", now.restriction_review_months, "Enter the number of months as a whole number from 1 to 12");
  for (const key of ["letter_name", "logo_url", "contact_block"] as const) {
    const v = d[key].trim();
    if (v !== (now[key] ?? "").trim()) body[key] = v === "" ? null : v;
  }

  const schemes: NonNullable<SettingsBody["schemes"]> = [];
  d.schemes.forEach((sd, i) => {
    const was = now.schemes.find((s) => s.code === sd.code);
    const change: NonNullable<SettingsBody["schemes"]>[number] = { code: sd.code };
    const name = sd.name.trim();
    if (!name) addError(errors, `schemes[${i}].name`, "Enter the scheme's name");
    else if (name !== was?.name) change.name = name;
    const ombudsman: { name?: string; contact?: string } = {};
    const oName = sd.ombudsmanName.trim();
    if (!oName) addError(errors, `schemes[${i}].ombudsman.name`, "Enter the Ombudsman's name");
    else if (oName !== was?.ombudsman.name) ombudsman.name = oName;
    const contact = sd.ombudsmanContact.trim();
    if (!contact) addError(errors, `schemes[${i}].ombudsman.contact`, "Enter the Ombudsman's contact details");
    else if (contact !== was?.ombudsman.contact.trim()) ombudsman.contact = contact;
    if (Object.keys(ombudsman).length) change.ombudsman = ombudsman;
    const timescales: Partial<Timescales> = {};
    for (const t of TIMESCALES) {
      const n = wholeNumber(sd.timescales[t.key]);
      if (n === null) addError(errors, `schemes[${i}].timescales.${t.key}`, `Enter ${t.label.toLowerCase()} as a whole number of working days`);
      else if (n !== was?.timescales[t.key]) timescales[t.key] = n;
    }
    if (Object.keys(timescales).length) change.timescales = timescales;
    schemes.push(change);
  });
  if (schemes.some((s) => Object.keys(s).length > 1)) body.schemes = schemes;

  const days: { date: string; reason: string }[] = [];
  d.closure_days.forEach((row, i) => {
    const date = readDate(errors, `closure_days[${i}].date`, row.date, { required: "Enter the date of the closure day" });
    const reason = row.reason.trim();
    if (!reason) addError(errors, `closure_days[${i}].reason`, "Enter why the office is closed, for example Christmas closure");
    if (date) days.push({ date, reason });
  });
  const same =
    days.length === now.closure_days.length &&
    days.every((x, i) => x.date === now.closure_days[i]?.date && x.reason === now.closure_days[i]?.reason);
  if (!same) body.closure_days = days;
  return { body, errors };
}

const OUTBOX_STATUS: Record<string, { label: string; tag: string }> = {
  pending: { label: "Waiting to send", tag: "govuk-tag--yellow" },
  sent: { label: "Sent", tag: "govuk-tag--green" },
  failed: { label: "Failed", tag: "govuk-tag--red" },
};
export const OUTBOX_STATUSES = Object.keys(OUTBOX_STATUS);

export function outboxStatusLabel(s: string): string {
  return OUTBOX_STATUS[s]?.label ?? humanise(s);
}

export function outboxStatusTag(s: string): string {
  return OUTBOX_STATUS[s]?.tag ?? "govuk-tag--grey";
}

export type TemplatePart = "subject" | "text" | "html";
export const TEMPLATE_PARTS: TemplatePart[] = ["subject", "text", "html"];

export type TemplateSources = Record<TemplatePart, string>;

/**
 * What saving a letter template does: the parts that differ from the default are the
 * landlord's own wording (a part put back to the default is left out, so it follows the
 * default again); with no part differing, the landlord's wording is removed.
 */
export function templateChange(
  defaults: TemplateSources,
  own: Partial<Record<TemplatePart, string | null>> | null | undefined,
  draft: TemplateSources,
): { action: "put"; body: Partial<TemplateSources> } | { action: "delete" } | { action: "none" } {
  const body: Partial<TemplateSources> = {};
  for (const part of TEMPLATE_PARTS) {
    if (normalise(draft[part]) !== normalise(defaults[part])) body[part] = draft[part];
  }
  if (Object.keys(body).length > 0) return { action: "put", body };
  return own ? { action: "delete" } : { action: "none" };
}

/** Line endings as the browser's textarea gives them back. */
function normalise(s: string): string {
  return s.replace(/\r\n/g, "\n");
}

/** The draft a template form starts from: the landlord's own wording where it has some. */
export function templateDraft(defaults: TemplateSources, own: Partial<Record<TemplatePart, string | null>> | null | undefined): TemplateSources {
  return {
    subject: own?.subject ?? defaults.subject,
    text: own?.text ?? defaults.text,
    html: own?.html ?? defaults.html,
  };
}

/** The names a template may use, from the kind's sample data: `resident.name`, `stage`… */
export function sampleNames(sample: unknown, prefix = ""): string[] {
  if (sample === null || typeof sample !== "object" || Array.isArray(sample)) return prefix ? [prefix] : [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(sample as Record<string, unknown>)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === "object" && !Array.isArray(v)) out.push(...sampleNames(v, name));
    else out.push(name);
  }
  return out;
}

/** The portal's page where an invited person accepts; the emailed link is the same. */
export function invitationLink(origin: string, token: string): string {
  return `${origin}/invitations/${encodeURIComponent(token)}`;
}

export const TEMPLATE_LABELS: Record<TemplatePart, string> = { subject: "The subject", text: "The plain text", html: "The HTML" };

/**
 * The server's refusal of a template with the broken part named in every message: a template
 * error ("syntax error: unexpected end of input…") does not say which part it is in, so it is
 * put after the part's name; a message that reads on from a name ("is empty…") gets it from
 * the form as usual.
 */
export function templateProblem(problem: unknown): unknown {
  if (!problem || typeof problem !== "object") return problem;
  const p = problem as Problem;
  if (!Array.isArray(p.errors)) return problem;
  return {
    ...p,
    errors: p.errors.map((e) => {
      const label = TEMPLATE_LABELS[e.field as TemplatePart];
      if (!label || typeof e.message !== "string" || continuesAName(e.message)) return e;
      return { ...e, message: `${label}: ${e.message}` };
    }),
  };
}

/** The headline figures a landlord may set itself a target for (the server's
 * `redress_domain::figures::TARGETS`), each a whole percentage. */
export const TARGETS = [
  { key: "stage1_acknowledged_in_time", label: "Stage 1 complaints acknowledged in time", provision: "6.2" },
  { key: "stage1_responded_in_time", label: "Stage 1 complaints responded to in time", provision: "6.3" },
  { key: "stage2_acknowledged_in_time", label: "Stage 2 complaints acknowledged in time", provision: "6.11" },
  { key: "stage2_responded_in_time", label: "Stage 2 complaints responded to in time", provision: "6.14" },
] as const;

/** The targets typed, as the body to save (blank: no target), or what is wrong with each. */
export function targetsFrom(draft: Record<string, string>): { targets: Record<string, number>; errors: FormErrors } {
  const targets: Record<string, number> = {};
  const errors = emptyErrors();
  for (const t of TARGETS) {
    const raw = (draft[t.key] ?? "").trim().replace(/%$/, "").trim();
    if (raw === "") continue;
    const n = wholeNumber(raw);
    if (n === null || n > 100) {
      addError(errors, `performance_targets.${t.key}`, `Enter the target for ${t.label.toLowerCase()} as a whole percentage from 0 to 100, or leave it blank`);
    } else targets[t.key] = n;
  }
  return { targets, errors };
}

/** The sector's figures typed, as the body to record (blank: not published), or what is wrong
 * with each: a percentage to at most one decimal place, as the sector's statistics give it. */
export function sectorFiguresFrom(draft: Record<string, string>, source: string): { figures: Record<string, number>; errors: FormErrors } {
  const figures: Record<string, number> = {};
  const errors = emptyErrors();
  for (const t of TARGETS) {
    const raw = (draft[t.key] ?? "").trim().replace(/%$/, "").trim();
    if (raw === "") continue;
    const n = /^\d{1,3}(\.\d)?$/.test(raw) ? Number(raw) : null;
    if (n === null || n > 100) {
      addError(errors, `figures.${t.key}`, `Enter the sector's figure for ${t.label.toLowerCase()} as a percentage from 0 to 100, like 79.4, or leave it blank`);
    } else figures[t.key] = n;
  }
  if (Object.keys(figures).length === 0 && errors.summary.length === 0) {
    addError(errors, `figures.${TARGETS[0].key}`, "Enter at least one figure the source publishes");
  }
  if (!source.trim()) addError(errors, "source", "Enter where the figures were published");
  return { figures, errors };
}

export type { SettingsSection } from "./settingsSections";

/** The closure days of the form that have real dates, as the server takes them (to ask what
 * they would move before saving them). */
export function closureDaysTried(d: SettingsDraft): { date: string; reason: string }[] {
  return d.closure_days.flatMap((c) => {
    const date = isoFromParts(c.date.day, c.date.month, c.date.year);
    return date ? [{ date, reason: c.reason.trim() || "Closed" }] : [];
  });
}
