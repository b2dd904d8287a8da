// The staff pages — residents and their needs, service requests, reviews due, and the
// landlord admin's settings, people, contractors and correspondence — in a real browser
// against a real `redress serve` on a fresh database. The server's SMTP server refuses every
// message, and gives each up after one attempt, so the outbox has dead letters to send again.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { axeRuns, check, confirmLetter, launch, newPage, openPage, signIn } from "./browser.mjs";
import { daysAgo, seedStaff, startServer } from "./harness.mjs";

let server;
let browser;
let data;
/** The service request the officer records, for the narrow-screen test. */
let serviceRequestPath;

before(async () => {
  server = await startServer({
    env: {
      REDRESS_SMTP_URL: "smtp://127.0.0.1:9",
      REDRESS_EMAIL_MAX_ATTEMPTS: "1",
      REDRESS_WORKER_POLL_SECONDS: "1",
    },
  });
  data = await seedStaff(server.base);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (axeRuns.length) {
    const clean = axeRuns.filter((r) => r.violations === 0).length;
    console.log(`axe-core (WCAG 2.2 AA): ${axeRuns.length} page states checked, ${clean} with zero violations`);
  }
});

async function banner(page, text) {
  await page.locator(".govuk-notification-banner__heading", { hasText: text }).waitFor();
}

async function heading(page, name) {
  await page.getByRole("heading", { name, level: 1 }).waitFor();
}

/** Fills a GOV.UK date input by its id with today minus `n` days (negative: in the future). */
async function fillDate(page, id, n) {
  const [y, m, d] = daysAgo(n).split("-");
  await page.locator(`[id="${id}"]`).fill(String(Number(d)));
  await page.locator(`[id="${id}-month"]`).fill(String(Number(m)));
  await page.locator(`[id="${id}-year"]`).fill(y);
}

/** Signs in and waits for the worklist to settle, so a click is not undone by the sign-in's
 * own navigation. */
async function signInToWorklist(page, email) {
  await signIn(page, email);
  await page.waitForURL(/\/l\/riverside\/complaints$/);
  await page.getByRole("heading", { name: "Complaints", level: 1 }).waitFor();
  await page.waitForLoadState("networkidle");
}

function menu(page) {
  return page.getByRole("navigation", { name: "Menu" });
}

/** The summary card whose title has this text. */
function card(page, title) {
  return page.locator(".govuk-summary-card", { has: page.locator(".govuk-summary-card__title", { hasText: title }) });
}

