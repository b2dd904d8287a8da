import { useEffect, useRef, useState, type FormEvent } from "react";
import { api, type Schemas } from "../../api/client";
import { Checkbox, DateInput, ErrorSummary, Radios, TextInput, Textarea } from "../../components/forms";
import { BackLink, Layout, Loading, useTitle } from "../../components/layout";
import { longDate } from "../../lib/deadlines";
import { fieldId } from "../../lib/problems";
import { COMPLAINT_FIELDS, COMPLAINT_LABELS, EMPTY_COMPLAINT, readComplaint, type ComplaintDraft } from "../../lib/publicComplaint";
import { CONTACT_PREFERENCES, contactPreferenceLabel } from "../../lib/words";
import { Link } from "../../router";
import { useLoad } from "../load";
import { FormButtons, useSubmit } from "../staff/common";
import { PublicNotFound, PublicProblem } from "./common";

type Receipt = Schemas["PublicComplaintReceipt"];

function Sent({ slug, name, receipt }: { slug: string; name: string; receipt: Receipt }) {
  useTitle(`Complaint sent to ${name}`);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const t = window.setTimeout(() => heading.current?.focus(), 0);
    return () => window.clearTimeout(t);
  }, []);
  const post = receipt.tracking_link_sent === "by post";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title" tabIndex={-1} ref={heading}>
            Complaint sent
          </h1>
          <div className="govuk-panel__body">
            Your reference is
            <br />
            <strong>{receipt.reference}</strong>
          </div>
        </div>
        <p className="govuk-body">
          We have sent you a private link to follow your complaint {receipt.tracking_link_sent}.
          {post ? " It comes in a letter to the address you gave." : " Check your email, including any junk or spam folder."}
        </p>
        <h2 className="govuk-heading-m">What happens next</h2>
        {receipt.acknowledge_by && (
          <p className="govuk-body">
            We will acknowledge your complaint by <strong>{longDate(receipt.acknowledge_by)}</strong>. We will tell you what we understand your
            complaint to be, what you would like us to do, and when you will have our answer.
          </p>
        )}
        <p className="govuk-body">
          Through your private link you can see where your complaint is, read the letters we send you and add anything you forgot. Keep your
          reference: quote it if you contact us.
        </p>
        <p className="govuk-body">
          <Link href={`/p/${encodeURIComponent(slug)}`} className="govuk-link">
            Back to how to complain to {name}
          </Link>
        </p>
      </div>
    </div>
  );
}

