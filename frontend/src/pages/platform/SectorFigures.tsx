import { useState, type FormEvent, type ReactNode } from "react";
import type { components } from "../../api/schema";
import { api } from "../../api/client";
import { ErrorSummary, Select, TextInput } from "../../components/forms";
import { SuccessBanner, useTitle } from "../../components/layout";
import { TARGETS, sectorFiguresFrom } from "../../lib/admin";
import { dateTime } from "../../lib/deadlines";
import { financialYearLabel, financialYearOf, londonToday } from "../../lib/periods";
import type { Me } from "../../session";
import { Forbidden } from "../Forbidden";
import { formErrors } from "../../lib/problems";
import { NotLoaded, useLoad } from "../load";
import { FormButtons, useSubmit } from "../staff/common";

const FIELDS = ["year", "source", ...TARGETS.map((t) => `figures.${t.key}`)];
const LABELS: Record<string, string> = {
  year: "The financial year",
  source: "Where they were published",
  ...Object.fromEntries(TARGETS.map((t) => [`figures.${t.key}`, t.label])),
};

type SectorYear = components["schemas"]["SectorFiguresView"];
type Sent = { response: Response; error?: unknown };

/** The sector's published figures by financial year (platform admin): every landlord's
 * dashboard shows the latest year's beside its own headline figures, citing the source. */
export function SectorFigures({ me }: { me: Me }) {
  if (!me.is_platform_admin) return <Forbidden detail="only a platform admin may do this" />;
  return (
    <SectorFiguresEditor
      title="The sector's figures"
      load={() => api.GET("/api/v1/platform/sector-figures")}
      intro={
        <>
          <h1 className="govuk-heading-l">The sector's figures</h1>
          <p className="govuk-body">
            What the sector has published for the headline figures, such as the Regulator of Social Housing's tenant satisfaction
            measures statistics. Every landlord's dashboard shows the latest year's beside its own figures, naming the source, unless
            the landlord keeps its own copy of that year. Record only what is published; leave out a figure the source does not give.
          </p>
        </>
      }
      none="No sector figures have been recorded yet: dashboards show none."
      formHeading="Record a year's figures"
      formHint="A year already recorded is replaced; the platform's audit log keeps what it replaced."
      saveLabel="Record the figures"
      saved={(y) => `The sector's figures for ${financialYearLabel(y)} are recorded`}
      removed={(y) => `The sector's figures for ${financialYearLabel(y)} are removed`}
      removable={() => true}
      removeLabel="Remove the figures"
      save={(year, figures, source) =>
        api.PUT("/api/v1/platform/sector-figures/{year}", { params: { path: { year } }, body: { figures, source } })
      }
      remove={(year) => api.DELETE("/api/v1/platform/sector-figures/{year}", { params: { path: { year } } })}
    />
  );
}

/** A table of years' sector figures, a form to record a year, and a way to remove one: the
 * platform's record, or a landlord's own copy. */
