import { useState } from "react";
import { api } from "../../api/client";
import { Radios, Textarea } from "../../components/forms";
import { longDateWithDay } from "../../lib/deadlines";
import { EXCLUSIONS, exclusionLabel } from "../../lib/words";
import { ActionFrame, type ActionProps } from "./ActionFrame";
import { LETTER_ALREADY_SENT_LABEL, LetterAlreadySent, OnDate, checkDate, checkLetterAlreadySent, emptyDate, need, noErrors } from "./common";

/** Refusing to escalate to stage 2 (Code 5.11): a reason from the same list as not accepting a
 * complaint, and an explanation the resident is sent with their right to go to the Ombudsman.
 * The complaint closes. The complaints team decides, before stage 2 is acknowledged. */
export function RefuseEscalation(props: ActionProps) {
  const [reason, setReason] = useState("");
  const [explanation, setExplanation] = useState("");
  const [on, setOn] = useState(emptyDate);
  const [letter, setLetter] = useState("");
  return (
    <ActionFrame
      action="refuse-escalation"
      props={props}
      title={() => "Refuse to escalate this complaint"}
      intro={(c) => (
        <>
          {c.stage2 && (
            <p className="govuk-body">
              The resident asked for stage 2 on {longDateWithDay(c.stage2.requested_on)}. They do not have to give a reason, and an
              escalation may be refused only for one of the reasons a complaint may be refused (Code 5.11).
            </p>
          )}
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <div className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              The complaint closes. The resident is sent a letter with your explanation and their right to take the complaint to the
              Ombudsman.
            </div>
          </div>
        </>
      )}
      submitLabel="Refuse escalation"
      warning
      render={(_c, errors) => {
        const f = errors?.fields ?? {};
        let iso: string | undefined;
        let already: boolean | null = null;
        // The action's request, sent as it is to see its letter first, then to do it.
        const request = () => ({
          params: { path: { slug: props.slug, id: props.id } },
          body: { reason, explanation, on: iso ?? null, letter_already_sent: already },
        });
        return {
          form: (
            <>
              <Radios
                name="reason"
                label="Why is the escalation refused?"
                legendSize="m"
                value={reason}
                onChange={setReason}
                error={f.reason}
                choices={EXCLUSIONS.map((r) => ({ value: r, label: exclusionLabel(r) }))}
              />
              <Textarea
                name="explanation"
                label="Explanation for the resident"
                hint="Say why, in words the resident will understand. It goes in the letter."
                value={explanation}
                onChange={setExplanation}
                error={f.explanation}
              />
              <OnDate value={on} onChange={setOn} error={f.on} label="When was it decided?" />
              <LetterAlreadySent on={on} value={letter} onChange={setLetter} error={f.letter_already_sent} />
            </>
          ),
          spec: {
            fields: ["reason", "explanation", "on", "letter_already_sent"],
            labels: { reason: "The reason", explanation: "The explanation", on: "The date", letter_already_sent: LETTER_ALREADY_SENT_LABEL },
            done: "Escalation refused and the resident told why",
            check: () => {
              const e = noErrors();
              if (!reason) {
                e.fields.reason = "Select why the escalation is refused";
                e.summary.push({ text: e.fields.reason, href: "#reason" });
              }
              need(e, "explanation", explanation, "Enter the explanation for the resident");
              iso = checkDate(e, "on", on);
              already = checkLetterAlreadySent(e, on, letter);
              return e;
            },
            send: () => api.POST("/api/v1/landlords/{slug}/complaints/{id}/refuse-escalation", request()),
            preview: () => api.POST("/api/v1/landlords/{slug}/complaints/{id}/refuse-escalation/preview", request()),
          },
        };
      }}
    />
  );
}
