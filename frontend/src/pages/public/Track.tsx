import { useEffect, useState, type FormEvent } from "react";
import { api, type Schemas } from "../../api/client";
import { ErrorSummary, Textarea } from "../../components/forms";
import { Layout, Loading, SuccessBanner, SummaryList, useTitle } from "../../components/layout";
import { dateTime, longDate } from "../../lib/deadlines";
import { stageRows } from "../../lib/tracking";
import { residentStatusLabel } from "../../lib/words";
import { Link } from "../../router";
import { useLoad } from "../load";
import { FormButtons, useSubmit } from "../staff/common";
import { PublicProblem } from "./common";

type Tracking = Schemas["Tracking"];

function TrackingNotFound({ slug }: { slug: string }) {
  useTitle("We cannot find this complaint");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">We cannot find this complaint</h1>
        <p className="govuk-body">The link may be wrong or incomplete.</p>
        <p className="govuk-body">
          Check that you copied the whole link from the email or letter we sent you: it is long, and sometimes breaks across two lines.
        </p>
        <p className="govuk-body">
          If it still does not work, contact your landlord and quote the reference of your complaint: it is in the email or letter too. You do not
          need this link to complain or to ask about your complaint.
        </p>
        <p className="govuk-body">
          <Link href={`/p/${encodeURIComponent(slug)}`} className="govuk-link">
            How to complain, and how to contact us
          </Link>
        </p>
      </div>
    </div>
  );
}

type Submitter = ReturnType<typeof useSubmit>;

interface FormProps {
  slug: string;
  token: string;
  form: Submitter;
  onDone: (t: Tracking, message: string) => void;
}

function AddInformation({ slug, token, form, onDone }: FormProps) {
  const [text, setText] = useState("");
  const { errors, busy, submit } = form;
  function send(e: FormEvent) {
    e.preventDefault();
    void submit({
      check: () => {
        if (text.trim()) return null;
        const message = "Enter what you would like to add";
        return { fields: { description: message }, summary: [{ text: message, href: "#description" }] };
      },
      send: () =>
        api.POST("/api/v1/public/{slug}/track/{token}/information", { params: { path: { slug, token } }, body: { description: text.trim() } }),
      fields: ["description"],
      labels: { description: "What you would like to add" },
      done: (t) => {
        setText("");
        if (t) onDone(t, "We have added this to your complaint");
      },
    });
  }
  return (
    <section aria-labelledby="add-heading" className="app-section">
      <h2 className="govuk-heading-m" id="add-heading">
        Add information to your complaint
      </h2>
      <form onSubmit={send} noValidate>
        <Textarea
          name="description"
          label="What would you like to add?"
          hint="For example, something that has happened since, or something you forgot to tell us. It goes to the team looking at your complaint."
          rows={5}
          value={text}
          onChange={setText}
          error={errors?.fields.description}
        />
        <FormButtons label="Send information" busy={busy} secondary />
      </form>
    </section>
  );
}

function AskForStage2({ slug, token, form, onDone }: FormProps) {
  const [reason, setReason] = useState("");
  const { errors, busy, submit } = form;
  function send(e: FormEvent) {
    e.preventDefault();
    void submit({
      send: () =>
        api.POST("/api/v1/public/{slug}/track/{token}/escalate", {
          params: { path: { slug, token } },
          body: { reason: reason.trim() || null },
        }),
      fields: ["reason"],
      labels: { reason: "Why you are unhappy" },
      done: (t) => {
        setReason("");
        if (t) onDone(t, "You have asked for your complaint to go to stage 2");
      },
    });
  }
  return (
    <section aria-labelledby="stage2-heading" className="app-section">
      <h2 className="govuk-heading-m" id="stage2-heading">
        Ask for your complaint to go to stage 2
      </h2>
      <p className="govuk-body">
        If you are not happy with our stage 1 response, you can ask us to look at your complaint again at stage 2. Someone who was not involved at
        stage 1 will look at it. You do not need to give a reason.
      </p>
      <form onSubmit={send} noValidate>
        <Textarea
          name="reason"
          label="Why are you unhappy with our response? (optional)"
          hint="If you tell us, we can focus on what matters to you"
          rows={4}
          value={reason}
          onChange={setReason}
          error={errors?.fields.reason}
        />
        <FormButtons label="Ask for stage 2" busy={busy} />
      </form>
    </section>
  );
}

