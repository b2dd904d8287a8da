import { api } from "../../api/client";
import { mayReissueTrackingLink } from "../../lib/actions";
import { stageOf } from "../casedata";
import { ActionFrame, type ActionProps } from "./ActionFrame";

/** Sends the resident a new private tracking link by email, after a confirmation: the old
 * link stops working at once. Staff never see either link; the letter is kept on the
 * complaint's correspondence with the link withheld. Refused (409) when the resident cannot
 * be emailed, with the server's reason. */
export function TrackingLink(props: ActionProps) {
  const who = { userId: props.me.id, role: props.membership.role, contractorId: props.membership.contractor_id };
  return (
    <ActionFrame
      action="tracking-link"
      props={props}
      title={() => "Send the resident a new tracking link?"}
      allowed={(c) => mayReissueTrackingLink(stageOf(c, 1), who)}
      intro={() => (
        <>
          <p className="govuk-body">
            The resident follows a private link to see how their complaint is going. Send a new one when they have lost theirs, or
            think someone else has it. It goes to their email address; you do not see it.
          </p>
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <strong className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              The resident's old link will stop working.
            </strong>
          </div>
        </>
      )}
      submitLabel="Send a new tracking link"
      render={() => ({
        form: null,
        spec: {
          fields: [],
          done: "A new tracking link has been emailed to the resident. Their old link no longer works.",
          send: () => api.POST("/api/v1/landlords/{slug}/complaints/{id}/tracking-link", { params: { path: { slug: props.slug, id: props.id } } }),
        },
      })}
    />
  );
}
