import { useEffect, useState, type FormEvent } from "react";
import { api, type Schemas } from "../../api/client";
import { DateInput, ErrorSummary, Radios, Textarea, type DateParts } from "../../components/forms";
import { BackLink, ButtonLink, SuccessBanner, SummaryList, Tag, useTitle } from "../../components/layout";
import { dateTime, longDate } from "../../lib/deadlines";
import { takeFlash } from "../../lib/flash";
import { emptyErrors, partsOf, readDate, requireText } from "../../lib/forms";
import { mayRaiseComplaint, SERVICE_REQUEST_STATUSES, serviceRequestStatusLabel, serviceRequestStatusTag, todayInLondon } from "../../lib/residents";
import { RESIDENT_WRITERS } from "../../lib/roles";
import { humanise } from "../../lib/words";
import { Link } from "../../router";
import { ComplaintIntake } from "../intake/LogComplaint";
import { NotLoaded, useLoad } from "../load";
import { residentHref, useResident } from "../residents/data";
import { FormButtons, Pre, useSubmit } from "../staff/common";

type ServiceRequest = Schemas["ServiceRequestView"];

interface Draft {
  status: string;
  description: string;
  due_on: DateParts;
  reviewed_on: DateParts;
  completed_on: DateParts;
}

function draftOf(s: ServiceRequest): Draft {
  return {
    status: s.status,
    description: s.description,
    due_on: partsOf(s.due_on),
    reviewed_on: partsOf(s.reviewed_on),
    completed_on: partsOf(s.completed_on),
  };
}

const FIELDS = ["status", "description", "due_on", "reviewed_on", "completed_on"];
const LABELS = { status: "The status", description: "The description", due_on: "The date due", reviewed_on: "The review date", completed_on: "The date completed" };

function useServiceRequest(slug: string, id: string) {
  return useLoad(() => api.GET("/api/v1/landlords/{slug}/service-requests/{id}", { params: { path: { slug, id } } }), [slug, id]);
}

/** One service request: what was asked, its status and dates, and (for complaints staff) its
 * update and raising a complaint from it. */