export function SectorFiguresEditor(props: {
  title: string;
  load: () => Promise<{ data?: SectorYear[]; error?: unknown; response: Response }>;
  intro: ReactNode;
  none: string;
  formHeading: string;
  formHint: string;
  saveLabel: string;
  saved: (year: number) => string;
  removed: (year: number) => string;
  /** Whether a year's row offers removing it. */
  removable: (r: SectorYear) => boolean;
  removeLabel: string;
  /** What the source column says beside the source, such as whose copy it is. */
  whose?: (r: SectorYear) => string;
  save: (year: number, figures: Record<string, number>, source: string) => Promise<Sent>;
  remove: (year: number) => Promise<Sent>;
}) {
  // Loaded here, so that what the banner says outlives the reload after a change.
  const loaded = useLoad(props.load, []);
  const recorded = loaded.data ?? [];
  const lastEnded = financialYearOf(londonToday()) - 1;
  const years = Array.from({ length: 8 }, (_, i) => lastEnded - i);
  const [year, setYear] = useState(String(lastEnded));
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [source, setSource] = useState("");
  const [banner, setBanner] = useState<string | null>(null);
  const { errors, setErrors, busy, submit } = useSubmit();
  useTitle(props.title, !!errors);
  const f = errors?.fields ?? {};

  /** The form filled with a year already recorded, to correct it. */
  function choose(y: string) {
    setYear(y);
    const found = recorded.find((r) => String(r.year) === y);
    setDraft(found ? Object.fromEntries(Object.entries(found.figures).map(([k, v]) => [k, String(v)])) : {});
    setSource(found?.source ?? "");
  }

  function save(e: FormEvent) {
    e.preventDefault();
    setBanner(null);
    const { figures, errors: local } = sectorFiguresFrom(draft, source);
    void submit({
      check: () => local,
      send: () => props.save(Number(year), figures, source.trim()),
      fields: FIELDS,
      labels: LABELS,
      done: () => {
        setBanner(props.saved(Number(year)));
        loaded.reload();
      },
    });
  }

  async function remove(y: number) {
    setBanner(null);
    try {
      const { response, error } = await props.remove(y);
      if (response.ok) {
        setBanner(props.removed(y));
        setErrors(null);
        loaded.reload();
      } else setErrors(formErrors(error, FIELDS, LABELS));
    } catch {
      setErrors(formErrors(null));
    }
  }

  return (
    <>
      {banner && !errors && <SuccessBanner heading={banner} />}
      <ErrorSummary errors={errors} />
      {props.intro}
      {!loaded.data ? (
        <NotLoaded loaded={loaded} />
      ) : recorded.length === 0 ? (
        <p className="govuk-body">{props.none}</p>
      ) : (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--m">Recorded, newest year first</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Financial year
              </th>
              {TARGETS.map((t) => (
                <th scope="col" className="govuk-table__header" key={t.key}>
                  {t.label}
                </th>
              ))}
              <th scope="col" className="govuk-table__header">
                Source
              </th>
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {recorded.map((r) => (
              <tr className="govuk-table__row" key={r.year}>
                <th scope="row" className="govuk-table__header">
                  {financialYearLabel(r.year)}
                </th>
                {TARGETS.map((t) => (
                  <td className="govuk-table__cell" data-label={t.label} key={t.key}>
                    {r.figures[t.key] == null ? "Not published" : `${r.figures[t.key]?.toFixed(1)}%`}
                  </td>
                ))}
                <td className="govuk-table__cell app-break" data-label="Source">
                  {r.source}
                  <span className="govuk-hint govuk-!-margin-0 govuk-!-display-block">
                    {props.whose ? `${props.whose(r)}, recorded` : "Recorded"} {dateTime(r.recorded_at)}
                  </span>
                </td>
                <td className="govuk-table__cell" data-label="Action">
                  {props.removable(r) && (
                    <button type="button" className="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button" onClick={() => void remove(r.year)}>
                      {props.removeLabel}
                      <span className="govuk-visually-hidden"> for {financialYearLabel(r.year)}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">{props.formHeading}</h2>
          <p className="govuk-body">{props.formHint}</p>
          <form onSubmit={save} noValidate>
            <Select
              name="year"
              label="Financial year"
              hint="The sector's figures are published after the year ends on 31 March."
              value={year}
              onChange={choose}
              error={f.year}
              choices={years.map((y) => ({ value: String(y), label: financialYearLabel(y) }))}
            />
            {TARGETS.map((t) => (
              <TextInput
                key={t.key}
                name={`figures.${t.key}`}
                label={`${t.label} (optional)`}
                hint="A percentage to one decimal place, for example 79.4"
                inputMode="text"
                width="govuk-input--width-4"
                value={draft[t.key] ?? ""}
                onChange={(v) => setDraft({ ...draft, [t.key]: v })}
                error={f[`figures.${t.key}`]}
              />
            ))}
            <TextInput name="source" label="Where were they published?" hint="The publication's name and date, as the dashboard will cite it" value={source} onChange={setSource} error={f.source} />
            <FormButtons label={props.saveLabel} busy={busy} />
          </form>
        </div>
      </div>
    </>
  );
}
