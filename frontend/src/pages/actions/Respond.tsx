import { useState } from "react";
import { api } from "../../api/client";
import { DateInput, Radios, Select, TextInput, Textarea, emptyDate, type DateParts } from "../../components/forms";
import { FAILINGS, failingLabel, partsOf, penceFromPounds } from "../../lib/money";
import { fieldId } from "../../lib/problems";
import type { FormErrors } from "../../lib/problems";
import { DECISIONS, REMEDY_KINDS, decisionLabel, pounds, remedyLabel } from "../../lib/words";
import { currentStage } from "../casedata";
import { RemedyGuidance } from "./RemedyGuidance";
import { ActionFrame, type ActionProps } from "./ActionFrame";
import { LETTER_ALREADY_SENT_LABEL, LetterAlreadySent, OnDate, checkDate, checkLetterAlreadySent, need, noErrors } from "./common";

interface RemedyDraft {
  kind: string;
  description: string;
  amount: string;
  owner: string;
  due: DateParts;
  /** A financial award's parts by failing, as typed (pounds). */
  parts: Record<string, string>;
}

interface ActionDraft {
  description: string;
  owner: string;
  due: DateParts;
}

const newRemedy = (): RemedyDraft => ({ kind: "", description: "", amount: "", owner: "", due: emptyDate, parts: {} });
const newAction = (): ActionDraft => ({ description: "", owner: "", due: emptyDate });

/** The response form asks for every element of Code 6.9 (stage 1) or 6.19 (stage 2) that the
 * case does not already hold: the decision (c), the reasons (d), the remedies (e) and the
 * outstanding actions (f). The stage (a), the definition (b) and the escalation route (g)
 * come from the case and its scheme. */
