import { useEffect } from "react";
import { Tag, useTitle } from "../components/layout";
import { Link, navigate } from "../router";
import { homeFor, useSession } from "../session";
import { roleLabel } from "../lib/words";

export const PLATFORM_HOME = "/platform/landlords";

/** Where a signed-in user lands: straight to their landlord when they have one, else a
 * choice of landlords. */
export function Home({ choose }: { choose: boolean }) {
  const { me, landlordNames, suspension } = useSession();
  useTitle((me?.memberships.length ?? 0) > 1 ? "Choose a landlord" : "Your landlords");
  const memberships = me?.memberships ?? [];
  const only = memberships.length === 1 ? memberships[0] : undefined;
  // The platform admin, who is a member of no landlord, starts with the landlords' usage.
  const onlyHome = only ? homeFor(only) : memberships.length === 0 && me?.is_platform_admin ? PLATFORM_HOME : null;

  useEffect(() => {
    if (!choose && onlyHome) navigate(onlyHome, { replace: true });
  }, [choose, onlyHome]);

  if (!choose && onlyHome) return null;

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{memberships.length > 1 ? "Choose a landlord" : "Your landlords"}</h1>
        {me?.is_platform_admin && (
          <p className="govuk-body">
            <Link href={PLATFORM_HOME} className="govuk-link govuk-!-font-weight-bold">
              Landlords on the platform
            </Link>
            <br />
            <span className="govuk-hint govuk-!-margin-bottom-0">Platform admin: usage and onboarding</span>
          </p>
        )}
        {memberships.length === 0 ? (
          me?.is_platform_admin ? null : (
          <p className="govuk-body">Your account is not a member of any landlord.</p>
          )
        ) : (
          <>
            <p className="govuk-body">
              {memberships.length > 1
                ? "You work with more than one landlord. Choose which one to work on."
                : "The portal has no pages for your role yet."}
            </p>
            <ul className="govuk-list govuk-list--spaced">
              {memberships.map((m) => {
                const href = homeFor(m);
                const name = landlordNames[m.landlord] ?? m.landlord;
                return (
                  <li key={m.landlord}>
                    {href ? (
                      <Link href={href} className="govuk-link govuk-!-font-weight-bold">
                        {name}
                      </Link>
                    ) : (
                      <span className="govuk-!-font-weight-bold">{name}</span>
                    )}
                    {suspension(m.landlord) && (
                      <>
                        {" "}
                        <Tag className="govuk-tag--red">Suspended</Tag>
                      </>
                    )}
                    <br />
                    <span className="govuk-hint govuk-!-margin-bottom-0">{roleLabel(m.role)}</span>
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
