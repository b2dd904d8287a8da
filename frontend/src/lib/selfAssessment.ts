/** The self-assessment against the Complaint Handling Code (Code 8.1a, 8.3, 8.4) as the editor
 * needs it: provisions grouped by the Code's sections, how many are answered, each provision's
 * answer as a form holds it, and the body of a save with the server's field names mapped back
 * onto the form's. The server checks everything again. */

import { partsOf, readDate, type Parts } from "./forms";
import { continuesAName, type FieldError, type FormErrors, type Problem } from "./problems";

/** A provision as the API shows it (the fields the editor reads). */
export interface ProvisionLike {
  provision: string;
  section: number;
  section_title: string;
  summary: string;
  official_wording?: string | null;
  complies?: string | null;
  evidence: string;
  links: string[];
  commentary: string;
  action?: string | null;
  target_date?: string | null;
  computed_evidence?: string | null;
}

export interface SectionGroup<P> {
  section: number;
  title: string;
  provisions: P[];
}

/** "6.10" after "6.9": provision numbers compared part by part as numbers. */
export function compareProvisions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return a.localeCompare(b);
}

/** The provisions under their sections, both in the Code's order. */
export function groupBySection<P extends { provision: string; section: number; section_title: string }>(provisions: P[]): SectionGroup<P>[] {
  const by = new Map<number, SectionGroup<P>>();
  for (const p of provisions) {
    let g = by.get(p.section);
    if (!g) {
      g = { section: p.section, title: p.section_title, provisions: [] };
      by.set(p.section, g);
    }
    g.provisions.push(p);
  }
  const groups = [...by.values()].sort((a, b) => a.section - b.section);
  for (const g of groups) g.provisions.sort((a, b) => compareProvisions(a.provision, b.provision));
  return groups;
}

export interface Progress {
  answered: number;
  total: number;
}

/** How many of the provisions have an answer (yes, no or partly). */
export function progressOf(provisions: { complies?: string | null }[]): Progress {
  return { answered: provisions.filter((p) => !!p.complies).length, total: provisions.length };
}

/** "5 of 72 answered". */
export function progressText(p: Progress): string {
  return `${p.answered} of ${p.total} answered`;
}

/** Whether an answer needs the action to comply and its target date (Code 8.3). */
export function needsAction(complies: string | null | undefined): boolean {
  return complies === "no" || complies === "partly";
}

/** A provision's answer as the form holds it: text as typed, links one to a line. */
export interface ProvisionDraft {
  complies: string;
  evidence: string;
  links: string;
  commentary: string;
  action: string;
  target: Parts;
  official_wording: string;
}

export function draftOf(p: ProvisionLike): ProvisionDraft {
  return {
    complies: p.complies ?? "",
    evidence: p.evidence ?? "",
    links: (p.links ?? []).join("\n"),
    commentary: p.commentary ?? "",
    action: p.action ?? "",
    target: partsOf(p.target_date),
    official_wording: p.official_wording ?? "",
  };
}

/** Lines of text, trimmed, blank ones left out. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

function sameParts(a: Parts, b: Parts): boolean {
  return a.day.trim() === b.day.trim() && a.month.trim() === b.month.trim() && a.year.trim() === b.year.trim();
}

/** Whether the form's answer differs from the saved one (ignoring space around the text). */
export function isChanged(saved: ProvisionLike, draft: ProvisionDraft): boolean {
  const was = draftOf(saved);
  const text = (k: "complies" | "evidence" | "commentary" | "action" | "official_wording") => was[k].trim() !== draft[k].trim();
  return (
    text("complies") ||
    text("evidence") ||
    text("commentary") ||
    text("official_wording") ||
    linesOf(was.links).join("\n") !== linesOf(draft.links).join("\n") ||
    (needsAction(draft.complies) && (text("action") || !sameParts(was.target, draft.target)))
  );
}

/** The key (and input name) of a provision's field on the form: `provision-6.3-complies`. */
export function fieldKey(provision: string, field: string): string {
  return `provision-${provision}-${field}`;
}

const FIELD_WORDS: Record<string, string> = {
  complies: "answer",
  evidence: "evidence",
  links: "links to evidence",
  commentary: "commentary",
  action: "action to comply",
  target_date: "target date",
  official_wording: "official wording",
};

/** The fields of a provision the form shows. */
export const PROVISION_FIELDS = Object.keys(FIELD_WORDS);

/** "Provision 6.3: the target date" — each field's name in a sentence. */
export function fieldLabels(provisions: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of provisions) for (const [f, w] of Object.entries(FIELD_WORDS)) out[fieldKey(p, f)] = `Provision ${p}: the ${w}`;
  return out;
}

