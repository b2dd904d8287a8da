import { useState, type ReactNode } from "react";
import { api } from "../api/client";
import { ButtonLink, SummaryList, Tag } from "../components/layout";
import { ACTION_LABEL, OPEN_STATUSES, type RecordAction } from "../lib/actions";
import {
  determinationLabel,
  fileSize,
  itemStatusTag,
  orderKindLabel,
  orderStatusLabel,
} from "../lib/casework";
import { dateTime, longDate, longDateWithDay } from "../lib/deadlines";
import { Link } from "../router";
import type { Complaint } from "./casedata";
import type { Attachment } from "./actions/Correspondence";
import { KeepInformedSummary, type KeepInformed } from "./actions/KeepInformed";

/** The parts of the case page that keep the record beyond the two stages: keeping the
 * resident informed (Code 5.9), the Ombudsman (9.7c) and the files (5.12). */

/** A link to one of the record's pages, for those the complaint lets do it. */
export function RecordLink({
  base,
  action,
  allowed,
  query,
  children,
  hidden,
}: {
  base: string;
  action: RecordAction;
  allowed: readonly RecordAction[];
  query?: string;
  children?: ReactNode;
  /** Words screen readers hear after the link's text, saying which item it is for. */
  hidden?: string;
}) {
  if (!allowed.includes(action)) return null;
  return (
    <Link href={`${base}/${action}${query ? `?${query}` : ""}`} className="govuk-link">
      {children ?? ACTION_LABEL[action]}
      {hidden && <span className="govuk-visually-hidden"> {hidden}</span>}
    </Link>
  );
}

export function KeepInformedSection({
  k,
  status,
  base,
  allowed,
}: {
  k: KeepInformed | null | undefined;
  status: string;
  base: string;
  allowed: readonly RecordAction[];
}) {
  const open = OPEN_STATUSES.includes(status);
  if (k === undefined) return null;
  if (!k && !allowed.includes("keep-informed")) return null;
  return (
    <section aria-labelledby="keep-informed-heading" id="keep-informed">
      <h2 className="govuk-heading-m" id="keep-informed-heading">
        Keeping the resident informed
      </h2>
      {k ? (
        <>
          {!open && (
            <div className="govuk-inset-text">
              The complaint is no longer open, so no reminders to update the resident are sent. The interval agreed was:
            </div>
          )}
          <KeepInformedSummary k={k} />
        </>
      ) : (
        <p className="govuk-body">No interval for updates has been agreed with the resident (Code 5.9).</p>
      )}
      {(allowed.includes("keep-informed") || allowed.includes("stop-updates")) && (
        <ul className="govuk-list">
          <li>
            <RecordLink base={base} action="keep-informed" allowed={allowed}>
              {k ? "Change how often the resident is updated" : ACTION_LABEL["keep-informed"]}
            </RecordLink>
          </li>
          {k && (
            <li>
              <RecordLink base={base} action="stop-updates" allowed={allowed} />
            </li>
          )}
        </ul>
      )}
    </section>
  );
}

