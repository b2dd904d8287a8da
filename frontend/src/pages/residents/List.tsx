import { useEffect, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { TextInput } from "../../components/forms";
import { ButtonLink, Pagination, Tag, useTitle } from "../../components/layout";
import { contactMethodLabel } from "../../lib/residents";
import { COMPLAINTS_TEAM, RESIDENT_WRITERS } from "../../lib/roles";
import { Link, navigate, useLocation } from "../../router";
import { NotLoaded, useLoad } from "../load";

const PAGE_SIZE = 25;

/** The landlord's residents, found by part of a name, email address or property reference. */
export function ResidentList({ slug, landlordName, role }: { slug: string; landlordName: string; role: string }) {
  const { query } = useLocation();
  const q = query.get("q") ?? "";
  const page = query.get("page") ?? "";
  const [text, setText] = useState(q);
  useTitle(`Residents – ${landlordName}`);
  useEffect(() => setText(q), [q]);
  const base = `/l/${encodeURIComponent(slug)}/residents`;

  const loaded = useLoad(
    () =>
      api.GET("/api/v1/landlords/{slug}/residents", {
        params: { path: { slug }, query: { limit: PAGE_SIZE, ...(q ? { q } : {}), ...(page ? { cursor: page } : {}) } },
      }),
    [slug, q, page],
  );

  function search(e: FormEvent) {
    e.preventDefault();
    const t = text.trim();
    navigate(t ? `${base}?q=${encodeURIComponent(t)}` : base);
  }

  function pageHref(cursor: string | null): string {
    const p = new URLSearchParams(query);
    p.delete("page");
    if (cursor) p.set("page", cursor);
    return `${base}${p.toString() ? `?${p.toString()}` : ""}`;
  }

  const data = loaded.data;
  return (
    <>
      <span className="govuk-caption-l">{landlordName}</span>
      <h1 className="govuk-heading-l">Residents</h1>
      <p className="govuk-body">
        Residents' contact details, the reasonable adjustments agreed with them (Code 3.1, 5.10), any restriction on contact (Code 5.14) and their
        service requests.
        {COMPLAINTS_TEAM.includes(role) && (
          <>
            {" "}
            <Link href={`/l/${encodeURIComponent(slug)}/reviews`} className="govuk-link">
              See the adjustments and restrictions due for review
            </Link>
            .
          </>
        )}
      </p>
      {RESIDENT_WRITERS.includes(role) && <ButtonLink href={`${base}/new`}>Add a resident</ButtonLink>}
      <form className="app-filters" onSubmit={search} role="search" aria-label="Find a resident">
        <TextInput
          name="q"
          label="Name, email address or property reference"
          hint="Part of it is enough, in any case"
          value={text}
          onChange={setText}
        />
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Search
        </button>
        {q && (
          <p className="govuk-body">
            <Link href={base} className="govuk-link">
              Clear search
            </Link>
          </p>
        )}
      </form>
      {!data ? (
        <NotLoaded loaded={loaded} />
      ) : data.items.length === 0 ? (
        <p className="govuk-body" role="status">
          {page ? "There are no more residents." : q ? `No residents match “${q}”.` : "No residents have been recorded yet."}
        </p>
      ) : (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--m">{q ? `Residents matching “${q}”` : "Residents"}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Name</th>
              <th scope="col" className="govuk-table__header">Contact</th>
              <th scope="col" className="govuk-table__header">Property reference</th>
              <th scope="col" className="govuk-table__header">Prefers</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {data.items.map((r) => (
              <tr className="govuk-table__row" key={r.id}>
                <th scope="row" className="govuk-table__header">
                  <Link href={`${base}/${r.id}`} className="govuk-link">
                    {r.name}
                  </Link>
                </th>
                <td className="govuk-table__cell app-break" data-label="Contact">
                  {[r.email, r.phone].filter(Boolean).join(", ") || "None recorded"}
                  {r.email_bounced && (
                    <>
                      {" "}
                      <Tag className="govuk-tag--red">Email bouncing</Tag>
                    </>
                  )}
                </td>
                <td className="govuk-table__cell" data-label="Property reference">
                  {r.property_ref ?? ""}
                </td>
                <td className="govuk-table__cell" data-label="Prefers">
                  {[contactMethodLabel(r.preferred_contact), r.preferred_format].filter(Boolean).join(", ")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && <Pagination label="Pages of residents" first={page ? pageHref(null) : null} next={data.next_cursor ? pageHref(data.next_cursor) : null} />}
    </>
  );
}
