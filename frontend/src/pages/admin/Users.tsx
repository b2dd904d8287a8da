import { useEffect, useState, type FormEvent } from "react";
import { api, type Schemas } from "../../api/client";
import { ErrorSummary, Radios, Select, TextInput } from "../../components/forms";
import { BackLink, ButtonLink, Loading, Pagination, SuccessBanner, SummaryList, Tag, useTitle } from "../../components/layout";
import { MEMBERSHIP_ROLES, roleHint, invitationLink } from "../../lib/admin";
import { dateTime } from "../../lib/deadlines";
import { setFlash, takeFlash } from "../../lib/flash";
import { addError, emptyErrors, requireText } from "../../lib/forms";
import { roleLabel } from "../../lib/words";
import { Link, navigate, useLocation } from "../../router";
import type { Me } from "../../session";
import { NotLoaded, useLoad } from "../load";
import { FormButtons, useSubmit } from "../staff/common";

type User = Schemas["UserView"];
type Invitation = Schemas["InvitationView"];
type Pending = Schemas["PendingInvitationView"];

function useContractors(slug: string) {
  return useLoad(() => api.GET("/api/v1/landlords/{slug}/contractors", { params: { path: { slug }, query: { limit: 200 } } }), [slug]);
}

/** The landlord's users: their roles and access, with a way to invite someone. */
export function Users({ slug, landlordName, me }: { slug: string; landlordName: string; me: Me }) {
  const { query } = useLocation();
  const page = query.get("page") ?? "";
  const [flash] = useState(() => takeFlash());
  useTitle(`Users – ${landlordName}`);
  const loaded = useLoad(
    () => api.GET("/api/v1/landlords/{slug}/users", { params: { path: { slug }, query: { limit: 100, ...(page ? { cursor: page } : {}) } } }),
    [slug, page],
  );
  const contractors = useContractors(slug);
  const orgs = Object.fromEntries((contractors.data?.items ?? []).map((c) => [c.id, c.name]));
  const base = `/l/${encodeURIComponent(slug)}/users`;
  const data = loaded.data;
  return (
    <>
      <BackLink href={`/l/${encodeURIComponent(slug)}/admin`}>Back to administration</BackLink>
      {flash && <SuccessBanner heading={flash} />}
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Users</h1>
      <p className="govuk-body">Everyone with access to {landlordName}'s complaints, and the role that decides what they see and do.</p>
      <ButtonLink href={`${base}/invite`}>Invite someone</ButtonLink>
      {!data ? (
        <NotLoaded loaded={loaded} />
      ) : (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--m">Users</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Name</th>
              <th scope="col" className="govuk-table__header">Role</th>
              <th scope="col" className="govuk-table__header">Access</th>
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {data.items.map((u) => (
              <tr className="govuk-table__row" key={u.id}>
                <th scope="row" className="govuk-table__header app-break">
                  {u.name ?? "No name yet"}
                  {u.id === me.id ? " (you)" : ""}
                  <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0 govuk-!-font-weight-regular">{u.email}</span>
                  {u.email_bounced && <Tag className="govuk-tag--red">Email bouncing</Tag>}
                </th>
                <td className="govuk-table__cell" data-label="Role">
                  {roleLabel(u.role)}
                  {u.contractor_id && orgs[u.contractor_id] ? ` for ${orgs[u.contractor_id]}` : ""}
                </td>
                <td className="govuk-table__cell" data-label="Access">
                  {u.active ? <Tag className="govuk-tag--green">Active</Tag> : <Tag className="govuk-tag--grey">Removed</Tag>}
                </td>
                <td className="govuk-table__cell" data-label="Action">
                  <ul className="govuk-list govuk-!-margin-bottom-0">
                    <li>
                      <Link href={`${base}/${u.id}`} className="govuk-link">
                        Change<span className="govuk-visually-hidden"> the role or access of {u.name ?? u.email}</span>
                      </Link>
                    </li>
                    {u.id !== me.id && u.active && u.mfa_enrolled && (
                      <li>
                        <Link href={`${base}/${u.id}/reset-second-factor`} className="govuk-link">
                          Reset second factor<span className="govuk-visually-hidden"> of {u.name ?? u.email}</span>
                        </Link>
                      </li>
                    )}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && (
        <Pagination
          label="Pages of users"
          first={page ? base : null}
          next={data.next_cursor ? `${base}?page=${encodeURIComponent(data.next_cursor)}` : null}
        />
      )}
      <PendingInvitations slug={slug} orgs={orgs} />
    </>
  );
}

/** The landlord's invitations not yet accepted, each of which may be revoked. */
function PendingInvitations({ slug, orgs }: { slug: string; orgs: Record<string, string> }) {
  const loaded = usePendingInvitations(slug);
  const base = `/l/${encodeURIComponent(slug)}/users`;
  const items = loaded.data?.items;
  return (
    <section aria-labelledby="pending-heading" className="govuk-!-margin-top-6">
      <h2 className="govuk-heading-m" id="pending-heading">
        Pending invitations
      </h2>
      {!items ? (
        <NotLoaded loaded={loaded} />
      ) : items.length === 0 ? (
        <p className="govuk-body">There are no invitations waiting to be accepted.</p>
      ) : (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-visually-hidden">Invitations waiting to be accepted</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Email address</th>
              <th scope="col" className="govuk-table__header">Role</th>
              <th scope="col" className="govuk-table__header">Sent</th>
              <th scope="col" className="govuk-table__header">Expires</th>
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {items.map((i) => (
              <tr className="govuk-table__row" key={i.id}>
                <th scope="row" className="govuk-table__header app-break">
                  {i.email}
                </th>
                <td className="govuk-table__cell" data-label="Role">
                  {roleLabel(i.role)}
                  {i.contractor_id && orgs[i.contractor_id] ? ` for ${orgs[i.contractor_id]}` : ""}
                </td>
                <td className="govuk-table__cell" data-label="Sent">
                  {dateTime(i.created_at)}
                </td>
                <td className="govuk-table__cell" data-label="Expires">
                  {dateTime(i.expires_at)}
                </td>
                <td className="govuk-table__cell" data-label="Action">
                  <ul className="govuk-summary-list__actions-list">
                    <li className="govuk-summary-list__actions-list-item">
                      <Link href={`${base}/invitations/${i.id}/resend`} className="govuk-link">
                        Send again<span className="govuk-visually-hidden"> to {i.email}</span>
                      </Link>
                    </li>
                    <li className="govuk-summary-list__actions-list-item">
                      <Link href={`${base}/invitations/${i.id}/revoke`} className="govuk-link">
                        Revoke<span className="govuk-visually-hidden"> the invitation to {i.email}</span>
                      </Link>
                    </li>
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function usePendingInvitations(slug: string) {
  return useLoad(() => api.GET("/api/v1/landlords/{slug}/invitations", { params: { path: { slug }, query: { limit: 100 } } }), [slug]);
}

/** Revokes a pending invitation, after a confirmation: its link stops working. */
export function RevokeInvitation(props: { slug: string; id: string; landlordName: string }) {
  return <InvitationAction {...props} resend={false} />;
}

/** Sends a pending invitation again, after a confirmation: a new link, the old one stops
 * working. */
export function ResendInvitation(props: { slug: string; id: string; landlordName: string }) {
  return <InvitationAction {...props} resend />;
}

function InvitationAction({ slug, id, landlordName, resend }: { slug: string; id: string; landlordName: string; resend: boolean }) {
  const loaded = usePendingInvitations(slug);
  const { errors, busy, submit } = useSubmit();
  const invitation: Pending | null = loaded.data?.items.find((i) => i.id === id) ?? null;
  useTitle(`${resend ? "Send an invitation again" : "Revoke an invitation"} – ${landlordName}`, !!errors);
  const base = `/l/${encodeURIComponent(slug)}/users`;
  if (!loaded.data || !invitation) {
    return (
      <>
        <BackLink href={base}>Back to users</BackLink>
        <NotLoaded loaded={loaded.data ? { ...loaded, status: 404 } : loaded} what="Invitation" />
      </>
    );
  }
  const inv = invitation;

  function confirm(e: FormEvent) {
    e.preventDefault();
    void submit<unknown>({
      send: () =>
        resend
          ? api.POST("/api/v1/landlords/{slug}/invitations/{id}/resend", { params: { path: { slug, id } } })
          : api.DELETE("/api/v1/landlords/{slug}/invitations/{id}", { params: { path: { slug, id } } }),
      fields: [],
      done: () => {
        setFlash(resend ? `A new invitation has been sent to ${inv.email}; the earlier link no longer works` : `The invitation to ${inv.email} has been revoked`);
        navigate(base);
      },
    });
  }

  return (
    <>
      <BackLink href={base}>Back to users</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l">Users</span>
          <h1 className="govuk-heading-l app-break">{resend ? `Send the invitation to ${inv.email} again?` : `Revoke the invitation to ${inv.email}?`}</h1>
          <SummaryList
            rows={[
              { key: "Role", value: roleLabel(inv.role) },
              { key: "Sent", value: dateTime(inv.created_at) },
              { key: "Expires", value: dateTime(inv.expires_at) },
            ]}
          />
          <p className="govuk-body">
            {resend
              ? "They are emailed a new link, valid for as long as a new invitation. The link in the earlier email stops working."
              : "The link in the invitation email stops working at once. You can invite them again later."}
          </p>
          <form onSubmit={confirm} noValidate>
            <FormButtons label={resend ? "Send again" : "Revoke invitation"} busy={busy} cancel={base} warning={!resend} />
          </form>
        </div>
      </div>
    </>
  );
}

/** Removes a user's second factor, after a confirmation: for someone who lost their phone and
 * their recovery codes. Their sessions end, and they set up an authenticator again. */
export function ResetSecondFactor({ slug, id, landlordName, me }: { slug: string; id: string; landlordName: string; me: Me }) {
  const loaded = useLoad(() => api.GET("/api/v1/landlords/{slug}/users", { params: { path: { slug }, query: { limit: 200 } } }), [slug]);
  const { errors, busy, submit } = useSubmit();
  const user: User | null = loaded.data?.items.find((u) => u.id === id) ?? null;
  useTitle(`Reset a second factor – ${landlordName}`, !!errors);
  const base = `/l/${encodeURIComponent(slug)}/users`;
  if (!loaded.data || !user) {
    return (
      <>
        <BackLink href={base}>Back to users</BackLink>
        <NotLoaded loaded={loaded.data ? { ...loaded, status: 404 } : loaded} what="User" />
      </>
    );
  }
  const u = user;
  const who = u.name ?? u.email;

  function reset(e: FormEvent) {
    e.preventDefault();
    void submit({
      send: () => api.POST("/api/v1/landlords/{slug}/users/{id}/mfa/reset", { params: { path: { slug, id } } }),
      fields: [],
      done: () => {
        setFlash(`${who}'s second factor has been reset`);
        navigate(base);
      },
    });
  }

  return (
    <>
      <BackLink href={base}>Back to users</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l app-break">{u.email}</span>
          <h1 className="govuk-heading-l">Reset {who}'s second factor?</h1>
          {u.id === me.id && <div className="govuk-inset-text">This is your own account: another landlord admin must reset it.</div>}
          <p className="govuk-body">Do this only when they have lost their authenticator app and their recovery codes.</p>
          <ul className="govuk-list govuk-list--bullet">
            <li>their authenticator app and recovery codes stop working</li>
            <li>every session of their account ends at once</li>
            <li>they set up an authenticator app again the next time they sign in, if they must have one</li>
          </ul>
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              Check it is really them asking, for example by calling them on a number you already have.
            </strong>
          </div>
          <form onSubmit={reset} noValidate>
            <FormButtons label="Reset second factor" busy={busy} cancel={base} warning />
          </form>
        </div>
      </div>
    </>
  );
}

function RoleFields({
  role,
  setRole,
  contractor,
  setContractor,
  orgs,
  errors,
  slug,
}: {
  role: string;
  setRole: (v: string) => void;
  contractor: string;
  setContractor: (v: string) => void;
  orgs: Schemas["ContractorView"][];
  errors: Record<string, string>;
  slug: string;
}) {
  return (
    <Radios
      name="role"
      label="Role"
      legendSize="m"
      value={role}
      onChange={setRole}
      error={errors.role}
      choices={MEMBERSHIP_ROLES.map((r) => ({ value: r, label: roleLabel(r), hint: roleHint(r) }))}
      conditional={{
        contractor:
          orgs.length > 0 ? (
            <Select
              name="contractor_id"
              label="Contractor organisation"
              value={contractor}
              onChange={setContractor}
              error={errors.contractor_id}
              choices={[{ value: "", label: "Choose" }, ...orgs.map((o) => ({ value: o.id, label: o.name }))]}
            />
          ) : (
            <p className="govuk-body" id="contractor_id">
              There are no contractor organisations yet.{" "}
              <Link href={`/l/${encodeURIComponent(slug)}/contractors`} className="govuk-link">
                Add one
              </Link>{" "}
              first.
            </p>
          ),
      }}
    />
  );
}

/** Invites someone by email to a role at this landlord; the link is also shown, once, so it
 * can be handed over another way. */
export function Invite({ slug, landlordName }: { slug: string; landlordName: string }) {
  const contractors = useContractors(slug);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("");
  const [contractor, setContractor] = useState("");
  const [sent, setSent] = useState<Invitation | null>(null);
  const { errors, busy, submit } = useSubmit();
  useTitle(sent ? `Invitation sent – ${landlordName}` : `Invite someone – ${landlordName}`, !!errors);
  const base = `/l/${encodeURIComponent(slug)}/users`;
  const f = errors?.fields ?? {};

  if (sent) {
    const link = invitationLink(window.location.origin, sent.accept_token);
    return (
      <>
        <BackLink href={base}>Back to users</BackLink>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <div className="govuk-panel govuk-panel--confirmation">
              <h1 className="govuk-panel__title">Invitation sent</h1>
              <div className="govuk-panel__body app-break">to {sent.email}</div>
            </div>
            <SummaryList
              rows={[
                { key: "Role", value: roleLabel(sent.role) },
                { key: "Expires", value: dateTime(sent.expires_at) },
              ]}
            />
            <h2 className="govuk-heading-m">If the email does not arrive</h2>
            <p className="govuk-body">
              Give them this link another way. It is shown only now: anyone with it can accept the invitation until it expires.
            </p>
            <p className="govuk-body app-break">
              <a href={link} className="govuk-link" id="invitation-link">
                {link}
              </a>
            </p>
            <p className="govuk-body">
              <Link href={base} className="govuk-link">
                Back to users
              </Link>
            </p>
          </div>
        </div>
      </>
    );
  }

  function save(e: FormEvent) {
    e.preventDefault();
    void submit({
      check: () => {
        const errs = emptyErrors();
        requireText(errs, "email", email, "Enter the email address of the person to invite");
        if (!role) addError(errs, "role", "Select the role to give them");
        if (role === "contractor" && !contractor) addError(errs, "contractor_id", "Select the contractor organisation they work for");
        return errs;
      },
      send: () =>
        api.POST("/api/v1/landlords/{slug}/invitations", {
          params: { path: { slug } },
          body: { email: email.trim(), role, contractor_id: role === "contractor" ? contractor : null },
        }),
      fields: ["email", "role", "contractor_id"],
      labels: { email: "The email address", role: "The role", contractor_id: "The contractor organisation" },
      done: (inv) => {
        if (inv) setSent(inv);
      },
    });
  }

  return (
    <>
      <BackLink href={base}>Back to users</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l">Users</span>
          <h1 className="govuk-heading-l">Invite someone</h1>
          <p className="govuk-body">They get an email with a link to set their name and password. Someone who already has an account uses their password.</p>
          <form onSubmit={save} noValidate>
            <TextInput name="email" label="Email address" type="email" autoComplete="off" spellCheck={false} value={email} onChange={setEmail} error={f.email} />
            <RoleFields
              role={role}
              setRole={setRole}
              contractor={contractor}
              setContractor={setContractor}
              orgs={contractors.data?.items ?? []}
              errors={f}
              slug={slug}
            />
            <FormButtons label="Send invitation" busy={busy} cancel={base} />
          </form>
        </div>
      </div>
    </>
  );
}

/** Changes a user's role, contractor organisation or access. */
export function UserEdit({ slug, id, landlordName, me }: { slug: string; id: string; landlordName: string; me: Me }) {
  const loaded = useLoad(() => api.GET("/api/v1/landlords/{slug}/users", { params: { path: { slug }, query: { limit: 200 } } }), [slug]);
  const contractors = useContractors(slug);
  const user: User | null = loaded.data?.items.find((u) => u.id === id) ?? null;
  const [role, setRole] = useState("");
  const [contractor, setContractor] = useState("");
  const [access, setAccess] = useState("");
  const { errors, busy, submit } = useSubmit();
  useTitle(`Change a user – ${landlordName}`, !!errors);
  useEffect(() => {
    if (user) {
      setRole(user.role);
      setContractor(user.contractor_id ?? "");
      setAccess(user.active ? "active" : "removed");
    }
  }, [user?.id]);
  const base = `/l/${encodeURIComponent(slug)}/users`;
  if (!loaded.data) {
    return (
      <>
        <BackLink href={base}>Back to users</BackLink>
        <NotLoaded loaded={loaded} what="User" />
      </>
    );
  }
  if (!user) {
    return (
      <>
        <BackLink href={base}>Back to users</BackLink>
        <NotLoaded loaded={{ ...loaded, status: 404 }} what="User" />
      </>
    );
  }
  if (!role) return <Loading />;
  const u = user;
  const f = errors?.fields ?? {};

  function save(e: FormEvent) {
    e.preventDefault();
    const body: Schemas["UserPatch"] = {};
    void submit({
      check: () => {
        const errs = emptyErrors();
        if (role === "contractor" && !contractor) addError(errs, "contractor_id", "Select the contractor organisation they work for");
        if (role !== u.role) body.role = role;
        const org = role === "contractor" ? contractor : null;
        if ((org ?? null) !== (u.contractor_id ?? null)) body.contractor_id = org;
        const active = access === "active";
        if (active !== u.active) body.active = active;
        if (errs.summary.length === 0 && Object.keys(body).length === 0) errs.summary.push({ text: "Nothing has changed: change the role or access before saving" });
        return errs;
      },
      send: () => api.PATCH("/api/v1/landlords/{slug}/users/{id}", { params: { path: { slug, id } }, body }),
      fields: ["role", "contractor_id", "active"],
      labels: { role: "The role", contractor_id: "The contractor organisation", active: "Access" },
      done: () => {
        setFlash(`${u.name ?? u.email}: changes saved`);
        navigate(base);
      },
    });
  }

  return (
    <>
      <BackLink href={base}>Back to users</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l app-break">{u.email}</span>
          <h1 className="govuk-heading-l">
            {u.name ?? u.email}
            {u.id === me.id ? " (you)" : ""}
          </h1>
          <form onSubmit={save} noValidate>
            <RoleFields
              role={role}
              setRole={setRole}
              contractor={contractor}
              setContractor={setContractor}
              orgs={contractors.data?.items ?? []}
              errors={f}
              slug={slug}
            />
            <Radios
              name="active"
              label="Access"
              legendSize="m"
              value={access}
              onChange={setAccess}
              error={f.active}
              choices={[
                { value: "active", label: "Can sign in to this landlord" },
                { value: "removed", label: "Access removed", hint: "Nothing they recorded is lost. Their access can be given back." },
              ]}
            />
            <FormButtons label="Save changes" busy={busy} cancel={base} />
          </form>
        </div>
      </div>
    </>
  );
}
