import { useEffect, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { Select } from "../../components/forms";
import { ButtonLink, Pagination, SuccessBanner, Tag, useTitle } from "../../components/layout";
import { longDate } from "../../lib/deadlines";
import { takeFlash } from "../../lib/flash";
import { SERVICE_REQUEST_STATUSES, serviceRequestStatusLabel, serviceRequestStatusTag } from "../../lib/residents";
import { RESIDENT_WRITERS } from "../../lib/roles";
import { humanise } from "../../lib/words";
import { Link, navigate, useLocation } from "../../router";
import { NotLoaded, useLoad } from "../load";
import { residentHref, useResident } from "../residents/data";
import { useResidentNames } from "../staff/common";

const PAGE_SIZE = 25;

/** Service requests (Code 1.4): recorded, monitored and reviewed apart from complaints. */
export function ServiceRequestList({ slug, landlordName, role }: { slug: string; landlordName: string; role: string }) {
  const { query } = useLocation();
  const status = query.get("status") ?? "";
  const resident = query.get("resident") ?? "";
  const page = query.get("page") ?? "";
  const [form, setForm] = useState({ status });
  const [flash] = useState(() => takeFlash());
  useEffect(() => setForm({ status }), [status]);
  const who = useResident(slug, resident || undefined);
  useTitle(`Service requests – ${landlordName}`);
  const base = `/l/${encodeURIComponent(slug)}/service-requests`;

  const loaded = useLoad(
    () =>
      api.GET("/api/v1/landlords/{slug}/service-requests", {
        params: {
          path: { slug },
          query: {
            limit: PAGE_SIZE,
            ...(status ? { status } : {}),
            ...(resident ? { resident_id: resident } : {}),
            ...(page ? { cursor: page } : {}),
          },
        },
      }),
    [slug, status, resident, page],
  );
  const names = useResidentNames(slug, loaded.data?.items.map((s) => s.resident_id) ?? null);

  function apply(e: FormEvent) {
    e.preventDefault();
    const p = new URLSearchParams();
    if (form.status) p.set("status", form.status);
    if (resident) p.set("resident", resident);
    navigate(`${base}${p.toString() ? `?${p.toString()}` : ""}`);
  }

  function pageHref(cursor: string | null): string {
    const p = new URLSearchParams(query);
    p.delete("page");
    if (cursor) p.set("page", cursor);
    return `${base}${p.toString() ? `?${p.toString()}` : ""}`;
  }

  const filtered = !!(status || resident);
  const data = loaded.data;
  return (
    <>
      {flash && <SuccessBanner heading={flash} />}
      <span className="govuk-caption-l">{landlordName}</span>
      <h1 className="govuk-heading-l">Service requests</h1>
      <p className="govuk-body">
        Requests for a service, such as a repair, are recorded and followed up apart from complaints (Code 1.4). A complaint can be raised from
        one while it stays open (Code 1.5).
      </p>
      {RESIDENT_WRITERS.includes(role) && (
        <ButtonLink href={`${base}/new${resident ? `?resident=${resident}` : ""}`}>Record a service request</ButtonLink>
      )}
      <form className="app-filters" onSubmit={apply} aria-label="Filter service requests">
        {resident && (
          <p className="govuk-body">
            Showing the service requests of{" "}
            {who.data ? (
              <Link href={residentHref(slug, resident)} className="govuk-link">
                {who.data.name}
              </Link>
            ) : (
              "one resident"
            )}
            .
          </p>
        )}
        <Select
          name="status"
          label="Status"
          value={form.status}
          onChange={(v) => setForm({ status: v })}
          choices={[{ value: "", label: "Any status" }, ...SERVICE_REQUEST_STATUSES.map((s) => ({ value: s, label: serviceRequestStatusLabel(s) }))]}
        />
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Apply filters
        </button>
        {filtered && (
          <p className="govuk-body">
            <Link href={base} className="govuk-link">
              Clear filters
            </Link>
          </p>
        )}
      </form>
      {!data ? (
        <NotLoaded loaded={loaded} />
      ) : data.items.length === 0 ? (
        <p className="govuk-body" role="status">
          {page ? "There are no more service requests." : filtered ? "No service requests match these filters." : "No service requests have been recorded yet."}
        </p>
      ) : (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--m">{page ? "More service requests" : "Service requests, newest first"}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Reference</th>
              <th scope="col" className="govuk-table__header">Resident</th>
              <th scope="col" className="govuk-table__header">Category</th>
              <th scope="col" className="govuk-table__header">Reported</th>
              <th scope="col" className="govuk-table__header">Due</th>
              <th scope="col" className="govuk-table__header">Status</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {data.items.map((s) => (
              <tr className="govuk-table__row" key={s.id}>
                <th scope="row" className="govuk-table__header">
                  <Link href={`${base}/${s.id}`} className="govuk-link">
                    {s.reference}
                  </Link>
                </th>
                <td className="govuk-table__cell" data-label="Resident">
                  <Link href={residentHref(slug, s.resident_id)} className="govuk-link">
                    {names[s.resident_id] ?? "The resident"}
                  </Link>
                </td>
                <td className="govuk-table__cell" data-label="Category">
                  {humanise(s.category)}
                </td>
                <td className="govuk-table__cell" data-label="Reported">
                  {longDate(s.reported_on)}
                </td>
                <td className="govuk-table__cell" data-label="Due">
                  {longDate(s.due_on) || "No date set"}
                </td>
                <td className="govuk-table__cell" data-label="Status">
                  <Tag className={serviceRequestStatusTag(s.status)}>{serviceRequestStatusLabel(s.status)}</Tag>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && (
        <Pagination label="Pages of service requests" first={page ? pageHref(null) : null} next={data.next_cursor ? pageHref(data.next_cursor) : null} />
      )}
    </>
  );
}
