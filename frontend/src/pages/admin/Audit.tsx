import { useEffect, useState, type FormEvent } from "react";
import { api, apiUrl, sessionFetch } from "../../api/client";
import { DateInput, ErrorSummary, Select, TextInput } from "../../components/forms";
import { BackLink, Pagination, useTitle } from "../../components/layout";
import {
  anyAuditFilter,
  auditCsvName,
  auditDetail,
  auditFiltersOf,
  auditKindLabel,
  auditQuery,
  auditSearch,
  COMMON_AUDIT_KINDS,
  readAuditForm,
  type AuditFilters,
  type AuditForm,
} from "../../lib/audit";
import { dateTime } from "../../lib/deadlines";
import { londonToday } from "../../lib/periods";
import { partsOf } from "../../lib/forms";
import { formErrors, type FormErrors } from "../../lib/problems";
import { Link, navigate, useLocation } from "../../router";
import { NotLoaded, useLoad } from "../load";

const PAGE_SIZE = 25;

/** Where an entry's subject is, when the portal has a page for it. */
function subjectHref(slug: string, kind: string, id: string): string | null {
  const base = `/l/${encodeURIComponent(slug)}`;
  if (kind.startsWith("complaint.") || kind.startsWith("tracking_link.")) return `${base}/complaints/${id}`;
  if (kind.startsWith("resident.")) return `${base}/residents/${id}`;
  return null;
}

function formOf(f: AuditFilters): AuditForm {
  return { kind: f.kind, actor: f.actor, subject: f.subject, from: partsOf(f.from), to: partsOf(f.to) };
}

/** The landlord's append-only audit log (landlord admin): who read or did what that must be
 * accounted for, such as the MRC opening a case file (docs/roles.md, "The Member Responsible
 * for Complaints"), and from where, newest first; filtered, and downloaded as CSV with the
 * same filters. */
