/* What the residents' pages say when something is missing or wrong. */

import { ProblemSummary, useTitle } from "../../components/layout";

export function PublicNotFound() {
  useTitle("Page not found");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Page not found</h1>
        <p className="govuk-body">If you typed the web address, check it is correct.</p>
        <p className="govuk-body">If you pasted the web address, check you copied the entire address.</p>
        <p className="govuk-body">To complain to your landlord, contact them directly: their letters and website give their details.</p>
      </div>
    </div>
  );
}

export function PublicProblem({ text }: { text: string }) {
  useTitle("Sorry, there is a problem");
  return (
    <>
      <h1 className="govuk-heading-l">Sorry, there is a problem</h1>
      <ProblemSummary text={text} />
    </>
  );
}