/** Every field key of these provisions, for mapping the server's errors onto the form. */
export function fieldKeys(provisions: string[]): string[] {
  return provisions.flatMap((p) => PROVISION_FIELDS.map((f) => fieldKey(p, f)));
}

/** One provision's answer for the server; undefined when its target date is not a real date
 * (the error is added). An answer that complies carries no action or target date. */
export function provisionInput(
  provision: string,
  draft: ProvisionDraft,
  errors: FormErrors,
) {
  const acting = needsAction(draft.complies);
  const target = acting
    ? readDate(errors, fieldKey(provision, "target_date"), draft.target, "none", `Provision ${provision}: enter the target date as a real date, for example 31 3 2026`)
    : null;
  if (target === undefined) return undefined;
  const text = (s: string) => {
    const t = s.trim();
    return t === "" ? null : t;
  };
  return {
    provision,
    complies: draft.complies === "" ? null : draft.complies,
    evidence: draft.evidence.trim(),
    links: linesOf(draft.links),
    commentary: draft.commentary.trim(),
    action: acting ? text(draft.action) : null,
    target_date: target,
    official_wording: text(draft.official_wording),
  };
}

export type ProvisionInput = NonNullable<ReturnType<typeof provisionInput>>;

/** The body of a save of these provisions, in the order given: `order[i]` is the provision
 * the server calls `provisions[i]`. */
export function saveBody(
  provisions: string[],
  drafts: Record<string, ProvisionDraft>,
  newVersionReason?: string,
): { body: { provisions: ProvisionInput[]; new_version_reason?: string }; order: string[]; errors: FormErrors } {
  const errors: FormErrors = { fields: {}, summary: [] };
  const out: ProvisionInput[] = [];
  const order: string[] = [];
  for (const p of provisions) {
    const d = drafts[p];
    if (!d) continue;
    const input = provisionInput(p, d, errors);
    if (input) {
      out.push(input);
      order.push(p);
    }
  }
  const body: { provisions: ProvisionInput[]; new_version_reason?: string } = { provisions: out };
  const reason = newVersionReason?.trim();
  if (reason) body.new_version_reason = reason;
  return { body, order, errors };
}

/** The server's problem with `provisions[3].complies` renamed to the form's field
 * (`provision-6.3-complies`), and a message that does not read on from the field's name
 * given the provision, so that the summary still says which provision it is about. */
export function mapProblem(problem: unknown, order: string[]): unknown {
  if (typeof problem !== "object" || problem === null) return problem;
  const p = problem as Problem;
  if (!Array.isArray(p.errors)) return problem;
  const errors: FieldError[] = p.errors.map((e) => {
    const m = /^provisions\[(\d+)\]\.(\w+)$/.exec(e?.field ?? "");
    const code = m ? order[Number(m[1])] : undefined;
    if (!m || !code) return e;
    const message = continuesAName(e.message) ? e.message : `for provision ${code}, ${e.message}`;
    return { field: fieldKey(code, m[2] as string), message };
  });
  return { ...p, errors };
}

/** The sections whose provisions have an error on the form. */
export function sectionsWithErrors(fields: Record<string, string>, provisions: { provision: string; section: number }[]): number[] {
  const out = new Set<number>();
  for (const p of provisions) {
    if (PROVISION_FIELDS.some((f) => fieldKey(p.provision, f) in fields)) out.add(p.section);
  }
  return [...out].sort((a, b) => a - b);
}

/** Whether the team may change what is shown: the latest version, while a draft (or before
 * anything is saved). An approved or published one changes only by a new version. */
export function isEditable(status: string): boolean {
  return status === "draft" || status === "not_started";
}

/** Whether a new version may be started from what is shown (Code 8.3, 8.4). */
export function mayStartNewVersion(status: string): boolean {
  return status === "approved" || status === "published";
}

/** The answers of the Ombudsman's submission form under their section titles, in order. */
export function groupByTitle<A extends { section_title: string }>(answers: A[]): { title: string; answers: A[] }[] {
  const out: { title: string; answers: A[] }[] = [];
  for (const a of answers) {
    const last = out[out.length - 1];
    if (last && last.title === a.section_title) last.answers.push(a);
    else out.push({ title: a.section_title, answers: [a] });
  }
  return out;
}

/** The financial years a self-assessment or report may be opened for: next year (a landlord
 * may prepare it early) back to 2020, newest first, at most `count`. */
export function assessableYears(currentYear: number, count = 6): number[] {
  const out: number[] = [];
  for (let y = currentYear + 1; y >= 2020 && out.length < count; y--) out.push(y);
  return out;
}
