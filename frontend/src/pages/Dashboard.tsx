import { useEffect, useMemo, useState, type FormEvent } from "react";
import { api } from "../api/client";
import { ChartFigure } from "../components/Chart";
import { DateInput, ErrorSummary, Radios, emptyDate, type DateParts } from "../components/forms";
import { useTitle } from "../components/layout";
import { ageingChart, inTimeChart, receivedChart } from "../lib/charts";
import { isoFromParts, longDate } from "../lib/deadlines";
import {
  CategoriesTable,
  Cards,
  ExclusionsTable,
  FinancialRemediesTables,
  LearningTable,
  OmbudsmanTable,
  OutcomesTable,
  RemediesTable,
  Section,
  SimpleTable,
  complaints,
  exclusionsOf,
  headlineCards,
  type Card,
} from "../components/figures";
import { areasToQuestion, countOf, drillDownHref, fallingFigures, headlineComparisons, number, percent, type Comparison } from "../lib/figures";
import { financialYearLabel, londonToday, periodFromQuery, periodLabel, presetOf, presets, type Period } from "../lib/periods";
import type { FormErrors } from "../lib/problems";
import { Link, navigate, useLocation } from "../router";
import { ExceptionalNotice } from "./Exceptional";
import { NotLoaded, useLoad } from "./load";


function partsOf(iso: string): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] as string } : emptyDate;
}

/** The period picker: the usual periods, or two dates. The choice goes into the page's
 * address, so a period can be bookmarked and shared. */
function PeriodPicker({
  slug,
  period,
  today,
  errors,
  setErrors,
}: {
  slug: string;
  period: Period;
  today: string;
  errors: FormErrors | null;
  setErrors: (e: FormErrors | null) => void;
}) {
  const initial = presetOf(period, today);
  const [choice, setChoice] = useState<string>(initial);
  const [from, setFrom] = useState<DateParts>(initial === "custom" ? partsOf(period.from) : emptyDate);
  const [to, setTo] = useState<DateParts>(initial === "custom" ? partsOf(period.to) : emptyDate);
  const f = errors?.fields ?? {};

  function submit(e: FormEvent) {
    e.preventDefault();
    let chosen: Period | undefined = presets(today).find((p) => p.id === choice);
    if (!chosen) {
      const e2: FormErrors = { fields: {}, summary: [] };
      const a = isoFromParts(from.day, from.month, from.year);
      const b = isoFromParts(to.day, to.month, to.year);
      if (!a) {
        e2.fields.from = "Enter the first day of the period as a real date, for example 1 4 2025";
        e2.summary.push({ text: e2.fields.from, href: "#from" });
      }
      if (!b) {
        e2.fields.to = "Enter the last day of the period as a real date, for example 31 3 2026";
        e2.summary.push({ text: e2.fields.to, href: "#to" });
      }
      if (a && b && b < a) {
        e2.fields.to = "The last day must be the same as or after the first day";
        e2.summary.push({ text: e2.fields.to, href: "#to" });
      }
      if (e2.summary.length > 0 || !a || !b) {
        setErrors(e2);
        return;
      }
      chosen = { from: a, to: b };
    }
    setErrors(null);
    navigate(`/l/${encodeURIComponent(slug)}/dashboard?from=${chosen.from}&to=${chosen.to}`);
  }

  return (
    <form onSubmit={submit} noValidate className="app-period" aria-label="Choose the period">
      <Radios
        name="period"
        label="Period"
        legendSize="m"
        small
        value={choice}
        onChange={setChoice}
        choices={[
          ...presets(today).map((p) => ({ value: p.id, label: p.label, hint: periodLabel(p) })),
          { value: "custom", label: "Other dates" },
        ]}
        conditional={{
          custom: (
            <>
              <DateInput name="from" label="First day" hint="For example, 1 4 2025" value={from} onChange={setFrom} error={f.from} />
              <DateInput name="to" label="Last day" hint="For example, 31 3 2026" value={to} onChange={setTo} error={f.to} />
            </>
          ),
        }}
      />
      <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
        Show figures
      </button>
    </form>
  );
}

