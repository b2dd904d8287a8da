import { useTitle } from "../../components/layout";
import { Link } from "../../router";

const SECTIONS = [
  {
    path: "settings",
    title: "Settings",
    text: "The landlord's name and homes, complaint schemes and their timescales, the Ombudsman's details, closure days and how letters are signed.",
  },
  {
    path: "targets",
    title: "Targets",
    text: "The landlord's own targets for acknowledging and responding to complaints in time, shown beside the figures on the dashboard.",
  },
  {
    path: "remedies",
    title: "Remedies guidance",
    text: "The bands of financial redress and the compensation policy shown when a response offers a payment.",
  },
  {
    path: "sector-figures",
    title: "The sector's figures",
    text: "The sector's published figures your dashboard and the MRC's digest show beside your own, or your own copy of a year, such as your benchmarking club's.",
  },
  { path: "users", title: "Users", text: "Who has access and in which role; invite someone, change a role or remove access." },
  { path: "contractors", title: "Contractors", text: "The contractor organisations complaints can be allocated to at stage 1 (Code 5.4)." },
  { path: "letter-templates", title: "Letter templates", text: "The wording of the letters residents are sent, where the landlord has its own." },
  {
    path: "exceptional-circumstances",
    title: "Exceptional circumstances",
    text: "Tell residents if something outside your control stops you keeping to the Code for now, and when you expect to again (Code 8.5).",
  },
  { path: "outbox", title: "Email outbox", text: "Emails that could not be delivered, to send again." },
  {
    path: "audit",
    title: "Audit log",
    text: "Who read or did what that must be accounted for, such as the Member Responsible for Complaints opening a case file, and every approval and publication.",
  },
  { path: "letters?delivery=post", title: "Letters to post", text: "Letters waiting to be printed and posted, or sent in another format a resident needs." },
];

/** The landlord admin's pages (docs/roles.md, "What each role may see and do": settings,
 * calendar, users, contractors, templates). */
export function AdminHub({ slug, landlordName }: { slug: string; landlordName: string }) {
  useTitle(`Administration – ${landlordName}`);
  const base = `/l/${encodeURIComponent(slug)}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{landlordName}</span>
        <h1 className="govuk-heading-l">Administration</h1>
        <ul className="govuk-list">
          {SECTIONS.map((s) => (
            <li key={s.path} className="govuk-!-margin-bottom-6">
              <h2 className="govuk-heading-m govuk-!-margin-bottom-1">
                <Link href={`${base}/${s.path}`} className="govuk-link">
                  {s.title}
                </Link>
              </h2>
              <p className="govuk-body">{s.text}</p>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
