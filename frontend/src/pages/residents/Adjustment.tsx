import { useEffect, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { DateInput, ErrorSummary, Radios, Textarea, emptyDate, type DateParts } from "../../components/forms";
import { BackLink, Loading, SummaryList, useTitle } from "../../components/layout";
import { longDate } from "../../lib/deadlines";
import { setFlash } from "../../lib/flash";
import { addError, emptyErrors, readDate, requireText } from "../../lib/forms";
import { ADJUSTMENT_CATEGORIES, ADJUSTMENT_OUTCOMES, adjustmentCategoryLabel, adjustmentOutcomeLabel, todayInLondon } from "../../lib/residents";
import { navigate } from "../../router";
import { NotLoaded } from "../load";
import { FormButtons, useSubmit } from "../staff/common";
import { residentHref, useAdjustment, useResident } from "./data";
import { ResidentFrame } from "./frame";

export interface ResidentPageProps {
  slug: string;
  id: string;
}

const TODAY_HINT = "Leave blank for today. For example, 27 3 2026";

/** Records an adjustment agreed with the resident (Code 3.1), with its first review (5.10). */
export function AdjustmentNew({ slug, id }: ResidentPageProps) {
  const [description, setDescription] = useState("");
  const [category, setCategory] = useState("");
  const [agreed, setAgreed] = useState<DateParts>(emptyDate);
  const [review, setReview] = useState<DateParts>(emptyDate);
  const { errors, busy, submit } = useSubmit();
  const f = errors?.fields ?? {};
  const back = residentHref(slug, id);

  function save(e: FormEvent) {
    e.preventDefault();
    let agreedOn: string | null | undefined;
    let reviewOn: string | null | undefined;
    void submit({
      check: () => {
        const errs = emptyErrors();
        requireText(errs, "description", description, "Enter the adjustment agreed");
        if (!category) addError(errs, "category", "Select the kind of adjustment");
        agreedOn = readDate(errs, "agreed_on", agreed, { today: todayInLondon() });
        reviewOn = readDate(errs, "next_review_on", review, { required: "Enter the date of the first review" });
        return errs;
      },
      send: () =>
        api.POST("/api/v1/landlords/{slug}/residents/{id}/adjustments", {
          params: { path: { slug, id } },
          body: { description: description.trim(), category, agreed_on: agreedOn as string, next_review_on: reviewOn ?? null },
        }),
      fields: ["description", "category", "agreed_on", "next_review_on"],
      labels: { description: "The adjustment", category: "The kind of adjustment", agreed_on: "The date agreed", next_review_on: "The review date" },
      done: () => {
        setFlash("Reasonable adjustment recorded");
        navigate(back);
      },
    });
  }

  return (
    <ResidentFrame
      slug={slug}
      id={id}
      title="Add a reasonable adjustment"
      errors={errors}
      intro={
        <p className="govuk-body">
          Record what was agreed so that everyone handling the resident's complaints sees it first on every case (Code 3.1). Every adjustment is
          kept under review (Code 5.10).
        </p>
      }
    >
      {() => (
        <form onSubmit={save} noValidate>
          <Textarea
            name="description"
            label="What has been agreed?"
            hint="For example, letters in large print (18pt), or phone calls only in the afternoon"
            rows={3}
            value={description}
            onChange={setDescription}
            error={f.description}
          />
          <Radios
            name="category"
            label="What kind of adjustment is it?"
            legendSize="m"
            value={category}
            onChange={setCategory}
            error={f.category}
            choices={ADJUSTMENT_CATEGORIES.map((c) => ({ value: c, label: adjustmentCategoryLabel(c) }))}
          />
          <DateInput name="agreed_on" label="When was it agreed?" hint={TODAY_HINT} value={agreed} onChange={setAgreed} error={f.agreed_on} />
          <DateInput
            name="next_review_on"
            label="When will it be reviewed?"
            hint="For example, 27 9 2026"
            value={review}
            onChange={setReview}
            error={f.next_review_on}
          />
          <FormButtons label="Add adjustment" busy={busy} cancel={back} />
        </form>
      )}
    </ResidentFrame>
  );
}

/** Corrects an adjustment's wording, or ends it. */
export function AdjustmentEdit({ slug, id, aid }: ResidentPageProps & { aid: string }) {
  const resident = useResident(slug, id);
  const { loaded, adjustment: a } = useAdjustment(slug, id, aid);
  const [description, setDescription] = useState<string | null>(null);
  const [ended, setEnded] = useState<DateParts>(emptyDate);
  const { errors, busy, submit } = useSubmit();
  useTitle(`Change or end an adjustment – ${resident.data?.name ?? "resident"}`, !!errors);
  useEffect(() => {
    if (a && description === null) setDescription(a.description);
  }, [a, description]);
  const back = residentHref(slug, id);
  const fields = ["description", "ended_on", "status"];
  const labels = { description: "The adjustment", ended_on: "The date it ended" };

  if (!resident.data || !loaded.data) {
    return (
      <>
        <BackLink href={back}>Back</BackLink>
        {!resident.data ? <NotLoaded loaded={resident} what="Resident" /> : <NotLoaded loaded={loaded} />}
      </>
    );
  }
  if (!a) return <NotLoadedAdjustment back={back} />;
  if (description === null) return <Loading />;

  function change(e: FormEvent) {
    e.preventDefault();
    void submit({
      check: () => {
        const errs = emptyErrors();
        requireText(errs, "description", description ?? "", "Enter the adjustment agreed");
        return errs;
      },
      send: () =>
        api.PATCH("/api/v1/landlords/{slug}/residents/{id}/adjustments/{aid}", {
          params: { path: { slug, id, aid } },
          body: { description: (description ?? "").trim() },
        }),
      fields,
      labels,
      done: () => {
        setFlash("The adjustment has been changed");
        navigate(back);
      },
    });
  }

  function end(e: FormEvent) {
    e.preventDefault();
    let endedOn: string | null | undefined;
    void submit({
      check: () => {
        const errs = emptyErrors();
        endedOn = readDate(errs, "ended_on", ended, "none");
        return errs;
      },
      send: () =>
        api.PATCH("/api/v1/landlords/{slug}/residents/{id}/adjustments/{aid}", {
          params: { path: { slug, id, aid } },
          body: { status: "ended", ended_on: endedOn ?? null },
        }),
      fields,
      labels,
      done: () => {
        setFlash("The adjustment has ended");
        navigate(back);
      },
    });
  }

  const f = errors?.fields ?? {};
  return (
    <>
      <BackLink href={back}>Back to {resident.data.name}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l">{resident.data.name}</span>
          <h1 className="govuk-heading-l">Change or end an adjustment</h1>
          <SummaryList
            rows={[
              { key: "Kind", value: adjustmentCategoryLabel(a.category) },
              { key: "Agreed", value: longDate(a.agreed_on) },
              { key: "Next review", value: longDate(a.next_review_on) || "Not set" },
            ]}
          />
          <form onSubmit={change} noValidate>
            <h2 className="govuk-heading-m">Correct the wording</h2>
            <Textarea
              name="description"
              label="What has been agreed?"
              hint="To record a change agreed with the resident, record a review instead, so the change is kept with its date"
              rows={3}
              value={description}
              onChange={setDescription}
              error={f.description}
            />
            <FormButtons label="Save the wording" busy={busy} cancel={back} />
          </form>
          <form onSubmit={end} noValidate>
            <h2 className="govuk-heading-m">End the adjustment</h2>
            <p className="govuk-body">End it when the resident no longer needs it. It stays on their record as ended.</p>
            <DateInput name="ended_on" label="When did it end?" hint={TODAY_HINT} value={ended} onChange={setEnded} error={f.ended_on} />
            <FormButtons label="End adjustment" busy={busy} warning />
          </form>
        </div>
      </div>
    </>
  );
}

function NotLoadedAdjustment({ back }: { back: string }) {
  useTitle("Adjustment not found");
  return (
    <>
      <BackLink href={back}>Back to the resident</BackLink>
      <h1 className="govuk-heading-l">Adjustment not found</h1>
      <p className="govuk-body">The resident has no such adjustment. It may have been recorded for someone else.</p>
    </>
  );
}

/** Records a review of an active adjustment (Code 5.10): it continues, changes, or ends. */
export function AdjustmentReview({ slug, id, aid }: ResidentPageProps & { aid: string }) {
  const { loaded, adjustment: a } = useAdjustment(slug, id, aid);
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
          outcome === "ended"
            ? null
            : readDate(errs, "next_review_on", next, { required: "Enter the date of the next review, or select that the adjustment has ended" });
        return errs;
      },
      send: () =>
        api.POST("/api/v1/landlords/{slug}/residents/{id}/adjustments/{aid}/reviews", {
          params: { path: { slug, id, aid } },
          body: { reviewed_on: reviewedOn as string, outcome, note: note.trim() || null, next_review_on: nextOn ?? null },
        }),
      fields: ["reviewed_on", "outcome", "note", "next_review_on"],
      labels: { reviewed_on: "The date of the review", outcome: "The outcome", next_review_on: "The next review date" },
      done: () => {
        setFlash(outcome === "ended" ? "Review recorded and the adjustment has ended" : "Review recorded");
        navigate(back);
      },
    });
  }

  return (
    <ResidentFrame slug={slug} id={id} title="Record a review of an adjustment" errors={errors}>
      {() =>
        !loaded.data ? (
          <NotLoaded loaded={loaded} />
        ) : !a ? (
          <p className="govuk-body">The resident has no such adjustment.</p>
        ) : (
          <>
            <SummaryList
              rows={[
                { key: "Adjustment", value: a.description },
                { key: "Kind", value: adjustmentCategoryLabel(a.category) },
                { key: "Agreed", value: longDate(a.agreed_on) },
                { key: "Review due", value: longDate(a.next_review_on) || "Not set" },
              ]}
            />
            <form onSubmit={save} noValidate>
              <DateInput name="reviewed_on" label="When was it reviewed?" hint={TODAY_HINT} value={reviewed} onChange={setReviewed} error={f.reviewed_on} />
              <Radios
                name="outcome"
                label="What was decided?"
                legendSize="m"
                value={outcome}
                onChange={setOutcome}
                error={f.outcome}
                choices={ADJUSTMENT_OUTCOMES.map((o) => ({ value: o, label: adjustmentOutcomeLabel(o) }))}
              />
              <Textarea
                name="note"
                label="Note (optional)"
                hint="What the resident said, and what changed if anything did"
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
