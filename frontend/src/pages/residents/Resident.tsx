import { useState, type ReactNode } from "react";
import { api } from "../../api/client";
import { BackLink, ButtonLink, SuccessBanner, SummaryList, Tag, useTitle } from "../../components/layout";
import { dateTime, longDate } from "../../lib/deadlines";
import { takeFlash } from "../../lib/flash";
import {
  adjustmentCategoryLabel,
  adjustmentEffectLabel,
  adjustmentOutcomeLabel,
  contactMethodLabel,
  disclosureKindLabel,
  restrictionOutcomeLabel,
  reviewWords,
  serviceRequestStatusLabel,
  serviceRequestStatusTag,
  termKindLabel,
  todayInLondon,
  warningLevelLabel,
} from "../../lib/residents";
import { COMPLAINTS_TEAM, DISCLOSURE_STAFF, RESIDENT_WRITERS } from "../../lib/roles";
import { humanise, statusLabel } from "../../lib/words";
import { Link } from "../../router";
import { usePeople, type People } from "../casedata";
import { NotLoaded, useLoad, type Loaded } from "../load";
import { Pre, SectionStatus, SummaryCard } from "../staff/common";
import { residentHref, useResident, type Adjustment, type Disclosure, type Resident, type Restriction } from "./data";

const TONE = { red: "govuk-tag--red", orange: "govuk-tag--orange", yellow: "govuk-tag--yellow", grey: "govuk-tag--grey" };

export function ReviewTag({ on, today }: { on: string | null | undefined; today: string }) {
  const w = reviewWords(on, today);
  if (!w) return null;
  return <Tag className={TONE[w.tone]}>{w.text}</Tag>;
}

function whoName(id: string | null | undefined, people: People): string | null {
  if (!id) return null;
  return people.users[id] ?? null;
}

function Details({ r, slug, canWrite }: { r: Resident; slug: string; canWrite: boolean }) {
  const none = <span className="govuk-hint govuk-!-margin-0">Not recorded</span>;
  return (
    <section aria-labelledby="details-heading">
      <h2 className="govuk-heading-m" id="details-heading">
        Contact details
      </h2>
      <SummaryList
        rows={[
          {
            key: "Email address",
            value: r.email ? (
              <span className="app-break">
                {r.email}
                {r.email_bounced && (
                  <span className="govuk-!-display-block govuk-!-margin-top-1">
                    <Tag className="govuk-tag--red">Email bouncing</Tag> since {longDate(r.email_bounced.occurred_on)}: {r.email_bounced.reason}
                  </span>
                )}
              </span>
            ) : (
              none
            ),
          },
          { key: "Phone number", value: r.phone || none },
          { key: "Postal address", value: r.address ? <Pre>{r.address}</Pre> : none },
          { key: "Property reference", value: r.property_ref || none },
          { key: "Prefers contact by", value: contactMethodLabel(r.preferred_contact) || none },
          { key: "Format needed", value: r.preferred_format || none },
          { key: "Language", value: r.language || none },
          { key: "Recorded", value: dateTime(r.created_at) },
        ]}
      />
      {canWrite && (
        <p className="govuk-body">
          <Link href={`${residentHref(slug, r.id)}/edit`} className="govuk-link">
            Change the contact details<span className="govuk-visually-hidden"> of {r.name}</span>
          </Link>
        </p>
      )}
    </section>
  );
}

