import { useEffect, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { ErrorSummary, TextInput } from "../../components/forms";
import { BackLink, Loading, Pagination, SuccessBanner, useTitle } from "../../components/layout";
import { dateTime } from "../../lib/deadlines";
import { setFlash, takeFlash } from "../../lib/flash";
import { emptyErrors, requireText } from "../../lib/forms";
import { Link, navigate, useLocation } from "../../router";
import { NotLoaded, useLoad } from "../load";
import { FormButtons, useSubmit } from "../staff/common";

const FIELDS = ["name", "email"];
const LABELS = { name: "The organisation's name", email: "The email address" };

/** The contractor organisations stage 1 complaints can be allocated to (Code 5.4), and adding
 * one. */
export function Contractors({ slug, landlordName }: { slug: string; landlordName: string }) {
  const { query } = useLocation();
  const page = query.get("page") ?? "";
  const [flash, setBanner] = useState(() => takeFlash());
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const { errors, busy, submit } = useSubmit();
  useTitle(`Contractors – ${landlordName}`, !!errors);
  const loaded = useLoad(
    () => api.GET("/api/v1/landlords/{slug}/contractors", { params: { path: { slug }, query: { limit: 100, ...(page ? { cursor: page } : {}) } } }),
    [slug, page],
  );
  const base = `/l/${encodeURIComponent(slug)}/contractors`;
  const f = errors?.fields ?? {};
  const data = loaded.data;

  function add(e: FormEvent) {
    e.preventDefault();
    setBanner(null);
    void submit({
      check: () => {
        const errs = emptyErrors();
        requireText(errs, "name", name, "Enter the organisation's name");
        requireText(errs, "email", email, "Enter the email address where the organisation gets notices about its cases");
        return errs;
      },
      send: () => api.POST("/api/v1/landlords/{slug}/contractors", { params: { path: { slug } }, body: { name: name.trim(), email: email.trim() } }),
      fields: FIELDS,
      labels: LABELS,
      done: (c) => {
        setBanner(`${c?.name ?? "The contractor"} added`);
        setName("");
        setEmail("");
        loaded.reload();
      },
    });
  }

  return (
    <>
      <BackLink href={`/l/${encodeURIComponent(slug)}/admin`}>Back to administration</BackLink>
      {flash && !errors && <SuccessBanner heading={flash} />}
      <ErrorSummary errors={errors} />
      <span className="govuk-caption-l">Administration</span>
      <h1 className="govuk-heading-l">Contractors</h1>
      <p className="govuk-body">
        Organisations that handle stage 1 complaints for {landlordName} (Code 5.4). Their users see only the complaints allocated to their
        organisation, and the landlord keeps full sight of them (Code 5.5).
      </p>
      {!data ? (
        <NotLoaded loaded={loaded} />
      ) : data.items.length === 0 ? (
        <p className="govuk-body">There are no contractor organisations yet.</p>
      ) : (
        <table className="govuk-table app-table--stack">
          <caption className="govuk-table__caption govuk-table__caption--m">Contractor organisations</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Name</th>
              <th scope="col" className="govuk-table__header">Email for notices</th>
              <th scope="col" className="govuk-table__header">Added</th>
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {data.items.map((c) => (
              <tr className="govuk-table__row" key={c.id}>
                <th scope="row" className="govuk-table__header">
                  {c.name}
                </th>
                <td className="govuk-table__cell app-break" data-label="Email for notices">
                  {c.email}
                </td>
                <td className="govuk-table__cell" data-label="Added">
                  {dateTime(c.created_at)}
                </td>
                <td className="govuk-table__cell" data-label="Action">
                  <Link href={`${base}/${c.id}`} className="govuk-link">
                    Change<span className="govuk-visually-hidden"> {c.name}</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && (
        <Pagination
          label="Pages of contractors"
          first={page ? base : null}
          next={data.next_cursor ? `${base}?page=${encodeURIComponent(data.next_cursor)}` : null}
        />
      )}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <form onSubmit={add} noValidate>
            <h2 className="govuk-heading-m">Add a contractor organisation</h2>
            <TextInput name="name" label="Organisation name" value={name} onChange={setName} error={f.name} />
            <TextInput
              name="email"
              label="Email address for notices"
              hint="Where the organisation is told about cases allocated to it"
              type="email"
              spellCheck={false}
              value={email}
              onChange={setEmail}
              error={f.email}
            />
            <FormButtons label="Add contractor" busy={busy} />
          </form>
        </div>
      </div>
    </>
  );
}

/** Changes a contractor organisation's name or email address. */
export function ContractorEdit({ slug, id, landlordName }: { slug: string; id: string; landlordName: string }) {
  const loaded = useLoad(() => api.GET("/api/v1/landlords/{slug}/contractors/{id}", { params: { path: { slug, id } } }), [slug, id]);
  const [name, setName] = useState<string | null>(null);
  const [email, setEmail] = useState("");
  const { errors, busy, submit } = useSubmit();
  useTitle(`Change a contractor – ${landlordName}`, !!errors);
  const c = loaded.data;
  useEffect(() => {
    if (c && name === null) {
      setName(c.name);
      setEmail(c.email);
    }
  }, [c, name]);
  const base = `/l/${encodeURIComponent(slug)}/contractors`;
  if (!c) {
    return (
      <>
        <BackLink href={base}>Back to contractors</BackLink>
        <NotLoaded loaded={loaded} what="Contractor" />
      </>
    );
  }
  if (name === null) return <Loading />;
  const f = errors?.fields ?? {};

  function save(e: FormEvent) {
    e.preventDefault();
    if (!c) return;
    void submit({
      check: () => {
        const errs = emptyErrors();
        requireText(errs, "name", name ?? "", "Enter the organisation's name");
        requireText(errs, "email", email, "Enter the email address for notices");
        return errs;
      },
      send: () =>
        api.PATCH("/api/v1/landlords/{slug}/contractors/{id}", {
          params: { path: { slug, id } },
          body: {
            ...((name ?? "").trim() !== c.name ? { name: (name ?? "").trim() } : {}),
            ...(email.trim() !== c.email ? { email: email.trim() } : {}),
          },
        }),
      fields: FIELDS,
      labels: LABELS,
      done: (saved) => {
        setFlash(`${saved?.name ?? "The contractor"}: changes saved`);
        navigate(base);
      },
    });
  }

  return (
    <>
      <BackLink href={base}>Back to contractors</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l">Contractors</span>
          <h1 className="govuk-heading-l">Change {c.name}</h1>
          <form onSubmit={save} noValidate>
            <TextInput name="name" label="Organisation name" value={name} onChange={setName} error={f.name} />
            <TextInput
              name="email"
              label="Email address for notices"
              type="email"
              spellCheck={false}
              value={email}
              onChange={setEmail}
              error={f.email}
            />
            <FormButtons label="Save changes" busy={busy} cancel={base} />
          </form>
        </div>
      </div>
    </>
  );
}
