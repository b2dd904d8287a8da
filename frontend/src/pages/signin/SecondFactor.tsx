import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { publicApi, type Schemas } from "../../api/client";
import { ErrorSummary, TextInput } from "../../components/forms";
import { AuthenticatorSetUp, CodeInput, RecoveryCodesList, SavedCodesButton } from "../../components/mfa";
import { BackLink, useTitle } from "../../components/layout";
import {
  authenticatorCode,
  authenticatorCodeErrors,
  challengeLive,
  nextQuery,
  recoveryCode,
  recoveryCodeErrors,
  safeNext,
  type Challenge,
} from "../../lib/account";
import { formErrors, type FormErrors } from "../../lib/problems";
import { Link, navigate } from "../../router";
import { landingFor, useSession } from "../../session";
import {
  currentChallenge,
  currentEnrolled,
  dropChallenge,
  dropEnrolled,
  enrolmentFor,
  holdEnrolled,
  type Enrolled,
} from "./flow";

/** The second step of signing in, and setting up an authenticator when one is required. */

/** A 401 from a step that means the challenge itself no longer works. */
function expiredAnswer(status: number, error: unknown): boolean {
  const detail = (error as { detail?: unknown } | undefined)?.detail;
  return status === 401 && typeof detail === "string" && /expired|not valid|sign in again/i.test(detail);
}

/** Goes on once signed in, as the password step does. */
function goOn(path: string, next: string | null, pair: Schemas["TokenPair"]) {
  if (window.location.pathname !== path) return;
  navigate(safeNext(next) ?? landingFor(pair.user), { replace: true });
}

function Column({ children }: { children: ReactNode }) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">{children}</div>
    </div>
  );
}

/** The challenge has expired, or the page was reloaded (it is kept in memory only). */
export function SignInTimedOut({ next }: { next: string | null }) {
  useTitle("Your sign-in has timed out");
  return (
    <Column>
      <h1 className="govuk-heading-l">Your sign-in has timed out</h1>
      <p className="govuk-body">
        For your security, the second step of signing in must be done within 5 minutes of entering your password, in the same
        browser tab.
      </p>
      <p className="govuk-body">
        <Link href={`/sign-in${nextQuery(next)}`} className="govuk-link">
          Sign in again
        </Link>
      </p>
    </Column>
  );
}

/** Holds the challenge the page opened with; `expire()` when the server says it has expired. */
function useChallenge(): [Challenge | null, () => void] {
  const [challenge, setChallenge] = useState<Challenge | null>(() => {
    const c = currentChallenge();
    return challengeLive(c, Date.now()) ? c : null;
  });
  return [
    challenge,
    () => {
      dropChallenge();
      setChallenge(null);
    },
  ];
}

/** "Enter the code from your authenticator app", or a recovery code instead. */
function CodeStep({ next, recovery }: { next: string | null; recovery: boolean }) {
  const session = useSession();
  const [challenge, expire] = useChallenge();
  const [code, setCode] = useState("");
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);
  const title = recovery ? "Enter a recovery code" : "Enter the code from your authenticator app";
  useTitle(challenge ? title : "Your sign-in has timed out", !!errors);
  const path = recovery ? "/sign-in/recovery-code" : "/sign-in/code";

  useEffect(() => {
    // A challenge to set up an authenticator has no code to give yet.
    if (challenge?.status === "mfa_enrolment_required") {
      navigate(`/sign-in/set-up-authenticator${nextQuery(next)}`, { replace: true });
    }
  }, [challenge, next]);

  if (!challenge) return <SignInTimedOut next={next} />;
  const token = challenge.token;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = recovery ? recoveryCodeErrors(code) : authenticatorCodeErrors(code);
    if (local.summary.length > 0) {
      setErrors(local);
      return;
    }
    if (!challengeLive(currentChallenge(), Date.now())) {
      expire();
      return;
    }
    setBusy(true);
    try {
      const { data, error, response } = await publicApi.POST("/api/v1/auth/mfa/verify", {
        body: { challenge_token: token, code: recovery ? recoveryCode(code) : authenticatorCode(code) },
      });
      if (data) {
        dropChallenge();
        await session.signedIn(data);
        goOn(path, next, data);
        return;
      }
      if (expiredAnswer(response.status, error)) {
        expire();
        return;
      }
      if (response.status === 401) {
        const text = recovery
          ? "That recovery code is not right, or has been used already. Check it and try again"
          : "The code is not right, or has been used already. Enter the code your authenticator app shows now";
        setErrors({ fields: { code: text }, summary: [{ text, href: "#code" }] });
        setCode("");
        return;
      }
      setErrors(formErrors(error, ["code"], { code: "The code" }));
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <BackLink href={`/sign-in${nextQuery(next)}`}>Back</BackLink>
      <Column>
        <ErrorSummary errors={errors} />
        <span className="govuk-caption-l app-break">Signing in as {challenge.email}</span>
        <form onSubmit={submit} noValidate>
          {recovery ? (
            <TextInput
              name="code"
              label={title}
              pageHeading
              hint="One of the codes you saved when you set up your authenticator app, like abcd-efgh-ijkl-mnop. Each code works once."
              autoComplete="off"
              spellCheck={false}
              width="govuk-input--width-20"
              value={code}
              onChange={setCode}
              error={errors?.fields.code}
            />
          ) : (
            <CodeInput
              label={title}
              pageHeading
              hint="Open your authenticator app. It shows a 6-digit code for Redress that changes every 30 seconds."
              value={code}
              onChange={setCode}
              error={errors?.fields.code}
            />
          )}
          <button type="submit" className="govuk-button" data-module="govuk-button" disabled={busy}>
            Continue
          </button>
        </form>
        <p className="govuk-body">
          {recovery ? (
            <Link href={`/sign-in/code${nextQuery(next)}`} className="govuk-link">
              Use your authenticator app instead
            </Link>
          ) : (
            <Link href={`/sign-in/recovery-code${nextQuery(next)}`} className="govuk-link">
              Use a recovery code instead
            </Link>
          )}
        </p>
        {recovery && (
          <p className="govuk-body">
            If you have neither your authenticator app nor a recovery code, ask your landlord's administrator to reset your
            second factor.
          </p>
        )}
      </Column>
    </>
  );
}

