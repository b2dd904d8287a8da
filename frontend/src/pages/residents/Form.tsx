import { useEffect, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { ErrorSummary, Radios, TextInput, Textarea } from "../../components/forms";
import { BackLink, Loading, useTitle } from "../../components/layout";
import { setFlash } from "../../lib/flash";
import { changedText, emptyErrors, orNull, requireText } from "../../lib/forms";
import { CONTACT_METHODS, contactMethodLabel } from "../../lib/residents";
import { navigate } from "../../router";
import { NotLoaded } from "../load";
import { FormButtons, useSubmit } from "../staff/common";
import { residentHref, useResident, type Resident } from "./data";

interface Draft {
  name: string;
  email: string;
  phone: string;
  address: string;
  property_ref: string;
  preferred_contact: string;
  preferred_format: string;
  language: string;
}

const EMPTY: Draft = {
  name: "",
  email: "",
  phone: "",
  address: "",
  property_ref: "",
  preferred_contact: "",
  preferred_format: "",
  language: "",
};

const FIELDS = Object.keys(EMPTY);
const LABELS: Record<string, string> = {
  name: "Full name",
  email: "Email address",
  phone: "Phone number",
  address: "Postal address",
  property_ref: "Property reference",
  preferred_contact: "How they prefer to be contacted",
  preferred_format: "Format they need",
  language: "Language",
};

function draftOf(r: Resident): Draft {
  return {
    name: r.name,
    email: r.email ?? "",
    phone: r.phone ?? "",
    address: r.address ?? "",
    property_ref: r.property_ref ?? "",
    preferred_contact: r.preferred_contact ?? "",
    preferred_format: r.preferred_format ?? "",
    language: r.language ?? "",
  };
}

/** Adds a resident, or changes one's details (`id`). */
export function ResidentForm({ slug, id, landlordName }: { slug: string; id?: string; landlordName: string }) {
  const loaded = useResident(slug, id);
  const [draft, setDraft] = useState<Draft | null>(id ? null : EMPTY);
  const { errors, busy, submit } = useSubmit();
  const title = id ? "Change the resident's details" : "Add a resident";
  useTitle(`${title} – ${landlordName}`, !!errors);
  useEffect(() => {
    if (id && loaded.data && draft === null) setDraft(draftOf(loaded.data));
  }, [id, loaded.data, draft]);

  const list = `/l/${encodeURIComponent(slug)}/residents`;
  const back = id ? residentHref(slug, id) : list;
  if (id && !loaded.data) {
    return (
      <>
        <BackLink href={list}>Back to residents</BackLink>
        <NotLoaded loaded={loaded} what="Resident" />
      </>
    );
  }
  if (!draft) return <Loading />;
  const f = errors?.fields ?? {};
  const set = (k: keyof Draft) => (v: string) => setDraft({ ...draft, [k]: v });

  function save(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    void submit({
      check: () => {
        const errs = emptyErrors();
        requireText(errs, "name", draft.name, "Enter the resident's full name");
        return errs;
      },
      send: () =>
        id && loaded.data
          ? api.PATCH("/api/v1/landlords/{slug}/residents/{id}", {
              params: { path: { slug, id } },
              body: changedText(draftOf(loaded.data), draft),
            })
          : api.POST("/api/v1/landlords/{slug}/residents", {
              params: { path: { slug } },
              body: {
                name: draft.name.trim(),
                email: orNull(draft.email),
                phone: orNull(draft.phone),
                address: orNull(draft.address),
                property_ref: orNull(draft.property_ref),
                preferred_contact: orNull(draft.preferred_contact),
                preferred_format: orNull(draft.preferred_format),
                language: orNull(draft.language),
              },
            }),
      fields: FIELDS,
      labels: LABELS,
      done: (r) => {
        setFlash(id ? "The resident's details have been changed" : "Resident added");
        navigate(residentHref(slug, r?.id ?? id ?? ""));
      },
    });
  }

  return (
    <>
      <BackLink href={back}>Back</BackLink>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} />
          <span className="govuk-caption-l">{id && loaded.data ? loaded.data.name : "Residents"}</span>
          <h1 className="govuk-heading-l">{title}</h1>
          <form onSubmit={save} noValidate>
            <TextInput name="name" label="Full name" autoComplete="off" spellCheck={false} value={draft.name} onChange={set("name")} error={f.name} />
            <TextInput
              name="email"
              label="Email address (optional)"
              type="email"
              autoComplete="off"
              spellCheck={false}
              value={draft.email}
              onChange={set("email")}
              error={f.email}
            />
            <TextInput
              name="phone"
              label="Phone number (optional)"
              type="tel"
              autoComplete="off"
              width="govuk-input--width-20"
              value={draft.phone}
              onChange={set("phone")}
              error={f.phone}
            />
            <Textarea name="address" label="Postal address (optional)" rows={4} value={draft.address} onChange={set("address")} error={f.address} />
            <TextInput
              name="property_ref"
              label="Property reference (optional)"
              hint="The landlord's own reference for the home"
              width="govuk-input--width-10"
              value={draft.property_ref}
              onChange={set("property_ref")}
              error={f.property_ref}
            />
            <Radios
              name="preferred_contact"
              label="How do they prefer to be contacted? (optional)"
              legendSize="m"
              hint="Code 3.1: contact residents the way that works for them"
              value={draft.preferred_contact}
              onChange={set("preferred_contact")}
              error={f.preferred_contact}
              choices={[...CONTACT_METHODS.map((m) => ({ value: m, label: contactMethodLabel(m) })), { value: "", label: "Not known" }]}
            />
            <TextInput
              name="preferred_format"
              label="Format they need (optional)"
              hint="For example, large print, braille, easy read or British Sign Language"
              value={draft.preferred_format}
              onChange={set("preferred_format")}
              error={f.preferred_format}
            />
            <TextInput
              name="language"
              label="Language, if not English (optional)"
              width="govuk-input--width-20"
              value={draft.language}
              onChange={set("language")}
              error={f.language}
            />
            <FormButtons label={id ? "Save changes" : "Add resident"} busy={busy} cancel={back} />
          </form>
        </div>
      </div>
    </>
  );
}
