import { useEffect, useRef, useState, type FormEvent } from "react";
import { api, type Schemas } from "../../api/client";
import { ErrorSummary, Radios, TextInput } from "../../components/forms";
import { BackLink, Loading, ProblemSummary, SuccessBanner, SummaryList, Tag, useTitle } from "../../components/layout";
import {
  LANDLORD_KINDS,
  landlordKindLabel,
  landlordStatusLabel,
  landlordStatusTag,
  looksLikeSlug,
  slugFromName,
} from "../../lib/casework";
import { dateTime } from "../../lib/deadlines";
import { setFlash, takeFlash } from "../../lib/flash";
import { addError, emptyErrors, wholeNumber } from "../../lib/forms";
import { roleLabel } from "../../lib/words";
import { Link, navigate } from "../../router";
import type { Me } from "../../session";
import { Forbidden } from "../Forbidden";
import { FormButtons, useSubmit } from "../staff/common";

type Usage = Schemas["LandlordUsageView"];
type Created = Schemas["CreatedLandlord"];

const FIELDS = ["name", "slug", "kind", "homes", "homes_low_cost_home_ownership", "reference_prefix", "admin_email"] as const;
const LABELS: Record<string, string> = {
  name: "The landlord's name",
  slug: "The web address name",
  kind: "The kind of landlord",
  homes: "Homes for rent",
  homes_low_cost_home_ownership: "Low-cost home ownership homes",
  reference_prefix: "The reference prefix",
  admin_email: "The first admin's email address",
};

/** Every landlord's usage, page by page (counts only: the platform team sees no case content). */
function useUsage(version: number) {
  const [items, setItems] = useState<Usage[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ status: number; text: string } | null>(null);
  const [more, setMore] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api
      .GET("/api/v1/platform/landlords", { params: { query: { limit: 100, ...(more ? { cursor: more } : {}) } } })
      .then(({ data, error, response }) => {
        if (!live) return;
        if (data) {
          setItems((now) => (more && now ? [...now, ...data.items] : data.items));
          setNext(data.next_cursor ?? null);
          setProblem(null);
        } else {
          setProblem({ status: response.status, text: (error as { detail?: string } | undefined)?.detail ?? "Something went wrong. Try again." });
        }
      })
      .catch(() => live && setProblem({ status: 0, text: "The portal could not reach the server. Try again." }));
    return () => {
      live = false;
    };
  }, [version, more]);
  return { items, next, problem, showMore: () => setMore(next) };
}

/** The platform admin's page (docs/roles.md, "The platform admin"): each landlord's use of
 * the portal, and onboarding a new landlord with an invitation for its first admin. */
export function PlatformLandlords({ me }: { me: Me }) {
  useTitle("Landlords");
  const [version, setVersion] = useState(0);
  const usage = useUsage(version);
  const [created, setCreated] = useState<Created | null>(null);
  const [flash] = useState(() => takeFlash());

  if (!me.is_platform_admin) return <Forbidden detail="only a platform admin may do this" />;
  if (usage.problem?.status === 403) return <Forbidden detail={usage.problem.text} />;

  return (
    <>
      {flash && !created && <SuccessBanner heading={flash} />}
      <h1 className="govuk-heading-l">Landlords</h1>
      {created && <Onboarded created={created} />}
      <p className="govuk-body">
        How each landlord uses the portal. The platform team sees counts only, never the content of a complaint.
      </p>
      {usage.problem ? (
        <ProblemSummary text={usage.problem.text} />
      ) : !usage.items ? (
        <Loading />
      ) : (
        <UsageTable items={usage.items} />
      )}
      {usage.next && (
        <button type="button" className="govuk-button govuk-button--secondary" onClick={usage.showMore}>
          Show more landlords
        </button>
      )}
      <Onboard
        onDone={(c) => {
          setCreated(c);
          setVersion((v) => v + 1);
        }}
      />
    </>
  );
}

