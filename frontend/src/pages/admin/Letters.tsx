import { useEffect, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { ErrorSummary, Select } from "../../components/forms";
import { Pagination, SuccessBanner, Tag, useTitle } from "../../components/layout";
import { dateTime, longDate } from "../../lib/deadlines";
import { formErrors, type FormErrors } from "../../lib/problems";
import { letterLabel } from "../../lib/words";
import { Link, navigate, useLocation } from "../../router";
import { useReferences } from "../learning/data";
import { NotLoaded, useLoad } from "../load";
import { Pre } from "../staff/common";
import { useDocuments } from "../reports/documents";

const PAGE_SIZE = 50;

/** Letters to print and post, or to send in another format a resident needs, with a way to
 * record that each has gone (the complaints team). */
export function Letters({ slug, landlordName }: { slug: string; landlordName: string }) {
  const { query } = useLocation();
  const delivery = query.get("delivery") ?? "post";
  const outstanding = query.get("outstanding") ?? "true";
  const page = query.get("page") ?? "";
  const [form, setForm] = useState({ delivery, outstanding });
  const [done, setDone] = useState<string | null>(null);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const toPost = delivery === "post" && outstanding === "true";
  useTitle(`${toPost ? "Letters to post" : "Letters"} – ${landlordName}`, !!errors);
  useEffect(() => setForm({ delivery, outstanding }), [delivery, outstanding]);
  const base = `/l/${encodeURIComponent(slug)}/letters`;
  const loaded = useLoad(
    () =>
      api.GET("/api/v1/landlords/{slug}/letters", {
        params: {
          path: { slug },
          query: {
            limit: PAGE_SIZE,
            ...(delivery !== "any" ? { delivery } : {}),
            ...(outstanding !== "any" ? { outstanding } : {}),
            ...(page ? { cursor: page } : {}),
          },
        },
      }),
    [slug, delivery, outstanding, page],
  );
  const data = loaded.data;
  const refs = useReferences(slug, data ? [...new Set(data.items.map((l) => l.complaint_id))] : null, !!data);

  function apply(e: FormEvent) {
    e.preventDefault();
    navigate(`${base}?delivery=${encodeURIComponent(form.delivery)}&outstanding=${encodeURIComponent(form.outstanding)}`);
  }

  const docs = useDocuments();

  /** Records the next step of a letter to post: printed, then posted. */
  async function step(id: string, what: string, next: "printed" | "posted") {
    setBusy(id);
    setDone(null);
    setErrors(null);
    try {
      const { data: letter, error } =
        next === "posted"
          ? await api.POST("/api/v1/landlords/{slug}/letters/{id}/posted", { params: { path: { slug, id } }, body: {} })
          : await api.POST("/api/v1/landlords/{slug}/letters/{id}/printed", { params: { path: { slug, id } } });
      if (letter) {
        setDone(next === "posted" ? `${what} recorded as posted on ${longDate(letter.posted_on)}` : `${what} recorded as printed: post it, then record it as posted`);
        loaded.reload();
      } else setErrors(formErrors(error));
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(null);
    }
  }

  const print = (id: string) =>
    void docs.openHtml(() => api.GET("/api/v1/landlords/{slug}/letters/{id}/print", { params: { path: { slug, id } }, parseAs: "text" }), `letter-${id}.html`);

  const pageHref = (cursor: string | null) =>
    `${base}?delivery=${encodeURIComponent(delivery)}&outstanding=${encodeURIComponent(outstanding)}${cursor ? `&page=${encodeURIComponent(cursor)}` : ""}`;
  return (
    <>
      {done && !errors && <SuccessBanner heading={done} />}
      <ErrorSummary errors={errors ?? docs.problem} />
      <span className="govuk-caption-l">{landlordName}</span>
      <h1 className="govuk-heading-l">{toPost ? "Letters to post" : "Letters"}</h1>
      <p className="govuk-body">
        Letters to residents without an email address go by post, and some residents need letters in another format (Code 3.1). Each is
        written, then printed, then posted: open it to print, record that it was printed, and record when it was posted. The full text is
        also on the complaint's correspondence.
      </p>
      <form className="app-filters" onSubmit={apply} aria-label="Filter letters">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <Select
              name="delivery"
              label="Sent by"
              value={form.delivery}
              onChange={(v) => setForm({ ...form, delivery: v })}
              choices={[
                { value: "post", label: "Post" },
                { value: "email", label: "Email" },
                { value: "any", label: "Post or email" },
              ]}
            />
          </div>
          <div className="govuk-grid-column-one-half">
            <Select
              name="outstanding"
              label="Still to do"
              value={form.outstanding}
              onChange={(v) => setForm({ ...form, outstanding: v })}
              choices={[
                { value: "true", label: "Still to be posted or sent in another format" },
                { value: "false", label: "Done" },
                { value: "any", label: "Either" },
              ]}
            />
          </div>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Show letters
        </button>
      </form>
      {!data ? (
        <NotLoaded loaded={loaded} />
      ) : data.items.length === 0 ? (
        <p className="govuk-body" role="status">
          {toPost ? "There are no letters waiting to be posted." : "There are no letters to show."}
        </p>
      ) : (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--m">{toPost ? "Letters waiting, oldest first" : "Letters, oldest first"}</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Letter</th>
              <th scope="col" className="govuk-table__header">To</th>
              <th scope="col" className="govuk-table__header">Written</th>
              <th scope="col" className="govuk-table__header">Status</th>
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {data.items.map((l) => {
              const ref = refs?.[l.complaint_id];
              const what = `${letterLabel(l.kind)}${ref ? ` for ${ref}` : ""}`;
              return (
                <tr className="govuk-table__row" key={l.id}>
                  <td className="govuk-table__cell app-break" data-label="Letter">
                    <span className="govuk-!-font-weight-bold">{letterLabel(l.kind)}</span>
                    <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-1">{l.subject}</span>
                    <Link href={`/l/${encodeURIComponent(slug)}/complaints/${l.complaint_id}`} className="govuk-link">
                      {ref ? `Complaint ${ref}` : "The complaint"}
                    </Link>
                  </td>
                  <td className="govuk-table__cell app-break" data-label="To">
                    {l.recipient_name}
                    <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
                      <Pre>{l.recipient}</Pre>
                    </span>
                    {l.staff_notes && (
                      <strong className="govuk-body-s govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">{l.staff_notes}</strong>
                    )}
                  </td>
                  <td className="govuk-table__cell" data-label="Written">
                    {dateTime(l.created_at)}
                  </td>
                  <td className="govuk-table__cell" data-label="Status">
                    <LetterStatus letter={l} />
                  </td>
                  <td className="govuk-table__cell" data-label="Action">
                    {l.outstanding && (
                      <div className="govuk-button-group govuk-!-margin-bottom-0">
                        <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button" disabled={docs.busy} onClick={() => print(l.id)}>
                          {l.state === "printed" ? "Print again" : "Print"}
                          <span className="govuk-visually-hidden">: {what} to {l.recipient_name} (opens in a new tab)</span>
                        </button>
                        <button
                          type="button"
                          className="govuk-button govuk-!-margin-bottom-0"
                          data-module="govuk-button"
                          disabled={busy === l.id}
                          onClick={() => void step(l.id, what, l.state === "printed" ? "posted" : "printed")}
                        >
                          {l.state === "printed" ? "Mark as posted" : "Mark as printed"}
                          <span className="govuk-visually-hidden">: {what} to {l.recipient_name}</span>
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {data && <Pagination label="Pages of letters" first={page ? pageHref(null) : null} next={data.next_cursor ? pageHref(data.next_cursor) : null} />}
    </>
  );
}

/** Where a letter stands, as a tag: to print, printed and waiting to be posted, posted, or
 * gone by other means. */
function LetterStatus({ letter: l }: { letter: { state: string; posted_on?: string | null; printed_at?: string | null; sent_earlier_on?: string | null; delivery: string } }) {
  switch (l.state) {
    case "to_print":
      return <Tag className="govuk-tag--blue">To print</Tag>;
    case "printed":
      return (
        <>
          <Tag className="govuk-tag--yellow">Printed, to post</Tag>
          {l.printed_at && <span className="govuk-body-s govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">Printed {dateTime(l.printed_at)}</span>}
        </>
      );
    case "posted":
      return <Tag className="govuk-tag--green">Posted {longDate(l.posted_on ?? "")}</Tag>;
    case "sent_earlier":
      return <Tag className="govuk-tag--grey">Sent by other means on {longDate(l.sent_earlier_on ?? "")}</Tag>;
    default:
      return <Tag className="govuk-tag--grey">{l.delivery === "email" ? "Emailed" : "Done"}</Tag>;
  }
}