function Adjustments({
  loaded,
  base,
  canWrite,
  today,
  people,
}: {
  loaded: Loaded<{ items: Adjustment[] }>;
  base: string;
  canWrite: boolean;
  today: string;
  people: People;
}) {
  const items = loaded.data?.items ?? [];
  const active = items.filter((a) => a.status === "active");
  const ended = items.filter((a) => a.status !== "active");
  const card = (a: Adjustment) => {
    const rows: { key: string; value: ReactNode }[] = [
      { key: "Kind", value: adjustmentCategoryLabel(a.category) },
      { key: "Agreed", value: longDate(a.agreed_on) },
    ];
    if (a.status === "active") {
      rows.push({
        key: "Next review",
        value: a.next_review_on ? (
          <>
            <span className="govuk-!-display-block govuk-!-margin-bottom-1">{longDate(a.next_review_on)}</span>
            <ReviewTag on={a.next_review_on} today={today} />
          </>
        ) : (
          "Not set"
        ),
      });
    } else {
      rows.push({ key: "Ended", value: longDate(a.ended_on) || "Yes" });
    }
    if (a.reviews.length > 0) {
      rows.push({
        key: "Reviews",
        value: (
          <ul className="govuk-list">
            {a.reviews.map((rv, i) => (
              <li key={i}>
                <span className="govuk-!-font-weight-bold">{longDate(rv.reviewed_on)}</span>: {adjustmentOutcomeLabel(rv.outcome)}
                {whoName(rv.reviewed_by, people) ? `, by ${whoName(rv.reviewed_by, people)}` : ""}
                {rv.note ? (
                  <>
                    . <Pre>{rv.note}</Pre>
                  </>
                ) : (
                  ""
                )}
              </li>
            ))}
          </ul>
        ),
      });
    }
    const actions =
      canWrite && a.status === "active"
        ? [
            { href: `${base}/adjustments/${a.id}/review`, text: "Record a review", hidden: `of the adjustment: ${a.description}` },
            { href: `${base}/adjustments/${a.id}/edit`, text: "Change or end", hidden: `the adjustment: ${a.description}` },
          ]
        : [];
    return (
      <SummaryCard
        key={a.id}
        title={
          <>
            {a.description}
            {a.status !== "active" && (
              <>
                {" "}
                <Tag className="govuk-tag--grey">Ended</Tag>
              </>
            )}
          </>
        }
        actions={actions}
        rows={rows}
      />
    );
  };
  return (
    <section aria-labelledby="adjustments-heading">
      <h2 className="govuk-heading-m" id="adjustments-heading">
        Reasonable adjustments
      </h2>
      <p className="govuk-body">Agreed with the resident so they can use the complaints process (Code 3.1), each kept under review (Code 5.10).</p>
      {!loaded.data ? (
        <SectionStatus loaded={loaded} />
      ) : items.length === 0 ? (
        <p className="govuk-body">No reasonable adjustments have been agreed.</p>
      ) : (
        <>
          {active.map(card)}
          {ended.length > 0 && (
            <details className="govuk-details">
              <summary className="govuk-details__summary">
                <span className="govuk-details__summary-text">Adjustments that have ended ({ended.length})</span>
              </summary>
              <div className="govuk-details__text">{ended.map(card)}</div>
            </details>
          )}
        </>
      )}
      {canWrite && (
        <ButtonLink href={`${base}/adjustments/new`} secondary>
          Add an adjustment
        </ButtonLink>
      )}
    </section>
  );
}

function Disclosures({ loaded, base, people }: { loaded: Loaded<{ items: Disclosure[] }>; base: string; people: People }) {
  const items = loaded.data?.items ?? [];
  return (
    <section aria-labelledby="disclosures-heading">
      <h2 className="govuk-heading-m" id="disclosures-heading">
        Disclosed disabilities and vulnerabilities
      </h2>
      <div className="govuk-warning-text">
        <span className="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong className="govuk-warning-text__text">
          <span className="govuk-visually-hidden">Warning</span>
          Special category data. Each time this is read it is written to the audit log.
        </strong>
      </div>
      {!loaded.data ? (
        <SectionStatus loaded={loaded} />
      ) : (
        <>
          {items.length === 0 ? (
            <p className="govuk-body">Nothing has been disclosed.</p>
          ) : (
            <dl className="govuk-summary-list">
              {items.map((d) => (
                <div className="govuk-summary-list__row" key={d.id}>
                  <dt className="govuk-summary-list__key">{disclosureKindLabel(d.kind)}</dt>
                  <dd className="govuk-summary-list__value">
                    <Pre>{d.description}</Pre>
                    <span className="govuk-body-s govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                      Recorded {dateTime(d.created_at)}
                      {whoName(d.recorded_by, people) ? ` by ${whoName(d.recorded_by, people)}` : ""}
                    </span>
                  </dd>
                </div>
              ))}
            </dl>
          )}
          <ButtonLink href={`${base}/disclosures/new`} secondary>
            Record a disclosure
          </ButtonLink>
        </>
      )}
    </section>
  );
}

