/* A year's self-assessment beyond its answers: starting a new version after approval,
 * importing answers from a spreadsheet, and the list of versions (Code 8.2-8.4). */

import { useRef, useState, type FormEvent } from "react";
import { api, type Schemas } from "../../api/client";
import { Button, Textarea } from "../../components/forms";
import { dateTime } from "../../lib/deadlines";
import { financialYearLabel } from "../../lib/periods";
import { formErrors, type FormErrors } from "../../lib/problems";
import { Link } from "../../router";
import { Pre } from "../staff/common";
import { StatusTag, selfAssessmentHref } from "./SelfAssessment";

type View = Schemas["SelfAssessmentView"];

export function NewVersion({
  slug,
  year,
  next,
  onDone,
  setErrors,
}: {
  slug: string;
  year: number;
  next: number;
  onDone: (v: View) => void;
  setErrors: (e: FormErrors | null) => void;
}) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) {
      const text = "Enter why a new version is needed";
      setError(text);
      setErrors({ fields: { new_version_reason: text }, summary: [{ text, href: "#new_version_reason" }] });
      return;
    }
    setBusy(true);
    try {
      const { data, error: problem, response } = await api.PUT("/api/v1/landlords/{slug}/self-assessments/{year}", {
        params: { path: { slug, year } },
        body: { provisions: [], new_version_reason: reason.trim() },
      });
      if (data && response.ok) {
        setError(undefined);
        setReason("");
        onDone(data);
      } else {
        const errs = formErrors(problem, ["new_version_reason"], { new_version_reason: "The reason" });
        setError(errs.fields.new_version_reason);
        setErrors(errs);
      }
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="new-version-heading" className="app-section">
      <h2 className="govuk-heading-m" id="new-version-heading">
        Start a new version
      </h2>
      <p className="govuk-body">
        An approved assessment is not changed: a change starts version {next}, with the answers of this one to begin from. Earlier versions are
        kept. The Code expects a new assessment after a restructure, a merger or a significant change to the complaints procedure, or when the
        Ombudsman asks (Code 8.3, 8.4).
      </p>
      <form onSubmit={submit} noValidate>
        <Textarea
          name="new_version_reason"
          label="Why is a new version needed?"
          hint="For example, a restructure, a merger or the Ombudsman's request"
          rows={3}
          value={reason}
          onChange={setReason}
          error={error}
        />
        <Button disabled={busy} secondary>
          Start version {next}
        </Button>
      </form>
    </section>
  );
}

export function Import({
  slug,
  year,
  onDone,
  setErrors,
}: {
  slug: string;
  year: number;
  onDone: (v: View) => void;
  setErrors: (e: FormErrors | null) => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const fail = (text: string) => {
      setError(text);
      setErrors({ fields: { file: text }, summary: [{ text, href: "#file" }] });
    };
    if (!file) return fail("Select a CSV file");
    setBusy(true);
    try {
      const text = await file.text();
      const { data, error: problem, response } = await api.POST("/api/v1/landlords/{slug}/self-assessments/{year}/import", {
        params: { path: { slug, year } },
        body: text,
        bodySerializer: (b: string) => b,
        headers: { "Content-Type": "text/csv" },
      });
      if (data && response.ok) {
        setError(undefined);
        setFile(null);
        if (input.current) input.current.value = "";
        onDone(data);
      } else {
        const errs = formErrors(problem, ["body"], { body: "The file" });
        const message = errs.fields.body;
        if (message) {
          setError(message);
          setErrors({ fields: { file: message }, summary: [{ text: message, href: "#file" }] });
        } else {
          setError(undefined);
          setErrors(errs);
        }
      }
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="import-heading" className="app-section">
      <h2 className="govuk-heading-m" id="import-heading">
        Import answers from a spreadsheet
      </h2>
      <p className="govuk-body">
        A CSV file in the five columns landlords publish: Code provision, Code requirement, Comply, Evidence and Commentary (with Action and Target
        date if you have them), such as this portal's own download or last year's published assessment. The answers in the file replace those
        saved for the provisions it lists.
      </p>
      <form onSubmit={submit} noValidate>
        <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label govuk-label--s" htmlFor="file">
            Upload a CSV file
          </label>
          {error && (
            <p id="file-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {error}
            </p>
          )}
          <input
            className={`govuk-file-upload${error ? " govuk-file-upload--error" : ""}`}
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            ref={input}
            aria-describedby={error ? "file-error" : undefined}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <Button disabled={busy} secondary>
          Import answers
        </Button>
      </form>
    </section>
  );
}

export function Versions({ slug, year, view }: { slug: string; year: number; view: View }) {
  if (view.versions.length === 0) return null;
  const versions = [...view.versions].sort((a, b) => b.version - a.version);
  return (
    <section aria-labelledby="versions-heading" className="app-section">
      <h2 className="govuk-heading-m" id="versions-heading">
        Versions
      </h2>
      <table className="govuk-table app-table--stack">
        <caption className="govuk-table__caption govuk-table__caption--s">Every version of {financialYearLabel(year)}, newest first</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {["Version", "Status", "Why", "Approved", "Published"].map((h) => (
              <th scope="col" className="govuk-table__header" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {versions.map((v) => (
            <tr className="govuk-table__row" key={v.version}>
              <th scope="row" className="govuk-table__header">
                {v.version === view.version ? (
                  `Version ${v.version} (shown)`
                ) : (
                  <Link href={`${selfAssessmentHref(slug, year)}${v.version === versions[0]?.version ? "" : `?version=${v.version}`}`} className="govuk-link">
                    Version {v.version}
                  </Link>
                )}
              </th>
              <td className="govuk-table__cell" data-label="Status">
                <StatusTag status={v.status} />
              </td>
              <td className="govuk-table__cell" data-label="Why">
                {v.reason ? <Pre>{v.reason}</Pre> : v.version === 1 ? "The first version" : ""}
              </td>
              <td className="govuk-table__cell" data-label="Approved">
                {dateTime(v.approved_at) || "Not approved"}
              </td>
              <td className="govuk-table__cell" data-label="Published">
                {dateTime(v.published_at) || "Not published"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
