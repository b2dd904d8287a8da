import { useState } from "react";
import { api } from "../../api/client";
import { Checkbox, DateInput, Radios, TextInput, Textarea, emptyDate, type DateParts } from "../../components/forms";
import { SummaryList } from "../../components/layout";
import {
  DETERMINATIONS,
  ORDER_KINDS,
  ORDER_STATUSES,
  determinationLabel,
  orderKindLabel,
  orderStatusLabel,
  ordersAllowed,
} from "../../lib/casework";
import { longDate, longDateWithDay } from "../../lib/deadlines";
import type { FormErrors } from "../../lib/problems";
import { useLocation } from "../../router";
import { ActionFrame, type ActionProps } from "./ActionFrame";
import { OnDate, checkDate, need, noErrors } from "./common";

/** Records that the resident took the complaint to the Ombudsman: once, after the landlord's
 * process is over (its stage 2 response sent, closed, or not accepted). */
export function OmbudsmanReferral(props: ActionProps) {
  const [referred, setReferred] = useState<DateParts>(emptyDate);
  const [reference, setReference] = useState("");
  const [on, setOn] = useState<DateParts>(emptyDate);
  return (
    <ActionFrame
      action="ombudsman"
      props={props}
      title={() => "Record a referral to the Ombudsman"}
      intro={(c) => (
        <p className="govuk-body">
          Record that the resident took complaint {c.reference} to the Ombudsman, with the Ombudsman's reference. The determination,
          and any orders and recommendations, are recorded when they come; they are reported to the governing body (Code 9.7c).
        </p>
      )}
      submitLabel="Record referral"
      render={(_c, errors) => {
        const f = errors?.fields ?? {};
        let referredOn: string | undefined;
        let iso: string | undefined;
        return {
          form: (
            <>
              <DateInput
                name="referred_on"
                label="When did the resident refer the complaint?"
                hint="For example, 27 3 2026"
                value={referred}
                onChange={setReferred}
                error={f.referred_on}
              />
              <TextInput
                name="ombudsman_reference"
                label="The Ombudsman's reference"
                width="govuk-input--width-20"
                spellCheck={false}
                value={reference}
                onChange={setReference}
                error={f.ombudsman_reference}
              />
              <OnDate value={on} onChange={setOn} error={f.on} label="When did you learn of it?" />
            </>
          ),
          spec: {
            fields: ["referred_on", "ombudsman_reference", "on"],
            labels: { referred_on: "The date of the referral", ombudsman_reference: "The Ombudsman's reference", on: "The date" },
            done: "Referral to the Ombudsman recorded",
            check: () => {
              const e = noErrors();
              referredOn = checkDate(e, "referred_on", referred);
              if (!referredOn && !e.fields.referred_on) {
                e.fields.referred_on = "Enter when the resident referred the complaint";
                e.summary.push({ text: e.fields.referred_on, href: "#referred_on" });
              }
              need(e, "ombudsman_reference", reference, "Enter the Ombudsman's reference");
              iso = checkDate(e, "on", on);
              return e;
            },
            send: () =>
              api.POST("/api/v1/landlords/{slug}/complaints/{id}/ombudsman", {
                params: { path: { slug: props.slug, id: props.id } },
                body: { referred_on: referredOn ?? "", ombudsman_reference: reference.trim(), on: iso ?? null },
              }),
          },
        };
      }}
    />
  );
}

interface OrderDraft {
  kind: string;
  description: string;
  due: DateParts;
}

const newOrder = (): OrderDraft => ({ kind: "", description: "", due: emptyDate });

/** Records the Ombudsman's determination, corrects its reference, and adds its orders and
 * recommendations, each then tracked to compliance (Code 9.7c). */