export function SignInCode({ next }: { next: string | null }) {
  return <CodeStep key="code" next={next} recovery={false} />;
}

export function SignInRecoveryCode({ next }: { next: string | null }) {
  return <CodeStep key="recovery" next={next} recovery />;
}

/** Setting up an authenticator while signing in, when the account must have one. */
export function SignInSetUp({ next }: { next: string | null }) {
  const [challenge, expire] = useChallenge();
  const [enrolment, setEnrolment] = useState<Schemas["MfaEnrolment"] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);
  useTitle(challenge ? "Set up an authenticator app" : "Your sign-in has timed out", !!errors);
  const token = challenge?.token;
  const status = challenge?.status;

  useEffect(() => {
    if (!token) return;
    if (status === "mfa_required") {
      navigate(`/sign-in/code${nextQuery(next)}`, { replace: true });
      return;
    }
    let live = true;
    enrolmentFor(token)
      .then(({ data, error, response }) => {
        if (!live) return;
        if (data) setEnrolment(data);
        else if (expiredAnswer(response.status, error)) expire();
        else setProblem(formErrors(error).summary[0]?.text ?? "Something went wrong. Try again.");
      })
      .catch(() => live && setProblem("The portal could not reach the server. Try again."));
    return () => {
      live = false;
    };
  }, [token, status, next]);

  if (!challenge) return <SignInTimedOut next={next} />;
  const c = challenge;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = authenticatorCodeErrors(code);
    if (local.summary.length > 0) {
      setErrors(local);
      return;
    }
    setBusy(true);
    try {
      const { data, error, response } = await publicApi.POST("/api/v1/auth/mfa/enrol/confirm", {
        body: { challenge_token: c.token, code: authenticatorCode(code) },
      });
      if (data) {
        dropChallenge();
        holdEnrolled({ pair: data.session, codes: data.recovery_codes });
        navigate(`/sign-in/recovery-codes${nextQuery(next)}`, { replace: true });
        return;
      }
      if (expiredAnswer(response.status, error)) {
        expire();
        return;
      }
      setErrors(formErrors(error, ["code"], { code: "The code" }));
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <BackLink href={`/sign-in${nextQuery(next)}`}>Back</BackLink>
      <Column>
        <AuthenticatorSetUp
          caption={<span className="govuk-caption-l app-break">Signing in as {c.email}</span>}
          enrolment={enrolment}
          problem={problem}
          code={code}
          setCode={setCode}
          errors={errors}
          busy={busy}
          onSubmit={submit}
          intro={
            <p className="govuk-body">
              Your account must sign in with a second factor: a code from an authenticator app as well as your password. It keeps
              residents' complaints safe even if someone learns your password. You set it up once.
            </p>
          }
        />
      </Column>
    </>
  );
}

/** The recovery codes of the authenticator just set up, shown once before the sign-in goes on. */
export function SignInRecoveryCodes({ next }: { next: string | null }) {
  const session = useSession();
  const [held] = useState<Enrolled | null>(() => currentEnrolled());
  const [busy, setBusy] = useState(false);
  useTitle("Your authenticator app is set up");

  if (!held) {
    // Reloaded: the codes were shown once and are gone, and the session with them.
    return (
      <Column>
        <h1 className="govuk-heading-l">Your authenticator app is set up</h1>
        <p className="govuk-body">Sign in again with your password and a code from your authenticator app.</p>
        <p className="govuk-body">
          <Link href={`/sign-in${nextQuery(next)}`} className="govuk-link">
            Sign in
          </Link>
        </p>
      </Column>
    );
  }
  const h = held;

  async function go() {
    setBusy(true);
    dropEnrolled();
    await session.signedIn(h.pair);
    goOn("/sign-in/recovery-codes", next, h.pair);
  }

  return (
    <Column>
      <div className="govuk-panel govuk-panel--confirmation">
        <h1 className="govuk-panel__title">Your authenticator app is set up</h1>
      </div>
      <h2 className="govuk-heading-l">Save your recovery codes</h2>
      <RecoveryCodesList codes={h.codes} />
      <SavedCodesButton busy={busy} onContinue={() => void go()} />
    </Column>
  );
}
