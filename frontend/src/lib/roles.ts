/** What each role at a landlord may open in the portal (SPEC section 1), for the navigation
 * and for where a user starts. The server decides what each role may do; these only decide
 * what the portal offers. */

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

export interface NavLink {
  href: string;
  text: string;
  current: boolean;
}

/** The landlord's pages a role is offered in the navigation, the page at `path` marked
 * current. Those who oversee rather than handle complaints have the dashboard first. */
export function landlordNav(role: string, slug: string, path: string): NavLink[] {
  const base = `/l/${encodeURIComponent(slug)}`;
  const under = (p: string) => path === p || path.startsWith(`${p}/`);
  const nav: NavLink[] = [];
  const dashboard = { href: `${base}/dashboard`, text: "Dashboard", current: under(`${base}/dashboard`) };
  const overseer = role === "mrc" || role === "governing_body";
  if (overseer) nav.push(dashboard);
  if (CASE_READERS.includes(role)) nav.push({ href: `${base}/complaints`, text: "Complaints", current: under(`${base}/complaints`) });
  if (OVERSEERS.includes(role) && !overseer) nav.push(dashboard);
  if (TSM_READERS.includes(role)) {
    nav.push({
      href: `${base}/tsm`,
      text: role === "panel_member" ? "Published figures" : "Regulator's measures",
      current: under(`${base}/tsm`),
    });
  }
  if (LEARNING_READERS.includes(role)) nav.push({ href: `${base}/learning`, text: "Learning", current: under(`${base}/learning`) });
  if (SUBSCRIBERS.includes(role)) nav.push({ href: `${base}/subscriptions`, text: "Emails you get", current: under(`${base}/subscriptions`) });
  return nav;
}