export function Respond(props: ActionProps) {
  const [decision, setDecision] = useState("");
  const [reasons, setReasons] = useState("");
  const [anyRemedies, setAnyRemedies] = useState("");
  const [remedies, setRemedies] = useState<RemedyDraft[]>([newRemedy()]);
  const [anyActions, setAnyActions] = useState("");
  const [actions, setActions] = useState<ActionDraft[]>([newAction()]);
  const [on, setOn] = useState(emptyDate);
  const [letter, setLetter] = useState("");

  const setRemedy = (i: number, patch: Partial<RemedyDraft>) =>
    setRemedies(remedies.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const setAction = (i: number, patch: Partial<ActionDraft>) =>
    setActions(actions.map((a, j) => (j === i ? { ...a, ...patch } : a)));

  return (
    <ActionFrame
      action="respond"
      props={props}
      title={(c) => `Respond at stage ${currentStage(c).stage}`}
      intro={(c) => {
        const stage = currentStage(c).stage;
        const p = stage === 1 ? "6.9" : "6.19";
        return (
          <>
            <p className="govuk-body">
              The response letter must contain every element of Code {p}. These come from the complaint:
            </p>
            <dl className="govuk-summary-list govuk-summary-list--no-border">
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">a. Stage</dt>
                <dd className="govuk-summary-list__value">Stage {stage}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">b. The complaint definition</dt>
                <dd className="govuk-summary-list__value app-prewrap">{c.definition ?? "Not defined yet"}</dd>
              </div>
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">g. How to escalate</dt>
                <dd className="govuk-summary-list__value">
                  {stage === 1
                    ? "How to ask for stage 2, added from the scheme"
                    : "How to go to the Ombudsman, with its contact details, added from the scheme"}
                </dd>
              </div>
            </dl>
            <p className="govuk-body">Give the rest below.</p>
          </>
        );
      }}
      submitLabel="Send response"
      render={(_c, errors) => {
        const f = errors?.fields ?? {};
        let iso: string | undefined;
        let already: boolean | null = null;
        const remedyFields = remedies.flatMap((_, i) =>
          ["kind", "description", "amount_pence", "parts", ...FAILINGS.map((x) => `parts.${x}`), "due_on", "owner"].map((k) => `remedies[${i}].${k}`),
        );
        const actionFields = actions.flatMap((_, i) =>
          ["description", "owner", "due_on"].map((k) => `outstanding_actions[${i}].${k}`),
        );
        const labels: Record<string, string> = {
          decision: "The decision",
          reasons: "The reasons",
          on: "The date",
          letter_already_sent: LETTER_ALREADY_SENT_LABEL,
        };
        remedies.forEach((_, i) => {
          labels[`remedies[${i}].kind`] = `The kind of remedy ${i + 1}`;
          labels[`remedies[${i}].description`] = `The description of remedy ${i + 1}`;
          labels[`remedies[${i}].amount_pence`] = `The amount of remedy ${i + 1}`;
          labels[`remedies[${i}].parts`] = `How the award of remedy ${i + 1} is made up`;
          for (const x of FAILINGS) labels[`remedies[${i}].parts.${x}`] = `${failingLabel(x)} (remedy ${i + 1})`;
          labels[`remedies[${i}].due_on`] = `The date of remedy ${i + 1}`;
        });
        actions.forEach((_, i) => {
          labels[`outstanding_actions[${i}].description`] = `Outstanding action ${i + 1}`;
          labels[`outstanding_actions[${i}].owner`] = `The owner of outstanding action ${i + 1}`;
          labels[`outstanding_actions[${i}].due_on`] = `The due date of outstanding action ${i + 1}`;
        });

        const remedyList = (
          <>
            {remedies.map((r, i) => (
              <fieldset className="govuk-fieldset govuk-!-margin-bottom-6" key={i}>
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Remedy {i + 1}</legend>
                <Select
                  name={`remedies[${i}].kind`}
                  label="Kind of remedy"
                  value={r.kind}
                  onChange={(kind) => setRemedy(i, { kind })}
                  error={f[`remedies[${i}].kind`]}
                  choices={[{ value: "", label: "Choose a kind" }, ...REMEDY_KINDS.map((k) => ({ value: k, label: remedyLabel(k) }))]}
                />
                <Textarea
                  name={`remedies[${i}].description`}
                  label="What is offered"
                  rows={3}
                  value={r.description}
                  onChange={(description) => setRemedy(i, { description })}
                  error={f[`remedies[${i}].description`]}
                />
                {r.kind === "financial" && (
                  <TextInput
                    name={`remedies[${i}].amount_pence`}
                    label="Amount, in pounds"
                    hint="For example, 150 or 75.50"
                    inputMode="text"
                    width="govuk-input--width-5"
                    value={r.amount}
                    onChange={(amount) => setRemedy(i, { amount })}
                    error={f[`remedies[${i}].amount_pence`]}
                  />
                )}
                {r.kind === "financial" && (
                  <div className={`govuk-form-group${f[`remedies[${i}].parts`] ? " govuk-form-group--error" : ""}`}>
                    <fieldset
                      className="govuk-fieldset"
                      id={fieldId(`remedies[${i}].parts`)}
                      aria-describedby={`${fieldId(`remedies[${i}].parts`)}-hint${f[`remedies[${i}].parts`] ? ` ${fieldId(`remedies[${i}].parts`)}-error` : ""}`}
                    >
                      <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">How the award is made up (optional)</legend>
                      <div id={`${fieldId(`remedies[${i}].parts`)}-hint`} className="govuk-hint">
                        Split it by failing, as the Ombudsman's remedies guidance looks at each one: for example £500 for the repair and £200 for
                        how the complaint was handled. The parts must add up to the amount, and the letter lists them.
                      </div>
                      {f[`remedies[${i}].parts`] && (
                        <p id={`${fieldId(`remedies[${i}].parts`)}-error`} className="govuk-error-message">
                          <span className="govuk-visually-hidden">Error:</span> {f[`remedies[${i}].parts`]}
                        </p>
                      )}
                      {FAILINGS.map((x) => (
                        <TextInput
                          key={x}
                          name={`remedies[${i}].parts.${x}`}
                          label={`${failingLabel(x)}, in pounds`}
                          inputMode="text"
                          width="govuk-input--width-5"
                          value={r.parts[x] ?? ""}
                          onChange={(v) => setRemedy(i, { parts: { ...r.parts, [x]: v } })}
                          error={f[`remedies[${i}].parts.${x}`]}
                        />
                      ))}
                    </fieldset>
                  </div>
                )}
                <DateInput
                  name={`remedies[${i}].due_on`}
                  label="By when (optional)"
                  value={r.due}
                  onChange={(due) => setRemedy(i, { due })}
                  error={f[`remedies[${i}].due_on`]}
                />
                {remedies.length > 1 && (
                  <button
                    type="button"
                    className="govuk-button govuk-button--secondary"
                    onClick={() => setRemedies(remedies.filter((_, j) => j !== i))}
                  >
                    Remove remedy {i + 1}
                  </button>
                )}
              </fieldset>
            ))}
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              onClick={() => setRemedies([...remedies, newRemedy()])}
            >
              Add another remedy
            </button>
            {remedies.some((r) => r.kind === "financial") && (
              <RemedyGuidance
                slug={props.slug}
                id={props.id}
                decision={decision}
                amounts={remedies.filter((r) => r.kind === "financial").map((r) => r.amount)}
              />
            )}
          </>
        );

        const actionList = (
          <>
            {actions.map((a, i) => (
              <fieldset className="govuk-fieldset govuk-!-margin-bottom-6" key={i}>
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Outstanding action {i + 1}</legend>
                <Textarea
                  name={`outstanding_actions[${i}].description`}
                  label="What will be done"
                  rows={2}
                  value={a.description}
                  onChange={(description) => setAction(i, { description })}
                  error={f[`outstanding_actions[${i}].description`]}
                />
                <TextInput
                  name={`outstanding_actions[${i}].owner`}
                  label="Who will do it"
                  value={a.owner}
                  onChange={(owner) => setAction(i, { owner })}
                  error={f[`outstanding_actions[${i}].owner`]}
                />
                <DateInput
                  name={`outstanding_actions[${i}].due_on`}
                  label="By when"
                  value={a.due}
                  onChange={(due) => setAction(i, { due })}
                  error={f[`outstanding_actions[${i}].due_on`]}
                />
                {actions.length > 1 && (
                  <button
                    type="button"
                    className="govuk-button govuk-button--secondary"
                    onClick={() => setActions(actions.filter((_, j) => j !== i))}
                  >
                    Remove outstanding action {i + 1}
                  </button>
                )}
              </fieldset>
            ))}
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              onClick={() => setActions([...actions, newAction()])}
            >
              Add another outstanding action
            </button>
          </>
        );

        let body: {
          remedies: {
            kind: string;
            description: string;
            amount_pence: number | null;
            due_on: string | null;
            owner: string | null;
            parts: { failing: string; amount_pence: number }[];
          }[];
          outstanding_actions: { description: string; owner: string; due_on: string }[];
        } = { remedies: [], outstanding_actions: [] };

        // The action's request, sent as it is to see its letter first, then to do it.
        const request = () => ({
          params: { path: { slug: props.slug, id: props.id } },
          body: {
            decision,
            reasons,
            remedies: body.remedies,
            outstanding_actions: body.outstanding_actions,
            on: iso ?? null,
            letter_already_sent: already,
          },
        });
        return {
          form: (
            <>
              <Radios
                name="decision"
                label="c. The decision"
                legendSize="m"
                value={decision}
                onChange={setDecision}
                error={f.decision}
                choices={DECISIONS.map((d) => ({ value: d, label: decisionLabel(d) }))}
              />
              <Textarea
                name="reasons"
                label="d. The reasons for the decision"
                hint="Address every point of the complaint definition."
                rows={8}
                value={reasons}
                onChange={setReasons}
                error={f.reasons}
              />
              <Radios
                name="any_remedies"
                label="e. Are you offering any remedies?"
                legendSize="m"
                hint="An apology, an explanation, putting something right, a payment."
                value={anyRemedies}
                onChange={setAnyRemedies}
                error={f.any_remedies}
                choices={[
                  { value: "yes", label: "Yes" },
                  { value: "no", label: "No, the letter will say no remedy is offered" },
                ]}
                conditional={{ yes: remedyList }}
              />
              <Radios
                name="any_actions"
                label="f. Are there actions still to be done?"
                legendSize="m"
                hint="Outstanding actions are tracked after the response until they are done."
                value={anyActions}
                onChange={setAnyActions}
                error={f.any_actions}
                choices={[
                  { value: "yes", label: "Yes" },
                  { value: "no", label: "No, nothing is outstanding" },
                ]}
                conditional={{ yes: actionList }}
              />
              <OnDate value={on} onChange={setOn} error={f.on} label="When was the response sent?" />
              <LetterAlreadySent on={on} value={letter} onChange={setLetter} error={f.letter_already_sent} />
            </>
          ),
          spec: {
            fields: ["decision", "reasons", "any_remedies", "any_actions", "on", "letter_already_sent", ...remedyFields, ...actionFields],
            labels,
            done: () => (already ? "Response recorded and its letter recorded as sent" : "Response recorded and the letter sent"),
            check: () => {
              const e: FormErrors = noErrors();
              if (!decision) {
                e.fields.decision = "Select the decision";
                e.summary.push({ text: e.fields.decision, href: "#decision" });
              }
              need(e, "reasons", reasons, "Enter the reasons for the decision");
              if (!anyRemedies) {
                e.fields.any_remedies = "Select whether you are offering any remedies";
                e.summary.push({ text: e.fields.any_remedies, href: "#any_remedies" });
              }
              if (!anyActions) {
                e.fields.any_actions = "Select whether there are actions still to be done";
                e.summary.push({ text: e.fields.any_actions, href: "#any_actions" });
              }
              body = { remedies: [], outstanding_actions: [] };
              if (anyRemedies === "yes") {
                remedies.forEach((r, i) => {
                  const p = `remedies[${i}]`;
                  if (!r.kind) {
                    e.fields[`${p}.kind`] = `Choose the kind of remedy ${i + 1}`;
                    e.summary.push({ text: e.fields[`${p}.kind`] as string, href: `#remedies-${i}-kind` });
                  }
                  need(e, `${p}.description`, r.description, `Enter what remedy ${i + 1} offers`);
                  let pence: number | null = null;
                  let parts: { failing: string; amount_pence: number }[] = [];
                  if (r.kind === "financial") {
                    pence = penceFromPounds(r.amount);
                    if (pence === null) {
                      e.fields[`${p}.amount_pence`] = `Enter the amount of remedy ${i + 1} in pounds, for example 150 or 75.50`;
                      e.summary.push({ text: e.fields[`${p}.amount_pence`] as string, href: `#remedies-${i}-amount_pence` });
                    }
                    const typed = partsOf(r.parts);
                    parts = typed.parts;
                    for (const x of typed.bad) {
                      const key = `${p}.parts.${x}`;
                      e.fields[key] = `Enter the amount ${failingLabel(x).toLowerCase()} in pounds, for example 200`;
                      e.summary.push({ text: e.fields[key] as string, href: `#${fieldId(key)}` });
                    }
                    const sum = parts.reduce((t, x) => t + x.amount_pence, 0);
                    if (pence !== null && parts.length > 0 && typed.bad.length === 0 && sum !== pence) {
                      e.fields[`${p}.parts`] = `The parts of remedy ${i + 1} must add up to its amount: they come to ${pounds(sum)}, the award is ${pounds(pence)}`;
                      e.summary.push({ text: e.fields[`${p}.parts`] as string, href: `#${fieldId(`${p}.parts.service`)}` });
                    }
                  }
                  const due = checkDate(e, `${p}.due_on`, r.due);
                  body.remedies.push({
                    kind: r.kind,
                    description: r.description,
                    amount_pence: pence,
                    due_on: due ?? null,
                    owner: r.owner.trim() || null,
                    parts,
                  });
                });
              }
              if (anyActions === "yes") {
                actions.forEach((a, i) => {
                  const p = `outstanding_actions[${i}]`;
                  need(e, `${p}.description`, a.description, `Enter outstanding action ${i + 1}`);
                  need(e, `${p}.owner`, a.owner, `Enter who will do outstanding action ${i + 1}`);
                  const due = checkDate(e, `${p}.due_on`, a.due);
                  if (!due && !e.fields[`${p}.due_on`]) {
                    e.fields[`${p}.due_on`] = `Enter when outstanding action ${i + 1} is due`;
                    e.summary.push({ text: e.fields[`${p}.due_on`] as string, href: `#outstanding_actions-${i}-due_on` });
                  }
                  body.outstanding_actions.push({ description: a.description, owner: a.owner, due_on: due ?? "" });
                });
              }
              iso = checkDate(e, "on", on);
              already = checkLetterAlreadySent(e, on, letter);
              return e;
            },
            send: () => api.POST("/api/v1/landlords/{slug}/complaints/{id}/respond", request()),
            preview: () => api.POST("/api/v1/landlords/{slug}/complaints/{id}/respond/preview", request()),
          },
        };
      }}
    />
  );
}
