import { useEffect, useState, type FormEvent } from "react";
import { api, type Schemas } from "../api/client";
import { Button, Select, TextInput } from "../components/forms";
import { Loading, Tag, useTitle } from "../components/layout";
import { deadlineWords, longDate } from "../lib/deadlines";
import { formErrors } from "../lib/problems";
import { STATUSES, statusLabel, statusTagClass } from "../lib/words";
import {
  VIEWS,
  complaintCount,
  dueWords,
  rememberList,
  selectedFilters,
  viewHref,
  viewInfo,
  type ViewId,
} from "../lib/worklist";
import { Link, navigate, useLocation } from "../router";

type Row = Schemas["ComplaintSummary"];

const PAGE_SIZE = 25;

export function DeadlineTag({ left, overdue }: { left: number | null | undefined; overdue: boolean }) {
  const w = deadlineWords(left, overdue);
  if (!w) return <span className="govuk-hint govuk-!-margin-0">No deadline running</span>;
  const tone = { red: "govuk-tag--red", orange: "govuk-tag--orange", yellow: "govuk-tag--yellow", grey: "govuk-tag--grey" }[w.tone];
  return <Tag className={tone}>{w.text}</Tag>;
}

/** A risk or need that puts a case first in the triage inbox (Code 6.1). */
function RiskTags({ row }: { row: Row }) {
  const tags: string[] = [];
  if (row.risk === "high") tags.push("High risk");
  if (row.risk === "medium") tags.push("Medium risk");
  if (row.flags.includes("adjustments_requested")) tags.push("Adjustments asked for");
  if (tags.length === 0) return null;
  return (
    <>
      {tags.map((t) => (
        <Tag key={t} className="govuk-tag--purple app-tag--stacked">
          {t}
        </Tag>
      ))}
    </>
  );
}

