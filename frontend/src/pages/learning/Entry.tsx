import { useState, type ReactNode } from "react";
import { api } from "../../api/client";
import { BackLink, ButtonLink, SuccessBanner, SummaryList, Tag, useTitle } from "../../components/layout";
import { longDate } from "../../lib/deadlines";
import { takeFlash } from "../../lib/flash";
import { humanise } from "../../lib/words";
import { Link } from "../../router";
import { NotLoaded, useLoad } from "../load";
import { isFull, learningStatusLabel, learningStatusTag, mayPublish, mayRecord, useReferences } from "./data";

/** One learning entry: everything recorded, the complaints it was drawn from, and what the
 * complaints team may do with it. */
export function LearningEntry({ slug, id, landlordName, role }: { slug: string; id: string; landlordName: string; role: string }) {
  const [flash] = useState(() => takeFlash());
  const loaded = useLoad(() => api.GET("/api/v1/landlords/{slug}/learning/{id}", { params: { path: { slug, id } } }), [slug, id]);
  const item = loaded.data;
  const team = mayRecord(role);
  const refs = useReferences(slug, item && isFull(item) ? item.complaint_ids : null, team);
  const area = item ? humanise(item.service_area) : "";
  useTitle(item ? `Learning about ${area.toLowerCase()} – ${landlordName}` : "Learning from complaints");
  const base = `/l/${encodeURIComponent(slug)}/learning`;
  const back = <BackLink href={base}>Back to the learning log</BackLink>;
  if (!item) {
    return (
      <>
        {back}
        <NotLoaded loaded={loaded} what="Learning entry" />
      </>
    );
  }

  const status = <Tag className={learningStatusTag(item.status)}>{learningStatusLabel(item.status)}</Tag>;
  let rows: { key: string; value: ReactNode }[];
  if (isFull(item)) {
    const complaints: ReactNode =
      team && refs ? (
        <ul className="govuk-list">
          {item.complaint_ids.map((cid) => (
            <li key={cid}>
              {refs[cid] ? (
                <Link href={`/l/${encodeURIComponent(slug)}/complaints/${cid}`} className="govuk-link">
                  {refs[cid]}
                </Link>
              ) : (
                "A complaint you cannot open"
              )}
            </li>
          ))}
        </ul>
      ) : (
        `${item.complaint_ids.length} ${item.complaint_ids.length === 1 ? "complaint" : "complaints"}`
      );
    rows = [
      { key: "Service area", value: area },
      { key: "Status", value: status },
      { key: "Recorded", value: longDate(item.identified_on) },
      ...(item.implemented_on ? [{ key: "Implemented", value: longDate(item.implemented_on) }] : []),
      { key: "Owner", value: item.owner ?? "Not recorded" },
      { key: "What went wrong", value: <span className="app-prewrap">{item.what_went_wrong}</span> },
      { key: "Lesson", value: <span className="app-prewrap">{item.lesson}</span> },
      { key: "Improvement", value: <span className="app-prewrap">{item.improvement}</span> },
      { key: "Drawn from", value: complaints },
      { key: "Published", value: item.published ? `Yes, on ${longDate(item.published_on)}` : "No" },
      ...(item.published && item.public_summary
        ? [{ key: "Public summary", value: <span className="app-prewrap">{item.public_summary}</span> }]
        : []),
    ];
  } else {
    rows = [
      { key: "Service area", value: area },
      { key: "You said, we did", value: <span className="app-prewrap">{item.public_summary}</span> },
      { key: "Status", value: status },
      ...(item.implemented_on ? [{ key: "Implemented", value: longDate(item.implemented_on) }] : []),
      { key: "Published", value: longDate(item.published_on) },
    ];
  }

  const published = isFull(item) && item.published;
  return (
    <>
      {back}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {flash && <SuccessBanner heading={flash} />}
          <span className="govuk-caption-l">Learning from complaints</span>
          <h1 className="govuk-heading-l">Learning about {area.toLowerCase()}</h1>
          <SummaryList rows={rows} />
          {isFull(item) && (team || mayPublish(role)) && (
            <div className="govuk-button-group">
              {team && <ButtonLink href={`${base}/${item.id}/edit`}>Change this entry</ButtonLink>}
              {mayPublish(role) && (
                <ButtonLink href={`${base}/${item.id}/publish`} secondary>
                  {published ? "Change the public summary" : "Publish"}
                </ButtonLink>
              )}
              {mayPublish(role) && published && (
                <ButtonLink href={`${base}/${item.id}/withdraw`} secondary>
                  Withdraw
                </ButtonLink>
              )}
            </div>
          )}
        </div>
      </div>
    </>
  );
}
