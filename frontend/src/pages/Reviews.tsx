import { useEffect, useState, type FormEvent } from "react";
import { api, type Schemas } from "../api/client";
import { ErrorSummary, Select, TextInput } from "../components/forms";
import { Loading, Tag, useTitle } from "../components/layout";
import { longDate } from "../lib/deadlines";
import { wholeNumber } from "../lib/forms";
import { formErrors, type FormErrors } from "../lib/problems";
import { mergeReviews, reviewWords, todayInLondon } from "../lib/residents";
import { Link, navigate, useLocation } from "../router";
import { residentHref } from "./residents/data";
import { useResidentNames } from "./staff/common";

type Due = Schemas["ReviewDue"];

const TONE = { red: "govuk-tag--red", orange: "govuk-tag--orange", yellow: "govuk-tag--yellow", grey: "govuk-tag--grey" };
const LIMIT = 200;

/** Reasonable adjustments (Code 5.10) and restrictions (Code 5.14) due or overdue for review,
 * landlord-wide, each leading to the resident's record and its review form. */
export function Reviews({ slug, landlordName }: { slug: string; landlordName: string }) {
  const { query } = useLocation();
  const kind = query.get("kind") ?? "";
  const overdue = query.get("overdue") ?? "";
  const within = query.get("due_within_days") ?? "";
  const [form, setForm] = useState({ kind, overdue, due_within_days: within });
  const [items, setItems] = useState<Due[] | null>(null);
  const [more, setMore] = useState(false);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [today] = useState(() => todayInLondon());
  useTitle(`Reviews due – ${landlordName}`, !!errors);
  useEffect(() => setForm({ kind, overdue, due_within_days: within }), [kind, overdue, within]);
  const base = `/l/${encodeURIComponent(slug)}/reviews`;

  useEffect(() => {
    let live = true;
    setItems(null);
    setErrors(null);
    const kinds = kind === "adjustment" || kind === "restriction" ? [kind] : ["restriction", "adjustment"];
    Promise.all(
      kinds.map((k) =>
        api.GET("/api/v1/landlords/{slug}/reviews", {
          params: {
            path: { slug },
            query: {
              kind: k,
              limit: LIMIT,
              ...(overdue ? { overdue } : {}),
              ...(within ? { due_within_days: Number(within) } : {}),
            },
          },
        }),
      ),
    )
      .then((answers) => {
        if (!live) return;
        const refused = answers.find((a) => !a.data);
        if (refused) {
          setErrors(formErrors(refused.error, ["due_within_days", "overdue", "kind"], { due_within_days: "The number of days ahead" }));
          setItems([]);
          return;
        }
        setItems(mergeReviews(...answers.map((a) => a.data?.items ?? [])));
        setMore(answers.some((a) => !!a.data?.next_cursor));
      })
      .catch(() => {
        if (live) setErrors(formErrors(null));
      });
    return () => {
      live = false;
    };
  }, [slug, kind, overdue, within]);

  const names = useResidentNames(slug, items?.map((i) => i.resident_id) ?? null);

  function apply(e: FormEvent) {
    e.preventDefault();
    const days = form.due_within_days.trim();
    if (days && (wholeNumber(days) === null || (wholeNumber(days) as number) > 365)) {
      const text = "Enter how many days ahead as a whole number from 0 to 365";
      setErrors({ fields: { due_within_days: text }, summary: [{ text, href: "#due_within_days" }] });
      return;
    }
    const p = new URLSearchParams();
    if (form.kind) p.set("kind", form.kind);
    if (form.overdue) p.set("overdue", form.overdue);
    if (days) p.set("due_within_days", String(wholeNumber(days)));
    navigate(`${base}${p.toString() ? `?${p.toString()}` : ""}`);
  }

  const f = errors?.fields ?? {};
  const filtered = !!(kind || overdue || within);
  return (
    <>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">{landlordName}</span>
      <h1 className="govuk-heading-l">Reviews due</h1>
      <p className="govuk-body">
        Reasonable adjustments (Code 5.10) and restrictions on contact (Code 5.14) whose review is overdue or falls due
        {within ? ` within ${within} days` : " within 14 days"}.
      </p>
      <form className="app-filters" onSubmit={apply} aria-label="Filter reviews due">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select
              name="kind"
              label="What"
              value={form.kind}
              onChange={(v) => setForm({ ...form, kind: v })}
              choices={[
                { value: "", label: "Adjustments and restrictions" },
                { value: "adjustment", label: "Adjustments" },
                { value: "restriction", label: "Restrictions" },
              ]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="overdue"
              label="Review"
              value={form.overdue}
              onChange={(v) => setForm({ ...form, overdue: v })}
              error={f.overdue}
              choices={[
                { value: "", label: "Overdue or due soon" },
                { value: "true", label: "Overdue only" },
                { value: "false", label: "Due soon, not overdue" },
              ]}
            />
          </div>
          <div className="govuk-grid-column-one-third">
            <TextInput
              name="due_within_days"
              label="Due within (days)"
              hint="14 when left blank"
              inputMode="numeric"
              width="govuk-input--width-4"
              value={form.due_within_days}
              onChange={(v) => setForm({ ...form, due_within_days: v })}
              error={f.due_within_days}
            />
          </div>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Apply filters
        </button>
        {filtered && (
          <p className="govuk-body">
            <Link href={base} className="govuk-link">
              Clear filters
            </Link>
          </p>
        )}
      </form>
      {items === null ? (
        <Loading />
      ) : items.length === 0 ? (
        !errors && (
          <p className="govuk-body" role="status">
            {filtered ? "No reviews match these filters." : "No reviews are overdue or due in the next 14 days."}
          </p>
        )
      ) : (
        <>
          <table className="govuk-table app-table--stack">
            <caption className="govuk-table__caption govuk-table__caption--m">Reviews, the most overdue first</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Review</th>
                <th scope="col" className="govuk-table__header">What</th>
                <th scope="col" className="govuk-table__header">Resident</th>
                <th scope="col" className="govuk-table__header">
                  <span className="govuk-visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {items.map((r) => {
                const w = reviewWords(r.review_on, today);
                const what = r.kind === "restriction" ? "Restriction" : "Adjustment";
                const name = names[r.resident_id] ?? "the resident";
                const reviewHref = `${residentHref(slug, r.resident_id)}/${r.kind === "restriction" ? "restrictions" : "adjustments"}/${r.id}/review`;
                return (
                  <tr className="govuk-table__row" key={`${r.kind}-${r.id}`}>
                    <td className="govuk-table__cell" data-label="Review">
                      {w && <Tag className={TONE[w.tone]}>{w.text}</Tag>}
                      <span className="govuk-body-s govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">{longDate(r.review_on)}</span>
                    </td>
                    <td className="govuk-table__cell app-break" data-label="What">
                      <span className="govuk-!-font-weight-bold">{what}:</span> {r.description}
                    </td>
                    <td className="govuk-table__cell" data-label="Resident">
                      <Link href={residentHref(slug, r.resident_id)} className="govuk-link">
                        {names[r.resident_id] ?? "The resident's record"}
                      </Link>
                    </td>
                    <td className="govuk-table__cell" data-label="Action">
                      <Link href={reviewHref} className="govuk-link">
                        Record a review<span className="govuk-visually-hidden"> of the {what.toLowerCase()} for {name}</span>
                      </Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {more && (
            <div className="govuk-inset-text">
              Only the first {LIMIT} of each kind are shown. Choose overdue only, or fewer days ahead, to see the rest.
            </div>
          )}
        </>
      )}
    </>
  );
}
