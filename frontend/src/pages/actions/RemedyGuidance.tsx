import { api } from "../../api/client";
import { Tag } from "../../components/layout";
import { penceFromPounds } from "../../lib/money";
import { decisionLabel, humanise, pounds } from "../../lib/words";
import { useLoad } from "../load";

/** The band an amount in pence falls in, by its index. */
export function bandOf(bands: { from_pence: number; to_pence?: number | null }[], pence: number | null): number {
  if (pence === null) return -1;
  return bands.findIndex((b) => pence >= b.from_pence && (b.to_pence == null || pence < b.to_pence));
}

/** A band's range in words: "£100.00 to £600.00", "£1,000.00 or more". */
export function bandRange(b: { from_pence: number; to_pence?: number | null }): string {
  return b.to_pence == null ? `${pounds(b.from_pence)} or more` : `${pounds(b.from_pence)} to ${pounds(b.to_pence)}`;
}

/** Shown beside a financial remedy in a response: the bands of financial redress the landlord
 * works to (the Ombudsman's, or its own copy), its compensation policy, and what it offered on
 * its closed complaints of the same category decided the same way. */
export function RemedyGuidance({ slug, id, decision, amounts }: { slug: string; id: string; decision: string; amounts: string[] }) {
  const loaded = useLoad(
    () =>
      api.GET("/api/v1/landlords/{slug}/complaints/{id}/remedy-guidance", {
        params: { path: { slug, id }, query: decision ? { decision } : {} },
      }),
    [slug, id, decision],
  );
  const g = loaded.data;
  if (!g) return null;
  const inBands = amounts.map((a) => bandOf(g.bands.bands, penceFromPounds(a)));
  const before = g.offered_before;
  return (
    <details className="govuk-details" open>
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Guidance on financial remedies</span>
      </summary>
      <div className="govuk-details__text">
        <table className="govuk-table app-table--stack app-table--compact">
          <caption className="govuk-table__caption govuk-table__caption--s">
            {g.bands.own_copy ? "The landlord's bands of financial redress" : "The Ombudsman's bands of financial redress"}
          </caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Amount
              </th>
              <th scope="col" className="govuk-table__header">
                For
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {g.bands.bands.map((b, i) => (
              <tr className="govuk-table__row" key={b.from_pence}>
                <th scope="row" className="govuk-table__header">
                  {bandRange(b)}
                  {inBands.includes(i) && (
                    <>
                      {" "}
                      <Tag className="govuk-tag--blue">This amount</Tag>
                    </>
                  )}
                </th>
                <td className="govuk-table__cell" data-label="For">
                  {b.description}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="govuk-body-s">
          {g.bands.own_copy ? "The landlord's own copy, from " : "From "}
          {g.bands.source}, {g.bands.source_date}.
        </p>
        {g.compensation_policy && (
          <div className="govuk-inset-text app-prewrap">
            <span className="govuk-!-font-weight-bold">The landlord's compensation policy: </span>
            {g.compensation_policy}
          </div>
        )}
        <p className="govuk-body" data-testid="offered-before">
          {before.count === 0 || before.median_pence == null
            ? `No closed complaints about ${humanise(before.category).toLowerCase()} ${decisionLabel(before.decision).toLowerCase()} with a payment to compare with yet.`
            : `On ${before.count} closed ${before.count === 1 ? "complaint" : "complaints"} about ${humanise(before.category).toLowerCase()} ${decisionLabel(before.decision).toLowerCase()}, the landlord offered a median of ${pounds(before.median_pence)} (from ${pounds(before.min_pence ?? before.median_pence)} to ${pounds(before.max_pence ?? before.median_pence)}).`}
        </p>
      </div>
    </details>
  );
}
