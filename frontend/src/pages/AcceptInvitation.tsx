import { useState, type FormEvent } from "react";
import { api } from "../api/client";
import { ErrorSummary, TextInput } from "../components/forms";
import { useTitle } from "../components/layout";
import { addError, emptyErrors, requireText } from "../lib/forms";
import { navigate } from "../router";
import { landingFor, useSession } from "../session";
import { useSubmit } from "./staff/common";

/** Where the link in an invitation email leads: the invited person sets their name and
 * password (or gives the password of the account they already have), and is signed in. */
export function AcceptInvitation({ token }: { token: string }) {
  const session = useSession();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const { errors, busy, submit } = useSubmit();
  useTitle("Accept your invitation", !!errors);
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
      send: () => api.POST("/api/v1/invitations/{token}/accept", { params: { path: { token } }, body: { name: name.trim(), password } }),
      fields: ["name", "password"],
      labels: { name: "Your name", password: "The password" },
      done: async (me) => {
        if (!me) return;
        const { data } = await api.POST("/api/v1/auth/login", { body: { email: me.email, password } });
        if (data) {
          await session.signedIn(data);
          navigate(landingFor(data.user), { replace: true });
        } else navigate("/sign-in", { replace: true });
      },
    });
  }

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Accept your invitation</h1>
        <p className="govuk-body">
          Set your name and a password to start using Redress. If you already have an account, enter your name and your existing password.
        </p>
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
      </div>
    </div>
  );
}
