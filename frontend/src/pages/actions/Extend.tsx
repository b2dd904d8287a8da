import { useEffect, useState } from "react";
import { api } from "../../api/client";
import { Checkbox, TextInput, Textarea } from "../../components/forms";
import { extensionLimitWords, longDateWithDay } from "../../lib/deadlines";
import { currentStage } from "../casedata";
import { ActionFrame, type ActionProps } from "./ActionFrame";
import { LETTER_ALREADY_SENT_LABEL, LetterAlreadySent, OnDate, checkDate, checkLetterAlreadySent, emptyDate, need, noErrors } from "./common";

/** The new response deadline, worked out on the landlord's calendar as the number is typed. */
function NewDeadline({ slug, from, days, stage, used }: { slug: string; from: string; days: string; stage: number; used: number }) {
  const n = /^\d+$/.test(days.trim()) ? Number(days) : 0;
  const [due, setDue] = useState<string | null>(null);
  useEffect(() => {
    setDue(null);
    if (n < 1 || n > 366) return;
    let live = true;
    api
      .GET("/api/v1/landlords/{slug}/calendar/due", { params: { path: { slug }, query: { from, working_days: String(n) } } })
      .then(({ data }) => live && setDue(data?.due ?? null))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [slug, from, n]);
  const limit = stage === 1 ? 10 : 20;
  return (
    <div className="govuk-inset-text" aria-live="polite" id="new-deadline">
      {n < 1 ? (
        "Enter the working days to add to see the new deadline."
      ) : (
        <>
          {due ? (
            <>
              The new response deadline would be <span className="govuk-!-font-weight-bold">{longDateWithDay(due)}</span>,{" "}
              {n === 1 ? "1 working day" : `${n} working days`} after the current one.{" "}
            </>
          ) : null}
          {extensionLimitWords(stage, used, n, limit)}
        </>
      )}
    </div>
  );
}

export function Extend(props: ActionProps) {
  const [days, setDays] = useState("");
  const [reason, setReason] = useState("");
  const [good, setGood] = useState(false);
  const [on, setOn] = useState(emptyDate);
  const [letter, setLetter] = useState("");

  return (
    <ActionFrame
      action="extend"
      props={props}
      title={() => "Extend the response deadline"}
      intro={(c) => {
        const s = currentStage(c);
        const limit = s.stage === 1 ? 10 : 20;
        return (
          <>
            {s.response_due && (
              <p className="govuk-body">
                The stage {s.stage} response is due by {longDateWithDay(s.response_due)}
                {s.extension_working_days > 0 ? `, already extended by ${s.extension_working_days} working days` : ""}.
              </p>
            )}
            <p className="govuk-body">
              The resident is told the reason and the Ombudsman's contact details. Extensions of more than {limit}{" "}
              working days in all need a recorded good reason and a fuller explanation (Code{" "}
              {s.stage === 1 ? "6.4, 6.5" : "6.15, 6.16"}).
            </p>
          </>
        );
      }}
      submitLabel="Extend deadline"
      render={(c, errors) => {
        const s = currentStage(c);
        const f = errors?.fields ?? {};
        let iso: string | undefined;
        let already: boolean | null = null;
        // The action's request, sent as it is to see its letter first, then to do it.
        const request = () => ({
          params: { path: { slug: props.slug, id: props.id } },
          body: {
            working_days: Number(days),
            reason,
            good_reason: good || null,
            on: iso ?? null,
            letter_already_sent: already,
          },
        });
        return {
          form: (
            <>
              <TextInput
                name="working_days"
                label="Working days to add"
                inputMode="numeric"
                width="govuk-input--width-3"
                value={days}
                onChange={setDays}
                error={f.working_days}
              />
              {s.response_due && (
                <NewDeadline slug={props.slug} from={s.response_due} days={days} stage={s.stage} used={s.extension_working_days} />
              )}
              <Textarea
                name="reason"
                label="Reason the resident is told"
                value={reason}
                onChange={setReason}
                error={f.reason}
              />
              <div className="govuk-form-group">
                <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
                  <Checkbox
                    name="good_reason"
                    label="There is a good reason to go beyond the limit"
                    hint="Explain it in the reason above, in at least 80 characters."
                    checked={good}
                    onChange={setGood}
                  />
                </div>
              </div>
              <OnDate value={on} onChange={setOn} error={f.on} />
              <LetterAlreadySent on={on} value={letter} onChange={setLetter} error={f.letter_already_sent} />
            </>
          ),
          spec: {
            fields: ["working_days", "reason", "on", "letter_already_sent"],
            labels: { working_days: "Working days to add", reason: "The reason", on: "The date", letter_already_sent: LETTER_ALREADY_SENT_LABEL },
            done: "Response deadline extended",
            check: () => {
              const e = noErrors();
              if (!/^\d+$/.test(days.trim()) || Number(days) < 1) {
                e.fields.working_days = "Enter the number of working days to add, as a whole number such as 5";
                e.summary.push({ text: e.fields.working_days, href: "#working_days" });
              }
              need(e, "reason", reason, "Enter the reason the resident is told");
              iso = checkDate(e, "on", on);
              already = checkLetterAlreadySent(e, on, letter);
              return e;
            },
            send: () => api.POST("/api/v1/landlords/{slug}/complaints/{id}/extend", request()),
            preview: () => api.POST("/api/v1/landlords/{slug}/complaints/{id}/extend/preview", request()),
          },
        };
      }}
    />
  );
}
