import { useEffect, type ReactNode } from "react";
import { Layout, Loading, type NavItem, type SubNav } from "./components/layout";
import { match, navigate, useLocation } from "./router";
import { homeFor, landlordNav, navGroups } from "./lib/roles";
import { CASE_READERS, SUBSCRIBERS, useSession } from "./session";
import { ADMINS, ANNUAL_REPORT_READERS, COMPLAINTS_TEAM, REPORT_READERS, RESIDENT_READERS, SIGNAL_READERS, RESIDENT_WRITERS } from "./lib/roles";
import { Forbidden } from "./pages/Forbidden";
import { NotFound } from "./pages/NotFound";
import type { ActionProps } from "./pages/actions/ActionFrame";
import { MORE_ACTIONS } from "./pages/actions/more";
import { safeNext } from "./lib/account";
import { lazyPage } from "./lazyPage";
import { yearOf } from "./lib/periods";
import { SETTINGS_SECTION_IDS, type SettingsSection } from "./lib/settingsSections";

// Each page is a chunk of its own, loaded when first opened.
const AnnualReport = lazyPage(() => import("./pages/reports/AnnualReport"), "AnnualReport");
const SelfAssessment = lazyPage(() => import("./pages/reports/SelfAssessment"), "SelfAssessment");
const SelfAssessmentSubmission = lazyPage(() => import("./pages/reports/Submission"), "SelfAssessmentSubmission");
const AnnualReportYears = lazyPage(() => import("./pages/reports/Years"), "AnnualReportYears");
const SelfAssessmentYears = lazyPage(() => import("./pages/reports/Years"), "SelfAssessmentYears");
const AcceptInvitation = lazyPage(() => import("./pages/AcceptInvitation"), "AcceptInvitation");
const Reviews = lazyPage(() => import("./pages/Reviews"), "Reviews");
const AdminHub = lazyPage(() => import("./pages/admin/Hub"), "AdminHub");
const AuditLog = lazyPage(() => import("./pages/admin/Audit"), "AuditLog");
const WorkingDayCalculator = lazyPage(() => import("./pages/Calendar"), "WorkingDayCalculator");
const ContractorEdit = lazyPage(() => import("./pages/admin/Contractors"), "ContractorEdit");
const Contractors = lazyPage(() => import("./pages/admin/Contractors"), "Contractors");
const LetterTemplateEdit = lazyPage(() => import("./pages/admin/LetterTemplates"), "LetterTemplateEdit");
const LetterTemplates = lazyPage(() => import("./pages/admin/LetterTemplates"), "LetterTemplates");
const Letters = lazyPage(() => import("./pages/admin/Letters"), "Letters");
const ExceptionalCircumstances = lazyPage(() => import("./pages/admin/ExceptionalCircumstances"), "ExceptionalCircumstances");
const Outbox = lazyPage(() => import("./pages/admin/Outbox"), "Outbox");
const Settings = lazyPage(() => import("./pages/admin/Settings"), "Settings");
const PerformanceTargets = lazyPage(() => import("./pages/admin/Targets"), "PerformanceTargets");
const Invite = lazyPage(() => import("./pages/admin/Users"), "Invite");
const ResetSecondFactor = lazyPage(() => import("./pages/admin/Users"), "ResetSecondFactor");
const RevokeInvitation = lazyPage(() => import("./pages/admin/Users"), "RevokeInvitation");
const ResendInvitation = lazyPage(() => import("./pages/admin/Users"), "ResendInvitation");
const UserEdit = lazyPage(() => import("./pages/admin/Users"), "UserEdit");
const Users = lazyPage(() => import("./pages/admin/Users"), "Users");
const AdjustmentEdit = lazyPage(() => import("./pages/residents/Adjustment"), "AdjustmentEdit");
const AdjustmentNew = lazyPage(() => import("./pages/residents/Adjustment"), "AdjustmentNew");
const AdjustmentReview = lazyPage(() => import("./pages/residents/Adjustment"), "AdjustmentReview");
const DisclosureNew = lazyPage(() => import("./pages/residents/Disclosure"), "DisclosureNew");
const ResidentForm = lazyPage(() => import("./pages/residents/Form"), "ResidentForm");
const ResidentList = lazyPage(() => import("./pages/residents/List"), "ResidentList");
const ResidentPage = lazyPage(() => import("./pages/residents/Resident"), "ResidentPage");
const ResidentComplaint = lazyPage(() => import("./pages/intake/LogComplaint"), "ResidentComplaint");
const WhoseComplaint = lazyPage(() => import("./pages/intake/LogComplaint"), "WhoseComplaint");
const RestrictionEnd = lazyPage(() => import("./pages/residents/Restriction"), "RestrictionEnd");
const RestrictionNew = lazyPage(() => import("./pages/residents/Restriction"), "RestrictionNew");
const RestrictionReview = lazyPage(() => import("./pages/residents/Restriction"), "RestrictionReview");
const RaiseComplaint = lazyPage(() => import("./pages/serviceRequests/Detail"), "RaiseComplaint");
const ServiceRequestDetail = lazyPage(() => import("./pages/serviceRequests/Detail"), "ServiceRequestDetail");
const ServiceRequestList = lazyPage(() => import("./pages/serviceRequests/List"), "ServiceRequestList");
const ServiceRequestNew = lazyPage(() => import("./pages/serviceRequests/New"), "ServiceRequestNew");
const CasePage = lazyPage(() => import("./pages/Case"), "CasePage");
const Dashboard = lazyPage(() => import("./pages/Dashboard"), "Dashboard");
const DashboardCases = lazyPage(() => import("./pages/DashboardCases"), "DashboardCases");
const LearningEntry = lazyPage(() => import("./pages/learning/Entry"), "LearningEntry");
const LearningForm = lazyPage(() => import("./pages/learning/Form"), "LearningForm");
const LearningList = lazyPage(() => import("./pages/learning/List"), "LearningList");
const LearningPublish = lazyPage(() => import("./pages/learning/Publish"), "LearningPublish");
const LearningWithdraw = lazyPage(() => import("./pages/learning/Withdraw"), "LearningWithdraw");
const Tsm = lazyPage(() => import("./pages/Tsm"), "Tsm");
const Home = lazyPage(() => import("./pages/Home"), "Home");
const SignIn = lazyPage(() => import("./pages/SignIn"), "SignIn");
const SignOut = lazyPage(() => import("./pages/SignedOut"), "SignOut");
const Subscriptions = lazyPage(() => import("./pages/Subscriptions"), "Subscriptions");
const Worklist = lazyPage(() => import("./pages/Worklist"), "Worklist");
const Acknowledge = lazyPage(() => import("./pages/actions/Acknowledge"), "Acknowledge");
const Allocate = lazyPage(() => import("./pages/actions/Allocate"), "Allocate");
const Escalate = lazyPage(() => import("./pages/actions/Escalate"), "Escalate");
const Extend = lazyPage(() => import("./pages/actions/Extend"), "Extend");
const NotAccept = lazyPage(() => import("./pages/actions/NotAccept"), "NotAccept");
const Respond = lazyPage(() => import("./pages/actions/Respond"), "Respond");
const PlatformLandlords = lazyPage(() => import("./pages/platform/PlatformLandlords"), "PlatformLandlords");
const SuspendLandlord = lazyPage(() => import("./pages/platform/PlatformLandlords"), "SuspendLandlord");
const RemedyBands = lazyPage(() => import("./pages/admin/RemedyBands"), "RemedyBands");
const AnnualSubmission = lazyPage(() => import("./pages/reports/AnnualSubmission"), "AnnualSubmission");
const EarlyWarning = lazyPage(() => import("./pages/reports/Signals"), "EarlyWarning");
const DismissSignal = lazyPage(() => import("./pages/reports/Signals"), "DismissSignal");
const SectorFigures = lazyPage(() => import("./pages/platform/SectorFigures"), "SectorFigures");
const OwnSectorFigures = lazyPage(() => import("./pages/admin/OwnSectorFigures"), "OwnSectorFigures");
const AccountPage = lazyPage(() => import("./pages/account/Account"), "AccountPage");
const ChangeEmail = lazyPage(() => import("./pages/account/Account"), "ChangeEmail");
const ConfirmEmail = lazyPage(() => import("./pages/account/Account"), "ConfirmEmail");
const NewRecoveryCodes = lazyPage(() => import("./pages/account/Account"), "NewRecoveryCodes");
const SetUpAuthenticator = lazyPage(() => import("./pages/account/Account"), "SetUpAuthenticator");
const ForgotPassword = lazyPage(() => import("./pages/Password"), "ForgotPassword");
const ResetPassword = lazyPage(() => import("./pages/Password"), "ResetPassword");
const SignInCode = lazyPage(() => import("./pages/signin/SecondFactor"), "SignInCode");
const SignInRecoveryCode = lazyPage(() => import("./pages/signin/SecondFactor"), "SignInRecoveryCode");
const SignInRecoveryCodes = lazyPage(() => import("./pages/signin/SecondFactor"), "SignInRecoveryCodes");
const SignInSetUp = lazyPage(() => import("./pages/signin/SecondFactor"), "SignInSetUp");
const Suspended = lazyPage(() => import("./pages/Suspended"), "Suspended");