const fits = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe("the staff pages", () => {
  test("a complaints officer records a resident, their adjustments, a disclosure, a restriction and a service request", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    await signInToWorklist(page, data.users.officer);
    // The officer is offered the cases, people and reports, not the landlord admin's pages;
    // the worklist's group lists its other pages beneath.
    assert.deepEqual(await menu(page).getByRole("link").allInnerTexts(), ["Cases", "People", "Reports"]);
    assert.deepEqual(await page.getByRole("navigation", { name: "Cases" }).getByRole("link").allInnerTexts(), [
      "Complaints",
      "Log a complaint",
      "Service requests",
      "Letters to post",
    ]);

    // The list of residents, and a search.
    await openPage(page, "People", "Residents");
    assert.deepEqual(await page.getByRole("navigation", { name: "People" }).getByRole("link").allInnerTexts(), ["Residents", "Reviews due"]);
    await heading(page, "Residents");
    await page.getByRole("link", { name: "Sam Jones" }).waitFor();
    await page.getByRole("link", { name: "Pat Post" }).waitFor();
    await check(page, "staff-01-residents");
    await page.getByLabel("Name, email address or property reference").fill("sam");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/\?q=sam/);
    await page.getByRole("caption").filter({ hasText: "Residents matching" }).waitFor();
    assert.equal(await page.locator("tbody tr").count(), 1);

    // Add a resident: empty first, then properly.
    await page.getByRole("button", { name: "Add a resident" }).click();
    await heading(page, "Add a resident");
    await page.getByRole("button", { name: "Add resident" }).click();
    const nameError = page.locator(".govuk-error-summary a", { hasText: "Enter the resident's full name" });
    await nameError.waitFor();
    assert.equal(await nameError.getAttribute("href"), "#name");
    assert.match(await page.title(), /^Error: Add a resident/);
    await check(page, "staff-02-resident-new-errors");
    await page.getByLabel("Full name").fill("Kit Marlowe");
    await page.getByLabel("Email address (optional)").fill("kit@example.test");
    await page.getByLabel("Phone number (optional)").fill("not a phone");
    await page.getByLabel("Postal address (optional)").fill("4 Mill Lane\nRiverside\nRV2 3CD");
    await page.getByLabel("Letter", { exact: true }).check();
    await page.getByLabel("Format they need (optional)").fill("large print");
    await page.getByRole("button", { name: "Add resident" }).click();
    // The server's 422 on the phone number is shown by the field.
    await page.locator("#phone-error").waitFor();
    assert.equal(await page.locator(".govuk-error-summary a[href='#phone']").count(), 1);
    await check(page, "staff-03-resident-new-refused");
    await page.getByLabel("Phone number (optional)").fill("01234 567890");
    await page.getByRole("button", { name: "Add resident" }).click();
    await banner(page, "Resident added");
    await heading(page, "Kit Marlowe");
    await page.getByText("large print").waitFor();
    await check(page, "staff-04-resident");

    // Change the contact details.
    await page.getByRole("link", { name: /Change the contact details/ }).click();
    await heading(page, "Change the resident's details");
    assert.equal(await page.getByLabel("Full name").inputValue(), "Kit Marlowe");
    await check(page, "staff-05-resident-edit");
    await page.getByLabel("Language, if not English (optional)").fill("Polish");
    await page.getByRole("button", { name: "Save changes" }).click();
    await banner(page, "The resident's details have been changed");
    await page.getByText("Polish").waitFor();

    // A reasonable adjustment, then its review.
    await page.getByRole("button", { name: "Add an adjustment" }).click();
    await heading(page, "Add a reasonable adjustment");
    await page.getByLabel("What has been agreed?").fill("Letters in large print (18pt)");
    await page.getByLabel("Format of letters and documents").check();
    await fillDate(page, "next_review_on", -90);
    await check(page, "staff-06-adjustment-new");
    await page.getByRole("button", { name: "Add adjustment" }).click();
    await banner(page, "Reasonable adjustment recorded");
    const adjustment = card(page, "Letters in large print (18pt)");
    await adjustment.getByText(/Review due in 90 days/).waitFor();
    await adjustment.getByRole("link", { name: /Record a review/ }).click();
    await heading(page, "Record a review of an adjustment");
    await page.getByRole("button", { name: "Record review" }).click();
    await page.locator(".govuk-error-summary").getByText("Select the outcome of the review").waitFor();
    await check(page, "staff-07-adjustment-review-errors");
    await page.getByLabel("Continues as agreed").check();
    await page.getByLabel("Note (optional)").fill("Still needed: the resident's sight has not changed.");
    await fillDate(page, "next_review_on", -120);
    await page.getByRole("button", { name: "Record review" }).click();
    await banner(page, "Review recorded");
    await adjustment.getByText(/Continues as agreed/).waitFor();
    await adjustment.getByText(/Review due in 120 days/).waitFor();
    await adjustment.getByRole("link", { name: /Change or end/ }).click();
    await heading(page, "Change or end an adjustment");
    await check(page, "staff-08-adjustment-edit");
    await page.getByRole("link", { name: "Cancel" }).click();
    await heading(page, "Kit Marlowe");

    // A disclosure: special-category data, shown to the complaints team.
    await page.getByRole("button", { name: "Record a disclosure" }).click();
    await heading(page, "Record a disclosure");
    await page.getByLabel("Disability").check();
    await page.getByLabel("Describe it as the resident did").fill("Partially sighted; reads large print only.");
    await check(page, "staff-09-disclosure-new");
    await page.getByRole("button", { name: "Record disclosure" }).click();
    await banner(page, "Disclosure recorded");
    await page.getByText("Partially sighted; reads large print only.").waitFor();

    // A restriction: refused until it says whether it keeps or changes the adjustment, and how.
    await page.getByRole("button", { name: "Add a restriction" }).click();
    await heading(page, "Add a restriction on contact");
    await page.getByText(/has 1 reasonable adjustment in force/).waitFor();
    await page.getByRole("group", { name: "Letters in large print (18pt)" }).waitFor();
    await page.getByLabel("What was the behaviour?").fill("Abusive phone calls to the repairs team every day for three weeks.");
    await page.getByRole("button", { name: "Add a warning" }).click();
    await page.locator('[id="warnings-0-level"]').selectOption("first");
    await fillDate(page, "warnings-0-given_on", 10);
    await page.locator('[id="terms-0-kind"]').selectOption("written_contact_only");
    await page.locator('[id="terms-0-detail"]').fill("Contact by letter or email to the complaints team only");
    await page.getByLabel("Why is the restriction proportionate?").fill("Calls continued after a written warning; written contact still lets complaints be made.");
    await page.getByLabel("What regard was had to the Equality Act 2010?").fill("No protected characteristic explains the behaviour.");
    await fillDate(page, "review_on", -30);
    await page.getByRole("button", { name: "Add restriction" }).click();
    const effect = page.locator(".govuk-error-summary a[href='#adjustments-0-effect']");
    await effect.waitFor();
    assert.equal(await effect.innerText(), "Select whether this restriction keeps or changes this adjustment");
    assert.equal(await page.locator(".govuk-error-summary a[href='#adjustments-0-how']").innerText(), "Say how the adjustment is kept or changed");
    await page.locator('[id="adjustments-0-effect-error"]').waitFor();
    await check(page, "staff-10-restriction-refused");
    await page.getByLabel("Kept as agreed").check();
    await page.locator('[id="adjustments-0-how"]').fill("Letters stay in large print, sent to the complaints team's single point of contact.");
    await page.getByRole("button", { name: "Add restriction" }).click();
    await banner(page, "Restriction recorded");
    const restriction = card(page, "Restriction from");
    await restriction.getByText("In force", { exact: true }).waitFor();
    await restriction.getByText(/Written contact only/).waitFor();
    await restriction.getByText(/First warning on/).waitFor();
    await restriction.getByText(/Kept as agreed/).waitFor();
    await check(page, "staff-11-resident-with-needs");
    await restriction.getByRole("link", { name: /Record a review/ }).click();
    await heading(page, "Record a review of a restriction");
    await page.getByLabel("Continues unchanged").check();
    await fillDate(page, "next_review_on", -60);
    await check(page, "staff-12-restriction-review");
    await page.getByRole("button", { name: "Record review" }).click();
    await banner(page, "Review recorded");
    await restriction.getByText(/Continues unchanged/).waitFor();
    await restriction.getByRole("link", { name: /^End/ }).click();
    await heading(page, "End a restriction");
    await check(page, "staff-13-restriction-end");
    await page.getByRole("link", { name: "Cancel" }).click();
    await heading(page, "Kit Marlowe");

    // A service request for this resident, updated, and a complaint raised from it.
    await page.getByRole("button", { name: "Record a service request" }).click();
    await heading(page, "Record a service request");
    await page.getByText("Kit Marlowe").waitFor();
    await page.getByLabel("Category").fill("repairs");
    await page.getByLabel("What did the resident ask for?").fill("The kitchen tap drips all the time.");
    await check(page, "staff-14-service-request-new");
    await page.getByRole("button", { name: "Record service request" }).click();
    await banner(page, /Service request RIV-SR-\d+ recorded/);
    const reference = (await page.locator("h1").innerText()).trim();
    assert.match(reference, /^RIV-SR-\d+$/);
    serviceRequestPath = new URL(page.url()).pathname;
    await check(page, "staff-15-service-request");
    await page.getByLabel("In progress").check();
    await fillDate(page, "reviewed_on", 0);
    await page.getByRole("button", { name: "Save changes" }).click();
    await banner(page, "Service request updated");
    await page.locator(".govuk-summary-list").getByText("In progress").waitFor();
    await page.getByRole("button", { name: "Raise a complaint from this request" }).click();
    await heading(page, "Raise a complaint from this request");
    await page.getByLabel("How did the resident make the complaint?").selectOption("phone");
    await page.getByLabel("The complaint, in the resident's own words").fill("I reported the tap three weeks ago and nobody has come.");
    await check(page, "staff-16-raise-complaint");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.locator(".app-letter").getByText("Dear Kit Marlowe,").waitFor();
    await check(page, "staff-16b-raise-complaint-letter");
    await confirmLetter(page, "Log complaint");
    await banner(page, "Complaint logged from the service request");
    await page.getByRole("heading", { name: /^Complaint RIV-/, level: 1 }).waitFor();
    await page.getByRole("heading", { name: "Timeline" }).waitFor();
    await check(page, "staff-16a-case-from-service-request");
    // The case page leads to the resident's record and the service request.
    await page.getByRole("link", { name: "The service request" }).waitFor();
    await page.getByRole("link", { name: "Kit Marlowe" }).click();
    await heading(page, "Kit Marlowe");
    await page.getByRole("link", { name: reference }).waitFor();

    // Service requests, landlord-wide, filtered by status.
    await openPage(page, "Cases", "Service requests");
    await heading(page, "Service requests");
    await page.getByRole("link", { name: reference }).waitFor();
    await check(page, "staff-17-service-requests");
    await page.getByLabel("Status").selectOption("completed");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByText("No service requests match these filters.").waitFor();

    // Reviews due: Sam Jones's adjustment is overdue.
    await openPage(page, "People", "Reviews due");
    await heading(page, "Reviews due");
    const row = page.locator("tbody tr", { hasText: "Phone calls only in the afternoon" });
    await row.getByText("Review 5 days overdue").waitFor();
    await check(page, "staff-18-reviews-due");
    await row.getByRole("link", { name: "Sam Jones", exact: true }).click();
    await heading(page, "Sam Jones");
    await card(page, "Phone calls only in the afternoon").getByText("Review 5 days overdue").waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a landlord admin changes settings, invites a user, adds a contractor, edits a letter and deals with correspondence", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    await signInToWorklist(page, data.users.admin);
    await menu(page).getByRole("link", { name: "Administration" }).click();
    await heading(page, "Administration");
    await check(page, "staff-20-administration");

    // Settings: a timescale longer than the Code's is refused, by its field.
    // The settings are a summary, each part changed on a page of its own.
    await page.getByRole("link", { name: "Settings" }).click();
    await heading(page, "Settings");
    await page.locator(".govuk-summary-list__row", { hasText: "Stage 1: respond" }).getByText("10 working days", { exact: true }).first().waitFor();
    await check(page, "staff-21-settings");
    const scheme = page.locator(".govuk-summary-card", { has: page.locator(".govuk-summary-card__title", { hasText: "Complaint scheme" }) }).first();
    await scheme.getByRole("link", { name: /^Change/ }).click();
    await heading(page, "Complaint schemes and timescales");
    const response = page.getByLabel("Stage 1: respond");
    assert.equal(await response.inputValue(), "10");
    await response.fill("15");
    await page.getByRole("button", { name: "Save settings" }).click();
    const refused = page.locator(".govuk-error-summary a[href='#schemes-0-timescales-stage1_response']");
    await refused.waitFor();
    await page.locator("#schemes-0-timescales-stage1_response-error").waitFor();
    await check(page, "staff-22-settings-refused");
    await response.fill("8");
    await page.getByRole("button", { name: "Save settings" }).click();
    await banner(page, "Complaint schemes and timescales: changes saved");
    await page.locator(".govuk-summary-list__row", { hasText: "Stage 1: respond" }).getByText("8 working days (the Code's: 10)", { exact: true }).first().waitFor();
    await page.getByRole("link", { name: "Change closure days" }).click();
    await heading(page, "Closure days");
    await page.getByRole("button", { name: "Add a closure day" }).click();
    await fillDate(page, "closure_days-0-date", -40);
    await page.getByLabel("Why the office is closed").fill("Staff training day");
    // Before saving, which open deadlines would move: none for a day forty days away; the
    // open complaints' for the next working day.
    await page.getByRole("button", { name: "Check which deadlines move" }).click();
    await page.getByText("No open complaint's deadline moves.").waitFor();
    await page.getByRole("button", { name: "Add a closure day" }).click();
    const next = [1, 2, 3, 4, 5, 6, 7].find((k) => {
      const iso = daysAgo(-k);
      const day = new Date(`${iso}T12:00:00Z`).getUTCDay();
      return day !== 0 && day !== 6 && !/-(12-25|12-26|01-01)$/.test(iso);
    });
    await fillDate(page, "closure_days-1-date", -next);
    await page.getByRole("button", { name: "Check which deadlines move" }).click();
    await page.locator("caption", { hasText: /open complaints?'s? deadlines? moves?/ }).waitFor();
    await check(page, "staff-22b-closure-days-effect");
    await page.getByRole("button", { name: "Remove closure day 2" }).click();
    await page.getByRole("button", { name: "Save settings" }).click();
    await banner(page, "Closure days: changes saved");
    await page.getByText(/: Staff training day$/).waitFor();
    await page.getByRole("link", { name: "Change letters to residents" }).click();
    await page.getByLabel("Name letters are signed with (optional)").fill("Riverside Homes Complaints Team");
    await page.getByRole("button", { name: "Save settings" }).click();
    await banner(page, "Letters to residents: changes saved");
    await page.locator(".govuk-summary-list__row", { hasText: "Signed with" }).getByText("Riverside Homes Complaints Team", { exact: true }).first().waitFor();
    await check(page, "staff-22a-settings-saved");

    // Users: invite someone, who accepts through the link.
    await page.getByRole("link", { name: "Back to administration" }).click();
    await page.getByRole("link", { name: "Users" }).click();
    await heading(page, "Users");
    await page.getByRole("rowheader", { name: /Hana Handler/ }).waitFor();
    await check(page, "staff-23-users");
    await page.getByRole("button", { name: "Invite someone" }).click();
    await heading(page, "Invite someone");
    // Each role says what it may do.
    await page.getByText("Handles stage 1 of the complaints allocated to their organisation, and sees nothing else (Code 5.4).").waitFor();
    await page.getByText(/^The Member Responsible for Complaints: reads the dashboard/).waitFor();
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page.locator(".govuk-error-summary").getByText("Select the role to give them").waitFor();
    await check(page, "staff-24-invite-errors");
    await page.getByLabel("Email address").fill("nina@riverside.test");
    await page.getByLabel("Case handler").check();
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page.getByRole("heading", { name: "Invitation sent" }).waitFor();
    const link = await page.locator("#invitation-link").getAttribute("href");
    assert.match(link, /\/invitations\/.+/);
    await check(page, "staff-25-invitation-sent");
    {
      const invited = await newPage(browser, server.base);
      await invited.page.goto(link);
      await heading(invited.page, "Accept your invitation");
      await check(invited.page, "staff-26-accept-invitation");
      await invited.page.getByLabel("Full name").fill("Nina New");
      await invited.page.getByLabel("Password", { exact: true }).fill("a long and unguessable passphrase");
      await invited.page.getByLabel("Password again").fill("a long and unguessable passphrase");
      await invited.page.getByRole("button", { name: "Accept invitation" }).click();
      await invited.page.waitForURL(/\/l\/riverside\/complaints$/);
      await heading(invited.page, "Complaints");
      assert.deepEqual(invited.problems, []);
      await invited.context.close();
    }

    // Changing one's own role is refused by the server, with its reason.
    await page.getByRole("link", { name: "Back to users" }).first().click();
    await page.getByRole("rowheader", { name: /Nina New/ }).waitFor();
    await page.getByRole("link", { name: /Change the role or access of Ada Admin/ }).click();
    await heading(page, "Ada Admin (you)");
    await page.getByLabel("Complaints officer").check();
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.locator(".govuk-error-summary").getByText("you cannot remove your own admin access; ask another landlord admin").waitFor();
    await check(page, "staff-27-user-refused");
    await page.getByRole("link", { name: "Back to users" }).click();
    await page.getByRole("link", { name: /Change the role or access of Nina New/ }).click();
    await heading(page, "Nina New");
    await page.getByLabel("Access removed").check();
    await page.getByRole("button", { name: "Save changes" }).click();
    await banner(page, "Nina New: changes saved");
    await page.getByRole("row", { name: /Nina New/ }).getByText("Removed").waitFor();

    // Contractors: add one, then rename it.
    await page.goto("/l/riverside/contractors");
    await heading(page, "Contractors");
    await page.getByRole("rowheader", { name: "Fixit Repairs" }).waitFor();
    await page.getByRole("button", { name: "Add contractor" }).click();
    await page.locator(".govuk-error-summary").getByText("Enter the organisation's name").waitFor();
    await check(page, "staff-28-contractors-errors");
    await page.getByLabel("Organisation name").fill("Roofs R Us");
    await page.getByLabel("Email address for notices").fill("office@roofs.test");
    await page.getByRole("button", { name: "Add contractor" }).click();
    await banner(page, "Roofs R Us added");
    await page.getByRole("rowheader", { name: "Roofs R Us" }).waitFor();
    await check(page, "staff-29-contractors");
    await page.getByRole("link", { name: "Change Roofs R Us" }).click();
    await heading(page, "Change Roofs R Us");
    await check(page, "staff-30-contractor-edit");
    await page.getByLabel("Organisation name").fill("Roofs R Us Ltd");
    await page.getByRole("button", { name: "Save changes" }).click();
    await banner(page, "Roofs R Us Ltd: changes saved");

    // Letter templates: a broken subject is refused, naming the part; then the landlord's own.
    await page.goto("/l/riverside/letter-templates");
    await heading(page, "Letter templates");
    await check(page, "staff-31-letter-templates");
    await page.getByRole("link", { name: "Change the acknowledgement (stage 1) letter" }).click();
    await heading(page, "Acknowledgement (stage 1) letter");
    const subject = page.getByLabel("Subject");
    const original = await subject.inputValue();
    assert.ok(original.length > 0, "the default subject is shown");
    await check(page, "staff-32-letter-template");
    await subject.fill("Your complaint {{ reference");
    await page.getByRole("button", { name: "Save wording" }).click();
    const broken = page.locator(".govuk-error-summary a[href='#subject']");
    await broken.waitFor();
    assert.match(await broken.innerText(), /^The subject: syntax error/);
    await page.locator("#subject-error").waitFor();
    await check(page, "staff-33-letter-template-refused");
    await subject.fill(`Riverside Homes: ${original.trim()}`);
    await page.getByRole("button", { name: "Save wording" }).click();
    await banner(page, "Acknowledgement (stage 1): your wording has been saved");
    await page.getByRole("row", { name: /Acknowledgement \(stage 1\)/ }).getByText("Your own").waitFor();
    await page.getByRole("link", { name: "Change the acknowledgement (stage 1) letter" }).click();
    assert.equal(await page.getByLabel("Subject").inputValue(), `Riverside Homes: ${original.trim()}`);
    // Only the subject is its own: the text is the default's, which reads below the plain
    // English grade, and there is no warning (Code 3.2).
    await page.getByText(/^The default wording reads at grade \d\.\d on the Flesch–Kincaid scale\./).waitFor();
    assert.equal(await page.locator(".govuk-warning-text").count(), 0);
    // Wording that reads harder is kept, with a warning on the letter and in the list.
    const text = page.getByLabel("Plain text");
    const plainText = await text.inputValue();
    await text.fill(
      "Notwithstanding the aforementioned considerations, the organisation's determination regarding your correspondence necessitates comprehensive investigation, consequently extending the anticipated resolution timescale.",
    );
    await page.getByRole("button", { name: "Save wording" }).click();
    await banner(page, "Acknowledgement (stage 1): your wording has been saved");
    await page.getByRole("row", { name: /Acknowledgement \(stage 1\)/ }).getByText(/Reads harder than plain English \(grade \d+\.\d\)/).waitFor();
    await page.getByRole("link", { name: "Change the acknowledgement (stage 1) letter" }).click();
    await page.locator(".govuk-warning-text", { hasText: /Your wording reads at grade \d+\.\d on the Flesch–Kincaid scale/ }).waitFor();
    await check(page, "staff-33b-letter-template-reads-harder");
    assert.ok(plainText.length > 0);
    await page.getByRole("button", { name: "Use the default wording" }).click();
    await banner(page, "Acknowledgement (stage 1): the default wording is used again");

    // The outbox: invitation emails could not be delivered; one is sent again.
    await page.goto("/l/riverside/outbox");
    await heading(page, "Email outbox");
    const failed = page.locator("tbody tr", { hasText: "nina@riverside.test" });
    for (let i = 0; i < 30 && (await failed.count()) === 0; i++) {
      await page.waitForTimeout(500);
      await page.reload();
      await heading(page, "Email outbox");
    }
    await failed.first().getByText("Failed", { exact: true }).waitFor();
    await check(page, "staff-34-outbox-failed");
    await failed.first().getByRole("button", { name: /Send again/ }).click();
    await banner(page, "The email to nina@riverside.test will be sent again");
    await page.getByLabel("Show").selectOption("all");
    await page.getByRole("button", { name: "Show emails" }).click();
    await page.waitForURL(/status=all/);
    await page.locator("tbody tr").first().waitFor();
    await check(page, "staff-35-outbox-all");

    // Letters to post: Pat Post has no email address.
    await openPage(page, "Cases", "Letters to post");
    await heading(page, "Letters to post");
    const letter = page.locator("tbody tr", { hasText: "Pat Post" }).first();
    await letter.getByText("Flat 2, 10 River Road").waitFor();
    await letter.getByRole("link", { name: `Complaint ${data.complaints.pat.reference}` }).waitFor();
    await letter.getByText("To print").waitFor();
    await check(page, "staff-36-letters-to-post");
    // Written, printed, posted: the letter opens as a page to print, as it will be read.
    const [tab] = await Promise.all([page.context().waitForEvent("page"), letter.getByRole("button", { name: /^Print/ }).click()]);
    await tab.getByText("Flat 2").first().waitFor();
    await tab.getByText("Dear Pat Post,").waitFor();
    await check(tab, "staff-36a-letter-print-view");
    await tab.close();
    await letter.getByRole("button", { name: /Mark as printed/ }).click();
    await banner(page, /recorded as printed: post it, then record it as posted/);
    await letter.getByText("Printed, to post").waitFor();
    await check(page, "staff-36b-letter-printed");
    await letter.getByRole("button", { name: /Mark as posted/ }).click();
    await banner(page, /recorded as posted on/);
    await check(page, "staff-37-letter-posted");

    // Exceptional circumstances (Code 8.5): refused without its facts, posted, on the public
    // page, then ended.
    await page.goto("/l/riverside/admin");
    await page.getByRole("link", { name: "Exceptional circumstances" }).click();
    await heading(page, "Exceptional circumstances");
    await page.getByText("There is no notice now").waitFor();
    await check(page, "staff-38-exceptional-none");
    await page.getByRole("button", { name: "Post the notice" }).click();
    await page.locator(".govuk-error-summary").getByText("Say what has happened").waitFor();
    await page.locator(".govuk-error-summary").getByText("Enter the date you expect to keep to the Code again").waitFor();
    await check(page, "staff-39-exceptional-errors");
    await page.getByLabel("What has happened, and what it means for residents' complaints").fill(
      "A cyber incident has taken our systems offline. Complaints are logged on paper.",
    );
    const [ry, rm, rd] = daysAgo(-30).split("-");
    await page.locator('[id="expected_return_on"]').fill(String(Number(rd)));
    await page.locator('[id="expected_return_on-month"]').fill(String(Number(rm)));
    await page.locator('[id="expected_return_on-year"]').fill(ry);
    await page.getByRole("button", { name: "Post the notice" }).click();
    await banner(page, "The notice is posted: residents see it on your public page");
    await page.getByText("A cyber incident has taken our systems offline.").first().waitFor();
    await check(page, "staff-40-exceptional-posted");
    const pub = await context.newPage();
    await pub.goto("/p/riverside");
    await pub.getByText("A cyber incident has taken our systems offline.").waitFor();
    await pub.close();
    await page.getByRole("button", { name: "End the notice" }).click();
    await banner(page, "The notice has ended");
    await page.getByText("There is no notice now").waitFor();
    await page.getByRole("table").getByText("A cyber incident has taken our systems offline.").waitFor();
    await check(page, "staff-41-exceptional-ended");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a case handler is offered no administration, is refused it, and sees what the server allows", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    await signInToWorklist(page, data.users.handler);
    assert.deepEqual(await menu(page).getByRole("link").allInnerTexts(), ["Cases", "People", "Reports"]);
    const nav = await page.getByRole("navigation", { name: "Cases" }).getByRole("link").allInnerTexts();
    await openPage(page, "People");
    nav.push(...(await page.getByRole("navigation", { name: "People" }).getByRole("link").allInnerTexts()));
    nav.push(...(await menu(page).getByRole("link").allInnerTexts()));
    assert.ok(nav.includes("Service requests"), nav.join(", "));
    for (const text of ["Administration", "Settings", "Users", "Contractors", "Reviews due", "Letters to post"]) {
      assert.ok(!nav.includes(text), `a case handler is not offered ${text}`);
    }
    for (const [path, name] of [
      ["/l/riverside/settings", "settings"],
      ["/l/riverside/users", "users"],
      ["/l/riverside/admin", "administration"],
      ["/l/riverside/letter-templates", "letter-templates"],
    ]) {
      await page.goto(path);
      await heading(page, "You do not have access");
      await page.getByText("Only a landlord admin may do this; you are signed in as Case handler.").waitFor();
      assert.equal(await page.title(), "You do not have access – Redress");
      if (name === "settings") await check(page, "staff-40-handler-forbidden-settings");
    }
    // A resident whose complaint the handler does not handle: the server refuses the
    // disclosures, and the rest of the page still works.
    await page.goto(`/l/riverside/residents/${data.residents.sam}`);
    await heading(page, "Sam Jones");
    const disclosures = page.locator("section", { has: page.getByRole("heading", { name: "Disclosed disabilities and vulnerabilities" }) });
    await disclosures.locator(".govuk-inset-text").waitFor();
    await card(page, "Phone calls only in the afternoon").waitFor();
    assert.equal(await page.getByRole("button", { name: "Add a restriction" }).count(), 0);
    await check(page, "staff-41-handler-resident");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the staff pages work at 320 pixels wide", async () => {
    const { context, page, problems } = await newPage(browser, server.base, { width: 320, height: 640 });
    await signInToWorklist(page, data.users.admin);
    const pages = [
      ["residents", "/l/riverside/residents", "Residents"],
      ["resident-new", "/l/riverside/residents/new", "Add a resident"],
      ["resident", `/l/riverside/residents/${data.residents.sam}`, "Sam Jones"],
      ["adjustment-new", `/l/riverside/residents/${data.residents.sam}/adjustments/new`, "Add a reasonable adjustment"],
      ["restriction-new", `/l/riverside/residents/${data.residents.sam}/restrictions/new`, "Add a restriction on contact"],
      ["service-requests", "/l/riverside/service-requests", "Service requests"],
      ...(serviceRequestPath ? [["service-request", serviceRequestPath, /^RIV-SR-/]] : []),
      ["reviews", "/l/riverside/reviews", "Reviews due"],
      ["letters", "/l/riverside/letters", "Letters to post"],
      ["administration", "/l/riverside/admin", "Administration"],
      ["settings", "/l/riverside/settings", "Settings"],
      ["users", "/l/riverside/users", "Users"],
      ["invite", "/l/riverside/users/invite", "Invite someone"],
      ["contractors", "/l/riverside/contractors", "Contractors"],
      ["outbox", "/l/riverside/outbox?status=all", "Email outbox"],
      ["letter-templates", "/l/riverside/letter-templates", "Letter templates"],
      ["letter-template", "/l/riverside/letter-templates/acknowledgement", "Acknowledgement (stage 1) letter"],
    ];
    for (const [name, path, title] of pages) {
      await page.goto(path);
      await heading(page, title);
      await page.waitForLoadState("networkidle");
      assert.ok(await fits(page), `${path} scrolls sideways at 320 pixels`);
      await check(page, `staff-50-320px-${name}`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
});
