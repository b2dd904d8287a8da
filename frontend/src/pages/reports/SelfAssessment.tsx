import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from "react";
import { api, type Schemas } from "../../api/client";
import { Button, ErrorSummary } from "../../components/forms";
import { BackLink, SuccessBanner, SummaryList, Tag, useTitle } from "../../components/layout";
import { dateTime } from "../../lib/deadlines";
import { setFlash, takeFlash } from "../../lib/flash";
import { financialYearLabel } from "../../lib/periods";
import { fieldId, formErrors, type FormErrors } from "../../lib/problems";
import { REPORT_PUBLISHERS, REPORT_WRITERS } from "../../lib/roles";
import {
  draftOf,
  fieldKeys,
  fieldLabels,
  groupBySection,
  isChanged,
  isEditable,
  mapProblem,
  mayStartNewVersion,
  progressOf,
  progressText,
  saveBody,
  sectionsWithErrors,
  type ProvisionDraft,
  type SectionGroup,
} from "../../lib/selfAssessment";
import { assessmentStatusLabel, assessmentStatusTag } from "../../lib/words";
import { Link, navigate, useLocation } from "../../router";
import { NotLoaded, useLoad } from "../load";
import { NotFound } from "../NotFound";
import { Pre } from "../staff/common";
import { useDocuments } from "./documents";
import { ProvisionCard, ProvisionForm } from "./SelfAssessmentProvision";
import { Import, NewVersion, Versions } from "./SelfAssessmentVersions";

type View = Schemas["SelfAssessmentView"];
type Provision = Schemas["ProvisionView"];

export function selfAssessmentHref(slug: string, year: number, rest = ""): string {
  return `/l/${encodeURIComponent(slug)}/self-assessment/${year}${rest}`;
}

export { yearOf } from "../../lib/periods";

export function StatusTag({ status }: { status: string }) {
  return <Tag className={assessmentStatusTag(status)}>{assessmentStatusLabel(status)}</Tag>;
}

interface Notice {
  text: string;
  /** The section it is shown on; 0 for the overview. */
  on: number;
}

/**
 * A year's self-assessment against the Complaint Handling Code (Code 8.1a, 8.3, 8.4): an
 * overview (progress by section, approval, publication, versions, documents, import) at
 * `/self-assessment/{year}` and each section's provisions at `.../section/{n}`. Both are the
 * same component, so answers typed into one section and not yet saved are kept while moving
 * between sections, and "Save all changes" saves them together.
 */
