import { useState } from "react";
import { api } from "../../api/client";
import { DateInput, Radios, TextInput, emptyDate, type DateParts } from "../../components/forms";
import { SummaryList } from "../../components/layout";
import { mayUpdateItem } from "../../lib/actions";
import { ACTION_STATUSES, REMEDY_STATUSES, actionStatusLabel, itemChanges, remedyStatusLabel } from "../../lib/casework";
import { isoFromParts, longDate } from "../../lib/deadlines";
import { partsOf } from "../../lib/forms";
import { awardInWords } from "../../lib/money";
import { pounds, remedyLabel } from "../../lib/words";
import { useLocation } from "../../router";
import { stageOf, type Complaint } from "../casedata";
import { ActionFrame, type ActionProps } from "./ActionFrame";
import { checkDate, noErrors } from "./common";

type Remedy = Complaint["remedies"][number];
type OutstandingAction = Complaint["outstanding_actions"][number];

const NOTHING = "Change the status, the due date or the owner";

/** The form both kinds of item share: status (with the completion date), due date, owner. */
function ItemForm({
  statuses,
  label,
  status,
  setStatus,
  completed,
  setCompleted,
  due,
  setDue,
  owner,
  setOwner,
  dueHint,
  f,
}: {
  statuses: { value: string; label: string }[];
  label: string;
  status: string;
  setStatus: (v: string) => void;
  completed: DateParts;
  setCompleted: (v: DateParts) => void;
  due: DateParts;
  setDue: (v: DateParts) => void;
  owner: string;
  setOwner: (v: string) => void;
  dueHint: string;
  f: Record<string, string>;
}) {
  return (
    <>
      <Radios
        name="status"
        label={label}
        legendSize="m"
        value={status}
        onChange={setStatus}
        error={f.status}
        choices={statuses}
        conditional={{
          completed: (
            <DateInput
              name="completed_on"
              label="When was it completed?"
              hint="Leave blank for today. For example, 27 3 2026."
              value={completed}
              onChange={setCompleted}
              error={f.completed_on}
            />
          ),
        }}
      />
      <DateInput name="due_on" label="Due by" hint={dueHint} value={due} onChange={setDue} error={f.due_on} />
      <TextInput name="owner" label="Who is responsible for it" value={owner} onChange={setOwner} error={f.owner} />
    </>
  );
}

/** Updates a remedy's progress: its status through to completion, its due date and its owner
 * (Code 7.3). The remedy is named by `?remedy=` in the address. */
export function UpdateRemedy(props: ActionProps) {
  const { query } = useLocation();
  const rid = query.get("remedy") ?? "";
  const who = { userId: props.me.id, role: props.membership.role, contractorId: props.membership.contractor_id };
  const [draft, setDraft] = useState<{ status: string; due: DateParts; owner: string; completed: DateParts } | null>(null);

  return (
    <ActionFrame
      action="remedy"
      props={props}
      title={() => "Update a remedy"}
      allowed={(c) => {
        const r = c.remedies.find((x) => x.id === rid);
        return !!r && mayUpdateItem(stageOf(c, r.stage), who);
      }}
      intro={(c) => {
        const r = c.remedies.find((x) => x.id === rid);
        return r ? <RemedySummary r={r} /> : <div className="govuk-inset-text">This complaint has no such remedy.</div>;
      }}
      submitLabel="Save"
      render={(c, errors) => {
        const f = errors?.fields ?? {};
        const r = c.remedies.find((x) => x.id === rid);
        const d = draft ?? {
          status: r?.status ?? "",
          due: partsOf(r?.due_on),
          owner: r?.owner ?? "",
          completed: emptyDate,
        };
        const set = (patch: Partial<typeof d>) => setDraft({ ...d, ...patch });
        let body: ReturnType<typeof itemChanges> = {};
        return {
          form: (
            <ItemForm
              statuses={REMEDY_STATUSES.map((s) => ({ value: s, label: remedyStatusLabel(s) }))}
              label="Where is it now?"
              status={d.status}
              setStatus={(status) => set({ status })}
              completed={d.completed}
              setCompleted={(completed) => set({ completed })}
              due={d.due}
              setDue={(due) => set({ due })}
              owner={d.owner}
              setOwner={(owner) => set({ owner })}
              dueHint="Leave blank if it has no date. For example, 27 3 2026."
              f={f}
            />
          ),
          spec: {
            fields: ["status", "completed_on", "due_on", "owner"],
            labels: { status: "The status", completed_on: "The date it was completed", due_on: "The due date", owner: "Who is responsible" },
            done: r ? `Remedy updated: ${remedyLabel(r.kind).toLowerCase()} is ${remedyStatusLabel(d.status).toLowerCase()}` : "Remedy updated",
            check: () => {
              const e = noErrors();
              const due = checkDate(e, "due_on", d.due);
              const completedOn = d.status === "completed" ? checkDate(e, "completed_on", d.completed) : undefined;
              if (!r) return e;
              body = itemChanges(r, { status: d.status, due_on: due ?? null, owner: d.owner, completed_on: completedOn ?? null }, true);
              if (e.summary.length === 0 && Object.keys(body).length === 0) {
                e.fields.status = NOTHING;
                e.summary.push({ text: NOTHING, href: "#status" });
              }
              return e;
            },
            send: () =>
              api.PATCH("/api/v1/landlords/{slug}/complaints/{id}/remedies/{rid}", {
                params: { path: { slug: props.slug, id: props.id, rid } },
                body,
              }),
          },
        };
      }}
    />
  );
}

