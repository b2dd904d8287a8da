import { useEffect, useState } from "react";
import { api, type Schemas } from "../../api/client";
import { Checkbox, Radios, TextInput, Textarea } from "../../components/forms";
import { CORRESPONDENCE_CHANNELS, correspondenceChannelLabel, fileSize } from "../../lib/casework";
import { ActionFrame, type ActionProps } from "./ActionFrame";
import { OnDate, checkDate, emptyDate, need, noErrors } from "./common";

export type Attachment = Schemas["AttachmentView"];

/** The files on a complaint's record; null while loading. */
export function useAttachments(slug: string, id: string, version = 0): Attachment[] | null {
  const [items, setItems] = useState<Attachment[] | null>(null);
  useEffect(() => {
    let live = true;
    api
      .GET("/api/v1/landlords/{slug}/complaints/{id}/attachments", { params: { path: { slug, id }, query: { limit: 200 } } })
      .then(({ data }) => live && setItems(data?.items ?? []))
      .catch(() => live && setItems([]));
    return () => {
      live = false;
    };
  }, [slug, id, version]);
  return items;
}

/** Records a letter, an email, a call or a visit, in or out (Code 5.12: a full record of
 * every correspondence). The files sent or received with it can be linked to it. */
export function RecordCorrespondence(props: ActionProps) {
  const attachments = useAttachments(props.slug, props.id);
  const [v, setV] = useState({ direction: "", channel: "", subject: "", from: "", to: "", body: "" });
  const [files, setFiles] = useState<string[]>([]);
  const [on, setOn] = useState(emptyDate);
  const set = (k: keyof typeof v) => (value: string) => setV({ ...v, [k]: value });

  return (
    <ActionFrame
      action="correspondence"
      props={props}
      title={() => "Record correspondence"}
      intro={() => (
        <p className="govuk-body">
          Keep every letter, email, call and visit on the complaint's record (Code 5.12). Correspondence sent to the resident also
          counts as an update when updates are agreed (Code 5.9).
        </p>
      )}
      submitLabel="Record correspondence"
      render={(_c, errors) => {
        const f = errors?.fields ?? {};
        let iso: string | undefined;
        return {
          form: (
            <>
              <Radios
                name="direction"
                label="Was it sent or received?"
                legendSize="m"
                value={v.direction}
                onChange={set("direction")}
                error={f.direction}
                choices={[
                  { value: "in", label: "Received by the landlord", hint: "From the resident, their representative or someone else" },
                  { value: "out", label: "Sent by the landlord" },
                ]}
              />
              <Radios
                name="channel"
                label="How?"
                legendSize="m"
                small
                value={v.channel}
                onChange={set("channel")}
                error={f.channel}
                choices={CORRESPONDENCE_CHANNELS.map((ch) => ({ value: ch, label: correspondenceChannelLabel(ch) }))}
              />
              <OnDate value={on} onChange={setOn} error={f.on} label="When was it sent or received?" />
              <TextInput name="from" label="From (optional)" value={v.from} onChange={set("from")} error={f.from} />
              <TextInput name="to" label="To (optional)" value={v.to} onChange={set("to")} error={f.to} />
              <TextInput name="subject" label="Subject (optional)" value={v.subject} onChange={set("subject")} error={f.subject} />
              <Textarea
                name="body"
                label="What it said"
                hint="The text of a letter or email; for a call or a visit, a note of what was said."
                rows={8}
                value={v.body}
                onChange={set("body")}
                error={f.body}
              />
              {attachments && attachments.length > 0 && (
                <div className={`govuk-form-group${f.attachment_ids ? " govuk-form-group--error" : ""}`}>
                  <fieldset className="govuk-fieldset" aria-describedby="attachment_ids-hint">
                    <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Files sent or received with it (optional)</legend>
                    <div id="attachment_ids-hint" className="govuk-hint">
                      Files already added to the complaint's record.
                    </div>
                    {f.attachment_ids && (
                      <p id="attachment_ids-error" className="govuk-error-message">
                        <span className="govuk-visually-hidden">Error:</span> {f.attachment_ids}
                      </p>
                    )}
                    <div className="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes" id="attachment_ids">
                      {attachments.map((a) => (
                        <Checkbox
                          key={a.id}
                          name={`attachment-${a.id}`}
                          label={`${a.file_name} (${fileSize(a.size_bytes)})`}
                          hint={a.description ?? undefined}
                          checked={files.includes(a.id)}
                          onChange={(on) => setFiles(on ? [...files, a.id] : files.filter((x) => x !== a.id))}
                        />
                      ))}
                    </div>
                  </fieldset>
                </div>
              )}
            </>
          ),
          spec: {
            fields: ["direction", "channel", "on", "from", "to", "subject", "body", "attachment_ids"],
            labels: { direction: "Sent or received", channel: "How it was sent or received", on: "The date", body: "What it said" },
            done: "Correspondence recorded",
            check: () => {
              const e = noErrors();
              if (!v.direction) {
                e.fields.direction = "Select whether it was sent or received";
                e.summary.push({ text: e.fields.direction, href: "#direction" });
              }
              if (!v.channel) {
                e.fields.channel = "Select how it was sent or received";
                e.summary.push({ text: e.fields.channel, href: "#channel" });
              }
              iso = checkDate(e, "on", on);
              need(e, "body", v.body, "Enter what it said");
              return e;
            },
            send: () =>
              api.POST("/api/v1/landlords/{slug}/complaints/{id}/correspondence", {
                params: { path: { slug: props.slug, id: props.id } },
                body: {
                  direction: v.direction,
                  channel: v.channel,
                  on: iso ?? null,
                  from: v.from.trim() || null,
                  to: v.to.trim() || null,
                  subject: v.subject.trim() || null,
                  body: v.body,
                  attachment_ids: files,
                },
              }),
          },
        };
      }}
    />
  );
}