export function SelfAssessment({
  slug,
  landlordName,
  role,
  year,
  section,
}: {
  slug: string;
  landlordName: string;
  role: string;
  year: number;
  section?: number;
}) {
  const { query } = useLocation();
  const versionText = query.get("version");
  const version = versionText && /^\d+$/.test(versionText) ? Number(versionText) : undefined;
  const loaded = useLoad(
    () =>
      api.GET("/api/v1/landlords/{slug}/self-assessments/{year}", {
        params: { path: { slug, year }, query: version ? { version } : {} },
      }),
    [slug, year, version],
  );
  const [view, setView] = useState<View | null>(null);
  const [drafts, setDrafts] = useState<Record<string, ProvisionDraft>>({});
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [notice, setNotice] = useState<Notice | null>(() => {
    const text = takeFlash();
    return text ? { text, on: section ?? 0 } : null;
  });
  const [busy, setBusy] = useState(false);
  const docs = useDocuments();

  useEffect(() => {
    if (!loaded.data) return;
    setView(loaded.data);
    setDrafts(Object.fromEntries(loaded.data.provisions.map((p) => [p.provision, draftOf(p)])));
  }, [loaded.data]);

  const groups = useMemo(() => (view ? groupBySection(view.provisions) : []), [view]);
  const here = section ?? 0;
  // A notice belongs to the page it was given for: it goes when the user moves on.
  useEffect(() => {
    setNotice((n) => (n && n.on === here ? n : null));
  }, [here]);

  const group = section !== undefined ? groups.find((g) => g.section === section) : undefined;
  const fy = financialYearLabel(year);
  const shownErrors = errors ?? docs.problem;
  useTitle(
    group ? `Section ${group.section}: ${group.title} – Self-assessment ${fy}` : `Self-assessment ${fy} – ${landlordName}`,
    !!shownErrors && shownErrors.summary.length > 0,
  );

  if (!view) {
    return (
      <>
        <BackLink href={`/l/${encodeURIComponent(slug)}/self-assessment`}>Back to self-assessments</BackLink>
        <NotLoaded loaded={loaded} what="Self-assessment" />
      </>
    );
  }
  if (section !== undefined && !group) return <NotFound what="Section" />;

  const latest = Math.max(view.version, ...view.versions.map((v) => v.version));
  const viewingOld = version !== undefined && version !== latest;
  const writer = REPORT_WRITERS.includes(role);
  const publisher = REPORT_PUBLISHERS.includes(role);
  const editable = writer && !viewingOld && isEditable(view.status);
  const qs = version !== undefined ? `?version=${version}` : "";
  const overview = selfAssessmentHref(slug, year) + qs;
  const sectionHref = (n: number) => selfAssessmentHref(slug, year, `/section/${n}`) + qs;
  const changed = editable ? view.provisions.filter((p) => drafts[p.provision] && isChanged(p, drafts[p.provision] as ProvisionDraft)) : [];
  const changedSections = [...new Set(changed.map((p) => p.section))].sort((a, b) => a - b);
  const errorSections = errors ? sectionsWithErrors(errors.fields, view.provisions) : [];

  /** After the server has answered with the assessment: what it says now, the forms of the
   * provisions just saved reset to it, other unsaved answers kept. */
  function accept(next: View, saved: string[] | "all") {
    setView(next);
    setDrafts((d) => {
      const out = { ...d };
      for (const p of next.provisions) {
        if (saved === "all" || saved.includes(p.provision) || !out[p.provision]) out[p.provision] = draftOf(p);
      }
      return out;
    });
  }

  /** Saves the changed answers among `codes`; the notice is shown on section `on` (0: the
   * overview), and the page moves there when it is not this one. */
  async function save(codes: string[], then: { notice: string; on: number }) {
    if (!view) return;
    const all = view.provisions.filter((p) => codes.includes(p.provision));
    let toSave = all.filter((p) => isChanged(p, drafts[p.provision] as ProvisionDraft)).map((p) => p.provision);
    // Before anything is saved, saving carries the answers shown (the latest earlier year's) into version 1.
    if (toSave.length === 0 && view.status === "not_started") toSave = all.map((p) => p.provision);
    const done = (text: string) => {
      setNotice({ text, on: then.on });
      if (then.on !== here) navigate(then.on === 0 ? overview : sectionHref(then.on));
    };
    if (toSave.length === 0) {
      setErrors(null);
      done("There were no changes to save");
      return;
    }
    const { body, order, errors: local } = saveBody(toSave, drafts);
    if (local.summary.length > 0) {
      setErrors(local);
      return;
    }
    setBusy(true);
    try {
      const { data, error, response } = await api.PUT("/api/v1/landlords/{slug}/self-assessments/{year}", {
        params: { path: { slug, year } },
        body,
      });
      if (data && response.ok) {
        setErrors(null);
        accept(data, order);
        done(then.notice);
      } else {
        const codesAll = view.provisions.map((p) => p.provision);
        setErrors(formErrors(mapProblem(error, order), fieldKeys(codesAll), fieldLabels(codesAll)));
      }
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(false);
    }
  }

  async function act(kind: "approve" | "publish") {
    setBusy(true);
    setErrors(null);
    setNotice(null);
    try {
      const { data, error, response } =
        kind === "approve"
          ? await api.POST("/api/v1/landlords/{slug}/self-assessments/{year}/approve", { params: { path: { slug, year } } })
          : await api.POST("/api/v1/landlords/{slug}/self-assessments/{year}/publish", { params: { path: { slug, year } } });
      if (data && response.ok) {
        accept(data, "all");
        setNotice({
          text: kind === "approve" ? `Version ${data.version} approved` : `Version ${data.version} published on the public page`,
          on: 0,
        });
      } else setErrors(formErrors(error));
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(false);
    }
  }

  const banner = notice && notice.on === here ? <SuccessBanner heading={notice.text} /> : null;
  // A field on another page cannot be jumped to from here: its message stands alone.
  const onThisPage = new Set(group ? fieldKeys(group.provisions.map((p) => p.provision)).map((k) => `#${fieldId(k)}`) : ["#new_version_reason", "#file"]);
  const summaryErrors = shownErrors
    ? { fields: shownErrors.fields, summary: shownErrors.summary.map((s) => (s.href && !onThisPage.has(s.href) ? { text: s.text } : s)) }
    : null;

  if (group) {
    return (
      <SectionPage
        key={group.section}
        view={view}
        group={group}
        groups={groups}
        drafts={drafts}
        setDrafts={setDrafts}
        errors={summaryErrors}
        banner={banner}
        editable={editable}
        busy={busy}
        overview={overview}
        sectionHref={sectionHref}
        viewingOld={viewingOld}
        onSave={(next) =>
          void save(
            group.provisions.map((p) => p.provision),
            { notice: `Section ${group.section} saved`, on: next ?? group.section },
          )
        }
      />
    );
  }

  return (
    <>
      <BackLink href={`/l/${encodeURIComponent(slug)}/self-assessment`}>All years and versions</BackLink>
      {banner}
      <ErrorSummary errors={summaryErrors} />
      <span className="govuk-caption-l">{landlordName}</span>
      <h1 className="govuk-heading-l">Self-assessment against the Complaint Handling Code</h1>
      <p className="govuk-body-l">Financial year {view.year_label}</p>
      <Overview
        slug={slug}
        year={year}
        view={view}
        groups={groups}
        latest={latest}
        viewingOld={viewingOld}
        editable={editable}
        writer={writer}
        publisher={publisher}
        busy={busy || docs.busy}
        changedSections={changedSections}
        errorSections={errorSections}
        sectionHref={sectionHref}
        onSaveAll={() =>
          void save(
            changed.map((p) => p.provision),
            { notice: "Your changes have been saved", on: 0 },
          )
        }
        onApprove={() => void act("approve")}
        onPublish={() => void act("publish")}
        onNewVersion={(next) => {
          if (version !== undefined) {
            // The address named the version this one replaces: go to the latest.
            setFlash(`Version ${next.version} started`);
            navigate(selfAssessmentHref(slug, year), { replace: true });
            return;
          }
          accept(next, "all");
          setErrors(null);
          setNotice({ text: `Version ${next.version} started`, on: 0 });
        }}
        onImported={(next) => {
          accept(next, "all");
          setErrors(null);
          setNotice({ text: "Answers imported from the spreadsheet", on: 0 });
        }}
        setErrors={setErrors}
        docs={docs}
        version={version}
      />
    </>
  );
}

