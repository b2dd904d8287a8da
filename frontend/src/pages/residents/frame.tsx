import type { ReactNode } from "react";
import { ErrorSummary } from "../../components/forms";
import { BackLink, useTitle } from "../../components/layout";
import type { FormErrors } from "../../lib/problems";
import { NotLoaded } from "../load";
import { residentHref, useResident, type Resident } from "./data";

/** The frame of a form about one resident: back to their record, the error summary, their
 * name as the caption and the form's heading. */
export function ResidentFrame({
  slug,
  id,
  title,
  errors,
  intro,
  children,
}: {
  slug: string;
  id: string;
  title: string;
  errors: FormErrors | null;
  intro?: ReactNode;
  children: (r: Resident) => ReactNode;
}) {
  const loaded = useResident(slug, id);
  const r = loaded.data;
  useTitle(r ? `${title} – ${r.name}` : title, !!errors);
  const back = residentHref(slug, id);
  return (
    <>
      <BackLink href={back}>Back to {r ? r.name : "the resident"}</BackLink>
      {!r ? (
        <NotLoaded loaded={loaded} what="Resident" />
      ) : (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <ErrorSummary errors={errors} />
            <span className="govuk-caption-l">{r.name}</span>
            <h1 className="govuk-heading-l">{title}</h1>
            {intro}
            {children(r)}
          </div>
        </div>
      )}
    </>
  );
}