function Content({ slug, token, initial }: { slug: string; token: string; initial: Tracking }) {
  const [t, setT] = useState(initial);
  const [notice, setNotice] = useState<string | null>(null);
  const form = useSubmit();
  useTitle(`Your complaint ${t.reference} – ${t.landlord}`, !!form.errors);
  const done = (next: Tracking, message: string) => {
    setT(next);
    setNotice(message);
  };
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {notice && !form.errors && <SuccessBanner heading={notice} />}
        <ErrorSummary errors={form.errors} />
        <span className="govuk-caption-l">{t.landlord}</span>
        <h1 className="govuk-heading-l">Your complaint {t.reference}</h1>
        <div className="govuk-inset-text app-status">
          <span className="govuk-visually-hidden">Where your complaint is: </span>
          <strong className="govuk-!-font-size-24">{residentStatusLabel(t.status)}</strong>
        </div>
        <SummaryList
          rows={[
            { key: "Reference", value: t.reference },
            { key: "Received", value: longDate(t.received_on) },
            { key: "Stage", value: `Stage ${t.current_stage}` },
          ]}
        />

        {t.stages.map((s) => (
          <section aria-labelledby={`stage-${s.stage}-heading`} className="app-section" key={s.stage}>
            <h2 className="govuk-heading-m" id={`stage-${s.stage}-heading`}>
              Stage {s.stage}
            </h2>
            <SummaryList rows={stageRows(s)} />
          </section>
        ))}
        <p className="govuk-body-s">Dates count working days, which do not include weekends or bank holidays.</p>

        <section aria-labelledby="letters-heading" className="app-section">
          <h2 className="govuk-heading-m" id="letters-heading">
            Letters we have sent you
          </h2>
          {t.letters.length === 0 ? (
            <p className="govuk-body">We have not sent you a letter yet.</p>
          ) : (
            <table className="govuk-table app-table--stack">
              <caption className="govuk-visually-hidden">Letters about your complaint, oldest first</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Letter
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Sent
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {t.letters.map((l, i) => (
                  <tr className="govuk-table__row" key={i}>
                    <th scope="row" className="govuk-table__header app-break">
                      {l.text ? (
                        <details className="govuk-details govuk-!-margin-bottom-0">
                          <summary className="govuk-details__summary">
                            <span className="govuk-details__summary-text">{l.subject}</span>
                          </summary>
                          <div className="govuk-details__text app-prewrap govuk-body-s">{l.text}</div>
                        </details>
                      ) : (
                        l.subject
                      )}
                    </th>
                    <td className="govuk-table__cell" data-label="Sent">
                      {dateTime(l.sent_at)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        {t.can_escalate && <AskForStage2 slug={slug} token={token} form={form} onDone={done} />}
        <AddInformation slug={slug} token={token} form={form} onDone={done} />

        <section aria-labelledby="ombudsman-heading" className="app-section">
          <h2 className="govuk-heading-m" id="ombudsman-heading">
            If you are still unhappy
          </h2>
          <p className="govuk-body">
            Once our complaints process is over, or if we do not answer in time, you can take your complaint to the {t.ombudsman_name}. It is free
            and independent.
          </p>
          <p className="govuk-body app-prewrap">{t.ombudsman_contact}</p>
        </section>
        <p className="govuk-body">
          <Link href={`/p/${encodeURIComponent(slug)}`} className="govuk-link">
            How to complain to {t.landlord}
          </Link>
        </p>
        <div className="govuk-inset-text">Keep this link to yourself: anyone who has it can see your complaint.</div>
      </div>
    </div>
  );
}

/** The resident's private view of their complaint, through the link sent to them
 * (docs/rules.md, "What residents can do online"; Code 6.12): no sign-in; the token in the
 * address is the credential. */
export function TrackPage({ slug, token }: { slug: string; token: string }) {
  const loaded = useLoad(() => api.GET("/api/v1/public/{slug}/track/{token}", { params: { path: { slug, token } } }), [slug, token]);
  const t = loaded.data;
  useEffect(() => {
    if (!t && loaded.status === null) document.title = "Loading – Redress";
  }, [t, loaded.status]);
  return (
    <Layout serviceName={t?.landlord} serviceHref={`/p/${encodeURIComponent(slug)}`} homeHref={`/p/${encodeURIComponent(slug)}`} nav={[]}>
      {t ? (
        <Content slug={slug} token={token} initial={t} />
      ) : loaded.status === null ? (
        <Loading />
      ) : loaded.status === 404 ? (
        <TrackingNotFound slug={slug} />
      ) : (
        <PublicProblem text={loaded.problem ?? "Something went wrong. Try again."} />
      )}
    </Layout>
  );
}
