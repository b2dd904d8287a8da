import { useState } from "react";
import { api } from "../../api/client";
import { Radios, Textarea } from "../../components/forms";
import { EXCLUSIONS, exclusionLabel } from "../../lib/words";
import { ActionFrame, type ActionProps } from "./ActionFrame";
import { LETTER_ALREADY_SENT_LABEL, LetterAlreadySent, OnDate, checkDate, checkLetterAlreadySent, emptyDate, need, noErrors } from "./common";

export function NotAccept(props: ActionProps) {
  const [reason, setReason] = useState("");
  const [discretion, setDiscretion] = useState("");
  const [explanation, setExplanation] = useState("");
  const [on, setOn] = useState(emptyDate);
  const [letter, setLetter] = useState("");
  return (
    <ActionFrame
      action="not-accept"
      props={props}
      title={() => "Do not accept this complaint"}
      intro={() => (
        <p className="govuk-body">
          The resident is sent a letter explaining why, and their right to take the decision to the Ombudsman
          (Code 2.4). Complaints are never excluded in bulk.
        </p>
      )}
      submitLabel="Do not accept complaint"
      warning
      render={(_c, errors) => {
        const f = errors?.fields ?? {};
        let iso: string | undefined;
        let already: boolean | null = null;
        // The action's request, sent as it is to see its letter first, then to do it.
        const request = () => ({
          params: { path: { slug: props.slug, id: props.id } },
          body: {
            reason,
            explanation,
            discretion_considered:
              reason === "outside_time_limit" && discretion ? discretion === "yes" : null,
            on: iso ?? null,
            letter_already_sent: already,
          },
        });
        return {
          form: (
            <>
              <Radios
                name="reason"
                label="Why is it not accepted?"
                legendSize="m"
                value={reason}
                onChange={setReason}
                error={f.reason}
                choices={EXCLUSIONS.map((r) => ({ value: r, label: exclusionLabel(r) }))}
                conditional={{
                  outside_time_limit: (
                    <Radios
                      name="discretion_considered"
                      label="Was the discretion to accept a late complaint considered? (Code 2.3)"
                      inline
                      value={discretion}
                      onChange={setDiscretion}
                      error={f.discretion_considered}
                      choices={[
                        { value: "yes", label: "Yes" },
                        { value: "no", label: "No" },
                      ]}
                    />
                  ),
                }}
              />
              <Textarea
                name="explanation"
                label="Explanation for the resident"
                value={explanation}
                onChange={setExplanation}
                error={f.explanation}
              />
              <OnDate value={on} onChange={setOn} error={f.on} />
              <LetterAlreadySent on={on} value={letter} onChange={setLetter} error={f.letter_already_sent} />
            </>
          ),
          spec: {
            fields: ["reason", "discretion_considered", "explanation", "on", "letter_already_sent"],
            labels: { reason: "The reason", explanation: "The explanation", on: "The date", letter_already_sent: LETTER_ALREADY_SENT_LABEL },
            done: "Complaint not accepted",
            check: () => {
              const e = noErrors();
              if (!reason) {
                e.fields.reason = "Select why the complaint is not accepted";
                e.summary.push({ text: e.fields.reason, href: "#reason" });
              }
              need(e, "explanation", explanation, "Enter the explanation for the resident");
              iso = checkDate(e, "on", on);
              already = checkLetterAlreadySent(e, on, letter);
              return e;
            },
            send: () => api.POST("/api/v1/landlords/{slug}/complaints/{id}/not-accept", request()),
            preview: () => api.POST("/api/v1/landlords/{slug}/complaints/{id}/not-accept/preview", request()),
          },
        };
      }}
    />
  );
}
