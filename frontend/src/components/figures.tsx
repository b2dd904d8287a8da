import type { ReactNode } from "react";
import type { Schemas } from "../api/client";
import { determinationLabel, number, per1000, percent } from "../lib/figures";
import { decisionLabel, exclusionLabel, humanise, pounds } from "../lib/words";
import { failingInWords } from "../lib/money";
import { Link } from "../router";

/** The dashboard's figures as components, shared by the dashboard (Code 9.6, 9.7) and the
 * annual report (Code 8.1), which shows the same figures for a financial year. */

type Figures = Schemas["Figures"];
type Compliance = Schemas["Compliance"];

export interface CardLink {
  href: string | null;
  text: string;
  /** Read after the text by screen readers, so each link says where it goes. */
  hidden: string;
}

export interface Card {
  label: string;
  value: string;
  detail?: ReactNode;
  links?: CardLink[];
}

/** Headline figures as GOV.UK-styled cards: a label, the figure, what it is made of and a
 * link to the complaints behind it where the role may see them. */
export function Cards({ cards }: { cards: Card[] }) {
  return (
    <dl className="app-cards">
      {cards.map((c) => (
        <div className="app-card" key={c.label}>
          <dt className="app-card__label">{c.label}</dt>
          <dd className="app-card__value">{c.value}</dd>
          {c.detail && <dd className="app-card__detail">{c.detail}</dd>}
          {c.links
            ?.filter((l) => l.href)
            .map((l) => (
              <dd className="app-card__link" key={l.text + l.hidden}>
                <Link href={l.href as string} className="govuk-link">
                  {l.text}
                  <span className="govuk-visually-hidden"> {l.hidden}</span>
                </Link>
              </dd>
            ))}
        </div>
      ))}
    </dl>
  );
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${number(n)} ${n === 1 ? one : many}`;
}

export function complaints(n: number): string {
  return plural(n, "complaint");
}

export function Section({ id, title, level = 2, children }: { id: string; title: string; level?: 2 | 3; children: ReactNode }) {
  const H = level === 2 ? "h2" : "h3";
  return (
    <section aria-labelledby={`${id}-heading`} className="app-section">
      <H className={level === 2 ? "govuk-heading-m" : "govuk-heading-s"} id={`${id}-heading`}>
        {title}
      </H>
      {children}
    </section>
  );
}

export function SimpleTable({
  caption,
  head,
  rows,
  numeric = true,
}: {
  caption: string;
  head: string[];
  rows: ReactNode[][];
  numeric?: boolean;
}) {
  return (
    <table className="govuk-table app-table--stack">
      <caption className="govuk-table__caption govuk-table__caption--s">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          {head.map((h, i) => (
            <th scope="col" className={`govuk-table__header${i > 0 && numeric ? " govuk-table__header--numeric" : ""}`} key={h}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((r, i) => (
          <tr className="govuk-table__row" key={i}>
            {r.map((cell, j) =>
              j === 0 ? (
                <th scope="row" className="govuk-table__header" key={j}>
                  {cell}
                </th>
              ) : (
                <td className={`govuk-table__cell${numeric ? " govuk-table__cell--numeric" : ""}`} data-label={head[j]} key={j}>
                  {cell}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function complianceText(c: Compliance): string {
  if (c.due === 0) return "None due";
  return `${number(c.complied)} of ${number(c.due)} complied with${c.overdue ? `, ${number(c.overdue)} overdue` : ""}`;
}

/** The headline cards of a period: received, acknowledged and responded to in time at each
 * stage, and the escalation rate; `drill` gives the address of the complaints behind a
 * figure, or null where the role may not see them. */
export function headlineCards(fig: Figures, drill: (figure: string) => string | null = () => null): Card[] {
  const noHomes = fig.homes === 0;
  const headline: Card[] = [1, 2].map((n) => {
    const s = n === 1 ? fig.stage1 : fig.stage2;
    return {
      label: `Stage ${n} complaints received`,
      value: number(s.received),
      detail: noHomes ? "Homes are not recorded, so there is no rate per 1,000 homes" : `${per1000(s.received_per_1000_homes)} per 1,000 homes`,
      links: [{ href: s.received > 0 ? drill(`stage${n}_received`) : null, text: `View the ${complaints(s.received)}`, hidden: `received at stage ${n}` }],
    };
  });
  for (const n of [1, 2]) {
    const s = n === 1 ? fig.stage1 : fig.stage2;
    const late = s.acknowledged_in_time.of - s.acknowledged_in_time.count;
    headline.push({
      label: `Stage ${n} acknowledged in time`,
      value: percent(s.acknowledged_in_time),
      detail: `${number(s.acknowledged_in_time.count)} of ${plural(s.acknowledged_in_time.of, "acknowledgement")}`,
      links: [{ href: late > 0 ? drill(`stage${n}_acknowledged_late`) : null, text: `View the ${number(late)} acknowledged late`, hidden: `at stage ${n}` }],
    });
  }
  for (const n of [1, 2]) {
    const s = n === 1 ? fig.stage1 : fig.stage2;
    const late = s.responded_in_time.of - s.responded_in_time.count;
    headline.push({
      label: `Stage ${n} responded to in time`,
      value: percent(s.responded_in_time),
      detail: `${number(s.responded_in_time.count)} of ${plural(s.responded_in_time.of, "response")}${s.extended ? `, ${number(s.extended)} after an extension` : ""}`,
      links: [
        { href: s.responded_in_time.of > 0 ? drill(`stage${n}_responded`) : null, text: `View the ${plural(s.responded_in_time.of, "response")}`, hidden: `at stage ${n}` },
        { href: late > 0 ? drill(`stage${n}_responded_late`) : null, text: `View the ${number(late)} sent late`, hidden: `at stage ${n}` },
      ],
    });
  }
  headline.push({
    label: "Escalation rate",
    value: percent(fig.escalation_rate),
    detail: `${plural(fig.escalation_rate.count, "stage 2 request")} for ${plural(fig.escalation_rate.of, "stage 1 response")}`,
  });
  return headline;
}

const DECISIONS = ["upheld", "partly_upheld", "not_upheld"];

export function OutcomesTable({ fig }: { fig: Figures }) {
  const responded1 = Object.values(fig.stage1.outcomes).reduce((a, b) => a + b, 0);
  const responded2 = Object.values(fig.stage2.outcomes).reduce((a, b) => a + b, 0);
  return (
    <SimpleTable
      caption="Decisions in the responses sent in the period"
      head={["Decision", "Stage 1", "Stage 2"]}
      rows={[
        ...DECISIONS.map((k) => [decisionLabel(k), number(fig.stage1.outcomes[k] ?? 0), number(fig.stage2.outcomes[k] ?? 0)]),
        ["All responses", number(responded1), number(responded2)],
        ["Sent after an extension", number(fig.stage1.extended), number(fig.stage2.extended)],
      ]}
    />
  );
}

export function CategoriesTable({ fig }: { fig: Figures }) {
  const received = fig.categories.reduce((a, c) => a + c.count, 0);
  if (fig.categories.length === 0) return <p className="govuk-body">No stage 1 complaints were received in the period.</p>;
  return (
    <SimpleTable
      caption="Stage 1 complaints received, by category"
      head={["Category", "Complaints", "Share"]}
      rows={fig.categories.map((c) => [humanise(c.category), number(c.count), percent(received ? Math.round((c.count * 1000) / received) / 10 : null)])}
    />
  );
}

/** Decisions not to accept and refusals to escalate, by reason (Code 8.1b). */
export function exclusionsOf(fig: Figures): { rows: [string, number][]; total: number } {
  const rows = Object.entries(fig.exclusions).filter(([, n]) => n > 0);
  return { rows, total: Object.values(fig.exclusions).reduce((a, b) => a + b, 0) };
}

export function ExclusionsTable({ fig }: { fig: Figures }) {
  const { rows } = exclusionsOf(fig);
  if (rows.length === 0) return null;
  return <SimpleTable caption="By reason" head={["Reason", "Complaints"]} rows={rows.map(([reason, n]) => [exclusionLabel(reason), number(n)])} />;
}

export function RemediesTable({ fig }: { fig: Figures }) {
  return (
    <SimpleTable
      caption="Remedies offered in the responses sent in the period"
      head={["Remedies", "Figure"]}
      rows={[
        ["Remedies offered", number(fig.remedies.offered)],
        ["Of those, completed", number(fig.remedies.completed)],
        ["Financial remedies offered", pounds(fig.remedies.financial_offered_pence)],
        ["Financial remedies paid", pounds(fig.remedies.financial_paid_pence)],
      ]}
    />
  );
}

/** The financial awards of the period's responses by the landlord's bands of redress, and by
 * the failing each part was for. */
export function FinancialRemediesTables({ r }: { r: Schemas["FinancialRemediesView"] }) {
  const band = (b: Schemas["BandTally"]) =>
    b.to_pence == null ? `${pounds(b.from_pence)} or more` : `${pounds(b.from_pence)} to ${pounds(b.to_pence)}`;
  return (
    <>
      <SimpleTable
        caption="Financial remedies by band of redress"
        head={["Band", "Awards", "Total"]}
        rows={r.bands.map((b) => [
          <>
            <span className="govuk-!-font-weight-bold">{band(b)}</span>
            <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{b.description}</span>
          </>,
          number(b.count),
          pounds(b.total_pence),
        ])}
      />
      <SimpleTable
        caption="Financial remedies by failing"
        head={["What the award was for", "Awards", "Total"]}
        rows={[
          ...r.by_failing.map((f) => [humanise(failingInWords(f.failing)), number(f.count), pounds(f.total_pence)]),
          ["Not split by failing", number(r.unsplit), pounds(r.unsplit_pence)],
        ]}
      />
    </>
  );
}

/** The Ombudsman's requests for information due in the period, and how they were answered. */
export function requestsText(r: { due: number; answered_in_time: number; answered_late: number; overdue: number }): string {
  if (r.due === 0) return "None due";
  return `${number(r.due)} due: ${number(r.answered_in_time)} answered in time, ${number(r.answered_late)} answered late, ${number(r.overdue)} overdue`;
}

export function OmbudsmanTable({ fig }: { fig: Figures }) {
  const ombudsman = fig.ombudsman;
  return (
    <SimpleTable
      caption="Referrals, determinations and orders in the period"
      head={["Ombudsman", "Figure"]}
      numeric={false}
      rows={[
        ["Complaints referred to the Ombudsman", number(ombudsman.referrals)],
        ...ombudsman.determinations.map((x) => [`Determined: ${determinationLabel(x.determination).toLowerCase()}`, number(x.count)]),
        ["Orders due", complianceText(ombudsman.orders)],
        ["Recommendations due", complianceText(ombudsman.recommendations)],
        ["Requests for information due", requestsText(ombudsman.information_requests)],
      ]}
    />
  );
}

export function LearningTable({ fig }: { fig: Figures }) {
  const learning = fig.learning;
  return (
    <SimpleTable
      caption="Learning log entries (Code 9.1 to 9.3)"
      head={["Learning", "Entries"]}
      rows={[
        ["Identified in the period", number(learning.identified)],
        ["Implemented in the period", number(learning.implemented)],
        ["Not yet implemented at the end of the period", number(learning.open)],
      ]}
    />
  );
}
