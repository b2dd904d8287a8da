import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from "react";
import { api, type Schemas } from "../../api/client";
import { Button, ErrorSummary, Select, Textarea } from "../../components/forms";
import {
  Cards,
  CategoriesTable,
  ExclusionsTable,
  LearningTable,
  OmbudsmanTable,
  OutcomesTable,
  RemediesTable,
  complaints,
  exclusionsOf,
  headlineCards,
} from "../../components/figures";
import { BackLink, SuccessBanner, SummaryList, Tag, useTitle } from "../../components/layout";
import { dateTime, longDate } from "../../lib/deadlines";
import { narrativeDrafts, publishBlockers } from "../../lib/annualReport";
import { financialYearLabel, londonToday } from "../../lib/periods";
import { formErrors, type FormErrors } from "../../lib/problems";
import { GOVERNING_BODY_RESPONDERS, REPORT_PUBLISHERS, REPORT_WRITERS } from "../../lib/roles";
import { assessmentStatusLabel, assessmentStatusTag, humanise, narrativeTitle, reportStatusLabel, reportStatusTag, NARRATIVE_SECTIONS } from "../../lib/words";
import { Link } from "../../router";
import { NotLoaded, useLoad } from "../load";
import { TsmHeadline } from "../Tsm";
import { useDocuments } from "./documents";
import { selfAssessmentHref } from "./SelfAssessment";

type Report = Schemas["AnnualReportView"];

/** What each narrative section is about, as a hint to whoever writes it. */
const HINTS: Record<string, string> = {
  introduction: "Who the landlord is, how many homes, and what this report covers",
  performance: "What the figures below say about how complaints were handled, and why",
  complaints_not_accepted: "Why complaints were not accepted or escalations refused, and whether that was fair (Code 8.1b)",
  ombudsman: "The Ombudsman's determinations and orders, and what was done about them (Code 8.1c, 8.1e)",
  service_improvements: "What changed because of complaints (Code 8.1d)",
  looking_ahead: "What the landlord will do next year",
};

function Narrative({
  section,
  text,
  editable,
  busy,
  error,
  onSave,
  children,
}: {
  section: string;
  text: string;
  editable: boolean;
  busy: boolean;
  error?: string;
  onSave: (section: string, text: string) => void;
  children?: ReactNode;
}) {
  const [draft, setDraft] = useState(text);
  useEffect(() => setDraft(text), [text]);
  const title = narrativeTitle(section);
  function submit(e: FormEvent) {
    e.preventDefault();
    onSave(section, draft);
  }
  return (
    <section aria-labelledby={`${section}-heading`} className="app-section">
      <h2 className="govuk-heading-m" id={`${section}-heading`}>
        {title}
      </h2>
      {editable ? (
        <form onSubmit={submit} noValidate>
          <Textarea name={`narrative.${section}`} label={`${title}: the report's words`} hint={HINTS[section]} rows={5} value={draft} onChange={setDraft} error={error} />
          <Button secondary disabled={busy}>
            Save<span className="govuk-visually-hidden"> {title.toLowerCase()}</span>
          </Button>
        </form>
      ) : text.trim() ? (
        <p className="govuk-body app-prewrap">{text}</p>
      ) : (
        <p className="govuk-body govuk-hint">Nothing has been written for this section.</p>
      )}
      {children}
    </section>
  );
}

function Improvements({ items }: { items: Schemas["Improvement"][] }) {
  if (items.length === 0) return <p className="govuk-body">No improvement implemented in the year has been published from the learning log.</p>;
  return (
    <ul className="govuk-list app-learning-list">
      {items.map((i, n) => (
        <li className="app-learning-list__item" key={n}>
          <h3 className="govuk-heading-s govuk-!-margin-bottom-2">{humanise(i.service_area)}</h3>
          <p className="govuk-body app-prewrap">{i.public_summary}</p>
          {i.implemented_on && <p className="govuk-body-s">Done on {longDate(i.implemented_on)}.</p>}
        </li>
      ))}
    </ul>
  );
}

/** The annual complaints performance and service improvement report for a financial year
 * (Code 8.1, 8.2): the figures generated from the records, the narrative the complaints team
 * writes, the self-assessment attached, the governing body's response, and publication. */
