import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { ErrorSummary } from "../../components/forms";
import { BackLink, Loading, useTitle } from "../../components/layout";
import { ACTION_LABEL, allows, type CaseAction } from "../../lib/actions";
import { setFlash } from "../../lib/flash";
import { formErrors, type FormErrors } from "../../lib/problems";
import { navigate } from "../../router";
import type { Me, Membership } from "../../session";
import { caseFacts, useComplaint, type Complaint } from "../casedata";
import { NotFound } from "../NotFound";
import { CheckLetter, type LetterPreview } from "./CheckLetter";

export interface ActionProps {
  slug: string;
  id: string;
  me: Me;
  membership: Membership;
}

/** What a form sends: the API call's answer. */
export interface Sent {
  data?: unknown;
  error?: unknown;
  response: Response;
}

export interface ActionForm {
  /** Checks done before asking the server; errors to show, or null to go on. */
  check?: () => FormErrors | null;
  send: () => Promise<Sent>;
  /** For an action that sends the resident a letter: the same request, answered with the
   * letter it would send and recording nothing. The letter is shown to be checked, and the
   * action is done only when it is confirmed. */
  preview?: () => Promise<Sent>;
  /** The fields the form shows, by the names the server uses, and their labels. */
  fields: readonly string[];
  labels?: Record<string, string>;
  /** The message shown on the case page afterwards (or made from the server's answer). */
  done: string | ((data: unknown) => string);
  /** Where to go afterwards, when not back to the case. */
  next?: (data: unknown) => string | undefined;
}

/** The frame of every action page: back link, heading, error summary, the form, and what
 * happens on success (back to the case, with a banner) or refusal (the server's message). */
export function ActionFrame({
  action,
  props,
  title,
  intro,
  submitLabel,
  warning,
  allowed: allowedFor,
  render,
  onLoad,
}: {
  action: CaseAction;
  props: ActionProps;
  title?: (c: Complaint) => string;
  intro?: (c: Complaint) => ReactNode;
  submitLabel?: string;
  warning?: boolean;
  /** Whether the caller may do this to the complaint as it stands, when the case's state
   * alone does not say (an item of the record, say); by default `allows` decides. */
  allowed?: (c: Complaint) => boolean;
  render: (c: Complaint, errors: FormErrors | null) => { form: ReactNode; spec: ActionForm };
  /** Called once the complaint has loaded: a form fills in what the case already knows. */
  onLoad?: (c: Complaint) => void;
}) {
  const { slug, id, me, membership } = props;
  const { complaint: c, notFound, problem } = useComplaint(slug, id);
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);
  const [letter, setLetter] = useState<LetterPreview | null>(null);
  const heading = c && title ? title(c) : ACTION_LABEL[action];
  const loadedId = c?.id;
  useEffect(() => {
    if (c && onLoad) onLoad(c);
    // Once per complaint (not on every render): what the user then types is theirs.
  }, [loadedId]);
  useTitle(c ? `${heading} – complaint ${c.reference}` : heading, !!errors);

  if (notFound) return <NotFound what="Complaint" />;
  if (problem) return <p className="govuk-body">{problem}</p>;
  if (!c) return <Loading />;

  const caseHref = `/l/${encodeURIComponent(slug)}/complaints/${c.id}`;
  const allowed = allowedFor
    ? allowedFor(c)
    : allows(action, caseFacts(c), { userId: me.id, role: membership.role, contractorId: membership.contractor_id });
  const { form, spec } = render(c, errors);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = spec.check?.() ?? null;
    if (local && local.summary.length > 0) {
      setErrors(local);
      return;
    }
    setBusy(true);
    try {
      if (spec.preview && !letter) {
        // First the letter, as the resident will receive it; nothing is recorded yet.
        const seen = await spec.preview();
        if (seen.response.ok) {
          setErrors(null);
          setLetter(seen.data as LetterPreview);
          window.scrollTo(0, 0);
        } else {
          setErrors(formErrors(seen.error, spec.fields, spec.labels));
        }
        return;
      }
      const res = await spec.send();
      if (res.response.ok) {
        setFlash(typeof spec.done === "function" ? spec.done(res.data) : spec.done);
        navigate(spec.next?.(res.data) ?? caseHref);
        return;
      }
      setLetter(null);
      setErrors(formErrors(res.error, spec.fields, spec.labels));
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(false);
    }
  }

  if (letter) {
    return (
      <CheckLetter
        letter={letter}
        reference={c.reference}
        confirm={submitLabel ?? heading}
        busy={busy}
        warning={warning}
        onConfirm={submit}
        onChange={() => setLetter(null)}
      />
    );
  }

  return (
    <>
      <BackLink href={caseHref}>Back to complaint {c.reference}</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l">Complaint {c.reference}</span>
          <h1 className="govuk-heading-l">{heading}</h1>
          {!allowed && (
            <div className="govuk-inset-text">
              The complaint's status ({c.status.replace(/_/g, " ")}) or your role does not allow this now.
            </div>
          )}
          {intro?.(c)}
          <form onSubmit={submit} noValidate>
            {form}
            <div className="govuk-button-group">
              <button
                type="submit"
                className={`govuk-button${warning ? " govuk-button--warning" : ""}`}
                data-module="govuk-button"
                disabled={busy}
              >
                {/* An action that sends a letter shows it first. */}
                {spec.preview ? "Continue" : (submitLabel ?? heading)}
              </button>
              <a
                href={caseHref}
                className="govuk-link"
                onClick={(e) => {
                  e.preventDefault();
                  navigate(caseHref);
                }}
              >
                Cancel
              </a>
            </div>
          </form>
        </div>
      </div>
    </>
  );
}