export function OmbudsmanDetermination(props: ActionProps) {
  const [determination, setDetermination] = useState<string | null>(null);
  const [determined, setDetermined] = useState<DateParts>(emptyDate);
  const [reference, setReference] = useState<string | null>(null);
  const [anyOrders, setAnyOrders] = useState("");
  const [orders, setOrders] = useState<OrderDraft[]>([newOrder()]);
  const setOrder = (i: number, patch: Partial<OrderDraft>) => setOrders(orders.map((o, j) => (j === i ? { ...o, ...patch } : o)));

  return (
    <ActionFrame
      action="ombudsman-determination"
      props={props}
      title={(c) => (c.ombudsman?.determination ? "Update the Ombudsman's determination" : "Record the Ombudsman's determination")}
      intro={(c) =>
        c.ombudsman ? (
          <SummaryList
            rows={[
              { key: "Ombudsman", value: c.ombudsman.ombudsman_name },
              { key: "Referred", value: longDateWithDay(c.ombudsman.referred_on) },
              ...(c.ombudsman.determination
                ? [{ key: "Determination", value: `${determinationLabel(c.ombudsman.determination)}, ${longDate(c.ombudsman.determined_on)}` }]
                : []),
            ]}
          />
        ) : (
          <div className="govuk-inset-text">This complaint has not been referred to the Ombudsman.</div>
        )
      }
      submitLabel="Save"
      render={(c, errors) => {
        const f = errors?.fields ?? {};
        const om = c.ombudsman;
        const det = determination ?? om?.determination ?? "";
        const ref = reference ?? om?.ombudsman_reference ?? "";
        const may = ordersAllowed(det || null);
        let determinedOn: string | undefined;
        let body: {
          determination?: string | null;
          determined_on?: string | null;
          ombudsman_reference?: string | null;
          orders: { kind: string; description: string; due_on: string | null }[];
        } = { orders: [] };
        const orderFields = orders.flatMap((_, i) => ["kind", "description", "due_on"].map((k) => `orders[${i}].${k}`));
        const labels: Record<string, string> = {
          determination: "The determination",
          determined_on: "The date of the determination",
          ombudsman_reference: "The Ombudsman's reference",
        };
        orders.forEach((_, i) => {
          labels[`orders[${i}].kind`] = `Whether item ${i + 1} is an order or a recommendation`;
          labels[`orders[${i}].description`] = `What item ${i + 1} requires`;
          labels[`orders[${i}].due_on`] = `The due date of item ${i + 1}`;
        });

        const orderList = (
          <>
            {orders.map((o, i) => (
              <fieldset className="govuk-fieldset govuk-!-margin-bottom-6" key={i}>
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Item {i + 1}</legend>
                <Radios
                  name={`orders[${i}].kind`}
                  label="Is it an order or a recommendation?"
                  inline
                  small
                  value={o.kind}
                  onChange={(kind) => setOrder(i, { kind })}
                  error={f[`orders[${i}].kind`]}
                  choices={ORDER_KINDS.map((k) => ({ value: k, label: orderKindLabel(k) }))}
                />
                <Textarea
                  name={`orders[${i}].description`}
                  label="What the landlord must do"
                  rows={3}
                  value={o.description}
                  onChange={(description) => setOrder(i, { description })}
                  error={f[`orders[${i}].description`]}
                />
                <DateInput
                  name={`orders[${i}].due_on`}
                  label="By when (optional)"
                  hint="For example, 27 3 2026"
                  value={o.due}
                  onChange={(due) => setOrder(i, { due })}
                  error={f[`orders[${i}].due_on`]}
                />
                {orders.length > 1 && (
                  <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setOrders(orders.filter((_, j) => j !== i))}>
                    Remove item {i + 1}
                  </button>
                )}
              </fieldset>
            ))}
            <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setOrders([...orders, newOrder()])}>
              Add another order or recommendation
            </button>
          </>
        );

        return {
          form: (
            <>
              <Radios
                name="determination"
                label="What did the Ombudsman determine?"
                legendSize="m"
                value={det}
                onChange={setDetermination}
                error={f.determination}
                choices={DETERMINATIONS.map((d) => ({ value: d, label: determinationLabel(d) }))}
              />
              <DateInput
                name="determined_on"
                label="When was it determined?"
                hint={
                  om?.determined_on ? `Recorded as ${longDate(om.determined_on)}. Give the date again to change the determination.` : "For example, 27 3 2026"
                }
                value={determined}
                onChange={setDetermined}
                error={f.determined_on}
              />
              <Radios
                name="any_orders"
                label="Are there orders or recommendations to add?"
                legendSize="m"
                hint={
                  may.orders
                    ? "Each is tracked until the landlord has complied."
                    : may.recommendations
                      ? "With no maladministration found, the Ombudsman can only recommend."
                      : "Only a determination with findings has orders or recommendations."
                }
                value={anyOrders}
                onChange={setAnyOrders}
                error={f.any_orders}
                choices={[
                  { value: "yes", label: "Yes" },
                  { value: "no", label: "No" },
                ]}
                conditional={{ yes: orderList }}
              />
              <TextInput
                name="ombudsman_reference"
                label="The Ombudsman's reference"
                hint="Change it only to correct it."
                width="govuk-input--width-20"
                spellCheck={false}
                value={ref}
                onChange={setReference}
                error={f.ombudsman_reference}
              />
            </>
          ),
          spec: {
            fields: ["determination", "determined_on", "any_orders", "ombudsman_reference", ...orderFields],
            labels,
            done: "The Ombudsman's determination recorded",
            check: () => {
              const e: FormErrors = noErrors();
              body = { orders: [] };
              const changedDetermination = !!det && det !== (om?.determination ?? "");
              determinedOn = checkDate(e, "determined_on", determined);
              if (changedDetermination && !determinedOn && !e.fields.determined_on) {
                e.fields.determined_on = "Enter when the Ombudsman made the determination";
                e.summary.push({ text: e.fields.determined_on, href: "#determined_on" });
              }
              if (!anyOrders) {
                e.fields.any_orders = "Select whether there are orders or recommendations to add";
                e.summary.push({ text: e.fields.any_orders, href: "#any_orders" });
              }
              if (determinedOn) {
                if (!det) {
                  e.fields.determination = "Select the determination the date is for";
                  e.summary.push({ text: e.fields.determination, href: "#determination" });
                }
                body.determination = det;
                body.determined_on = determinedOn;
              }
              if (ref.trim() && ref.trim() !== om?.ombudsman_reference) body.ombudsman_reference = ref.trim();
              if (anyOrders === "yes") {
                orders.forEach((o, i) => {
                  const p = `orders[${i}]`;
                  if (!o.kind) {
                    e.fields[`${p}.kind`] = `Select whether item ${i + 1} is an order or a recommendation`;
                    e.summary.push({ text: e.fields[`${p}.kind`] as string, href: `#orders-${i}-kind` });
                  }
                  need(e, `${p}.description`, o.description, `Enter what item ${i + 1} requires`);
                  const due = checkDate(e, `${p}.due_on`, o.due);
                  body.orders.push({ kind: o.kind, description: o.description, due_on: due ?? null });
                });
              }
              if (e.summary.length === 0 && !body.determination && !body.ombudsman_reference && body.orders.length === 0) {
                e.fields.determination = "Select the determination, add an order or a recommendation, or correct the reference";
                e.summary.push({ text: e.fields.determination, href: "#determination" });
              }
              return e;
            },
            send: () =>
              api.PATCH("/api/v1/landlords/{slug}/complaints/{id}/ombudsman", {
                params: { path: { slug: props.slug, id: props.id } },
                body,
              }),
          },
        };
      }}
    />
  );
}