function Restrictions({
  loaded,
  base,
  canDecide,
  today,
  people,
}: {
  loaded: Loaded<Restriction[]>;
  base: string;
  canDecide: boolean;
  today: string;
  people: People;
}) {
  const items = loaded.data ?? [];
  return (
    <section aria-labelledby="restrictions-heading">
      <h2 className="govuk-heading-m" id="restrictions-heading">
        Restrictions on contact
      </h2>
      <p className="govuk-body">
        A restriction for unacceptable behaviour limits how contact happens. It never stops a complaint being logged or answered (Code 5.14,
        5.15).
      </p>
      {!loaded.data ? (
        <SectionStatus loaded={loaded} />
      ) : items.length === 0 ? (
        <p className="govuk-body">There has been no restriction on contact.</p>
      ) : (
        items.map((r) => {
          const active = r.status === "active";
          const rows: { key: string; value: ReactNode }[] = [
            {
              key: "Applies to",
              value: r.applies_to === "representative" ? `The representative${r.representative_name ? `, ${r.representative_name}` : ""}` : "The resident",
            },
            {
              key: "How contact is limited",
              value: (
                <ul className="govuk-list">
                  {r.terms.map((t, i) => (
                    <li key={i}>
                      <span className="govuk-!-font-weight-bold">{termKindLabel(t.kind)}</span>: {t.detail}
                    </li>
                  ))}
                </ul>
              ),
            },
            { key: "Behaviour", value: <Pre>{r.behaviour}</Pre> },
          ];
          if (r.evidence.length > 0) {
            rows.push({
              key: "Evidence",
              value: (
                <ul className="govuk-list">
                  {r.evidence.map((e, i) => (
                    <li key={i}>
                      <Pre>{e.startsWith("attachment:") ? "An attachment on a complaint" : e}</Pre>
                    </li>
                  ))}
                </ul>
              ),
            });
          }
          rows.push({
            key: "Warnings given",
            value:
              r.warnings.length === 0 ? (
                "None recorded"
              ) : (
                <ul className="govuk-list">
                  {r.warnings.map((w, i) => (
                    <li key={i}>
                      {warningLevelLabel(w.level)} on {longDate(w.given_on)}
                      {w.letter ? `: ${w.letter}` : ""}
                    </li>
                  ))}
                </ul>
              ),
          });
          rows.push(
            { key: "Why it is proportionate", value: <Pre>{r.proportionality}</Pre> },
            { key: "Regard to the Equality Act 2010", value: <Pre>{r.equality_act}</Pre> },
          );
          if (r.adjustments.length > 0) {
            rows.push({
              key: "Reasonable adjustments",
              value: (
                <ul className="govuk-list">
                  {r.adjustments.map((a) => (
                    <li key={a.adjustment_id}>
                      <span className="govuk-!-font-weight-bold">{a.description}</span>: {adjustmentEffectLabel(a.effect)}. <Pre>{a.how}</Pre>
                    </li>
                  ))}
                </ul>
              ),
            });
          }
          const decider = whoName(r.decided_by, people);
          if (decider) rows.push({ key: "Decided by", value: decider });
          rows.push({ key: "Starts", value: longDate(r.starts_on) });
          if (active) {
            rows.push({
              key: "Next review",
              value: r.review_on ? (
                <>
                  <span className="govuk-!-display-block govuk-!-margin-bottom-1">{longDate(r.review_on)}</span>
                  <ReviewTag on={r.review_on} today={today} />
                </>
              ) : (
                "Not set"
              ),
            });
          } else {
            rows.push({ key: "Ended", value: `${longDate(r.ended_on)}${r.end_reason ? `: ${r.end_reason}` : ""}` });
          }
          if (r.reviews.length > 0) {
            rows.push({
              key: "Reviews",
              value: (
                <ul className="govuk-list">
                  {r.reviews.map((rv) => (
                    <li key={rv.id}>
                      <span className="govuk-!-font-weight-bold">{longDate(rv.reviewed_on)}</span>: {restrictionOutcomeLabel(rv.outcome)}
                      {whoName(rv.reviewed_by, people) ? `, by ${whoName(rv.reviewed_by, people)}` : ""}
                      {rv.note ? (
                        <>
                          . <Pre>{rv.note}</Pre>
                        </>
                      ) : (
                        ""
                      )}
                    </li>
                  ))}
                </ul>
              ),
            });
          }
          const label = `from ${longDate(r.starts_on)}`;
          return (
            <SummaryCard
              key={r.id}
              title={
                <>
                  Restriction from {longDate(r.starts_on)}{" "}
                  <Tag className={active ? (r.review_overdue ? "govuk-tag--red" : "govuk-tag--orange") : "govuk-tag--grey"}>
                    {active ? (r.review_overdue ? "In force, review overdue" : "In force") : "Ended"}
                  </Tag>
                </>
              }
              actions={
                canDecide && active
                  ? [
                      { href: `${base}/restrictions/${r.id}/review`, text: "Record a review", hidden: `of the restriction ${label}` },
                      { href: `${base}/restrictions/${r.id}/end`, text: "End", hidden: `the restriction ${label}` },
                    ]
                  : []
              }
              rows={rows}
            />
          );
        })
      )}
      {canDecide && (
        <ButtonLink href={`${base}/restrictions/new`} secondary>
          Add a restriction
        </ButtonLink>
      )}
    </section>
  );
}

