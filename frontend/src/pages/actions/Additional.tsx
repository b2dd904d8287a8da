import { useState } from "react";
import { api, type Schemas } from "../../api/client";
import { Radios, Textarea } from "../../components/forms";
import { ActionFrame, type ActionProps } from "./ActionFrame";
import { OnDate, checkDate, emptyDate, need, noErrors } from "./common";

/** Whether a related issue raised now is added to the open stage (Code 6.8): only before the
 * stage 1 response. */
function beforeStage1Response(status: string): boolean {
  return status === "received" || status === "stage1_open";
}

/** An additional complaint (Code 6.8): a related issue raised before the stage 1 response is
 * added to it, amending the definition; anything else is logged as a new complaint linked to
 * this one. */
export function AdditionalComplaint(props: ActionProps) {
  const [description, setDescription] = useState("");
  const [related, setRelated] = useState("");
  const [on, setOn] = useState(emptyDate);
  const base = `/l/${encodeURIComponent(props.slug)}/complaints`;
  return (
    <ActionFrame
      action="additional"
      props={props}
      title={() => "Record an additional complaint"}
      intro={(c) => (
        <p className="govuk-body">
          {beforeStage1Response(c.status)
            ? "A related issue raised before the stage 1 response is added to this complaint: its definition is amended and the response must address it. An unrelated issue is logged as a new complaint, linked to this one (Code 6.8)."
            : "The stage 1 response has been sent, so a further issue is logged as a new complaint, linked to this one, and the resident is told (Code 6.8)."}
        </p>
      )}
      submitLabel="Record additional complaint"
      render={(c, errors) => {
        const f = errors?.fields ?? {};
        let iso: string | undefined;
        const request = () => ({
          params: { path: { slug: props.slug, id: props.id } },
          body: { description, related: related === "yes", on: iso ?? null },
        });
        return {
          form: (
            <>
              <Textarea
                name="description"
                label="The further issue, in the resident's words"
                value={description}
                onChange={setDescription}
                error={f.description}
              />
              <Radios
                name="related"
                label="Is it related to this complaint?"
                inline
                value={related}
                onChange={setRelated}
                error={f.related}
                choices={[
                  { value: "yes", label: "Yes" },
                  { value: "no", label: "No" },
                ]}
              />
              <OnDate value={on} onChange={setOn} error={f.on} label="When was it raised?" />
            </>
          ),
          spec: {
            fields: ["description", "related", "on"],
            labels: { description: "The further issue", related: "Whether it is related", on: "The date" },
            done: (data) => {
              const made = data as Schemas["ComplaintView"] | undefined;
              return made && made.id !== c.id
                ? `Logged as a new complaint, ${made.reference}, linked to complaint ${c.reference}`
                : "Added to this complaint: the definition is amended";
            },
            next: (data) => {
              const made = data as Schemas["ComplaintView"] | undefined;
              return made && made.id !== c.id ? `${base}/${made.id}` : undefined;
            },
            check: () => {
              const e = noErrors();
              need(e, "description", description, "Enter the further issue");
              if (!related) {
                e.fields.related = "Select whether it is related to this complaint";
                e.summary.push({ text: e.fields.related, href: "#related" });
              }
              iso = checkDate(e, "on", on);
              return e;
            },
            send: () => api.POST("/api/v1/landlords/{slug}/complaints/{id}/additional", request()),
            // Logged as a new complaint, it sends the resident the new reference: seen first.
            // Added to this complaint's definition, it sends nothing.
            preview:
              beforeStage1Response(c.status) && related === "yes"
                ? undefined
                : () => api.POST("/api/v1/landlords/{slug}/complaints/{id}/additional/preview", request()),
          },
        };
      }}
    />
  );
}
