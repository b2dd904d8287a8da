// Trust: signing in with a second factor (set up at sign-in with a QR code, recovery codes,
// a code at the next sign-in, a landlord asking it of every user), a forgotten password reset
// by its emailed link, the account page, invitations listed, revoked and accepted by an
// existing account, a resident's tracking link sent again, the audit log's filters and CSV,
// and a landlord suspended and reinstated by the operator — in a real browser against real
// `redress serve`s on fresh databases. One server asks for a second factor as production does
// (REDRESS_REQUIRE_MFA=true); the other does not, as the other suites' servers.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { account, axeRuns, check, launch, newPage, signIn } from "./browser.mjs";
import { PASSWORD, apiClient, daysAgo, seedStaff, startServer, trackingLinkFor } from "./harness.mjs";
import { apiEnrol, apiSignIn, authenticator, linkInNewMail, mailFiles } from "./trust-harness.mjs";

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (axeRuns.length) {
    const clean = axeRuns.filter((r) => r.violations === 0).length;
    console.log(`axe-core (WCAG 2.2 AA): ${axeRuns.length} page states checked, ${clean} with zero violations`);
  }
});

async function heading(page, name) {
  await page.getByRole("heading", { name, level: 1 }).waitFor();
}

async function banner(page, text) {
  await page.locator(".govuk-notification-banner__heading", { hasText: text }).waitFor();
}

function menu(page) {
  return page.getByRole("navigation", { name: "Menu" });
}

function summary(page) {
  return page.locator(".govuk-error-summary");
}

/** The email and password steps of signing in, leaving the browser wherever they lead. */
async function password(page, email, pass = PASSWORD, path = "/sign-in") {
  await page.goto(path);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(pass);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in with the password and a code from `app`, and waits for the page after. */
async function signInWithCode(page, email, app) {
  await password(page, email);
  await page.waitForURL(/\/sign-in\/code/);
  await page.getByLabel("Enter the code from your authenticator app").fill(await app.code());
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
  await page.locator("h1").first().waitFor();
  await page.waitForLoadState("networkidle");
}

/** Sets up an authenticator app on the page that asks for it, checking the QR code; answers
 * the app and the recovery codes shown. */
async function setUpAuthenticator(page, name) {
  await heading(page, "Set up an authenticator app");
  const qr = page.getByRole("img", { name: /QR code to scan with your authenticator app/ });
  await qr.waitFor();
  assert.match(await qr.getAttribute("src"), /^data:image\/svg\+xml;base64,/);
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), "the QR code image is drawn");
  const secret = (await page.locator("#secret-key").textContent()).replace(/\s/g, "");
  assert.match(secret, /^[A-Z2-7]{16,}$/);
  if (name) await check(page, name);
  const app = authenticator(secret);
  await page.getByLabel("Code from your authenticator app").fill(await app.code());
  await page.locator("form button[type=submit]").click();
  await page.getByRole("heading", { name: "Your authenticator app is set up" }).waitFor();
  const codes = await page.locator(".app-recovery-codes code").allTextContents();
  assert.equal(codes.length, 10);
  for (const c of codes) assert.match(c, /^[a-z0-9]{4}(-[a-z0-9]{4}){3}$/);
  await page.getByText("You will not be shown these codes again").waitFor();
  return { app, codes };
}

