import { useEffect, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { ErrorSummary, Select } from "../../components/forms";
import { BackLink, Pagination, SuccessBanner, Tag, useTitle } from "../../components/layout";
import { OUTBOX_STATUSES, outboxStatusLabel, outboxStatusTag } from "../../lib/admin";
import { dateTime } from "../../lib/deadlines";
import { formErrors, type FormErrors } from "../../lib/problems";
import { navigate, useLocation } from "../../router";
import { NotLoaded, useLoad } from "../load";

const PAGE_SIZE = 50;

/** The landlord's outgoing email (landlord admin): by default the dead letters, the messages
 * that failed after every retry, each of which can be sent again. No message's body is shown:
 * it may carry a resident's details. */
export function Outbox({ slug, landlordName }: { slug: string; landlordName: string }) {
  const { query } = useLocation();
  const status = query.get("status") ?? "failed";
  const page = query.get("page") ?? "";
  const [form, setForm] = useState(status);
  const [done, setDone] = useState<string | null>(null);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  useTitle(`Email outbox – ${landlordName}`, !!errors);
  useEffect(() => setForm(status), [status]);
  const base = `/l/${encodeURIComponent(slug)}/outbox`;
  const loaded = useLoad(
    () =>
      api.GET("/api/v1/landlords/{slug}/outbox", {
        params: {
          path: { slug },
          query: { limit: PAGE_SIZE, ...(status !== "all" ? { status } : {}), ...(page ? { cursor: page } : {}) },
        },
      }),
    [slug, status, page],
  );

  function apply(e: FormEvent) {
    e.preventDefault();
    navigate(`${base}?status=${encodeURIComponent(form)}`);
  }

  async function retry(id: string, to: string) {
    setBusy(id);
    setDone(null);
    setErrors(null);
    try {
      const { data, error } = await api.POST("/api/v1/landlords/{slug}/outbox/{id}/retry", { params: { path: { slug, id } } });
      if (data) {
        setDone(`The email to ${to} will be sent again`);
        loaded.reload();
      } else setErrors(formErrors(error));
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(null);
    }
  }

  const pageHref = (cursor: string | null) => `${base}?status=${encodeURIComponent(status)}${cursor ? `&page=${encodeURIComponent(cursor)}` : ""}`;
  const data = loaded.data;
  const heading = status === "failed" ? "Emails that could not be delivered" : status === "all" ? "All emails" : `${outboxStatusLabel(status)} emails`;
  return (
    <>
      <BackLink href={`/l/${encodeURIComponent(slug)}/admin`}>Back to administration</BackLink>
      {done && !errors && <SuccessBanner heading={done} />}
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Email outbox</h1>
      <p className="govuk-body">
        Every email goes through the outbox and is retried until it is delivered. An email that still fails after every retry stays here until
        it is sent again. The text of emails is not shown here: it may include a resident's details.
      </p>
      <form className="app-filters" onSubmit={apply} aria-label="Filter the outbox">
        <Select
          name="status"
          label="Show"
          value={form}
          onChange={setForm}
          choices={[
            ...OUTBOX_STATUSES.map((s) => ({ value: s, label: s === "failed" ? "Failed: could not be delivered" : outboxStatusLabel(s) })),
            { value: "all", label: "All emails" },
          ]}
        />
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Show emails
        </button>
      </form>
      {!data ? (
        <NotLoaded loaded={loaded} />
      ) : data.items.length === 0 ? (
        <p className="govuk-body" role="status">
          {status === "failed" ? "No emails have failed: every email has been delivered or is still being tried." : "There are no emails to show."}
        </p>
      ) : (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--m">{heading}, newest first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Email</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header">Attempts</th>
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {data.items.map((m) => (
              <tr className="govuk-table__row" key={m.id}>
                <td className="govuk-table__cell app-break" data-label="Email">
                  <span className="govuk-!-font-weight-bold">{m.subject}</span>
                  <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
                    To {m.to}, created {dateTime(m.created_at)}
                  </span>
                </td>
                <td className="govuk-table__cell app-break" data-label="Status">
                  <Tag className={outboxStatusTag(m.status)}>{outboxStatusLabel(m.status)}</Tag>
                  {m.status === "sent" && m.sent_at && <span className="govuk-body-s govuk-!-display-block">{dateTime(m.sent_at)}</span>}
                  {m.status === "pending" && <span className="govuk-body-s govuk-!-display-block">Next try {dateTime(m.next_attempt_at)}</span>}
                  {m.last_error && m.status !== "sent" && <span className="govuk-body-s govuk-!-display-block">{m.last_error}</span>}
                </td>
                <td className="govuk-table__cell" data-label="Attempts">
                  {m.attempts}
                </td>
                <td className="govuk-table__cell" data-label="Action">
                  {m.status === "failed" && (
                    <button
                      type="button"
                      className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                      data-module="govuk-button"
                      disabled={busy === m.id}
                      onClick={() => void retry(m.id, m.to)}
                    >
                      Send again<span className="govuk-visually-hidden"> the email to {m.to}: {m.subject}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && <Pagination label="Pages of the outbox" first={page ? pageHref(null) : null} next={data.next_cursor ? pageHref(data.next_cursor) : null} />}
    </>
  );
}
