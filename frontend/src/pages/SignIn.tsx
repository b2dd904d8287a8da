import { useState, type FormEvent } from "react";
import { publicApi } from "../api/client";
import { Button, ErrorSummary, TextInput } from "../components/forms";
import { ImportantBanner, useTitle } from "../components/layout";
import { challengeFrom, nextQuery, safeNext } from "../lib/account";
import { formErrors, requiredErrors, type FormErrors } from "../lib/problems";
import { Link, navigate } from "../router";
import { landingFor, useSession } from "../session";
import { holdChallenge } from "./signin/flow";

export function SignIn({ next }: { next: string | null }) {
  const session = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FormErrors | null>(null);
  const [busy, setBusy] = useState(false);
  useTitle("Sign in", !!errors);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const missing = requiredErrors(
      { email, password },
      { email: "Enter your email address", password: "Enter your password" },
    );
    if (missing.summary.length) {
      setErrors(missing);
      return;
    }
    setBusy(true);
    try {
      const { data, error, response } = await publicApi.POST("/api/v1/auth/login", { body: { email, password } });
      if (response.status === 202) {
        // The password was right; a code from an authenticator app is still needed, or one
        // must be set up first. The challenge stays in memory only.
        const challenge = challengeFrom(data, email.trim(), Date.now());
        if (!challenge) {
          setErrors(formErrors(null));
          return;
        }
        holdChallenge(challenge);
        const step = challenge.status === "mfa_enrolment_required" ? "/sign-in/set-up-authenticator" : "/sign-in/code";
        navigate(`${step}${nextQuery(next)}`);
        return;
      }
      if (data && "access_token" in data) {
        await session.signedIn(data);
        // Signed in, the portal may already have moved on from this page (see App); going
        // again now would undo a click the user made in the meantime.
        if (window.location.pathname !== "/sign-in") return;
        // Only paths inside the portal, never another site.
        navigate(safeNext(next) ?? landingFor(data.user), { replace: true });
        return;
      }
      if (response.status === 401) {
        setErrors({
          fields: { email: "Enter a correct email address and password" },
          summary: [{ text: "Enter a correct email address and password", href: "#email" }],
        });
      } else {
        setErrors(formErrors(error, ["email", "password"], { email: "Email address", password: "Password" }));
      }
    } catch {
      setErrors(formErrors(null));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {session.endedReason && !errors && (
          <ImportantBanner>
            <p className="govuk-notification-banner__heading">{session.endedReason}</p>
          </ImportantBanner>
        )}
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Sign in</h1>
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
          <TextInput
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            error={errors?.fields.password}
          />
          <Button disabled={busy}>Sign in</Button>
        </form>
        <p className="govuk-body">
          <Link href="/forgot-password" className="govuk-link">
            Forgot your password?
          </Link>
        </p>
      </div>
    </div>
  );
}
