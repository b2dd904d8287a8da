import { useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { Radios, Textarea } from "../../components/forms";
import { setFlash } from "../../lib/flash";
import { addError, emptyErrors, requireText } from "../../lib/forms";
import { DISCLOSURE_KINDS, disclosureKindLabel } from "../../lib/residents";
import { navigate } from "../../router";
import { FormButtons, useSubmit } from "../staff/common";
import type { ResidentPageProps } from "./Adjustment";
import { residentHref } from "./data";
import { ResidentFrame } from "./frame";

/** Records a disability or vulnerability the resident has disclosed: special-category data,
 * which the server shows only to the roles that need it and audits every read of. */
export function DisclosureNew({ slug, id }: ResidentPageProps) {
  const [kind, setKind] = useState("");
  const [description, setDescription] = useState("");
  const { errors, busy, submit } = useSubmit();
  const f = errors?.fields ?? {};
  const back = residentHref(slug, id);

  function save(e: FormEvent) {
    e.preventDefault();
    void submit({
      check: () => {
        const errs = emptyErrors();
        if (!kind) addError(errs, "kind", "Select what the resident disclosed");
        requireText(errs, "description", description, "Enter what the resident disclosed");
        return errs;
      },
      send: () =>
        api.POST("/api/v1/landlords/{slug}/residents/{id}/disclosures", {
          params: { path: { slug, id } },
          body: { kind, description: description.trim() },
        }),
      fields: ["kind", "description"],
      labels: { kind: "What was disclosed", description: "The description" },
      done: () => {
        setFlash("Disclosure recorded");
        navigate(back);
      },
    });
  }

  return (
    <ResidentFrame
      slug={slug}
      id={id}
      title="Record a disclosure"
      errors={errors}
      intro={
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            This is special category data. Record only what the resident told you and what is needed to handle their complaints fairly.
          </strong>
        </div>
      }
    >
      {() => (
        <form onSubmit={save} noValidate>
          <Radios
            name="kind"
            label="What did the resident disclose?"
            legendSize="m"
            value={kind}
            onChange={setKind}
            error={f.kind}
            choices={DISCLOSURE_KINDS.map((k) => ({ value: k, label: disclosureKindLabel(k) }))}
          />
          <Textarea
            name="description"
            label="Describe it as the resident did"
            hint="For example, partially sighted and reads large print only"
            rows={4}
            value={description}
            onChange={setDescription}
            error={f.description}
          />
          <FormButtons label="Record disclosure" busy={busy} cancel={back} />
        </form>
      )}
    </ResidentFrame>
  );
}
