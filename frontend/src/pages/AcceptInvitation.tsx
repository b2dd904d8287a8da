import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { apiUrl, publicApi, sessionFetch, type Schemas } from "../api/client";
import { ErrorSummary, TextInput } from "../components/forms";
import { Loading, ProblemSummary, SummaryList, useTitle } from "../components/layout";
import { challengeFrom, nextQuery, sameEmail } from "../lib/account";
import { dateTime } from "../lib/deadlines";
import { addError, emptyErrors, requireText } from "../lib/forms";
import { formErrors } from "../lib/problems";
import { roleLabel } from "../lib/words";
import { Link, navigate } from "../router";
import { homeFor, landingFor, useSession } from "../session";
import { holdChallenge } from "./signin/flow";
import { useSubmit } from "./staff/common";

type Offer = Schemas["InvitationOffer"];

function Column({ children }: { children: ReactNode }) {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">{children}</div>
    </div>
  );
}

/** Where the link in an invitation email leads. The invitation is read first: someone new
 * sets their name and password; someone who already has an account signs in as it and
 * accepts, and nothing about their account changes but the new landlord. */
export function AcceptInvitation({ token }: { token: string }) {
  const session = useSession();
  const [offer, setOffer] = useState<Offer | null>(null);
  const [problem, setProblem] = useState<{ status: number; text: string } | null>(null);
  const submitter = useSubmit();
  useEffect(() => {
    let live = true;
    publicApi
      .GET("/api/v1/invitations/{token}", { params: { path: { token } } })
      .then(({ data, error, response }) => {
        if (!live) return;
        if (data) setOffer(data);
        else setProblem({ status: response.status, text: formErrors(error).summary[0]?.text ?? "Something went wrong. Try again." });
      })
      .catch(() => live && setProblem({ status: 0, text: "The portal could not reach the server. Try again." }));
    return () => {
      live = false;
    };
  }, [token]);
  useTitle(problem?.status === 404 ? "This invitation is no longer open" : "Accept your invitation", !!submitter.errors);

  if (problem?.status === 404) {
    return (
      <Column>
        <h1 className="govuk-heading-l">This invitation is no longer open</h1>
        <p className="govuk-body">
          It may have been accepted already, withdrawn by the landlord's administrator, or it has expired. An invitation works
          once, for a limited time.
        </p>
        <p className="govuk-body">Ask the person who invited you to send a new one.</p>
        <p className="govuk-body">
          <Link href="/" className="govuk-link">
            Go to Redress
          </Link>
        </p>
      </Column>
    );
  }
  if (problem) {
    return (
      <Column>
        <h1 className="govuk-heading-l">Accept your invitation</h1>
        <ProblemSummary text={problem.text} />
      </Column>
    );
  }
  if (!offer || session.loading) return <Loading />;

  return (
    <Column>
      <ErrorSummary errors={submitter.errors} />
      <span className="govuk-caption-l">{offer.landlord}</span>
      <h1 className="govuk-heading-l">Accept your invitation</h1>
      <SummaryList
        rows={[
          { key: "Landlord", value: offer.landlord },
          { key: "Email address", value: <span className="app-break">{offer.email}</span> },
          { key: "Role", value: roleLabel(offer.role) },
          { key: "Invitation expires", value: dateTime(offer.expires_at) },
        ]}
      />
      {offer.account_exists ? (
        <AcceptAsExisting token={token} offer={offer} submitter={submitter} />
      ) : (
        <AcceptAsNew token={token} offer={offer} submitter={submitter} />
      )}
    </Column>
  );
}

/** The address has an account: accepting is done signed in as it, with nothing to type. */
type Submitter = ReturnType<typeof useSubmit>;

