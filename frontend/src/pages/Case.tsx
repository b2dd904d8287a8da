import { useEffect, useState, type ReactNode } from "react";
import { api, type Schemas } from "../api/client";
import { BackLink, ButtonLink, Loading, SuccessBanner, SummaryList, Tag, useTitle } from "../components/layout";
import { ACTION_LABEL, WARNING_ACTIONS, allowedActions, mayReissueTrackingLink, mayUpdateItem, recordActions, type Caller, type RecordAction } from "../lib/actions";
import { actionStatusLabel, itemStatusTag, remedyStatusLabel } from "../lib/casework";
import { dateTime, explainDeadline, longDate, longDateWithDay, workingDaysBetween, type SkippedDay } from "../lib/deadlines";
import { takeFlash } from "../lib/flash";
import {
  decisionLabel,
  eventLabel,
  humanise,
  letterLabel,
  pounds,
  remedyLabel,
  statusLabel,
  statusTagClass,
} from "../lib/words";
import { Link, navigate } from "../router";
import type { Membership, Me } from "../session";
import { RESIDENT_READERS } from "../lib/roles";
import { caseFacts, currentStage, stageOf, useComplaint, usePeople, type Complaint, type People, type Stage } from "./casedata";
import { awardInWords } from "../lib/money";
import { BUNDLE_MAKERS, DownloadLink, EvidenceBundleSection, FilesSection, KeepInformedSection, OmbudsmanSection, RecordLink } from "./CaseRecord";
import { useAttachments, type Attachment } from "./actions/Correspondence";
import { useKeepInformed } from "./actions/KeepInformed";
import { NotFound } from "./NotFound";
import { DeadlineTag } from "./Worklist";
import { dueWords, nextInList } from "../lib/worklist";

