import { useEffect, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { ErrorSummary, Textarea } from "../../components/forms";
import { BackLink, Loading, SummaryList, useTitle } from "../../components/layout";
import { setFlash } from "../../lib/flash";
import { formErrors, type FormErrors } from "../../lib/problems";
import { humanise } from "../../lib/words";
import { navigate } from "../../router";
import { Forbidden } from "../Forbidden";
import { NotLoaded, useLoad } from "../load";
import { isFull, mayPublish } from "./data";

/** A complaints officer writes the anonymised "you said, we did" summary and, by publishing
 * it, approves it for the residents' panel and the public page (Code 9.3). The server refuses
 * a summary with the personal data of anyone behind the complaints, and says so by the box. */
export function LearningPublish({ slug, id, landlordName, role }: { slug: string; id: string; landlordName: string; role: string }) {
  const loaded = useLoad(() => api.GET("/api/v1/landlords/{slug}/learning/{id}", { params: { path: { slug, id } } }), [slug, id]);
  const entry = loaded.data && isFull(loaded.data) ? loaded.data : null;
  const [summary, setSummary] = useState<string | null>(null);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);
  const again = !!entry?.published;
  const title = again ? "Change the public summary" : "Publish to the residents' panel and the public page";
  useTitle(`${title} – ${landlordName}`, !!errors);
  useEffect(() => {
    if (entry && summary === null) setSummary(entry.public_summary ?? "");
  }, [entry, summary]);

  if (!mayPublish(role)) return <Forbidden detail="only a complaints officer, who writes and approves the public summary, may publish learning (Code 9.3)" />;
  if (!loaded.data) return <NotLoaded loaded={loaded} what="Learning entry" />;
  if (!entry || summary === null) return <Loading />;
  const back = `/l/${encodeURIComponent(slug)}/learning/${id}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!summary?.trim()) {
      const text = "Enter the public summary";
      setErrors({ fields: { public_summary: text }, summary: [{ text, href: "#public_summary" }] });
      return;
    }
    setBusy(true);
    try {
      const { data, error } = await api.POST("/api/v1/landlords/{slug}/learning/{id}/publish", {
        params: { path: { slug, id } },
        body: { public_summary: summary },
      });
      if (data) {
        setFlash(again ? "The public summary has been changed" : "Published to the residents' panel and the public page");
        navigate(back);
        return;
      }
      setErrors(formErrors(error, ["public_summary"], { public_summary: "The public summary" }));
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <BackLink href={back}>Back to the entry</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l">Learning about {humanise(entry.service_area).toLowerCase()}</span>
          <h1 className="govuk-heading-l">{title}</h1>
          <SummaryList
            rows={[
              { key: "What went wrong", value: <span className="app-prewrap">{entry.what_went_wrong}</span> },
              { key: "Improvement", value: <span className="app-prewrap">{entry.improvement}</span> },
            ]}
          />
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              Anyone can read the summary on the public page. Leave out names, addresses, email addresses, phone numbers and property references.
            </strong>
          </div>
          <form onSubmit={submit} noValidate>
            <Textarea
              name="public_summary"
              label="Public summary: you said, we did"
              hint="What residents told you and what you have changed, in plain words. Publishing it means you approve it."
              rows={6}
              value={summary}
              onChange={setSummary}
              error={errors?.fields.public_summary}
            />
            <div className="govuk-button-group">
              <button type="submit" className="govuk-button" data-module="govuk-button" disabled={busy}>
                {again ? "Publish the new summary" : "Publish"}
              </button>
              <a
                href={back}
                className="govuk-link"
                onClick={(e) => {
                  e.preventDefault();
                  navigate(back);
                }}
              >
                Cancel
              </a>
            </div>
          </form>
        </div>
      </div>
    </>
  );
}
