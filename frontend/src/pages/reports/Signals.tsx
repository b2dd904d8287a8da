import { useState, type FormEvent } from "react";
import { api, type Schemas } from "../../api/client";
import { ErrorSummary, Textarea } from "../../components/forms";
import { BackLink, SuccessBanner, SummaryList, useTitle } from "../../components/layout";
import { dateTime, longDate } from "../../lib/deadlines";
import { addError, emptyErrors } from "../../lib/forms";
import { signalKindLabel } from "../../lib/signals";
import { Link, navigate, useLocation } from "../../router";
import { NotLoaded, useLoad } from "../load";
import { FormButtons, useSubmit } from "../staff/common";

type Signal = Schemas["SignalView"];

function Cases({ slug, s }: { slug: string; s: Signal }) {
  if (s.cases.length === 0) return null;
  return (
    <ul className="govuk-list govuk-list--inline app-break">
      {s.cases.map((c) => (
        <li key={c.id}>
          <Link href={`/l/${encodeURIComponent(slug)}/complaints/${c.id}`} className="govuk-link">
            {c.reference}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** Early warning (Code 9.4, 9.5): what the daily run found rising, each in a sentence with
 * the rule that matched and its cases; the complaints team turns one into learning or
 * dismisses it with a reason. */
export function EarlyWarning({ slug, landlordName, role }: { slug: string; landlordName: string; role: string }) {
  const { query } = useLocation();
  const open = useLoad(() => api.GET("/api/v1/landlords/{slug}/signals", { params: { path: { slug }, query: { status: "open", limit: 200 } } }), [slug]);
  const all = useLoad(() => api.GET("/api/v1/landlords/{slug}/signals", { params: { path: { slug }, query: { limit: 200 } } }), [slug]);
  useTitle(`Early warning – ${landlordName}`);
  if (!open.data) return <NotLoaded loaded={open} />;
  const team = role === "landlord_admin" || role === "complaints_officer";
  const base = `/l/${encodeURIComponent(slug)}`;
  const decided = (all.data?.items ?? []).filter((s) => s.status !== "open");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {query.get("dismissed") && <SuccessBanner heading="Signal dismissed, with your reason on the audit log" />}
        <span className="govuk-caption-l">{landlordName}</span>
        <h1 className="govuk-heading-l">Early warning</h1>
        <p className="govuk-body">
          Each working day the records are checked for what is rising before it becomes a pattern (Code 9.4, 9.5): complaints about one
          category, service area, contractor, block or street, or postcode district rising above their own average; residents who have
          complained three or more times in a year; the same outstanding action overdue on several complaints; service requests whose words
          read as a complaint (Code 1.3, 1.5); and self-assessment answers the figures no longer bear out. Each rule is a count against a
          stated threshold.
        </p>
        <h2 className="govuk-heading-m">Open signals ({open.data.items.length})</h2>
        {open.data.items.length === 0 && <p className="govuk-body">Nothing is rising above its threshold.</p>}
        {open.data.items.map((s, i) => (
          <div className="govuk-summary-card" key={s.id}>
            <div className="govuk-summary-card__title-wrapper">
              <h3 className="govuk-summary-card__title">{signalKindLabel(s.kind)}</h3>
              {team && (
                <ul className="govuk-summary-card__actions">
                  <li className="govuk-summary-card__action">
                    <Link href={`${base}/learning/new?signal=${s.id}`} className="govuk-link">
                      Record learning<span className="govuk-visually-hidden"> from signal {i + 1}</span>
                    </Link>
                  </li>
                  <li className="govuk-summary-card__action">
                    <Link href={`${base}/early-warning/${s.id}/dismiss`} className="govuk-link">
                      Dismiss<span className="govuk-visually-hidden"> signal {i + 1}</span>
                    </Link>
                  </li>
                </ul>
              )}
            </div>
            <div className="govuk-summary-card__content">
              <p className="govuk-body govuk-!-font-weight-bold">{s.sentence}</p>
              <SummaryList
                rows={[
                  { key: "Rule", value: s.rule },
                  ...(s.cases.length > 0 ? [{ key: `Complaints (${s.cases.length})`, value: <Cases slug={slug} s={s} /> }] : []),
                  ...(s.service_request
                    ? [
                        {
                          key: "Service request",
                          value: (
                            <Link href={`${base}/service-requests/${s.service_request.id}`} className="govuk-link">
                              {s.service_request.reference}
                            </Link>
                          ),
                        },
                      ]
                    : []),
                  { key: "Found", value: s.detected_on === s.last_seen_on ? longDate(s.detected_on) : `${longDate(s.detected_on)}, last on ${longDate(s.last_seen_on)}` },
                ]}
              />
            </div>
          </div>
        ))}
        <h2 className="govuk-heading-m">Decided</h2>
        {decided.length === 0 ? (
          <p className="govuk-body">No signal has been dismissed or turned into learning.</p>
        ) : (
          <table className="govuk-table app-table--stack">
            <caption className="govuk-visually-hidden">Signals dismissed or turned into learning</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Signal</th>
                <th scope="col" className="govuk-table__header">Decision</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {decided.map((s) => (
                <tr className="govuk-table__row" key={s.id}>
                  <td className="govuk-table__cell" data-label="Signal">
                    {s.sentence}
                  </td>
                  <td className="govuk-table__cell" data-label="Decision">
                    {s.status === "learning" && s.learning_entry_id ? (
                      <Link href={`${base}/learning/${s.learning_entry_id}`} className="govuk-link">
                        Turned into learning
                      </Link>
                    ) : (
                      <>Dismissed: {s.dismissed_reason}</>
                    )}
                    {s.decided_at && <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{dateTime(s.decided_at)}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}

/** Dismisses an open signal with the reason it needs no action. */
export function DismissSignal({ slug, id, landlordName }: { slug: string; id: string; landlordName: string }) {
  const open = useLoad(() => api.GET("/api/v1/landlords/{slug}/signals", { params: { path: { slug }, query: { status: "open", limit: 200 } } }), [slug]);
  const [reason, setReason] = useState("");
  const { errors, busy, submit } = useSubmit();
  useTitle(`Dismiss a signal – ${landlordName}`, !!errors);
  const back = `/l/${encodeURIComponent(slug)}/early-warning`;
  if (!open.data) return <NotLoaded loaded={open} />;
  const s = open.data.items.find((x) => x.id === id);
  const f = errors?.fields ?? {};

  function dismiss(e: FormEvent) {
    e.preventDefault();
    void submit({
      check: () => {
        const errs = emptyErrors();
        if (!reason.trim()) addError(errs, "reason", "Enter why the signal needs no action");
        return errs;
      },
      send: () => api.POST("/api/v1/landlords/{slug}/signals/{sid}/dismiss", { params: { path: { slug, sid: id } }, body: { reason: reason.trim() } }),
      fields: ["reason"],
      labels: { reason: "Why it needs no action" },
      done: () => navigate(`${back}?dismissed=1`),
    });
  }

  return (
    <>
      <BackLink href={back}>Back to early warning</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l">Early warning</span>
          <h1 className="govuk-heading-l">Dismiss a signal</h1>
          {!s ? (
            <p className="govuk-body">This signal is not open: it has been decided already, or there is no such signal.</p>
          ) : (
            <>
              <div className="govuk-inset-text">{s.sentence}</div>
              <form onSubmit={dismiss} noValidate>
                <Textarea
                  name="reason"
                  label="Why does it need no action?"
                  hint="The reason is kept with the signal and on the audit log."
                  rows={4}
                  value={reason}
                  onChange={setReason}
                  error={f.reason}
                />
                <FormButtons label="Dismiss signal" busy={busy} />
              </form>
            </>
          )}
        </div>
      </div>
    </>
  );
}
