import { useState, type FormEvent, type KeyboardEvent } from "react";
import { api, type Schemas } from "../../api/client";
import { DateInput, ErrorSummary, Radios, TextInput, Textarea, emptyDate, type DateParts } from "../../components/forms";
import { BackLink, useTitle } from "../../components/layout";
import { setFlash } from "../../lib/flash";
import { addError, emptyErrors, readDate, requireText } from "../../lib/forms";
import { todayInLondon } from "../../lib/residents";
import { Link, navigate, useLocation } from "../../router";
import { useResident } from "../residents/data";
import { FormButtons, useSubmit } from "../staff/common";

type Resident = Schemas["ResidentView"];

/** Finds the resident a form is about: by a link from their record, or by searching. */
export function ResidentChooser({
  slug,
  chosen,
  onChoose,
  error,
  searchError,
}: {
  slug: string;
  chosen: string;
  onChoose: (id: string) => void;
  error?: string;
  searchError?: string;
}) {
  const who = useResident(slug, chosen || undefined);
  const [q, setQ] = useState("");
  const [found, setFound] = useState<Resident[] | null>(null);
  const [searching, setSearching] = useState(false);

  async function find() {
    if (!q.trim()) return;
    setSearching(true);
    const { data } = await api.GET("/api/v1/landlords/{slug}/residents", { params: { path: { slug }, query: { q: q.trim(), limit: 20 } } });
    setFound(data?.items ?? []);
    setSearching(false);
  }

  if (chosen && who.data) {
    return (
      <div className="govuk-form-group">
        <h2 className="govuk-heading-m">Resident</h2>
        <p className="govuk-body">
          <span className="govuk-!-font-weight-bold">{who.data.name}</span>
          {who.data.property_ref ? `, property ${who.data.property_ref}` : ""}{" "}
          <button type="button" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button" onClick={() => onChoose("")}>
            Change<span className="govuk-visually-hidden"> the resident</span>
          </button>
        </p>
      </div>
    );
  }
  return (
    <div className="govuk-form-group">
      <h2 className="govuk-heading-m">Resident</h2>
      <div
        onKeyDown={(e: KeyboardEvent) => {
          // Enter in the search box finds the resident rather than sending the whole form.
          if (e.key === "Enter" && (e.target as HTMLElement).id === "resident_q") {
            e.preventDefault();
            void find();
          }
        }}
      >
        <TextInput
          name="resident_q"
          label="Find the resident by name, email address or property reference"
          value={q}
          onChange={setQ}
          error={searchError}
        />
      </div>
      <button type="button" className="govuk-button govuk-button--secondary" data-module="govuk-button" onClick={find} disabled={searching}>
        Find resident
      </button>
      {found && found.length === 0 && (
        <p className="govuk-body" role="status">
          No residents match “{q}”.{" "}
          <Link href={`/l/${encodeURIComponent(slug)}/residents/new`} className="govuk-link">
            Add a resident
          </Link>{" "}
          first.
        </p>
      )}
      {found && found.length > 0 && (
        <Radios
          name="resident_id"
          label="Which resident?"
          value={chosen}
          onChange={onChoose}
          error={error}
          choices={found.map((r) => ({
            value: r.id,
            label: r.name,
            hint: [r.email, r.property_ref && `property ${r.property_ref}`].filter(Boolean).join(", ") || undefined,
          }))}
        />
      )}
    </div>
  );
}

/** Records a service request for a resident (Code 1.4). */
export function ServiceRequestNew({ slug, landlordName }: { slug: string; landlordName: string }) {
  const { query } = useLocation();
  const [resident, setResident] = useState(query.get("resident") ?? "");
  const [category, setCategory] = useState("");
  const [description, setDescription] = useState("");
  const [reported, setReported] = useState<DateParts>(emptyDate);
  const [due, setDue] = useState<DateParts>(emptyDate);
  const { errors, busy, submit } = useSubmit();
  useTitle(`Record a service request – ${landlordName}`, !!errors);
  const f = errors?.fields ?? {};
  const list = `/l/${encodeURIComponent(slug)}/service-requests`;

  function save(e: FormEvent) {
    e.preventDefault();
    let reportedOn: string | null | undefined;
    let dueOn: string | null | undefined;
    void submit({
      check: () => {
        const errs = emptyErrors();
        if (!resident) addError(errs, document.getElementById("resident_id") ? "resident_id" : "resident_q", "Find and select the resident");
        requireText(errs, "category", category, "Enter the category, for example repairs");
        requireText(errs, "description", description, "Describe what the resident asked for");
        reportedOn = readDate(errs, "reported_on", reported, { today: todayInLondon() });
        dueOn = readDate(errs, "due_on", due, "none");
        return errs;
      },
      send: () =>
        api.POST("/api/v1/landlords/{slug}/service-requests", {
          params: { path: { slug } },
          body: { resident_id: resident, category: category.trim(), description: description.trim(), reported_on: reportedOn as string, due_on: dueOn ?? null },
        }),
      fields: ["resident_id", "category", "description", "reported_on", "due_on"],
      labels: { resident_id: "The resident", category: "The category", description: "The description", reported_on: "The date reported", due_on: "The date due" },
      done: (sr) => {
        setFlash(`Service request ${sr?.reference ?? ""} recorded`.replace("  ", " "));
        navigate(sr ? `${list}/${sr.id}` : list);
      },
    });
  }

  return (
    <>
      <BackLink href={list}>Back to service requests</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l">Service requests</span>
          <h1 className="govuk-heading-l">Record a service request</h1>
          <form onSubmit={save} noValidate>
            <ResidentChooser slug={slug} chosen={resident} onChoose={setResident} error={f.resident_id} searchError={f.resident_q} />
            <TextInput
              name="category"
              label="Category"
              hint="For example, repairs, antisocial behaviour or rent"
              width="govuk-input--width-20"
              value={category}
              onChange={setCategory}
              error={f.category}
            />
            <Textarea name="description" label="What did the resident ask for?" rows={4} value={description} onChange={setDescription} error={f.description} />
            <DateInput
              name="reported_on"
              label="When did they report it?"
              hint="Leave blank for today. For example, 27 3 2026"
              value={reported}
              onChange={setReported}
              error={f.reported_on}
            />
            <DateInput name="due_on" label="When is it due to be done? (optional)" hint="For example, 10 4 2026" value={due} onChange={setDue} error={f.due_on} />
            <FormButtons label="Record service request" busy={busy} cancel={list} />
          </form>
        </div>
      </div>
    </>
  );
}
