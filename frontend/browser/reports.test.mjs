// The self-assessment against the Complaint Handling Code, the annual complaints report, the
// public complaint form and the resident's tracking page, in a real browser against a real
// `redress serve` on a fresh database. Without an SMTP server the server writes each email to
// a file, from which the resident's private tracking link is read.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { axeRuns, check, launch, newPage, openPage, signIn } from "./browser.mjs";
import { answerSelfAssessment, apiClient, daysAgo, financialYearNow, seedOversight, startServer, trackingLinkFor } from "./harness.mjs";

let server;
let browser;
let data;
const thisYear = financialYearNow();

before(async () => {
  server = await startServer({ env: { REDRESS_WORKER_POLL_SECONDS: "1" } });
  data = await seedOversight(server.base);
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

const fyLabel = (year) => `${year} to ${year + 1}`;

async function banner(page, text) {
  await page.locator(".govuk-notification-banner__heading", { hasText: text }).waitFor();
}

async function heading(page, name) {
  await page.getByRole("heading", { name, level: 1 }).waitFor();
}

function menu(page) {
  return page.getByRole("navigation", { name: "Menu" });
}

function summary(page) {
  return page.locator(".govuk-error-summary");
}

/** Fills a GOV.UK date input by its id. */
async function fillDate(page, id, iso) {
  const [y, m, d] = iso.split("-");
  await page.locator(`[id="${id}"]`).fill(String(Number(d)));
  await page.locator(`[id="${id}-month"]`).fill(String(Number(m)));
  await page.locator(`[id="${id}-year"]`).fill(y);
}

/** The answer radios of a provision. */
function answer(page, provision) {
  return page.getByRole("group", { name: `Does the landlord comply with provision ${provision}?` });
}

const fits = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe("reports and the residents' own channel", () => {
  test("the self-assessment: answered by section, refused approval, approved, published and on the public page", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    await signIn(page, data.users.officer);
    await openPage(page, "Reports", "Self-assessment");
    await heading(page, "Self-assessment against the Complaint Handling Code");
    await page.getByText("No self-assessment has been saved yet.").waitFor();
    await check(page, "reports-01-self-assessment-years");
    assert.equal(await page.getByLabel("Financial year", { exact: true }).inputValue(), String(thisYear));
    await page.getByRole("button", { name: "Open the self-assessment" }).click();
    await page.waitForURL(new RegExp(`/self-assessment/${thisYear}$`));
    await page.getByRole("heading", { name: "0 of 72 answered", level: 2 }).waitFor();
    await page.getByText("Nothing has been saved for").waitFor();
    assert.equal(await page.locator(".govuk-task-list__item").count(), 9);
    await check(page, "reports-02-self-assessment-overview");

    // Section 1 through the form, with the keyboard and the mouse.
    await page.getByRole("link", { name: "Section 1: Definition of a complaint" }).click();
    await heading(page, "Section 1: Definition of a complaint");
    // The figure the records give is shown with the provision it evidences.
    const computed = page.locator("#provision-1-4 .app-from-records");
    await computed.waitFor();
    assert.match(await computed.innerText(), /^From the records: 0 service requests recorded in/);
    await check(page, "reports-03-section-1");
    await answer(page, "1.2").getByLabel("Yes, complies").check();
    await page.locator("#provision-1-2-evidence").fill("The complaints policy uses the Code's definition, word for word.");
    await page.locator("#provision-1-2-links").fill("not a web address");
    await answer(page, "1.3").getByLabel("Partly complies").check();
    // Partly: the action and the target date are asked for.
    await page.locator("#provision-1-3-action").fill("Train frontline staff to offer the complaints route.");
    await fillDate(page, "provision-1-3-target_date", `${thisYear + 1}-02-30`);
    await answer(page, "1.4").getByLabel("Yes, complies").focus();
    await page.keyboard.press("Space");
    assert.ok(await answer(page, "1.4").getByLabel("Yes, complies").isChecked());
    await page.locator("#provision-1-4-evidence").fill("Service requests are logged in the portal, apart from complaints.");
    await page.getByRole("button", { name: "Save section 1" }).click();
    // Checked here first: not a real date.
    const dateError = summary(page).getByRole("link", { name: /Provision 1\.3: enter the target date as a real date/ });
    await dateError.waitFor();
    assert.equal(await dateError.getAttribute("href"), "#provision-1-3-target_date");
    await fillDate(page, "provision-1-3-target_date", `${thisYear + 1}-02-28`);
    await page.getByRole("button", { name: "Save section 1" }).click();
    // Then the server: a link that is not a web address, shown by its box.
    const linkError = page.locator("#provision-1-2-links-error");
    await linkError.waitFor();
    assert.match(await linkError.innerText(), /For provision 1\.2, `not a web address` is not an http or https address/);
    assert.equal(await summary(page).locator("a[href='#provision-1-2-links']").count(), 1);
    assert.match(await page.title(), /^Error: Section 1/);
    await check(page, "reports-04-section-1-refused");
    await page.locator("#provision-1-2-links").fill("https://riverside.example/complaints-policy");
    await page.getByRole("button", { name: "Save section 1" }).click();
    await banner(page, "Section 1 saved");
    await page.getByText("3 of 5 answered in this section.").waitFor();
    await check(page, "reports-05-section-1-saved");

    // Typed into section 2, not saved: kept while moving about, and saved from the overview.
    await page.getByRole("link", { name: /Next section/ }).click();
    await heading(page, "Section 2: Exclusions");
    await answer(page, "2.1").getByLabel("Yes, complies").check();
    await page.getByRole("link", { name: "Back to the self-assessment" }).click();
    await page.getByRole("heading", { name: "3 of 72 answered", level: 2 }).waitFor();
    await page.getByText("You have changes not saved yet in section 2.").waitFor();
    await check(page, "reports-06-overview-unsaved");
    await page.getByRole("button", { name: "Save all changes" }).click();
    await banner(page, "Your changes have been saved");
    await page.getByRole("heading", { name: "4 of 72 answered", level: 2 }).waitFor();
    // Saved, then on to the next section.
    await page.getByRole("link", { name: "Section 2: Exclusions" }).click();
    await heading(page, "Section 2: Exclusions");
    assert.ok(await answer(page, "2.1").getByLabel("Yes, complies").isChecked());
    await answer(page, "2.2").getByLabel("No, does not comply").check();
    await page.locator("#provision-2-2-action").fill("Publish the list of exclusions in the policy.");
    await fillDate(page, "provision-2-2-target_date", `${thisYear + 1}-01-31`);
    await page.getByRole("button", { name: "Save and go to section 3" }).click();
    await heading(page, "Section 3: Accessibility and Awareness");
    await banner(page, "Section 2 saved");
    assert.deepEqual(problems, []);
    await context.close();

    // The landlord admin tries to approve: the server lists what is missing.
    let admin = await newPage(browser, server.base);
    await signIn(admin.page, data.users.admin);
    await admin.page.goto(`/l/riverside/self-assessment/${thisYear}`);
    await admin.page.getByRole("button", { name: "Approve version 1" }).click();
    const refusal = summary(admin.page);
    await refusal.getByText(/not answered: 1\.5, 1\.6, 2\.3/).waitFor();
    assert.match(await admin.page.title(), /^Error: Self-assessment/);
    await check(admin.page, "reports-07-approve-refused");
    await admin.context.close();

    // The rest answered through the API (72 provisions are too many to click), one only partly.
    await answerSelfAssessment(server.base, { officer: data.users.officer, year: thisYear, partly: ["6.2"] });
    admin = await newPage(browser, server.base);
    await signIn(admin.page, data.users.admin);
    const { page: a } = admin;
    await a.goto(`/l/riverside/self-assessment/${thisYear}`);
    await a.getByRole("heading", { name: "72 of 72 answered", level: 2 }).waitFor();
    await a.getByRole("button", { name: "Approve version 1" }).click();
    await banner(a, "Version 1 approved");
    await a.locator(".govuk-summary-list .govuk-tag", { hasText: "Approved" }).waitFor();
    await a.getByText(/by Ada Admin/).waitFor();
    await check(a, "reports-08-approved");
    // Read-only once approved: the figures frozen.
    await a.getByRole("link", { name: "Section 6: Complaints Stages" }).click();
    await heading(a, "Section 6: Complaints Stages");
    assert.equal(await a.getByRole("radio").count(), 0);
    await a.getByRole("heading", { name: "Provision 6.2", exact: true }).waitFor();
    await a.getByText("As the records stood when this version was approved.").first().waitFor();
    await a.getByRole("link", { name: "Back to the self-assessment" }).click();
    await a.getByRole("button", { name: "Publish version 1" }).click();
    await banner(a, "Version 1 published on the public page");

    // The documents: the HTML opens in a new tab, with its own styles; the CSV downloads.
    const [tab] = await Promise.all([
      admin.context.waitForEvent("page"),
      a.getByRole("button", { name: "Open the document (opens in a new tab)" }).click(),
    ]);
    await tab.getByRole("heading", { level: 1 }).first().waitFor();
    assert.match(await tab.title(), /Riverside Homes: self-assessment against the Complaint Handling Code/);
    assert.match(await tab.locator("body").innerText(), /6\.2/);
    await check(tab, "reports-09-document");
    await tab.close();
    const [download] = await Promise.all([a.waitForEvent("download"), a.getByRole("button", { name: "Download as a spreadsheet (CSV)" }).click()]);
    assert.match(download.suggestedFilename(), /^self-assessment-.*\.csv$/);
    const csv = readFileSync(await download.path(), "utf8");
    assert.match(csv, /^\uFEFF?Code provision,Code requirement,Comply,Evidence,Commentary/);
    assert.match(csv, /\n1\.3,.*partly/);

    // The Ombudsman's annual submission form: partly is a no, with its action.
    await a.getByRole("link", { name: "What to enter on the Ombudsman's annual submission form" }).click();
    await heading(a, "Annual submission to the Ombudsman");
    await a.getByText("3 provisions are answered no").waitFor();
    const row = a.getByRole("row", { name: /^1\.3/ });
    assert.match(await row.innerText(), /No\s+Train frontline staff to offer the complaints route\./);
    await check(a, "reports-10-submission");
    await a.getByRole("link", { name: "Back to the self-assessment" }).click();

    // A new version, with its reason; then answers imported from a spreadsheet into it.
    await a.getByRole("button", { name: "Start version 2" }).click();
    await summary(a).getByRole("link", { name: "Enter why a new version is needed" }).waitFor();
    await a.getByLabel("Why is a new version needed?").fill("The repairs and complaints teams merged in a restructure.");
    await a.getByRole("button", { name: "Start version 2" }).click();
    await banner(a, "Version 2 started");
    await a.getByRole("cell", { name: "The repairs and complaints teams merged in a restructure." }).waitFor();
    await a.getByRole("row", { name: /^Version 1/ }).getByText("Published").waitFor();
    await a.getByLabel("Upload a CSV file").setInputFiles({
      name: "answers.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("Code provision,Code requirement,Comply,Evidence,Commentary\n1.5,,Yes,Imported evidence for 1.5,\n"),
    });
    await a.getByRole("button", { name: "Import answers" }).click();
    await banner(a, "Answers imported from the spreadsheet");
    await check(a, "reports-11-new-version");
    assert.deepEqual(admin.problems, []);
    await admin.context.close();

    // The public page links to the published self-assessment, with its date.
    const visitor = await newPage(browser, server.base);
    await visitor.page.goto("/p/riverside");
    const link = visitor.page.getByRole("link", { name: `Self-assessment against the Complaint Handling Code, ${fyLabel(thisYear)}` });
    await link.waitFor();
    await visitor.page.getByText(/^Published on \d{1,2} \w+ \d{4}$/).first().waitFor();
    await check(visitor.page, "reports-12-public-page-self-assessment");
    await link.click();
    await visitor.page.waitForURL(new RegExp(`/api/v1/public/riverside/self-assessments/${thisYear}$`));
    await visitor.page.getByRole("heading", { level: 1 }).first().waitFor();
    await check(visitor.page, "reports-12a-public-self-assessment-document");
    assert.deepEqual(visitor.problems, []);
    await visitor.context.close();

    // The overview and a section's form at 320 pixels wide.
    const narrow = await newPage(browser, server.base, { width: 320, height: 640 });
    await signIn(narrow.page, data.users.officer);
    await narrow.page.goto(`/l/riverside/self-assessment/${thisYear}`);
    await narrow.page.getByRole("heading", { name: /of 72 answered$/, level: 2 }).waitFor();
    assert.ok(await fits(narrow.page), "the self-assessment overview scrolls sideways at 320px");
    await narrow.page.getByRole("link", { name: "Section 6: Complaints Stages" }).click();
    await heading(narrow.page, "Section 6: Complaints Stages");
    assert.ok(await fits(narrow.page), "a section of the self-assessment scrolls sideways at 320px");
    await check(narrow.page, "reports-12b-section-320px");
    assert.deepEqual(narrow.problems, []);
    await narrow.context.close();
  });

  test("the annual report for last year: narrative, the governing body's response, published", async () => {
    const last = data.year;
    // The year's self-assessment, approved, to attach.
    await answerSelfAssessment(server.base, { officer: data.users.officer, year: last, approveAs: data.users.admin });

    let { context, page, problems } = await newPage(browser, server.base);
    await signIn(page, data.users.officer);
    await openPage(page, "Reports", "Annual report");
    await heading(page, "Annual complaints performance and service improvement report");
    await check(page, "reports-13-annual-report-years");
    await page.getByRole("link", { name: fyLabel(last), exact: true }).click();
    await page.waitForURL(new RegExp(`/annual-report/${last}$`));
    // The generated figures, as the dashboard counts them.
    const received = page.locator(".app-card", { has: page.locator("dt", { hasText: "Stage 1 complaints received" }) });
    assert.equal(await received.locator(".app-card__value").innerText(), "4");
    await page.getByRole("row", { name: "Previously considered under the complaints process 1" }).waitFor();
    await page.getByRole("row", { name: /^Complaints received per 1,000 homes/ }).waitFor();
    await page.getByRole("row", { name: "Complaints referred to the Ombudsman 0" }).waitFor();
    await page.getByRole("link", { name: `Self-assessment ${fyLabel(last)}, version 1` }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Publish the report" }).count(), 0, "only a landlord admin publishes");
    await page.getByLabel("Introduction: the report's words").fill("Riverside Homes manages 5,200 homes. This report covers complaints in the year.");
    await page.getByRole("button", { name: "Save introduction" }).click();
    await banner(page, "Introduction saved");
    await page.getByLabel("Looking ahead: the report's words").fill("Next year we will answer every stage 1 complaint within 10 working days.");
    await page.getByRole("button", { name: "Save looking ahead" }).click();
    await banner(page, "Looking ahead saved");
    await check(page, "reports-14-annual-report-officer");
    assert.deepEqual(problems, []);
    await context.close();

    // The landlord admin tries to publish before the governing body has responded.
    ({ context, page, problems } = await newPage(browser, server.base));
    await signIn(page, data.users.admin);
    await page.goto(`/l/riverside/annual-report/${last}`);
    await page.getByText("The governing body has not recorded its response").first().waitFor();
    await page.getByRole("button", { name: "Publish the report" }).click();
    await summary(page).getByText("the governing body's response must be recorded before the report is published", { exact: false }).waitFor();
    await check(page, "reports-15-publish-refused");
    await context.close();

    // The governing body records its response, and reads the self-assessment without changing it.
    ({ context, page, problems } = await newPage(browser, server.base));
    await signIn(page, data.users.board);
    await openPage(page, "Reports", "Annual report");
    await page.getByRole("link", { name: fyLabel(last), exact: true }).click();
    await page.getByText("Riverside Homes manages 5,200 homes.").waitFor();
    assert.equal(await page.getByLabel("Introduction: the report's words").count(), 0, "the governing body does not write the narrative");
    await page.getByRole("button", { name: "Record the response" }).click();
    await summary(page).getByRole("link", { name: "Enter the governing body's response" }).waitFor();
    await check(page, "reports-16-response-errors");
    await page.getByRole("textbox", { name: "The governing body's response" }).fill("The board accepts the report and asks for quarterly updates on stage 1 timeliness.");
    await page.getByRole("button", { name: "Record the response" }).click();
    await banner(page, "The governing body's response has been recorded");
    await page.locator("blockquote", { hasText: "The board accepts the report" }).waitFor();
    await check(page, "reports-17-response-recorded");
    await openPage(page, "Reports", "Self-assessment");
    await page.getByRole("button", { name: "Open the self-assessment" }).waitFor();
    await page.goto(`/l/riverside/self-assessment/${last}/section/1`);
    await heading(page, "Section 1: Definition of a complaint");
    assert.equal(await page.getByRole("radio").count(), 0);
    assert.equal(await page.getByRole("button", { name: /^Save/ }).count(), 0);
    await check(page, "reports-18-self-assessment-read-only");
    assert.deepEqual(problems, []);
    await context.close();

    // The landlord admin publishes it; the public page links to it.
    ({ context, page, problems } = await newPage(browser, server.base));
    await signIn(page, data.users.admin);
    await page.goto(`/l/riverside/annual-report/${last}`);
    await page.locator("blockquote", { hasText: "The board accepts the report" }).waitFor();
    await page.getByRole("button", { name: "Publish the report" }).click();
    await banner(page, `The report for ${fyLabel(last)} has been published`);
    await page.getByText(/^Published on /).first().waitFor();
    assert.equal(await page.getByLabel("Introduction: the report's words").count(), 0, "a published report is not changed");
    await check(page, "reports-19-annual-report-published");
    const [tab] = await Promise.all([context.waitForEvent("page"), page.getByRole("button", { name: "Open the document (opens in a new tab)" }).click()]);
    await tab.getByText("The board accepts the report").first().waitFor();
    await check(tab, "reports-19a-annual-report-document");
    await tab.close();
    await page.goto("/p/riverside");
    const link = page.getByRole("link", { name: `Annual complaints performance and service improvement report, ${fyLabel(last)}` });
    await link.waitFor();
    await page.getByText(/with our governing body's response$/).waitFor();
    await check(page, "reports-20-public-page-annual-report");
    await link.click();
    await page.getByText("The board accepts the report").first().waitFor();
    await check(page, "reports-20a-public-annual-report-document");
    assert.deepEqual(problems, []);
    await context.close();

    // The residents' panel reads the published report in the portal, with the documents the
    // public reads.
    ({ context, page, problems } = await newPage(browser, server.base));
    await signIn(page, data.users.panel);
    await openPage(page, "Reports", "Annual report");
    await heading(page, "Annual complaints performance and service improvement report");
    await page.getByRole("link", { name: fyLabel(last), exact: true }).click();
    await page.locator("blockquote", { hasText: "The board accepts the report" }).waitFor();
    await page.getByText("Riverside Homes manages 5,200 homes.").waitFor();
    assert.equal(await page.getByRole("button").filter({ hasText: /Save|Publish|Record/ }).count(), 0, "the panel changes nothing");
    await page.getByRole("link", { name: `Self-assessment ${fyLabel(last)}, as published` }).waitFor();
    await page.getByRole("link", { name: "The report as published, to read, print or save" }).click();
    await page.getByText("The board accepts the report").first().waitFor();
    await page.goBack();
    await check(page, "reports-20b-panel-annual-report");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a resident makes a complaint online, follows it and asks for stage 2", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    await page.goto("/p/riverside");
    await page.getByRole("button", { name: "Make a complaint" }).click();
    await heading(page, "Make a complaint");
    assert.equal(await page.title(), "Make a complaint to Riverside Homes – Redress");
    await page.getByText("You do not need to use the word “complaint”.", { exact: false }).first().waitFor();
    await check(page, "reports-21-complaint-form");

    // Nothing filled in: checked before sending.
    await page.getByRole("button", { name: "Send complaint" }).click();
    for (const [text, href] of [
      ["Enter your full name", "#resident-name"],
      ["Enter an email address, phone number or postal address so that we can reply to you", "#resident-email"],
      ["Tell us what went wrong", "#description"],
    ]) {
      assert.equal(await summary(page).getByRole("link", { name: text }).getAttribute("href"), href);
    }
    assert.match(await page.title(), /^Error: Make a complaint/);
    await check(page, "reports-22-complaint-form-errors");
    await summary(page).getByRole("link", { name: "Tell us what went wrong" }).click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), "description");

    await page.getByLabel("Full name").fill("Jo Resident");
    await page.getByLabel("Email address (optional)").fill("jo@example.test");
    await page.getByLabel("Phone number (optional)", { exact: true }).fill("not a number");
    await page.getByLabel("Email", { exact: true }).check();
    await page.getByLabel("Tell us what has gone wrong").fill("The heating in my flat has not worked for two weeks and nobody has come.");
    await page.getByLabel("What would you like us to do to put it right? (optional)").fill("Fix the heating and say sorry.");
    await fillDate(page, "issue_date", daysAgo(14));
    await page.getByLabel("Do you need any help or changes from us to make your complaint? (optional)").fill("Letters in large print, please.");
    await page.getByLabel("Someone is making this complaint for me").check();
    await page.getByLabel("Their full name").fill("Sam Helper");
    await page.getByLabel("How do they know you? (optional)").fill("neighbour");
    await page.getByRole("button", { name: "Send complaint" }).click();
    await summary(page).getByRole("link", { name: "Confirm that you agree to this person making the complaint for you" }).waitFor();
    await page.getByLabel("I agree to this person making this complaint for me, and to you telling them about it").check();
    await page.getByRole("button", { name: "Send complaint" }).click();
    // The server's refusal of the phone number, by its box.
    await page.locator("#resident-phone-error").getByText(/Phone number must be a telephone number/).waitFor();
    assert.equal(await summary(page).locator("a[href='#resident-phone']").count(), 1);
    await check(page, "reports-23-complaint-form-refused");
    await page.getByLabel("Phone number (optional)", { exact: true }).fill("07700 900123");
    await page.getByRole("button", { name: "Send complaint" }).click();
    const panel = page.locator(".govuk-panel--confirmation");
    await panel.getByRole("heading", { name: "Complaint sent" }).waitFor();
    const reference = (await panel.locator("strong").innerText()).trim();
    assert.match(reference, /^RIV-\d+$/);
    await page.getByText("We have sent you a private link to follow your complaint by email.").waitFor();
    await page.getByText(/We will acknowledge your complaint by \d{1,2} \w+ \d{4}/).waitFor();
    await check(page, "reports-24-complaint-sent");

    // The private link from the email.
    const link = await trackingLinkFor(server, reference);
    await page.goto(link);
    await heading(page, `Your complaint ${reference}`);
    await page.getByText("We have received your complaint", { exact: true }).waitFor();
    await page.getByRole("heading", { name: "Stage 1", exact: true }).waitFor();
    await page.getByText("We will acknowledge it by").waitFor();
    // The letter itself, opened from its subject.
    await page.getByText(`We have received your complaint (${reference})`, { exact: true }).click();
    await page.locator(".govuk-details__text", { hasText: reference }).waitFor();
    assert.equal(await page.getByRole("heading", { name: "Ask for your complaint to go to stage 2" }).count(), 0);
    await page.getByText("Housing Ombudsman Service, PO Box 1484", { exact: false }).waitFor();
    await check(page, "reports-25-tracking");
    await page.getByRole("button", { name: "Send information" }).click();
    await summary(page).getByRole("link", { name: "Enter what you would like to add" }).waitFor();
    await page.getByLabel("What would you like to add?").fill("The radiator in the bedroom is leaking now too.");
    await page.getByRole("button", { name: "Send information" }).click();
    await banner(page, "We have added this to your complaint");
    await check(page, "reports-26-tracking-information-added");

    // Staff acknowledge and answer it through the API.
    const api = apiClient(server.base);
    const officer = await api.login(data.users.officer);
    const found = await api.get(`/landlords/riverside/complaints?q=${reference}`, officer);
    const c = found.items.find((x) => x.reference === reference);
    assert.ok(c, "the complaint is in the officer's list");
    await api.post(`/landlords/riverside/complaints/${c.id}/acknowledge`, officer, {
      definition: "The heating has not worked for two weeks.",
      outcomes_sought: "The heating fixed and an apology",
      responsible_for: "Repairs",
    });
    await api.post(`/landlords/riverside/complaints/${c.id}/respond`, officer, {
      decision: "partly_upheld",
      reasons: "The engineer was booked but missed the visit.",
      remedies: [],
      outstanding_actions: [],
    });

    await page.reload();
    await heading(page, `Your complaint ${reference}`);
    await page.getByText("We have sent you our stage 1 response", { exact: true }).waitFor();
    await page.getByText("Partly upheld: we agreed with some of your complaint").waitFor();
    await page.getByRole("heading", { name: "Ask for your complaint to go to stage 2" }).waitFor();
    await page.getByText("You do not need to give a reason.", { exact: false }).waitFor();
    await check(page, "reports-27-tracking-responded");
    await page.getByRole("button", { name: "Ask for stage 2" }).click();
    await banner(page, "You have asked for your complaint to go to stage 2");
    await page.getByRole("heading", { name: "Stage 2", exact: true }).waitFor();
    assert.equal(await page.getByRole("heading", { name: "Ask for your complaint to go to stage 2" }).count(), 0);
    await check(page, "reports-28-tracking-stage-2");

    // A link that is not one.
    await page.goto("/p/riverside/track/not-a-real-token");
    await heading(page, "We cannot find this complaint");
    await check(page, "reports-29-tracking-not-found");
    assert.deepEqual(problems, []);
    await context.close();

    // At 320 pixels wide: the form and the tracking page do not scroll sideways.
    const narrow = await newPage(browser, server.base, { width: 320, height: 640 });
    await narrow.page.goto("/p/riverside/complain");
    await heading(narrow.page, "Make a complaint");
    await narrow.page.getByLabel("Someone is making this complaint for me").check();
    assert.ok(await fits(narrow.page), "the complaint form scrolls sideways at 320px");
    await check(narrow.page, "reports-30-complaint-form-320px");
    await narrow.page.goto(link);
    await heading(narrow.page, `Your complaint ${reference}`);
    assert.ok(await fits(narrow.page), "the tracking page scrolls sideways at 320px");
    await check(narrow.page, "reports-31-tracking-320px");
    assert.deepEqual(narrow.problems, []);
    await narrow.context.close();
  });
});
