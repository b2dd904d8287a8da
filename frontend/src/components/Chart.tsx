import { lazy, Suspense } from "react";
import { chartDescription, hasFigures, type ChartData } from "../lib/charts";

// Chart.js is loaded only by the pages that draw charts.
const ChartCanvas = lazy(() => import("./ChartCanvas"));

/** The figures of a chart as a GOV.UK table, the same figures the chart draws. */
export function ChartTable({ chart }: { chart: ChartData }) {
  return (
    <table className="govuk-table app-table--stack">
      <caption className="govuk-table__caption govuk-table__caption--s">{chart.title}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            {chart.rowHeader}
          </th>
          {chart.series.map((s) => (
            <th scope="col" className={`govuk-table__header${chart.unit === "count" ? " govuk-table__header--numeric" : ""}`} key={s.name}>
              {s.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {chart.rowLabels.map((row, i) => (
          <tr className="govuk-table__row" key={row}>
            <th scope="row" className="govuk-table__header">
              {row}
            </th>
            {chart.series.map((s, j) => (
              <td
                className={`govuk-table__cell${chart.unit === "count" ? " govuk-table__cell--numeric" : ""}`}
                data-label={s.name}
                key={s.name}
              >
                {chart.cells[i]?.[j] ?? ""}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A chart with its figures as a table for screen-reader users (and anyone who prefers
 * numbers): the canvas is one described image; "Show the figures as a table" opens the table. */
export function ChartFigure({ id, chart, kind }: { id: string; chart: ChartData; kind: "bar" | "line" }) {
  const drawn = hasFigures(chart);
  return (
    <div className="app-chart-figure" id={id}>
      <h3 className="govuk-heading-s">{chart.title}</h3>
      {drawn ? (
        <div className="app-chart">
          <Suspense fallback={null}>
            <ChartCanvas chart={chart} kind={kind} label={chartDescription(chart, kind)} />
          </Suspense>
        </div>
      ) : (
        <p className="govuk-body">There is nothing to chart for this period.</p>
      )}
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">
            Show the figures as a table<span className="govuk-visually-hidden">: {chart.title.toLowerCase()}</span>
          </span>
        </summary>
        <div className="govuk-details__text">
          <ChartTable chart={chart} />
        </div>
      </details>
    </div>
  );
}