export function AnnualReport({ slug, landlordName, role, year }: { slug: string; landlordName: string; role: string; year: number }) {
  const today = useMemo(() => londonToday(), []);
  const loaded = useLoad(() => api.GET("/api/v1/landlords/{slug}/annual-reports/{year}", { params: { path: { slug, year } } }), [slug, year]);
  // The residents' panel reads the published report only, with the published documents.
  const panel = role === "panel_member";
  const versions = useLoad(panel ? null : () => api.GET("/api/v1/landlords/{slug}/self-assessments", { params: { path: { slug } } }), [slug]);
  const [report, setReport] = useState<Report | null>(null);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const docs = useDocuments();
  useEffect(() => {
    if (loaded.data) setReport(loaded.data);
  }, [loaded.data]);
  const shown = errors ?? docs.problem;
  const fy = financialYearLabel(year);
  useTitle(`Annual report ${fy} – ${landlordName}`, !!shown && shown.summary.length > 0);

  const back = <BackLink href={`/l/${encodeURIComponent(slug)}/annual-report`}>All years</BackLink>;
  if (!report) {
    return (
      <>
        {back}
        <NotLoaded loaded={loaded} what="Annual report" />
      </>
    );
  }

  const draft = report.status !== "published";
  const writer = REPORT_WRITERS.includes(role) && draft;
  const responder = GOVERNING_BODY_RESPONDERS.includes(role) && draft;
  const publisher = REPORT_PUBLISHERS.includes(role) && draft;
  const fig = report.generated.figures;
  const narrative = narrativeDrafts(report.narrative);
  const f = shown?.fields ?? {};
  const excluded = exclusionsOf(fig).total;

  /** Sends a change; the report the server answers with is shown, or its refusal. */
  async function send(call: () => Promise<{ data?: Report; error?: unknown; response: Response }>, known: string[], success: string, labels: Record<string, string> = {}) {
    setBusy(true);
    setNotice(null);
    docs.setProblem(null);
    try {
      const { data, error, response } = await call();
      if (data && response.ok) {
        setReport(data);
        setErrors(null);
        setNotice(success);
        versions.reload();
      } else setErrors(formErrors(error, known, labels));
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(false);
    }
  }

  const saveNarrative = (section: string, text: string) =>
    void send(
      () => api.PUT("/api/v1/landlords/{slug}/annual-reports/{year}", { params: { path: { slug, year } }, body: { narrative: { [section]: text } } }),
      NARRATIVE_SECTIONS.map((s) => `narrative.${s}`),
      `${narrativeTitle(section)} saved`,
      Object.fromEntries(NARRATIVE_SECTIONS.map((s) => [`narrative.${s}`, narrativeTitle(s)])),
    );

  const contents: [string, string][] = [
    ...NARRATIVE_SECTIONS.map((s) => [s, narrativeTitle(s)] as [string, string]),
    ["self-assessment", "The self-assessment"],
    ["response", "The governing body's response"],
    ...(publisher ? [["publish", "Publish"] as [string, string]] : []),
    ["document", "The document"],
  ];

  return (
    <>
      {back}
      {notice && <SuccessBanner heading={notice} />}
      <ErrorSummary errors={shown} />
      <span className="govuk-caption-l">{landlordName}</span>
      <h1 className="govuk-heading-l">Annual complaints performance and service improvement report</h1>
      <p className="govuk-body-l">
        Financial year {report.year_label} <Tag className={reportStatusTag(report.status)}>{reportStatusLabel(report.status)}</Tag>
      </p>
      {report.published_at ? (
        <div className="govuk-inset-text">Published on {dateTime(report.published_at)}, with the figures as they stood then. A published report is not changed.</div>
      ) : !report.generated.tsm.complete ? (
        <div className="govuk-inset-text">The year has not ended: the figures are for the year to date. The report can be published once the year has ended.</div>
      ) : (
        <div className="govuk-inset-text">The figures are worked out from the records today; publishing fixes them as they are then.</div>
      )}
      <nav aria-labelledby="contents-heading" className="app-contents">
        <h2 className="govuk-heading-s" id="contents-heading">
          Contents
        </h2>
        <ol className="govuk-list govuk-list--number govuk-!-font-size-16">
          {contents.map(([id, text]) => (
            <li key={id}>
              <a href={`#${id}-heading`} className="govuk-link">
                {text}
              </a>
            </li>
          ))}
        </ol>
      </nav>

      <Narrative section="introduction" text={narrative.introduction ?? ""} editable={writer} busy={busy} error={f["narrative.introduction"]} onSave={saveNarrative} />

      <Narrative section="performance" text={narrative.performance ?? ""} editable={writer} busy={busy} error={f["narrative.performance"]} onSave={saveNarrative}>
        <h3 className="govuk-heading-s">The figures for {fy}</h3>
        <Cards cards={headlineCards(fig)} />
        <TsmHeadline tsm={report.generated.tsm} caption="The Regulator of Social Housing's measures: complaints received and responded to in time" />
        <OutcomesTable fig={fig} />
        <CategoriesTable fig={fig} />
        <RemediesTable fig={fig} />
      </Narrative>

      <Narrative
        section="complaints_not_accepted"
        text={narrative.complaints_not_accepted ?? ""}
        editable={writer}
        busy={busy}
        error={f["narrative.complaints_not_accepted"]}
        onSave={saveNarrative}
      >
        <p className="govuk-body">
          Complaints not accepted (Code 2.1 to 2.5) and escalations refused (Code 5.11) in the year: {complaints(excluded)}.
        </p>
        <ExclusionsTable fig={fig} />
      </Narrative>

      <Narrative section="ombudsman" text={narrative.ombudsman ?? ""} editable={writer} busy={busy} error={f["narrative.ombudsman"]} onSave={saveNarrative}>
        <OmbudsmanTable fig={fig} />
      </Narrative>

      <Narrative
        section="service_improvements"
        text={narrative.service_improvements ?? ""}
        editable={writer}
        busy={busy}
        error={f["narrative.service_improvements"]}
        onSave={saveNarrative}
      >
        <h3 className="govuk-heading-s">Improvements made in the year</h3>
        <Improvements items={report.generated.improvements} />
        <LearningTable fig={fig} />
      </Narrative>

      <Narrative section="looking_ahead" text={narrative.looking_ahead ?? ""} editable={writer} busy={busy} error={f["narrative.looking_ahead"]} onSave={saveNarrative} />

      <AttachedAssessment
        slug={slug}
        panel={panel}
        year={year}
        report={report}
        writer={writer}
        busy={busy}
        error={f.self_assessment_version}
        approved={(versions.data ?? []).filter((v) => v.year === year && (v.status === "approved" || v.status === "published"))}
        onAttach={(v) =>
          void send(
            () => api.PUT("/api/v1/landlords/{slug}/annual-reports/{year}", { params: { path: { slug, year } }, body: { self_assessment_version: v } }),
            ["self_assessment_version"],
            `Version ${v} of the self-assessment attached`,
            { self_assessment_version: "The version" },
          )
        }
      />

      <GoverningBodyResponse
        report={report}
        responder={responder}
        busy={busy}
        error={f.response}
        onRecord={(response) =>
          void send(
            () =>
              api.POST("/api/v1/landlords/{slug}/annual-reports/{year}/governing-body-response", {
                params: { path: { slug, year } },
                body: { response },
              }),
            ["response"],
            "The governing body's response has been recorded",
            { response: "The response" },
          )
        }
        onMissing={() => {
          const text = "Enter the governing body's response";
          setNotice(null);
          setErrors({ fields: { response: text }, summary: [{ text, href: "#response" }] });
        }}
      />

      {publisher && (
        <section aria-labelledby="publish-heading" className="app-section">
          <h2 className="govuk-heading-m" id="publish-heading">
            Publish
          </h2>
          <p className="govuk-body">
            Publishing puts the report, with the governing body's response and the self-assessment attached, on the public page (Code 8.2). The
            figures are fixed as they are then, and the self-assessment is published with it.
          </p>
          {publishBlockers(report, today).length > 0 && (
            <>
              <p className="govuk-body">Before it can be published:</p>
              <ul className="govuk-list govuk-list--bullet">
                {publishBlockers(report, today).map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ul>
            </>
          )}
          <Button
            disabled={busy}
            type="button"
            onClick={() =>
              void send(
                () => api.POST("/api/v1/landlords/{slug}/annual-reports/{year}/publish", { params: { path: { slug, year } } }),
                [],
                `The report for ${fy} has been published`,
              )
            }
          >
            Publish the report
          </Button>
        </section>
      )}

      <section aria-labelledby="document-heading" className="app-section">
        <h2 className="govuk-heading-m" id="document-heading">
          The document
        </h2>
        {panel ? (
          <p className="govuk-body">
            <a href={`/api/v1/public/${encodeURIComponent(slug)}/annual-reports/${year}`} className="govuk-link">
              The report as published, to read, print or save
            </a>
          </p>
        ) : (
          <>
        <p className="govuk-body">The report as a document to read, print or save, as it would be published.</p>
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          data-module="govuk-button"
          disabled={docs.busy}
          onClick={() =>
            void docs.openHtml(
              () =>
                api.GET("/api/v1/landlords/{slug}/annual-reports/{year}/export", {
                  params: { path: { slug, year }, query: { format: "html" } },
                  parseAs: "text",
                }),
              `annual-report-${year}.html`,
            )
          }
        >
          Open the document (opens in a new tab)
        </button>
          </>
        )}
      </section>
    </>
  );
}

function AttachedAssessment({
  slug,
  panel,
  year,
  report,
  writer,
  busy,
  error,
  approved,
  onAttach,
}: {
  slug: string;
  /** The residents' panel: the published document, not the staff's page. */
  panel: boolean;
  year: number;
  report: Report;
  writer: boolean;
  busy: boolean;
  error?: string;
  approved: Schemas["YearVersion"][];
  onAttach: (version: number) => void;
}) {
  const sa = report.self_assessment;
  const [choice, setChoice] = useState("");
  useEffect(() => setChoice(sa ? String(sa.version) : String(approved[0]?.version ?? "")), [sa?.version, approved.length]);
  return (
    <section aria-labelledby="self-assessment-heading" className="app-section">
      <h2 className="govuk-heading-m" id="self-assessment-heading">
        The self-assessment
      </h2>
      <p className="govuk-body">The year's self-assessment against the Complaint Handling Code is published with the report (Code 8.1a, 8.2).</p>
      {sa ? (
        <SummaryList
          rows={[
            {
              key: "Attached",
              value: panel ? (
                <a href={`/api/v1/public/${encodeURIComponent(slug)}/self-assessments/${sa.year}`} className="govuk-link">
                  Self-assessment {financialYearLabel(sa.year)}, as published
                </a>
              ) : (
                <Link href={`${selfAssessmentHref(slug, sa.year)}?version=${sa.version}`} className="govuk-link">
                  Self-assessment {financialYearLabel(sa.year)}, version {sa.version}
                </Link>
              ),
            },
            { key: "Status", value: <Tag className={assessmentStatusTag(sa.status)}>{assessmentStatusLabel(sa.status)}</Tag> },
            { key: "Approved", value: sa.approved_at ? dateTime(sa.approved_at) : "Not approved" },
          ]}
        />
      ) : (
        <p className="govuk-body">
          No version of the self-assessment for {financialYearLabel(year)} has been approved yet.{" "}
          <Link href={selfAssessmentHref(slug, year)} className="govuk-link">
            Go to the self-assessment for {financialYearLabel(year)}
          </Link>
        </p>
      )}
      {writer && approved.length > 1 && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (choice) onAttach(Number(choice));
          }}
          noValidate
        >
          <Select
            name="self_assessment_version"
            label="Version to attach"
            hint="The latest approved version is attached unless you choose another"
            value={choice}
            onChange={setChoice}
            error={error}
            choices={approved.map((v) => ({ value: String(v.version), label: `Version ${v.version} (${assessmentStatusLabel(v.status).toLowerCase()})` }))}
          />
          <Button secondary disabled={busy}>
            Attach this version
          </Button>
        </form>
      )}
    </section>
  );
}

