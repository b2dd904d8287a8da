import { useState } from "react";
import { api } from "../../api/client";
import { Radios, Textarea } from "../../components/forms";
import { ActionFrame, type ActionProps } from "./ActionFrame";
import { LETTER_ALREADY_SENT_LABEL, LetterAlreadySent, OnDate, checkDate, checkLetterAlreadySent, emptyDate, need, noErrors } from "./common";

export function Acknowledge(props: ActionProps) {
  const [v, setV] = useState({
    definition: "",
    outcomes_sought: "",
    responsible_for: "",
    not_responsible_for: "",
    complexity: "",
    risk: "",
  });
  const [on, setOn] = useState(emptyDate);
  const [letter, setLetter] = useState("");
  const set = (k: keyof typeof v) => (value: string) => setV({ ...v, [k]: value });

  return (
    <ActionFrame
      action="acknowledge"
      props={props}
      title={(c) => `Acknowledge and define stage ${c.status === "stage2_requested" ? 2 : 1}`}
      intro={(c) => (
        <>
          <p className="govuk-body">
            Set out your understanding of the complaint and what the resident wants (Code 5.6). The acknowledgement
            sent to the resident carries this definition.
          </p>
          <div className="govuk-inset-text">
            <span className="govuk-!-font-weight-bold">In the resident's words: </span>
            <span className="app-prewrap">{c.description}</span>
          </div>
        </>
      )}
      submitLabel="Acknowledge complaint"
      onLoad={(c) =>
        // What the resident said they want, as given at intake (or as defined at stage 1).
        setV((now) => (now.outcomes_sought ? now : { ...now, outcomes_sought: c.outcomes_sought ?? "" }))
      }
      render={(_c, errors) => {
        const f = errors?.fields ?? {};
        let iso: string | undefined;
        let already: boolean | null = null;
        // The action's request, sent as it is to see its letter first, then to do it.
        const request = () => ({
          params: { path: { slug: props.slug, id: props.id } },
          body: {
            definition: v.definition,
            outcomes_sought: v.outcomes_sought,
            responsible_for: v.responsible_for,
            not_responsible_for: v.not_responsible_for.trim() || null,
            complexity: v.complexity || null,
            risk: v.risk || null,
            on: iso ?? null,
            letter_already_sent: already,
          },
        });
        return {
          form: (
            <>
              <Textarea
                name="definition"
                label="Complaint definition"
                hint="The landlord's understanding of the complaint: each point the response must address."
                value={v.definition}
                onChange={set("definition")}
                error={f.definition}
              />
              <Textarea
                name="outcomes_sought"
                label="Outcomes the resident seeks"
                value={v.outcomes_sought}
                onChange={set("outcomes_sought")}
                error={f.outcomes_sought}
                rows={3}
              />
              <Textarea
                name="responsible_for"
                label="What the landlord is responsible for"
                value={v.responsible_for}
                onChange={set("responsible_for")}
                error={f.responsible_for}
                rows={3}
              />
              <Textarea
                name="not_responsible_for"
                label="What the landlord is not responsible for (optional)"
                hint="And who is, so the resident knows where to go."
                value={v.not_responsible_for}
                onChange={set("not_responsible_for")}
                error={f.not_responsible_for}
                rows={3}
              />
              <Radios
                name="complexity"
                label="How complex is it? (optional)"
                inline
                value={v.complexity}
                onChange={set("complexity")}
                error={f.complexity}
                choices={[
                  { value: "straightforward", label: "Straightforward" },
                  { value: "complex", label: "Complex" },
                ]}
              />
              <Radios
                name="risk"
                label="Vulnerability or risk to the resident (optional)"
                hint="Triage under Code 6.1."
                inline
                value={v.risk}
                onChange={set("risk")}
                error={f.risk}
                choices={[
                  { value: "none", label: "None" },
                  { value: "low", label: "Low" },
                  { value: "medium", label: "Medium" },
                  { value: "high", label: "High" },
                ]}
              />
              <OnDate value={on} onChange={setOn} error={f.on} />
              <LetterAlreadySent on={on} value={letter} onChange={setLetter} error={f.letter_already_sent} />
            </>
          ),
          spec: {
            fields: [
              "definition",
              "outcomes_sought",
              "responsible_for",
              "not_responsible_for",
              "complexity",
              "risk",
              "on",
              "letter_already_sent",
            ],
            labels: {
              definition: "Complaint definition",
              outcomes_sought: "Outcomes the resident seeks",
              responsible_for: "What the landlord is responsible for",
              on: "The date",
              letter_already_sent: LETTER_ALREADY_SENT_LABEL,
            },
            done: "Complaint acknowledged",
            check: () => {
              const e = noErrors();
              need(e, "definition", v.definition, "Enter the complaint definition");
              need(e, "outcomes_sought", v.outcomes_sought, "Enter the outcomes the resident seeks");
              need(e, "responsible_for", v.responsible_for, "Enter what the landlord is responsible for");
              iso = checkDate(e, "on", on);
              already = checkLetterAlreadySent(e, on, letter);
              return e;
            },
            send: () => api.POST("/api/v1/landlords/{slug}/complaints/{id}/acknowledge", request()),
            preview: () => api.POST("/api/v1/landlords/{slug}/complaints/{id}/acknowledge/preview", request()),
          },
        };
      }}
    />
  );
}
