import { useState } from "react";
import { api } from "../../api/client";
import { currentStage } from "../casedata";
import { ActionFrame, type ActionProps } from "./ActionFrame";
import { OnDate, checkDate, emptyDate, noErrors } from "./common";

/** Closing a complaint that has been responded to (docs/state-machine.md, "Transitions"). */
export function Close(props: ActionProps) {
  const [on, setOn] = useState(emptyDate);
  return (
    <ActionFrame
      action="close"
      props={props}
      title={() => "Close this complaint"}
      intro={(c) => {
        const stage = currentStage(c).stage;
        const open = c.outstanding_actions.filter((a) => a.status !== "completed").length;
        const remedies = c.remedies.filter((r) => r.status !== "completed" && r.status !== "declined").length;
        return (
          <>
            {stage === 1 ? (
              <p className="govuk-body">
                The stage 1 response has been sent. Once the complaint is closed, it can no longer be escalated to stage 2: close it
                only when the resident's time to ask has passed or they have said they will not.
              </p>
            ) : (
              <p className="govuk-body">
                The stage 2 response, the landlord's final response, has been sent. The resident can still take the complaint to the
                Ombudsman after it is closed.
              </p>
            )}
            {(open > 0 || remedies > 0) && (
              <div className="govuk-inset-text">
                {[
                  remedies > 0 ? `${remedies} remed${remedies === 1 ? "y is" : "ies are"} not yet completed` : "",
                  open > 0 ? `${open} outstanding action${open === 1 ? " is" : "s are"} not yet done` : "",
                ]
                  .filter(Boolean)
                  .join(" and ")}
                . They are still tracked after the complaint closes (Code 6.6).
              </div>
            )}
          </>
        );
      }}
      submitLabel="Close complaint"
      render={(_c, errors) => {
        const f = errors?.fields ?? {};
        let iso: string | undefined;
        return {
          form: <OnDate value={on} onChange={setOn} error={f.on} label="When was it closed?" />,
          spec: {
            fields: ["on"],
            labels: { on: "The date" },
            done: "Complaint closed",
            check: () => {
              const e = noErrors();
              iso = checkDate(e, "on", on);
              return e;
            },
            send: () =>
              api.POST("/api/v1/landlords/{slug}/complaints/{id}/close", {
                params: { path: { slug: props.slug, id: props.id } },
                body: { on: iso ?? null },
              }),
          },
        };
      }}
    />
  );
}
