import { useState } from "react";
import { api } from "../../api/client";
import { Textarea } from "../../components/forms";
import { longDate } from "../../lib/deadlines";
import { ActionFrame, type ActionProps, type Sent } from "./ActionFrame";
import { noErrors } from "./common";

/** Uploads the evidence that the resident agreed to their representative acting for them
 * (Code 3.6): the file goes on the complaint's record, and is then recorded as the
 * representative's evidence of consent. */
export function ConsentEvidence(props: ActionProps) {
  const [file, setFile] = useState<File | null>(null);
  const [description, setDescription] = useState("");
  return (
    <ActionFrame
      action="consent"
      props={props}
      title={() => "Upload the evidence of consent"}
      intro={(c) =>
        c.representative ? (
          <>
            <p className="govuk-body">
              {c.representative.name}
              {c.representative.relationship ? ` (${c.representative.relationship})` : ""} is making this complaint for the resident. Keep the
              evidence that the resident agreed to this on the record (Code 3.6): a signed consent form, a letter or an email, say.
            </p>
            <p className="govuk-body">
              Recorded so far: consent given on {longDate(c.representative.consent_on)}, {c.representative.consent_evidence}.
              {c.representative.consent_attachment_id ? " Evidence has been uploaded already: a new file takes its place." : ""}
            </p>
          </>
        ) : (
          <p className="govuk-body">This complaint has no representative.</p>
        )
      }
      submitLabel="Upload evidence"
      render={(_c, errors) => {
        const f = errors?.fields ?? {};
        const error = f.file;
        return {
          form: (
            <>
              <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
                <label className="govuk-label govuk-label--s" htmlFor="file">
                  Upload the evidence of consent
                </label>
                <div id="file-hint" className="govuk-hint">
                  A PDF, a photo or scan, a Word document or an email (.eml, .msg), up to 20 MB
                </div>
                {error && (
                  <p id="file-error" className="govuk-error-message">
                    <span className="govuk-visually-hidden">Error:</span> {error}
                  </p>
                )}
                <input
                  className={`govuk-file-upload${error ? " govuk-file-upload--error" : ""}`}
                  id="file"
                  name="file"
                  type="file"
                  aria-describedby={error ? "file-hint file-error" : "file-hint"}
                  onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                />
              </div>
              <Textarea
                name="description"
                label="What is it? (optional)"
                hint="For example, consent form signed by the resident"
                rows={2}
                value={description}
                onChange={setDescription}
                error={f.description}
              />
            </>
          ),
          spec: {
            fields: ["file", "description", "attachment_id"],
            labels: { file: "The file", description: "What it is", attachment_id: "The evidence" },
            done: file ? `${file.name} recorded as the evidence of the resident's consent` : "Evidence of the resident's consent recorded",
            check: () => {
              const e = noErrors();
              if (!file) {
                e.fields.file = "Select the file with the evidence of consent";
                e.summary.push({ text: e.fields.file, href: "#file" });
              }
              return e;
            },
            send: async (): Promise<Sent> => {
              const path = { slug: props.slug, id: props.id };
              const form = new FormData();
              if (file) form.append("file", file, file.name);
              form.append("description", description.trim() || "Evidence of the resident's consent to their representative (Code 3.6)");
              const uploaded = await api.POST("/api/v1/landlords/{slug}/complaints/{id}/attachments", {
                params: { path },
                // A FormData body is sent as multipart/form-data, with its boundary, as it is.
                body: form as unknown as { file: string; description?: string | null },
              });
              if (!uploaded.data) return uploaded;
              return api.POST("/api/v1/landlords/{slug}/complaints/{id}/representative/consent", {
                params: { path },
                body: { attachment_id: uploaded.data.id },
              });
            },
          },
        };
      }}
    />
  );
}
