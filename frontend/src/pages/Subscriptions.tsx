import { useEffect, useState, type FormEvent } from "react";
import { api, type Schemas } from "../api/client";
import { Checkbox, ErrorSummary, Radios } from "../components/forms";
import { Loading, SuccessBanner, useTitle } from "../components/layout";
import { formErrors, type FormErrors } from "../lib/problems";

type Subs = Schemas["SubscriptionsView"];

/** "Emails you get": the caller's digests and reminders at this landlord (Code 9.7). */
export function Subscriptions({ slug, landlordName }: { slug: string; landlordName: string }) {
  const [subs, setSubs] = useState<Subs | null>(null);
  const [draft, setDraft] = useState<Subs | null>(null);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [saved, setSaved] = useState(0);
  const [busy, setBusy] = useState(false);
  useTitle("Emails you get", !!errors);

  useEffect(() => {
    let live = true;
    api.GET("/api/v1/landlords/{slug}/subscriptions", { params: { path: { slug } } }).then(({ data, error }) => {
      if (!live) return;
      if (data) {
        setSubs(data);
        setDraft(data);
      } else setErrors(formErrors(error));
    });
    return () => {
      live = false;
    };
  }, [slug]);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft || !subs) return;
    setBusy(true);
    setErrors(null);
    const a = subs.available;
    const { data, error } = await api.PUT("/api/v1/landlords/{slug}/subscriptions", {
      params: { path: { slug } },
      body: {
        ...(a.weekly_digest ? { weekly_digest: draft.weekly_digest } : {}),
        ...(a.performance_digest ? { performance_digest: draft.performance_digest } : {}),
        ...(a.deadline_reminders ? { deadline_reminders: draft.deadline_reminders } : {}),
        ...(a.review_reminders ? { review_reminders: draft.review_reminders } : {}),
      },
    });
    setBusy(false);
    if (data) {
      setSubs(data);
      setDraft(data);
      setSaved((n) => n + 1);
    } else {
      setErrors(formErrors(error, ["weekly_digest", "performance_digest", "deadline_reminders", "review_reminders"]));
    }
  }

  if (!draft || !subs) {
    return errors ? <ErrorSummary errors={errors} /> : <Loading />;
  }
  const a = subs.available;
  const none = !a.weekly_digest && !a.performance_digest && !a.deadline_reminders && !a.review_reminders;

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {saved > 0 && <SuccessBanner heading={`Your email choices have been saved${saved > 1 ? ` (${saved} times)` : ""}`} />}
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l">{landlordName}</span>
        <h1 className="govuk-heading-l">Emails you get</h1>
        {none ? (
          <p className="govuk-body">Your role at this landlord has no optional emails.</p>
        ) : (
          <form onSubmit={save} noValidate>
            {(a.weekly_digest || a.deadline_reminders || a.review_reminders) && (
              <div className="govuk-form-group">
                <fieldset className="govuk-fieldset" aria-describedby="reminders-hint">
                  <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">Reminders and digests</legend>
                  <div id="reminders-hint" className="govuk-hint">
                    Select all the emails you want. Each is sent on the landlord's working days.
                  </div>
                  <div className="govuk-checkboxes" data-module="govuk-checkboxes">
                    {a.deadline_reminders && (
                      <Checkbox
                        name="deadline_reminders"
                        label="Deadline reminders"
                        hint="Two working days before an acknowledgement or response is due, on the day, and when overdue; the same for outstanding actions, remedies and updates agreed with residents."
                        checked={draft.deadline_reminders}
                        onChange={(v) => setDraft({ ...draft, deadline_reminders: v })}
                      />
                    )}
                    {a.weekly_digest && (
                      <Checkbox
                        name="weekly_digest"
                        label="Weekly digest of open and overdue complaints"
                        hint="On the first working day of the week."
                        checked={draft.weekly_digest}
                        onChange={(v) => setDraft({ ...draft, weekly_digest: v })}
                      />
                    )}
                    {a.review_reminders && (
                      <Checkbox
                        name="review_reminders"
                        label="Review reminders"
                        hint="When reviews of reasonable adjustments and restrictions fall due."
                        checked={draft.review_reminders}
                        onChange={(v) => setDraft({ ...draft, review_reminders: v })}
                      />
                    )}
                  </div>
                </fieldset>
              </div>
            )}
            {a.performance_digest && (
              <Radios
                name="performance_digest"
                label="Performance digest"
                legendSize="m"
                hint="Complaint handling figures for the month or quarter before, with no residents' personal data."
                value={draft.performance_digest}
                onChange={(v) => setDraft({ ...draft, performance_digest: v })}
                choices={[
                  { value: "monthly", label: "Every month" },
                  { value: "quarterly", label: "Every quarter" },
                  { value: "none", label: "Never" },
                ]}
              />
            )}
            <button type="submit" className="govuk-button" data-module="govuk-button" disabled={busy}>
              Save choices
            </button>
          </form>
        )}
      </div>
    </div>
  );
}
