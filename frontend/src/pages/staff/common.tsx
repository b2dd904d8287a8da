import { useEffect, useState, type ReactNode } from "react";
import { api } from "../../api/client";
import { Loading, ProblemSummary } from "../../components/layout";
import { formErrors, refusalSentence, type FormErrors } from "../../lib/problems";
import { distinctIds } from "../../lib/residents";
import { Link } from "../../router";
import type { Loaded } from "../load";

/** What an API call answers. */
export interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** A form's errors and whether it is being sent; `submit` checks, sends, and either goes on
 * (`done`) or shows the server's refusal: field errors by their fields (`fields` are the
 * server's names of the fields the form shows), anything else (a 403's or 409's detail) in
 * the summary as the server wrote it. */
export function useSubmit() {
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit<T>(opts: {
    check?: () => FormErrors | null;
    send: () => Promise<Answer<T>>;
    fields: readonly string[];
    labels?: Record<string, string>;
    done: (data: T | undefined) => void;
  }): Promise<void> {
    const local = opts.check?.() ?? null;
    if (local && local.summary.length > 0) {
      setErrors(local);
      return;
    }
    setBusy(true);
    try {
      const res = await opts.send();
      if (res.response.ok) {
        setErrors(null);
        opts.done(res.data);
        return;
      }
      setErrors(formErrors(res.error, opts.fields, opts.labels));
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(false);
    }
  }
  return { errors, setErrors, busy, submit };
}

/** The submit button and a way back without saving. */
export function FormButtons({
  label,
  busy,
  cancel,
  warning,
  secondary,
}: {
  label: string;
  busy: boolean;
  cancel?: string;
  warning?: boolean;
  secondary?: boolean;
}) {
  return (
    <div className="govuk-button-group">
      <button
        type="submit"
        className={`govuk-button${warning ? " govuk-button--warning" : ""}${secondary ? " govuk-button--secondary" : ""}`}
        data-module="govuk-button"
        disabled={busy}
      >
        {label}
      </button>
      {cancel && (
        <Link href={cancel} className="govuk-link">
          Cancel
        </Link>
      )}
    </div>
  );
}

/** A section the server refused to show this user (a 403 inside a page that otherwise loads):
 * its message in an inset, so the rest of the page still works. */
export function Refused({ detail }: { detail: string | null }) {
  return (
    <div className="govuk-inset-text">
      {detail ? refusalSentence(detail) : "Your role does not include this."}
    </div>
  );
}

/** A GOV.UK summary card with a title, optional actions and summary-list rows. */
export function SummaryCard({
  title,
  actions,
  rows,
  headingLevel = 3,
}: {
  title: ReactNode;
  actions?: { href: string; text: string; hidden: string }[];
  rows: { key: string; value: ReactNode }[];
  headingLevel?: 2 | 3;
}) {
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className="govuk-summary-card">
      <div className="govuk-summary-card__title-wrapper">
        <H className="govuk-summary-card__title">{title}</H>
        {actions && actions.length > 0 && (
          <ul className="govuk-summary-card__actions">
            {actions.map((a) => (
              <li className="govuk-summary-card__action" key={a.href}>
                <Link href={a.href} className="govuk-link">
                  {a.text}
                  <span className="govuk-visually-hidden"> {a.hidden}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
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

/** Residents' names by id, for lists that carry only the id. Unknown ids stay unnamed. */
export function useResidentNames(slug: string, ids: (string | null | undefined)[] | null): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  const wanted = ids ? distinctIds(ids) : [];
  const key = wanted.join(",");
  useEffect(() => {
    if (wanted.length === 0) return;
    let live = true;
    Promise.all(
      wanted.map((id) =>
        api
          .GET("/api/v1/landlords/{slug}/residents/{id}", { params: { path: { slug, id } } })
          .then(({ data }) => [id, data?.name ?? ""] as const)
          .catch(() => [id, ""] as const),
      ),
    ).then((pairs) => {
      if (live) setNames((n) => ({ ...n, ...Object.fromEntries(pairs.filter(([, name]) => name)) }));
    });
    return () => {
      live = false;
    };
    // `key` stands for `wanted`.
  }, [slug, key]);
  return names;
}

/** Text kept as typed, line breaks and all. */
export function Pre({ children }: { children: ReactNode }) {
  return <span className="app-prewrap">{children}</span>;
}

/** What a section of a page shows while its part loads, or when the server refused it; the
 * rest of the page goes on working. */
export function SectionStatus<T>({ loaded }: { loaded: Loaded<T> }) {
  if (loaded.status === null) return <Loading />;
  if (loaded.status === 403) return <Refused detail={loaded.problem} />;
  return <ProblemSummary text={loaded.problem ?? "Something went wrong. Try again."} />;
}
