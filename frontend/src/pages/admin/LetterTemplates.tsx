import { useEffect, useState, type FormEvent } from "react";
import { api, type Schemas } from "../../api/client";
import { ErrorSummary, Textarea } from "../../components/forms";
import { BackLink, Loading, SuccessBanner, Tag, useTitle } from "../../components/layout";
import { TEMPLATE_LABELS, sampleNames, templateChange, templateDraft, templateProblem, type TemplateSources } from "../../lib/admin";
import { dateTime } from "../../lib/deadlines";
import { setFlash, takeFlash } from "../../lib/flash";
import { letterLabel } from "../../lib/words";
import { Link, navigate } from "../../router";
import { NotLoaded, useLoad } from "../load";
import { useSubmit } from "../staff/common";

type Template = Schemas["LetterTemplateView"];

function useTemplates(slug: string) {
  return useLoad(() => api.GET("/api/v1/landlords/{slug}/letter-templates", { params: { path: { slug } } }), [slug]);
}

/** Every kind of letter residents are sent, and whether the landlord has its own wording. */
export function LetterTemplates({ slug, landlordName }: { slug: string; landlordName: string }) {
  const [flash] = useState(() => takeFlash());
  useTitle(`Letter templates – ${landlordName}`);
  const loaded = useTemplates(slug);
  const base = `/l/${encodeURIComponent(slug)}/letter-templates`;
  const data = loaded.data;
  return (
    <>
      <BackLink href={`/l/${encodeURIComponent(slug)}/admin`}>Back to administration</BackLink>
      {flash && <SuccessBanner heading={flash} />}
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Letter templates</h1>
      <p className="govuk-body">
        The letters residents are sent at each step. Each follows the Code's requirements by default; you can use your own wording for its subject,
        its text or its HTML, and put the default back at any time.
      </p>
      {!data ? (
        <NotLoaded loaded={loaded} />
      ) : (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--m">Letters</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Letter</th>
              <th scope="col" className="govuk-table__header">Wording</th>
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {data.map((t) => (
              <tr className="govuk-table__row" key={t.kind}>
                <th scope="row" className="govuk-table__header">
                  {letterLabel(t.kind)}
                </th>
                <td className="govuk-table__cell" data-label="Wording">
                  {t.override ? (
                    <>
                      <Tag className="govuk-tag--blue">Your own</Tag>
                      <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">Changed {dateTime(t.override.updated_at)}</span>
                      {t.reading.own_reads_harder && (
                        <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
                          Reads harder than plain English (grade {t.reading.own_grade?.toFixed(1)})
                        </span>
                      )}
                    </>
                  ) : (
                    <Tag className="govuk-tag--grey">Default</Tag>
                  )}
                </td>
                <td className="govuk-table__cell" data-label="Action">
                  <Link href={`${base}/${t.kind}`} className="govuk-link">
                    Change<span className="govuk-visually-hidden"> the {letterLabel(t.kind).toLowerCase()} letter</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** Edits the landlord's wording of one kind of letter. The server renders each part with the
 * kind's sample data and refuses one that does not, naming it; its message is shown by the
 * part. */
export function LetterTemplateEdit({ slug, kind, landlordName }: { slug: string; kind: string; landlordName: string }) {
  const loaded = useTemplates(slug);
  const t: Template | null = loaded.data?.find((x) => x.kind === kind) ?? null;
  const [draft, setDraft] = useState<TemplateSources | null>(null);
  const { errors, setErrors, busy, submit } = useSubmit();
  useTitle(`${letterLabel(kind)} letter – ${landlordName}`, !!errors);
  useEffect(() => {
    if (t && draft === null) setDraft(templateDraft(t.defaults, t.override));
  }, [t, draft]);
  const list = `/l/${encodeURIComponent(slug)}/letter-templates`;
  if (!loaded.data) {
    return (
      <>
        <BackLink href={list}>Back to letter templates</BackLink>
        <NotLoaded loaded={loaded} />
      </>
    );
  }
  if (!t) {
    return (
      <>
        <BackLink href={list}>Back to letter templates</BackLink>
        <NotLoaded loaded={{ ...loaded, status: 404 }} what="Letter" />
      </>
    );
  }
  if (!draft) return <Loading />;
  const template = t;
  const f = errors?.fields ?? {};
  const names = sampleNames(t.sample);

  function save(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    const change = templateChange(template.defaults, template.override, draft);
    if (change.action === "none") {
      setErrors({ fields: {}, summary: [{ text: "Nothing has changed: the letter already uses the default wording" }] });
      return;
    }
    void submit({
      send: async () => {
        const res =
          change.action === "put"
            ? await api.PUT("/api/v1/landlords/{slug}/letter-templates/{kind}", { params: { path: { slug, kind } }, body: change.body })
            : await api.DELETE("/api/v1/landlords/{slug}/letter-templates/{kind}", { params: { path: { slug, kind } } });
        return { ...res, error: templateProblem(res.error) };
      },
      fields: ["subject", "text", "html"],
      labels: TEMPLATE_LABELS,
      done: () => {
        setFlash(`${letterLabel(kind)}: ${change.action === "put" ? "your wording has been saved" : "the default wording is used again"}`);
        navigate(list);
      },
    });
  }

  async function restore() {
    await submit({
      send: () => api.DELETE("/api/v1/landlords/{slug}/letter-templates/{kind}", { params: { path: { slug, kind } } }),
      fields: [],
      done: () => {
        setFlash(`${letterLabel(kind)}: the default wording is used again`);
        navigate(list);
      },
    });
  }

  return (
    <>
      <BackLink href={list}>Back to letter templates</BackLink>
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">Letter templates</span>
      <h1 className="govuk-heading-l">{letterLabel(kind)} letter</h1>
      <p className="govuk-body">
        {t.override
          ? `This letter uses your own wording, last changed ${dateTime(t.override.updated_at)}. Parts the same as the default follow the default.`
          : "This letter uses the default wording."}{" "}
        Templates are written in Jinja: <code className="app-code">{"{{ name }}"}</code> puts in a value,{" "}
        <code className="app-code">{"{% if name %}…{% endif %}"}</code> includes text only when there is a value.
      </p>
      <ReadingGrade reading={t.reading} />
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Names this letter can use ({names.length})</span>
        </summary>
        <div className="govuk-details__text">
          <ul className="govuk-list app-break">
            {names.map((n) => (
              <li key={n}>
                <code className="app-code">{n}</code>
              </li>
            ))}
          </ul>
        </div>
      </details>
      <form onSubmit={save} noValidate>
        <Textarea
          name="subject"
          label="Subject"
          hint="One line: the email's subject and the letter's heading"
          rows={2}
          value={draft.subject}
          onChange={(v) => setDraft({ ...draft, subject: v })}
          error={f.subject}
        />
        <Textarea
          name="text"
          label="Plain text"
          hint="The letter as plain text, for email programs that do not show HTML and for printing"
          rows={16}
          value={draft.text}
          onChange={(v) => setDraft({ ...draft, text: v })}
          error={f.text}
        />
        <Textarea
          name="html"
          label="HTML"
          hint={'The letter as HTML. It may start with {% extends "base.html.j2" %} to keep the landlord\'s letterhead'}
          rows={16}
          value={draft.html}
          onChange={(v) => setDraft({ ...draft, html: v })}
          error={f.html}
        />
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button" data-module="govuk-button" disabled={busy}>
            Save wording
          </button>
          {t.override && (
            <button type="button" className="govuk-button govuk-button--secondary" data-module="govuk-button" disabled={busy} onClick={() => void restore()}>
              Use the default wording
            </button>
          )}
          <Link href={list} className="govuk-link">
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}

/** How hard the letter reads (Code 3.2): a warning when the landlord's own wording reads
 * harder than plain English and than the default. */
function ReadingGrade({ reading }: { reading: Template["reading"] }) {
  const grade = (g: number | null | undefined) => (g == null ? "not measured" : `grade ${g.toFixed(1)}`);
  const plain = reading.plain_english_grade;
  if (reading.own_reads_harder) {
    return (
      <div className="govuk-warning-text">
        <span className="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong className="govuk-warning-text__text">
          <span className="govuk-visually-hidden">Warning</span>
          Your wording reads at {grade(reading.own_grade)} on the Flesch–Kincaid scale; the default reads at {grade(reading.default_grade)}.
          Letters should read below grade {plain}, a reading age of about 11: use shorter sentences and everyday words.
        </strong>
      </div>
    );
  }
  return (
    <p className="govuk-body">
      {reading.own_grade != null
        ? `Your wording reads at ${grade(reading.own_grade)} on the Flesch–Kincaid scale; the default at ${grade(reading.default_grade)}.`
        : `The default wording reads at ${grade(reading.default_grade)} on the Flesch–Kincaid scale.`}{" "}
      Letters should read below grade {plain}, a reading age of about 11.
    </p>
  );
}