describe("signing in with a second factor", () => {
  let server;
  /** The operator's authenticator and unused recovery codes, from the first test. */
  let ops;

  before(async () => {
    server = await startServer({ env: { REDRESS_REQUIRE_MFA: "true", REDRESS_WORKER_POLL_SECONDS: "1" } });
  });

  after(async () => {
    await server?.stop();
  });

  test("the platform admin sets up an authenticator app at sign-in, keeps the recovery codes, and gives a code the next time", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    await password(page, "ops@platform.test");
    await page.waitForURL(/\/sign-in\/set-up-authenticator$/);
    await heading(page, "Set up an authenticator app");
    await page.getByRole("img", { name: /QR code/ }).waitFor();
    await check(page, "trust-01-set-up-authenticator");

    // Nothing typed, then a wrong code: each refused by the field.
    await page.getByRole("button", { name: "Continue" }).click();
    await summary(page).getByRole("link", { name: "Enter the 6-digit code from your authenticator app" }).waitFor();
    const secret = (await page.locator("#secret-key").textContent()).replace(/\s/g, "");
    const wrong = (Number((await authenticator(secret).code())) + 1) % 1_000_000;
    await page.getByLabel("Code from your authenticator app").fill(String(wrong).padStart(6, "0"));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.locator("#code-error").getByText(/not the code your authenticator app shows now/).waitFor();
    assert.equal(await summary(page).locator("a[href='#code']").count(), 1);
    assert.match(await page.title(), /^Error: Set up an authenticator app/);
    await check(page, "trust-02-set-up-wrong-code");

    // The right code: the recovery codes, shown once, then the operator's page.
    const { app, codes } = await setUpAuthenticator(page);
    assert.match(page.url(), /\/sign-in\/recovery-codes$/);
    await check(page, "trust-03-recovery-codes");
    await page.getByRole("button", { name: /I have saved my recovery codes/ }).click();
    await page.waitForURL(/\/platform\/landlords$/);
    await heading(page, "Landlords");
    // The challenge was kept in memory only.
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), []);

    // The sector's published figures, for every landlord's dashboard to cite: a figure given
    // to two decimal places is refused by its field, then the year is recorded.
    await page.getByRole("link", { name: "The sector's figures" }).click();
    await heading(page, "The sector's figures");
    await page.getByText("No sector figures have been recorded yet").waitFor();
    await page.getByLabel("Stage 1 complaints responded to in time (optional)").fill("79.45");
    await page.getByLabel("Where were they published?").fill("Tenant satisfaction measures statistics");
    await page.getByRole("button", { name: "Record the figures" }).click();
    await summary(page).getByRole("link", { name: /Enter the sector's figure for stage 1 complaints responded to in time/ }).waitFor();
    await check(page, "trust-03a-sector-figures-refused");
    await page.getByLabel("Stage 1 complaints responded to in time (optional)").fill("79.4");
    await page.getByRole("button", { name: "Record the figures" }).click();
    await page.locator(".govuk-notification-banner__heading", { hasText: /^The sector's figures for \d{4} to \d{4} are recorded$/ }).waitFor();
    await page.getByRole("row", { name: /79\.4%.*Tenant satisfaction measures statistics/ }).waitFor();
    await check(page, "trust-03b-sector-figures");

    // The next sign-in asks for a code.
    await account(page).getByRole("link", { name: "Sign out" }).click();
    await heading(page, "You have signed out");
    await password(page, "ops@platform.test");
    await page.waitForURL(/\/sign-in\/code$/);
    await heading(page, "Enter the code from your authenticator app");
    await check(page, "trust-04-code");
    await page.getByLabel("Enter the code from your authenticator app").fill("12345");
    await page.getByRole("button", { name: "Continue" }).click();
    await summary(page).getByRole("link", { name: "The code must be 6 digits, like 123456" }).waitFor();
    await page.getByLabel("Enter the code from your authenticator app").fill(await app.code());
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(/\/platform\/landlords$/);
    await heading(page, "Landlords");

    // And takes a recovery code instead, once.
    await account(page).getByRole("link", { name: "Sign out" }).click();
    await heading(page, "You have signed out");
    await password(page, "ops@platform.test");
    await page.waitForURL(/\/sign-in\/code$/);
    await page.getByRole("link", { name: "Use a recovery code instead" }).click();
    await heading(page, "Enter a recovery code");
    await check(page, "trust-05-recovery-code");
    await page.getByLabel("Enter a recovery code").fill(codes[0].toUpperCase().replace(/-/g, " "));
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL(/\/platform\/landlords$/);

    // The account page says so.
    await account(page).getByRole("link", { name: "Your account" }).click();
    await heading(page, "Your account");
    await page.locator("#second-factor-status").getByText("Set up").waitFor();
    await page.locator(".govuk-summary-list__row", { hasText: "Recovery codes not yet used" }).getByText("9").waitFor();
    await check(page, "trust-06-account-with-second-factor");

    // A used recovery code does not work again.
    await account(page).getByRole("link", { name: "Sign out" }).click();
    await heading(page, "You have signed out");
    await password(page, "ops@platform.test");
    await page.waitForURL(/\/sign-in\/code$/);
    await page.getByRole("link", { name: "Use a recovery code instead" }).click();
    await page.getByLabel("Enter a recovery code").fill(codes[0]);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.locator("#code-error").getByText(/not right, or has been used already/).waitFor();
    await check(page, "trust-07-recovery-code-used");

    ops = { app, codes: codes.slice(1) };
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a landlord asks every user for a second factor: a case handler signed in without one signs in again and sets one up; the admin resets it", async () => {
    assert.ok(ops, "the operator set up an authenticator in the test before");
    const api = apiClient(server.base);
    const opsToken = await apiSignIn(server.base, "ops@platform.test", ops.codes.shift());
    const riverside = await api.post("/landlords", opsToken, {
      name: "Riverside Homes",
      slug: "riverside",
      kind: "housing_association",
      homes: 5200,
      admin_email: "admin@riverside.test",
    });
    await api.post(`/invitations/${riverside.invitation.accept_token}/accept`, undefined, { name: "Ada Admin", password: PASSWORD });
    // A landlord admin always signs in with a second factor.
    const admin = await apiEnrol(server.base, "admin@riverside.test");
    const inv = await api.post("/landlords/riverside/invitations", admin.token, { email: "handler@riverside.test", role: "case_handler" });
    await api.post(`/invitations/${inv.accept_token}/accept`, undefined, { name: "Hana Handler", password: PASSWORD });

    // The case handler signs in with a password only: the landlord does not ask more yet.
    const handler = await newPage(browser, server.base);
    await signIn(handler.page, "handler@riverside.test");
    await handler.page.waitForURL(/\/l\/riverside\/complaints$/);
    await heading(handler.page, "Complaints");
    await handler.page.waitForLoadState("networkidle");

    // The admin asks it of every user.
    const { context, page, problems } = await newPage(browser, server.base);
    await signInWithCode(page, "admin@riverside.test", admin.app);
    await page.goto("/l/riverside/settings");
    await heading(page, "Settings");
    await page.getByRole("link", { name: "Change signing in" }).click();
    await heading(page, "Signing in");
    const box = page.getByLabel("Ask every user to sign in with a second factor");
    assert.equal(await box.isChecked(), false);
    await box.check();
    await check(page, "trust-08-settings-require-mfa");
    await page.getByRole("button", { name: "Save settings" }).click();
    await banner(page, "Signing in: changes saved");
    await page.locator(".govuk-summary-list__row", { hasText: "Second factor" }).getByText("Every user", { exact: true }).first().waitFor();

    // The case handler's next page sends them back to sign in, saying why.
    await menu(handler.page).getByRole("link", { name: "People", exact: true }).click();
    await handler.page.waitForURL(/\/sign-in\?next=/);
    await handler.page
      .locator(".govuk-notification-banner__heading", { hasText: "Riverside Homes asks you to sign in with a second factor; please sign in again." })
      .waitFor();
    await check(handler.page, "trust-09-signed-out-for-second-factor");
    await handler.page.getByLabel("Email address").fill("handler@riverside.test");
    await handler.page.getByLabel("Password").fill(PASSWORD);
    await handler.page.getByRole("button", { name: "Sign in" }).click();
    await handler.page.waitForURL(/\/sign-in\/set-up-authenticator\?next=/);
    await setUpAuthenticator(handler.page);
    await handler.page.getByRole("button", { name: /I have saved my recovery codes/ }).click();
    // On to the page they were going to.
    await handler.page.waitForURL(/\/l\/riverside\/residents$/);
    await heading(handler.page, "Residents");

    // The admin resets the handler's second factor (a lost phone), after a confirmation.
    await page.goto("/l/riverside/users");
    await heading(page, "Users");
    const resetLink = page.getByRole("link", { name: "Reset second factor of Hana Handler" });
    const resetHref = await resetLink.getAttribute("href");
    await resetLink.click();
    await heading(page, "Reset Hana Handler's second factor?");
    await check(page, "trust-10-reset-second-factor");
    await page.getByRole("button", { name: "Reset second factor" }).click();
    await banner(page, "Hana Handler's second factor has been reset");
    await heading(page, "Users");
    // Only users with a second factor are offered a reset.
    assert.equal(await page.getByRole("link", { name: "Reset second factor of Hana Handler" }).count(), 0);
    // Reached anyway (another admin reset it first): the server's reason is shown.
    await page.goto(resetHref ?? "");
    await heading(page, "Reset Hana Handler's second factor?");
    await page.getByRole("button", { name: "Reset second factor" }).click();
    await summary(page).getByText("This user has no second factor set up").waitFor();
    await check(page, "trust-11-reset-second-factor-refused");

    // The handler's sessions ended with it: their next page asks them to sign in.
    await menu(handler.page).getByRole("link", { name: "Cases", exact: true }).click();
    await handler.page.waitForURL(/\/sign-in\?next=/);
    await heading(handler.page, "Sign in");

    assert.deepEqual(handler.problems, []);
    await handler.context.close();
    assert.deepEqual(problems, []);
    await context.close();
  });
});

describe("passwords, invitations, tracking links, the audit log and suspension", () => {
  let server;
  let data;

  before(async () => {
    server = await startServer({ env: { REDRESS_WORKER_POLL_SECONDS: "1" } });
    data = await seedStaff(server.base);
  });

  after(async () => {
    await server?.stop();
  });

  test("a forgotten password is reset by the emailed link, and every session of the account ends", async () => {
    const email = data.users.handler;
    // The handler is signed in elsewhere.
    const elsewhere = await newPage(browser, server.base);
    await signIn(elsewhere.page, email);
    await elsewhere.page.waitForURL(/\/l\/riverside\/complaints$/);
    await elsewhere.page.waitForLoadState("networkidle");

    const { context, page, problems } = await newPage(browser, server.base);
    await page.goto("/sign-in");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await heading(page, "Reset your password");
    await page.getByRole("button", { name: "Send the link" }).click();
    await summary(page).getByRole("link", { name: "Enter your email address" }).waitFor();
    await check(page, "trust-12-forgot-password-errors");

    // The answer is the same whether or not the address has an account.
    await page.getByLabel("Email address").fill("nobody@nowhere.test");
    await page.getByRole("button", { name: "Send the link" }).click();
    await heading(page, "Check your email");
    const unknown = await page.locator("main p").first().textContent();
    await check(page, "trust-13-forgot-password-sent");
    await page.goto("/forgot-password");
    const before = mailFiles(server);
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Send the link" }).click();
    await heading(page, "Check your email");
    assert.equal(await page.locator("main p").first().textContent(), unknown);

    // The emailed link: the token is in the fragment, taken off the address once read.
    const link = await linkInNewMail(server, before, email, /http:\/\/[^\s"]+\/reset-password#token=[A-Za-z0-9_-]+/);
    await page.goto(link.replace(server.base, ""));
    await heading(page, "Choose a new password");
    assert.equal(new URL(page.url()).hash, "");
    await check(page, "trust-14-reset-password");
    await page.getByLabel("New password", { exact: true }).fill("too short");
    await page.getByLabel("New password again").fill("not the same");
    await page.getByRole("button", { name: "Change password" }).click();
    await summary(page).getByRole("link", { name: "Your password must be at least 12 characters" }).waitFor();
    await check(page, "trust-15-reset-password-errors");
    const fresh = "a brand new browser-tests password";
    await page.getByLabel("New password", { exact: true }).fill(fresh);
    await page.getByLabel("New password again").fill(fresh);
    await page.getByRole("button", { name: "Change password" }).click();
    await heading(page, "Your password has been changed");
    await page.getByText("every session of your account has ended").waitFor();
    await check(page, "trust-16-password-changed");

    // The link works once (opened again from the email, in a new tab).
    const again = await newPage(browser, server.base);
    await again.page.goto(link.replace(server.base, ""));
    await again.page.getByLabel("New password", { exact: true }).fill(fresh);
    await again.page.getByLabel("New password again").fill(fresh);
    await again.page.getByRole("button", { name: "Change password" }).click();
    await heading(again.page, "This link no longer works");
    await check(again.page, "trust-17-reset-link-used");
    assert.deepEqual(again.problems, []);
    await again.context.close();

    // The session elsewhere has ended, and the sign-in page says why; the new password signs in.
    await menu(elsewhere.page).getByRole("link", { name: "People", exact: true }).click();
    await elsewhere.page.waitForURL(/\/sign-in\?next=/);
    await elsewhere.page
      .locator(".govuk-notification-banner__heading", { hasText: "This session has ended (the password was reset" })
      .waitFor();
    await elsewhere.page.getByLabel("Email address").fill(email);
    await elsewhere.page.getByLabel("Password").fill(fresh);
    await elsewhere.page.getByRole("button", { name: "Sign in" }).click();
    await elsewhere.page.waitForURL(/\/l\/riverside\/residents$/);
    await heading(elsewhere.page, "Residents");
    assert.deepEqual(elsewhere.problems, []);
    await elsewhere.context.close();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("staff send a resident a new tracking link, and are told when the resident cannot be emailed", async () => {
    const old = await trackingLinkFor(server, data.complaints.sam.reference);
    const { context, page, problems } = await newPage(browser, server.base);
    await signIn(page, data.users.officer);
    await page.waitForURL(/\/l\/riverside\/complaints$/);
    await page.waitForLoadState("networkidle");
    await page.goto(`/l/riverside/complaints/${data.complaints.sam.id}`);
    await heading(page, `Complaint ${data.complaints.sam.reference}`);
    await page.getByRole("heading", { name: "The resident's tracking link" }).waitFor();
    await page.getByRole("button", { name: "Send a new tracking link" }).click();
    await heading(page, "Send the resident a new tracking link?");
    await page.getByText("The resident's old link will stop working.").waitFor();
    await check(page, "trust-18-tracking-link-confirm");
    const before = mailFiles(server);
    await page.getByRole("button", { name: "Send a new tracking link" }).click();
    await heading(page, `Complaint ${data.complaints.sam.reference}`);
    await banner(page, "A new tracking link has been emailed to the resident");
    await check(page, "trust-19-tracking-link-sent");

    // The resident's new link works and the old one does not; staff saw neither.
    const fresh = await linkInNewMail(server, before, "sam@example.test", /\/p\/riverside\/track\/[A-Za-z0-9_-]+/);
    assert.notEqual(fresh, old);
    assert.equal(await page.locator(`a[href*="/track/"]`).count(), 0);
    const resident = await newPage(browser, server.base);
    await resident.page.goto(fresh);
    await heading(resident.page, `Your complaint ${data.complaints.sam.reference}`);
    await resident.page.goto(old);
    await heading(resident.page, "We cannot find this complaint");
    await resident.context.close();

    // Pat has no email address: the server's reason is shown, and nothing is sent.
    await page.goto(`/l/riverside/complaints/${data.complaints.pat.id}/tracking-link`);
    await heading(page, "Send the resident a new tracking link?");
    await page.getByRole("button", { name: "Send a new tracking link" }).click();
    await summary(page).getByText(/a tracking link is only ever sent by email/).waitFor();
    assert.match(await page.title(), /^Error: /);
    await check(page, "trust-20-tracking-link-refused");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the audit log is filtered by kind, person and dates, shows where each request came from, and downloads as CSV", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    await signIn(page, data.users.admin);
    await page.waitForURL(/\/l\/riverside\/complaints$/);
    await page.waitForLoadState("networkidle");
    await page.goto("/l/riverside/audit");
    await heading(page, "Audit log");
    const table = page.locator("table.govuk-table");
    await table.waitFor();
    await table.locator("td[data-label='From']", { hasText: "127.0.0.1" }).first().waitFor();
    await check(page, "trust-21-audit-log");

    // A subject that is not an ID, and dates the wrong way round, are refused by their fields.
    await page.getByLabel("ID of the record or person it is about (optional)").fill("not-an-id");
    const [y, m, d] = daysAgo(0).split("-");
    const [y1, m1, d1] = daysAgo(1).split("-");
    await page.locator("#from").fill(String(Number(d)));
    await page.locator("#from-month").fill(String(Number(m)));
    await page.locator("#from-year").fill(y);
    await page.locator("#to").fill(String(Number(d1)));
    await page.locator("#to-month").fill(String(Number(m1)));
    await page.locator("#to-year").fill(y1);
    await page.getByRole("button", { name: "Show entries" }).click();
    await summary(page).locator("a[href='#subject']").waitFor();
    await summary(page).locator("a[href='#to']").waitFor();
    await check(page, "trust-22-audit-log-filter-errors");

    // Sign-ins by the complaints officer, from today.
    await page.getByLabel("ID of the record or person it is about (optional)").fill("");
    await page.locator("#to").fill("");
    await page.locator("#to-month").fill("");
    await page.locator("#to-year").fill("");
    await page.getByLabel("Show").selectOption("auth.signed_in");
    await page.getByLabel("Who did it").selectOption({ label: "Olu Officer (officer@riverside.test)" });
    await page.getByRole("button", { name: "Show entries" }).click();
    await page.waitForURL(/kind=auth\.signed_in&actor=[0-9a-f-]+&from=\d{4}-\d{2}-\d{2}$/);
    await page.locator("caption", { hasText: "Entries matching the filters, newest first" }).waitFor();
    await page.waitForLoadState("networkidle");
    const rows = table.locator("tbody tr");
    assert.ok((await rows.count()) >= 1);
    for (const text of await table.locator("tbody td[data-label='What'] code").allTextContents()) assert.equal(text, "auth.signed_in");
    for (const text of await table.locator("tbody td[data-label='Who']").allTextContents()) assert.match(text, /Olu Officer/);
    await check(page, "trust-23-audit-log-filtered");

    // The same entries as a CSV file, fetched with the session and saved by the browser.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /Download as CSV/ }).click()]);
    assert.match(download.suggestedFilename(), /^audit-log-riverside-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), "utf8").trim().split(/\r?\n/);
    assert.equal(csv[0], "occurred_at,kind,actor_id,client_address,subject_id,detail");
    assert.equal(csv.length - 1, await rows.count());
    for (const line of csv.slice(1)) assert.match(line, /,auth\.signed_in,/);
    await page.getByRole("status").getByText(/^Downloaded audit-log-riverside-/).waitFor();
    await check(page, "trust-24-audit-log-downloaded");

    // The download is itself in the log.
    await page.goto("/l/riverside/audit?kind=audit.exported");
    await table.locator("tbody td[data-label='What'] code", { hasText: "audit.exported" }).first().waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the operator suspends a landlord, whose users are told so, and reinstates it", async () => {
    // The complaints officer is at work when the landlord is suspended.
    const officer = await newPage(browser, server.base);
    await signIn(officer.page, data.users.officer);
    await officer.page.waitForURL(/\/l\/riverside\/complaints$/);
    await officer.page.waitForLoadState("networkidle");

    const { context, page, problems } = await newPage(browser, server.base);
    await signIn(page, "ops@platform.test");
    await page.waitForURL(/\/platform\/landlords$/);
    const row = page.getByRole("row", { name: /Riverside Homes/ });
    await row.getByText("Active").waitFor();
    await row.getByRole("link", { name: "Suspend Riverside Homes" }).click();
    await heading(page, "Suspend Riverside Homes?");
    await check(page, "trust-25-suspend-confirm");
    await page.getByRole("button", { name: "Suspend landlord" }).click();
    await page.waitForURL(/\/platform\/landlords$/);
    await banner(page, "Riverside Homes has been suspended");
    await page.getByRole("row", { name: /Riverside Homes/ }).locator(".govuk-tag", { hasText: "Suspended" }).waitFor();
    await check(page, "trust-26-suspended");

    // The officer's next page says the landlord is suspended, in the server's words.
    await menu(officer.page).getByRole("link", { name: "People", exact: true }).click();
    await heading(officer.page, "This landlord is suspended");
    await officer.page.locator("#suspension-detail").getByText(/The operator has suspended this landlord's use of Redress/).waitFor();
    await check(officer.page, "trust-27-suspended-for-staff");

    // Someone signing in now is told at once.
    const admin = await newPage(browser, server.base);
    await signIn(admin.page, data.users.admin);
    await heading(admin.page, "This landlord is suspended");
    await admin.context.close();

    // Reinstated, after a confirmation; the officer checks again and carries on.
    await page.getByRole("row", { name: /Riverside Homes/ }).getByRole("link", { name: "Reinstate Riverside Homes" }).click();
    await heading(page, "Reinstate Riverside Homes?");
    await check(page, "trust-28-reinstate-confirm");
    await page.getByRole("button", { name: "Reinstate landlord" }).click();
    await banner(page, "Riverside Homes has been reinstated");
    await page.getByRole("row", { name: /Riverside Homes/ }).locator(".govuk-tag", { hasText: "Active" }).waitFor();
    await officer.page.getByRole("button", { name: "Check again" }).click();
    await heading(officer.page, "Residents");

    assert.deepEqual(officer.problems, []);
    await officer.context.close();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a landlord admin sees pending invitations and revokes one; someone with an account accepts signed in as it", async () => {
    const api = apiClient(server.base);
    const adminToken = await api.login(data.users.admin);
    let before = mailFiles(server);
    await api.post("/landlords/riverside/invitations", adminToken, { email: "nina@riverside.test", role: "case_handler" });
    const revoked = await linkInNewMail(server, before, "nina@riverside.test", /\/invitations\/[A-Za-z0-9_-]+/);

    const { context, page, problems } = await newPage(browser, server.base);
    await signIn(page, data.users.admin);
    await page.waitForURL(/\/l\/riverside\/complaints$/);
    await page.waitForLoadState("networkidle");
    await page.goto("/l/riverside/users");
    await heading(page, "Users");
    const pending = page.locator("section", { has: page.getByRole("heading", { name: "Pending invitations" }) });
    await pending.getByRole("rowheader", { name: "nina@riverside.test" }).waitFor();
    await check(page, "trust-29-pending-invitations");
    // Sent again: a new email with a new link; the first link stops working.
    before = mailFiles(server);
    await pending.getByRole("link", { name: "Send again to nina@riverside.test" }).click();
    await heading(page, "Send the invitation to nina@riverside.test again?");
    await check(page, "trust-29a-resend-invitation");
    await page.getByRole("button", { name: "Send again" }).click();
    await banner(page, "A new invitation has been sent to nina@riverside.test; the earlier link no longer works");
    const resent = await linkInNewMail(server, before, "nina@riverside.test", /\/invitations\/[A-Za-z0-9_-]+/);
    assert.notEqual(resent, revoked);
    const replaced = await newPage(browser, server.base);
    await replaced.page.goto(revoked);
    await heading(replaced.page, "This invitation is no longer open");
    await replaced.context.close();
    await pending.getByRole("link", { name: "Revoke the invitation to nina@riverside.test" }).click();
    await heading(page, "Revoke the invitation to nina@riverside.test?");
    await check(page, "trust-30-revoke-invitation");
    await page.getByRole("button", { name: "Revoke invitation" }).click();
    await banner(page, "The invitation to nina@riverside.test has been revoked");
    await pending.getByText("There are no invitations waiting to be accepted").waitFor();

    // The revoked invitation's link no longer opens it.
    const anyone = await newPage(browser, server.base);
    await anyone.page.goto(resent);
    await heading(anyone.page, "This invitation is no longer open");
    await check(anyone.page, "trust-31-invitation-closed");
    await anyone.context.close();

    // A second landlord invites the complaints officer, who has an account already.
    const ops = await api.login("ops@platform.test");
    before = mailFiles(server);
    await api.post("/landlords", ops, {
      name: "Northgate Council",
      slug: "northgate",
      kind: "local_authority",
      homes: 12000,
      admin_email: data.users.officer,
    });
    const link = await linkInNewMail(server, before, data.users.officer, /\/invitations\/[A-Za-z0-9_-]+/);

    // Signed in as someone else, the page says so.
    await page.goto(link);
    await heading(page, "Accept your invitation");
    await page.getByText(`You are signed in as ${data.users.admin}, but this invitation is for ${data.users.officer}.`).waitFor();
    await check(page, "trust-32-invitation-other-account");

    // Not signed in, the officer is asked to sign in as that account, then accepts.
    const officer = await newPage(browser, server.base);
    await officer.page.goto(link);
    await heading(officer.page, "Accept your invitation");
    await officer.page.getByText(`${data.users.officer} already has a Redress account.`).waitFor();
    await check(officer.page, "trust-33-invitation-existing-account");
    await officer.page.getByRole("button", { name: "Sign in to accept" }).click();
    await officer.page.waitForURL(/\/sign-in\?next=%2Finvitations%2F/);
    await officer.page.getByLabel("Email address").fill(data.users.officer);
    await officer.page.getByLabel("Password").fill(PASSWORD);
    await officer.page.getByRole("button", { name: "Sign in" }).click();
    await officer.page.waitForURL(/\/invitations\//);
    await officer.page.getByRole("button", { name: "Accept invitation" }).waitFor();
    await officer.page.getByText("Nothing else about your account changes.").waitFor();
    await check(officer.page, "trust-34-invitation-accept-signed-in");
    await officer.page.getByRole("button", { name: "Accept invitation" }).click();
    await officer.page.waitForURL(/\/l\/northgate\/complaints$/);
    await heading(officer.page, "Complaints");
    assert.deepEqual(officer.problems, []);
    await officer.context.close();

    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a user sets up an authenticator app, gets new recovery codes and changes their email address from their account page", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    await signIn(page, data.users.admin);
    await page.waitForURL(/\/l\/riverside\/complaints$/);
    await page.waitForLoadState("networkidle");
    await account(page).getByRole("link", { name: "Your account" }).click();
    await heading(page, "Your account");
    await page.locator("#second-factor-status").getByText("Not set up").waitFor();
    await check(page, "trust-35-account");

    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    // The password first: an open session alone cannot tie the account to another phone.
    await heading(page, "Set up an authenticator app");
    await check(page, "trust-36a-account-authenticator-password");
    await page.getByLabel("Your password").fill("not my password at all");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.locator("#password-error").getByText(/not your current password/).waitFor();
    await page.getByLabel("Your password").fill(PASSWORD);
    await page.getByRole("button", { name: "Continue" }).click();
    await setUpAuthenticator(page, "trust-36-account-set-up-authenticator");
    await check(page, "trust-37-account-recovery-codes");
    await page.getByRole("button", { name: /I have saved my recovery codes/ }).click();
    await banner(page, "Your authenticator app is set up");
    await page.locator("#second-factor-status").getByText("Set up").waitFor();

    // New recovery codes, for the password.
    await page.getByRole("button", { name: "Get new recovery codes" }).click();
    await heading(page, "Get new recovery codes");
    await page.getByLabel("Your password").fill("not my password at all");
    await page.getByRole("button", { name: "Get new recovery codes" }).click();
    await page.locator("#password-error").getByText(/not your current password/).waitFor();
    await check(page, "trust-38-new-recovery-codes-refused");
    await page.getByLabel("Your password").fill(PASSWORD);
    await page.getByRole("button", { name: "Get new recovery codes" }).click();
    await heading(page, "Your new recovery codes");
    assert.equal(await page.locator(".app-recovery-codes code").count(), 10);
    await page.getByRole("button", { name: /I have saved my recovery codes/ }).click();
    await banner(page, "You have new recovery codes");

    // A new email address, confirmed by the link sent to it.
    await page.getByRole("link", { name: "Change your email address" }).click();
    await heading(page, "Change your email address");
    await page.getByLabel("New email address").fill("ada@riverside.test");
    await page.getByLabel("Your password").fill(PASSWORD);
    const before = mailFiles(server);
    await page.getByRole("button", { name: "Send the link" }).click();
    await heading(page, "Check your new inbox");
    await check(page, "trust-39-check-new-inbox");
    const link = await linkInNewMail(server, before, "ada@riverside.test", /http:\/\/[^\s"]+\/confirm-email#token=[A-Za-z0-9_-]+/);
    await page.goto(link.replace(server.base, ""));
    await heading(page, "Confirm your new email address");
    assert.equal(new URL(page.url()).hash, "");
    await check(page, "trust-40-confirm-email");
    await page.getByRole("button", { name: "Confirm email address" }).click();
    await heading(page, "Your email address has been changed");
    await check(page, "trust-41-email-changed");
    await page.getByRole("link", { name: "Go to your account" }).click();
    await page.locator("#account-email").getByText("ada@riverside.test").waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });
});
