import { useRef, useState } from "react";
import { api } from "../../api/client";
import { Textarea } from "../../components/forms";
import { ActionFrame, type ActionProps } from "./ActionFrame";
import { noErrors } from "./common";

/** Adds a file to the complaint's record (Code 5.12): a photo, a letter, a recording. The
 * server checks that the file is what it says it is and of a kind it accepts. */
export function AttachFile(props: ActionProps) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [description, setDescription] = useState("");
  return (
    <ActionFrame
      action="attach"
      props={props}
      title={() => "Add a file to the complaint's record"}
      intro={() => (
        <p className="govuk-body">
          Keep every document on the record (Code 5.12). Photos, PDFs, text and spreadsheets, Word and OpenDocument files, emails
          (.eml, .msg) and recordings (MP3, M4A, WAV) are accepted, up to 20 MB. Programs are never accepted.
        </p>
      )}
      submitLabel="Add file"
      render={(_c, errors) => {
        const f = errors?.fields ?? {};
        const error = f.file;
        return {
          form: (
            <>
              <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
                <label className="govuk-label govuk-label--s" htmlFor="file">
                  Upload a file
                </label>
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
                  ref={input}
                  aria-describedby={error ? "file-error" : undefined}
                  onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                />
              </div>
              <Textarea
                name="description"
                label="What is it? (optional)"
                hint="For example, photo of the damp in the back bedroom"
                rows={2}
                value={description}
                onChange={setDescription}
                error={f.description}
              />
            </>
          ),
          spec: {
            fields: ["file", "description"],
            labels: { file: "The file", description: "What it is" },
            done: file ? `${file.name} added to the complaint's record` : "File added to the complaint's record",
            check: () => {
              const e = noErrors();
              if (!file) {
                e.fields.file = "Select a file";
                e.summary.push({ text: e.fields.file, href: "#file" });
              }
              return e;
            },
            send: () => {
              const form = new FormData();
              if (file) form.append("file", file, file.name);
              if (description.trim()) form.append("description", description.trim());
              return api.POST("/api/v1/landlords/{slug}/complaints/{id}/attachments", {
                params: { path: { slug: props.slug, id: props.id } },
                // A FormData body is sent as multipart/form-data, with its boundary, as it is.
                body: form as unknown as { file: string; description?: string | null },
              });
            },
          },
        };
      }}
    />
  );
}
