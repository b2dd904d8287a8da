import { useEffect, useState } from "react";
import { api, type Schemas } from "../../api/client";
import { TextInput } from "../../components/forms";
import { SummaryList } from "../../components/layout";
import { allows } from "../../lib/actions";
import { longDateWithDay } from "../../lib/deadlines";
import { caseFacts } from "../casedata";
import { ActionFrame, type ActionProps } from "./ActionFrame";
import { OnDate, checkDate, emptyDate, noErrors } from "./common";

export type KeepInformed = Schemas["KeepInformedView"];

/** The interval agreed with the resident for updates (Code 5.9), or null; undefined while
 * loading. */
export function useKeepInformed(slug: string, id: string): KeepInformed | null | undefined {
  const [k, setK] = useState<KeepInformed | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    api
      .GET("/api/v1/landlords/{slug}/complaints/{id}/keep-informed", { params: { path: { slug, id } } })
      .then(({ data, response }) => live && setK(response.ok ? (data ?? null) : null))
      .catch(() => live && setK(null));
    return () => {
      live = false;
    };
  }, [slug, id]);
  return k;
}

export function KeepInformedSummary({ k }: { k: KeepInformed }) {
  return (
    <SummaryList
      rows={[
        { key: "Update the resident", value: `At least every ${k.every_working_days} working day${k.every_working_days === 1 ? "" : "s"}` },
        { key: "Agreed", value: longDateWithDay(k.agreed_on) },
        {
          key: "Counted from",
          value: (
            <>
              {longDateWithDay(k.last_contact_on)}
              <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
                The later of the day it was agreed and the last correspondence sent to the resident.
              </span>
            </>
          ),
        },
        { key: "Next update due", value: <span className="govuk-!-font-weight-bold">{longDateWithDay(k.next_update_due)}</span> },
      ]}
    />
  );
}

/** Agrees (or changes) how often the resident is updated while the complaint is open (Code 5.9). */
export function KeepInformedSet(props: ActionProps) {
  const current = useKeepInformed(props.slug, props.id);
  const [days, setDays] = useState("");
  const [on, setOn] = useState(emptyDate);
  return (
    <ActionFrame
      action="keep-informed"
      props={props}
      title={() => (current ? "Change how often the resident is updated" : "Agree how often the resident is updated")}
      intro={() => (
        <>
          <p className="govuk-body">
            Record the interval agreed with the resident for updates while the complaint is open (Code 5.9). The handler is reminded
            when an update falls due; each piece of correspondence sent to the resident counts as an update.
          </p>
          {current && (
            <>
              <h2 className="govuk-heading-s">Agreed now</h2>
              <KeepInformedSummary k={current} />
            </>
          )}
        </>
      )}
      submitLabel={current ? "Change the interval" : "Agree the interval"}
      render={(_c, errors) => {
        const f = errors?.fields ?? {};
        let iso: string | undefined;
        return {
          form: (
            <>
              <TextInput
                name="every_working_days"
                label="Update the resident at least every how many working days?"
                hint="From 1 to 40 working days, for example 5 for once a week."
                inputMode="numeric"
                width="govuk-input--width-3"
                value={days}
                onChange={setDays}
                error={f.every_working_days}
              />
              <OnDate value={on} onChange={setOn} error={f.on} label="When was it agreed?" />
            </>
          ),
          spec: {
            fields: ["every_working_days", "on"],
            labels: { every_working_days: "The interval", on: "The date" },
            done: "Updates to the resident agreed",
            check: () => {
              const e = noErrors();
              if (!/^\d{1,3}$/.test(days.trim())) {
                e.fields.every_working_days = "Enter the number of working days between updates, as a whole number such as 5";
                e.summary.push({ text: e.fields.every_working_days, href: "#every_working_days" });
              }
              iso = checkDate(e, "on", on);
              return e;
            },
            send: () =>
              api.POST("/api/v1/landlords/{slug}/complaints/{id}/keep-informed", {
                params: { path: { slug: props.slug, id: props.id } },
                body: { every_working_days: Number(days.trim()), on: iso ?? null },
              }),
          },
        };
      }}
    />
  );
}

/** Ends the agreed updates: no more reminders for them. */
export function KeepInformedEnd(props: ActionProps) {
  const current = useKeepInformed(props.slug, props.id);
  const who = { userId: props.me.id, role: props.membership.role, contractorId: props.membership.contractor_id };
  return (
    <ActionFrame
      action="stop-updates"
      props={props}
      title={() => "Stop the agreed updates"}
      allowed={(c) => allows("stop-updates", caseFacts(c, { keepInformed: current !== null }), who)}
      intro={() =>
        current === undefined ? null : current ? (
          <>
            <KeepInformedSummary k={current} />
            <p className="govuk-body">The handler will no longer be reminded to update the resident.</p>
          </>
        ) : (
          <p className="govuk-body">No interval for updates is agreed with the resident.</p>
        )
      }
      submitLabel="Stop the updates"
      warning
      render={() => ({
        form: null,
        spec: {
          fields: [],
          done: "Agreed updates stopped",
          send: () =>
            api.DELETE("/api/v1/landlords/{slug}/complaints/{id}/keep-informed", {
              params: { path: { slug: props.slug, id: props.id } },
            }),
        },
      })}
    />
  );
}
