import { useEffect, useState } from "react";
import { Loading, useTitle } from "../components/layout";
import { Link } from "../router";
import { useSession } from "../session";

export function SignOut() {
  const { me, signOut } = useSession();
  const [done, setDone] = useState(!me);
  useTitle(done ? "You have signed out" : "Signing out");
  useEffect(() => {
    if (me) signOut().then(() => setDone(true));
  }, [me, signOut]);
  if (!done) return <Loading />;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">You have signed out</h1>
        <p className="govuk-body">
          <Link href="/sign-in" className="govuk-link">
            Sign in again
          </Link>
        </p>
      </div>
    </div>
  );
}