function GoverningBodyResponse({
  report,
  responder,
  busy,
  error,
  onRecord,
  onMissing,
}: {
  report: Report;
  responder: boolean;
  busy: boolean;
  error?: string;
  onRecord: (response: string) => void;
  onMissing: () => void;
}) {
  const recorded = report.governing_body_response ?? "";
  const [text, setText] = useState(recorded);
  useEffect(() => setText(recorded), [recorded]);
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) onMissing();
    else onRecord(text.trim());
  }
  return (
    <section aria-labelledby="response-heading" className="app-section">
      <h2 className="govuk-heading-m" id="response-heading">
        The governing body's response
      </h2>
      <p className="govuk-body">The governing body responds to the report, and its response is published alongside it (Code 8.2).</p>
      {recorded ? (
        <>
          <blockquote className="govuk-inset-text app-prewrap">{recorded}</blockquote>
          {report.response_recorded_at && <p className="govuk-body-s">Recorded on {dateTime(report.response_recorded_at)}.</p>}
        </>
      ) : (
        !responder && <p className="govuk-body">The governing body has not recorded its response yet.</p>
      )}
      {responder && (
        <form onSubmit={submit} noValidate>
          <Textarea
            name="response"
            label={recorded ? "Change the governing body's response" : "The governing body's response"}
            hint="As agreed by the board or committee, for publication with the report"
            rows={6}
            value={text}
            onChange={setText}
            error={error}
          />
          <Button disabled={busy}>{recorded ? "Record the changed response" : "Record the response"}</Button>
        </form>
      )}
    </section>
  );
}