function AcceptAsExisting({ token, offer, submitter }: { token: string; offer: Offer; submitter: Submitter }) {
  const session = useSession();
  const { busy, submit } = submitter;
  const here = `/invitations/${encodeURIComponent(token)}`;
  const me = session.me;

  if (!me) {
    return (
      <>
        <p className="govuk-body app-break">
          {offer.email} already has a Redress account. Sign in as {offer.email} to accept: you keep your password, your second
          factor and your other landlords.
        </p>
        <Link
          href={`/sign-in${nextQuery(here)}`}
          role="button"
          draggable={false}
          className="govuk-button"
          data-module="govuk-button"
        >
          Sign in to accept
        </Link>
      </>
    );
  }

  if (!sameEmail(me.email, offer.email)) {
    return (
      <>
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text app-break">
            <span className="govuk-visually-hidden">Warning</span>
            You are signed in as {me.email}, but this invitation is for {offer.email}.
          </strong>
        </div>
        <p className="govuk-body app-break">Sign out, then sign in as {offer.email} to accept it.</p>
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          data-module="govuk-button"
          onClick={() => {
            void session.signOut().then(() => navigate(`/sign-in${nextQuery(here)}`));
          }}
        >
          Sign out and sign in as {offer.email}
        </button>
      </>
    );
  }

  const before = new Set(me.memberships.map((m) => m.landlord));

  function accept(e: FormEvent) {
    e.preventDefault();
    void submit({
      send: () => acceptSignedIn(token),
      fields: [],
      done: async (now) => {
        await session.refreshMe();
        const joined = now?.memberships.find((m) => !before.has(m.landlord));
        const home = joined ? homeFor(joined) : null;
        navigate(home ?? "/landlords", { replace: true });
      },
    });
  }

  return (
    <>
      <p className="govuk-body app-break">
        You are signed in as {me.email}. Accepting adds {offer.landlord} to the landlords you work with, as{" "}
        {roleLabel(offer.role).toLowerCase()}. Nothing else about your account changes.
      </p>
      <form onSubmit={accept} noValidate>
        <button type="submit" className="govuk-button" data-module="govuk-button" disabled={busy}>
          Accept invitation
        </button>
      </form>
    </>
  );
}

/** Accepts signed in as the invited account: the session's bearer token, and no body at all
 * (a name or password in the body is refused, as accepting never changes the account). */
async function acceptSignedIn(token: string): Promise<{ data?: Schemas["MeView"]; error?: unknown; response: Response }> {
  const response = await sessionFetch(new Request(apiUrl(`/api/v1/invitations/${encodeURIComponent(token)}/accept`), { method: "POST" }));
  const body: unknown = await response.json().catch(() => undefined);
  return response.ok ? { data: body as Schemas["MeView"], response } : { error: body, response };
}

/** A new account: a name and a password, then signed in (with a second factor first when one
 * is required). */
function AcceptAsNew({ token, offer, submitter }: { token: string; offer: Offer; submitter: Submitter }) {
  const session = useSession();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const { errors, busy, submit } = submitter;
  const f = errors?.fields ?? {};

  function save(e: FormEvent) {
    e.preventDefault();
    void submit({
      check: () => {
        const errs = emptyErrors();
        requireText(errs, "name", name, "Enter your full name");
        if (!password) addError(errs, "password", "Enter a password");
        else if (confirm !== password) addError(errs, "confirm", "Enter the same password twice");
        return errs;
      },
      // Without the session of any other account this tab may hold.
      send: () => publicApi.POST("/api/v1/invitations/{token}/accept", { params: { path: { token } }, body: { name: name.trim(), password } }),
      fields: ["name", "password"],
      labels: { name: "Your name", password: "The password" },
      done: async (me) => {
        if (!me) return;
        const { data, response } = await publicApi.POST("/api/v1/auth/login", { body: { email: me.email, password } });
        if (response.status === 202) {
          const challenge = challengeFrom(data, me.email, Date.now());
          if (challenge) {
            holdChallenge(challenge);
            const step = challenge.status === "mfa_enrolment_required" ? "/sign-in/set-up-authenticator" : "/sign-in/code";
            navigate(`${step}${nextQuery(landingFor(me))}`, { replace: true });
            return;
          }
        }
        if (data && "access_token" in data) {
          await session.signedIn(data);
          navigate(landingFor(data.user), { replace: true });
        } else navigate("/sign-in", { replace: true });
      },
    });
  }

  return (
    <>
      {session.me && (
        <div className="govuk-inset-text app-break">
          You are signed in as {session.me.email}. Accepting makes a new account for {offer.email} and signs you in as it.
        </div>
      )}
      <h2 className="govuk-heading-m">Set up your account</h2>
      <p className="govuk-body">Set your name and a password to start using Redress. You sign in with {offer.email}.</p>
      <form onSubmit={save} noValidate>
        <TextInput name="name" label="Full name" autoComplete="name" spellCheck={false} value={name} onChange={setName} error={f.name} />
        <TextInput
          name="password"
          label="Password"
          hint="At least 12 characters. A few unrelated words are easy to remember and hard to guess."
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          error={f.password}
        />
        <TextInput
          name="confirm"
          label="Password again"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={setConfirm}
          error={f.confirm}
        />
        <button type="submit" className="govuk-button" data-module="govuk-button" disabled={busy}>
          Accept invitation
        </button>
      </form>
    </>
  );
}