export function AuditLog({ slug, landlordName }: { slug: string; landlordName: string }) {
  const { query } = useLocation();
  const filters = auditFiltersOf(query);
  const page = query.get("page") ?? "";
  const key = auditSearch(filters, page);
  const [form, setForm] = useState<AuditForm>(() => formOf(filters));
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [download, setDownload] = useState<{ busy: boolean; done: string | null; errors: FormErrors | null }>({
    busy: false,
    done: null,
    errors: null,
  });
  useTitle(`Audit log – ${landlordName}`, !!errors || !!download.errors);
  useEffect(() => {
    setForm(formOf(auditFiltersOf(new URLSearchParams(key))));
    setErrors(null);
  }, [key]);
  const base = `/l/${encodeURIComponent(slug)}/audit`;
  const loaded = useLoad(
    () =>
      api.GET("/api/v1/landlords/{slug}/audit", {
        params: { path: { slug }, query: { limit: PAGE_SIZE, ...auditQuery(filters), ...(page ? { cursor: page } : {}) } },
      }),
    [slug, key],
  );
  // Who did it, by name: the landlord's users as the admin sees them.
  const users = useLoad(() => api.GET("/api/v1/landlords/{slug}/users", { params: { path: { slug }, query: { limit: 200 } } }), [slug]);
  const names: Record<string, string> = Object.fromEntries(
    (users.data?.items ?? []).map((u) => [u.id, u.name ? `${u.name} (${u.email})` : u.email]),
  );

  function apply(e: FormEvent) {
    e.preventDefault();
    const read = readAuditForm(form);
    if (read.errors.summary.length > 0) {
      setErrors(read.errors);
      return;
    }
    setErrors(null);
    navigate(`${base}${auditSearch(read.filters)}`);
  }

  /** The CSV needs the session's bearer token, so it is fetched and handed to the browser
   * as a file rather than linked to. */
  async function downloadCsv() {
    setDownload({ busy: true, done: null, errors: null });
    try {
      const res = await sessionFetch(new Request(apiUrl(`/api/v1/landlords/${encodeURIComponent(slug)}/audit/export${auditSearch(filters)}`)));
      if (!res.ok) {
        const problem: unknown = await res.json().catch(() => null);
        setDownload({ busy: false, done: null, errors: formErrors(problem) });
        return;
      }
      const blob = await res.blob();
      const name = auditCsvName(slug, filters, londonToday());
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setDownload({ busy: false, done: `Downloaded ${name}`, errors: null });
    } catch {
      setDownload({ busy: false, done: null, errors: formErrors(null) });
    }
  }

  const pageHref = (cursor: string | null) => `${base}${auditSearch(filters, cursor)}`;
  const kinds = COMMON_AUDIT_KINDS.includes(filters.kind) || !filters.kind ? COMMON_AUDIT_KINDS : [filters.kind, ...COMMON_AUDIT_KINDS];
  const people = (users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name ? `${u.name} (${u.email})` : u.email }));
  if (filters.actor && !people.some((p) => p.value === filters.actor)) people.unshift({ value: filters.actor, label: filters.actor });
  const filtered = anyAuditFilter(filters);
  // Filtered by kind alone, the caption and the empty list name the kind.
  const kindOnly = filtered && !!filters.kind && !filters.actor && !filters.subject && !filters.from && !filters.to;
  const data = loaded.data;
  const f = errors?.fields ?? {};
  return (
    <>
      <BackLink href={`/l/${encodeURIComponent(slug)}/admin`}>Back to administration</BackLink>
      <ErrorSummary errors={errors ?? download.errors} />
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Audit log</h1>
      <p className="govuk-body">
        Every reading of a record that must be accounted for, such as the Member Responsible for Complaints opening a case file,
        every sign-in and change to who may do what, and every approval and publication, newest first, with the address each
        request came from. Nothing in the log can be changed or removed.
      </p>
      <form className="app-filters" onSubmit={apply} role="search" aria-label="Filter the audit log" noValidate>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <Select
              name="kind"
              label="Show"
              value={form.kind}
              onChange={(kind) => setForm({ ...form, kind })}
              choices={[{ value: "", label: "Everything" }, ...kinds.map((k) => ({ value: k, label: auditKindLabel(k) }))]}
            />
          </div>
          <div className="govuk-grid-column-one-half">
            <Select
              name="actor"
              label="Who did it"
              value={form.actor}
              onChange={(actor) => setForm({ ...form, actor })}
              choices={[{ value: "", label: "Anyone" }, ...people]}
            />
          </div>
        </div>
        <TextInput
          name="subject"
          label="ID of the record or person it is about (optional)"
          hint="For example, a complaint's or a user's ID, as shown in the Subject column"
          spellCheck={false}
          autoComplete="off"
          width="govuk-input--width-30"
          value={form.subject}
          onChange={(subject) => setForm({ ...form, subject })}
          error={f.subject}
        />
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <DateInput
              name="from"
              label="From (optional)"
              hint="For example, 1 4 2026"
              value={form.from}
              onChange={(from) => setForm({ ...form, from })}
              error={f.from}
            />
          </div>
          <div className="govuk-grid-column-one-half">
            <DateInput
              name="to"
              label="To (optional)"
              hint="For example, 30 4 2026"
              value={form.to}
              onChange={(to) => setForm({ ...form, to })}
              error={f.to}
            />
          </div>
        </div>
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
            Show entries
          </button>
          {filtered && (
            <Link
              href={base}
              className="govuk-link"
              onClick={() => {
                setForm(formOf({ kind: "", actor: "", subject: "", from: "", to: "" }));
              }}
            >
              Clear filters
            </Link>
          )}
        </div>
      </form>
      <div className="govuk-button-group">
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          data-module="govuk-button"
          disabled={download.busy}
          onClick={() => void downloadCsv()}
        >
          Download as CSV<span className="govuk-visually-hidden">{filtered ? ": the entries shown by the filters" : ": every entry"}</span>
        </button>
      </div>
      <div role="status">{(download.busy || download.done) && <p className="govuk-body">{download.busy ? "Preparing the file…" : download.done}</p>}</div>
      {!data ? (
        <NotLoaded loaded={loaded} />
      ) : data.items.length === 0 ? (
        <p className="govuk-body" role="status">
          {kindOnly
            ? `There are no entries of the kind "${auditKindLabel(filters.kind)}".`
            : filtered
              ? "There are no entries that match the filters."
              : "There are no entries in the audit log yet."}
        </p>
      ) : (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {kindOnly ? auditKindLabel(filters.kind) : filtered ? "Entries matching the filters" : "Every entry"}, newest first
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">When</th>
              <th scope="col" className="govuk-table__header">Who</th>
              <th scope="col" className="govuk-table__header">From</th>
              <th scope="col" className="govuk-table__header">What</th>
              <th scope="col" className="govuk-table__header">Subject</th>
              <th scope="col" className="govuk-table__header">Detail</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {data.items.map((e) => {
              const detail = auditDetail(e.detail);
              const href = e.subject_id ? subjectHref(slug, e.kind, e.subject_id) : null;
              return (
                <tr className="govuk-table__row" key={e.id}>
                  <td className="govuk-table__cell" data-label="When">
                    {dateTime(e.occurred_at)}
                  </td>
                  <td className="govuk-table__cell app-break" data-label="Who">
                    {e.actor_id ? (names[e.actor_id] ?? e.actor_id) : e.client_address ? "Someone not signed in" : "The system"}
                  </td>
                  <td className="govuk-table__cell app-break" data-label="From">
                    {e.client_address ?? "The server"}
                  </td>
                  <td className="govuk-table__cell app-break" data-label="What">
                    {auditKindLabel(e.kind)}
                    <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
                      <code>{e.kind}</code>
                    </span>
                  </td>
                  <td className="govuk-table__cell app-break" data-label="Subject">
                    {!e.subject_id ? (
                      "None"
                    ) : href ? (
                      <Link href={href} className="govuk-link">
                        {e.kind.startsWith("resident.") ? "The resident's record" : "The complaint"}
                        <span className="govuk-visually-hidden"> {e.subject_id}</span>
                      </Link>
                    ) : (
                      e.subject_id
                    )}
                  </td>
                  <td className="govuk-table__cell app-break" data-label="Detail">
                    {detail.length === 0 ? (
                      "None"
                    ) : (
                      <ul className="govuk-list govuk-body-s govuk-!-margin-bottom-0">
                        {detail.map((d) => (
                          <li key={d.label}>
                            {d.label}: {d.value}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {data && <Pagination label="Pages of the audit log" first={page ? pageHref(null) : null} next={data.next_cursor ? pageHref(data.next_cursor) : null} />}
    </>
  );
}
