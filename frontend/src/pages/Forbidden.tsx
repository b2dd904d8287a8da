import { useTitle } from "../components/layout";
import { isSuspension } from "../lib/account";
import { refusalSentence } from "../lib/problems";
import { Link } from "../router";

/** A page the server refused (403): the signed-in user's role does not include it. */
export function Forbidden({ detail }: { detail?: string | null }) {
  const suspended = isSuspension(detail);
  useTitle(suspended ? "This landlord is suspended" : "You do not have access");
  if (suspended && detail) {
    // Not the user's role: the operator has suspended the landlord.
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">This landlord is suspended</h1>
          <div className="govuk-inset-text">{refusalSentence(detail)}</div>
          <p className="govuk-body">
            <Link href="/landlords" className="govuk-link">
              Your landlords
            </Link>
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">You do not have access</h1>
        <p className="govuk-body">Your role at this landlord does not include this page.</p>
        {detail && <div className="govuk-inset-text">{refusalSentence(detail)}</div>}
        <p className="govuk-body">
          If you think you should have access, ask your landlord's administrator to change your role.
        </p>
        <p className="govuk-body">
          <Link href="/" className="govuk-link">
            Go to your start page
          </Link>
        </p>
      </div>
    </div>
  );
}
