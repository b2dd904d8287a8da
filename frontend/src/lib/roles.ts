/** What each role at a landlord may open in the portal (docs/roles.md, "What each role may see
 * and do"), for the navigation and for where a user starts. The server decides what each role
 * may do; these only decide what the portal offers. */

/** Roles that open case files and so have a worklist. */
export const CASE_READERS = ["landlord_admin", "complaints_officer", "case_handler", "contractor", "mrc"];
/** Roles that choose which emails they get. */
export const SUBSCRIBERS = ["landlord_admin", "complaints_officer", "case_handler", "contractor", "mrc", "governing_body"];
/** Roles that oversee complaint handling and so have the dashboard (Code 9.6, 9.7). */
export const OVERSEERS = ["landlord_admin", "complaints_officer", "mrc", "governing_body"];
/** Roles that read the learning log: in full, or its published entries for the residents' panel. */
export const LEARNING_READERS = ["landlord_admin", "complaints_officer", "case_handler", "mrc", "governing_body", "panel_member"];
/** Roles that see the Regulator's measures: live for the overseers, as published for the panel. */
export const TSM_READERS = [...OVERSEERS, "panel_member"];
/** Roles that read residents' records and service requests (the MRC read-only). */
export const RESIDENT_READERS = ["landlord_admin", "complaints_officer", "case_handler", "mrc"];
/** Roles that record residents, their adjustments and service requests, and raise complaints. */
export const RESIDENT_WRITERS = ["landlord_admin", "complaints_officer", "case_handler"];
/** Roles that may read and record disclosed disabilities and vulnerabilities (special-category
 * data): a case handler only while handling one of the resident's open complaints. */
export const DISCLOSURE_STAFF = RESIDENT_WRITERS;
/** The central complaints team: restrictions (Code 5.14), reviews due, letters to post. */
export const COMPLAINTS_TEAM = ["landlord_admin", "complaints_officer"];
/** The landlord's system owners: settings, people, contractors, correspondence. */
export const ADMINS = ["landlord_admin"];
/** Roles that read the self-assessment against the Code and the annual report (Code 8.1 to
 * 8.4): the complaints team drafts them, the MRC and the governing body read them. */
export const REPORT_READERS = OVERSEERS;
/** Who reads the early warning signals (Code 9.4, 9.5): the complaints team and the MRC. */
export const SIGNAL_READERS = ["landlord_admin", "complaints_officer", "mrc"];
/** Roles that read the annual report: as it is drafted for those who oversee complaint
 * handling, as published for the residents' panel (it sees at least what the public sees). */
export const ANNUAL_REPORT_READERS = [...REPORT_READERS, "panel_member"];
/** Roles that write the self-assessment's answers and the annual report's narrative. */
export const REPORT_WRITERS = COMPLAINTS_TEAM;
/** Roles that approve and publish the self-assessment and publish the annual report. */
export const REPORT_PUBLISHERS = ADMINS;
/** Roles that record the governing body's response to the annual report (Code 8.2): its
 * members, or a landlord admin for them. */
export const GOVERNING_BODY_RESPONDERS = ["governing_body", "landlord_admin"];

export interface MembershipLike {
  landlord: string;
  role: string;
}

/** Where a membership starts: the dashboard for the MRC and the governing body, the worklist
 * for the complaints staff, the published learning for the residents' panel. */
export function homeFor(m: MembershipLike): string | null {
  const slug = encodeURIComponent(m.landlord);
  if (m.role === "mrc" || m.role === "governing_body") return `/l/${slug}/dashboard`;
  if (CASE_READERS.includes(m.role)) return `/l/${slug}/complaints`;
  if (m.role === "panel_member") return `/l/${slug}/learning`;
  if (SUBSCRIBERS.includes(m.role)) return `/l/${slug}/subscriptions`;
  return null;
}

