import { useMemo, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { Select } from "../../components/forms";
import { Tag, useTitle } from "../../components/layout";
import { dateTime } from "../../lib/deadlines";
import { financialYearLabel, financialYearOf, londonToday } from "../../lib/periods";
import { assessableYears } from "../../lib/selfAssessment";
import { assessmentStatusLabel, assessmentStatusTag, reportStatusLabel, reportStatusTag } from "../../lib/words";
import { Link, navigate } from "../../router";
import { SectionStatus } from "../staff/common";
import { useLoad } from "../load";
import { selfAssessmentHref } from "./SelfAssessment";

function yearChoices(today: string): { value: string; label: string }[] {
  const current = financialYearOf(today);
  return assessableYears(current).map((y) => ({
    value: String(y),
    label: `${financialYearLabel(y)}${y === current ? " (this year)" : y === current - 1 ? " (last year)" : y > current ? " (next year)" : ""}`,
  }));
}

/** The latest version of a year among those listed. */
function latestOf(items: { year: number; version: number }[], year: number): number {
  return Math.max(...items.filter((i) => i.year === year).map((i) => i.version));
}

/** The year chooser: a financial year to open, and every version of every year saved. */
export function SelfAssessmentYears({ slug, landlordName }: { slug: string; landlordName: string }) {
  const today = useMemo(() => londonToday(), []);
  const [choice, setChoice] = useState(String(financialYearOf(today)));
  const list = useLoad(() => api.GET("/api/v1/landlords/{slug}/self-assessments", { params: { path: { slug } } }), [slug]);
  useTitle(`Self-assessment – ${landlordName}`);
  function open(e: FormEvent) {
    e.preventDefault();
    navigate(selfAssessmentHref(slug, Number(choice)));
  }
  const items = list.data ?? [];
  return (
    <>
      <span className="govuk-caption-l">{landlordName}</span>
      <h1 className="govuk-heading-l">Self-assessment against the Complaint Handling Code</h1>
      <p className="govuk-body">
        Each year the landlord assesses itself against every provision of the Code, and publishes the assessment with its annual complaints
        report (Code 8.1 to 8.4). The complaints team answers each provision; a landlord admin approves and publishes it.
      </p>
      <form onSubmit={open} className="app-filters" aria-label="Choose the financial year" noValidate>
        <Select name="year" label="Financial year" value={choice} onChange={setChoice} choices={yearChoices(today)} />
        <button type="submit" className="govuk-button" data-module="govuk-button">
          Open the self-assessment
        </button>
      </form>
      <h2 className="govuk-heading-m">Versions saved</h2>
      {!list.data ? (
        <SectionStatus loaded={list} />
      ) : items.length === 0 ? (
        <p className="govuk-body">No self-assessment has been saved yet.</p>
      ) : (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--s">Every version of every year, newest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              {["Financial year and version", "Status", "Why", "Last saved", "Published"].map((h) => (
                <th scope="col" className="govuk-table__header" key={h}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {items.map((v) => (
              <tr className="govuk-table__row" key={`${v.year}-${v.version}`}>
                <th scope="row" className="govuk-table__header">
                  <Link href={`${selfAssessmentHref(slug, v.year)}${latestOf(items, v.year) === v.version ? "" : `?version=${v.version}`}`} className="govuk-link">
                    {financialYearLabel(v.year)}, version {v.version}
                  </Link>
                </th>
                <td className="govuk-table__cell" data-label="Status">
                  <Tag className={assessmentStatusTag(v.status)}>{assessmentStatusLabel(v.status)}</Tag>
                </td>
                <td className="govuk-table__cell" data-label="Why">
                  {v.reason ?? ""}
                </td>
                <td className="govuk-table__cell" data-label="Last saved">
                  {dateTime(v.updated_at)}
                </td>
                <td className="govuk-table__cell" data-label="Published">
                  {dateTime(v.published_at) || "Not published"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** The annual reports' years: each ended year has a report to complete; this year's is a
 * draft to the year's end. The residents' panel sees the published reports only, as the
 * public does. */
export function AnnualReportYears({ slug, landlordName, role }: { slug: string; landlordName: string; role: string }) {
  const today = useMemo(() => londonToday(), []);
  const current = financialYearOf(today);
  const panel = role === "panel_member";
  const listed = useLoad(() => api.GET("/api/v1/landlords/{slug}/annual-reports", { params: { path: { slug } } }), [slug]);
  useTitle(`Annual report – ${landlordName}`);
  const begun = new Map((listed.data ?? []).map((r) => [r.year, r]));
  const years = panel ? (listed.data ?? []).map((r) => r.year) : assessableYears(current).filter((y) => y <= current);
  const href = (y: number) => `/l/${encodeURIComponent(slug)}/annual-report/${y}`;
  return (
    <>
      <span className="govuk-caption-l">{landlordName}</span>
      <h1 className="govuk-heading-l">Annual complaints performance and service improvement report</h1>
      <p className="govuk-body">
        Each financial year's report sets out the complaint handling figures, complaints not accepted, the Ombudsman's findings and the service
        improvements made, with the self-assessment attached and the governing body's response (Code 8.1, 8.2). It is published once the year
        has ended.
      </p>
      {!listed.data ? (
        <SectionStatus loaded={listed} />
      ) : panel ? (
        years.length === 0 ? (
          <>
            <h2 className="govuk-heading-m">No report has been published yet</h2>
            <p className="govuk-body">
              The report for {financialYearLabel(current - 1)} will appear here when the landlord publishes it, after its governing body has
              responded to it. The report for {financialYearLabel(current)} follows after the year ends on 31 March {current + 1}.
            </p>
          </>
        ) : (
          <>
            <h2 className="govuk-heading-m">Published reports</h2>
            <ul className="govuk-list">
              {years.map((y) => (
                <li key={y}>
                  <Link href={href(y)} className="govuk-link">
                    {financialYearLabel(y)}
                  </Link>
                  {begun.get(y)?.published_at ? `, published on ${dateTime(begun.get(y)?.published_at ?? "")}` : ""}
                </li>
              ))}
            </ul>
          </>
        )
      ) : (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--m">Choose a year</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              {["Financial year", "Status", "Published"].map((h) => (
                <th scope="col" className="govuk-table__header" key={h}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {years.map((y) => {
              const r = begun.get(y);
              return (
                <tr className="govuk-table__row" key={y}>
                  <th scope="row" className="govuk-table__header">
                    <Link href={href(y)} className="govuk-link">
                      {financialYearLabel(y)}
                    </Link>
                    {y === current ? " (this year, to date)" : y === current - 1 ? " (last year)" : ""}
                  </th>
                  <td className="govuk-table__cell" data-label="Status">
                    {r ? <Tag className={reportStatusTag(r.status)}>{reportStatusLabel(r.status)}</Tag> : "Not started"}
                  </td>
                  <td className="govuk-table__cell" data-label="Published">
                    {r?.published_at ? dateTime(r.published_at) : "Not published"}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