function UsageTable({ items }: { items: Usage[] }) {
  if (items.length === 0) return <p className="govuk-body">No landlords have been onboarded yet.</p>;
  return (
    <table className="govuk-table app-table--stack">
      <caption className="govuk-table__caption govuk-table__caption--m">Usage by landlord</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">Landlord</th>
          <th scope="col" className="govuk-table__header">Status</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Homes</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Users</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Complaints this year</th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">Complaints in all</th>
          <th scope="col" className="govuk-table__header">Last activity</th>
          <th scope="col" className="govuk-table__header">
            <span className="govuk-visually-hidden">Action</span>
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {items.map((l) => (
          <tr className="govuk-table__row" key={l.id}>
            <th scope="row" className="govuk-table__header" data-label="Landlord">
              {l.name}
              <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0 govuk-!-font-weight-regular">
                {landlordKindLabel(l.kind)}, <span className="app-break">{l.slug}</span>
              </span>
            </th>
            <td className="govuk-table__cell" data-label="Status">
              <Tag className={landlordStatusTag(l.status)}>{landlordStatusLabel(l.status)}</Tag>
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Homes">
              {l.homes.toLocaleString("en-GB")}
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Users">
              {l.users.toLocaleString("en-GB")}
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Complaints this year">
              {l.complaints_this_year.toLocaleString("en-GB")}
            </td>
            <td className="govuk-table__cell govuk-table__cell--numeric" data-label="Complaints in all">
              {l.complaints_total.toLocaleString("en-GB")}
            </td>
            <td className="govuk-table__cell" data-label="Last activity">
              {l.last_activity_at ? dateTime(l.last_activity_at) : "Nothing recorded yet"}
            </td>
            <td className="govuk-table__cell" data-label="Action">
              {l.status === "suspended" ? (
                <Link href={`${PLATFORM_LANDLORDS}/${encodeURIComponent(l.slug)}/reinstate`} className="govuk-link">
                  Reinstate<span className="govuk-visually-hidden"> {l.name}</span>
                </Link>
              ) : (
                <Link href={`${PLATFORM_LANDLORDS}/${encodeURIComponent(l.slug)}/suspend`} className="govuk-link">
                  Suspend<span className="govuk-visually-hidden"> {l.name}</span>
                </Link>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const PLATFORM_LANDLORDS = "/platform/landlords";

/** One landlord's usage, found page by page. */
function useLandlord(slug: string) {
  const [found, setFound] = useState<Usage | null>(null);
  const [problem, setProblem] = useState<{ status: number; text: string } | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      let cursor: string | undefined;
      for (;;) {
        const { data, error, response } = await api.GET("/api/v1/platform/landlords", {
          params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
        });
        if (!live) return;
        if (!data) {
          setProblem({ status: response.status, text: (error as { detail?: string } | undefined)?.detail ?? "Something went wrong. Try again." });
          return;
        }
        const l = data.items.find((x) => x.slug === slug);
        if (l) {
          setFound(l);
          return;
        }
        if (!data.next_cursor) {
          setProblem({ status: 404, text: "There is no landlord at this address." });
          return;
        }
        cursor = data.next_cursor;
      }
    })().catch(() => live && setProblem({ status: 0, text: "The portal could not reach the server. Try again." }));
    return () => {
      live = false;
    };
  }, [slug]);
  return { found, problem };
}

/** Suspends or reinstates a landlord (platform admin), after a confirmation. */
export function SuspendLandlord({ me, slug, reinstate }: { me: Me; slug: string; reinstate: boolean }) {
  const { found, problem } = useLandlord(slug);
  const { errors, busy, submit } = useSubmit();
  const name = found?.name ?? slug;
  useTitle(reinstate ? `Reinstate ${name}` : `Suspend ${name}`, !!errors);
  const back = <BackLink href={PLATFORM_LANDLORDS}>Back to landlords</BackLink>;
  if (!me.is_platform_admin) return <Forbidden detail="only a platform admin may do this" />;
  if (problem?.status === 403) return <Forbidden detail={problem.text} />;
  if (problem) {
    return (
      <>
        {back}
        <ProblemSummary text={problem.text} />
      </>
    );
  }
  if (!found) return <Loading />;
  const l = found;

  function save(e: FormEvent) {
    e.preventDefault();
    void submit({
      send: () =>
        reinstate
          ? api.POST("/api/v1/landlords/{slug}/reinstate", { params: { path: { slug } } })
          : api.POST("/api/v1/landlords/{slug}/suspend", { params: { path: { slug } } }),
      fields: [],
      done: () => {
        setFlash(reinstate ? `${l.name} has been reinstated` : `${l.name} has been suspended`);
        navigate(PLATFORM_LANDLORDS);
      },
    });
  }

  return (
    <>
      {back}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l">Landlords</span>
          <h1 className="govuk-heading-l">{reinstate ? `Reinstate ${l.name}?` : `Suspend ${l.name}?`}</h1>
          <p className="govuk-body">
            Now: <Tag className={landlordStatusTag(l.status)}>{landlordStatusLabel(l.status)}</Tag>
          </p>
          {reinstate ? (
            <>
              <p className="govuk-body">When {l.name} is reinstated:</p>
              <ul className="govuk-list govuk-list--bullet">
                <li>its {l.users === 1 ? "user" : `${l.users.toLocaleString("en-GB")} users`} can sign in to it again</li>
                <li>its scheduled emails, such as reminders, start again</li>
              </ul>
            </>
          ) : (
            <>
              <p className="govuk-body">When {l.name} is suspended:</p>
              <ul className="govuk-list govuk-list--bullet">
                <li>its {l.users === 1 ? "user loses" : `${l.users.toLocaleString("en-GB")} users lose`} access at once, and are told it is suspended</li>
                <li>its scheduled emails stop</li>
                <li>residents' tracking links and its public page stay up, so nobody loses sight of a complaint</li>
                <li>nothing it holds is removed, and you can reinstate it at any time</li>
              </ul>
              <div className="govuk-warning-text">
                <span className="govuk-warning-text__icon" aria-hidden="true">
                  !
                </span>
                <strong className="govuk-warning-text__text">
                  <span className="govuk-visually-hidden">Warning</span>
                  Its staff cannot work on complaints while it is suspended.
                </strong>
              </div>
            </>
          )}
          <form onSubmit={save} noValidate>
            <FormButtons label={reinstate ? "Reinstate landlord" : "Suspend landlord"} busy={busy} cancel={PLATFORM_LANDLORDS} warning={!reinstate} />
          </form>
        </div>
      </div>
    </>
  );
}

/** What onboarding answered: the invitation for the landlord's first admin, which was emailed,
 * with its link shown once so it can be handed over by other means. */
function Onboarded({ created }: { created: Created }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [created]);
  const link = `${window.location.origin}/invitations/${created.invitation.accept_token}`;
  return (
    <div
      className="govuk-notification-banner govuk-notification-banner--success"
      role="alert"
      aria-labelledby="onboarded-title"
      data-module="govuk-notification-banner"
      tabIndex={-1}
      ref={ref}
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="onboarded-title">
          Success
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{created.landlord.name} has been onboarded</p>
        <SummaryList
          rows={[
            { key: "Invitation sent to", value: <span className="app-break">{created.invitation.email}</span> },
            { key: "As", value: roleLabel(created.invitation.role) },
            { key: "Invitation expires", value: dateTime(created.invitation.expires_at) },
            { key: "Reference prefix", value: created.landlord.reference_prefix },
            {
              key: "Invitation link",
              value: (
                <>
                  <code className="app-break">{link}</code>
                  <span className="govuk-body-s govuk-!-display-block govuk-!-margin-bottom-0">
                    The invitation was emailed. If it does not arrive, give the admin this link by other means: it is shown only now.
                  </span>
                </>
              ),
            },
          ]}
        />
      </div>
    </div>
  );
}

function Onboard({ onDone }: { onDone: (c: Created) => void }) {
  const empty = { name: "", slug: "", kind: "", homes: "", homes_low_cost_home_ownership: "", reference_prefix: "", admin_email: "" };
  const [v, setV] = useState(empty);
  const [slugTouched, setSlugTouched] = useState(false);
  const { errors, busy, submit } = useSubmit();
  const f = errors?.fields ?? {};
  const set = (k: keyof typeof v) => (value: string) => setV({ ...v, [k]: value });

  function save(e: FormEvent) {
    e.preventDefault();
    let homes: number | null = null;
    let lcho: number | null = null;
    void submit<Created>({
      check: () => {
        const errs = emptyErrors();
        if (!v.name.trim()) addError(errs, "name", "Enter the landlord's name");
        if (!v.slug.trim()) addError(errs, "slug", "Enter the name for the landlord's web addresses");
        else if (!looksLikeSlug(v.slug.trim())) addError(errs, "slug", "Use only lower-case letters, digits and single hyphens, for example camden-council");
        if (!v.kind) addError(errs, "kind", "Select the kind of landlord");
        homes = wholeNumber(v.homes);
        if (homes === null) addError(errs, "homes", "Enter the number of homes for rent, as a whole number such as 5200");
        if (v.homes_low_cost_home_ownership.trim()) {
          lcho = wholeNumber(v.homes_low_cost_home_ownership);
          if (lcho === null) addError(errs, "homes_low_cost_home_ownership", "Enter the number of low-cost home ownership homes, as a whole number");
        }
        if (!v.admin_email.trim()) addError(errs, "admin_email", "Enter the email address of the landlord's first admin");
        return errs;
      },
      send: () =>
        api.POST("/api/v1/landlords", {
          body: {
            name: v.name.trim(),
            slug: v.slug.trim(),
            kind: v.kind,
            homes: homes ?? 0,
            homes_low_cost_home_ownership: lcho,
            reference_prefix: v.reference_prefix.trim() || null,
            admin_email: v.admin_email.trim(),
          },
        }),
      fields: FIELDS,
      labels: LABELS,
      done: (created) => {
        if (!created) return;
        setV(empty);
        setSlugTouched(false);
        onDone(created);
      },
    });
  }

  return (
    <section aria-labelledby="onboard-heading" className="app-section">
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m" id="onboard-heading">
            Onboard a landlord
          </h2>
          <p className="govuk-body">
            The landlord is set up with the Housing Ombudsman's scheme and timescales, and its first admin is invited by email to
            set up everything else.
          </p>
          <ErrorSummary errors={errors} />
          <form onSubmit={save} noValidate>
            <TextInput
              name="name"
              label="Name"
              hint="As residents know it, for example Camden Council"
              value={v.name}
              onChange={(name) => setV({ ...v, name, slug: slugTouched ? v.slug : slugFromName(name) })}
              error={f.name}
            />
            <TextInput
              name="slug"
              label="Name in web addresses"
              hint="Lower-case letters, digits and hyphens, for example camden-council. It cannot be changed later."
              width="govuk-input--width-20"
              spellCheck={false}
              value={v.slug}
              onChange={(slug) => {
                setSlugTouched(true);
                setV({ ...v, slug });
              }}
              error={f.slug}
            />
            <Radios
              name="kind"
              label="What kind of landlord is it?"
              value={v.kind}
              onChange={set("kind")}
              error={f.kind}
              choices={LANDLORD_KINDS.map((k) => ({ value: k, label: landlordKindLabel(k) }))}
            />
            <TextInput
              name="homes"
              label="Homes for rent (low-cost rental)"
              hint="The number of homes the landlord owns: the denominator of the Regulator's complaint measures."
              inputMode="numeric"
              width="govuk-input--width-10"
              value={v.homes}
              onChange={set("homes")}
              error={f.homes}
            />
            <TextInput
              name="homes_low_cost_home_ownership"
              label="Low-cost home ownership homes (optional)"
              hint="Where the landlord reports them separately."
              inputMode="numeric"
              width="govuk-input--width-10"
              value={v.homes_low_cost_home_ownership}
              onChange={set("homes_low_cost_home_ownership")}
              error={f.homes_low_cost_home_ownership}
            />
            <TextInput
              name="reference_prefix"
              label="Prefix of complaint references (optional)"
              hint="1 to 6 letters or digits, for example CAM. Made from the web address name when left blank."
              width="govuk-input--width-5"
              spellCheck={false}
              value={v.reference_prefix}
              onChange={set("reference_prefix")}
              error={f.reference_prefix}
            />
            <TextInput
              name="admin_email"
              label="Email address of the landlord's first admin"
              type="email"
              autoComplete="off"
              spellCheck={false}
              value={v.admin_email}
              onChange={set("admin_email")}
              error={f.admin_email}
            />
            <FormButtons label="Onboard landlord" busy={busy} />
          </form>
        </div>
      </div>
    </section>
  );
}
