/* One provision of the Code in a year's self-assessment: the figure the records give for it,
 * and its answer, as a form while it may be changed and as a card once approved. */

import type { ReactNode } from "react";
import type { Schemas } from "../../api/client";
import { DateInput, Radios, Textarea } from "../../components/forms";
import { Tag } from "../../components/layout";
import { longDate } from "../../lib/deadlines";
import { fieldKey, needsAction, type ProvisionDraft } from "../../lib/selfAssessment";
import { compliesLabel } from "../../lib/words";
import { Pre, SummaryCard } from "../staff/common";

type Provision = Schemas["ProvisionView"];

/** The figure the records give for a provision, shown before the answer it evidences. */
function FromTheRecords({ text, frozen }: { text: string; frozen: boolean }) {
  return (
    <div className="govuk-inset-text app-from-records">
      <p className="govuk-body govuk-!-margin-bottom-1">
        <strong>From the records:</strong> {text}
      </p>
      <p className="govuk-body-s govuk-!-margin-bottom-0">
        {frozen ? "As the records stood when this version was approved." : "Worked out from the records today; frozen when the assessment is approved."}
      </p>
    </div>
  );
}

const CHOICES = [
  { value: "yes", label: "Yes, complies" },
  { value: "partly", label: "Partly complies" },
  { value: "no", label: "No, does not comply" },
];

/** One provision's answer, as a form. */
export function ProvisionForm({
  p,
  draft,
  errors,
  frozen,
  onChange,
}: {
  p: Provision;
  draft: ProvisionDraft;
  errors: Record<string, string>;
  frozen: boolean;
  onChange: (d: ProvisionDraft) => void;
}) {
  const k = (f: string) => fieldKey(p.provision, f);
  const set = <K extends keyof ProvisionDraft>(key: K) => (v: ProvisionDraft[K]) => onChange({ ...draft, [key]: v });
  const action = (
    <>
      <Textarea
        name={k("action")}
        label="What will be done to comply"
        rows={3}
        value={draft.action}
        onChange={set("action")}
        error={errors[k("action")]}
      />
      <DateInput
        name={k("target_date")}
        label="Target date"
        hint="When it will comply, for example 31 3 2027"
        value={draft.target}
        onChange={set("target")}
        error={errors[k("target_date")]}
      />
    </>
  );
  return (
    <section className="app-provision" aria-labelledby={`${k("heading")}`} id={`provision-${p.provision.replace(".", "-")}`}>
      <h2 className="govuk-heading-m" id={k("heading")}>
        <span className="govuk-visually-hidden">Provision </span>
        {p.provision}
      </h2>
      <p className="govuk-body">{p.summary}</p>
      {p.computed_evidence && <FromTheRecords text={p.computed_evidence} frozen={frozen} />}
      <Radios
        name={k("complies")}
        label={`Does the landlord comply with provision ${p.provision}?`}
        small
        value={draft.complies}
        onChange={set("complies")}
        error={errors[k("complies")]}
        choices={CHOICES}
        conditional={{ partly: action, no: action }}
      />
      <Textarea
        name={k("evidence")}
        label="Evidence"
        hint="What shows it: policies, procedures, letters, reports, training"
        rows={4}
        value={draft.evidence}
        onChange={set("evidence")}
        error={errors[k("evidence")]}
      />
      <Textarea
        name={k("links")}
        label="Links to evidence (optional)"
        hint="Web addresses, one to a line"
        rows={2}
        value={draft.links}
        onChange={set("links")}
        error={errors[k("links")]}
      />
      <Textarea
        name={k("commentary")}
        label="Commentary (optional)"
        hint="Any explanation the reader needs"
        rows={3}
        value={draft.commentary}
        onChange={set("commentary")}
        error={errors[k("commentary")]}
      />
      <details className="govuk-details" open={!!errors[k("official_wording")] || undefined}>
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">
            The Code's official wording<span className="govuk-visually-hidden"> of provision {p.provision}</span> (optional)
          </span>
        </summary>
        <div className="govuk-details__text">
          <Textarea
            name={k("official_wording")}
            label="Paste the wording of the Code"
            hint="The summary above is our own; the published assessment can quote the Code itself"
            rows={4}
            value={draft.official_wording}
            onChange={set("official_wording")}
            error={errors[k("official_wording")]}
          />
        </div>
      </details>
    </section>
  );
}

/** One provision's answer, to read. */
export function ProvisionCard({ p, frozen }: { p: Provision; frozen: boolean }) {
  const none = <span className="govuk-hint govuk-!-margin-0">None</span>;
  const rows: { key: string; value: ReactNode }[] = [
    { key: "Requirement", value: p.summary },
    { key: "Complies", value: p.complies ? compliesLabel(p.complies) : <Tag className="govuk-tag--grey">Not answered</Tag> },
    { key: "Evidence", value: p.evidence ? <Pre>{p.evidence}</Pre> : none },
  ];
  if (p.computed_evidence) {
    rows.splice(1, 0, {
      key: "From the records",
      value: (
        <>
          {p.computed_evidence}
          <span className="govuk-body-s govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">
            {frozen ? "As the records stood when this version was approved." : "Worked out from the records today."}
          </span>
        </>
      ),
    });
  }
  if (p.links.length > 0) {
    rows.push({
      key: "Links",
      value: (
        <ul className="govuk-list">
          {p.links.map((l) => (
            <li key={l} className="app-break">
              {l}
            </li>
          ))}
        </ul>
      ),
    });
  }
  if (p.commentary) rows.push({ key: "Commentary", value: <Pre>{p.commentary}</Pre> });
  if (needsAction(p.complies)) {
    rows.push({ key: "Action to comply", value: p.action ? <Pre>{p.action}</Pre> : none });
    rows.push({ key: "Target date", value: p.target_date ? longDate(p.target_date) : none });
  }
  if (p.official_wording) rows.push({ key: "The Code's wording", value: <Pre>{p.official_wording}</Pre> });
  return <SummaryCard title={`Provision ${p.provision}`} rows={rows} headingLevel={2} />;
}