const CONTENTS: [string, string][] = [
  ["headline", "Headline figures"],
  ["received", "Received and in time"],
  ["now", "Open and overdue today"],
  ["trends", "Monthly trends"],
  ["outcomes", "Outcomes"],
  ["categories", "Categories"],
  ["exclusions", "Not accepted and escalations refused"],
  ["remedies", "Remedies"],
  ["ombudsman", "The Ombudsman"],
  ["learning", "Learning from complaints"],
  ["contractors", "Contractors"],
  ["reviews", "Restrictions and reasonable adjustments"],
];

/** The headline figures, each beside the same dates a year earlier and the landlord's own
 * target: what an MRC reads first. */
/** What the headline figures are set beside, in a sentence or two. */
function besideWhat(
  previous: { from: string; to: string } | null | undefined,
  anyTarget: boolean,
  sector: { year: number; source: string; own_copy: boolean } | null | undefined,
): string {
  const parts = [
    previous ? `the same dates a year earlier (${periodLabel(previous)})` : null,
    anyTarget ? "the landlord's own targets" : null,
    sector ? `the sector's figures for ${financialYearLabel(sector.year)} (${sector.source}${sector.own_copy ? ", the landlord's own copy" : ""})` : null,
  ].filter((p): p is string => p !== null);
  const said = [];
  if (parts.length > 0) said.push(`Beside ${parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`}.`);
  if (!previous) said.push("There is no earlier period to compare with.");
  if (!anyTarget) said.push("The landlord has set no targets for these figures.");
  return said.join(" ");
}

function HeadlineComparison({
  rows,
  previous,
  anyTarget,
  sector,
}: {
  rows: Comparison[];
  previous: { from: string; to: string } | null | undefined;
  anyTarget: boolean;
  /** The sector's published figures, where the platform has recorded them. */
  sector: { year: number; source: string; own_copy: boolean } | null | undefined;
}) {
  const heads = ["Figure", "This period", "Same period last year", "Target", ...(sector ? ["Sector"] : [])];
  return (
    <section aria-labelledby="headline-heading" className="app-section app-headline">
      <h2 className="govuk-heading-m" id="headline-heading">
        Headline figures
      </h2>
      <p className="govuk-body-s govuk-!-margin-bottom-2">
        {besideWhat(previous, anyTarget, sector)}
      </p>
      <table className="govuk-table app-table--stack app-table--compact">
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {heads.map((h) => (
              <th scope="col" className="govuk-table__header" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((r) => (
            <tr className="govuk-table__row" key={r.label}>
              <th scope="row" className="govuk-table__header">
                {r.label}
              </th>
              <td className="govuk-table__cell" data-label="This period">
                <strong>{r.now}</strong>
                {r.nowDetail && <span className="app-secondary"> ({r.nowDetail})</span>}
              </td>
              <td className="govuk-table__cell" data-label="Same period last year">
                {r.before ?? "No figure"}
                {r.change && (
                  <>
                    <br />
                    <span className={r.direction === "worse" ? "app-change app-change--worse" : r.direction === "better" ? "app-change app-change--better" : "app-change"}>
                      {r.change}
                      {r.direction === "worse" ? ", worse" : r.direction === "better" ? ", better" : ""}
                    </span>
                  </>
                )}
              </td>
              <td className="govuk-table__cell" data-label="Target">
                {r.target ? (
                  <>
                    {r.target}
                    <br />
                    <span className={r.meetsTarget ? "app-change app-change--better" : "app-change app-change--worse"}>{r.againstTarget ?? "no figure yet"}</span>
                  </>
                ) : (
                  "None set"
                )}
              </td>
              {sector && (
                <td className="govuk-table__cell" data-label="Sector">
                  {r.sector ? (
                    <>
                      {r.sector}
                      {r.againstSector && (
                        <>
                          <br />
                          <span className={r.aboveSector ? "app-change app-change--better" : "app-change app-change--worse"}>{r.againstSector}</span>
                        </>
                      )}
                    </>
                  ) : (
                    "Not published"
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The oversight dashboard (Code 9.6, 9.7) for any period: every figure of docs/METRICS.md, with
 * drill-downs to the complaints behind them for those who may see case lists. */
export function Dashboard({ slug, landlordName }: { slug: string; landlordName: string }) {
  const { query } = useLocation();
  const today = useMemo(() => londonToday(), []);
  const period = periodFromQuery(query, today);
  const loaded = useLoad(
    () => api.GET("/api/v1/landlords/{slug}/dashboard", { params: { path: { slug }, query: { from: period.from, to: period.to } } }),
    [slug, period.from, period.to],
  );
  const d = loaded.data;
  const [pickerErrors, setPickerErrors] = useState<FormErrors | null>(null);
  const errors: FormErrors | null =
    pickerErrors ?? (loaded.status === 422 ? { fields: {}, summary: [{ text: loaded.problem ?? "These dates cannot be shown." }] } : null);
  useTitle(`Dashboard – ${landlordName}`, !!errors);
  useEffect(() => setPickerErrors(null), [period.from, period.to]);

  const picker = (
    <PeriodPicker key={`${period.from}-${period.to}`} slug={slug} period={period} today={today} errors={errors} setErrors={setPickerErrors} />
  );

  if (!d) {
    if (loaded.status === 422) {
      return (
        <>
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l">{landlordName}</span>
          <h1 className="govuk-heading-l">Complaint handling dashboard</h1>
          <div className="govuk-grid-row">
            <div className="govuk-grid-column-two-thirds">{picker}</div>
          </div>
        </>
      );
    }
    return <NotLoaded loaded={loaded} />;
  }

  const fig = d.figures;
  const drill = (figure: string) => drillDownHref(slug, d.drill_down?.[figure]);
  const excludedTotal = exclusionsOf(fig).total;

  const headline = headlineCards(fig, drill);
  const comparisons = headlineComparisons(fig, d.previous, d.targets, d.sector?.figures ?? {});
  const areas = [...areasToQuestion(d, drill), ...fallingFigures(comparisons)];

  const now: Card[] = [
    {
      label: "Open today",
      value: number(fig.now.open),
      detail: `${number(fig.now.stage1_open)} at stage 1, ${number(fig.now.stage2_open)} at stage 2`,
      links: [{ href: fig.now.open > 0 ? drill("open") : null, text: `View the ${complaints(fig.now.open)}`, hidden: "open today" }],
    },
    {
      label: "Overdue today",
      value: number(fig.now.overdue),
      detail: "Past their acknowledgement or response deadline",
      links: [{ href: fig.now.overdue > 0 ? drill("overdue") : null, text: `View the ${complaints(fig.now.overdue)}`, hidden: "overdue today" }],
    },
  ];


  return (
    <>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">{landlordName}</span>
      <h1 className="govuk-heading-l">Complaint handling dashboard</h1>
      {d.exceptional_circumstances && <ExceptionalNotice notice={d.exceptional_circumstances} />}
      <p className="govuk-body">
        Figures for {periodLabel({ from: d.from, to: d.to })}. Open and overdue complaints are counted today, {longDate(d.today)}.
      </p>
      {!d.drill_down && (
        <p className="govuk-body">These are figures only: your role does not include lists of complaints or case files.</p>
      )}
      <div className="govuk-grid-row">
        <div className={d.sector ? "govuk-grid-column-three-quarters" : "govuk-grid-column-two-thirds"}>
          <HeadlineComparison rows={comparisons} previous={d.previous} anyTarget={Object.keys(d.targets).length > 0} sector={d.sector} />
        </div>
        <div className={d.sector ? "govuk-grid-column-one-quarter" : "govuk-grid-column-one-third"}>
      <section aria-labelledby="questions-heading" className="app-questions">
        <h2 className="govuk-heading-m" id="questions-heading">
          Areas to question
        </h2>
        {areas.length === 0 ? (
          <p className="govuk-body">
            Nothing stands out in this period: no Ombudsman orders or reviews overdue, no complaint past its deadline today, learning
            recorded in step with complaints upheld, and no fall in stage 1 responses sent in time.
          </p>
        ) : (
          <ul className="govuk-list govuk-list--bullet">
            {areas.map((a) => (
              <li key={a.text}>
                {a.href.startsWith("#") ? (
                  // An anchor on this page: the browser's own jump, not a route.
                  <a href={a.href} className="govuk-link">
                    {a.text}
                  </a>
                ) : (
                  <Link href={a.href} className="govuk-link">
                    {a.text}
                  </Link>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
        </div>
      </div>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">{picker}</div>
        <div className="govuk-grid-column-one-third">
          <nav aria-labelledby="contents-heading" className="app-contents">
            <h2 className="govuk-heading-s" id="contents-heading">
              On this page
            </h2>
            <ul className="govuk-list govuk-!-font-size-16">
              {CONTENTS.map(([id, text]) => (
                <li key={id}>
                  <a href={`#${id}-heading`} className="govuk-link">
                    {text}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </div>

      <Section id="received" title="Received and in time">
        <Cards cards={headline} />
      </Section>

      <Section id="now" title="Open and overdue today">
        <Cards cards={now} />
        <ChartFigure id="chart-ageing" chart={ageingChart(fig.now.ageing)} kind="bar" />
      </Section>

      <Section id="trends" title="Monthly trends">
        <ChartFigure id="chart-received" chart={receivedChart(d.monthly, d.to)} kind="bar" />
        <ChartFigure id="chart-in-time" chart={inTimeChart(d.monthly, d.to)} kind="line" />
      </Section>

      <Section id="outcomes" title="Outcomes">
        <OutcomesTable fig={fig} />
      </Section>

      <Section id="categories" title="Categories">
        <CategoriesTable fig={fig} />
      </Section>

      <Section id="exclusions" title="Not accepted and escalations refused">
        <p className="govuk-body">
          Complaints the landlord decided not to accept (Code 2.1 to 2.5) and escalations refused (Code 5.11), by reason: {complaints(excludedTotal)} in
          the period.
          {excludedTotal > 0 && drill("excluded") && (
            <>
              {" "}
              <Link href={drill("excluded") as string} className="govuk-link">
                View the {complaints(excludedTotal)}
                <span className="govuk-visually-hidden"> not accepted or refused escalation</span>
              </Link>
            </>
          )}
        </p>
        <ExclusionsTable fig={fig} />
      </Section>

      <Section id="remedies" title="Remedies">
        <RemediesTable fig={fig} />
        <FinancialRemediesTables r={d.financial_remedies} />
      </Section>

      <Section id="ombudsman" title="The Ombudsman">
        <OmbudsmanTable fig={fig} />
      </Section>

      <Section id="learning" title="Learning from complaints">
        <LearningTable fig={fig} />
        <p className="govuk-body">
          <Link href={`/l/${encodeURIComponent(slug)}/learning`} className="govuk-link">
            Go to the learning log
          </Link>
        </p>
      </Section>

      <Section id="contractors" title="Contractors">
        {d.contractors.length === 0 ? (
          <p className="govuk-body">The landlord has no contractor organisations.</p>
        ) : (
          <SimpleTable
            caption="Contractors' stage 1 handling (Code 5.4, 5.5)"
            head={["Contractor", "Responded to in time", "Open today", "Overdue today"]}
            rows={d.contractors.map((c) => [
              c.name,
              c.responded_in_time.of ? `${percent(c.responded_in_time)} (${countOf(c.responded_in_time)})` : "No responses",
              number(c.open),
              number(c.overdue),
            ])}
          />
        )}
      </Section>

      <Section id="reviews" title="Restrictions and reasonable adjustments">
        <SimpleTable
          caption="Reviews, as they stand today"
          head={["Review", "Number"]}
          rows={[
            ["Restrictions in force (Code 5.14)", number(d.restrictions.active_or_due)],
            ["Restrictions past their review date", number(d.restrictions.overdue)],
            ["Adjustment reviews due within 14 days (Code 5.10)", number(d.adjustments.active_or_due)],
            ["Adjustment reviews overdue", number(d.adjustments.overdue)],
          ]}
        />
      </Section>
    </>
  );
}
