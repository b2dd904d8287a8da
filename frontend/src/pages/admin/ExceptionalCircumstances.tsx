import { useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { DateInput, ErrorSummary, Textarea, emptyDate } from "../../components/forms";
import { BackLink, SuccessBanner, useTitle } from "../../components/layout";
import { dateTime, longDate } from "../../lib/deadlines";
import { emptyErrors, readDate, requireText } from "../../lib/forms";
import { NotLoaded, useLoad } from "../load";
import { ExceptionalNotice } from "../Exceptional";
import { FormButtons, useSubmit } from "../staff/common";

const FIELDS = ["description", "expected_return_on"];
const LABELS = { description: "What has happened", expected_return_on: "When you expect to keep to the Code again" };

/** A landlord admin posts, replaces and ends the notice that the landlord cannot keep to the
 * Code for now (Code 8.5). It shows on the public page and the dashboards; ended notices are
 * kept. */
export function ExceptionalCircumstances({ slug, landlordName }: { slug: string; landlordName: string }) {
  const [banner, setBanner] = useState<string | null>(null);
  const [description, setDescription] = useState("");
  const [returnOn, setReturnOn] = useState(emptyDate);
  const { errors, busy, submit } = useSubmit();
  const ending = useSubmit();
  useTitle(`Exceptional circumstances – ${landlordName}`, !!errors || !!ending.errors);
  // The API answers null when there is no notice: wrapped, so that "none" is not "loading".
  const current = useLoad(
    () =>
      api
        .GET("/api/v1/landlords/{slug}/exceptional-circumstances", { params: { path: { slug } } })
        .then((r) => ({ ...r, data: r.response.ok ? { notice: r.data ?? null } : undefined })),
    [slug],
  );
  const history = useLoad(
    () => api.GET("/api/v1/landlords/{slug}/exceptional-circumstances/history", { params: { path: { slug }, query: { limit: 20 } } }),
    [slug],
  );
  const f = errors?.fields ?? {};
  const notice = current.data?.notice ?? null;

  function post(e: FormEvent) {
    e.preventDefault();
    setBanner(null);
    let expected: string | null | undefined;
    void submit({
      check: () => {
        const errs = emptyErrors();
        requireText(errs, "description", description, "Say what has happened and what it means for residents' complaints");
        expected = readDate(errs, "expected_return_on", returnOn, { required: "Enter the date you expect to keep to the Code again" });
        return errs;
      },
      send: () =>
        api.POST("/api/v1/landlords/{slug}/exceptional-circumstances", {
          params: { path: { slug } },
          body: { description: description.trim(), expected_return_on: expected ?? "" },
        }),
      fields: FIELDS,
      labels: LABELS,
      done: () => {
        setBanner("The notice is posted: residents see it on your public page");
        setDescription("");
        setReturnOn(emptyDate);
        current.reload();
        history.reload();
      },
    });
  }

  function end(e: FormEvent) {
    e.preventDefault();
    setBanner(null);
    void ending.submit({
      send: () => api.DELETE("/api/v1/landlords/{slug}/exceptional-circumstances", { params: { path: { slug } } }),
      fields: [],
      done: () => {
        setBanner("The notice has ended");
        current.reload();
        history.reload();
      },
    });
  }

  return (
    <>
      <BackLink href={`/l/${encodeURIComponent(slug)}/admin`}>Back to administration</BackLink>
      {banner && !errors && !ending.errors && <SuccessBanner heading={banner} />}
      <ErrorSummary errors={errors ?? ending.errors} />
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Exceptional circumstances</h1>
      <p className="govuk-body">
        If something outside your control, such as a cyber incident, stops {landlordName} keeping to the Complaint Handling Code, tell residents,
        with when you expect to keep to it again (Code 8.5). The notice shows on your public page and on the dashboards until you end it.
      </p>
      {!current.data ? (
        <NotLoaded loaded={current} />
      ) : notice ? (
        <>
          <h2 className="govuk-heading-m">The notice residents see now</h2>
          <ExceptionalNotice notice={notice} />
          <form onSubmit={end} noValidate>
            <FormButtons label="End the notice" busy={ending.busy} secondary />
          </form>
        </>
      ) : (
        <p className="govuk-body">There is no notice now: residents are told you keep to the Code.</p>
      )}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <form onSubmit={post} noValidate>
            <h2 className="govuk-heading-m">{notice ? "Replace the notice" : "Post a notice"}</h2>
            <Textarea
              name="description"
              label="What has happened, and what it means for residents' complaints"
              value={description}
              onChange={setDescription}
              error={f.description}
              rows={5}
            />
            <DateInput
              name="expected_return_on"
              label="When you expect to keep to the Code again"
              hint="For example, 27 3 2027"
              value={returnOn}
              onChange={setReturnOn}
              error={f.expected_return_on}
            />
            <FormButtons label={notice ? "Replace the notice" : "Post the notice"} busy={busy} />
          </form>
        </div>
      </div>
      <h2 className="govuk-heading-m">Earlier notices</h2>
      {!history.data ? (
        <NotLoaded loaded={history} />
      ) : history.data.items.filter((n) => n.ended_at).length === 0 ? (
        <p className="govuk-body">There are no earlier notices.</p>
      ) : (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-visually-hidden">Earlier notices</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Posted</th>
              <th scope="col" className="govuk-table__header">Notice</th>
              <th scope="col" className="govuk-table__header">Expected back by</th>
              <th scope="col" className="govuk-table__header">Ended</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {history.data.items
              .filter((n) => n.ended_at)
              .map((n) => (
                <tr className="govuk-table__row" key={n.id}>
                  <td className="govuk-table__cell" data-label="Posted">
                    {dateTime(n.posted_at)}
                  </td>
                  <td className="govuk-table__cell app-prewrap" data-label="Notice">
                    {n.description}
                  </td>
                  <td className="govuk-table__cell" data-label="Expected back by">
                    {longDate(n.expected_return_on)}
                  </td>
                  <td className="govuk-table__cell" data-label="Ended">
                    {n.ended_at ? dateTime(n.ended_at) : ""}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </>
  );
}
