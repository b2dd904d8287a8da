import { useState, type FormEvent, type ReactNode } from "react";
import { api, publicApi, type Schemas } from "../../api/client";
import { ErrorSummary, TextInput } from "../../components/forms";
import { AuthenticatorSetUp, RecoveryCodesList, SavedCodesButton } from "../../components/mfa";
import { BackLink, ButtonLink, Loading, SuccessBanner, Tag, useTitle } from "../../components/layout";
import { authenticatorCode, authenticatorCodeErrors } from "../../lib/account";
import { setFlash, takeFlash } from "../../lib/flash";
import { addError, emptyErrors } from "../../lib/forms";
import { formErrors, type FormErrors } from "../../lib/problems";
import { Link, navigate } from "../../router";
import { useSession, type Me } from "../../session";
import { NotLoaded, useLoad } from "../load";
import { LinkNotValid, useHashToken } from "../Password";

const ACCOUNT = "/account";

function Column({ children }: { children: ReactNode }) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">{children}</div>
    </div>
  );
}

/** The signed-in person's account: their email address, their second factor and its
 * recovery codes. */
export function AccountPage({ me }: { me: Me }) {
  const [flash] = useState(() => takeFlash());
  const mfa = useLoad(() => api.GET("/api/v1/me/mfa"), []);
  useTitle("Your account");
  const status = mfa.data;
  return (
    <Column>
      {flash && <SuccessBanner heading={flash} />}
      <h1 className="govuk-heading-l">Your account</h1>
      <dl className="govuk-summary-list">
        <div className="govuk-summary-list__row govuk-summary-list__row--no-actions">
          <dt className="govuk-summary-list__key">Name</dt>
          <dd className="govuk-summary-list__value">{me.name ?? "Not given"}</dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Email address</dt>
          <dd className="govuk-summary-list__value app-break" id="account-email">
            {me.email}
          </dd>
          <dd className="govuk-summary-list__actions">
            <Link href={`${ACCOUNT}/email`} className="govuk-link">
              Change<span className="govuk-visually-hidden"> your email address</span>
            </Link>
          </dd>
        </div>
        <div className="govuk-summary-list__row govuk-summary-list__row--no-actions">
          <dt className="govuk-summary-list__key">Password</dt>
          <dd className="govuk-summary-list__value">
            To change your password,{" "}
            <Link href="/forgot-password" className="govuk-link">
              ask for a link to reset it
            </Link>
            . Every session of your account then ends.
          </dd>
        </div>
      </dl>

      <section aria-labelledby="second-factor-heading">
        <h2 className="govuk-heading-m" id="second-factor-heading">
          Second factor
        </h2>
        {!status ? (
          <NotLoaded loaded={mfa} />
        ) : (
          <>
            <dl className="govuk-summary-list">
              <div className="govuk-summary-list__row govuk-summary-list__row--no-actions">
                <dt className="govuk-summary-list__key">Authenticator app</dt>
                <dd className="govuk-summary-list__value" id="second-factor-status">
                  {status.enrolled ? <Tag className="govuk-tag--green">Set up</Tag> : <Tag className="govuk-tag--grey">Not set up</Tag>}
                </dd>
              </div>
              {status.enrolled && (
                <div className="govuk-summary-list__row govuk-summary-list__row--no-actions">
                  <dt className="govuk-summary-list__key">Recovery codes not yet used</dt>
                  <dd className="govuk-summary-list__value">
                    {status.recovery_codes_left}
                    {status.recovery_codes_left <= 3 && (
                      <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
                        Get new recovery codes before you run out.
                      </span>
                    )}
                  </dd>
                </div>
              )}
            </dl>
            <p className="govuk-body">
              {status.required
                ? "You must sign in with a code from an authenticator app as well as your password: your role, or your landlord, asks it."
                : "You may sign in with a code from an authenticator app as well as your password. It keeps residents' complaints safe even if someone learns your password."}
            </p>
            {status.enrolled ? (
              <>
                <ButtonLink href={`${ACCOUNT}/recovery-codes`} secondary>
                  Get new recovery codes
                </ButtonLink>
                <p className="govuk-body">
                  If you lose your authenticator app and your recovery codes, ask your landlord's administrator to reset your second
                  factor.
                </p>
              </>
            ) : (
              <ButtonLink href={`${ACCOUNT}/authenticator`}>Set up an authenticator app</ButtonLink>
            )}
          </>
        )}
      </section>
    </Column>
  );
}

/** Sets up an authenticator app for the signed-in account: the password first (so a
 * session left open cannot tie the account to someone else's phone), then the same QR code
 * journey as at sign-in. Confirming it replaces the session with one that counts as signed in
 * with it. */