export function Worklist({ slug, landlordName }: { slug: string; landlordName: string }) {
  const { query, href } = useLocation();
  const base = `/l/${encodeURIComponent(slug)}/complaints`;
  const view = viewInfo(query.get("view"));
  const status = query.get("status") ?? "";
  const stage = query.get("stage") ?? "";
  const q = query.get("q") ?? "";
  const page = query.get("page") ?? "";

  const [form, setForm] = useState({ status, stage, q });
  const [rows, setRows] = useState<Row[] | null>(null);
  const [counts, setCounts] = useState<Partial<Record<ViewId, number>> | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useTitle(`${view.label} – Complaints – ${landlordName}`);

  useEffect(() => {
    setForm({ status, stage, q });
  }, [status, stage, q]);

  useEffect(() => {
    let live = true;
    setRows(null);
    setProblem(null);
    const filters = {
      ...(status ? { status } : {}),
      ...(stage ? { stage } : {}),
      ...(q ? { q } : {}),
    };
    const list = api.GET("/api/v1/landlords/{slug}/complaints", {
      params: { path: { slug }, query: { view: view.id, limit: PAGE_SIZE, ...(page ? { cursor: page } : {}), ...filters } },
    });
    const views = api.GET("/api/v1/landlords/{slug}/complaints/views", {
      params: { path: { slug }, query: filters },
    });
    Promise.all([list, views])
      .then(([l, v]) => {
        if (!live) return;
        if (!l.data) throw l.error ?? new Error("no data");
        setRows(l.data.items);
        setNext(l.data.next_cursor ?? null);
        const c: Partial<Record<ViewId, number>> = {};
        for (const item of v.data?.views ?? []) c[item.view as ViewId] = item.count;
        setCounts(c);
      })
      .catch((e: unknown) => {
        if (live) setProblem(formErrors(e).summary[0]?.text ?? "Something went wrong.");
      });
    return () => {
      live = false;
    };
  }, [slug, view.id, status, stage, q, page, href]);

  // The case page offers the next case of this list.
  useEffect(() => {
    if (rows && rows.length > 0 && typeof sessionStorage !== "undefined") {
      rememberList(sessionStorage, { label: view.label, href, ids: rows.map((r) => r.id) });
    }
  }, [rows, view.label, href]);

  function apply(e: FormEvent) {
    e.preventDefault();
    const params = new URLSearchParams();
    if (view.id !== "open") params.set("view", view.id);
    for (const [k, v] of Object.entries(form)) if (v.trim()) params.set(k, v.trim());
    const qs = params.toString();
    navigate(`${base}${qs ? `?${qs}` : ""}`);
  }

  function pageHref(cursor: string | null): string {
    const params = new URLSearchParams(query);
    params.delete("page");
    if (cursor) params.set("page", cursor);
    const qs = params.toString();
    return `${base}${qs ? `?${qs}` : ""}`;
  }

  const tags = selectedFilters(base, query, { status: statusLabel });
  const clearHref = viewHref(base, new URLSearchParams(), view.id);
  const total = counts?.[view.id];

  return (
    <>
      <span className="govuk-caption-l">{landlordName}</span>
      <h1 className="govuk-heading-l">Complaints</h1>
      <nav className="app-views" aria-label="Worklist views">
        <ul className="app-views__list">
          {VIEWS.map((v) => {
            const current = v.id === view.id;
            const n = counts?.[v.id];
            return (
              <li key={v.id} className={`app-views__item${current ? " app-views__item--current" : ""}`}>
                <Link
                  href={viewHref(base, query, v.id)}
                  className="govuk-link govuk-link--no-visited-state app-views__link"
                  aria-current={current ? "page" : undefined}
                >
                  <span className="app-views__label">{v.label}</span>
                  <span className={`app-views__count${v.id === "overdue" && n ? " app-views__count--alert" : ""}`}>
                    {n === undefined ? "" : n.toLocaleString("en-GB")}
                    <span className="govuk-visually-hidden">{n === 1 ? " complaint" : " complaints"}</span>
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>

      <form className="app-filters" onSubmit={apply} role="search" aria-label="Filter complaints">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <TextInput
              name="q"
              label="Reference or words in the complaint"
              value={form.q}
              onChange={(v) => setForm({ ...form, q: v })}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="status"
              label="Status"
              value={form.status}
              onChange={(v) => setForm({ ...form, status: v })}
              choices={[{ value: "", label: "Any status" }, ...STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="stage"
              label="Stage"
              value={form.stage}
              onChange={(v) => setForm({ ...form, stage: v })}
              choices={[
                { value: "", label: "Either stage" },
                { value: "1", label: "Stage 1" },
                { value: "2", label: "Stage 2" },
              ]}
            />
          </div>
        </div>
        <Button secondary>Apply filters</Button>
      </form>

      {tags.length > 0 && (
        <div className="app-selected-filters">
          <h2 className="govuk-heading-s govuk-!-margin-bottom-2">Selected filters</h2>
          <ul className="app-selected-filters__list">
            {tags.map((t) => (
              <li key={t.name}>
                <Link href={t.removeHref} className="app-filter-tag">
                  <span className="govuk-visually-hidden">Remove this filter: </span>
                  {t.label}
                </Link>
              </li>
            ))}
          </ul>
          <p className="govuk-body">
            <Link href={clearHref} className="govuk-link">
              Clear filters
            </Link>
          </p>
        </div>
      )}

      {problem && (
        <div className="govuk-error-summary" role="alert" tabIndex={-1}>
          <h2 className="govuk-error-summary__title">There is a problem</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">{problem}</p>
          </div>
        </div>
      )}
      <h2 className="govuk-heading-m govuk-!-margin-bottom-1">{view.label}</h2>
      <p className="govuk-body" role="status">
        {total === undefined
          ? ""
          : `${complaintCount(total)}${tags.length > 0 ? (total === 1 ? " matches these filters" : " match these filters") : ""}. ${
              view.id === "unallocated" ? "Risks and adjustments come first, then what is due soonest." : "What is due soonest comes first."
            }`}
      </p>
      {!problem && rows === null && <Loading />}
      {rows && rows.length === 0 && (
        <p className="govuk-body">
          {page ? "There are no more complaints." : tags.length > 0 ? "No complaints in this view match these filters." : view.empty}
        </p>
      )}
      {rows && rows.length > 0 && (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-visually-hidden">
            {view.label}: what is due on each complaint, by when, and who holds it
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Reference</th>
              <th scope="col" className="govuk-table__header">What is due</th>
              <th scope="col" className="govuk-table__header">By when</th>
              <th scope="col" className="govuk-table__header">Held by</th>
              <th scope="col" className="govuk-table__header">Status</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((r) => (
              <tr className="govuk-table__row" key={r.id}>
                <th scope="row" className="govuk-table__header">
                  <Link href={`${base}/${r.id}`} className="govuk-link">
                    {r.reference}
                  </Link>
                  <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
                    Received {longDate(r.received_on)}
                  </span>
                  <RiskTags row={r} />
                </th>
                <td className="govuk-table__cell" data-label="What is due">
                  {dueWords(r.next_due, r.status)}
                </td>
                <td className="govuk-table__cell" data-label="By when">
                  {r.next_due ? (
                    <>
                      <DeadlineTag left={r.next_due.working_days_left} overdue={r.next_due.overdue} />
                      <span className="govuk-body-s govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                        {longDate(r.next_due.due_on)}
                      </span>
                    </>
                  ) : (
                    <span className="govuk-hint govuk-!-margin-0">No deadline running</span>
                  )}
                </td>
                <td className="govuk-table__cell" data-label="Held by">
                  {r.held_by ?? <span className="govuk-hint govuk-!-margin-0">Unallocated</span>}
                </td>
                <td className="govuk-table__cell" data-label="Status">
                  <Tag className={statusTagClass(r.status)}>{statusLabel(r.status)}</Tag>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(next || page) && (
        <nav className="govuk-pagination govuk-pagination--block" aria-label="Pages of complaints">
          {page && (
            <div className="govuk-pagination__prev">
              <Link className="govuk-link govuk-pagination__link" href={pageHref(null)} rel="first">
                <span className="govuk-pagination__link-title">First page</span>
              </Link>
            </div>
          )}
          {next && (
            <div className="govuk-pagination__next">
              <Link className="govuk-link govuk-pagination__link" href={pageHref(next)} rel="next">
                <span className="govuk-pagination__link-title">Next page</span>
              </Link>
            </div>
          )}
        </nav>
      )}
      <p className="govuk-body">
        <Link href={`/l/${encodeURIComponent(slug)}/calendar`} className="govuk-link">
          Working-day calculator
        </Link>
        : work out a deadline, and see which days were skipped and why.
      </p>
    </>
  );
}
