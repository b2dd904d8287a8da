import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { api } from "../../api/client";
import { Select } from "../../components/forms";
import { ButtonLink, Pagination, SuccessBanner, Tag, useTitle } from "../../components/layout";
import { longDate } from "../../lib/deadlines";
import { takeFlash } from "../../lib/flash";
import { humanise } from "../../lib/words";
import { Link, navigate, useLocation } from "../../router";
import { NotLoaded, useLoad } from "../load";
import { LEARNING_STATUSES, isFull, learningStatusLabel, learningStatusTag, mayRecord, type Item } from "./data";

const PAGE_SIZE = 25;

function Card({ item, slug }: { item: Item; slug: string }) {
  const href = `/l/${encodeURIComponent(slug)}/learning/${item.id}`;
  const area = humanise(item.service_area);
  const full = isFull(item);
  const rows: { key: string; value: ReactNode }[] = full
    ? [
        { key: "What went wrong", value: <span className="app-prewrap">{item.what_went_wrong}</span> },
        { key: "Lesson", value: <span className="app-prewrap">{item.lesson}</span> },
        { key: "Improvement", value: <span className="app-prewrap">{item.improvement}</span> },
        { key: "Status", value: <Tag className={learningStatusTag(item.status)}>{learningStatusLabel(item.status)}</Tag> },
        { key: "Recorded", value: longDate(item.identified_on) },
        {
          key: "Published",
          value: item.published ? `Yes, on ${longDate(item.published_on)}` : "No",
        },
      ]
    : [
        { key: "You said, we did", value: <span className="app-prewrap">{item.public_summary}</span> },
        { key: "Status", value: <Tag className={learningStatusTag(item.status)}>{learningStatusLabel(item.status)}</Tag> },
        ...(item.implemented_on ? [{ key: "Implemented", value: longDate(item.implemented_on) }] : []),
        { key: "Published", value: longDate(item.published_on) },
      ];
  const when = full ? longDate(item.identified_on) : longDate(item.published_on);
  return (
    <div className="govuk-summary-card">
      <div className="govuk-summary-card__title-wrapper">
        <h2 className="govuk-summary-card__title">{area}</h2>
        <ul className="govuk-summary-card__actions">
          <li className="govuk-summary-card__action">
            <Link href={href} className="govuk-link">
              View<span className="govuk-visually-hidden"> the learning about {area.toLowerCase()} from {when}</span>
            </Link>
          </li>
        </ul>
      </div>
      <div className="govuk-summary-card__content">
        <dl className="govuk-summary-list">
          {rows.map((r) => (
            <div className="govuk-summary-list__row" key={r.key}>
              <dt className="govuk-summary-list__key">{r.key}</dt>
              <dd className="govuk-summary-list__value">{r.value}</dd>
            </div>
          ))}
        </dl>
      </div>
    </div>
  );
}

/** The learning log (Code 9.1–9.3): in full for staff and governance, the published entries'
 * public fields for the residents' panel (the API decides which). */
export function LearningList({ slug, landlordName, role }: { slug: string; landlordName: string; role: string }) {
  const { query } = useLocation();
  const status = query.get("status") ?? "";
  const published = query.get("published") ?? "";
  const page = query.get("page") ?? "";
  const panel = role === "panel_member";
  const [form, setForm] = useState({ status, published });
  const [flash] = useState(() => takeFlash());
  useTitle(`${panel ? "What we have learnt from complaints" : "Learning from complaints"} – ${landlordName}`);
  useEffect(() => setForm({ status, published }), [status, published]);
  const loaded = useLoad(
    () =>
      api.GET("/api/v1/landlords/{slug}/learning", {
        params: {
          path: { slug },
          query: {
            limit: PAGE_SIZE,
            ...(status ? { status } : {}),
            ...(published && !panel ? { published } : {}),
            ...(page ? { cursor: page } : {}),
          },
        },
      }),
    [slug, status, published, page],
  );
  const base = `/l/${encodeURIComponent(slug)}/learning`;

  function apply(e: FormEvent) {
    e.preventDefault();
    const q = new URLSearchParams();
    if (form.status) q.set("status", form.status);
    if (form.published) q.set("published", form.published);
    navigate(`${base}${q.toString() ? `?${q.toString()}` : ""}`);
  }

  function pageHref(cursor: string | null): string {
    const q = new URLSearchParams(query);
    q.delete("page");
    if (cursor) q.set("page", cursor);
    return `${base}${q.toString() ? `?${q.toString()}` : ""}`;
  }

  const filtered = !!(status || published);
  const data = loaded.data;
  return (
    <>
      {flash && <SuccessBanner heading={flash} />}
      <span className="govuk-caption-l">{landlordName}</span>
      <h1 className="govuk-heading-l">{panel ? "What we have learnt from complaints" : "Learning from complaints"}</h1>
      <p className="govuk-body">
        {panel
          ? "What residents' complaints have taught the landlord and what it has changed, as a complaints officer has published it."
          : "What went wrong in complaints, the lesson and the improvement made (Code 9.1 to 9.3). Published entries are shown to the residents' panel and on the public page, by their public summary only."}
      </p>
      {mayRecord(role) && <ButtonLink href={`${base}/new`}>Record learning</ButtonLink>}
      <form className="app-filters" onSubmit={apply} aria-label="Filter the learning log">
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-half">
            <Select
              name="status"
              label="Status"
              value={form.status}
              onChange={(v) => setForm({ ...form, status: v })}
              choices={[{ value: "", label: "Any status" }, ...LEARNING_STATUSES.map((s) => ({ value: s, label: learningStatusLabel(s) }))]}
            />
          </div>
          {!panel && (
            <div className="govuk-grid-column-one-half">
              <Select
                name="published"
                label="Published"
                value={form.published}
                onChange={(v) => setForm({ ...form, published: v })}
                choices={[
                  { value: "", label: "Published or not" },
                  { value: "true", label: "Published" },
                  { value: "false", label: "Not published" },
                ]}
              />
            </div>
          )}
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Apply filters
        </button>
        {filtered && (
          <p className="govuk-body">
            <Link href={base} className="govuk-link">
              Clear filters
            </Link>
          </p>
        )}
      </form>
      {!data ? (
        <NotLoaded loaded={loaded} />
      ) : data.items.length === 0 ? (
        <p className="govuk-body" role="status">
          {page ? "There are no more entries." : filtered ? "No entries match these filters." : panel
              ? "Nothing has been published yet. When the landlord learns from a complaint and changes something, it publishes what it learned and what it changed; each will appear here then."
              : "No learning has been recorded yet."}
        </p>
      ) : (
        data.items.map((item) => <Card item={item} slug={slug} key={item.id} />)
      )}
      {data && <Pagination label="Pages of the learning log" first={page ? pageHref(null) : null} next={data.next_cursor ? pageHref(data.next_cursor) : null} />}
    </>
  );
}