export function SetUpAuthenticator() {
  const session = useSession();
  const [enrolment, setEnrolment] = useState<Schemas["MfaEnrolment"] | null>(null);
  const [already, setAlready] = useState(false);
  const [code, setCode] = useState("");
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  useTitle(codes ? "Your authenticator app is set up" : "Set up an authenticator app", !!errors);

  const back = <BackLink href={ACCOUNT}>Back to your account</BackLink>;

  if (already) {
    return (
      <>
        {back}
        <Column>
          <h1 className="govuk-heading-l">You already have an authenticator app set up</h1>
          <p className="govuk-body">
            To move it to a new phone, ask your landlord's administrator to reset your second factor, then set it up again.
          </p>
        </Column>
      </>
    );
  }

  if (codes) {
    return (
      <Column>
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">Your authenticator app is set up</h1>
        </div>
        <h2 className="govuk-heading-l">Save your recovery codes</h2>
        <RecoveryCodesList codes={codes} />
        <SavedCodesButton
          onContinue={() => {
            setFlash("Your authenticator app is set up");
            navigate(ACCOUNT);
          }}
        />
      </Column>
    );
  }

  if (!enrolment) {
    return (
      <PasswordAgain
        title="Set up an authenticator app"
        intro={
          <p className="govuk-body">
            You scan a QR code with an authenticator app on your phone. From then on, you sign in with a code from the app as well as
            your password.
          </p>
        }
        submitLabel="Continue"
        errors={errors}
        setErrors={setErrors}
        send={(password) => api.POST("/api/v1/me/mfa", { body: { password } })}
        onDone={setEnrolment}
        onConflict={() => setAlready(true)}
      />
    );
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = authenticatorCodeErrors(code);
    if (local.summary.length > 0) {
      setErrors(local);
      return;
    }
    setBusy(true);
    try {
      const { data, error } = await api.POST("/api/v1/me/mfa/confirm", { body: { code: authenticatorCode(code) } });
      if (data) {
        // The stored session becomes the one that counts as signed in with a second factor.
        await session.signedIn(data.session);
        setErrors(null);
        setCodes(data.recovery_codes);
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
      {back}
      <Column>
        <AuthenticatorSetUp
          enrolment={enrolment}
          problem={null}
          code={code}
          setCode={setCode}
          errors={errors}
          busy={busy}
          onSubmit={submit}
          submitLabel="Set up authenticator app"
          cancel={
            <Link href={ACCOUNT} className="govuk-link">
              Cancel
            </Link>
          }
          intro={<p className="govuk-body">From then on, you sign in with a code from the app as well as your password.</p>}
        />
      </Column>
    </>
  );
}

/** New recovery codes, for the password: the old ones stop working. */
export function NewRecoveryCodes() {
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  useTitle(codes ? "Your new recovery codes" : "Get new recovery codes", !!errors);

  if (codes) {
    return (
      <Column>
        <h1 className="govuk-heading-l">Your new recovery codes</h1>
        <p className="govuk-body">Your old recovery codes no longer work.</p>
        <RecoveryCodesList codes={codes} />
        <SavedCodesButton
          onContinue={() => {
            setFlash("You have new recovery codes");
            navigate(ACCOUNT);
          }}
        />
      </Column>
    );
  }

  return (
    <PasswordAgain
      title="Get new recovery codes"
      intro={
        <p className="govuk-body">
          You get 10 new recovery codes, each of which works once in place of a code from your authenticator app. Your old codes stop
          working at once.
        </p>
      }
      submitLabel="Get new recovery codes"
      errors={errors}
      setErrors={setErrors}
      send={(password) => api.POST("/api/v1/me/mfa/recovery-codes", { body: { password } })}
      onDone={(data) => setCodes(data.recovery_codes)}
    />
  );
}

/** Asks for the password again before a change to how the account signs in: `send` makes
 * the change with it; a wrong one is shown on the field, a conflict handed to `onConflict`. */
function PasswordAgain<T>({
  title,
  intro,
  submitLabel,
  errors,
  setErrors,
  send,
  onDone,
  onConflict,
}: {
  title: string;
  intro: ReactNode;
  submitLabel: string;
  errors: FormErrors | null;
  setErrors: (e: FormErrors | null) => void;
  send: (password: string) => Promise<{ data?: T; error?: unknown; response: Response }>;
  onDone: (data: T) => void;
  onConflict?: () => void;
}) {
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!password) {
      const local = emptyErrors();
      addError(local, "password", "Enter your password");
      setErrors(local);
      return;
    }
    setBusy(true);
    try {
      const { data, error, response } = await send(password);
      if (data) {
        setErrors(null);
        setPassword("");
        onDone(data);
        return;
      }
      if (response.status === 409 && onConflict) {
        onConflict();
        return;
      }
      setErrors(formErrors(error, ["password"], { password: "Your password" }));
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <BackLink href={ACCOUNT}>Back to your account</BackLink>
      <Column>
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">{title}</h1>
        {intro}
        <form onSubmit={submit} noValidate>
          <TextInput
            name="password"
            label="Your password"
            hint="To check it is you"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            error={errors?.fields.password}
          />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" data-module="govuk-button" disabled={busy}>
              {submitLabel}
            </button>
            <Link href={ACCOUNT} className="govuk-link">
              Cancel
            </Link>
          </div>
        </form>
      </Column>
    </>
  );
}

/** A new email address, for the password: a link goes to the new address, and the change
 * happens when it is followed. */
export function ChangeEmail({ me }: { me: Me }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<{ to: string; message: string } | null>(null);
  useTitle(sent ? "Check your new inbox" : "Change your email address", !!errors);

  if (sent) {
    return (
      <Column>
        <h1 className="govuk-heading-l">Check your new inbox</h1>
        <p className="govuk-body app-break">{sent.message}</p>
        <p className="govuk-body app-break">
          Until you follow the link, you still sign in with {me.email}. The link works for 24 hours. We have also told {me.email}{" "}
          about the change.
        </p>
        <p className="govuk-body">
          <Link href={ACCOUNT} className="govuk-link">
            Back to your account
          </Link>
        </p>
      </Column>
    );
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = emptyErrors();
    const address = email.trim();
    if (!address) addError(local, "new_email", "Enter your new email address");
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) addError(local, "new_email", "Enter an email address in the correct format, like name@example.com");
    if (!password) addError(local, "password", "Enter your password");
    if (local.summary.length > 0) {
      setErrors(local);
      return;
    }
    setBusy(true);
    try {
      const { data, error } = await api.POST("/api/v1/me/email", { body: { new_email: address, password } });
      if (data) {
        setErrors(null);
        setPassword("");
        setSent({ to: address, message: data.message });
        return;
      }
      setErrors(formErrors(error, ["new_email", "password"], { new_email: "The new email address", password: "Your password" }));
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <BackLink href={ACCOUNT}>Back to your account</BackLink>
      <Column>
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Change your email address</h1>
        <p className="govuk-body app-break">
          You sign in with {me.email} now. We will email a link to your new address: the change happens when you follow it.
        </p>
        <form onSubmit={submit} noValidate>
          <TextInput
            name="new_email"
            label="New email address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            value={email}
            onChange={setEmail}
            error={errors?.fields.new_email}
          />
          <TextInput
            name="password"
            label="Your password"
            hint="To check it is you"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            error={errors?.fields.password}
          />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" data-module="govuk-button" disabled={busy}>
              Send the link
            </button>
            <Link href={ACCOUNT} className="govuk-link">
              Cancel
            </Link>
          </div>
        </form>
      </Column>
    </>
  );
}

/** The page the link sent to a new email address opens: confirms the change. */
export function ConfirmEmail() {
  const session = useSession();
  const token = useHashToken();
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);
  const [state, setState] = useState<"form" | "gone">("form");
  const [changed, setChanged] = useState<string | null>(null);
  useTitle(
    !token
      ? "This link is not complete"
      : state === "gone"
        ? "This link no longer works"
        : changed
          ? "Your email address has been changed"
          : "Confirm your new email address",
    !!errors,
  );

  if (!token || state === "gone") {
    return (
      <LinkNotValid title={token ? "This link no longer works" : "This link is not complete"}>
        <p className="govuk-body">
          {token
            ? "A link to confirm a new email address works once, for 24 hours. This one has been used or has expired."
            : "The link must be opened whole. Copy all of it from the email into your browser."}
        </p>
        <p className="govuk-body">
          You can ask for a new link from{" "}
          <Link href={ACCOUNT} className="govuk-link">
            your account
          </Link>
          .
        </p>
      </LinkNotValid>
    );
  }

  if (changed) {
    return (
      <Column>
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">Your email address has been changed</h1>
          <div className="govuk-panel__body app-break">to {changed}</div>
        </div>
        <p className="govuk-body app-break">Sign in with {changed} from now on.</p>
        <p className="govuk-body">
          {session.me ? (
            <Link href={ACCOUNT} className="govuk-link">
              Go to your account
            </Link>
          ) : (
            <Link href="/sign-in" className="govuk-link">
              Sign in
            </Link>
          )}
        </p>
      </Column>
    );
  }
  const t = token;

  async function confirm(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const { data, error, response } = await publicApi.POST("/api/v1/auth/email-change/confirm", { body: { token: t } });
      if (data) {
        setErrors(null);
        if (session.me?.id === data.id) await session.refreshMe();
        setChanged(data.email);
        return;
      }
      if (response.status === 404) {
        setErrors(null);
        setState("gone");
        return;
      }
      setErrors(formErrors(error));
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(false);
    }
  }

  if (session.loading) return <Loading />;
  return (
    <Column>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Confirm your new email address</h1>
      <p className="govuk-body">You asked to sign in to Redress with this email address from now on.</p>
      <form onSubmit={confirm} noValidate>
        <button type="submit" className="govuk-button" data-module="govuk-button" disabled={busy}>
          Confirm email address
        </button>
      </form>
    </Column>
  );
}
