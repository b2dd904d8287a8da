import { useState } from "react";
import { api } from "../../api/client";
import { Select } from "../../components/forms";
import { roleLabel } from "../../lib/words";
import { usePeople } from "../casedata";
import { ActionFrame, type ActionProps } from "./ActionFrame";
import { OnDate, checkDate, emptyDate, noErrors } from "./common";

const STAFF = ["landlord_admin", "complaints_officer", "case_handler"];

export function Allocate(props: ActionProps) {
  const people = usePeople(props.slug, true);
  const [to, setTo] = useState("");
  const [on, setOn] = useState(emptyDate);

  return (
    <ActionFrame
      action="allocate"
      props={props}
      title={(c) => `Allocate stage ${c.stage2 ? 2 : 1}`}
      intro={(c) =>
        c.stage2 ? (
          <p className="govuk-body">
            Stage 2 is the landlord's own review: it must be considered by someone other than the stage 1 handler
            (Code 6.13), and never by a contractor.
          </p>
        ) : (
          <p className="govuk-body">
            Allocate stage 1 to a member of staff, or to a contractor organisation whose users will then see and
            work on this complaint (Code 5.4).
          </p>
        )
      }
      submitLabel="Allocate"
      render={(c, errors) => {
        const f = errors?.fields ?? {};
        const staff = people.staff
          .filter((u) => u.active && STAFF.includes(u.role))
          .map((u) => ({
            value: `h:${u.id}`,
            // Code 6.13: the server refuses stage 2 to the stage 1 handler; say so before it does.
            label: `${u.name ?? u.email} – ${roleLabel(u.role)}${c.stage2 && u.id === c.stage1.handler_id ? " (handled stage 1)" : ""}`,
          }));
        const orgs = c.stage2 ? [] : people.contractorList.map((o) => ({ value: `c:${o.id}`, label: o.name }));
        let iso: string | undefined;
        return {
          form: (
            <>
              <Select
                name="handler_id"
                label="Allocate to"
                value={to}
                onChange={setTo}
                error={f.handler_id ?? f.contractor_id}
                choices={[{ value: "", label: "Choose who" }]}
                groups={[
                  { label: "Staff", choices: staff },
                  { label: "Contractor organisations", choices: orgs },
                ]}
              />
              <OnDate value={on} onChange={setOn} error={f.on} />
            </>
          ),
          spec: {
            fields: ["handler_id", "on"],
            labels: { handler_id: "Who to allocate to", contractor_id: "The contractor organisation", on: "The date" },
            done: "Complaint allocated",
            check: () => {
              const e = noErrors();
              if (!to) {
                e.fields.handler_id = "Choose who to allocate the complaint to";
                e.summary.push({ text: "Choose who to allocate the complaint to", href: "#handler_id" });
              }
              iso = checkDate(e, "on", on);
              return e;
            },
            send: () =>
              api.POST("/api/v1/landlords/{slug}/complaints/{id}/allocate", {
                params: { path: { slug: props.slug, id: props.id } },
                body: {
                  handler_id: to.startsWith("h:") ? to.slice(2) : null,
                  contractor_id: to.startsWith("c:") ? to.slice(2) : null,
                  on: iso ?? null,
                },
              }),
          },
        };
      }}
    />
  );
}
