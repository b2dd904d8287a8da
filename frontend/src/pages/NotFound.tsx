import { useTitle } from "../components/layout";
import { Link } from "../router";

export function NotFound({ what = "Page" }: { what?: string }) {
  useTitle(`${what} not found`);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{what} not found</h1>
        <p className="govuk-body">If you typed the web address, check it is correct.</p>
        <p className="govuk-body">If you followed a link, it may be to something you do not have access to.</p>
        <p className="govuk-body">
          <Link href="/" className="govuk-link">
            Go to the start
          </Link>
        </p>
      </div>
    </div>
  );
}
