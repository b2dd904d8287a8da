import { useEffect, useMemo, type FormEvent, type ReactNode } from "react";
import type { Schemas } from "../api/client";
import { groupedSecret } from "../lib/account";
import type { FormErrors } from "../lib/problems";
import { ErrorSummary, TextInput } from "./forms";
import { Loading, ProblemSummary } from "./layout";

/** The parts of setting up an authenticator app, shared by the sign-in (when a second factor
 * is required and none is set up) and the account page. */

/** The code field of an authenticator: six digits, as phones offer them. */
export function CodeInput({
  value,
  onChange,
  error,
  label,
  hint,
  pageHeading,
}: {
  value: string;
  onChange: (v: string) => void;
  error?: string;
  label: string;
  hint?: ReactNode;
  pageHeading?: boolean;
}) {
  return (
    <TextInput
      name="code"
      label={label}
      hint={hint}
      pageHeading={pageHeading}
      inputMode="numeric"
      autoComplete="one-time-code"
      spellCheck={false}
      width="govuk-input--width-5"
      value={value}
      onChange={onChange}
      error={error}
    />
  );
}

/**
 * Scanning the QR code (or typing the secret) into an authenticator app, then giving its first
 * code. `enrolment` is null while it is being made; `problem` is why it could not be.
 */
export function AuthenticatorSetUp({
  enrolment,
  problem,
  code,
  setCode,
  errors,
  busy,
  onSubmit,
  intro,
  submitLabel = "Continue",
  cancel,
  caption,
}: {
  enrolment: Schemas["MfaEnrolment"] | null;
  problem: string | null;
  code: string;
  setCode: (v: string) => void;
  errors: FormErrors | null;
  busy: boolean;
  onSubmit: (e: FormEvent) => void;
  intro?: ReactNode;
  submitLabel?: string;
  cancel?: ReactNode;
  /** Above the heading, e.g. who is signing in. */
  caption?: ReactNode;
}) {
  return (
    <>
      <ErrorSummary errors={errors} />
      {caption}
      <h1 className="govuk-heading-l">Set up an authenticator app</h1>
      {intro}
      {problem ? (
        <ProblemSummary text={problem} />
      ) : !enrolment ? (
        <Loading />
      ) : (
        <>
          <h2 className="govuk-heading-m">1. Get an authenticator app</h2>
          <p className="govuk-body">
            Use an authenticator app on your phone, tablet or computer, such as Google Authenticator, Microsoft Authenticator or
            your password manager. Open it and choose to add an account.
          </p>
          <h2 className="govuk-heading-m">2. Scan the QR code</h2>
          <p className="govuk-body">Point your authenticator app's camera at this QR code.</p>
          <img
            className="app-qr-code"
            src={enrolment.qr_code}
            alt="QR code to scan with your authenticator app. If you cannot scan it, enter the secret key shown below it instead."
            width={200}
            height={200}
          />
          <p className="govuk-body">If you cannot scan the QR code, enter this secret key in the app instead:</p>
          <p className="govuk-body">
            <code className="app-secret-key" id="secret-key">
              {groupedSecret(enrolment.secret)}
            </code>
          </p>
          <p className="govuk-hint">It is the same secret as the QR code: a time-based key, 6 digits every 30 seconds.</p>
          <h2 className="govuk-heading-m">3. Enter the code the app shows</h2>
          <form onSubmit={onSubmit} noValidate>
            <CodeInput
              label="Code from your authenticator app"
              hint="The app shows a new 6-digit code every 30 seconds"
              value={code}
              onChange={setCode}
              error={errors?.fields.code}
            />
            <div className="govuk-button-group">
              <button type="submit" className="govuk-button" data-module="govuk-button" disabled={busy}>
                {submitLabel}
              </button>
              {cancel}
            </div>
          </form>
        </>
      )}
    </>
  );
}

/** Recovery codes, shown this once, with a warning to keep them, and a text file of them. */
export function RecoveryCodesList({ codes }: { codes: string[] }) {
  const file = useMemo(() => {
    if (typeof URL.createObjectURL !== "function") return null;
    const text = `Redress recovery codes\n\nEach code works once, in place of a code from your authenticator app.\n\n${codes.join("\n")}\n`;
    return URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  }, [codes]);
  useEffect(() => () => (file ? URL.revokeObjectURL(file) : undefined), [file]);
  return (
    <>
      <div className="govuk-warning-text">
        <span className="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong className="govuk-warning-text__text">
          <span className="govuk-visually-hidden">Warning</span>
          You will not be shown these codes again. Store them somewhere safe, such as a password manager, before you continue.
        </strong>
      </div>
      <p className="govuk-body">
        If you lose your phone or cannot use your authenticator app, you can sign in with one of these codes instead. Each code
        works once.
      </p>
      <ol className="govuk-list govuk-list--number app-recovery-codes" aria-label="Your recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      {file && (
        <p className="govuk-body">
          <a href={file} download="redress-recovery-codes.txt" className="govuk-link">
            Download the codes as a text file
          </a>
        </p>
      )}
    </>
  );
}

/** The button under recovery codes shown once: the user says they have saved them, and goes
 * on. */
export function SavedCodesButton({ onContinue, busy }: { onContinue: () => void; busy?: boolean }) {
  return (
    <button type="button" className="govuk-button" data-module="govuk-button" disabled={busy} onClick={onContinue}>
      I have saved my recovery codes – continue
    </button>
  );
}