export function ServiceRequestDetail({ slug, id, landlordName, role }: { slug: string; id: string; landlordName: string; role: string }) {
  const [flash, setBanner] = useState(() => takeFlash());
  const loaded = useServiceRequest(slug, id);
  const s = loaded.data;
  const resident = useResident(slug, s?.resident_id);
  const [draft, setDraft] = useState<Draft | null>(null);
  const { errors, busy, submit } = useSubmit();
  const canWrite = RESIDENT_WRITERS.includes(role);
  useTitle(s ? `Service request ${s.reference} – ${landlordName}` : "Service request", !!errors);
  useEffect(() => {
    if (s) setDraft(draftOf(s));
  }, [s]);
  const list = `/l/${encodeURIComponent(slug)}/service-requests`;
  if (!s || !draft) {
    return (
      <>
        <BackLink href={list}>Back to service requests</BackLink>
        <NotLoaded loaded={loaded} what="Service request" />
      </>
    );
  }
  const f = errors?.fields ?? {};

  function save(e: FormEvent) {
    e.preventDefault();
    if (!s || !draft) return;
    const body: Schemas["ServiceRequestPatch"] = {};
    void submit({
      check: () => {
        const errs = emptyErrors();
        const description = requireText(errs, "description", draft.description, "Describe what the resident asked for");
        if (description && description !== s.description) body.description = description;
        if (draft.status !== s.status) body.status = draft.status;
        const due = readDate(errs, "due_on", draft.due_on, "none");
        if (due !== undefined && due !== (s.due_on ?? null)) body.due_on = due;
        const reviewed = readDate(errs, "reviewed_on", draft.reviewed_on, "none");
        if (reviewed !== undefined && reviewed !== (s.reviewed_on ?? null)) body.reviewed_on = reviewed;
        if (draft.status === "completed") {
          const done = readDate(errs, "completed_on", draft.completed_on, { today: todayInLondon() });
          if (done !== undefined && done !== (s.completed_on ?? null)) body.completed_on = done;
        }
        if (errs.summary.length === 0 && Object.keys(body).length === 0) errs.summary.push({ text: "Nothing has changed: change something before saving" });
        return errs;
      },
      send: () => api.PATCH("/api/v1/landlords/{slug}/service-requests/{id}", { params: { path: { slug, id } }, body }),
      fields: FIELDS,
      labels: LABELS,
      done: () => {
        setBanner("Service request updated");
        loaded.reload();
      },
    });
  }

  return (
    <>
      <BackLink href={list}>Back to service requests</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {flash && !errors && <SuccessBanner heading={flash} />}
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l">Service request</span>
          <h1 className="govuk-heading-l">{s.reference}</h1>
          <SummaryList
            rows={[
              {
                key: "Resident",
                value: (
                  <Link href={residentHref(slug, s.resident_id)} className="govuk-link">
                    {resident.data?.name ?? "The resident's record"}
                  </Link>
                ),
              },
              { key: "Status", value: <Tag className={serviceRequestStatusTag(s.status)}>{serviceRequestStatusLabel(s.status)}</Tag> },
              { key: "Category", value: humanise(s.category) },
              { key: "What was asked for", value: <Pre>{s.description}</Pre> },
              { key: "Reported", value: longDate(s.reported_on) },
              { key: "Due", value: longDate(s.due_on) || "No date set" },
              { key: "Last reviewed", value: longDate(s.reviewed_on) || "Not yet reviewed" },
              ...(s.completed_on ? [{ key: "Completed", value: longDate(s.completed_on) }] : []),
              { key: "Recorded", value: dateTime(s.created_at) },
            ]}
          />
          {canWrite && mayRaiseComplaint(s.status) && (
            <>
              <p className="govuk-body">If the resident is unhappy with how the request is being dealt with, raise a complaint from it. The request stays open.</p>
              <ButtonLink href={`${list}/${s.id}/complaint`} secondary>
                Raise a complaint from this request
              </ButtonLink>
            </>
          )}
          {canWrite && (
            <form onSubmit={save} noValidate>
              <h2 className="govuk-heading-m">Update the request</h2>
              <Radios
                name="status"
                label="Status"
                value={draft.status}
                onChange={(v) => setDraft({ ...draft, status: v })}
                error={f.status}
                choices={SERVICE_REQUEST_STATUSES.map((st) => ({ value: st, label: serviceRequestStatusLabel(st) }))}
                conditional={{
                  completed: (
                    <DateInput
                      name="completed_on"
                      label="When was it completed?"
                      hint="Leave blank for today. For example, 27 3 2026"
                      value={draft.completed_on}
                      onChange={(v) => setDraft({ ...draft, completed_on: v })}
                      error={f.completed_on}
                    />
                  ),
                }}
              />
              <DateInput
                name="reviewed_on"
                label="When was it last reviewed? (optional)"
                hint="Service requests are monitored and reviewed (Code 1.4). For example, 27 3 2026"
                value={draft.reviewed_on}
                onChange={(v) => setDraft({ ...draft, reviewed_on: v })}
                error={f.reviewed_on}
              />
              <DateInput
                name="due_on"
                label="When is it due to be done? (optional)"
                hint="For example, 10 4 2026"
                value={draft.due_on}
                onChange={(v) => setDraft({ ...draft, due_on: v })}
                error={f.due_on}
              />
              <Textarea
                name="description"
                label="What did the resident ask for?"
                rows={4}
                value={draft.description}
                onChange={(v) => setDraft({ ...draft, description: v })}
                error={f.description}
              />
              <FormButtons label="Save changes" busy={busy} />
            </form>
          )}
        </div>
      </div>
    </>
  );
}

/** Raises a complaint from an open service request (Code 1.5); the request stays open. */
export function RaiseComplaint({ slug, id, landlordName }: { slug: string; id: string; landlordName: string }) {
  const loaded = useServiceRequest(slug, id);
  const s = loaded.data;
  const resident = useResident(slug, s?.resident_id);
  const back = `/l/${encodeURIComponent(slug)}/service-requests/${id}`;
  if (!s) {
    return (
      <>
        <BackLink href={back}>Back to the service request</BackLink>
        <NotLoaded loaded={loaded} what="Service request" />
      </>
    );
  }
  return (
    <ComplaintIntake
      slug={slug}
      residentId={s.resident_id}
      serviceRequestId={s.id}
      initialCategory={s.category}
      caption={`Service request ${s.reference} – ${landlordName}`}
      heading="Raise a complaint from this request"
      intro={
        <>
          <p className="govuk-body">
            The complaint is logged for {resident.data?.name ?? "the resident"} and linked to service request {s.reference}, which stays open
            (Code 1.5). You see the letter to the resident before anything is recorded.
          </p>
          {!mayRaiseComplaint(s.status) && (
            <div className="govuk-inset-text">This request is {serviceRequestStatusLabel(s.status).toLowerCase()}: a complaint is raised from an open request.</div>
          )}
        </>
      }
      back={back}
      backText="Back to the service request"
      done="Complaint logged from the service request"
    />
  );
}