/** Records the landlord's compliance with one of the Ombudsman's orders or recommendations
 * (Code 9.7c). The order is named by `?order=` in the address. */
export function OmbudsmanOrder(props: ActionProps) {
  const { query } = useLocation();
  const oid = query.get("order") ?? "";
  const [status, setStatus] = useState<string | null>(null);
  const [complied, setComplied] = useState<DateParts>(emptyDate);
  const [evidence, setEvidence] = useState<string | null>(null);
  return (
    <ActionFrame
      action="ombudsman-order"
      props={props}
      title={(c) => {
        const o = c.ombudsman?.orders.find((x) => x.id === oid);
        return o ? `Compliance with the ${orderKindLabel(o.kind).toLowerCase()}` : "Compliance with an order";
      }}
      intro={(c) => {
        const o = c.ombudsman?.orders.find((x) => x.id === oid);
        if (!o) return <div className="govuk-inset-text">The Ombudsman made no such order or recommendation on this complaint.</div>;
        return (
          <SummaryList
            rows={[
              { key: orderKindLabel(o.kind), value: <span className="app-prewrap">{o.description}</span> },
              { key: "Due", value: longDate(o.due_on) || "No date set" },
              { key: "Now", value: orderStatusLabel(o.status) },
            ]}
          />
        );
      }}
      submitLabel="Save"
      render={(c, errors) => {
        const f = errors?.fields ?? {};
        const o = c.ombudsman?.orders.find((x) => x.id === oid);
        const st = status ?? o?.status ?? "";
        const ev = evidence ?? o?.evidence ?? "";
        let compliedOn: string | undefined;
        return {
          form: (
            <>
              <Radios
                name="status"
                label="Has the landlord complied?"
                legendSize="m"
                value={st}
                onChange={setStatus}
                error={f.status}
                choices={ORDER_STATUSES.map((s) => ({ value: s, label: orderStatusLabel(s) }))}
                conditional={{
                  complied: (
                    <DateInput
                      name="complied_on"
                      label="When did the landlord comply?"
                      hint="For example, 27 3 2026"
                      value={complied}
                      onChange={setComplied}
                      error={f.complied_on}
                    />
                  ),
                }}
              />
              <Textarea
                name="evidence"
                label="How compliance was shown (optional)"
                hint="What was done, and where its proof is kept."
                rows={4}
                value={ev}
                onChange={setEvidence}
                error={f.evidence}
              />
            </>
          ),
          spec: {
            fields: ["status", "complied_on", "evidence"],
            labels: { status: "Whether the landlord complied", complied_on: "The date of compliance", evidence: "The evidence" },
            done: "Compliance recorded",
            check: () => {
              const e = noErrors();
              if (!st) {
                e.fields.status = "Select whether the landlord has complied";
                e.summary.push({ text: e.fields.status, href: "#status" });
              }
              compliedOn = st === "complied" ? checkDate(e, "complied_on", complied) : undefined;
              if (st === "complied" && !compliedOn && !e.fields.complied_on) {
                e.fields.complied_on = "Enter when the landlord complied";
                e.summary.push({ text: e.fields.complied_on, href: "#complied_on" });
              }
              return e;
            },
            send: () =>
              api.PATCH("/api/v1/landlords/{slug}/complaints/{id}/ombudsman/orders/{oid}", {
                params: { path: { slug: props.slug, id: props.id, oid } },
                body: { status: st, complied_on: compliedOn ?? null, evidence: ev.trim() || null },
              }),
          },
        };
      }}
    />
  );
}

