import { useState } from "react";
import { api } from "../../api/client";
import { Textarea } from "../../components/forms";
import { ActionFrame, type ActionProps } from "./ActionFrame";
import { OnDate, checkDate, emptyDate, noErrors } from "./common";

export function Escalate(props: ActionProps) {
  const [reason, setReason] = useState("");
  const [on, setOn] = useState(emptyDate);
  return (
    <ActionFrame
      action="escalate"
      props={props}
      title={() => "Escalate to stage 2"}
      intro={() => (
        <p className="govuk-body">
          Record the resident's request for a stage 2 review. The resident does not have to give a reason (Code 6.12).
        </p>
      )}
      submitLabel="Escalate to stage 2"
      render={(_c, errors) => {
        const f = errors?.fields ?? {};
        let iso: string | undefined;
        return {
          form: (
            <>
              <Textarea
                name="reason"
                label="What the resident said (optional)"
                value={reason}
                onChange={setReason}
                error={f.reason}
                rows={3}
              />
              <OnDate value={on} onChange={setOn} error={f.on} label="When did the resident ask?" />
            </>
          ),
          spec: {
            fields: ["reason", "on"],
            labels: { on: "The date" },
            done: "Escalated to stage 2",
            check: () => {
              const e = noErrors();
              iso = checkDate(e, "on", on);
              return e;
            },
            send: () =>
              api.POST("/api/v1/landlords/{slug}/complaints/{id}/escalate", {
                params: { path: { slug: props.slug, id: props.id } },
                body: { reason: reason.trim() || null, on: iso ?? null },
              }),
          },
        };
      }}
    />
  );
}
