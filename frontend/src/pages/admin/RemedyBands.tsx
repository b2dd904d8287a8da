import { useEffect, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { ErrorSummary, TextInput, Textarea } from "../../components/forms";
import { BackLink, SuccessBanner, useTitle } from "../../components/layout";
import { addError, emptyErrors } from "../../lib/forms";
import { penceFromPounds } from "../../lib/money";
import { NotLoaded, useLoad } from "../load";
import { FormButtons, useSubmit } from "../staff/common";

interface BandDraft {
  from: string;
  to: string;
  description: string;
}

const poundsText = (pence: number | null | undefined) => (pence == null ? "" : (pence / 100).toFixed(2).replace(/\.00$/, ""));

/** The bands typed, as the body to save, or what is wrong with each field. */
export function bandsFrom(drafts: BandDraft[]): {
  bands: { from_pence: number; to_pence: number | null; description: string }[];
  errors: ReturnType<typeof emptyErrors>;
} {
  const errors = emptyErrors();
  const bands = drafts.map((d, i) => {
    const from = penceFromPounds(d.from);
    const last = i === drafts.length - 1;
    const to = d.to.trim() === "" && last ? null : penceFromPounds(d.to);
    if (from === null) addError(errors, `remedy_bands[${i}].from_pence`, `Enter where band ${i + 1} starts, in pounds, for example 100`);
    if (to === null && !last) addError(errors, `remedy_bands[${i}].to_pence`, `Enter where band ${i + 1} ends, in pounds, for example 600`);
    if (!d.description.trim()) addError(errors, `remedy_bands[${i}].description`, `Enter what band ${i + 1} is for`);
    return { from_pence: from ?? 0, to_pence: to, description: d.description.trim() };
  });
  return { bands, errors };
}

/** The landlord's copy of the Ombudsman's bands of financial redress, and its compensation
 * policy: shown to whoever writes a response offering a financial remedy (a landlord admin). */
export function RemedyBands({ slug, landlordName }: { slug: string; landlordName: string }) {
  const loaded = useLoad(() => api.GET("/api/v1/landlords/{slug}/settings", { params: { path: { slug } } }), [slug]);
  const [drafts, setDrafts] = useState<BandDraft[]>([]);
  const [policy, setPolicy] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, busy, submit } = useSubmit();
  useTitle(`Remedies – ${landlordName}`, !!errors);
  useEffect(() => {
    const s = loaded.data;
    if (!s) return;
    setDrafts(s.remedy_bands.bands.map((b) => ({ from: poundsText(b.from_pence), to: poundsText(b.to_pence), description: b.description })));
    setPolicy(s.compensation_policy ?? "");
  }, [loaded.data]);
  const back = <BackLink href={`/l/${encodeURIComponent(slug)}/admin`}>Back to administration</BackLink>;
  const s = loaded.data;
  if (!s) {
    return (
      <>
        {back}
        <NotLoaded loaded={loaded} />
      </>
    );
  }
  const f = errors?.fields ?? {};
  const fields = ["compensation_policy", "remedy_bands", ...drafts.flatMap((_, i) => ["from_pence", "to_pence", "description"].map((k) => `remedy_bands[${i}].${k}`))];
  const set = (i: number, patch: Partial<BandDraft>) => setDrafts(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)));

  function save(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    const { bands, errors: local } = bandsFrom(drafts);
    void submit({
      check: () => local,
      send: () =>
        api.PATCH("/api/v1/landlords/{slug}/settings", {
          params: { path: { slug } },
          body: { remedy_bands: bands, compensation_policy: policy.trim() || null },
        }),
      fields,
      done: () => {
        setSaved("Remedies guidance saved");
        loaded.reload();
      },
    });
  }

  function shipped() {
    setSaved(null);
    void submit({
      send: () => api.PATCH("/api/v1/landlords/{slug}/settings", { params: { path: { slug } }, body: { remedy_bands: null } }),
      fields,
      done: () => {
        setSaved("The Ombudsman's bands are back");
        loaded.reload();
      },
    });
  }

  return (
    <>
      {back}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {saved && !errors && <SuccessBanner heading={saved} />}
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l">Administration</span>
          <h1 className="govuk-heading-l">Remedies guidance</h1>
          <p className="govuk-body">
            Whoever writes a response offering a payment sees these bands, the policy below, and what the landlord offered on closed complaints
            like it. {s.remedy_bands.own_copy ? "These are the landlord's own copy of" : "These are"} the bands from {s.remedy_bands.source},{" "}
            {s.remedy_bands.source_date}.
          </p>
          <form onSubmit={save} noValidate>
            {drafts.map((d, i) => (
              <fieldset className="govuk-fieldset govuk-!-margin-bottom-6" key={i}>
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Band {i + 1}</legend>
                <TextInput
                  name={`remedy_bands[${i}].from_pence`}
                  label="From, in pounds"
                  width="govuk-input--width-5"
                  value={d.from}
                  onChange={(from) => set(i, { from })}
                  error={f[`remedy_bands[${i}].from_pence`]}
                />
                <TextInput
                  name={`remedy_bands[${i}].to_pence`}
                  label={i === drafts.length - 1 ? "Up to, in pounds (blank: no upper limit)" : "Up to, in pounds"}
                  hint="The next band starts here."
                  width="govuk-input--width-5"
                  value={d.to}
                  onChange={(to) => set(i, { to })}
                  error={f[`remedy_bands[${i}].to_pence`]}
                />
                <Textarea
                  name={`remedy_bands[${i}].description`}
                  label="What it is for"
                  rows={2}
                  value={d.description}
                  onChange={(description) => set(i, { description })}
                  error={f[`remedy_bands[${i}].description`]}
                />
              </fieldset>
            ))}
            <Textarea
              name="compensation_policy"
              label="The landlord's compensation policy (optional)"
              hint="In the landlord's words, as the person writing the response should apply it."
              rows={5}
              value={policy}
              onChange={setPolicy}
              error={f.compensation_policy}
            />
            <FormButtons label="Save remedies guidance" busy={busy} cancel={`/l/${encodeURIComponent(slug)}/admin`} />
          </form>
          {s.remedy_bands.own_copy && (
            <button type="button" className="govuk-button govuk-button--secondary" data-module="govuk-button" onClick={shipped} disabled={busy}>
              Go back to the Ombudsman's bands
            </button>
          )}
        </div>
      </div>
    </>
  );
}
