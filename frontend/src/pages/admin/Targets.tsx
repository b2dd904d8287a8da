import { useEffect, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { ErrorSummary, TextInput } from "../../components/forms";
import { BackLink, SuccessBanner, useTitle } from "../../components/layout";
import { TARGETS, targetsFrom } from "../../lib/admin";
import { NotLoaded, useLoad } from "../load";
import { FormButtons, useSubmit } from "../staff/common";

const FIELDS = TARGETS.map((t) => `performance_targets.${t.key}`);
const LABELS = Object.fromEntries(TARGETS.map((t) => [`performance_targets.${t.key}`, t.label]));

/** The landlord's own targets for its headline figures, shown beside them on the dashboard
 * for the MRC and the governing body to hold the landlord to (a landlord admin). */
export function PerformanceTargets({ slug, landlordName }: { slug: string; landlordName: string }) {
  const loaded = useLoad(() => api.GET("/api/v1/landlords/{slug}/settings", { params: { path: { slug } } }), [slug]);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const { errors, busy, submit } = useSubmit();
  useTitle(`Targets – ${landlordName}`, !!errors);
  useEffect(() => {
    const t = loaded.data?.performance_targets ?? {};
    setDraft(Object.fromEntries(TARGETS.map(({ key }) => [key, t[key] == null ? "" : String(t[key])])));
  }, [loaded.data]);
  const back = <BackLink href={`/l/${encodeURIComponent(slug)}/admin`}>Back to administration</BackLink>;
  if (!loaded.data) {
    return (
      <>
        {back}
        <NotLoaded loaded={loaded} />
      </>
    );
  }
  const f = errors?.fields ?? {};

  function save(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const { targets, errors: local } = targetsFrom(draft);
    void submit({
      check: () => local,
      send: () => api.PATCH("/api/v1/landlords/{slug}/settings", { params: { path: { slug } }, body: { performance_targets: targets } }),
      fields: FIELDS,
      labels: LABELS,
      done: () => {
        setSaved(true);
        loaded.reload();
      },
    });
  }

  return (
    <>
      {back}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {saved && !errors && <SuccessBanner heading="Targets saved" />}
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l">Administration</span>
          <h1 className="govuk-heading-l">Targets for the headline figures</h1>
          <p className="govuk-body">
            The dashboard shows each target beside its figure, and lists a figure below its target among the areas for the Member
            Responsible for Complaints to question. The Code's timescales apply whatever the targets; a target says how often the landlord
            means to keep them.
          </p>
          <form onSubmit={save} noValidate>
            {TARGETS.map((t) => (
              <div key={t.key}>
                <TextInput
                  name={`performance_targets.${t.key}`}
                  label={t.label}
                  hint={`A whole percentage, for example 95 (Code ${t.provision}). Leave blank for no target.`}
                  inputMode="numeric"
                  width="govuk-input--width-3"
                  value={draft[t.key] ?? ""}
                  onChange={(v) => setDraft({ ...draft, [t.key]: v })}
                  error={f[`performance_targets.${t.key}`]}
                />
              </div>
            ))}
            <FormButtons label="Save targets" busy={busy} cancel={`/l/${encodeURIComponent(slug)}/admin`} />
          </form>
        </div>
      </div>
    </>
  );
}
