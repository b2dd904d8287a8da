import { useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { DateInput, ErrorSummary, Textarea, emptyDate, type DateParts } from "../../components/forms";
import { SuccessBanner, SummaryList, Tag, useTitle } from "../../components/layout";
import { dateTime, isoFromParts, longDateWithDay } from "../../lib/deadlines";
import { addError, emptyErrors } from "../../lib/forms";
import { financialYearLabel } from "../../lib/periods";
import { Link, useLocation } from "../../router";
import { NotLoaded, useLoad } from "../load";
import { FormButtons, useSubmit } from "../staff/common";

/** How far away a date is, in words. */
export function daysLeftWords(days: number): string {
  if (days === 0) return "today";
  const n = Math.abs(days);
  const d = `${n.toLocaleString("en-GB")} ${n === 1 ? "day" : "days"}`;
  return days > 0 ? `in ${d}` : `${d} ago`;
}

/** The annual submission to the Ombudsman for the year that has ended: when it is due and
 * why, and which of its documents are published, each linked; a landlord admin records a
 * re-submission the Ombudsman asked for. */
export function AnnualSubmission({ slug, landlordName, role }: { slug: string; landlordName: string; role: string }) {
  const { query } = useLocation();
  const year = query.get("year") ?? "";
  const loaded = useLoad(
    () => api.GET("/api/v1/landlords/{slug}/annual-submission", { params: { path: { slug }, query: year ? { year } : {} } }),
    [slug, year],
  );
  const [due, setDue] = useState<DateParts>(emptyDate);
  const [reason, setReason] = useState("");
  const [saved, setSaved] = useState(false);
  const { errors, busy, submit } = useSubmit();
  useTitle(`Annual submission to the Ombudsman – ${landlordName}`, !!errors);
  const s = loaded.data;
  if (!s) return <NotLoaded loaded={loaded} />;
  const f = errors?.fields ?? {};
  const admin = role === "landlord_admin";

  function record(e: FormEvent) {
    e.preventDefault();
    if (!s) return;
    setSaved(false);
    let dueOn: string | null = null;
    void submit({
      check: () => {
        const errs = emptyErrors();
        if (!reason.trim()) addError(errs, "reason", "Enter the change the Ombudsman's request follows");
        const iso = isoFromParts(due.day, due.month, due.year);
        if (!iso) addError(errs, "due_on", "Enter the date the Ombudsman gave, for example 29 1 2027");
        else dueOn = iso;
        return errs;
      },
      send: () =>
        api.POST("/api/v1/landlords/{slug}/annual-submission/{year}/resubmission", {
          params: { path: { slug, year: s.year } },
          body: { due_on: dueOn, reason: reason.trim() },
        }),
      fields: ["due_on", "reason"],
      labels: { due_on: "The date the Ombudsman gave", reason: "The change it follows" },
      done: () => {
        setSaved(true);
        setReason("");
        setDue(emptyDate);
        loaded.reload();
      },
    });
  }

  const ready = s.documents.filter((d) => d.ready).length;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {saved && !errors && <SuccessBanner heading="Re-submission recorded" />}
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">{landlordName}</span>
        <h1 className="govuk-heading-l">Annual submission to the Ombudsman</h1>
        <p className="govuk-body">
          Each year the landlord sends the Ombudsman its self-assessment against the Complaint Handling Code, its annual complaints performance
          and service improvement report, and its governing body's response to the report, and publishes them on its website.
        </p>
        <SummaryList
          rows={[
            { key: "Financial year", value: financialYearLabel(s.year) },
            {
              key: "Due",
              value: (
                <>
                  <span className="govuk-!-font-weight-bold">{longDateWithDay(s.due_on)}</span> ({daysLeftWords(s.days_left)})
                </>
              ),
            },
            { key: "Why this date", value: s.basis.charAt(0).toUpperCase() + s.basis.slice(1) },
            { key: "Ready", value: `${ready} of ${s.documents.length} documents` },
          ]}
        />
        {s.resubmission && (
          <div className="govuk-inset-text">
            The Ombudsman asked for a re-submission: {s.resubmission.reason}. Recorded {dateTime(s.resubmission.recorded_at)}.
          </div>
        )}
        <h2 className="govuk-heading-m" id="documents-heading">
          What the submission is made of
        </h2>
        <ul className="govuk-task-list" aria-labelledby="documents-heading">
          {s.documents.map((d) => (
            <li className="govuk-task-list__item govuk-task-list__item--with-link" key={d.kind}>
              <div className="govuk-task-list__name-and-hint">
                <Link className="govuk-link govuk-task-list__link" href={d.link} aria-describedby={`${d.kind}-status`}>
                  {d.title}
                </Link>
              </div>
              <div className="govuk-task-list__status" id={`${d.kind}-status`}>
                {d.ready ? d.status : <Tag className="govuk-tag--blue">{d.status}</Tag>}
              </div>
            </li>
          ))}
        </ul>
        {admin && (
          <section aria-labelledby="resubmission-heading">
            <h2 className="govuk-heading-m" id="resubmission-heading">
              The Ombudsman asked for a re-submission
            </h2>
            <p className="govuk-body">
              After a significant change, such as a merger, the Ombudsman may ask for the documents again by a new date. The reminders to
              the Member Responsible for Complaints and the landlord's admins (8, 4 and 1 weeks before) then count to that date.
            </p>
            <form onSubmit={record} noValidate>
              <DateInput name="due_on" label="By when?" hint="The date the Ombudsman gave. For example, 29 1 2027" value={due} onChange={setDue} error={f.due_on} />
              <Textarea name="reason" label="What change does it follow?" rows={3} value={reason} onChange={setReason} error={f.reason} />
              <FormButtons label="Record the re-submission" busy={busy} secondary />
            </form>
          </section>
        )}
      </div>
    </div>
  );
}
