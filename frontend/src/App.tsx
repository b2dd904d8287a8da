import { useEffect, type ReactNode } from "react";
import { Layout, Loading, type NavItem } from "./components/layout";
import { match, navigate, useLocation } from "./router";
import { homeFor, landlordNav } from "./lib/roles";
import { CASE_READERS, SUBSCRIBERS, useSession } from "./session";
import { CasePage } from "./pages/Case";
import { Dashboard } from "./pages/Dashboard";
import { DashboardCases } from "./pages/DashboardCases";
import { LearningEntry } from "./pages/learning/Entry";
import { LearningForm } from "./pages/learning/Form";
import { LearningList } from "./pages/learning/List";
import { LearningPublish } from "./pages/learning/Publish";
import { LearningWithdraw } from "./pages/learning/Withdraw";
import { PublicPage } from "./pages/Public";
import { Tsm } from "./pages/Tsm";
import { Home } from "./pages/Home";
import { NotFound } from "./pages/NotFound";
import { SignIn } from "./pages/SignIn";
import { SignOut } from "./pages/SignedOut";
import { Subscriptions } from "./pages/Subscriptions";
import { Worklist } from "./pages/Worklist";
import { Acknowledge } from "./pages/actions/Acknowledge";
import { Allocate } from "./pages/actions/Allocate";
import { Escalate } from "./pages/actions/Escalate";
import { Extend } from "./pages/actions/Extend";
import { NotAccept } from "./pages/actions/NotAccept";
import { Respond } from "./pages/actions/Respond";
import type { ActionProps } from "./pages/actions/ActionFrame";

const ACTIONS: Record<string, (p: ActionProps) => ReactNode> = {
  acknowledge: Acknowledge,
  allocate: Allocate,
  extend: Extend,
  respond: Respond,
  escalate: Escalate,
  "not-accept": NotAccept,
};

interface LearningActionProps {
  slug: string;
  id: string;
  landlordName: string;
  role: string;
}

const LEARNING_ACTIONS: Record<string, (p: LearningActionProps) => ReactNode> = {
  edit: LearningForm,
  publish: LearningPublish,
  withdraw: LearningWithdraw,
};

function RedirectToSignIn({ next }: { next: string }) {
  useEffect(() => {
    navigate(`/sign-in?next=${encodeURIComponent(next)}`, { replace: true });
  }, [next]);
  return null;
}

export function App() {
  const session = useSession();
  const { path, query, href } = useLocation();

  // The public pages need no sign-in.
  const pub = match("/p/:slug", path);
  if (pub) return <PublicPage key={pub.slug} slug={pub.slug as string} />;

  if (session.loading) {
    return (
      <Layout nav={[]}>
        <Loading />
      </Layout>
    );
  }

  if (path === "/sign-in") {
    if (session.me) {
      const next = query.get("next");
      return <Bounce to={next && next.startsWith("/") && !next.startsWith("//") ? next : "/"} />;
    }
    return (
      <Layout nav={[]}>
        <SignIn next={query.get("next")} />
      </Layout>
    );
  }
  if (path === "/sign-out") {
    return (
      <Layout nav={[]}>
        <SignOut />
      </Layout>
    );
  }
  if (!session.me) return <RedirectToSignIn next={href} />;
  const me = session.me;

  const several = me.memberships.length > 1;
  const signOutItem: NavItem = { href: "/sign-out", text: "Sign out", current: false };

  if (path === "/" || path === "/landlords") {
    const nav = [signOutItem];
    return (
      <Layout nav={nav}>
        <Home choose={path === "/landlords"} />
      </Layout>
    );
  }

  const parts = path.split("/");
  const slug = parts[1] === "l" && parts[2] ? decodeURIComponent(parts[2]) : undefined;
  const membership = slug ? session.membership(slug) : undefined;
  if (!slug || !membership) {
    return (
      <Layout nav={[signOutItem]}>
        <NotFound />
      </Layout>
    );
  }

  const landlordName = session.landlordNames[slug] ?? slug;
  const role = membership.role;
  const nav: NavItem[] = landlordNav(role, slug, path);
  if (several) nav.push({ href: "/landlords", text: "Change landlord", current: false });
  nav.push(signOutItem);

  let page: ReactNode = <NotFound />;
  let m: Record<string, string> | null;
  if (match("/l/:slug/complaints", path) && CASE_READERS.includes(membership.role)) {
    page = <Worklist key={slug} slug={slug} landlordName={landlordName} />;
  } else if ((m = match("/l/:slug/complaints/:id", path)) && CASE_READERS.includes(membership.role)) {
    page = <CasePage key={m.id} slug={slug} id={m.id as string} me={me} membership={membership} />;
  } else if ((m = match("/l/:slug/complaints/:id/:action", path)) && ACTIONS[m.action as string]) {
    const Action = ACTIONS[m.action as string] as (p: ActionProps) => ReactNode;
    page = <Action key={`${m.id}-${m.action}`} slug={slug} id={m.id as string} me={me} membership={membership} />;
  } else if (match("/l/:slug/subscriptions", path) && SUBSCRIBERS.includes(membership.role)) {
    page = <Subscriptions key={slug} slug={slug} landlordName={landlordName} />;
  } else if (match("/l/:slug/dashboard", path)) {
    // Every member may ask; the server answers who may see it.
    page = <Dashboard key={slug} slug={slug} landlordName={landlordName} />;
  } else if (match("/l/:slug/dashboard/cases", path)) {
    page = <DashboardCases key={slug} slug={slug} landlordName={landlordName} />;
  } else if (match("/l/:slug/tsm", path)) {
    page = <Tsm key={slug} slug={slug} landlordName={landlordName} role={role} />;
  } else if (match("/l/:slug/learning", path)) {
    page = <LearningList key={slug} slug={slug} landlordName={landlordName} role={role} />;
  } else if (match("/l/:slug/learning/new", path)) {
    page = <LearningForm key={`${slug}-new`} slug={slug} landlordName={landlordName} role={role} />;
  } else if ((m = match("/l/:slug/learning/:id", path))) {
    page = <LearningEntry key={m.id} slug={slug} id={m.id as string} landlordName={landlordName} role={role} />;
  } else if ((m = match("/l/:slug/learning/:id/:action", path)) && LEARNING_ACTIONS[m.action as string]) {
    const Action = LEARNING_ACTIONS[m.action as string] as (p: LearningActionProps) => ReactNode;
    page = <Action key={`${m.id}-${m.action}`} slug={slug} id={m.id as string} landlordName={landlordName} role={role} />;
  }

  return (
    <Layout serviceName={landlordName} serviceHref={homeFor(membership) ?? nav[0]?.href} nav={nav}>
      {page}
    </Layout>
  );
}

function Bounce({ to }: { to: string }) {
  useEffect(() => {
    navigate(to, { replace: true });
  }, [to]);
  return null;
}
