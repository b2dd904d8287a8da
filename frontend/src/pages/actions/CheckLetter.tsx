import type { FormEvent, ReactNode } from "react";
import type { Schemas } from "../../api/client";
import { SummaryList } from "../../components/layout";
import { longDate } from "../../lib/deadlines";
import { letterLabel } from "../../lib/words";

export type LetterPreview = Schemas["LetterPreview"];

/** The letter an action would send, shown before it goes (the check-your-answers pattern):
 * to whom, how, and its words as the resident will read them. Nothing has been recorded;
 * the action is done only when the button is pressed. */
export function CheckLetter({
  letter,
  reference,
  confirm,
  busy,
  warning,
  onConfirm,
  onChange,
  caption,
  note,
}: {
  letter: LetterPreview;
  reference: string;
  /** The caption above the heading, when not the complaint's reference (a complaint not yet
   * logged has none). */
  caption?: string;
  /** What to know about this letter in particular. */
  note?: ReactNode;
  confirm: string;
  busy: boolean;
  warning?: boolean;
  onConfirm: (e: FormEvent) => void;
  onChange: () => void;
}) {
  const how = letter.sent_earlier_on
    ? `Already sent by other means on ${longDate(letter.sent_earlier_on)}: it is recorded as sent that day, and nothing is emailed`
    : letter.delivery === "email"
      ? `By email to ${letter.recipient}`
      : "By post: it is added to the letters to post, to print and post";
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{caption ?? `Complaint ${reference}`}</span>
        <h1 className="govuk-heading-l">Check the letter before it is sent</h1>
        <p className="govuk-body">
          Nothing has been recorded yet. When you press “{confirm}”, this is recorded and the letter goes to the
          resident as it is shown here.
        </p>
        {note}
        <SummaryList
          rows={[
            { key: "Letter", value: letterLabel(letter.kind) },
            { key: "To", value: letter.recipient_name },
            {
              key: "How it goes",
              value: letter.delivery === "post" && !letter.sent_earlier_on ? (
                <>
                  {how}
                  <span className="govuk-!-display-block app-prewrap">{letter.recipient}</span>
                </>
              ) : (
                how
              ),
            },
            { key: "Subject", value: letter.subject },
          ]}
        />
        {letter.staff_notes && (
          <div className="govuk-inset-text app-prewrap">
            <span className="govuk-!-font-weight-bold">For you to do as well: </span>
            {letter.staff_notes}
          </div>
        )}
        <section aria-labelledby="letter-heading">
          <h2 className="govuk-heading-m" id="letter-heading">
            The letter, as the resident will receive it
          </h2>
          <div className="app-letter app-prewrap">{letter.text}</div>
        </section>
        <form onSubmit={onConfirm} noValidate>
          <div className="govuk-button-group">
            <button
              type="submit"
              className={`govuk-button${warning ? " govuk-button--warning" : ""}`}
              data-module="govuk-button"
              disabled={busy}
            >
              {confirm}
            </button>
            <button type="button" className="govuk-button govuk-button--secondary" data-module="govuk-button" onClick={onChange}>
              Change what you entered
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
