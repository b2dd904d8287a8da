import { useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { ErrorSummary } from "../../components/forms";
import { BackLink, SummaryList, useTitle } from "../../components/layout";
import { setFlash } from "../../lib/flash";
import { formErrors, type FormErrors } from "../../lib/problems";
import { humanise } from "../../lib/words";
import { navigate } from "../../router";
import { Forbidden } from "../Forbidden";
import { NotLoaded, useLoad } from "../load";
import { isFull, mayPublish } from "./data";

/** Takes a published entry off the residents' panel's list and the public page. */
export function LearningWithdraw({ slug, id, landlordName, role }: { slug: string; id: string; landlordName: string; role: string }) {
  const loaded = useLoad(() => api.GET("/api/v1/landlords/{slug}/learning/{id}", { params: { path: { slug, id } } }), [slug, id]);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);
  useTitle(`Withdraw from publication – ${landlordName}`, !!errors);
  if (!mayPublish(role)) return <Forbidden detail="only a complaints officer may withdraw published learning (Code 9.3)" />;
  const entry = loaded.data && isFull(loaded.data) ? loaded.data : null;
  if (!entry) return <NotLoaded loaded={loaded} what="Learning entry" />;
  const back = `/l/${encodeURIComponent(slug)}/learning/${id}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const { data, error } = await api.DELETE("/api/v1/landlords/{slug}/learning/{id}/publish", { params: { path: { slug, id } } });
      if (data) {
        setFlash("Withdrawn from the residents' panel and the public page");
        navigate(back);
        return;
      }
      setErrors(formErrors(error));
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
          <h1 className="govuk-heading-l">Withdraw this entry from publication?</h1>
          {entry.public_summary && <SummaryList rows={[{ key: "Public summary", value: <span className="app-prewrap">{entry.public_summary}</span> }]} />}
          <p className="govuk-body">
            The residents' panel and visitors to the public page will no longer see it. The entry stays in the learning log, and you can publish it
            again.
          </p>
          <form onSubmit={submit} noValidate>
            <div className="govuk-button-group">
              <button type="submit" className="govuk-button govuk-button--warning" data-module="govuk-button" disabled={busy}>
                Withdraw from publication
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