export function OmbudsmanSection({ c, base, allowed }: { c: Complaint; base: string; allowed: readonly RecordAction[] }) {
  const om = c.ombudsman;
  if (!om) {
    if (!allowed.includes("ombudsman")) return null;
    return (
      <section aria-labelledby="ombudsman-heading" id="ombudsman">
        <h2 className="govuk-heading-m" id="ombudsman-heading">
          The Ombudsman
        </h2>
        <p className="govuk-body">The landlord's process is over. Record it here if the resident takes the complaint to the Ombudsman.</p>
        <ButtonLink href={`${base}/ombudsman`} secondary>
          {ACTION_LABEL.ombudsman}
        </ButtonLink>
      </section>
    );
  }
  return (
    <section aria-labelledby="ombudsman-heading" id="ombudsman">
      <h2 className="govuk-heading-m" id="ombudsman-heading">
        The Ombudsman
      </h2>
      <SummaryList
        rows={[
          { key: "Referred to", value: om.ombudsman_name },
          { key: "Referred", value: longDateWithDay(om.referred_on) },
          { key: "Ombudsman's reference", value: <span className="app-break">{om.ombudsman_reference}</span> },
          {
            key: "Determination",
            value: om.determination ? `${determinationLabel(om.determination)}, ${longDate(om.determined_on)}` : "Not determined yet",
          },
        ]}
      />
      {om.orders.length > 0 && (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--s">Orders and recommendations</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">What the Ombudsman requires</th>
              <th scope="col" className="govuk-table__header">Due</th>
              <th scope="col" className="govuk-table__header">Compliance</th>
              {allowed.includes("ombudsman-order") && (
                <th scope="col" className="govuk-table__header">
                  <span className="govuk-visually-hidden">Change</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {om.orders.map((o, i) => (
              <tr className="govuk-table__row" key={o.id}>
                <td className="govuk-table__cell" data-label="What the Ombudsman requires">
                  <span className="govuk-!-font-weight-bold">{orderKindLabel(o.kind)}: </span>
                  <span className="app-prewrap">{o.description}</span>
                </td>
                <td className="govuk-table__cell" data-label="Due">{longDate(o.due_on) || "No date set"}</td>
                <td className="govuk-table__cell" data-label="Compliance">
                  <Tag className={itemStatusTag(o.status, o.overdue)}>{o.overdue ? "Overdue" : orderStatusLabel(o.status)}</Tag>
                  {o.complied_on && <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{longDate(o.complied_on)}</span>}
                  {o.evidence && <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0 app-prewrap">{o.evidence}</span>}
                </td>
                {allowed.includes("ombudsman-order") && (
                  <td className="govuk-table__cell" data-label="">
                    <RecordLink base={base} action="ombudsman-order" allowed={allowed} query={`order=${o.id}`} hidden={`${orderKindLabel(o.kind).toLowerCase()} ${i + 1}`}>
                      Record compliance
                    </RecordLink>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <InformationRequests om={om} base={base} allowed={allowed} />
      {allowed.includes("ombudsman-determination") && (
        <p className="govuk-body">
          <RecordLink base={base} action="ombudsman-determination" allowed={allowed}>
            {om.determination ? "Update the determination, or add orders and recommendations" : ACTION_LABEL["ombudsman-determination"]}
          </RecordLink>
        </p>
      )}
    </section>
  );
}

/** The Ombudsman's requests for information with their dates and answers: a late answer can
 * lead to a complaint handling failure order. */
function InformationRequests({
  om,
  base,
  allowed,
}: {
  om: NonNullable<Complaint["ombudsman"]>;
  base: string;
  allowed: readonly RecordAction[];
}) {
  const requests = om.information_requests;
  return (
    <>
      {requests.length > 0 && (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--s">Requests for information</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">What the Ombudsman asked for</th>
              <th scope="col" className="govuk-table__header">By</th>
              <th scope="col" className="govuk-table__header">Answer</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {requests.map((r, i) => (
              <tr className="govuk-table__row" key={r.id}>
                <td className="govuk-table__cell" data-label="What the Ombudsman asked for">
                  <span className="app-prewrap">{r.description}</span>
                  <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">Received {longDate(r.received_on)}</span>
                </td>
                <td className="govuk-table__cell" data-label="By">
                  {longDateWithDay(r.due_on)}
                </td>
                <td className="govuk-table__cell" data-label="Answer">
                  {r.answered_on ? (
                    <>
                      <Tag className={r.answered_late ? "govuk-tag--orange" : "govuk-tag--green"}>{r.answered_late ? "Answered late" : "Answered"}</Tag>
                      <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{longDate(r.answered_on)}</span>
                      {r.sent && <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0 app-prewrap">{r.sent}</span>}
                      {r.bundle_made_at && (
                        <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
                          With the evidence bundle made on {dateTime(r.bundle_made_at)}
                        </span>
                      )}
                    </>
                  ) : (
                    <>
                      <Tag className={r.overdue ? "govuk-tag--red" : "govuk-tag--yellow"}>{r.overdue ? "Overdue" : "Waiting"}</Tag>
                      {allowed.includes("ombudsman-answer") && (
                        <span className="govuk-!-display-block govuk-!-margin-top-1">
                          <RecordLink base={base} action="ombudsman-answer" allowed={allowed} query={`request=${r.id}`} hidden={`request ${i + 1}`}>
                            Record the answer
                          </RecordLink>
                        </span>
                      )}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {allowed.includes("ombudsman-request") && (
        <p className="govuk-body">
          <RecordLink base={base} action="ombudsman-request" allowed={allowed}>
            {ACTION_LABEL["ombudsman-request"]}
          </RecordLink>
        </p>
      )}
    </>
  );
}

/** Saves a file the browser already holds under `name`. */
function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A link that downloads a file on the record: the API needs the signed-in user's token, so
 * the portal fetches the file and hands it to the browser. */
export function DownloadLink({ slug, id, a, children }: { slug: string; id: string; a: Attachment; children?: ReactNode }) {
  const [problem, setProblem] = useState<string | null>(null);
  const href = `/api/v1/landlords/${encodeURIComponent(slug)}/complaints/${id}/attachments/${a.id}`;
  return (
    <>
      <a
        href={href}
        className="govuk-link"
        download={a.file_name}
        onClick={async (e) => {
          e.preventDefault();
          setProblem(null);
          try {
            const res = await api.GET("/api/v1/landlords/{slug}/complaints/{id}/attachments/{aid}", {
              params: { path: { slug, id, aid: a.id } },
              parseAs: "blob",
            });
            if (res.response.ok && res.data instanceof Blob) save(res.data, a.file_name);
            else setProblem((res.error as { detail?: string } | undefined)?.detail ?? "The file could not be downloaded. Try again.");
          } catch {
            setProblem("The portal could not reach the server. Try again.");
          }
        }}
      >
        {children ?? a.file_name}
      </a>
      {problem && (
        <span className="govuk-error-message govuk-!-margin-bottom-0" role="alert">
          <span className="govuk-visually-hidden">Error:</span> {problem}
        </span>
      )}
    </>
  );
}

/** Who may make the evidence bundle: the API's rule (complaints staff and the MRC; not
 * contractors, who handle stage 1 only). */
export const BUNDLE_MAKERS: readonly string[] = ["landlord_admin", "complaints_officer", "case_handler", "mrc"];

/** The evidence bundle for the Ombudsman: the case as an accessible PDF and the original
 * files, in one ZIP the portal fetches with the signed-in user's token. */
export function EvidenceBundleSection({ slug, c }: { slug: string; c: Complaint }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function download(): Promise<void> {
    setProblem(null);
    setBusy(true);
    try {
      const res = await api.GET("/api/v1/landlords/{slug}/complaints/{id}/bundle", {
        params: { path: { slug, id: c.id } },
        parseAs: "blob",
      });
      if (res.response.ok && res.data instanceof Blob) save(res.data, `${c.reference}-evidence-bundle.zip`);
      else setProblem((res.error as { detail?: string } | undefined)?.detail ?? "The bundle could not be made. Try again.");
    } catch {
      setProblem("The portal could not reach the server. Try again.");
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="bundle-heading" id="bundle">
      <h2 className="govuk-heading-m" id="bundle-heading">
        Evidence bundle
      </h2>
      <p className="govuk-body">
        What the Ombudsman asks for, in one ZIP: the case as an accessible PDF (the complaint in the resident's words and as defined, a
        chronology with each deadline met or missed, every letter and item of correspondence, the resident's needs and any restriction,
        both stages' responses, remedies and actions) and the original files, unchanged. Making a bundle is recorded on the audit log.
      </p>
      <button type="button" className="govuk-button govuk-button--secondary" data-module="govuk-button" disabled={busy} aria-disabled={busy} onClick={() => void download()}>
        {busy ? "Making the evidence bundle…" : "Download the evidence bundle"}
      </button>
      {problem && (
        <p className="govuk-error-message" role="alert">
          <span className="govuk-visually-hidden">Error:</span> {problem}
        </p>
      )}
    </section>
  );
}

export function FilesSection({
  slug,
  id,
  items,
  base,
  allowed,
}: {
  slug: string;
  id: string;
  items: Attachment[];
  base: string;
  allowed: readonly RecordAction[];
}) {
  return (
    <section aria-labelledby="files-heading" id="files">
      <h2 className="govuk-heading-m" id="files-heading">
        Files
      </h2>
      {items.length === 0 ? (
        <p className="govuk-body">No files have been added.</p>
      ) : (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-visually-hidden">Files on the complaint's record</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">File</th>
              <th scope="col" className="govuk-table__header">Added</th>
              <th scope="col" className="govuk-table__header">Size</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {items.map((a) => (
              <tr className="govuk-table__row" key={a.id}>
                <td className="govuk-table__cell app-break" data-label="File">
                  <DownloadLink slug={slug} id={id} a={a} />
                  {a.description && <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">{a.description}</span>}
                </td>
                <td className="govuk-table__cell" data-label="Added">
                  {dateTime(a.uploaded_at)} (stage {a.stage})
                </td>
                <td className="govuk-table__cell" data-label="Size">{fileSize(a.size_bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {allowed.includes("attach") && (
        <ButtonLink href={`${base}/attach`} secondary>
          {ACTION_LABEL.attach}
        </ButtonLink>
      )}
    </section>
  );
}
