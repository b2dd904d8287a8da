import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { api, type Schemas } from "../../api/client";
import { Checkbox, DateInput, ErrorSummary, TextInput, Textarea, emptyDate } from "../../components/forms";
import { BackLink, SuccessBanner, SummaryList, useTitle } from "../../components/layout";
import { TIMESCALES, type SettingsSection, closureDaysTried, settingsDraft, settingsPatch, withoutBlankRows, type SettingsDraft, type SettingsNow, type Timescales } from "../../lib/admin";
import { humanise } from "../../lib/words";
import { longDate } from "../../lib/deadlines";
import { formErrors } from "../../lib/problems";
import { NotLoaded, useLoad } from "../load";
import { setFlash, takeFlash } from "../../lib/flash";
import { Link, navigate } from "../../router";
import { FormButtons, Pre, useSubmit } from "../staff/common";

type SettingsView = Schemas["SettingsView"];

/** The settings as the form compares them. */
export function settingsNow(v: SettingsView): SettingsNow {
  return {
    name: v.landlord.name,
    reference_prefix: v.landlord.reference_prefix,
    homes_low_cost_rental: v.landlord.homes_low_cost_rental,
    homes_low_cost_home_ownership: v.landlord.homes_low_cost_home_ownership,
    restriction_review_months: v.landlord.restriction_review_months,
    letter_name: v.letter_name,
    logo_url: v.logo_url,
    contact_block: v.contact_block,
    schemes: v.schemes.map((s) => ({
      code: s.code,
      name: s.name,
      ombudsman: { name: s.ombudsman.name, contact: s.ombudsman.contact },
      timescales: s.timescales as Timescales,
    })),
    closure_days: v.closure_days,
  };
}

const LABELS: Record<string, string> = {
  name: "The landlord's name",
  reference_prefix: "The reference prefix",
  homes: "Low-cost rental homes",
  homes_low_cost_home_ownership: "Low-cost home ownership homes",
  restriction_review_months: "The longest time to a restriction's review",
  letter_name: "The name letters are signed with",
  logo_url: "The logo's address",
  contact_block: "The contact details on letters",
  require_mfa: "Asking every user for a second factor",
};

/** The landlord's settings (landlord admin): the landlord, its complaint schemes with their
 * Ombudsman and timescales, closure days, and how letters are signed. */
/** The settings' pages, each changed on its own from the summary (Code 9.x is silent; the
 * GOV.UK pattern is a summary list with "Change" links). */
const SETTINGS_SECTIONS: { id: SettingsSection; title: string }[] = [
  { id: "landlord", title: "The landlord" },
  { id: "schemes", title: "Complaint schemes and timescales" },
  { id: "closure-days", title: "Closure days" },
  { id: "signing-in", title: "Signing in" },
  { id: "letters", title: "Letters to residents" },
];

/** The landlord's settings: a summary of each part with a link to change it, or (with
 * `section`) the page that changes that part. */
