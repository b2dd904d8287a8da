import { ImportantBanner } from "../components/layout";
import { longDate } from "../lib/deadlines";

/** A landlord's notice that it cannot comply with the Code for now (Code 8.5), as a GOV.UK
 * important notification banner. */
export function ExceptionalNotice({ notice }: { notice: { description: string; expected_return_on: string } }) {
  return (
    <ImportantBanner id="exceptional-circumstances-title">
      <p className="govuk-notification-banner__heading">
        Exceptional circumstances: we cannot currently keep to the Complaint Handling Code
      </p>
      <p className="govuk-body app-prewrap">{notice.description}</p>
      <p className="govuk-body">We expect to keep to the Code again by {longDate(notice.expected_return_on)}.</p>
    </ImportantBanner>
  );
}