/** The resident's complaints, newest first, linking to each case. */
function Complaints({ slug, residentId, canWrite }: { slug: string; residentId: string; canWrite: boolean }) {
  const loaded = useLoad(
    () =>
      api.GET("/api/v1/landlords/{slug}/complaints", {
        params: { path: { slug }, query: { resident: residentId, limit: 50 } },
      }),
    [slug, residentId],
  );
  const base = `/l/${encodeURIComponent(slug)}/complaints`;
  const items = loaded.data?.items ?? [];
  return (
    <section aria-labelledby="complaints-heading">
      <h2 className="govuk-heading-m" id="complaints-heading">
        Complaints
      </h2>
      {!loaded.data ? (
        <SectionStatus loaded={loaded} />
      ) : items.length === 0 ? (
        <p className="govuk-body">No complaints of this resident that you can see.</p>
      ) : (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-visually-hidden">The resident's complaints</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Reference</th>
              <th scope="col" className="govuk-table__header">Category</th>
              <th scope="col" className="govuk-table__header">Received</th>
              <th scope="col" className="govuk-table__header">Status</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {items.map((c) => (
              <tr className="govuk-table__row" key={c.id}>
                <th scope="row" className="govuk-table__header">
                  <Link href={`${base}/${c.id}`} className="govuk-link">
                    {c.reference}
                  </Link>
                </th>
                <td className="govuk-table__cell" data-label="Category">
                  {humanise(c.category)}
                </td>
                <td className="govuk-table__cell" data-label="Received">
                  {longDate(c.received_on)}
                </td>
                <td className="govuk-table__cell" data-label="Status">
                  {statusLabel(c.status)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canWrite && (
        <ButtonLink href={`${residentHref(slug, residentId)}/complaint`} secondary>
          Log a complaint
        </ButtonLink>
      )}
    </section>
  );
}

function ServiceRequests({ slug, residentId, canWrite }: { slug: string; residentId: string; canWrite: boolean }) {
  const loaded = useLoad(
    () =>
      api.GET("/api/v1/landlords/{slug}/service-requests", {
        params: { path: { slug }, query: { resident_id: residentId, limit: 50 } },
      }),
    [slug, residentId],
  );
  const base = `/l/${encodeURIComponent(slug)}/service-requests`;
  const items = loaded.data?.items ?? [];
  return (
    <section aria-labelledby="service-requests-heading">
      <h2 className="govuk-heading-m" id="service-requests-heading">
        Service requests
      </h2>
      {!loaded.data ? (
        <SectionStatus loaded={loaded} />
      ) : items.length === 0 ? (
        <p className="govuk-body">No service requests have been recorded for this resident.</p>
      ) : (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-visually-hidden">The resident's service requests</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Reference</th>
              <th scope="col" className="govuk-table__header">Category</th>
              <th scope="col" className="govuk-table__header">Reported</th>
              <th scope="col" className="govuk-table__header">Status</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {items.map((s) => (
              <tr className="govuk-table__row" key={s.id}>
                <th scope="row" className="govuk-table__header">
                  <Link href={`${base}/${s.id}`} className="govuk-link">
                    {s.reference}
                  </Link>
                </th>
                <td className="govuk-table__cell" data-label="Category">
                  {humanise(s.category)}
                </td>
                <td className="govuk-table__cell" data-label="Reported">
                  {longDate(s.reported_on)}
                </td>
                <td className="govuk-table__cell" data-label="Status">
                  <Tag className={serviceRequestStatusTag(s.status)}>{serviceRequestStatusLabel(s.status)}</Tag>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {loaded.data?.next_cursor && (
        <p className="govuk-body">
          <Link href={`${base}?resident=${residentId}`} className="govuk-link">
            See all this resident's service requests
          </Link>
        </p>
      )}
      {canWrite && (
        <ButtonLink href={`${base}/new?resident=${residentId}`} secondary>
          Record a service request
        </ButtonLink>
      )}
    </section>
  );
}

/** A resident's record: contact details, reasonable adjustments, disclosures (for the roles
 * the server allows), restrictions on contact and service requests. */
export function ResidentPage({ slug, id, landlordName, role }: { slug: string; id: string; landlordName: string; role: string }) {
  const [flash] = useState(() => takeFlash());
  const [today] = useState(() => todayInLondon());
  const loaded = useResident(slug, id);
  const r = loaded.data;
  const canWrite = RESIDENT_WRITERS.includes(role);
  const team = COMPLAINTS_TEAM.includes(role);
  const disclosureStaff = DISCLOSURE_STAFF.includes(role);
  const people = usePeople(slug, team);
  const adjustments = useLoad(
    r ? () => api.GET("/api/v1/landlords/{slug}/residents/{id}/adjustments", { params: { path: { slug, id }, query: { limit: 200 } } }) : null,
    [slug, id, !!r],
  );
  const restrictions = useLoad(
    r ? () => api.GET("/api/v1/landlords/{slug}/residents/{id}/restrictions", { params: { path: { slug, id } } }) : null,
    [slug, id, !!r],
  );
  const disclosures = useLoad(
    r && disclosureStaff
      ? () => api.GET("/api/v1/landlords/{slug}/residents/{id}/disclosures", { params: { path: { slug, id }, query: { limit: 200 } } })
      : null,
    [slug, id, !!r, disclosureStaff],
  );
  useTitle(r ? `${r.name} – ${landlordName}` : "Resident");
  const list = `/l/${encodeURIComponent(slug)}/residents`;
  const back = <BackLink href={list}>Back to residents</BackLink>;
  if (!r) {
    return (
      <>
        {back}
        <NotLoaded loaded={loaded} what="Resident" />
      </>
    );
  }
  const base = residentHref(slug, id);
  return (
    <>
      {back}
      {flash && <SuccessBanner heading={flash} />}
      <span className="govuk-caption-l">Resident</span>
      <h1 className="govuk-heading-l">{r.name}</h1>
      <Details r={r} slug={slug} canWrite={canWrite} />
      <Adjustments loaded={adjustments} base={base} canWrite={canWrite} today={today} people={people} />
      {disclosureStaff && <Disclosures loaded={disclosures} base={base} people={people} />}
      <Restrictions loaded={restrictions} base={base} canDecide={team} today={today} people={people} />
      <Complaints slug={slug} residentId={id} canWrite={canWrite} />
      <ServiceRequests slug={slug} residentId={id} canWrite={canWrite} />
    </>
  );
}
