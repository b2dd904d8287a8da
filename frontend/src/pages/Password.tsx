import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { publicApi } from "../api/client";
import { ErrorSummary, TextInput } from "../components/forms";
import { BackLink, useTitle } from "../components/layout";
import { newPasswordErrors, tokenFromHash } from "../lib/account";
import { addError, emptyErrors } from "../lib/forms";
import { formErrors, type FormErrors } from "../lib/problems";
import { Link } from "../router";

function Column({ children }: { children: ReactNode }) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">{children}</div>
    </div>
  );
}

const PASSWORD_HINT = "At least 12 characters. A few unrelated words are easy to remember and hard to guess.";

/**
 * The token of an emailed link, read once from the address's fragment (`#token=…`), which is
 * then taken off the address so that it is not left in the browser's history or shown on
 * screen. The fragment never reaches the server.
 */
export function useHashToken(): string | null {
  const [token] = useState(() => tokenFromHash(window.location.hash));
  useEffect(() => {
    if (window.location.hash) {
      window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
    }
  }, []);
  return token;
}

/** "Forgot your password?": asks for a link by email. The answer is the same whether or not
 * the address has an account, so it tells nobody who has one. */
export function ForgotPassword() {
  const [email, setEmail] = useState("");
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  useTitle(sent ? "Check your email" : "Reset your password", !!errors);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = emptyErrors();
    const address = email.trim();
    if (!address) addError(local, "email", "Enter your email address");
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) addError(local, "email", "Enter an email address in the correct format, like name@example.com");
    if (local.summary.length > 0) {
      setErrors(local);
      return;
    }
    setBusy(true);
    try {
      const { data, error } = await publicApi.POST("/api/v1/auth/password-reset", { body: { email: address } });
      if (data) {
        setErrors(null);
        setSent(data.message);
        return;
      }
      setErrors(formErrors(error, ["email"], { email: "Email address" }));
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(false);
    }
  }

  if (sent) {
    return (
      <Column>
        <h1 className="govuk-heading-l">Check your email</h1>
        <p className="govuk-body">{sent}</p>
        <p className="govuk-body">
          The email comes from Redress. If it has not arrived within a few minutes, check your spam or junk folder, or{" "}
          <Link
            href="/forgot-password"
            className="govuk-link"
            onClick={() => {
              setSent(null);
              setEmail("");
            }}
          >
            ask for another link
          </Link>
          .
        </p>
        <p className="govuk-body">
          <Link href="/sign-in" className="govuk-link">
            Back to sign in
          </Link>
        </p>
      </Column>
    );
  }

  return (
    <>
      <BackLink href="/sign-in">Back to sign in</BackLink>
      <Column>
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Reset your password</h1>
        <p className="govuk-body">
          Enter the email address you sign in with. We will email you a link to choose a new password. The link works once, for an
          hour.
        </p>
        <form onSubmit={submit} noValidate>
          <TextInput
            name="email"
            label="Email address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            value={email}
            onChange={setEmail}
            error={errors?.fields.email}
          />
          <button type="submit" className="govuk-button" data-module="govuk-button" disabled={busy}>
            Send the link
          </button>
        </form>
      </Column>
    </>
  );
}

/** A link that no longer works (used, expired, withdrawn, or cut short). The page using it
 * sets the title. */
export function LinkNotValid({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Column>
      <h1 className="govuk-heading-l">{title}</h1>
      {children}
    </Column>
  );
}

/** The page the emailed reset link opens: a new password, typed twice. */
export function ResetPassword() {
  const token = useHashToken();
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);
  const [state, setState] = useState<"form" | "done" | "gone">("form");
  useTitle(
    !token
      ? "This link is not complete"
      : state === "gone"
        ? "This link no longer works"
        : state === "done"
          ? "Your password has been changed"
          : "Choose a new password",
    !!errors,
  );

  if (!token || state === "gone") {
    return (
      <LinkNotValid title={token ? "This link no longer works" : "This link is not complete"}>
        <p className="govuk-body">
          {token
            ? "A link to reset your password works once, for an hour. This one has been used, has expired, or a newer one was sent."
            : "The link to reset your password must be opened whole. Copy all of it from the email into your browser, or ask for a new one."}
        </p>
        <p className="govuk-body">
          <Link href="/forgot-password" className="govuk-link">
            Ask for a new link
          </Link>
        </p>
      </LinkNotValid>
    );
  }

  if (state === "done") {
    return (
      <Column>
        <div className="govuk-panel govuk-panel--confirmation">
          <h1 className="govuk-panel__title">Your password has been changed</h1>
        </div>
        <p className="govuk-body">
          For your security, you have been signed out everywhere: every session of your account has ended, on every device. We
          have emailed you to say the password changed.
        </p>
        <p className="govuk-body">
          <Link href="/sign-in" className="govuk-link">
            Sign in with your new password
          </Link>
        </p>
      </Column>
    );
  }
  const t = token;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = newPasswordErrors(password, again);
    if (local.summary.length > 0) {
      setErrors(local);
      return;
    }
    setBusy(true);
    try {
      const { error, response } = await publicApi.POST("/api/v1/auth/password-reset/confirm", { body: { token: t, password } });
      if (response.ok) {
        setErrors(null);
        setState("done");
        return;
      }
      if (response.status === 404) {
        setErrors(null);
        setState("gone");
        return;
      }
      setErrors(formErrors(error, ["password"], { password: "Your new password" }));
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Column>
      <ErrorSummary errors={errors} />
      <h1 className="govuk-heading-l">Choose a new password</h1>
      <p className="govuk-body">When you change it, every session of your account ends, and you sign in again with the new password.</p>
      <form onSubmit={submit} noValidate>
        <TextInput
          name="password"
          label="New password"
          hint={PASSWORD_HINT}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          error={errors?.fields.password}
        />
        <TextInput
          name="password_again"
          label="New password again"
          type="password"
          autoComplete="new-password"
          value={again}
          onChange={setAgain}
          error={errors?.fields.password_again}
        />
        <button type="submit" className="govuk-button" data-module="govuk-button" disabled={busy}>
          Change password
        </button>
      </form>
    </Column>
  );
}
