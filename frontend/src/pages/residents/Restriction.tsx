import { useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { DateInput, Radios, Select, TextInput, Textarea, emptyDate, type DateParts } from "../../components/forms";
import { Loading, SummaryList } from "../../components/layout";
import { longDate } from "../../lib/deadlines";
import { setFlash } from "../../lib/flash";
import { addError, emptyErrors, readDate, requireText } from "../../lib/forms";
import {
  ADJUSTMENT_EFFECTS,
  RESTRICTION_OUTCOMES,
  TERM_KINDS,
  WARNING_LEVELS,
  adjustmentEffectLabel,
  restrictionOutcomeLabel,
  termKindLabel,
  todayInLondon,
  warningLevelLabel,
} from "../../lib/residents";
import { navigate } from "../../router";
import { NotLoaded, useLoad } from "../load";
import { FormButtons, useSubmit } from "../staff/common";
import type { ResidentPageProps } from "./Adjustment";
import { residentHref, useRestriction } from "./data";
import { ResidentFrame } from "./frame";

interface WarningDraft {
  level: string;
  given_on: DateParts;
  letter: string;
}

interface TermDraft {
  kind: string;
  detail: string;
}

/** How the restriction leaves one reasonable adjustment in force. */
interface ConsideredDraft {
  effect: string;
  how: string;
}

const NOT_CONSIDERED: ConsideredDraft = { effect: "", how: "" };

const TODAY_HINT = "Leave blank for today. For example, 27 3 2026";

const LABELS: Record<string, string> = {
  applies_to: "Who it applies to",
  representative_name: "The representative's name",
  behaviour: "The behaviour",
  evidence: "The evidence",
  proportionality: "Why it is proportionate",
  equality_act: "The regard had to the Equality Act 2010",
  starts_on: "The start date",
  review_on: "The review date",
  terms: "The terms",
  adjustments: "The reasonable adjustments",
  warnings: "The warnings",
};

/** Imposes a restriction on contact for unacceptable behaviour (Code 5.14): the behaviour and
 * evidence, the warnings given before, how contact is limited, whether it keeps or changes each
 * reasonable adjustment in force and how, why that is proportionate and the regard had to the
 * Equality Act 2010, from when, and when it is reviewed. */
export function RestrictionNew({ slug, id }: ResidentPageProps) {
  const [appliesTo, setAppliesTo] = useState("resident");
  const [representative, setRepresentative] = useState("");
  const [behaviour, setBehaviour] = useState("");
  const [evidence, setEvidence] = useState("");
  const [warnings, setWarnings] = useState<WarningDraft[]>([]);
  const [terms, setTerms] = useState<TermDraft[]>([{ kind: "", detail: "" }]);
  const [considered, setConsidered] = useState<Record<string, ConsideredDraft>>({});
  const [proportionality, setProportionality] = useState("");
  const [equality, setEquality] = useState("");
  const [starts, setStarts] = useState<DateParts>(emptyDate);
  const [review, setReview] = useState<DateParts>(emptyDate);
  const { errors, busy, submit } = useSubmit();
  const f = errors?.fields ?? {};
  const back = residentHref(slug, id);
  const adjustments = useLoad(
    () => api.GET("/api/v1/landlords/{slug}/residents/{id}/adjustments", { params: { path: { slug, id }, query: { limit: 200 } } }),
    [slug, id],
  );
  const settings = useLoad(() => api.GET("/api/v1/landlords/{slug}/settings", { params: { path: { slug } } }), [slug]);
  const active = adjustments.data?.items.filter((a) => a.status === "active") ?? [];
  const months = settings.data?.landlord.restriction_review_months;

  const fields = [
    ...Object.keys(LABELS),
    ...warnings.flatMap((_, i) => [`warnings[${i}].level`, `warnings[${i}].given_on`, `warnings[${i}].letter`]),
    ...terms.flatMap((_, i) => [`terms[${i}].kind`, `terms[${i}].detail`]),
    ...active.flatMap((_, i) => [`adjustments[${i}].effect`, `adjustments[${i}].how`]),
  ];
  const labels: Record<string, string> = { ...LABELS };
  active.forEach((a, i) => {
    labels[`adjustments[${i}].adjustment_id`] = `The adjustment "${a.description}"`;
    labels[`adjustments[${i}].effect`] = `Whether the restriction keeps or changes "${a.description}"`;
    labels[`adjustments[${i}].how`] = `How "${a.description}" is kept or changed`;
  });
  const consideredOf = (aid: string) => considered[aid] ?? NOT_CONSIDERED;

  function save(e: FormEvent) {
    e.preventDefault();
    let startsOn: string | null | undefined;
    let reviewOn: string | null | undefined;
    const given: (string | null | undefined)[] = [];
    void submit({
      check: () => {
        const errs = emptyErrors();
        if (appliesTo === "representative") requireText(errs, "representative_name", representative, "Enter the representative's name");
        requireText(errs, "behaviour", behaviour, "Describe the behaviour that led to the restriction");
        warnings.forEach((w, i) => {
          if (!w.level) addError(errs, `warnings[${i}].level`, `Select which warning warning ${i + 1} was`);
          given[i] = readDate(errs, `warnings[${i}].given_on`, w.given_on, { required: `Enter the date warning ${i + 1} was given` });
        });
        terms.forEach((t, i) => {
          if (!t.kind) addError(errs, `terms[${i}].kind`, `Select how contact is limited in term ${i + 1}`);
          requireText(errs, `terms[${i}].detail`, t.detail, `Describe term ${i + 1}, for example who the single point of contact is`);
        });
        active.forEach((a, i) => {
          const c = consideredOf(a.id);
          if (!c.effect) addError(errs, `adjustments[${i}].effect`, "Select whether this restriction keeps or changes this adjustment");
          requireText(errs, `adjustments[${i}].how`, c.how, "Say how the adjustment is kept or changed");
        });
        requireText(errs, "proportionality", proportionality, "Say why the restriction is proportionate to the behaviour");
        requireText(errs, "equality_act", equality, "Say what regard was had to the Equality Act 2010");
        startsOn = readDate(errs, "starts_on", starts, { today: todayInLondon() });
        reviewOn = readDate(errs, "review_on", review, { required: "Enter the date the restriction will be reviewed" });
        return errs;
      },
      send: () =>
        api.POST("/api/v1/landlords/{slug}/residents/{id}/restrictions", {
          params: { path: { slug, id } },
          body: {
            applies_to: appliesTo,
            representative_name: appliesTo === "representative" ? representative.trim() : null,
            behaviour: behaviour.trim(),
            evidence: evidence.trim() || null,
            warnings: warnings.map((w, i) => ({ level: w.level, given_on: given[i] as string, letter: w.letter.trim() || null })),
            terms: terms.map((t) => ({ kind: t.kind, detail: t.detail.trim() })),
            adjustments: active.map((a) => {
              const c = consideredOf(a.id);
              return { adjustment_id: a.id, effect: c.effect, how: c.how.trim() };
            }),
            proportionality: proportionality.trim(),
            equality_act: equality.trim(),
            starts_on: startsOn as string,
            review_on: reviewOn as string,
          },
        }),
      fields,
      labels,
      done: () => {
        setFlash("Restriction recorded");
        navigate(back);
      },
    });
  }

  const setWarning = (i: number, w: Partial<WarningDraft>) => setWarnings(warnings.map((x, j) => (j === i ? { ...x, ...w } : x)));
  const setTerm = (i: number, t: Partial<TermDraft>) => setTerms(terms.map((x, j) => (j === i ? { ...x, ...t } : x)));
  const consider = (aid: string, c: Partial<ConsideredDraft>) => setConsidered({ ...considered, [aid]: { ...consideredOf(aid), ...c } });

  return (
    <ResidentFrame
      slug={slug}
      id={id}
      title="Add a restriction on contact"
      errors={errors}
      intro={
        <p className="govuk-body">
          A restriction limits how contact happens, in proportion to the behaviour. The resident's complaints are still logged and answered
          (Code 5.15). Record the reasoning: the decision may be looked at by the Ombudsman.
        </p>
      }
    >
      {() => (
        <form onSubmit={save} noValidate>
          <Radios
            name="applies_to"
            label="Who does it apply to?"
            legendSize="m"
            value={appliesTo}
            onChange={setAppliesTo}
            error={f.applies_to}
            choices={[
              { value: "resident", label: "The resident" },
              { value: "representative", label: "Their representative" },
            ]}
            conditional={{
              representative: (
                <TextInput
                  name="representative_name"
                  label="The representative's name"
                  value={representative}
                  onChange={setRepresentative}
                  error={f.representative_name}
                />
              ),
            }}
          />
          <Textarea
            name="behaviour"
            label="What was the behaviour?"
            hint="What happened, when, and its effect on staff or other residents"
            rows={5}
            value={behaviour}
            onChange={setBehaviour}
            error={f.behaviour}
          />
          <Textarea
            name="evidence"
            label="Evidence (optional)"
            hint="For example, incident references, call logs or recordings and where they are kept"
            rows={3}
            value={evidence}
            onChange={setEvidence}
            error={f.evidence}
          />

          <div className={`govuk-form-group${f.warnings ? " govuk-form-group--error" : ""}`}>
            <fieldset className="govuk-fieldset" id="warnings" tabIndex={-1} aria-describedby="warnings-hint">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">Warnings given before</legend>
              <div id="warnings-hint" className="govuk-hint">
                The first, second and final warnings, each before the restriction starts. Add none if no warning was given.
              </div>
              {f.warnings && (
                <p className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {f.warnings}
                </p>
              )}
              {warnings.map((w, i) => (
                <div className="app-repeat" key={i}>
                  <h3 className="govuk-heading-s">Warning {i + 1}</h3>
                  <Select
                    name={`warnings[${i}].level`}
                    label="Which warning was it?"
                    value={w.level}
                    onChange={(v) => setWarning(i, { level: v })}
                    error={f[`warnings[${i}].level`]}
                    choices={[{ value: "", label: "Choose" }, ...WARNING_LEVELS.map((l) => ({ value: l, label: warningLevelLabel(l) }))]}
                  />
                  <DateInput
                    name={`warnings[${i}].given_on`}
                    label="When was it given?"
                    hint="For example, 27 3 2026"
                    value={w.given_on}
                    onChange={(v) => setWarning(i, { given_on: v })}
                    error={f[`warnings[${i}].given_on`]}
                  />
                  <TextInput
                    name={`warnings[${i}].letter`}
                    label="The letter or note that gave it (optional)"
                    value={w.letter}
                    onChange={(v) => setWarning(i, { letter: v })}
                    error={f[`warnings[${i}].letter`]}
                  />
                  <button
                    type="button"
                    className="govuk-button govuk-button--secondary"
                    data-module="govuk-button"
                    onClick={() => setWarnings(warnings.filter((_, j) => j !== i))}
                  >
                    Remove<span className="govuk-visually-hidden"> warning {i + 1}</span>
                  </button>
                </div>
              ))}
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                data-module="govuk-button"
                onClick={() => setWarnings([...warnings, { level: "", given_on: emptyDate, letter: "" }])}
              >
                {warnings.length ? "Add another warning" : "Add a warning"}
              </button>
            </fieldset>
          </div>

          <div className={`govuk-form-group${f.terms ? " govuk-form-group--error" : ""}`}>
            <fieldset className="govuk-fieldset" id="terms" tabIndex={-1} aria-describedby="terms-hint">
              <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">How is contact limited?</legend>
              <div id="terms-hint" className="govuk-hint">
                At least one term. For example, contact only through the allocated complaints officer, or in writing only.
              </div>
              {f.terms && (
                <p className="govuk-error-message">
                  <span className="govuk-visually-hidden">Error:</span> {f.terms}
                </p>
              )}
              {terms.map((t, i) => (
                <div className="app-repeat" key={i}>
                  <h3 className="govuk-heading-s">Term {i + 1}</h3>
                  <Select
                    name={`terms[${i}].kind`}
                    label="Kind of limit"
                    value={t.kind}
                    onChange={(v) => setTerm(i, { kind: v })}
                    error={f[`terms[${i}].kind`]}
                    choices={[{ value: "", label: "Choose" }, ...TERM_KINDS.map((k) => ({ value: k, label: termKindLabel(k) }))]}
                  />
                  <TextInput
                    name={`terms[${i}].detail`}
                    label="Details"
                    hint="For example, Tuesdays 10am to 12pm, or the name of the officer"
                    value={t.detail}
                    onChange={(v) => setTerm(i, { detail: v })}
                    error={f[`terms[${i}].detail`]}
                  />
                  {terms.length > 1 && (
                    <button
                      type="button"
                      className="govuk-button govuk-button--secondary"
                      data-module="govuk-button"
                      onClick={() => setTerms(terms.filter((_, j) => j !== i))}
                    >
                      Remove<span className="govuk-visually-hidden"> term {i + 1}</span>
                    </button>
                  )}
                </div>
              ))}
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                data-module="govuk-button"
                onClick={() => setTerms([...terms, { kind: "", detail: "" }])}
              >
                Add another term
              </button>
            </fieldset>
          </div>

          {!adjustments.data && adjustments.status === null ? (
            <Loading />
          ) : (
            (active.length > 0 || f.adjustments) && (
              <div className={`govuk-form-group${f.adjustments ? " govuk-form-group--error" : ""}`}>
                <fieldset className="govuk-fieldset" id="adjustments" tabIndex={-1} aria-describedby="adjustments-hint">
                  <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">Reasonable adjustments in force</legend>
                  <div id="adjustments-hint" className="govuk-hint">
                    {active.length > 0
                      ? `The resident has ${active.length === 1 ? "1 reasonable adjustment" : `${active.length} reasonable adjustments`} in force. For each, say whether this restriction keeps it as agreed or changes it, and how (Code 5.14).`
                      : "For each reasonable adjustment in force, say whether this restriction keeps it as agreed or changes it, and how (Code 5.14)."}
                  </div>
                  {f.adjustments && (
                    <p className="govuk-error-message">
                      <span className="govuk-visually-hidden">Error:</span> {f.adjustments}
                    </p>
                  )}
                  {active.map((a, i) => {
                    const c = consideredOf(a.id);
                    return (
                      <div className="app-repeat" key={a.id}>
                        <Radios
                          name={`adjustments[${i}].effect`}
                          label={a.description}
                          value={c.effect}
                          onChange={(v) => consider(a.id, { effect: v })}
                          error={f[`adjustments[${i}].effect`]}
                          choices={ADJUSTMENT_EFFECTS.map((e) => ({ value: e, label: adjustmentEffectLabel(e) }))}
                          after={
                            <Textarea
                              name={`adjustments[${i}].how`}
                              label="How"
                              hint="For example: letters will still be in large print, sent to the single point of contact."
                              rows={3}
                              value={c.how}
                              onChange={(v) => consider(a.id, { how: v })}
                              error={f[`adjustments[${i}].how`]}
                            />
                          }
                        />
                      </div>
                    );
                  })}
                </fieldset>
              </div>
            )
          )}

          <Textarea
            name="proportionality"
            label="Why is the restriction proportionate?"
            hint="Why this limit, and not a lighter one, answers the behaviour"
            rows={4}
            value={proportionality}
            onChange={setProportionality}
            error={f.proportionality}
          />
          <Textarea
            name="equality_act"
            label="What regard was had to the Equality Act 2010?"
            hint="Whether the behaviour may be linked to a disability or other protected characteristic, and how the restriction allows for it"
            rows={4}
            value={equality}
            onChange={setEquality}
            error={f.equality_act}
          />
          <DateInput name="starts_on" label="When does it start?" hint={TODAY_HINT} value={starts} onChange={setStarts} error={f.starts_on} />
          <DateInput
            name="review_on"
            label="When will it be reviewed?"
            hint={`${months ? `No more than ${months} months after it starts. ` : ""}For example, 27 9 2026`}
            value={review}
            onChange={setReview}
            error={f.review_on}
          />
          <FormButtons label="Add restriction" busy={busy} cancel={back} />
        </form>
      )}
    </ResidentFrame>
  );
}

function RestrictionSummary({ r }: { r: NonNullable<ReturnType<typeof useRestriction>["restriction"]> }) {
  return (
    <SummaryList
      rows={[
        { key: "Started", value: longDate(r.starts_on) },
        { key: "How contact is limited", value: r.terms.map((t) => `${termKindLabel(t.kind)}: ${t.detail}`).join("; ") },
        { key: "Review due", value: longDate(r.review_on) || "Not set" },
      ]}
    />
  );
}

/** Reviews a restriction (Code 5.14): it continues, is varied, or ends. */
export function RestrictionReview({ slug, id, rid }: ResidentPageProps & { rid: string }) {
  const { loaded, restriction: r } = useRestriction(slug, id, rid);
  const [reviewed, setReviewed] = useState<DateParts>(emptyDate);
  const [outcome, setOutcome] = useState("");
  const [note, setNote] = useState("");
  const [next, setNext] = useState<DateParts>(emptyDate);
  const { errors, busy, submit } = useSubmit();
  const f = errors?.fields ?? {};
  const back = residentHref(slug, id);

  function save(e: FormEvent) {
    e.preventDefault();
    let reviewedOn: string | null | undefined;
    let nextOn: string | null | undefined;
    void submit({
      check: () => {
        const errs = emptyErrors();
        reviewedOn = readDate(errs, "reviewed_on", reviewed, { today: todayInLondon() });
        if (!outcome) addError(errs, "outcome", "Select the outcome of the review");
        nextOn =
          outcome === "ended" ? null : readDate(errs, "next_review_on", next, { required: "Enter the date of the next review, or select that it has ended" });
        return errs;
      },
      send: () =>
        api.POST("/api/v1/landlords/{slug}/residents/{id}/restrictions/{rid}/reviews", {
          params: { path: { slug, id, rid } },
          body: { reviewed_on: reviewedOn as string, outcome, note: note.trim() || null, next_review_on: nextOn ?? null },
        }),
      fields: ["reviewed_on", "outcome", "note", "next_review_on"],
      labels: { reviewed_on: "The date of the review", outcome: "The outcome", next_review_on: "The next review date" },
      done: () => {
        setFlash(outcome === "ended" ? "Review recorded and the restriction has ended" : "Review recorded");
        navigate(back);
      },
    });
  }

  return (
    <ResidentFrame slug={slug} id={id} title="Record a review of a restriction" errors={errors}>
      {() =>
        !loaded.data ? (
          <NotLoaded loaded={loaded} />
        ) : !r ? (
          <p className="govuk-body">The resident has no such restriction.</p>
        ) : (
          <>
            <RestrictionSummary r={r} />
            <form onSubmit={save} noValidate>
              <DateInput name="reviewed_on" label="When was it reviewed?" hint={TODAY_HINT} value={reviewed} onChange={setReviewed} error={f.reviewed_on} />
              <Radios
                name="outcome"
                label="What was decided?"
                legendSize="m"
                value={outcome}
                onChange={setOutcome}
                error={f.outcome}
                choices={RESTRICTION_OUTCOMES.map((o) => ({ value: o, label: restrictionOutcomeLabel(o) }))}
              />
              <Textarea
                name="note"
                label="Note (optional)"
                hint="Why, and what was varied if anything was"
                rows={3}
                value={note}
                onChange={setNote}
                error={f.note}
              />
              {outcome !== "ended" && (
                <DateInput
                  name="next_review_on"
                  label="When is the next review?"
                  hint="For example, 27 9 2026"
                  value={next}
                  onChange={setNext}
                  error={f.next_review_on}
                />
              )}
              <FormButtons label="Record review" busy={busy} cancel={back} />
            </form>
          </>
        )
      }
    </ResidentFrame>
  );
}

/** Ends a restriction, with the reason. */
export function RestrictionEnd({ slug, id, rid }: ResidentPageProps & { rid: string }) {
  const { loaded, restriction: r } = useRestriction(slug, id, rid);
  const [ended, setEnded] = useState<DateParts>(emptyDate);
  const [reason, setReason] = useState("");
  const { errors, busy, submit } = useSubmit();
  const f = errors?.fields ?? {};
  const back = residentHref(slug, id);

  function save(e: FormEvent) {
    e.preventDefault();
    let endedOn: string | null | undefined;
    void submit({
      check: () => {
        const errs = emptyErrors();
        endedOn = readDate(errs, "ended_on", ended, "none");
        requireText(errs, "reason", reason, "Enter why the restriction is ending");
        return errs;
      },
      send: () =>
        api.PATCH("/api/v1/landlords/{slug}/residents/{id}/restrictions/{rid}", {
          params: { path: { slug, id, rid } },
          body: { status: "ended", ended_on: endedOn ?? null, reason: reason.trim() },
        }),
      fields: ["ended_on", "reason"],
      labels: { ended_on: "The date it ended", reason: "The reason" },
      done: () => {
        setFlash("The restriction has ended");
        navigate(back);
      },
    });
  }

  return (
    <ResidentFrame slug={slug} id={id} title="End a restriction" errors={errors}>
      {() =>
        !loaded.data ? (
          <NotLoaded loaded={loaded} />
        ) : !r ? (
          <p className="govuk-body">The resident has no such restriction.</p>
        ) : (
          <>
            <RestrictionSummary r={r} />
            <form onSubmit={save} noValidate>
              <DateInput name="ended_on" label="When does it end?" hint={TODAY_HINT} value={ended} onChange={setEnded} error={f.ended_on} />
              <Textarea name="reason" label="Why is it ending?" rows={3} value={reason} onChange={setReason} error={f.reason} />
              <FormButtons label="End restriction" busy={busy} cancel={back} warning />
            </form>
          </>
        )
      }
    </ResidentFrame>
  );
}
