import { api } from "../../api/client";
import { BackLink } from "../../components/layout";
import { financialYearLabel } from "../../lib/periods";
import { SectorFiguresEditor } from "../platform/SectorFigures";

/** The sector's figures as the landlord's dashboard and the MRC's digest cite them (landlord
 * admin): the platform's record of each year, or the landlord's own copy of a year where it
 * keeps one, such as its benchmarking club's figures. Removing its copy brings back the
 * platform's. */
export function OwnSectorFigures({ slug, landlordName }: { slug: string; landlordName: string }) {
  const back = <BackLink href={`/l/${encodeURIComponent(slug)}/admin`}>Back to administration</BackLink>;
  return (
    <>
      {back}
      <SectorFiguresEditor
        title={`The sector's figures – ${landlordName}`}
        load={() => api.GET("/api/v1/landlords/{slug}/sector-figures", { params: { path: { slug } } })}
        intro={
          <>
            <span className="govuk-caption-l">{landlordName}</span>
            <h1 className="govuk-heading-l">The sector's figures</h1>
            <p className="govuk-body">
              Your dashboard and the Member Responsible for Complaints' digest show each headline figure beside the sector's, citing the
              source. The platform records what the sector publishes each year. Where you compare yourself with other figures, such as
              your benchmarking club's, keep your own copy of that year: it is shown in place of the platform's, with your source.
            </p>
          </>
        }
        none="No sector figures are recorded yet: your dashboard and digests show none."
        formHeading="Keep your own copy of a year"
        formHint="Your copy of a year replaces any you kept before; the audit log keeps what it replaced."
        saveLabel="Keep these figures"
        saved={(y) => `Your copy of the sector's figures for ${financialYearLabel(y)} is kept`}
        removed={(y) => `Your copy for ${financialYearLabel(y)} is removed`}
        removable={(r) => r.own_copy}
        removeLabel="Remove your copy"
        whose={(r) => (r.own_copy ? "Your own copy" : "Recorded by the platform for every landlord")}
        save={(year, figures, source) =>
          api.PUT("/api/v1/landlords/{slug}/sector-figures/{year}", { params: { path: { slug, year } }, body: { figures, source } })
        }
        remove={(year) => api.DELETE("/api/v1/landlords/{slug}/sector-figures/{year}", { params: { path: { slug, year } } })}
      />
    </>
  );
}