function Form({ slug, page, onSent }: { slug: string; page: Schemas["PublicPage"]; onSent: (r: Receipt) => void }) {
  const [d, setD] = useState<ComplaintDraft>(EMPTY_COMPLAINT);
  const { errors, busy, submit } = useSubmit();
  const name = page.landlord.name;
  useTitle(`Make a complaint to ${name}`, !!errors);
  const f = errors?.fields ?? {};
  const set =
    <K extends keyof ComplaintDraft>(k: K) =>
    (v: ComplaintDraft[K]) =>
      setD((x) => ({ ...x, [k]: v }));

  function send(e: FormEvent) {
    e.preventDefault();
    let body: ReturnType<typeof readComplaint>["body"] = null;
    void submit({
      check: () => {
        const r = readComplaint(d);
        body = r.body;
        return r.errors;
      },
      send: () => api.POST("/api/v1/public/{slug}/complaints", { params: { path: { slug } }, body: body as NonNullable<typeof body> }),
      fields: COMPLAINT_FIELDS,
      labels: COMPLAINT_LABELS,
      done: (r) => r && onSent(r),
    });
  }

  const consentId = fieldId("representative.consent");
  return (
    <>
      <BackLink href={`/p/${encodeURIComponent(slug)}`}>Back to how to complain</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l">{name}</span>
          <h1 className="govuk-heading-l">Make a complaint</h1>
          <p className="govuk-body">
            Tell us what has gone wrong, in your own words. You do not need to use the word “complaint”. It takes about 10 minutes, and you do not
            need an account.
          </p>
          <p className="govuk-body">
            You can also complain by phone, email, letter or in person, or ask someone to complain for you:{" "}
            <Link href={`/p/${encodeURIComponent(slug)}#ways`} className="govuk-link">
              other ways to complain
            </Link>
            .
          </p>
          <form onSubmit={send} noValidate>
            <h2 className="govuk-heading-m">About you</h2>
            <p className="govuk-body">If you are making this complaint for someone else, give their details here and yours further down.</p>
            <TextInput name="resident.name" label="Full name" autoComplete="name" spellCheck={false} value={d.name} onChange={set("name")} error={f["resident.name"]} />
            <TextInput
              name="resident.email"
              label="Email address (optional)"
              hint="We will email you a private link to follow your complaint. Without an email address, we send it by post."
              type="email"
              autoComplete="email"
              spellCheck={false}
              value={d.email}
              onChange={set("email")}
              error={f["resident.email"]}
            />
            <TextInput
              name="resident.phone"
              label="Phone number (optional)"
              type="tel"
              autoComplete="tel"
              width="govuk-input--width-20"
              value={d.phone}
              onChange={set("phone")}
              error={f["resident.phone"]}
            />
            <Textarea
              name="resident.address"
              label="Postal address (optional)"
              rows={4}
              autoComplete="street-address"
              value={d.address}
              onChange={set("address")}
              error={f["resident.address"]}
            />
            <TextInput
              name="resident.property_ref"
              label="Tenancy or property reference (optional)"
              hint="If you know it: it is on your rent statement or tenancy agreement"
              width="govuk-input--width-10"
              spellCheck={false}
              value={d.property_ref}
              onChange={set("property_ref")}
              error={f["resident.property_ref"]}
            />
            <Radios
              name="resident.preferred_contact"
              label="How would you like us to contact you?"
              legendSize="s"
              value={d.preferred_contact}
              onChange={set("preferred_contact")}
              error={f["resident.preferred_contact"]}
              choices={[...CONTACT_PREFERENCES.map((m) => ({ value: m, label: contactPreferenceLabel(m) })), { value: "", label: "No preference" }]}
            />
            <TextInput
              name="resident.preferred_format"
              label="Do you need our letters in another format? (optional)"
              hint="For example, large print, braille, easy read or audio"
              value={d.preferred_format}
              onChange={set("preferred_format")}
              error={f["resident.preferred_format"]}
            />
            <TextInput
              name="resident.language"
              label="Do you need an interpreter or letters in another language? (optional)"
              hint="Tell us which language"
              width="govuk-input--width-20"
              value={d.language}
              onChange={set("language")}
              error={f["resident.language"]}
            />

            <h2 className="govuk-heading-m">What has gone wrong</h2>
            <Textarea
              name="description"
              label="Tell us what has gone wrong"
              hint="In your own words: what happened, where, and who was involved if you know. You do not need to use the word “complaint”."
              rows={8}
              value={d.description}
              onChange={set("description")}
              error={f.description}
            />
            <Textarea
              name="outcomes_sought"
              label="What would you like us to do to put it right? (optional)"
              rows={4}
              value={d.outcomes_sought}
              onChange={set("outcomes_sought")}
              error={f.outcomes_sought}
            />
            <DateInput
              name="issue_date"
              label="When did it happen? (optional)"
              hint="If it is still happening, when it started. For example, 27 3 2026"
              value={d.issue}
              onChange={set("issue")}
              error={f.issue_date}
            />
            <Textarea
              name="adjustments_needed"
              label="Do you need any help or changes from us to make your complaint? (optional)"
              hint="For example, phone calls only in the afternoon, letters in large print, more time to reply, or someone to help you"
              rows={3}
              value={d.adjustments_needed}
              onChange={set("adjustments_needed")}
              error={f.adjustments_needed}
            />

            <div className="govuk-form-group">
              <fieldset className="govuk-fieldset">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
                  <h2 className="govuk-fieldset__heading">Someone making the complaint for you</h2>
                </legend>
                <div className="govuk-checkboxes" data-module="govuk-checkboxes">
                  <Checkbox
                    name="has_representative"
                    label="Someone is making this complaint for me"
                    hint="For example, a relative, friend, advocate or councillor. We will deal with them about your complaint."
                    checked={d.has_representative}
                    onChange={set("has_representative")}
                  />
                  {d.has_representative && (
                    <div className="govuk-checkboxes__conditional" id="representative">
                      <TextInput
                        name="representative.name"
                        label="Their full name"
                        spellCheck={false}
                        value={d.rep_name}
                        onChange={set("rep_name")}
                        error={f["representative.name"]}
                      />
                      <TextInput
                        name="representative.relationship"
                        label="How do they know you? (optional)"
                        hint="For example, daughter, friend or advocate"
                        width="govuk-input--width-20"
                        value={d.rep_relationship}
                        onChange={set("rep_relationship")}
                        error={f["representative.relationship"]}
                      />
                      <TextInput
                        name="representative.email"
                        label="Their email address (optional)"
                        type="email"
                        spellCheck={false}
                        value={d.rep_email}
                        onChange={set("rep_email")}
                        error={f["representative.email"]}
                      />
                      <TextInput
                        name="representative.phone"
                        label="Their phone number (optional)"
                        type="tel"
                        width="govuk-input--width-20"
                        value={d.rep_phone}
                        onChange={set("rep_phone")}
                        error={f["representative.phone"]}
                      />
                      <div className={`govuk-form-group${f["representative.consent"] ? " govuk-form-group--error" : ""}`}>
                        {f["representative.consent"] && (
                          <p id={`${consentId}-error`} className="govuk-error-message">
                            <span className="govuk-visually-hidden">Error:</span> {f["representative.consent"]}
                          </p>
                        )}
                        <div className="govuk-checkboxes govuk-checkboxes--small">
                          <Checkbox
                            name="representative.consent"
                            label="I agree to this person making this complaint for me, and to you telling them about it"
                            checked={d.rep_consent}
                            onChange={set("rep_consent")}
                            errorId={f["representative.consent"] ? `${consentId}-error` : undefined}
                          />
                        </div>
                      </div>
                    </div>
                  )}
                </div>
              </fieldset>
            </div>

            <h2 className="govuk-heading-m">Send your complaint</h2>
            <p className="govuk-body">
              We will use what you tell us to look into your complaint, and keep it as the law requires. We will send you a reference and a private
              link to follow it.
            </p>
            <FormButtons label="Send complaint" busy={busy} />
          </form>
        </div>
      </div>
    </>
  );
}

/** The online complaint form (Code 1.3, 3.1, 3.6; docs/rules.md, "What residents can do
 * online"): no sign-in. */
export function ComplainPage({ slug }: { slug: string }) {
  const loaded = useLoad(() => api.GET("/api/v1/public/{slug}", { params: { path: { slug } } }), [slug]);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const p = loaded.data;
  useEffect(() => {
    if (!p && loaded.status === null) document.title = "Loading – Redress";
  }, [p, loaded.status]);
  return (
    <Layout serviceName={p?.landlord.name} serviceHref={`/p/${encodeURIComponent(slug)}`} homeHref={`/p/${encodeURIComponent(slug)}`} nav={[]}>
      {p ? (
        receipt ? (
          <Sent slug={slug} name={p.landlord.name} receipt={receipt} />
        ) : (
          <Form slug={slug} page={p} onSent={setReceipt} />
        )
      ) : loaded.status === null ? (
        <Loading />
      ) : loaded.status === 404 ? (
        <PublicNotFound />
      ) : (
        <PublicProblem text={loaded.problem ?? "Something went wrong. Try again."} />
      )}
    </Layout>
  );
}
