import { useState } from "react";
import { useTitle } from "../components/layout";
import { refusalSentence } from "../lib/problems";
import { Link } from "../router";

/** A landlord the operator has suspended: its users see this in place of every page of it,
 * in the server's words. Nothing has been removed. */
export function Suspended({ landlordName, detail, onCheckAgain }: { landlordName: string; detail: string; onCheckAgain?: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  useTitle(`This landlord is suspended – ${landlordName}`);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{landlordName}</span>
        <h1 className="govuk-heading-l">This landlord is suspended</h1>
        <div className="govuk-inset-text" id="suspension-detail">
          {refusalSentence(detail)}
        </div>
        <p className="govuk-body">
          You cannot see or work on {landlordName}'s complaints until it is reinstated. Residents can still follow their complaints
          with their private links.
        </p>
        <p className="govuk-body">If you think this is a mistake, contact your landlord's administrator.</p>
        {onCheckAgain && (
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            data-module="govuk-button"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void onCheckAgain().finally(() => setBusy(false));
            }}
          >
            Check again
          </button>
        )}
        <p className="govuk-body">
          <Link href="/landlords" className="govuk-link">
            Your landlords
          </Link>
        </p>
      </div>
    </div>
  );
}
