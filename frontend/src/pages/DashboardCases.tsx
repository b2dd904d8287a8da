import { api } from "../api/client";
import { BackLink, Pagination, Tag, useTitle } from "../components/layout";
import { longDate } from "../lib/deadlines";
import { figureIsNow, figureTitle, number } from "../lib/figures";
import { periodLabel } from "../lib/periods";
import { humanise, statusLabel, statusTagClass } from "../lib/words";
import { Link, useLocation } from "../router";
import { NotLoaded, useLoad } from "./load";
import { NotFound } from "./NotFound";

const PAGE_SIZE = 50;

function caption(n: number, later: boolean, more: boolean): string {
  if (later) return "More complaints";
  if (more) return `The first ${n} complaints`;
  return n === 1 ? "The complaint" : `The ${n} complaints`;
}

/** The complaints behind a dashboard figure (the drill-down), counted by the same rules as
 * the figure; each links to its case page. */
export function DashboardCases({ slug, landlordName }: { slug: string; landlordName: string }) {
  const { query } = useLocation();
  const figure = query.get("figure") ?? "";
  const from = query.get("from") ?? "";
  const to = query.get("to") ?? "";
  const page = query.get("page") ?? "";
  const title = figureTitle(figure);
  useTitle(`${title ?? "Complaints behind a figure"} – ${landlordName}`);
  const loaded = useLoad(
    () =>
      api.GET("/api/v1/landlords/{slug}/dashboard/cases", {
        params: {
          path: { slug },
          query: { figure, limit: PAGE_SIZE, ...(from ? { from } : {}), ...(to ? { to } : {}), ...(page ? { cursor: page } : {}) },
        },
      }),
    [slug, figure, from, to, page],
  );

  if (!title) return <NotFound />;
  const enc = encodeURIComponent(slug);
  const period = from && to ? `?from=${from}&to=${to}` : "";
  const back = <BackLink href={`/l/${enc}/dashboard${period}`}>Back to the dashboard</BackLink>;
  const data = loaded.data;
  if (!data) {
    return (
      <>
        {back}
        <NotLoaded loaded={loaded} />
      </>
    );
  }

  // The figures about lateness say, for each complaint, by how many working days.
  const lateness = /_late$|_responded$|^open$|^overdue$/.test(figure);

  function pageHref(cursor: string | null): string {
    const q = new URLSearchParams({ figure });
    if (from) q.set("from", from);
    if (to) q.set("to", to);
    if (cursor) q.set("page", cursor);
    return `/l/${enc}/dashboard/cases?${q.toString()}`;
  }

  return (
    <>
      {back}
      <span className="govuk-caption-l">
        {figureIsNow(figure) ? "Today" : from && to ? periodLabel({ from, to }) : landlordName}
      </span>
      <h1 className="govuk-heading-l">{title}</h1>
      {data.items.length === 0 ? (
        <p className="govuk-body" role="status">
          {page ? "There are no more complaints." : "There are no complaints behind this figure."}
        </p>
      ) : (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--m">{caption(data.items.length, !!page, !!data.next_cursor)}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Reference</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header">Stage</th>
              <th scope="col" className="govuk-table__header">Received</th>
              <th scope="col" className="govuk-table__header">Category</th>
              {lateness && (
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">
                  {figureIsNow(figure) ? "Working days overdue" : "Working days late"}
                </th>
              )}
              <th scope="col" className="govuk-table__header">Held by</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {data.items.map((c) => (
              <tr className="govuk-table__row" key={c.id}>
                <th scope="row" className="govuk-table__header">
                  <Link href={`/l/${enc}/complaints/${c.id}`} className="govuk-link">
                    {c.reference}
                  </Link>
                </th>
                <td className="govuk-table__cell" data-label="Status">
                  <Tag className={statusTagClass(c.status)}>{statusLabel(c.status)}</Tag>
                </td>
                <td className="govuk-table__cell" data-label="Stage">
                  Stage {c.current_stage}
                </td>
                <td className="govuk-table__cell" data-label="Received">
                  {longDate(c.received_on)}
                </td>
                <td className="govuk-table__cell" data-label="Category">
                  {humanise(c.category)}
                </td>
                {lateness && (
                  <td className="govuk-table__cell govuk-table__cell--numeric" data-label={figureIsNow(figure) ? "Working days overdue" : "Working days late"}>
                    {c.days_late ? number(c.days_late) : figure === "open" ? "Not overdue" : "In time"}
                  </td>
                )}
                <td className="govuk-table__cell" data-label="Held by">
                  {c.held_by ?? "Nobody allocated"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination label="Pages of complaints" first={page ? pageHref(null) : null} next={data.next_cursor ? pageHref(data.next_cursor) : null} />
    </>
  );
}