function Skipped({ days }: { days: SkippedDay[] }) {
  if (days.length === 0) return null;
  return (
    <details className="govuk-details govuk-!-margin-top-2 govuk-!-margin-bottom-0">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Days skipped ({days.length})</span>
      </summary>
      <div className="govuk-details__text">
        <ul className="govuk-list">
          {days.map((d) => (
            <li key={d.date}>
              {longDateWithDay(d.date)}: {d.reason}
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}

function Deadline({ due, from, skipped, note }: { due: string; from: string; skipped: SkippedDay[]; note?: string }) {
  const n = workingDaysBetween(from, due, skipped);
  return (
    <>
      <span className="govuk-!-font-weight-bold">{longDateWithDay(due)}</span>
      <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
        {n === null ? "" : explainDeadline(from, n, skipped)}
        {note ? ` ${note}` : ""}
      </span>
      <Skipped days={skipped} />
    </>
  );
}

function who(id: string | null | undefined, people: People, me: Me): string {
  if (!id) return "";
  if (id === me.id) return "You";
  return people.users[id] ?? "A member of staff";
}

function StageRecord({ s, people, me }: { s: Stage; people: People; me: Me }) {
  const first = s.stage === 1;
  const rows: { key: string; value: ReactNode }[] = [
    { key: first ? "Received" : "Escalation requested", value: longDateWithDay(s.requested_on) },
    {
      key: "Acknowledge by",
      value: (
        <Deadline
          due={s.ack_due}
          from={s.requested_on}
          skipped={s.ack_due_skipped}
          note={first ? "(Code 6.2)" : "(Code 6.11)"}
        />
      ),
    },
    {
      key: "Acknowledged",
      value: s.acknowledged_on
        ? `${longDateWithDay(s.acknowledged_on)}${s.acknowledged_in_time === false ? " (late)" : ""}`
        : "Not yet",
    },
  ];
  if (s.response_due && s.acknowledged_on) {
    rows.push({
      key: "Respond by",
      value: (
        <Deadline
          due={s.response_due}
          from={s.acknowledged_on}
          skipped={s.response_due_skipped}
          note={`(Code ${first ? "6.3" : "6.14"}${s.extension_working_days > 0 ? `, including an extension of ${s.extension_working_days} working day${s.extension_working_days === 1 ? "" : "s"}` : ""})`}
        />
      ),
    });
  }
  if (!s.responded_on && s.working_days_left !== null && s.working_days_left !== undefined) {
    rows.push({ key: "Deadline", value: <DeadlineTag left={s.working_days_left} overdue={s.overdue} /> });
  }
  rows.push({
    key: "Allocated to",
    value: s.handler_id
      ? who(s.handler_id, people, me)
      : s.contractor_id
        ? (people.contractors[s.contractor_id] ?? "A contractor organisation")
        : "Not allocated",
  });
  if (s.responded_on) {
    rows.push(
      {
        key: "Responded",
        value: `${longDateWithDay(s.responded_on)}${s.responded_in_time === false ? " (late)" : ""}`,
      },
      { key: "Decision", value: decisionLabel(s.decision) },
      { key: "Reasons", value: <span className="app-prewrap">{s.reasons}</span> },
    );
    if (s.escalation_route) {
      rows.push({ key: "Escalation route given", value: <span className="app-prewrap">{s.escalation_route}</span> });
    }
  }
  return (
    <section aria-labelledby={`stage-${s.stage}`}>
      <h2 className="govuk-heading-m" id={`stage-${s.stage}`}>
        Stage {s.stage}
      </h2>
      <SummaryList rows={rows} />
    </section>
  );
}

function Needs({ c }: { c: Complaint }) {
  const { adjustments, restriction } = c.resident_needs;
  if (adjustments.length === 0 && !restriction) {
    return (
      <p className="govuk-body" id="needs">
        The resident has no active reasonable adjustments and no restriction on contact.
      </p>
    );
  }
  return (
    <section aria-labelledby="needs-heading" id="needs">
      <h2 className="govuk-heading-m" id="needs-heading">
        The resident's needs
      </h2>
      {restriction && (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <div className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            Contact with {restriction.applies_to === "representative" ? `the representative${restriction.representative_name ? ` (${restriction.representative_name})` : ""}` : "this resident"} is
            restricted since {longDate(restriction.starts_on)}. The complaint is still handled (Code 5.15); contact follows these terms:
            <ul className="govuk-list govuk-list--bullet govuk-!-margin-top-2 govuk-!-margin-bottom-0">
              {restriction.terms.map((t, i) => (
                <li key={i} className="govuk-!-font-weight-regular">
                  {describeTerm(t)}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {adjustments.length > 0 && (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--s">Reasonable adjustments agreed</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Adjustment</th>
              <th scope="col" className="govuk-table__header">Kind</th>
              <th scope="col" className="govuk-table__header">Agreed</th>
              <th scope="col" className="govuk-table__header">Next review</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {adjustments.map((a) => (
              <tr className="govuk-table__row" key={a.id}>
                <td className="govuk-table__cell" data-label="Adjustment">{a.description}</td>
                <td className="govuk-table__cell" data-label="Kind">{humanise(a.category)}</td>
                <td className="govuk-table__cell" data-label="Agreed">{longDate(a.agreed_on)}</td>
                <td className="govuk-table__cell" data-label="Next review">{longDate(a.next_review_on)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The summary the case page opens with: the next step, its deadline explained, who holds
 * the case, and what the resident needs (issue "The daily work", point 2). */
function NextStep({ c, people, me, allocate }: { c: Complaint; people: People; me: Me; allocate: string | null }) {
  const s = currentStage(c);
  const next = c.next_due;
  let dueBy: ReactNode = "Nothing is due";
  if (next) {
    const clock = next.what === "acknowledge" || next.what === "respond";
    const explained =
      clock && next.what === "acknowledge" ? (
        <Deadline due={s.ack_due} from={s.requested_on} skipped={s.ack_due_skipped} note={s.stage === 1 ? "(Code 6.2)" : "(Code 6.11)"} />
      ) : clock && s.response_due && s.acknowledged_on ? (
        <Deadline
          due={s.response_due}
          from={s.acknowledged_on}
          skipped={s.response_due_skipped}
          note={`(Code ${s.stage === 1 ? "6.3" : "6.14"}${s.extension_working_days > 0 ? `, including an extension of ${s.extension_working_days} working day${s.extension_working_days === 1 ? "" : "s"}` : ""})`}
        />
      ) : (
        <>
          <span className="govuk-!-font-weight-bold">{longDateWithDay(next.due_on)}</span>
          <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
            {next.what === "action"
              ? "The date set for the outstanding action that is due first (Code 6.6)."
              : next.what === "remedy"
                ? "The date set for the remedy that is due first (Code 7.3)."
                : ""}
          </span>
        </>
      );
    dueBy = (
      <>
        <DeadlineTag left={next.working_days_left} overdue={next.overdue} />
        <div className="govuk-!-margin-top-2">{explained}</div>
      </>
    );
  }
  const holder = s.handler_id
    ? who(s.handler_id, people, me)
    : s.contractor_id
      ? (people.contractors[s.contractor_id] ?? "A contractor organisation")
      : null;
  const { adjustments, restriction } = c.resident_needs;
  const needs =
    adjustments.length === 0 && !restriction
      ? "No reasonable adjustments and no restriction on contact"
      : [
          adjustments.length > 0
            ? `${adjustments.length} reasonable adjustment${adjustments.length === 1 ? "" : "s"} agreed`
            : null,
          restriction ? "contact is restricted: follow the terms" : null,
        ]
          .filter(Boolean)
          .join("; ");
  return (
    <div className="govuk-summary-card app-next-step">
      <div className="govuk-summary-card__title-wrapper">
        <h2 className="govuk-summary-card__title" id="next-step-heading">
          What happens next
        </h2>
        <p className="govuk-body govuk-!-margin-0">
          <span className="govuk-visually-hidden">Status: </span>
          <Tag className={statusTagClass(c.status)}>{statusLabel(c.status)}</Tag>
        </p>
      </div>
      <div className="govuk-summary-card__content">
        <SummaryList
          rows={[
            { key: "Next step", value: <span className="govuk-!-font-weight-bold">{dueWords(next, c.status)}</span> },
            { key: "Due by", value: dueBy },
            {
              key: "Held by",
              value: holder ?? (
                <>
                  Nobody yet
                  {allocate && (
                    <>
                      {" "}
                      <Link href={allocate} className="govuk-link">
                        Allocate it
                      </Link>
                    </>
                  )}
                </>
              ),
            },
            {
              key: "The resident's needs",
              value:
                adjustments.length === 0 && !restriction ? (
                  needs
                ) : (
                  <a href="#needs" className="govuk-link">
                    {needs.charAt(0).toUpperCase() + needs.slice(1)}
                  </a>
                ),
            },
          ]}
        />
      </div>
    </div>
  );
}

function describeTerm(t: Schemas["TermView"]): string {
  return `${humanise(t.kind)}: ${t.detail}`;
}

type Event = Schemas["EventView"];
type Correspondence = Schemas["CorrespondenceView"];
type Letter = Schemas["LetterView"];

function Timeline({ events, people, me }: { events: Event[]; people: People; me: Me }) {
  return (
    <section aria-labelledby="timeline-heading">
      <h2 className="govuk-heading-m" id="timeline-heading">
        Timeline
      </h2>
      {events.length === 0 ? (
        <p className="govuk-body">Nothing has happened yet.</p>
      ) : (
        <ol className="app-timeline">
          {events.map((e) => (
            <li key={e.id} className="app-timeline__item">
              <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
                {eventLabel(e.kind)}
                {e.stage ? ` (stage ${e.stage})` : ""}
              </h3>
              <p className="govuk-body-s govuk-!-margin-bottom-0">
                {longDateWithDay(e.effective_on)}
                {e.actor_id ? ` by ${who(e.actor_id, people, me).replace(/^You$/, "you")}` : ""}. Recorded{" "}
                {dateTime(e.recorded_at)}.
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function CorrespondenceList({
  items,
  files,
  link,
}: {
  items: Correspondence[];
  files: Attachment[] | null;
  link: ReactNode;
}) {
  const names = Object.fromEntries((files ?? []).map((f) => [f.id, f.file_name]));
  return (
    <section aria-labelledby="correspondence-heading" id="correspondence">
      <h2 className="govuk-heading-m" id="correspondence-heading">
        Correspondence
      </h2>
      {link && <p className="govuk-body">{link}</p>}
      {items.length === 0 ? (
        <p className="govuk-body">No correspondence has been recorded.</p>
      ) : (
        items.map((c) => (
          <details className="govuk-details" key={c.id}>
            <summary className="govuk-details__summary">
              <span className="govuk-details__summary-text">
                {c.direction === "in" ? "Received" : "Sent"} by {humanise(c.channel).toLowerCase()} on {longDate(c.on)}
                {c.subject ? `: ${c.subject}` : ""}
              </span>
            </summary>
            <div className="govuk-details__text">
              {(c.from || c.to) && (
                <p className="govuk-body-s app-break">
                  {c.from ? `From ${c.from}. ` : ""}
                  {c.to ? `To ${c.to}.` : ""}
                </p>
              )}
              <p className="govuk-body app-prewrap">{c.body}</p>
              {c.attachment_ids.length > 0 && (
                <p className="govuk-body-s app-break">
                  With {c.attachment_ids.map((a) => names[a] ?? "a file").join(", ")}.
                </p>
              )}
            </div>
          </details>
        ))
      )}
    </section>
  );
}

function Letters({ items }: { items: Letter[] }) {
  return (
    <section aria-labelledby="letters-heading">
      <h2 className="govuk-heading-m" id="letters-heading">
        Letters sent
      </h2>
      {items.length === 0 ? (
        <p className="govuk-body">No letters have been sent.</p>
      ) : (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-visually-hidden">Letters sent to the resident</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Letter</th>
              <th scope="col" className="govuk-table__header">To</th>
              <th scope="col" className="govuk-table__header">Sent</th>
              <th scope="col" className="govuk-table__header">Delivery</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {items.map((l) => (
              <tr className="govuk-table__row" key={l.id}>
                <td className="govuk-table__cell" data-label="Letter">
                  {letterLabel(l.kind)}
                  <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{l.subject}</span>
                </td>
                <td className="govuk-table__cell app-break" data-label="To">
                  {l.recipient_name}
                  <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{l.recipient}</span>
                </td>
                <td className="govuk-table__cell" data-label="Sent">
                  {l.sent_earlier_on ? (
                    <>
                      {longDate(l.sent_earlier_on)}
                      <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">Recorded {dateTime(l.created_at)}</span>
                    </>
                  ) : (
                    dateTime(l.created_at)
                  )}
                </td>
                <td className="govuk-table__cell" data-label="Delivery">
                  {l.sent_earlier_on ? (
                    `Sent by other means on ${longDate(l.sent_earlier_on)}`
                  ) : (
                    <>
                      {l.delivery === "email" ? "Email" : "Post"}
                      {l.outstanding && (
                        <>
                          {" "}
                          <Tag className="govuk-tag--orange">To post</Tag>
                        </>
                      )}
                    </>
                  )}
                  {l.staff_notes && <span className="govuk-body-s govuk-!-display-block">{l.staff_notes}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RemediesAndActions({ c, who, base }: { c: Complaint; who: Caller; base: string }) {
  if (c.remedies.length === 0 && c.outstanding_actions.length === 0) return null;
  const mayRemedy = c.remedies.some((r) => mayUpdateItem(stageOf(c, r.stage), who));
  const mayAction = c.outstanding_actions.some((a) => mayUpdateItem(stageOf(c, a.stage), who));
  return (
    <section aria-labelledby="remedies-heading" id="remedies">
      <h2 className="govuk-heading-m" id="remedies-heading">
        Remedies and outstanding actions
      </h2>
      {c.remedies.length > 0 && (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--s">Remedies</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Remedy</th>
              <th scope="col" className="govuk-table__header">Owner</th>
              <th scope="col" className="govuk-table__header">Due</th>
              <th scope="col" className="govuk-table__header">Status</th>
              {mayRemedy && (
                <th scope="col" className="govuk-table__header">
                  <span className="govuk-visually-hidden">Change</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {c.remedies.map((r, i) => (
              <tr className="govuk-table__row" key={r.id}>
                <td className="govuk-table__cell" data-label="Remedy">
                  <span className="govuk-!-font-weight-bold">{remedyLabel(r.kind)}</span>
                  {r.amount_pence != null ? ` (${awardInWords(r.amount_pence, r.parts, pounds)})` : ""}: {r.description}
                  {c.stage2 && <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">Offered at stage {r.stage}</span>}
                </td>
                <td className="govuk-table__cell" data-label="Owner">{r.owner || "Not set"}</td>
                <td className="govuk-table__cell" data-label="Due">{longDate(r.due_on) || "No date set"}</td>
                <td className="govuk-table__cell" data-label="Status">
                  <Tag className={itemStatusTag(r.status, r.overdue)}>{r.overdue ? "Overdue" : remedyStatusLabel(r.status)}</Tag>
                  {r.completed_on && (
                    <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{longDate(r.completed_on)}</span>
                  )}
                </td>
                {mayRemedy && (
                  <td className="govuk-table__cell" data-label="">
                    {mayUpdateItem(stageOf(c, r.stage), who) && (
                      <Link href={`${base}/remedy?remedy=${r.id}`} className="govuk-link">
                        Update<span className="govuk-visually-hidden"> remedy {i + 1}, {remedyLabel(r.kind).toLowerCase()}</span>
                      </Link>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {c.outstanding_actions.length > 0 && (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--s">Outstanding actions</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Action</th>
              <th scope="col" className="govuk-table__header">Owner</th>
              <th scope="col" className="govuk-table__header">Due</th>
              <th scope="col" className="govuk-table__header">Status</th>
              {mayAction && (
                <th scope="col" className="govuk-table__header">
                  <span className="govuk-visually-hidden">Change</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {c.outstanding_actions.map((a, i) => (
              <tr className="govuk-table__row" key={a.id}>
                <td className="govuk-table__cell" data-label="Action">
                  {a.description}
                  {c.stage2 && <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">Set at stage {a.stage}</span>}
                </td>
                <td className="govuk-table__cell" data-label="Owner">{a.owner}</td>
                <td className="govuk-table__cell" data-label="Due">{longDate(a.due_on)}</td>
                <td className="govuk-table__cell" data-label="Status">
                  <Tag className={itemStatusTag(a.status, a.overdue)}>{a.overdue ? "Overdue" : actionStatusLabel(a.status)}</Tag>
                  {a.completed_on && (
                    <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{longDate(a.completed_on)}</span>
                  )}
                </td>
                {mayAction && (
                  <td className="govuk-table__cell" data-label="">
                    {mayUpdateItem(stageOf(c, a.stage), who) && (
                      <Link href={`${base}/outstanding-action?action=${a.id}`} className="govuk-link">
                        Update<span className="govuk-visually-hidden"> outstanding action {i + 1}</span>
                      </Link>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** What the stage actions work on: the current stage's people. */
/** Who complains for the resident, and the evidence of the resident's consent (Code 3.6):
 * the file, once uploaded, downloads as the files on the record do. */
function RepresentativeSummary({
  slug,
  c,
  files,
  base,
  allowed,
}: {
  slug: string;
  c: Complaint;
  files: Attachment[] | null;
  base: string;
  allowed: readonly RecordAction[];
}) {
  const r = c.representative;
  if (!r) return null;
  const evidence = r.consent_attachment_id ? files?.find((a) => a.id === r.consent_attachment_id) : undefined;
  return (
    <>
      <p className="govuk-body govuk-!-margin-bottom-1">
        {r.name}
        {r.relationship ? ` (${r.relationship})` : ""}
      </p>
      <p className="govuk-body govuk-!-margin-bottom-1">
        Consent given on {longDate(r.consent_on)}: {r.consent_evidence}
      </p>
      <div className="govuk-!-margin-bottom-1" id="consent-evidence">
        {r.consent_attachment_id ? (
          <>
            <Tag className="govuk-tag--green">Evidence of consent uploaded</Tag>
            {evidence && (
              <div className="govuk-body govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                <DownloadLink slug={slug} id={c.id} a={evidence} />
              </div>
            )}
          </>
        ) : (
          <Tag className="govuk-tag--yellow">No evidence of consent uploaded</Tag>
        )}
      </div>
      <RecordLink base={base} action="consent" allowed={allowed}>
        {r.consent_attachment_id ? "Upload new evidence of consent" : "Upload the evidence of consent"}
      </RecordLink>
    </>
  );
}

/** The resident's private tracking link: staff never see it, and may send a new one. */
function TrackingLinkSection({ base }: { base: string }) {
  return (
    <section aria-labelledby="tracking-link-heading">
      <h2 className="govuk-heading-m" id="tracking-link-heading">
        The resident's tracking link
      </h2>
      <p className="govuk-body">
        The resident was emailed a private link to follow the complaint. If they have lost it, or think someone else has it, send
        them a new one. Their old link then stops working.
      </p>
      <ButtonLink href={`${base}/tracking-link`} secondary>
        {ACTION_LABEL["tracking-link"]}
      </ButtonLink>
    </section>
  );
}

export function CasePage({ slug, id, me, membership }: { slug: string; id: string; me: Me; membership: Membership }) {
  const { complaint: c, notFound, problem } = useComplaint(slug, id);
  const team = membership.role === "landlord_admin" || membership.role === "complaints_officer";
  const people = usePeople(slug, team);
  const [events, setEvents] = useState<Event[] | null>(null);
  const [correspondence, setCorrespondence] = useState<Correspondence[] | null>(null);
  const [letters, setLetters] = useState<Letter[] | null>(null);
  const [flash] = useState(() => takeFlash());
  const keepInformed = useKeepInformed(slug, id);
  const files = useAttachments(slug, id);
  const [residentName, setResidentName] = useState<string | null>(null);
  const readsResidents = RESIDENT_READERS.includes(membership.role);
  useTitle(c ? `Complaint ${c.reference}` : notFound ? "Complaint not found" : "Complaint");

  // The resident's name, linked to their record, for those who may open it.
  const residentId = c?.resident_id;
  useEffect(() => {
    if (!residentId || !readsResidents) return;
    let live = true;
    api
      .GET("/api/v1/landlords/{slug}/residents/{id}", { params: { path: { slug, id: residentId } } })
      .then(({ data }) => live && setResidentName(data?.name ?? null))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [slug, residentId, readsResidents]);

  useEffect(() => {
    if (!c) return;
    let live = true;
    const path = { slug, id };
    Promise.all([
      api.GET("/api/v1/landlords/{slug}/complaints/{id}/timeline", { params: { path } }),
      api.GET("/api/v1/landlords/{slug}/complaints/{id}/correspondence", { params: { path, query: { limit: 200 } } }),
      api.GET("/api/v1/landlords/{slug}/complaints/{id}/letters", { params: { path, query: { limit: 200 } } }),
    ]).then(([t, co, l]) => {
      if (!live) return;
      setEvents(t.data ?? []);
      setCorrespondence(co.data?.items ?? []);
      setLetters(l.data?.items ?? []);
    });
    return () => {
      live = false;
    };
  }, [c, slug, id]);

  if (notFound) return <NotFound what="Complaint" />;
  if (problem) {
    return (
      <div className="govuk-error-summary" role="alert">
        <h2 className="govuk-error-summary__title">There is a problem</h2>
        <div className="govuk-error-summary__body">
          <p className="govuk-body">{problem}</p>
        </div>
      </div>
    );
  }
  if (!c) return <Loading />;

  const caller: Caller = { userId: me.id, role: membership.role, contractorId: membership.contractor_id };
  const facts = caseFacts(c, { events, keepInformed: !!keepInformed });
  const actions = allowedActions(facts, caller);
  const records: RecordAction[] = recordActions(facts, caller);
  const base = `/l/${encodeURIComponent(slug)}/complaints/${c.id}`;

  const listed = typeof sessionStorage === "undefined" ? null : nextInList(sessionStorage, c.id);
  const nextCase = listed ? (
    <p className="govuk-body">
      <Link href={`/l/${encodeURIComponent(slug)}/complaints/${listed.id}`} className="govuk-link govuk-!-font-weight-bold">
        Next case in {listed.label.toLowerCase()}
      </Link>
    </p>
  ) : null;

  return (
    <>
      <BackLink href={`/l/${encodeURIComponent(slug)}/complaints`}>Back to complaints</BackLink>
      {flash && <SuccessBanner heading={flash} />}
      {flash && nextCase}
      <span className="govuk-caption-l">{c.scheme.name}</span>
      <h1 className="govuk-heading-l govuk-!-margin-bottom-3">Complaint {c.reference}</h1>

      <NextStep c={c} people={people} me={me} allocate={actions.includes("allocate") ? `${base}/allocate` : null} />
      {!flash && nextCase}

      <Needs c={c} />

      {actions.length > 0 && (
        <section aria-labelledby="actions-heading">
          <h2 className="govuk-heading-m" id="actions-heading">
            What you can do
          </h2>
          <div className="govuk-button-group">
            {actions.map((a, i) => (
              <Link
                key={a}
                href={`${base}/${a}`}
                role="button"
                draggable={false}
                onKeyDown={(e) => {
                  // A link that looks like a button also answers the space bar, as a button does.
                  if (e.key === " ") {
                    e.preventDefault();
                    navigate(`${base}/${a}`);
                  }
                }}
                className={`govuk-button${WARNING_ACTIONS.includes(a) ? " govuk-button--warning" : i === 0 ? "" : " govuk-button--secondary"}`}
                data-module="govuk-button"
              >
                {ACTION_LABEL[a]}
              </Link>
            ))}
          </div>
        </section>
      )}

      {/* The history, the latest stage first. */}
      {c.stage2 && <StageRecord s={c.stage2} people={people} me={me} />}
      <StageRecord s={c.stage1} people={people} me={me} />

      <section aria-labelledby="complaint-heading">
        <h2 className="govuk-heading-m" id="complaint-heading">
          The complaint
        </h2>
        <SummaryList
          rows={[
            ...(readsResidents
              ? [
                  {
                    key: "Resident",
                    value: (
                      <Link href={`/l/${encodeURIComponent(slug)}/residents/${c.resident_id}`} className="govuk-link">
                        {residentName ?? "The resident's record"}
                      </Link>
                    ),
                  },
                ]
              : []),
            { key: "In the resident's words", value: <span className="app-prewrap">{c.description}</span> },
            { key: "Received", value: `${longDateWithDay(c.received_on)} by ${humanise(c.channel).toLowerCase()}` },
            { key: "Category", value: `${humanise(c.category)}${c.service_area ? ` (${c.service_area})` : ""}` },
            ...(c.issue_date ? [{ key: "Issue occurred or became known", value: longDate(c.issue_date) }] : []),
            ...(c.definition ? [{ key: "Definition", value: <span className="app-prewrap">{c.definition}</span> }] : []),
            ...(c.outcomes_sought
              ? [{ key: "Outcomes sought", value: <span className="app-prewrap">{c.outcomes_sought}</span> }]
              : []),
            ...(c.responsible_for
              ? [{ key: "The landlord is responsible for", value: <span className="app-prewrap">{c.responsible_for}</span> }]
              : []),
            ...(c.not_responsible_for
              ? [{ key: "Not the landlord's responsibility", value: <span className="app-prewrap">{c.not_responsible_for}</span> }]
              : []),
            ...(c.complexity || c.risk
              ? [{ key: "Triage", value: [c.complexity && humanise(c.complexity), c.risk && `risk: ${c.risk}`].filter(Boolean).join(", ") }]
              : []),
            ...(c.representative
              ? [
                  {
                    key: "Representative",
                    value: (
                      <RepresentativeSummary slug={slug} c={c} files={files} base={base} allowed={records} />
                    ),
                  },
                ]
              : []),
            ...(c.flags.length
              ? [
                  {
                    key: "Flags",
                    value: (
                      <ul className="govuk-list">
                        {c.flags.map((f) => (
                          <li key={f}>
                            <Tag className="govuk-tag--yellow">{humanise(f)}</Tag>
                          </li>
                        ))}
                      </ul>
                    ),
                  },
                ]
              : []),
            ...(c.service_request_id && readsResidents
              ? [
                  {
                    key: "Raised from",
                    value: (
                      <Link href={`/l/${encodeURIComponent(slug)}/service-requests/${c.service_request_id}`} className="govuk-link">
                        The service request
                      </Link>
                    ),
                  },
                ]
              : []),
            ...(c.related_complaint_id
              ? [
                  {
                    key: "Related to",
                    value: (
                      <Link href={`/l/${encodeURIComponent(slug)}/complaints/${c.related_complaint_id}`} className="govuk-link">
                        The earlier complaint this one was raised from
                      </Link>
                    ),
                  },
                ]
              : []),
            ...(c.closed_on ? [{ key: "Closed", value: longDateWithDay(c.closed_on) }] : []),
          ]}
        />
        {records.includes("additional") && (
          <p className="govuk-body">
            <RecordLink base={base} action="additional" allowed={records} />
          </p>
        )}
      </section>

      <RemediesAndActions c={c} who={caller} base={base} />
      <KeepInformedSection k={keepInformed} status={c.status} base={base} allowed={records} />
      <OmbudsmanSection c={c} base={base} allowed={records} />
      {team && (
        <p className="govuk-body">
          <Link href={`/l/${encodeURIComponent(slug)}/learning/new?complaint=${c.id}`} className="govuk-link">
            Record learning from this complaint
          </Link>
        </p>
      )}
      {mayReissueTrackingLink(stageOf(c, 1), caller) && <TrackingLinkSection base={base} />}
      {letters ? <Letters items={letters} /> : <Loading />}
      {events ? <Timeline events={events} people={people} me={me} /> : <Loading />}
      {correspondence ? (
        <CorrespondenceList items={correspondence} files={files} link={records.includes("correspondence") ? <RecordLink base={base} action="correspondence" allowed={records} /> : null} />
      ) : (
        <Loading />
      )}
      {files ? <FilesSection slug={slug} id={c.id} items={files} base={base} allowed={records} /> : <Loading />}
      {BUNDLE_MAKERS.includes(membership.role) && <EvidenceBundleSection slug={slug} c={c} />}
    </>
  );
}