const ACTIONS: Record<string, (p: ActionProps) => ReactNode> = {
  acknowledge: Acknowledge,
  allocate: Allocate,
  extend: Extend,
  respond: Respond,
  escalate: Escalate,
  "not-accept": NotAccept,
  ...MORE_ACTIONS,
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

/** The steps of signing in after the password, each its own page. */
const SIGN_IN_STEPS: Record<string, (p: { next: string | null }) => ReactNode> = {
  "/sign-in/code": SignInCode,
  "/sign-in/recovery-code": SignInRecoveryCode,
  "/sign-in/set-up-authenticator": SignInSetUp,
  "/sign-in/recovery-codes": SignInRecoveryCodes,
};

/** The signed-in person's own pages. */
const ACCOUNT_PAGES: Record<string, (p: { me: NonNullable<ReturnType<typeof useSession>["me"]> }) => ReactNode> = {
  "/account": AccountPage,
  "/account/authenticator": SetUpAuthenticator,
  "/account/recovery-codes": NewRecoveryCodes,
  "/account/email": ChangeEmail,
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

  // The link in an invitation email: no sign-in needed, the token is the credential.
  const invitation = match("/invitations/:token", path);
  if (invitation) {
    return (
      <Layout nav={[]}>
        <AcceptInvitation key={invitation.token} token={invitation.token as string} />
      </Layout>
    );
  }

  // A forgotten password, and the links emailed to reset it or confirm a new address: their
  // token (in the address's fragment) is the credential.
  if (path === "/forgot-password") {
    return (
      <Layout nav={[]}>
        <ForgotPassword />
      </Layout>
    );
  }
  if (path === "/reset-password") {
    return (
      <Layout nav={[]}>
        <ResetPassword />
      </Layout>
    );
  }
  if (path === "/confirm-email") {
    return (
      <Layout nav={[]}>
        <ConfirmEmail />
      </Layout>
    );
  }

  if (session.loading) {
    return (
      <Layout nav={[]}>
        <Loading />
      </Layout>
    );
  }

  const step = SIGN_IN_STEPS[path];
  if (path === "/sign-in" || step) {
    if (session.me) {
      return <Bounce to={safeNext(query.get("next")) ?? "/"} />;
    }
    const Step = step;
    return (
      <Layout nav={[]}>
        {Step ? <Step key={path} next={query.get("next")} /> : <SignIn next={query.get("next")} />}
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
  const accountItem: NavItem = { href: "/account", text: "Your account", current: path === "/account" || path.startsWith("/account/") };
  const signOutItem: NavItem = { href: "/sign-out", text: "Sign out", current: false };

  const Account = ACCOUNT_PAGES[path];
  if (Account) {
    const nav: NavItem[] = [];
    if (me.is_platform_admin) nav.push({ href: "/platform/landlords", text: "Landlords", current: false });
    if (me.memberships.length > 0) nav.push({ href: "/landlords", text: several ? "Change landlord" : "Your landlords", current: false });
    return (
      <Layout nav={nav} account={[accountItem, signOutItem]}>
        <Account key={path} me={me} />
      </Layout>
    );
  }

  const platformNav = (current: boolean): NavItem[] => [
    { href: "/platform/landlords", text: "Landlords", current },
    { href: "/platform/sector-figures", text: "The sector's figures", current: path === "/platform/sector-figures" },
  ];
  if (path === "/platform/sector-figures") {
    return (
      <Layout nav={platformNav(false)} account={[accountItem, signOutItem]}>
        <SectorFigures me={me} />
      </Layout>
    );
  }
  if (path === "/platform/landlords") {
    return (
      <Layout nav={platformNav(true)} account={[accountItem, signOutItem]}>
        <PlatformLandlords me={me} />
      </Layout>
    );
  }
  const suspend = match("/platform/landlords/:slug/:action", path);
  if (suspend && (suspend.action === "suspend" || suspend.action === "reinstate")) {
    return (
      <Layout nav={platformNav(false)} account={[accountItem, signOutItem]}>
        <SuspendLandlord key={path} me={me} slug={suspend.slug as string} reinstate={suspend.action === "reinstate"} />
      </Layout>
    );
  }

  if (path === "/" || path === "/landlords") {
    return (
      <Layout nav={[]} account={[accountItem, signOutItem]}>
        <Home choose={path === "/landlords"} />
      </Layout>
    );
  }

  const parts = path.split("/");
  const slug = parts[1] === "l" && parts[2] ? decodeURIComponent(parts[2]) : undefined;
  const membership = slug ? session.membership(slug) : undefined;
  if (!slug || !membership) {
    return (
      <Layout nav={[]} account={[accountItem, signOutItem]}>
        <NotFound />
      </Layout>
    );
  }

  const landlordName = session.landlordNames[slug] ?? slug;
  const role = membership.role;

  // The operator has suspended the landlord: every page of it says so, in the server's words.
  const suspension = session.suspension(slug);
  if (suspension) {
    const account: NavItem[] = [];
    if (several) account.push({ href: "/landlords", text: "Change landlord", current: false });
    return (
      <Layout serviceName={landlordName} nav={[]} account={[...account, accountItem, signOutItem]}>
        <Suspended key={slug} landlordName={landlordName} detail={suspension} onCheckAgain={session.reloadLandlords} />
      </Layout>
    );
  }

  // The landlord's pages in their groups (cases, people, reports, administration), the
  // current group's pages beneath; the person's own links in the header.
  const links = landlordNav(role, slug, path);
  const groups = navGroups(links);
  const nav: NavItem[] = groups.filter((g) => g.text !== "Account").map(({ text, href, current }) => ({ text, href, current }));
  const currentGroup = groups.find((g) => g.current && g.text !== "Account");
  const subNav: SubNav | undefined = currentGroup && { label: currentGroup.text, items: currentGroup.items };
  const account: NavItem[] = links.filter((l) => l.group === "Account");
  if (several) account.push({ href: "/landlords", text: "Change landlord", current: false });
  account.push(accountItem, signOutItem);

  let page: ReactNode = <NotFound />;
  let m: Record<string, string> | null;
  const staff = staffPage(path, slug, landlordName, role, me);
  if (staff !== undefined) {
    page = staff;
  } else if (match("/l/:slug/complaints", path) && CASE_READERS.includes(membership.role)) {
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
  } else if (match("/l/:slug/calendar", path)) {
    // The calendar is every member's to ask, as the server answers it.
    page = <WorkingDayCalculator key={slug} slug={slug} landlordName={landlordName} />;
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
    <Layout serviceName={landlordName} serviceHref={homeFor(membership) ?? nav[0]?.href} nav={nav} subNav={subNav} account={account}>
      {page}
    </Layout>
  );
}

/** Who may open each staff page, named as the server names them in its refusals. */
const ONLY = {
  residentReaders: [RESIDENT_READERS, "the landlord's complaints staff and the MRC"],
  residentWriters: [RESIDENT_WRITERS, "the landlord's complaints staff"],
  team: [COMPLAINTS_TEAM, "a landlord admin or complaints officer"],
  admins: [ADMINS, "a landlord admin"],
  overseers: [REPORT_READERS, "the MRC, the governing body and the complaints team"],
  signalReaders: [SIGNAL_READERS, "the complaints team and the MRC"],
  annualReaders: [ANNUAL_REPORT_READERS, "the MRC, the governing body, the complaints team and the residents' panel"],
} as const;

/** The residents', service requests' and administration pages; undefined for other paths.
 * A role the page is not for gets the forbidden page, as the server answers: some of these
 * pages read what the role may read (the settings) but exist to change it. */
function staffPage(path: string, slug: string, landlordName: string, role: string, me: NonNullable<ReturnType<typeof useSession>["me"]>): ReactNode | undefined {
  const routes: [string, keyof typeof ONLY, (m: Record<string, string>) => ReactNode][] = [
    ["/l/:slug/residents", "residentReaders", () => <ResidentList key={slug} slug={slug} landlordName={landlordName} role={role} />],
    ["/l/:slug/residents/new", "residentWriters", () => <ResidentForm key="new" slug={slug} landlordName={landlordName} />],
    ["/l/:slug/residents/:id", "residentReaders", (m) => <ResidentPage key={m.id} slug={slug} id={m.id as string} landlordName={landlordName} role={role} />],
    ["/l/:slug/log-complaint", "residentWriters", () => <WhoseComplaint key={slug} slug={slug} landlordName={landlordName} />],
    ["/l/:slug/residents/:id/complaint", "residentWriters", (m) => <ResidentComplaint key={m.id} slug={slug} id={m.id as string} landlordName={landlordName} />],
    ["/l/:slug/residents/:id/edit", "residentWriters", (m) => <ResidentForm key={m.id} slug={slug} id={m.id} landlordName={landlordName} />],
    ["/l/:slug/residents/:id/adjustments/new", "residentWriters", (m) => <AdjustmentNew key={m.id} slug={slug} id={m.id as string} />],
    ["/l/:slug/residents/:id/adjustments/:aid/edit", "residentWriters", (m) => <AdjustmentEdit key={m.aid} slug={slug} id={m.id as string} aid={m.aid as string} />],
    ["/l/:slug/residents/:id/adjustments/:aid/review", "residentWriters", (m) => <AdjustmentReview key={m.aid} slug={slug} id={m.id as string} aid={m.aid as string} />],
    ["/l/:slug/residents/:id/disclosures/new", "residentWriters", (m) => <DisclosureNew key={m.id} slug={slug} id={m.id as string} />],
    ["/l/:slug/residents/:id/restrictions/new", "team", (m) => <RestrictionNew key={m.id} slug={slug} id={m.id as string} />],
    ["/l/:slug/residents/:id/restrictions/:rid/review", "team", (m) => <RestrictionReview key={m.rid} slug={slug} id={m.id as string} rid={m.rid as string} />],
    ["/l/:slug/residents/:id/restrictions/:rid/end", "team", (m) => <RestrictionEnd key={m.rid} slug={slug} id={m.id as string} rid={m.rid as string} />],
    ["/l/:slug/service-requests", "residentReaders", () => <ServiceRequestList key={slug} slug={slug} landlordName={landlordName} role={role} />],
    ["/l/:slug/service-requests/new", "residentWriters", () => <ServiceRequestNew key="new" slug={slug} landlordName={landlordName} />],
    ["/l/:slug/service-requests/:id", "residentReaders", (m) => <ServiceRequestDetail key={m.id} slug={slug} id={m.id as string} landlordName={landlordName} role={role} />],
    ["/l/:slug/service-requests/:id/complaint", "residentWriters", (m) => <RaiseComplaint key={m.id} slug={slug} id={m.id as string} landlordName={landlordName} />],
    ["/l/:slug/reviews", "team", () => <Reviews key={slug} slug={slug} landlordName={landlordName} />],
    ["/l/:slug/letters", "team", () => <Letters key={slug} slug={slug} landlordName={landlordName} />],
    ["/l/:slug/admin", "admins", () => <AdminHub key={slug} slug={slug} landlordName={landlordName} />],
    ["/l/:slug/settings", "admins", () => <Settings key={slug} slug={slug} landlordName={landlordName} />],
    [
      "/l/:slug/settings/:section",
      "admins",
      (m) =>
        SETTINGS_SECTION_IDS.includes(m.section as string) ? (
          <Settings key={m.section} slug={slug} landlordName={landlordName} section={m.section as SettingsSection} />
        ) : (
          <NotFound />
        ),
    ],
    ["/l/:slug/remedies", "admins", () => <RemedyBands key={slug} slug={slug} landlordName={landlordName} />],
    ["/l/:slug/sector-figures", "admins", () => <OwnSectorFigures key={slug} slug={slug} landlordName={landlordName} />],
    ["/l/:slug/targets", "admins", () => <PerformanceTargets key={slug} slug={slug} landlordName={landlordName} />],
    ["/l/:slug/users", "admins", () => <Users key={slug} slug={slug} landlordName={landlordName} me={me} />],
    ["/l/:slug/users/invite", "admins", () => <Invite key="invite" slug={slug} landlordName={landlordName} />],
    ["/l/:slug/users/:id", "admins", (m) => <UserEdit key={m.id} slug={slug} id={m.id as string} landlordName={landlordName} me={me} />],
    [
      "/l/:slug/users/:id/reset-second-factor",
      "admins",
      (m) => <ResetSecondFactor key={m.id} slug={slug} id={m.id as string} landlordName={landlordName} me={me} />,
    ],
    ["/l/:slug/users/invitations/:id/revoke", "admins", (m) => <RevokeInvitation key={m.id} slug={slug} id={m.id as string} landlordName={landlordName} />],
    ["/l/:slug/users/invitations/:id/resend", "admins", (m) => <ResendInvitation key={m.id} slug={slug} id={m.id as string} landlordName={landlordName} />],
    ["/l/:slug/contractors", "admins", () => <Contractors key={slug} slug={slug} landlordName={landlordName} />],
    ["/l/:slug/contractors/:id", "admins", (m) => <ContractorEdit key={m.id} slug={slug} id={m.id as string} landlordName={landlordName} />],
    ["/l/:slug/audit", "admins", () => <AuditLog key={slug} slug={slug} landlordName={landlordName} />],
    ["/l/:slug/outbox", "admins", () => <Outbox key={slug} slug={slug} landlordName={landlordName} />],
    ["/l/:slug/exceptional-circumstances", "admins", () => <ExceptionalCircumstances key={slug} slug={slug} landlordName={landlordName} />],
    ["/l/:slug/letter-templates", "admins", () => <LetterTemplates key={slug} slug={slug} landlordName={landlordName} />],
    ["/l/:slug/letter-templates/:kind", "admins", (m) => <LetterTemplateEdit key={m.kind} slug={slug} kind={m.kind as string} landlordName={landlordName} />],
    ["/l/:slug/early-warning", "signalReaders", () => <EarlyWarning key={slug} slug={slug} landlordName={landlordName} role={role} />],
    ["/l/:slug/early-warning/:id/dismiss", "team", (m) => <DismissSignal key={m.id} slug={slug} id={m.id as string} landlordName={landlordName} />],
    ["/l/:slug/annual-submission", "overseers", () => <AnnualSubmission key={slug} slug={slug} landlordName={landlordName} role={role} />],
    ["/l/:slug/self-assessment", "overseers", () => <SelfAssessmentYears key={slug} slug={slug} landlordName={landlordName} />],
    ["/l/:slug/self-assessment/:year", "overseers", (m) => selfAssessment(m, slug, landlordName, role)],
    ["/l/:slug/self-assessment/:year/section/:section", "overseers", (m) => selfAssessment(m, slug, landlordName, role)],
    [
      "/l/:slug/self-assessment/:year/submission",
      "overseers",
      (m) => (yearOf(m.year ?? "") ? <SelfAssessmentSubmission key={m.year} slug={slug} landlordName={landlordName} year={yearOf(m.year ?? "") as number} /> : <NotFound />),
    ],
    ["/l/:slug/annual-report", "annualReaders", () => <AnnualReportYears key={slug} slug={slug} landlordName={landlordName} role={role} />],
    [
      "/l/:slug/annual-report/:year",
      "annualReaders",
      (m) => (yearOf(m.year ?? "") ? <AnnualReport key={m.year} slug={slug} landlordName={landlordName} role={role} year={yearOf(m.year ?? "") as number} /> : <NotFound />),
    ],
  ];
  for (const [pattern, who, render] of routes) {
    const m = match(pattern, path);
    if (!m) continue;
    const [roles, allowed] = ONLY[who];
    if (!(roles as readonly string[]).includes(role)) {
      // The server's own words for a refusal (a 403), so the page reads the same either way.
      return <Forbidden key={`forbidden-${pattern}`} detail={`only ${allowed} may do this; you are signed in as ${role}`} />;
    }
    return render(m);
  }
  return undefined;
}

/** A year's self-assessment, its overview or one section: the same element (by its key) for
 * both, so that answers not yet saved stay while moving between sections. */
function selfAssessment(m: Record<string, string>, slug: string, landlordName: string, role: string): ReactNode {
  const year = yearOf(m.year ?? "");
  const section = m.section === undefined ? undefined : /^\d{1,2}$/.test(m.section) ? Number(m.section) : NaN;
  if (!year || Number.isNaN(section)) return <NotFound />;
  const version = new URLSearchParams(window.location.search).get("version") ?? "latest";
  return <SelfAssessment key={`${slug}-${year}-${version}`} slug={slug} landlordName={landlordName} role={role} year={year} section={section} />;
}

function Bounce({ to }: { to: string }) {
  useEffect(() => {
    navigate(to, { replace: true });
  }, [to]);
  return null;
}
