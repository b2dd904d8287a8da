import { useEffect, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { DateInput, ErrorSummary, Radios, TextInput, Textarea, emptyDate, type DateParts } from "../../components/forms";
import { BackLink, Loading, useTitle } from "../../components/layout";
import { isoFromParts } from "../../lib/deadlines";
import { setFlash } from "../../lib/flash";
import { formErrors, type FormErrors, type Problem } from "../../lib/problems";
import { complaintErrors, listed, parseReferences, resolveReferences } from "../../lib/references";
import { signalForLearning } from "../../lib/signals";
import { navigate, useLocation } from "../../router";
import { NotLoaded, useLoad } from "../load";
import { Forbidden } from "../Forbidden";
import { LEARNING_STATUSES, isFull, learningStatusLabel, mayRecord, searchComplaints, useReferences, type Entry } from "./data";

interface Draft {
  refs: string;
  service_area: string;
  what_went_wrong: string;
  lesson: string;
  improvement: string;
  owner: string;
  status: string;
  implemented_on: DateParts;
}

const EMPTY: Draft = {
  refs: "",
  service_area: "",
  what_went_wrong: "",
  lesson: "",
  improvement: "",
  owner: "",
  status: "",
  implemented_on: emptyDate,
};

/** The fields the form shows, by the names the server uses. */
const FIELDS = ["service_area", "what_went_wrong", "lesson", "improvement", "owner", "status", "implemented_on"];
const LABELS: Record<string, string> = {
  service_area: "Service area",
  what_went_wrong: "What went wrong",
  lesson: "The lesson",
  improvement: "The improvement",
  owner: "The owner",
  status: "Status",
  implemented_on: "The date it was implemented",
};

function partsOf(iso: string | null | undefined): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? "");
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] as string } : emptyDate;
}

function draftOf(e: Entry, refs: Record<string, string>): Draft {
  return {
    refs: e.complaint_ids.map((id) => refs[id] ?? "").filter(Boolean).join("\n"),
    service_area: e.service_area,
    what_went_wrong: e.what_went_wrong,
    lesson: e.lesson,
    improvement: e.improvement,
    owner: e.owner ?? "",
    status: e.status,
    implemented_on: partsOf(e.implemented_on),
  };
}

function FormFields({ draft, set, errors }: { draft: Draft; set: (d: Draft) => void; errors: FormErrors | null }) {
  const f = errors?.fields ?? {};
  return (
    <>
      <Textarea
        name="complaint_refs"
        label="Complaints it was learnt from"
        hint="The reference of each complaint, for example RIV-000012, separated by commas or each on its own line. Search the complaints list to find them."
        rows={3}
        value={draft.refs}
        onChange={(v) => set({ ...draft, refs: v })}
        error={f.complaint_refs}
      />
      <TextInput
        name="service_area"
        label="Service area"
        hint="For example, repairs, antisocial behaviour or rent"
        value={draft.service_area}
        onChange={(v) => set({ ...draft, service_area: v })}
        error={f.service_area}
      />
      <Textarea name="what_went_wrong" label="What went wrong" value={draft.what_went_wrong} onChange={(v) => set({ ...draft, what_went_wrong: v })} error={f.what_went_wrong} />
      <Textarea name="lesson" label="Lesson" value={draft.lesson} onChange={(v) => set({ ...draft, lesson: v })} error={f.lesson} />
      <Textarea
        name="improvement"
        label="Improvement"
        hint="What the landlord will change, or has changed, so that it does not happen again"
        value={draft.improvement}
        onChange={(v) => set({ ...draft, improvement: v })}
        error={f.improvement}
      />
      <TextInput
        name="owner"
        label="Owner (optional)"
        hint="The team or post responsible for the improvement"
        value={draft.owner}
        onChange={(v) => set({ ...draft, owner: v })}
        error={f.owner}
      />
      <Radios
        name="status"
        label="How far has the improvement got?"
        legendSize="m"
        value={draft.status}
        onChange={(v) => set({ ...draft, status: v })}
        error={f.status}
        choices={LEARNING_STATUSES.map((s) => ({ value: s, label: learningStatusLabel(s) }))}
        conditional={{
          implemented: (
            <DateInput
              name="implemented_on"
              label="When was it implemented?"
              hint="For example, 27 3 2026"
              value={draft.implemented_on}
              onChange={(v) => set({ ...draft, implemented_on: v })}
              error={f.implemented_on}
            />
          ),
        }}
      />
    </>
  );
}

/** Checks before asking the server; the implementation date as ISO when given. */
function check(d: Draft): { errors: FormErrors; implementedOn: string | null } {
  const errors: FormErrors = { fields: {}, summary: [] };
  const add = (field: string, text: string) => {
    errors.fields[field] = text;
    errors.summary.push({ text, href: `#${field}` });
  };
  if (parseReferences(d.refs).length === 0) add("complaint_refs", "Enter the reference of at least one complaint it was learnt from");
  if (!d.service_area.trim()) add("service_area", "Enter the service area");
  if (!d.what_went_wrong.trim()) add("what_went_wrong", "Enter what went wrong");
  if (!d.lesson.trim()) add("lesson", "Enter the lesson");
  if (!d.improvement.trim()) add("improvement", "Enter the improvement");
  if (!d.status) add("status", "Select how far the improvement has got");
  let implementedOn: string | null = null;
  if (d.status === "implemented") {
    const iso = isoFromParts(d.implemented_on.day, d.implemented_on.month, d.implemented_on.year);
    if (!iso) add("implemented_on", "Enter the date it was implemented as a real date, for example 27 3 2026");
    else implementedOn = iso;
  }
  return { errors, implementedOn };
}