/** Records a request of the Ombudsman for information on the referred complaint, with the date
 * it gave: until answered it is on the worklist, reminded and counted on the dashboard. */
export function OmbudsmanRequest(props: ActionProps) {
  const [description, setDescription] = useState("");
  const [due, setDue] = useState<DateParts>(emptyDate);
  const [received, setReceived] = useState<DateParts>(emptyDate);
  return (
    <ActionFrame
      action="ombudsman-request"
      props={props}
      title={() => "Record a request from the Ombudsman"}
      intro={(c) => (
        <p className="govuk-body">
          What the Ombudsman ({c.ombudsman?.ombudsman_name ?? "the Ombudsman"}) asked for, and the date it gave. A late answer can lead to a
          complaint handling failure order, which the Ombudsman publishes: until the answer is recorded, the request is on the worklist and
          reminded two working days before its date, on the day and when overdue.
        </p>
      )}
      submitLabel="Record the request"
      render={(_c, errors) => {
        const f = errors?.fields ?? {};
        let dueOn: string | undefined;
        let receivedOn: string | undefined;
        return {
          form: (
            <>
              <Textarea
                name="description"
                label="What did the Ombudsman ask for?"
                hint="As the request puts it: the documents, records or answers wanted."
                rows={5}
                value={description}
                onChange={setDescription}
                error={f.description}
              />
              <DateInput
                name="due_on"
                label="By when?"
                hint="The date the Ombudsman gave. For example, 27 3 2026"
                value={due}
                onChange={setDue}
                error={f.due_on}
              />
              <DateInput
                name="received_on"
                label="When was the request received?"
                hint="Leave blank for today. For example, 20 3 2026"
                value={received}
                onChange={setReceived}
                error={f.received_on}
              />
            </>
          ),
          spec: {
            fields: ["description", "due_on", "received_on"],
            labels: { description: "What the Ombudsman asked for", due_on: "The date the Ombudsman gave", received_on: "The date received" },
            done: "Request from the Ombudsman recorded",
            check: () => {
              const e = noErrors();
              need(e, "description", description, "Enter what the Ombudsman asked for");
              dueOn = checkDate(e, "due_on", due, "Enter the date the Ombudsman gave, for example 27 3 2026");
              if (!dueOn && !e.fields.due_on) {
                e.fields.due_on = "Enter the date the Ombudsman gave, for example 27 3 2026";
                e.summary.push({ text: e.fields.due_on, href: "#due_on" });
              }
              receivedOn = checkDate(e, "received_on", received);
              return e;
            },
            send: () =>
              api.POST("/api/v1/landlords/{slug}/complaints/{id}/ombudsman/requests", {
                params: { path: { slug: props.slug, id: props.id } },
                body: { description, due_on: dueOn ?? null, received_on: receivedOn ?? null },
              }),
          },
        };
      }}
    />
  );
}

