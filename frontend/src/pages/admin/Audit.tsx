import { useEffect, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { Select } from "../../components/forms";
import { BackLink, Pagination, useTitle } from "../../components/layout";
import { auditDetail, auditKindLabel, COMMON_AUDIT_KINDS } from "../../lib/audit";
import { dateTime } from "../../lib/deadlines";
import { Link, navigate, useLocation } from "../../router";
import { NotLoaded, useLoad } from "../load";

const PAGE_SIZE = 25;

/** Where an entry's subject is, when the portal has a page for it. */
function subjectHref(slug: string, kind: string, id: string): string | null {
  const base = `/l/${encodeURIComponent(slug)}`;
  if (kind.startsWith("complaint.")) return `${base}/complaints/${id}`;
  if (kind.startsWith("resident.")) return `${base}/residents/${id}`;
  return null;
}

/** The landlord's append-only audit log (landlord admin): who read or did what that must be
 * accounted for, such as the MRC opening a case file (SPEC section 1), newest first. */
export function AuditLog({ slug, landlordName }: { slug: string; landlordName: string }) {
  const { query } = useLocation();
  const kind = query.get("kind") ?? "";
  const page = query.get("page") ?? "";
  const [form, setForm] = useState(kind);
  useTitle(`Audit log – ${landlordName}`);
  useEffect(() => setForm(kind), [kind]);
  const base = `/l/${encodeURIComponent(slug)}/audit`;
  const loaded = useLoad(
    () =>
      api.GET("/api/v1/landlords/{slug}/audit", {
        params: { path: { slug }, query: { limit: PAGE_SIZE, ...(kind ? { kind } : {}), ...(page ? { cursor: page } : {}) } },
      }),
    [slug, kind, page],
  );
  // Who did it, by name: the landlord's users as the admin sees them.
  const users = useLoad(() => api.GET("/api/v1/landlords/{slug}/users", { params: { path: { slug }, query: { limit: 200 } } }), [slug]);
  const names: Record<string, string> = Object.fromEntries(
    (users.data?.items ?? []).map((u) => [u.id, u.name ? `${u.name} (${u.email})` : u.email]),
  );

  function apply(e: FormEvent) {
    e.preventDefault();
    navigate(form ? `${base}?kind=${encodeURIComponent(form)}` : base);
  }

  const pageHref = (cursor: string | null) => {
    const q = new URLSearchParams();
    if (kind) q.set("kind", kind);
    if (cursor) q.set("page", cursor);
    const s = q.toString();
    return s ? `${base}?${s}` : base;
  };
  const kinds = COMMON_AUDIT_KINDS.includes(kind) || !kind ? COMMON_AUDIT_KINDS : [kind, ...COMMON_AUDIT_KINDS];
  const data = loaded.data;
  return (
    <>
      <BackLink href={`/l/${encodeURIComponent(slug)}/admin`}>Back to administration</BackLink>
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Audit log</h1>
      <p className="govuk-body">
        Every reading of a record that must be accounted for, such as the Member Responsible for Complaints opening a case file, and
        every approval and publication, newest first. Nothing in the log can be changed or removed.
      </p>
      <form className="app-filters" onSubmit={apply} aria-label="Filter the audit log">
        <Select
          name="kind"
          label="Show"
          value={form}
          onChange={setForm}
          choices={[{ value: "", label: "Everything" }, ...kinds.map((k) => ({ value: k, label: auditKindLabel(k) }))]}
        />
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Show entries
        </button>
      </form>
      {!data ? (
        <NotLoaded loaded={loaded} />
      ) : data.items.length === 0 ? (
        <p className="govuk-body" role="status">
          {kind ? `There are no entries of the kind "${auditKindLabel(kind)}".` : "There are no entries in the audit log yet."}
        </p>
      ) : (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {kind ? auditKindLabel(kind) : "Every entry"}, newest first
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">When</th>
              <th scope="col" className="govuk-table__header">Who</th>
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
                    {e.actor_id ? (names[e.actor_id] ?? e.actor_id) : "The system"}
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
                        {e.kind.startsWith("complaint.") ? "The complaint" : "The resident's record"}
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