function SectionPage({
  view,
  group,
  groups,
  drafts,
  setDrafts,
  errors,
  banner,
  editable,
  busy,
  overview,
  sectionHref,
  viewingOld,
  onSave,
}: {
  view: View;
  group: SectionGroup<Provision>;
  groups: SectionGroup<Provision>[];
  drafts: Record<string, ProvisionDraft>;
  setDrafts: (f: (d: Record<string, ProvisionDraft>) => Record<string, ProvisionDraft>) => void;
  errors: FormErrors | null;
  banner: ReactNode;
  editable: boolean;
  busy: boolean;
  overview: string;
  sectionHref: (n: number) => string;
  viewingOld: boolean;
  /** Saves the section, then goes to section `next` if given. */
  onSave: (next?: number) => void;
}) {
  const i = groups.indexOf(group);
  const prev = groups[i - 1];
  const next = groups[i + 1];
  const progress = progressOf(group.provisions.map((p) => (editable ? { complies: drafts[p.provision]?.complies } : p)));
  const fields = errors?.fields ?? {};
  function submit(e: FormEvent) {
    e.preventDefault();
    onSave();
  }
  return (
    <>
      <BackLink href={overview}>Back to the self-assessment</BackLink>
      {banner}
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">
        Self-assessment {view.year_label}
        {viewingOld ? `, version ${view.version}` : ""}
      </span>
      <h1 className="govuk-heading-l">
        Section {group.section}: {group.title}
      </h1>
      <p className="govuk-body">
        {progressText(progress)} in this section. {!editable && <StatusTag status={view.status} />}
      </p>
      {!editable && (
        <p className="govuk-body">
          {view.status === "approved" || view.status === "published"
            ? "This version is approved, so its answers are read-only. A change needs a new version, started from the overview."
            : "You can read these answers."}
        </p>
      )}
      {editable ? (
        <form onSubmit={submit} noValidate>
          {group.provisions.map((p) => (
            <ProvisionForm
              key={p.provision}
              p={p}
              draft={drafts[p.provision] ?? draftOf(p)}
              errors={fields}
              frozen={view.evidence_frozen}
              onChange={(d) => setDrafts((all) => ({ ...all, [p.provision]: d }))}
            />
          ))}
          <div className="govuk-button-group">
            <Button disabled={busy}>Save section {group.section}</Button>
            {next && (
              <Button secondary type="button" disabled={busy} onClick={() => onSave(next.section)}>
                Save and go to section {next.section}
              </Button>
            )}
          </div>
        </form>
      ) : (
        group.provisions.map((p) => <ProvisionCard key={p.provision} p={p} frozen={view.evidence_frozen} />)
      )}
      <nav className="govuk-pagination govuk-pagination--block" aria-label="Sections of the Code">
        {prev && (
          <div className="govuk-pagination__prev">
            <Link className="govuk-link govuk-pagination__link" href={sectionHref(prev.section)} rel="prev">
              <span className="govuk-pagination__link-title">Previous section</span>
              <span className="govuk-visually-hidden">:</span>
              <span className="govuk-pagination__link-label">
                {prev.section}: {prev.title}
              </span>
            </Link>
          </div>
        )}
        {next && (
          <div className="govuk-pagination__next">
            <Link className="govuk-link govuk-pagination__link" href={sectionHref(next.section)} rel="next">
              <span className="govuk-pagination__link-title">Next section</span>
              <span className="govuk-visually-hidden">:</span>
              <span className="govuk-pagination__link-label">
                {next.section}: {next.title}
              </span>
            </Link>
          </div>
        )}
      </nav>
      <p className="govuk-body">
        <Link href={overview} className="govuk-link">
          Back to the overview of all sections
        </Link>
      </p>
    </>
  );
}