/** The groups the navigation gathers the landlord's pages into; "Account" is the signed-in
 * person's own, shown apart from the service navigation. */
export type NavGroupName = "Cases" | "People" | "Reports" | "Administration" | "Account";

export interface NavLink {
  href: string;
  text: string;
  current: boolean;
  group: NavGroupName;
}

/** A group of the navigation: it opens on its first page, and is current when one of its
 * pages is. */
export interface NavGroup {
  text: NavGroupName;
  href: string;
  current: boolean;
  items: NavLink[];
}

/** The pages gathered into their groups, in the order each group first appears. */
export function navGroups(links: NavLink[]): NavGroup[] {
  const groups: NavGroup[] = [];
  for (const link of links) {
    let g = groups.find((x) => x.text === link.group);
    if (!g) {
      g = { text: link.group, href: link.href, current: false, items: [] };
      groups.push(g);
    }
    g.items.push(link);
    g.current ||= link.current;
  }
  return groups;
}

/** The administration pages, each under the "Administration" item of the navigation. */
export const ADMIN_SECTIONS = ["admin", "settings", "targets", "remedies", "users", "contractors", "outbox", "letter-templates", "audit"];

/** The landlord's pages a role is offered in the navigation, each in its group, the page at
 * `path` marked current. Those who oversee rather than handle complaints have the reports
 * first. */
export function landlordNav(role: string, slug: string, path: string): NavLink[] {
  const base = `/l/${encodeURIComponent(slug)}`;
  const under = (p: string) => path === p || path.startsWith(`${p}/`);
  const page = (group: NavGroupName, section: string, text: string, href = `${base}/${section}`): NavLink => ({
    href,
    text,
    current: under(`${base}/${section}`),
    group,
  });
  const cases: NavLink[] = [];
  const people: NavLink[] = [];
  const reports: NavLink[] = [];
  if (CASE_READERS.includes(role)) cases.push(page("Cases", "complaints", "Complaints"));
  // Code 1.2: a complaint made by phone, in person or by letter is logged by staff.
  if (RESIDENT_WRITERS.includes(role)) cases.push(page("Cases", "log-complaint", "Log a complaint"));
  if (RESIDENT_READERS.includes(role)) {
    cases.push(page("Cases", "service-requests", "Service requests"));
    people.push(page("People", "residents", "Residents"));
  }
  if (COMPLAINTS_TEAM.includes(role)) {
    cases.push(page("Cases", "letters", "Letters to post", `${base}/letters?delivery=post`));
    people.push(page("People", "reviews", "Reviews due"));
  }
  if (OVERSEERS.includes(role)) reports.push(page("Reports", "dashboard", "Dashboard"));
  if (SIGNAL_READERS.includes(role)) reports.push(page("Reports", "early-warning", "Early warning"));
  if (TSM_READERS.includes(role)) reports.push(page("Reports", "tsm", role === "panel_member" ? "Published figures" : "Regulator's measures"));
  if (REPORT_READERS.includes(role)) reports.push(page("Reports", "self-assessment", "Self-assessment"));
  if (ANNUAL_REPORT_READERS.includes(role)) reports.push(page("Reports", "annual-report", "Annual report"));
  if (REPORT_READERS.includes(role)) reports.push(page("Reports", "annual-submission", "Annual submission"));
  if (LEARNING_READERS.includes(role)) reports.push(page("Reports", "learning", "Learning"));
  const overseer = role === "mrc" || role === "governing_body";
  const nav = overseer ? [...reports, ...cases, ...people] : [...cases, ...people, ...reports];
  if (ADMINS.includes(role)) {
    nav.push({
      href: `${base}/admin`,
      text: "Administration",
      current: ADMIN_SECTIONS.some((s) => under(`${base}/${s}`)),
      group: "Administration",
    });
  }
  if (SUBSCRIBERS.includes(role)) nav.push(page("Account", "subscriptions", "Emails you get"));
  return nav;
}