/** The server's refusal mapped onto the form, the complaint errors onto the references box. */
function serverErrors(error: unknown, refs: string[]): FormErrors {
  const p = (error ?? {}) as Problem;
  const list = Array.isArray(p.errors) ? p.errors : [];
  const complaints = complaintErrors(list, refs);
  const rest = formErrors({ ...p, errors: list.filter((e) => !e.field.startsWith("complaint_ids")) }, FIELDS, LABELS);
  if (!complaints) return rest;
  const summary = rest.summary.length === 1 && !rest.summary[0]?.href && list.length > 0 ? [] : rest.summary;
  return {
    fields: { ...rest.fields, complaint_refs: complaints },
    summary: [{ text: complaints, href: "#complaint_refs" }, ...summary],
  };
}

/** Records learning, or changes an entry (`id`), for the complaints team. Complaints are
 * named by reference and looked up through the worklist's search. */
export function LearningForm({ slug, id, landlordName, role }: { slug: string; id?: string; landlordName: string; role: string }) {
  const { query } = useLocation();
  const editing = !!id;
  const [draft, setDraft] = useState<Draft | null>(editing ? null : EMPTY);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/l/${encodeURIComponent(slug)}/learning`;
  const title = editing ? "Change learning" : "Record learning from complaints";
  useTitle(`${title} – ${landlordName}`, !!errors);

  const loaded = useLoad(
    id ? () => api.GET("/api/v1/landlords/{slug}/learning/{id}", { params: { path: { slug, id } } }) : null,
    [slug, id],
  );
  const entry = loaded.data && isFull(loaded.data) ? loaded.data : null;
  const refs = useReferences(slug, entry?.complaint_ids ?? null, editing);
  useEffect(() => {
    if (entry && refs && draft === null) setDraft(draftOf(entry, refs));
  }, [entry, refs, draft]);

  // A complaint to start from, when the form is opened from a case page.
  const from = query.get("complaint");
  const start = useReferences(slug, !editing && from ? [from] : null, !editing && !!from);
  useEffect(() => {
    if (start && from && start[from]) setDraft((d) => (d && !d.refs ? { ...d, refs: start[from] as string } : d));
  }, [start, from]);

  // An early warning signal to start from (Code 9.4): its cases and what it found.
  const signalId = editing ? null : query.get("signal");
  const signals = useLoad(
    signalId ? () => api.GET("/api/v1/landlords/{slug}/signals", { params: { path: { slug }, query: { status: "open", limit: 200 } } }) : null,
    [slug, signalId],
  );
  const signal = signals.data?.items.find((x) => x.id === signalId) ?? null;
  useEffect(() => {
    if (!signal) return;
    setDraft((d) =>
      d && !d.refs && !d.what_went_wrong
        ? { ...d, refs: signal.cases.map((c) => c.reference).join("\n"), what_went_wrong: signalForLearning(signal) }
        : d,
    );
  }, [signal]);

  if (!mayRecord(role)) return <Forbidden detail="only the complaints team may record learning" />;
  if (editing && !entry && loaded.status !== null) return <NotLoaded loaded={loaded} what="Learning entry" />;
  if (!draft) return <Loading />;
  const back = editing ? `${base}/${id}` : base;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    const local = check(draft);
    if (local.errors.summary.length > 0) {
      setErrors(local.errors);
      return;
    }
    setBusy(true);
    try {
      const refList = parseReferences(draft.refs);
      const found = await resolveReferences(refList, searchComplaints(slug));
      if (found.missing.length > 0) {
        const text =
          found.missing.length === 1
            ? `No complaint has the reference ${found.missing[0]}: check it in the complaints list`
            : `No complaints have the references ${listed(found.missing)}: check them in the complaints list`;
        setErrors({ fields: { complaint_refs: text }, summary: [{ text, href: "#complaint_refs" }] });
        return;
      }
      const body = {
        complaint_ids: found.ids as string[],
        service_area: draft.service_area.trim(),
        what_went_wrong: draft.what_went_wrong,
        lesson: draft.lesson,
        improvement: draft.improvement,
        owner: draft.owner.trim() || null,
        status: draft.status,
        implemented_on: local.implementedOn,
        signal_id: signal?.id ?? null,
      };
      const res = id
        ? await api.PATCH("/api/v1/landlords/{slug}/learning/{id}", { params: { path: { slug, id } }, body })
        : await api.POST("/api/v1/landlords/{slug}/learning", { params: { path: { slug } }, body });
      if (res.data) {
        setFlash(id ? "Learning entry changed" : "Learning recorded");
        navigate(`${base}/${res.data.id}`);
        return;
      }
      setErrors(serverErrors(res.error, refList));
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <BackLink href={back}>Back</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l">Learning from complaints</span>
          <h1 className="govuk-heading-l">{title}</h1>
          <p className="govuk-body">
            Record what went wrong, the lesson and the improvement (Code 9.1). Write no resident's personal details here: the entry is seen by the
            Member Responsible for Complaints and the governing body. A complaints officer publishes an anonymised summary separately.
          </p>
          {signal && (
            <div className="govuk-inset-text">
              From the early warning: {signalForLearning(signal)} Recording this entry closes the signal as turned into learning.
            </div>
          )}
          <form onSubmit={submit} noValidate>
            <FormFields draft={draft} set={setDraft} errors={errors} />
            <div className="govuk-button-group">
              <button type="submit" className="govuk-button" data-module="govuk-button" disabled={busy}>
                {editing ? "Save changes" : "Record learning"}
              </button>
              <a
                href={back}
                className="govuk-link"
                onClick={(e) => {
                  e.preventDefault();
                  navigate(back);
                }}
              >
                Cancel
              </a>
            </div>
          </form>
        </div>
      </div>
    </>
  );
}
