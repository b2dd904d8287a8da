import { api } from "../../api/client";
import { BackLink, Tag, useTitle } from "../../components/layout";
import { longDate } from "../../lib/deadlines";
import { financialYearLabel } from "../../lib/periods";
import { groupByTitle } from "../../lib/selfAssessment";
import { assessmentStatusLabel, assessmentStatusTag } from "../../lib/words";
import { useLocation } from "../../router";
import { NotLoaded, useLoad } from "../load";
import { Pre } from "../staff/common";
import { selfAssessmentHref } from "./SelfAssessment";

function answerWords(answer: string | null | undefined) {
  if (answer === "yes") return "Yes";
  if (answer === "no") return "No";
  return <Tag className="govuk-tag--grey">Not answered</Tag>;
}

/** What to enter on the Ombudsman's annual submission form: each provision's yes or no
 * (`partly` is a no), with the action and target date for each no. */
export function SelfAssessmentSubmission({ slug, landlordName, year }: { slug: string; landlordName: string; year: number }) {
  const { query } = useLocation();
  const versionText = query.get("version");
  const version = versionText && /^\d+$/.test(versionText) ? Number(versionText) : undefined;
  const loaded = useLoad(
    () =>
      api.GET("/api/v1/landlords/{slug}/self-assessments/{year}/submission", {
        params: { path: { slug, year }, query: version ? { version } : {} },
      }),
    [slug, year, version],
  );
  const s = loaded.data;
  useTitle(`Annual submission ${financialYearLabel(year)} – ${landlordName}`);
  const back = selfAssessmentHref(slug, year) + (version ? `?version=${version}` : "");
  if (!s) {
    return (
      <>
        <BackLink href={back}>Back to the self-assessment</BackLink>
        <NotLoaded loaded={loaded} what="Self-assessment" />
      </>
    );
  }
  const groups = groupByTitle(s.answers);
  const unanswered = s.answers.filter((a) => !a.answer).length;
  const head = ["Provision", "Complies", "Action to comply", "Target date"];
  return (
    <>
      <BackLink href={back}>Back to the self-assessment</BackLink>
      <span className="govuk-caption-l">{landlordName}</span>
      <h1 className="govuk-heading-l">Annual submission to the Ombudsman</h1>
      <p className="govuk-body-l">
        {financialYearLabel(year)}, version {s.version} <Tag className={assessmentStatusTag(s.status)}>{assessmentStatusLabel(s.status)}</Tag>
      </p>
      <p className="govuk-body">
        The Ombudsman's form asks whether each provision is complied with, yes or no. A provision that partly complies is a no, with the action
        and the timescale to comply.
      </p>
      <ul className="govuk-list govuk-list--bullet">
        <li>
          {s.not_complying} {s.not_complying === 1 ? "provision is" : "provisions are"} answered no
        </li>
        {unanswered > 0 && (
          <li>
            {unanswered} {unanswered === 1 ? "provision has" : "provisions have"} no answer yet
          </li>
        )}
      </ul>
      {groups.map((g) => (
        <table className="govuk-table app-table--stack" key={g.title}>
          <caption className="govuk-table__caption govuk-table__caption--m">{g.title}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              {head.map((h) => (
                <th scope="col" className="govuk-table__header" key={h}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {g.answers.map((a) => (
              <tr className="govuk-table__row" key={a.provision}>
                <th scope="row" className="govuk-table__header app-submission__provision">
                  {a.provision}
                  <span className="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular govuk-!-margin-bottom-0">{a.summary}</span>
                </th>
                <td className="govuk-table__cell" data-label="Complies">
                  {answerWords(a.answer)}
                </td>
                <td className="govuk-table__cell" data-label="Action to comply">
                  {a.action ? <Pre>{a.action}</Pre> : a.answer === "no" ? "Not given" : ""}
                </td>
                <td className="govuk-table__cell" data-label="Target date">
                  {a.target_date ? longDate(a.target_date) : a.answer === "no" ? "Not given" : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </>
  );
}
