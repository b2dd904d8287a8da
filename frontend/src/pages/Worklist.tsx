import { useEffect, useState, type FormEvent } from "react";
import { api, type Schemas } from "../api/client";
import { Button, Select, TextInput } from "../components/forms";
import { Loading, Tag, useTitle } from "../components/layout";
import { deadlineWords, longDate } from "../lib/deadlines";
import { formErrors } from "../lib/problems";
import { STATUSES, humanise, statusLabel, statusTagClass } from "../lib/words";
import { worklistPage, type OverdueFilter } from "../lib/worklist";
import { Link, navigate, useLocation } from "../router";

type Row = Schemas["ComplaintSummary"];

const PAGE_SIZE = 25;

export function DeadlineTag({ left, overdue }: { left: number | null | undefined; overdue: boolean }) {
  const w = deadlineWords(left, overdue);
  if (!w) return <span className="govuk-hint govuk-!-margin-0">No deadline running</span>;
  const tone = { red: "govuk-tag--red", orange: "govuk-tag--orange", yellow: "govuk-tag--yellow", grey: "govuk-tag--grey" }[w.tone];
  return <Tag className={tone}>{w.text}</Tag>;
}

export function Worklist({ slug, landlordName }: { slug: string; landlordName: string }) {
  const { query, href } = useLocation();
  const status = query.get("status") ?? "";
  const stage = query.get("stage") ?? "";
  const overdueParam = query.get("overdue") ?? "";
  const overdue: OverdueFilter = overdueParam === "true" || overdueParam === "false" ? overdueParam : "";
  const q = query.get("q") ?? "";
  const page = query.get("page") ?? "";

  const [form, setForm] = useState({ status, stage, overdue: overdue as string, q });
  const [rows, setRows] = useState<Row[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useTitle(`Complaints – ${landlordName}`);

  useEffect(() => {
    setForm({ status, stage, overdue, q });
  }, [status, stage, overdue, q]);

  useEffect(() => {
    let live = true;
    setRows(null);
    setProblem(null);
    worklistPage<Row>(
      async (ov, cursor, limit) => {
        const { data, error } = await api.GET("/api/v1/landlords/{slug}/complaints", {
          params: {
            path: { slug },
            query: {
              limit,
              ...(cursor ? { cursor } : {}),
              ...(status ? { status } : {}),
              ...(stage ? { stage } : {}),
              ...(ov ? { overdue: ov } : {}),
              ...(q ? { q } : {}),
            },
          },
        });
        if (!data) throw error ?? new Error("no data");
        return data;
      },
      overdue,
      page || null,
      PAGE_SIZE,
    )
      .then((p) => {
        if (!live) return;
        setRows(p.items);
        setNext(p.next);
      })
      .catch((e: unknown) => {
        if (live) setProblem(formErrors(e).summary[0]?.text ?? "Something went wrong.");
      });
    return () => {
      live = false;
    };
  }, [slug, status, stage, overdue, q, page, href]);

  function apply(e: FormEvent) {
    e.preventDefault();
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) if (v.trim()) params.set(k, v.trim());
    const qs = params.toString();
    navigate(`/l/${encodeURIComponent(slug)}/complaints${qs ? `?${qs}` : ""}`);
  }

  function pageHref(cursor: string | null): string {
    const params = new URLSearchParams(query);
    params.delete("page");
    if (cursor) params.set("page", cursor);
    const qs = params.toString();
    return `/l/${encodeURIComponent(slug)}/complaints${qs ? `?${qs}` : ""}`;
  }

  const filtered = !!(status || stage || overdue || q);

  return (
    <>
      <span className="govuk-caption-l">{landlordName}</span>
      <h1 className="govuk-heading-l">Complaints</h1>
      <form className="app-filters" onSubmit={apply} role="search" aria-label="Filter complaints">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <TextInput
              name="q"
              label="Reference or words in the complaint"
              value={form.q}
              onChange={(v) => setForm({ ...form, q: v })}
            />
          </div>
          <div className="govuk-grid-column-one-half">
            <Select
              name="status"
              label="Status"
              value={form.status}
              onChange={(v) => setForm({ ...form, status: v })}
              choices={[{ value: "", label: "Any status" }, ...STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))]}
            />
          </div>
        </div>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
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
          <div className="govuk-grid-column-one-half">
            <Select
              name="overdue"
              label="Deadline"
              value={form.overdue}
              onChange={(v) => setForm({ ...form, overdue: v })}
              choices={[
                { value: "", label: "Overdue first, then the rest" },
                { value: "true", label: "Overdue only" },
                { value: "false", label: "Not overdue" },
              ]}
            />
          </div>
        </div>
        <Button secondary>Apply filters</Button>{" "}
        {filtered && (
          <p className="govuk-body">
            <Link href={`/l/${encodeURIComponent(slug)}/complaints`} className="govuk-link">
              Clear filters
            </Link>
          </p>
        )}
      </form>

      {problem && (
        <div className="govuk-error-summary" role="alert" tabIndex={-1}>
          <h2 className="govuk-error-summary__title">There is a problem</h2>
          <div className="govuk-error-summary__body">
            <p className="govuk-body">{problem}</p>
          </div>
        </div>
      )}
      {!problem && rows === null && <Loading />}
      {rows && rows.length === 0 && (
        <p className="govuk-body" role="status">
          {page ? "There are no more complaints." : filtered ? "No complaints match these filters." : "There are no complaints yet."}
        </p>
      )}
      {rows && rows.length > 0 && (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--m">
            {page ? "More complaints" : "Complaints, overdue first"}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Reference</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header">Received</th>
              <th scope="col" className="govuk-table__header">Category</th>
              <th scope="col" className="govuk-table__header">Deadline</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {rows.map((r) => (
              <tr className="govuk-table__row" key={r.id}>
                <th scope="row" className="govuk-table__header">
                  <Link href={`/l/${encodeURIComponent(slug)}/complaints/${r.id}`} className="govuk-link">
                    {r.reference}
                  </Link>
                </th>
                <td className="govuk-table__cell" data-label="Status">
                  <Tag className={statusTagClass(r.status)}>{statusLabel(r.status)}</Tag>
                </td>
                <td className="govuk-table__cell" data-label="Received">
                  {longDate(r.received_on)}
                </td>
                <td className="govuk-table__cell" data-label="Category">
                  {humanise(r.category)}
                </td>
                <td className="govuk-table__cell" data-label="Deadline">
                  <DeadlineTag left={r.working_days_left} overdue={r.overdue} />
                  {r.due_on && <span className="govuk-body-s govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">{longDate(r.due_on)}</span>}
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