function RemedySummary({ r }: { r: Remedy }) {
  return (
    <SummaryList
      rows={[
        { key: "Remedy", value: `${remedyLabel(r.kind)}${r.amount_pence != null ? ` (${awardInWords(r.amount_pence, r.parts, pounds)})` : ""}` },
        { key: "What was offered", value: <span className="app-prewrap">{r.description}</span> },
        { key: "Offered at", value: `Stage ${r.stage}` },
        { key: "Now", value: `${remedyStatusLabel(r.status)}${r.completed_on ? `, ${longDate(r.completed_on)}` : ""}` },
      ]}
    />
  );
}

/** Updates an outstanding action: its status until done, its due date and its owner
 * (Code 6.6). The action is named by `?action=` in the address. */
export function UpdateOutstandingAction(props: ActionProps) {
  const { query } = useLocation();
  const aid = query.get("action") ?? "";
  const who = { userId: props.me.id, role: props.membership.role, contractorId: props.membership.contractor_id };
  const [draft, setDraft] = useState<{ status: string; due: DateParts; owner: string; completed: DateParts } | null>(null);

  return (
    <ActionFrame
      action="outstanding-action"
      props={props}
      title={() => "Update an outstanding action"}
      allowed={(c) => {
        const a = c.outstanding_actions.find((x) => x.id === aid);
        return !!a && mayUpdateItem(stageOf(c, a.stage), who);
      }}
      intro={(c) => {
        const a = c.outstanding_actions.find((x) => x.id === aid);
        return a ? <ActionSummary a={a} /> : <div className="govuk-inset-text">This complaint has no such outstanding action.</div>;
      }}
      submitLabel="Save"
      render={(c, errors) => {
        const f = errors?.fields ?? {};
        const a = c.outstanding_actions.find((x) => x.id === aid);
        const d = draft ?? { status: a?.status ?? "", due: partsOf(a?.due_on), owner: a?.owner ?? "", completed: emptyDate };
        const set = (patch: Partial<typeof d>) => setDraft({ ...d, ...patch });
        let body: ReturnType<typeof itemChanges> = {};
        return {
          form: (
            <ItemForm
              statuses={ACTION_STATUSES.map((s) => ({ value: s, label: actionStatusLabel(s) }))}
              label="Where is it now?"
              status={d.status}
              setStatus={(status) => set({ status })}
              completed={d.completed}
              setCompleted={(completed) => set({ completed })}
              due={d.due}
              setDue={(due) => set({ due })}
              owner={d.owner}
              setOwner={(owner) => set({ owner })}
              dueHint="For example, 27 3 2026."
              f={f}
            />
          ),
          spec: {
            fields: ["status", "completed_on", "due_on", "owner"],
            labels: { status: "The status", completed_on: "The date it was done", due_on: "The due date", owner: "Who is responsible" },
            done: `Outstanding action updated: ${actionStatusLabel(d.status).toLowerCase()}`,
            check: () => {
              const e = noErrors();
              const due = checkDate(e, "due_on", d.due);
              if (!e.fields.due_on && isoFromParts(d.due.day, d.due.month, d.due.year) === "") {
                e.fields.due_on = "Enter when the action is due";
                e.summary.push({ text: e.fields.due_on, href: "#due_on" });
              }
              if (!e.fields.owner && !d.owner.trim()) {
                e.fields.owner = "Enter who is responsible for the action";
                e.summary.push({ text: e.fields.owner, href: "#owner" });
              }
              const completedOn = d.status === "completed" ? checkDate(e, "completed_on", d.completed) : undefined;
              if (!a) return e;
              body = itemChanges(a, { status: d.status, due_on: due ?? null, owner: d.owner, completed_on: completedOn ?? null }, false);
              if (e.summary.length === 0 && Object.keys(body).length === 0) {
                e.fields.status = NOTHING;
                e.summary.push({ text: NOTHING, href: "#status" });
              }
              return e;
            },
            send: () =>
              api.PATCH("/api/v1/landlords/{slug}/complaints/{id}/actions/{aid}", {
                params: { path: { slug: props.slug, id: props.id, aid } },
                body: { status: body.status ?? null, due_on: body.due_on ?? null, owner: body.owner ?? null, completed_on: body.completed_on ?? null },
              }),
          },
        };
      }}
    />
  );
}

function ActionSummary({ a }: { a: OutstandingAction }) {
  return (
    <SummaryList
      rows={[
        { key: "Action", value: <span className="app-prewrap">{a.description}</span> },
        { key: "Set at", value: `Stage ${a.stage}` },
        { key: "Now", value: `${actionStatusLabel(a.status)}${a.completed_on ? `, ${longDate(a.completed_on)}` : ""}` },
      ]}
    />
  );
}