/** Records the answer to one of the Ombudsman's requests, with what was sent. The request is
 * named by `?request=` in the address. */
export function OmbudsmanAnswer(props: ActionProps) {
  const { query } = useLocation();
  const rid = query.get("request") ?? "";
  const [sent, setSent] = useState("");
  const [on, setOn] = useState<DateParts>(emptyDate);
  const [withBundle, setWithBundle] = useState(false);
  return (
    <ActionFrame
      action="ombudsman-answer"
      props={props}
      title={() => "Record the answer to the Ombudsman"}
      allowed={(c) => !!c.ombudsman?.information_requests.find((r) => r.id === rid && !r.answered_on)}
      intro={(c) => {
        const r = c.ombudsman?.information_requests.find((x) => x.id === rid);
        if (!r) return <div className="govuk-inset-text">The Ombudsman made no such request on this complaint.</div>;
        return (
          <SummaryList
            rows={[
              { key: "Asked for", value: <span className="app-prewrap">{r.description}</span> },
              { key: "Received", value: longDate(r.received_on) },
              { key: "By", value: r.overdue ? `${longDateWithDay(r.due_on)} (overdue)` : longDateWithDay(r.due_on) },
            ]}
          />
        );
      }}
      submitLabel="Record the answer"
      render={(_c, errors) => {
        const f = errors?.fields ?? {};
        let answeredOn: string | undefined;
        return {
          form: (
            <>
              <Textarea
                name="sent"
                label="What was sent?"
                hint="The documents and answers, and how they went (the Ombudsman's portal, email)."
                rows={5}
                value={sent}
                onChange={setSent}
                error={f.sent}
              />
              <div className={`govuk-form-group${f.with_bundle ? " govuk-form-group--error" : ""}`}>
                {f.with_bundle && (
                  <p id="with_bundle-error" className="govuk-error-message">
                    <span className="govuk-visually-hidden">Error:</span> {f.with_bundle}
                  </p>
                )}
                <div className="govuk-checkboxes govuk-checkboxes--small">
                  <Checkbox
                    name="with_bundle"
                    label="The evidence bundle went with it"
                    hint="The answer then links to the latest bundle made from the case page."
                    checked={withBundle}
                    onChange={setWithBundle}
                    errorId={f.with_bundle ? "with_bundle-error" : undefined}
                  />
                </div>
              </div>
              <OnDate value={on} onChange={setOn} error={f.answered_on} label="When was it sent?" />
            </>
          ),
          spec: {
            fields: ["sent", "with_bundle", "answered_on"],
            labels: { sent: "What was sent", with_bundle: "The evidence bundle", answered_on: "The date it was sent" },
            done: "Answer to the Ombudsman recorded",
            check: () => {
              const e = noErrors();
              need(e, "sent", sent, "Enter what was sent to the Ombudsman");
              answeredOn = checkDate(e, "answered_on", on);
              return e;
            },
            send: () =>
              api.POST("/api/v1/landlords/{slug}/complaints/{id}/ombudsman/requests/{oid}/answer", {
                params: { path: { slug: props.slug, id: props.id, oid: rid } },
                body: { sent, with_bundle: withBundle, answered_on: answeredOn ?? null },
              }),
          },
        };
      }}
    />
  );
}