export function Settings({ slug, landlordName, section }: { slug: string; landlordName: string; section?: SettingsSection }) {
  const loaded = useLoad(() => api.GET("/api/v1/landlords/{slug}/settings", { params: { path: { slug } } }), [slug]);
  const [flash] = useState(() => takeFlash());
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [requireMfa, setRequireMfa] = useState(false);
  const { errors, setErrors, busy, submit } = useSubmit();
  const title = section ? SETTINGS_SECTIONS.find((x) => x.id === section)?.title ?? "Settings" : "Settings";
  useTitle(`${title} – ${landlordName}`, !!errors);
  useEffect(() => {
    if (loaded.data) {
      setDraft(settingsDraft(settingsNow(loaded.data)));
      setRequireMfa(loaded.data.require_mfa);
    }
  }, [loaded.data]);
  const settingsHref = `/l/${encodeURIComponent(slug)}/settings`;
  const back = section ? (
    <BackLink href={settingsHref}>Back to settings</BackLink>
  ) : (
    <BackLink href={`/l/${encodeURIComponent(slug)}/admin`}>Back to administration</BackLink>
  );
  if (!loaded.data || !draft) {
    return (
      <>
        {back}
        <NotLoaded loaded={loaded} />
      </>
    );
  }
  const v = loaded.data;
  const now = settingsNow(v);
  const f = errors?.fields ?? {};
  const fields = [
    ...Object.keys(LABELS),
    ...draft.schemes.flatMap((_, i) => [
      `schemes[${i}].name`,
      `schemes[${i}].ombudsman.name`,
      `schemes[${i}].ombudsman.contact`,
      ...TIMESCALES.map((t) => `schemes[${i}].timescales.${t.key}`),
    ]),
    ...draft.closure_days.flatMap((_, i) => [`closure_days[${i}].date`, `closure_days[${i}].reason`]),
  ];
  const set = (patch: Partial<SettingsDraft>) => setDraft({ ...draft, ...patch });
  const setScheme = (i: number, patch: Partial<SettingsDraft["schemes"][number]>) =>
    set({ schemes: draft.schemes.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  const setDay = (i: number, patch: Partial<SettingsDraft["closure_days"][number]>) =>
    set({ closure_days: draft.closure_days.map((d, j) => (j === i ? { ...d, ...patch } : d)) });

  function save(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    const cleaned = withoutBlankRows(draft);
    setDraft(cleaned);
    const { body, errors: local } = settingsPatch(now, cleaned);
    if (requireMfa !== v.require_mfa) body.require_mfa = requireMfa;
    if (local.summary.length === 0 && Object.keys(body).length === 0) {
      setErrors({ fields: {}, summary: [{ text: "Nothing has changed: change a setting before saving" }] });
      return;
    }
    void submit({
      check: () => local,
      send: () => api.PATCH("/api/v1/landlords/{slug}/settings", { params: { path: { slug } }, body }),
      fields,
      labels: LABELS,
      done: () => {
        setFlash(`${title}: changes saved`);
        navigate(settingsHref);
      },
    });
  }

  if (!section) {
    return (
      <>
        {back}
        {flash && <SuccessBanner heading={flash} />}
        <SettingsSummary v={v} slug={slug} />
      </>
    );
  }
  const shows = (id: SettingsSection) => section === id;

  return (
    <>
      {back}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l">Settings</span>
          <h1 className="govuk-heading-l">{title}</h1>
          <form onSubmit={save} noValidate>
            {shows("landlord") && (
              <>
            <TextInput name="name" label="Name" value={draft.name} onChange={(x) => set({ name: x })} error={f.name} />
            <TextInput
              name="reference_prefix"
              label="Reference prefix"
              hint="The letters that start every complaint and service request reference, for example RIV in RIV-000123"
              width="govuk-input--width-5"
              spellCheck={false}
              value={draft.reference_prefix}
              onChange={(x) => set({ reference_prefix: x })}
              error={f.reference_prefix}
            />
            <TextInput
              name="homes"
              label="Low-cost rental homes owned"
              hint="With the low-cost home ownership homes, the number of homes the Regulator's measure CH01 is per 1,000 of"
              inputMode="numeric"
              width="govuk-input--width-10"
              value={draft.homes}
              onChange={(x) => set({ homes: x })}
              error={f.homes}
            />
            <TextInput
              name="homes_low_cost_home_ownership"
              label="Low-cost home ownership homes owned"
              hint="0 if the landlord does not report them separately"
              inputMode="numeric"
              width="govuk-input--width-10"
              value={draft.homes_low_cost_home_ownership}
              onChange={(x) => set({ homes_low_cost_home_ownership: x })}
              error={f.homes_low_cost_home_ownership}
            />
            <TextInput
              name="restriction_review_months"
              label="Longest time to a restriction's review, in months"
              hint="From 1 to 12. Each restriction on contact must be reviewed within this time (Code 5.14)"
              inputMode="numeric"
              width="govuk-input--width-2"
              value={draft.restriction_review_months}
              onChange={(x) => set({ restriction_review_months: x })}
              error={f.restriction_review_months}
            />
              </>
            )}

            {shows("schemes") && draft.schemes.map((s, i) => (
              <section key={s.code} aria-labelledby={`scheme-${i}-heading`}>
                <h2 className="govuk-heading-m" id={`scheme-${i}-heading`}>
                  Complaint scheme: {now.schemes[i]?.name ?? s.code}
                </h2>
                <TextInput
                  name={`schemes[${i}].name`}
                  label="Scheme name"
                  value={s.name}
                  onChange={(x) => setScheme(i, { name: x })}
                  error={f[`schemes[${i}].name`]}
                />
                <TextInput
                  name={`schemes[${i}].ombudsman.name`}
                  label="Ombudsman"
                  hint="Where residents can go once the landlord's process is finished"
                  value={s.ombudsmanName}
                  onChange={(x) => setScheme(i, { ombudsmanName: x })}
                  error={f[`schemes[${i}].ombudsman.name`]}
                />
                <Textarea
                  name={`schemes[${i}].ombudsman.contact`}
                  label="Ombudsman's contact details"
                  hint="Printed in letters that tell residents of their right to go to the Ombudsman"
                  rows={4}
                  value={s.ombudsmanContact}
                  onChange={(x) => setScheme(i, { ombudsmanContact: x })}
                  error={f[`schemes[${i}].ombudsman.contact`]}
                />
                <div className="govuk-form-group">
                  <fieldset className="govuk-fieldset" aria-describedby={`scheme-${i}-timescales-hint`}>
                    <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Timescales, in working days</legend>
                    <div className="govuk-hint" id={`scheme-${i}-timescales-hint`}>
                      A landlord may set shorter timescales than the Code's, never longer.
                    </div>
                    {TIMESCALES.map((t) => (
                      <TextInput
                        key={t.key}
                        name={`schemes[${i}].timescales.${t.key}`}
                        label={t.label}
                        hint={`The Code's: ${t.code} working days (Code ${t.provision})`}
                        inputMode="numeric"
                        width="govuk-input--width-3"
                        value={s.timescales[t.key]}
                        onChange={(x) => setScheme(i, { timescales: { ...s.timescales, [t.key]: x } })}
                        error={f[`schemes[${i}].timescales.${t.key}`]}
                      />
                    ))}
                  </fieldset>
                </div>
              </section>
            ))}

            {shows("closure-days") && (
            <section aria-labelledby="closure-heading">
              <h2 className="govuk-heading-m govuk-visually-hidden" id="closure-heading">
                Closure days
              </h2>
              <p className="govuk-body">
                Days the landlord is closed besides weekends and bank holidays in England and Wales. Deadlines skip them.
              </p>
              {draft.closure_days.length === 0 && <p className="govuk-body">There are no closure days.</p>}
              {draft.closure_days.map((d, i) => (
                <div className="app-repeat" key={i}>
                  <h3 className="govuk-heading-s">Closure day {i + 1}</h3>
                  <DateInput
                    name={`closure_days[${i}].date`}
                    label="Date"
                    hint="For example, 29 12 2026"
                    value={d.date}
                    onChange={(x) => setDay(i, { date: x })}
                    error={f[`closure_days[${i}].date`]}
                  />
                  <TextInput
                    name={`closure_days[${i}].reason`}
                    label="Why the office is closed"
                    value={d.reason}
                    onChange={(x) => setDay(i, { reason: x })}
                    error={f[`closure_days[${i}].reason`]}
                  />
                  <button
                    type="button"
                    className="govuk-button govuk-button--secondary"
                    data-module="govuk-button"
                    onClick={() => set({ closure_days: draft.closure_days.filter((_, j) => j !== i) })}
                  >
                    Remove<span className="govuk-visually-hidden"> closure day {i + 1}</span>
                  </button>
                </div>
              ))}
              <button
                type="button"
                className="govuk-button govuk-button--secondary"
                data-module="govuk-button"
                onClick={() => set({ closure_days: [...draft.closure_days, { date: emptyDate, reason: "" }] })}
              >
                Add a closure day
              </button>
              <ClosureDaysEffect slug={slug} tried={closureDaysTried(draft)} />
            </section>
            )}

            {shows("signing-in") && (
            <div className="govuk-form-group">
              <fieldset className="govuk-fieldset" aria-describedby="require_mfa-fieldset-hint">
                <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Second factor</legend>
                <div id="require_mfa-fieldset-hint" className="govuk-hint">
                  Landlord admins always sign in with a code from an authenticator app as well as their password.
                </div>
                <div className="govuk-checkboxes" data-module="govuk-checkboxes">
                  <Checkbox
                    name="require_mfa"
                    label="Ask every user to sign in with a second factor"
                    hint={`Everyone at ${v.landlord.name}, not only admins. Anyone signed in without one is asked to sign in again, and sets up an authenticator app if they have none.`}
                    checked={requireMfa}
                    onChange={setRequireMfa}
                  />
                </div>
              </fieldset>
            </div>
            )}

            {shows("letters") && (
              <>
            <TextInput
              name="letter_name"
              label="Name letters are signed with (optional)"
              hint="The landlord's name when left blank"
              value={draft.letter_name}
              onChange={(x) => set({ letter_name: x })}
              error={f.letter_name}
            />
            <TextInput
              name="logo_url"
              label="Web address of the logo (optional)"
              hint="An https address of the image at the top of letters"
              type="url"
              spellCheck={false}
              value={draft.logo_url}
              onChange={(x) => set({ logo_url: x })}
              error={f.logo_url}
            />
            <Textarea
              name="contact_block"
              label="Contact details at the foot of letters (optional)"
              hint="Address, telephone and opening hours"
              rows={4}
              value={draft.contact_block}
              onChange={(x) => set({ contact_block: x })}
              error={f.contact_block}
            />
              </>
            )}
            <FormButtons label="Save settings" busy={busy} cancel={settingsHref} />
          </form>
        </div>
      </div>
    </>
  );
}

/** Each part of the settings as a summary card, with a link to the page that changes it. */
function SettingsSummary({ v, slug }: { v: SettingsView; slug: string }) {
  const href = (id: SettingsSection) => `/l/${encodeURIComponent(slug)}/settings/${id}`;
  const none = <span className="app-secondary">None</span>;
  const card = (id: SettingsSection, title: string, rows: { key: string; value: ReactNode }[]) => (
    <div className="govuk-summary-card" key={`${id}-${title}`}>
      <div className="govuk-summary-card__title-wrapper">
        <h2 className="govuk-summary-card__title">{title}</h2>
        <ul className="govuk-summary-card__actions">
          <li className="govuk-summary-card__action">
            <Link href={href(id)} className="govuk-link">
              Change<span className="govuk-visually-hidden"> {title.toLowerCase()}</span>
            </Link>
          </li>
        </ul>
      </div>
      <div className="govuk-summary-card__content">
        <SummaryList rows={rows} />
      </div>
    </div>
  );
  const l = v.landlord;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">Administration</span>
        <h1 className="govuk-heading-l">Settings</h1>
        <SummaryList
          rows={[
            { key: "Web address name", value: l.slug },
            { key: "Kind of landlord", value: humanise(l.kind) },
            { key: "Status", value: humanise(l.status) },
          ]}
        />
        {card("landlord", "The landlord", [
          { key: "Name", value: l.name },
          { key: "Reference prefix", value: l.reference_prefix },
          { key: "Low-cost rental homes", value: l.homes_low_cost_rental.toLocaleString("en-GB") },
          { key: "Low-cost home ownership homes", value: l.homes_low_cost_home_ownership.toLocaleString("en-GB") },
          { key: "Longest time to a restriction's review", value: `${l.restriction_review_months} months` },
        ])}
        {v.schemes.map((s) =>
          card("schemes", `Complaint scheme: ${s.name}`, [
            { key: "Ombudsman", value: s.ombudsman.name },
            { key: "Ombudsman's contact details", value: <Pre>{s.ombudsman.contact}</Pre> },
            ...TIMESCALES.map((t) => ({
              key: t.label,
              value: `${(s.timescales as unknown as Timescales)[t.key]} working days${(s.timescales as unknown as Timescales)[t.key] < t.code ? ` (the Code's: ${t.code})` : ""}`,
            })),
          ]),
        )}
        {card("closure-days", "Closure days", [
          {
            key: "Days closed besides weekends and bank holidays",
            value:
              v.closure_days.length === 0 ? (
                none
              ) : (
                <ul className="govuk-list">
                  {v.closure_days.map((d) => (
                    <li key={d.date}>
                      {longDate(d.date)}: {d.reason}
                    </li>
                  ))}
                </ul>
              ),
          },
        ])}
        {card("signing-in", "Signing in", [
          { key: "Second factor", value: v.require_mfa ? "Every user" : "Landlord admins only" },
        ])}
        {card("letters", "Letters to residents", [
          { key: "Signed with", value: v.letter_name ?? `${l.name} (the landlord's name)` },
          { key: "Logo", value: v.logo_url ? <span className="app-break">{v.logo_url}</span> : none },
          { key: "Contact details", value: v.contact_block ? <Pre>{v.contact_block}</Pre> : none },
        ])}
        <p className="govuk-body">
          <Link href={`/l/${encodeURIComponent(slug)}/targets`} className="govuk-link">
            Targets for the headline figures
          </Link>{" "}
          are set on a page of their own.
        </p>
      </div>
    </div>
  );
}

/** Which open complaints' deadlines the closure days on the page would move, asked of the
 * server before saving: the same rule saving applies. */
function ClosureDaysEffect({ slug, tried }: { slug: string; tried: { date: string; reason: string }[] }) {
  const [effect, setEffect] = useState<Schemas["ClosureDaysEffect"] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = JSON.stringify(tried);
  // A change to the days makes the answer out of date.
  useEffect(() => setEffect(null), [key]);
  async function ask() {
    setBusy(true);
    setProblem(null);
    try {
      const { data, error } = await api.POST("/api/v1/landlords/{slug}/settings/closure-days/effect", {
        params: { path: { slug } },
        body: { closure_days: tried },
      });
      if (data) setEffect(data);
      else setProblem(formErrors(error).summary[0]?.text ?? "Something went wrong. Try again.");
    } catch {
      setProblem("The portal could not reach the server. Try again.");
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="govuk-!-margin-bottom-6">
      <h3 className="govuk-heading-s">Deadlines that move</h3>
      <p className="govuk-body">Before saving, see which open complaints' deadlines these closure days would move.</p>
      <button type="button" className="govuk-button govuk-button--secondary" data-module="govuk-button" disabled={busy} onClick={() => void ask()}>
        Check which deadlines move
      </button>
      <div role="status">
        {problem && <p className="govuk-error-message">{problem}</p>}
        {effect &&
          (effect.count === 0 ? (
            <p className="govuk-body">No open complaint's deadline moves.</p>
          ) : (
            <table className="govuk-table app-table--stack">
              <caption className="govuk-table__caption govuk-table__caption--s">
                {effect.count === 1 ? "1 open complaint's deadline moves" : `${effect.count.toLocaleString("en-GB")} open complaints' deadlines move`}
                {effect.count > effect.moves.length ? `; the first ${effect.moves.length} are listed` : ""}
              </caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  {["Complaint", "Stage", "Deadline now", "Deadline then"].map((h) => (
                    <th scope="col" className="govuk-table__header" key={h}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {effect.moves.map((m) => (
                  <tr className="govuk-table__row" key={m.complaint_id}>
                    <th scope="row" className="govuk-table__header">
                      <Link href={`/l/${encodeURIComponent(slug)}/complaints/${m.complaint_id}`} className="govuk-link">
                        {m.reference}
                      </Link>
                    </th>
                    <td className="govuk-table__cell" data-label="Stage">
                      Stage {m.stage}
                    </td>
                    <td className="govuk-table__cell" data-label="Deadline now">
                      {m.from ? longDate(m.from) : "None"}
                    </td>
                    <td className="govuk-table__cell" data-label="Deadline then">
                      {m.to ? longDate(m.to) : "None"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
      </div>
    </div>
  );
}
