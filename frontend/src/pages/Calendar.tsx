import { useState, type FormEvent } from "react";
import { api } from "../api/client";
import type { components } from "../api/schema";
import { DateInput, ErrorSummary, TextInput, emptyDate } from "../components/forms";
import { SummaryList, useTitle } from "../components/layout";
import { skippedReason, workingDaysOf } from "../lib/audit";
import { explainDeadline, isoFromParts, longDateWithDay } from "../lib/deadlines";
import { formErrors, type FormErrors } from "../lib/problems";

type Due = components["schemas"]["DueView"];

const FIELDS = ["from", "working_days"];
const LABELS = { from: "The start date", working_days: "The number of working days" };

/** The working-day calculator (docs/rules.md, "Working days and deadlines"): the N-th
 * working day after a date, by this landlord's calendar (weekends, England-and-Wales bank
 * holidays and its closure days), and every day skipped with the reason. */
export function WorkingDayCalculator({ slug, landlordName }: { slug: string; landlordName: string }) {
  const [from, setFrom] = useState(emptyDate);
  const [days, setDays] = useState("");
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);
  const [due, setDue] = useState<Due | null>(null);
  useTitle(`Working-day calculator – ${landlordName}`, !!errors);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const iso = isoFromParts(from.day, from.month, from.year);
    const n = workingDaysOf(days);
    const local: FormErrors = { fields: {}, summary: [] };
    if (!iso) {
      local.fields.from = iso === "" ? "Enter the start date" : "The start date must be a real date, for example 19 12 2025";
      local.summary.push({ text: local.fields.from, href: "#from" });
    }
    if (n === null) {
      local.fields.working_days = days.trim() === "" ? "Enter the number of working days" : "The number of working days must be a whole number from 0 to 366";
      local.summary.push({ text: local.fields.working_days, href: "#working_days" });
    }
    if (local.summary.length > 0 || !iso || n === null) {
      setErrors(local);
      setDue(null);
      return;
    }
    setBusy(true);
    try {
      const { data, error } = await api.GET("/api/v1/landlords/{slug}/calendar/due", {
        params: { path: { slug }, query: { from: iso, working_days: String(n) } },
      });
      if (data) {
        setErrors(null);
        setDue(data);
      } else {
        setDue(null);
        setErrors(formErrors(error, FIELDS, LABELS));
      }
    } catch {
      setDue(null);
      setErrors(formErrors(null));
    } finally {
      setBusy(false);
    }
  }

  const f = errors?.fields ?? {};
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">{landlordName}</span>
        <h1 className="govuk-heading-l">Working-day calculator</h1>
        <p className="govuk-body">
          Find the date that is a number of working days after another, as the Code's timescales count them. A working day is Monday to
          Friday, other than a bank holiday in England and Wales or one of the landlord's closure days. The start date itself never
          counts, whatever day it is.
        </p>
        <form onSubmit={submit} noValidate>
          <DateInput name="from" label="Start date" hint="For example, the day the complaint was received: 19 12 2025" value={from} onChange={setFrom} error={f.from} />
          <TextInput
            name="working_days"
            label="Number of working days"
            hint="For example, 5 to acknowledge a complaint, 10 to respond at stage 1, 20 at stage 2"
            inputMode="numeric"
            width="govuk-input--width-3"
            value={days}
            onChange={setDays}
            error={f.working_days}
            spellCheck={false}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button" disabled={busy}>
            Work out the date
          </button>
        </form>
        {due && (
          <section aria-labelledby="due-heading" aria-live="polite">
            <h2 className="govuk-heading-m" id="due-heading">
              The date
            </h2>
            <SummaryList
              rows={[
                { key: "Start date", value: longDateWithDay(due.from) },
                { key: "Working days", value: String(due.working_days) },
                { key: "Due", value: <strong>{longDateWithDay(due.due)}</strong> },
                { key: "How it was worked out", value: explainDeadline(due.from, due.working_days, due.skipped) },
              ]}
            />
            {due.skipped.length === 0 ? (
              <p className="govuk-body">No days were skipped: every day counted was a working day.</p>
            ) : (
              <table className="govuk-table app-table--stack">
                <caption className="govuk-table__caption govuk-table__caption--m">Days skipped</caption>
                <thead className="govuk-table__head">
                  <tr className="govuk-table__row">
                    <th scope="col" className="govuk-table__header">Date</th>
                    <th scope="col" className="govuk-table__header">Why it is not a working day</th>
                  </tr>
                </thead>
                <tbody className="govuk-table__body">
                  {due.skipped.map((s) => {
                    const r = skippedReason(s.reason);
                    return (
                      <tr className="govuk-table__row" key={s.date}>
                        <td className="govuk-table__cell" data-label="Date">
                          {longDateWithDay(s.date)}
                        </td>
                        <td className="govuk-table__cell" data-label="Why it is not a working day">
                          {r.kind}
                          {r.name && r.kind !== "Weekend" ? `: ${r.name}` : ""}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </section>
        )}
      </div>
    </div>
  );
}
