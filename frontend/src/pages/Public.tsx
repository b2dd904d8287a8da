import { useEffect } from "react";
import { api, type Schemas } from "../api/client";
import { ButtonLink, Layout, Loading, Tag, useTitle } from "../components/layout";
import { longDate } from "../lib/deadlines";
import { financialYearLabel } from "../lib/periods";
import { humanise } from "../lib/words";
import { ExceptionalNotice } from "./Exceptional";
import { learningStatusLabel, learningStatusTag } from "./learning/data";
import { useLoad } from "./load";
import { PublicNotFound, PublicProblem } from "./public/common";
import { TsmHeadline } from "./Tsm";

type Page = Schemas["PublicPage"];

function days(n: number): string {
  return n === 1 ? "1 working day" : `${n} working days`;
}

function Timescales({ t }: { t: Schemas["SchemeTimescales"] }) {
  const s = t.timescales;
  const rows: [string, string, string][] = [
    ["We acknowledge your complaint within", days(s.stage1_acknowledge), days(s.stage2_acknowledge)],
    ["We send our response within", days(s.stage1_response), days(s.stage2_response)],
    ["If we need longer, we may extend it by at most", days(s.stage1_extension), days(s.stage2_extension)],
  ];
  return (
    <table className="govuk-table app-table--stack">
      <caption className="govuk-table__caption govuk-table__caption--s">{t.scheme_name}: how long each stage takes</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            What happens
          </th>
          <th scope="col" className="govuk-table__header">
            Stage 1
          </th>
          <th scope="col" className="govuk-table__header">
            Stage 2
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map(([what, a, b]) => (
          <tr className="govuk-table__row" key={what}>
            <th scope="row" className="govuk-table__header">
              {what}
            </th>
            <td className="govuk-table__cell" data-label="Stage 1">
              {a}
            </td>
            <td className="govuk-table__cell" data-label="Stage 2">
              {b}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Content({ p }: { p: Page }) {
  const name = p.landlord.name;
  useTitle(`How to complain to ${name}`);
  const how = p.how_to_complain;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {p.exceptional_circumstances && <ExceptionalNotice notice={p.exceptional_circumstances} />}
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">How to complain</h1>
        <p className="govuk-body app-prewrap">{how.summary}</p>
        <p className="govuk-body">
          You can tell us online what has gone wrong, in your own words. You do not need an account, and you do not need to use the word
          “complaint”.
        </p>
        <ButtonLink href={`/p/${encodeURIComponent(p.landlord.slug)}/complain`} start>
          Make a complaint
        </ButtonLink>

        <h2 className="govuk-heading-m" id="ways">
          Ways to complain
        </h2>
        <p className="govuk-body">You can complain in any of these ways, to any member of staff, or ask someone to complain for you.</p>
        <ul className="govuk-list govuk-list--bullet">
          {how.channels.map((c) => (
            <li key={c.channel}>{c.description}</li>
          ))}
        </ul>
        {how.contact_block && (
          <>
            <h3 className="govuk-heading-s">Contact {how.letter_name ?? name}</h3>
            <p className="govuk-body app-prewrap">{how.contact_block}</p>
          </>
        )}

        <h2 className="govuk-heading-m">What happens next</h2>
        <p className="govuk-body">
          We look at your complaint at stage 1. If you are not happy with our answer, you can ask us to look at it again at stage 2; you do not
          have to give a reason. Times are in working days, which do not count weekends and bank holidays.
        </p>
        {how.timescales.map((t) => (
          <Timescales t={t} key={t.scheme} />
        ))}

        <h2 className="govuk-heading-m">If you are still unhappy: the Ombudsman</h2>
        <p className="govuk-body">
          When our complaints process is over, or if we do not answer in time, you can take your complaint to the Ombudsman. It is free and
          independent.
        </p>
        {p.ombudsman.map((o) => (
          <div key={o.scheme}>
            <h3 className="govuk-heading-s">
              {o.name}
              {p.ombudsman.length > 1 ? ` (${o.scheme_name})` : ""}
            </h3>
            <p className="govuk-body app-prewrap">{o.contact}</p>
          </div>
        ))}

        <h2 className="govuk-heading-m">How well we handle complaints</h2>
        {p.tsm ? (
          <>
            <p className="govuk-body">
              The Regulator of Social Housing's measures for the financial year {financialYearLabel(p.tsm.year)}, published on{" "}
              {longDate(p.tsm.published_at.slice(0, 10))}.
            </p>
            <TsmHeadline tsm={p.tsm.figures} caption={`Complaints in ${financialYearLabel(p.tsm.year)}`} />
          </>
        ) : (
          <p className="govuk-body">We have not published our figures yet.</p>
        )}
        <h2 className="govuk-heading-m" id="reports">
          Our self-assessment and annual report
        </h2>
        {p.self_assessment || p.annual_report ? (
          <ul className="govuk-list app-documents">
            {p.annual_report && (
              <li>
                <a className="govuk-link" href={p.annual_report.url}>
                  Annual complaints performance and service improvement report, {financialYearLabel(p.annual_report.year)}
                </a>
                <span className="govuk-body-s govuk-!-display-block">
                  Published on {longDate(p.annual_report.published_on)}, with our governing body's response
                </span>
              </li>
            )}
            {p.self_assessment && (
              <li>
                <a className="govuk-link" href={p.self_assessment.url}>
                  Self-assessment against the Complaint Handling Code, {financialYearLabel(p.self_assessment.year)}
                </a>
                <span className="govuk-body-s govuk-!-display-block">Published on {longDate(p.self_assessment.published_on)}</span>
              </li>
            )}
          </ul>
        ) : (
          <p className="govuk-body">We have not published our self-assessment or annual report here yet.</p>
        )}

        <h2 className="govuk-heading-m" id="you-said-we-did">
          You said, we did
        </h2>
        {p.learning.length === 0 ? (
          <p className="govuk-body">What we have learnt from complaints will be published here.</p>
        ) : (
          <ul className="govuk-list app-learning-list">
            {p.learning.map((l) => (
              <li key={l.id} className="app-learning-list__item">
                <h3 className="govuk-heading-s govuk-!-margin-bottom-2">{humanise(l.service_area)}</h3>
                <p className="govuk-body app-prewrap">{l.public_summary}</p>
                <p className="govuk-body-s">
                  <Tag className={learningStatusTag(l.status)}>{learningStatusLabel(l.status)}</Tag>{" "}
                  {l.implemented_on ? `Done on ${longDate(l.implemented_on)}. ` : ""}Published on {longDate(l.published_on)}.
                </p>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

/** A landlord's public page (Code 3.4, 3.7, 8.2, 8.5, 9.3), read without signing in. */
export function PublicPage({ slug }: { slug: string }) {
  const loaded = useLoad(() => api.GET("/api/v1/public/{slug}", { params: { path: { slug } } }), [slug]);
  const p = loaded.data;
  useEffect(() => {
    if (!p && loaded.status === null) document.title = "Loading – Redress";
  }, [p, loaded.status]);
  return (
    <Layout serviceName={p?.landlord.name} homeHref={`/p/${encodeURIComponent(slug)}`} nav={[]}>
      {p ? (
        <Content p={p} />
      ) : loaded.status === null ? (
        <Loading />
      ) : loaded.status === 404 ? (
        <PublicNotFound />
      ) : (
        <PublicProblem text={loaded.problem ?? "Something went wrong. Try again."} />
      )}
    </Layout>
  );
}
