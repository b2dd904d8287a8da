import { useMemo, useState, type FormEvent } from "react";
import { api, type Schemas } from "../api/client";
import { ErrorSummary, Select } from "../components/forms";
import { Loading, SuccessBanner, useTitle } from "../components/layout";
import { dateTime, longDate } from "../lib/deadlines";
import { number, per1000, percent, tenureLabel } from "../lib/figures";
import { financialYear, financialYearLabel, financialYearOf, londonToday, recentFinancialYears } from "../lib/periods";
import { formErrors, type FormErrors } from "../lib/problems";
import { navigate, useLocation } from "../router";
import { NotLoaded, useLoad } from "./load";

type TsmFigures = Schemas["Tsm"];

/** The columns of CH01 and CH02 by stage, in words, the measure's code after them. */
const MEASURE_HEADS = [
  "Stage 1 complaints per 1,000 homes (CH01)",
  "Stage 2 complaints per 1,000 homes (CH01)",
  "Stage 1 responded to in time (CH02)",
  "Stage 2 responded to in time (CH02)",
];

/** CH01 and CH02 for a year as a table: the measure in words, then stage 1 and stage 2. */
export function TsmHeadline({ tsm, caption }: { tsm: TsmFigures; caption: string }) {
  return (
    <table className="govuk-table app-table--stack">
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Measure
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Stage 1
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Stage 2
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        <tr className="govuk-table__row">
          <th scope="row" className="govuk-table__header">
            Complaints received per 1,000 homes <span className="app-measure-code">(measure CH01)</span>
          </th>
          <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Stage 1">
            {per1000(tsm.ch01_stage1_per_1000)}
          </td>
          <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Stage 2">
            {per1000(tsm.ch01_stage2_per_1000)}
          </td>
        </tr>
        <tr className="govuk-table__row">
          <th scope="row" className="govuk-table__header">
            Complaints responded to within the Complaint Handling Code's timescales <span className="app-measure-code">(measure CH02)</span>
          </th>
          <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Stage 1">
            {percent(tsm.ch02_stage1_pct)}
          </td>
          <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Stage 2">
            {percent(tsm.ch02_stage2_pct)}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function Counts({ tsm }: { tsm: TsmFigures }) {
  const c = tsm.counts;
  const row = (label: string, a: number, b: number) => (
    <tr className="govuk-table__row" key={label}>
      <th scope="row" className="govuk-table__header">
        {label}
      </th>
      <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Stage 1">
        {number(a)}
      </td>
      <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Stage 2">
        {number(b)}
      </td>
    </tr>
  );
  return (
    <table className="govuk-table app-table--stack">
      <caption className="govuk-table__caption govuk-table__caption--m">The counts behind the measures</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Count
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Stage 1
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Stage 2
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {row("Complaints received", c.stage1_received, c.stage2_received)}
        {row("Complaints responded to", c.stage1_responded, c.stage2_responded)}
        {row("Responded to within the Code's timescales", c.stage1_responded_in_time, c.stage2_responded_in_time)}
      </tbody>
    </table>
  );
}

function ByTenure({ tsm }: { tsm: TsmFigures }) {
  if (tsm.by_tenure.length === 0) return null;
  const head = ["Homes", ...MEASURE_HEADS];
  return (
    <table className="govuk-table app-table--stack">
      <caption className="govuk-table__caption govuk-table__caption--m">By tenure</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Tenure
          </th>
          {head.map((h) => (
            <th scope="col" className="govuk-table__header govuk-table__header--numeric" key={h}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {tsm.by_tenure.map((t) => {
          const cells = [
            t.homes == null ? "Not applicable" : number(t.homes),
            per1000(t.ch01_stage1_per_1000),
            per1000(t.ch01_stage2_per_1000),
            percent(t.ch02_stage1_pct),
            percent(t.ch02_stage2_pct),
          ];
          return (
            <tr className="govuk-table__row" key={t.tenure}>
              <th scope="row" className="govuk-table__header">
                {tenureLabel(t.tenure)}
              </th>
              {cells.map((v, i) => (
                <td className="govuk-table__cell govuk-table__cell--numeric" data-label={head[i]} key={i}>
                  {v}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The snapshots the landlord has published, newest year first. */
export function PublishedSnapshots({ items }: { items: Schemas["Page_PublishedTsm"]["items"] }) {
  if (items.length === 0) {
    return (
      <p className="govuk-body">
        No figures have been published yet. The landlord publishes them once a year, after the financial year ends on 31 March; each year's
        figures will appear here when they are published.
      </p>
    );
  }
  const head = [...MEASURE_HEADS, "Published"];
  return (
    <table className="govuk-table app-table--stack">
      <caption className="govuk-table__caption govuk-table__caption--s">Figures published, newest year first</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Financial year
          </th>
          {head.map((h) => (
            <th scope="col" className="govuk-table__header" key={h}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {items.map((p) => {
          const cells = [
            `${per1000(p.figures.ch01_stage1_per_1000)} per 1,000 homes`,
            `${per1000(p.figures.ch01_stage2_per_1000)} per 1,000 homes`,
            percent(p.figures.ch02_stage1_pct),
            percent(p.figures.ch02_stage2_pct),
            dateTime(p.published_at),
          ];
          return (
            <tr className="govuk-table__row" key={p.year}>
              <th scope="row" className="govuk-table__header">
                {financialYearLabel(p.year)}
              </th>
              {cells.map((v, i) => (
                <td className="govuk-table__cell" data-label={head[i]} key={i}>
                  {v}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The Regulator of Social Housing's complaints measures (TSM CH01, CH02) for a financial
 * year, the counts behind them, and the published snapshots; a landlord admin publishes a
 * year that has ended. Those who may not see the live figures (the residents' panel) see the
 * published ones only. */
export function Tsm({ slug, landlordName, role }: { slug: string; landlordName: string; role: string }) {
  const { query } = useLocation();
  const today = useMemo(() => londonToday(), []);
  const asked = Number(query.get("year"));
  const year = Number.isInteger(asked) && asked >= 2000 ? asked : financialYearOf(today);
  const [choice, setChoice] = useState(String(year));
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [published, setPublished] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const live = useLoad(() => api.GET("/api/v1/landlords/{slug}/tsm", { params: { path: { slug }, query: { year } } }), [slug, year]);
  const snapshots = useLoad(
    () => api.GET("/api/v1/landlords/{slug}/tsm/published", { params: { path: { slug }, query: { limit: 50 } } }),
    [slug],
  );
  const panelOnly = live.status === 403;
  useTitle(panelOnly ? `Published complaint figures – ${landlordName}` : `Tenant satisfaction measures – ${landlordName}`, !!errors);

  function show(e: FormEvent) {
    e.preventDefault();
    setErrors(null);
    setPublished(null);
    navigate(`/l/${encodeURIComponent(slug)}/tsm?year=${choice}`);
  }

  async function publish(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors(null);
    setPublished(null);
    try {
      const { data, error } = await api.POST("/api/v1/landlords/{slug}/tsm/{year}/publish", { params: { path: { slug, year } } });
      if (data) {
        setPublished(`The figures for ${financialYearLabel(year)} have been published`);
        snapshots.reload();
      } else setErrors(formErrors(error));
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(false);
    }
  }

  if (panelOnly) {
    return (
      <>
        <span className="govuk-caption-l">{landlordName}</span>
        <h1 className="govuk-heading-l">Published complaint figures</h1>
        <p className="govuk-body">
          The Regulator of Social Housing asks every landlord to publish two figures about complaints each year: how many complaints were
          received for every 1,000 homes (the measure called CH01), and the share of complaints answered within the Complaint Handling Code's
          time limits (CH02). Both are given for stage 1, the first response, and stage 2, the review of a complaint that was escalated.
        </p>
        {snapshots.data ? <PublishedSnapshots items={snapshots.data.items} /> : <NotLoaded loaded={snapshots} />}
      </>
    );
  }

  const t = live.data;
  const ended = t?.complete ?? false;
  const range = financialYear(year);
  return (
    <>
      {published && <SuccessBanner heading={published} />}
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">{landlordName}</span>
      <h1 className="govuk-heading-l">Tenant satisfaction measures: complaints</h1>
      <p className="govuk-body">
        The Regulator of Social Housing's measures CH01 (complaints received per 1,000 homes) and CH02 (complaints responded to within the
        Complaint Handling Code's timescales), for a financial year from 1 April to 31 March.
      </p>
      <form onSubmit={show} className="app-filters" aria-label="Choose the financial year">
        <Select
          name="year"
          label="Financial year"
          value={choice}
          onChange={setChoice}
          choices={recentFinancialYears(today, 5)
            .concat(recentFinancialYears(today, 5).includes(year) ? [] : [year])
            .map((y) => ({ value: String(y), label: `${financialYearLabel(y)}${y === financialYearOf(today) ? " (year to date)" : ""}` }))}
        />
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Show figures
        </button>
      </form>
      {!t ? (
        <NotLoaded loaded={live} />
      ) : (
        <>
          <h2 className="govuk-heading-m">
            {financialYearLabel(year)}
            {!t.complete && " (year to date)"}
          </h2>
          {!t.complete && (
            <div className="govuk-inset-text">
              The year has not ended: these are the figures for the year to date, {longDate(t.from)} to {longDate(today < t.to ? today : t.to)}.
              The year ends on {longDate(range.to)}.
            </div>
          )}
          <TsmHeadline tsm={t} caption="Complaints received and responded to in time" />
          <Counts tsm={t} />
          <dl className="govuk-summary-list">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Low-cost rental homes</dt>
              <dd className="govuk-summary-list__value">{number(t.homes_low_cost_rental)}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Low-cost home ownership homes</dt>
              <dd className="govuk-summary-list__value">{number(t.homes_low_cost_home_ownership)}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Rules</dt>
              <dd className="govuk-summary-list__value">{t.rules}</dd>
            </div>
          </dl>
          <ByTenure tsm={t} />
          {role === "landlord_admin" && ended && (
            <form onSubmit={publish} noValidate>
              <h2 className="govuk-heading-m">Publish these figures</h2>
              <p className="govuk-body">
                Publishing puts a copy of the figures for {financialYearLabel(year)} on the public page and before the residents' panel. Publishing
                the year again replaces its copy. Check the numbers of homes in the settings are those at the end of the year first.
              </p>
              <button type="submit" className="govuk-button" data-module="govuk-button" disabled={busy}>
                Publish the figures for {financialYearLabel(year)}
              </button>
            </form>
          )}
        </>
      )}
      <h2 className="govuk-heading-m">Published figures</h2>
      {snapshots.data ? <PublishedSnapshots items={snapshots.data.items} /> : snapshots.status === null ? <Loading /> : <NotLoaded loaded={snapshots} />}
    </>
  );
}