function Overview({
  slug,
  year,
  view,
  groups,
  latest,
  viewingOld,
  editable,
  writer,
  publisher,
  busy,
  changedSections,
  errorSections,
  sectionHref,
  onSaveAll,
  onApprove,
  onPublish,
  onNewVersion,
  onImported,
  setErrors,
  docs,
  version,
}: {
  slug: string;
  year: number;
  view: View;
  groups: SectionGroup<Provision>[];
  latest: number;
  viewingOld: boolean;
  editable: boolean;
  writer: boolean;
  publisher: boolean;
  busy: boolean;
  changedSections: number[];
  errorSections: number[];
  sectionHref: (n: number) => string;
  onSaveAll: () => void;
  onApprove: () => void;
  onPublish: () => void;
  onNewVersion: (v: View) => void;
  onImported: (v: View) => void;
  setErrors: (e: FormErrors | null) => void;
  docs: ReturnType<typeof useDocuments>;
  version?: number;
}) {
  const progress = progressOf(view.provisions);
  const saved = view.version > 0;
  const rows: { key: string; value: ReactNode }[] = [
    { key: "Status", value: <StatusTag status={view.status} /> },
    { key: "Version", value: saved ? String(view.version) : "Not saved yet" },
  ];
  if (view.reason) rows.push({ key: "Why this version", value: <Pre>{view.reason}</Pre> });
  if (view.approved_at) rows.push({ key: "Approved", value: `${dateTime(view.approved_at)}${view.approved_by ? ` by ${view.approved_by}` : ""}` });
  if (view.published_at) rows.push({ key: "Published", value: dateTime(view.published_at) });
  if (view.updated_at) rows.push({ key: "Last saved", value: dateTime(view.updated_at) });
  rows.push({ key: "Code", value: view.edition === "hoc-2024" ? "Complaint Handling Code 2024" : view.edition });

  const answered = progress.answered === progress.total;
  return (
    <>
      <SummaryList rows={rows} />
      {viewingOld && (
        <div className="govuk-inset-text">
          You are looking at version {view.version}, which is not the latest.{" "}
          <Link href={selfAssessmentHref(slug, year)} className="govuk-link">
            Go to the latest version ({latest})
          </Link>
        </div>
      )}
      {view.status === "not_started" && (
        <div className="govuk-inset-text">
          Nothing has been saved for {financialYearLabel(year)} yet.{" "}
          {progress.answered > 0
            ? "The answers shown are those of the latest earlier year: saving a section starts version 1 with them."
            : "Saving a section starts version 1."}
        </div>
      )}

      <h2 className="govuk-heading-m" id="progress-heading">
        {progressText(progress)}
      </h2>
      <p className="govuk-body">
        {answered
          ? "Every provision of the Code has an answer."
          : `${progress.total - progress.answered} provisions still need an answer: yes, partly or no. Each that does not fully comply needs an action and a target date.`}
      </p>

      {changedSections.length > 0 && (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            You have changes not saved yet in {changedSections.length === 1 ? "section" : "sections"} {changedSections.join(", ")}.
          </strong>
        </div>
      )}
      {changedSections.length > 0 && (
        <Button disabled={busy} type="button" onClick={onSaveAll}>
          Save all changes
        </Button>
      )}

      <ul className="govuk-task-list" aria-labelledby="progress-heading">
        {groups.map((g) => {
          const p = progressOf(g.provisions);
          const id = `section-${g.section}-status`;
          const problem = errorSections.includes(g.section);
          const unsaved = changedSections.includes(g.section);
          return (
            <li className="govuk-task-list__item govuk-task-list__item--with-link" key={g.section}>
              <div className="govuk-task-list__name-and-hint">
                <Link className="govuk-link govuk-task-list__link" href={sectionHref(g.section)} aria-describedby={id}>
                  Section {g.section}: {g.title}
                </Link>
                <div className="govuk-task-list__hint">
                  {g.provisions.length} provisions, {g.provisions[0]?.provision} to {g.provisions[g.provisions.length - 1]?.provision}
                </div>
              </div>
              <div className="govuk-task-list__status" id={id}>
                {problem ? (
                  <Tag className="govuk-tag--red">There is a problem</Tag>
                ) : unsaved ? (
                  <Tag className="govuk-tag--yellow">Changes not saved</Tag>
                ) : p.answered === p.total ? (
                  `${progressText(p)}`
                ) : (
                  <Tag className={p.answered === 0 ? "govuk-tag--grey" : "govuk-tag--light-blue"}>{progressText(p)}</Tag>
                )}
              </div>
            </li>
          );
        })}
      </ul>

      {publisher && !viewingOld && view.status === "draft" && (
        <section aria-labelledby="approve-heading" className="app-section">
          <h2 className="govuk-heading-m" id="approve-heading">
            Approve
          </h2>
          <p className="govuk-body">
            Approving records who approved it and when, and freezes the figures from the records as they are now. Every provision needs an
            answer, and each that does not fully comply needs the action to comply and its target date.
          </p>
          {changedSections.length > 0 && <p className="govuk-body">Save your changes first: approving takes the answers as saved.</p>}
          <Button disabled={busy} type="button" onClick={onApprove}>
            Approve version {view.version}
          </Button>
        </section>
      )}
      {publisher && !viewingOld && view.status === "approved" && (
        <section aria-labelledby="publish-heading" className="app-section">
          <h2 className="govuk-heading-m" id="publish-heading">
            Publish
          </h2>
          <p className="govuk-body">
            Publishing puts this version on the public page (Code 8.2). A version published earlier for {financialYearLabel(year)} is
            superseded. The annual report, when it is published, publishes its approved self-assessment too.
          </p>
          <Button disabled={busy} type="button" onClick={onPublish}>
            Publish version {view.version}
          </Button>
        </section>
      )}
      {writer && !viewingOld && mayStartNewVersion(view.status) && (
        <NewVersion slug={slug} year={year} next={view.version + 1} onDone={onNewVersion} setErrors={setErrors} />
      )}

      <section aria-labelledby="documents-heading" className="app-section">
        <h2 className="govuk-heading-m" id="documents-heading">
          Documents
        </h2>
        {saved ? (
          <>
            <p className="govuk-body">
              The assessment in the five columns landlords publish: provision, requirement, whether it complies, evidence and commentary.
            </p>
            <div className="govuk-button-group">
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                data-module="govuk-button"
                disabled={docs.busy}
                onClick={() =>
                  void docs.openHtml(
                    () =>
                      api.GET("/api/v1/landlords/{slug}/self-assessments/{year}/export", {
                        params: { path: { slug, year }, query: { format: "html", ...(version ? { version } : {}) } },
                        parseAs: "text",
                      }),
                    `self-assessment-${year}.html`,
                  )
                }
              >
                Open the document (opens in a new tab)
              </button>
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                data-module="govuk-button"
                disabled={docs.busy}
                onClick={() =>
                  void docs.download(
                    () =>
                      api.GET("/api/v1/landlords/{slug}/self-assessments/{year}/export", {
                        params: { path: { slug, year }, query: { format: "csv", ...(version ? { version } : {}) } },
                        parseAs: "blob",
                      }),
                    `self-assessment-${year}.csv`,
                  )
                }
              >
                Download as a spreadsheet (CSV)
              </button>
            </div>
          </>
        ) : (
          <p className="govuk-body">The documents can be made once the assessment has been saved.</p>
        )}
        <p className="govuk-body">
          <Link href={selfAssessmentHref(slug, year, "/submission") + (version ? `?version=${version}` : "")} className="govuk-link">
            What to enter on the Ombudsman's annual submission form
          </Link>
        </p>
      </section>

      {editable && <Import slug={slug} year={year} onDone={onImported} setErrors={setErrors} />}

      <Versions slug={slug} year={year} view={view} />
    </>
  );
}
