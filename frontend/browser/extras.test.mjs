// The audit log, the evidence of a representative's consent and the working-day calculator,
// in a real browser against a real `redress serve` on a fresh database.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { axeRuns, check, launch, newPage, signIn } from "./browser.mjs";
import { PNG } from "./casework-harness.mjs";
import { apiClient, daysAgo, onboardRiverside, startServer } from "./harness.mjs";

let server;
let browser;
let data;

/** One landlord with an admin, a complaints officer, a case handler and the MRC; a complaint
 * made by a representative for the resident, and one without. The MRC opens the first
 * complaint's file 30 times through the API, each opening written to the audit log. */
async function seedExtras(base) {
  const api = apiClient(base);
  const users = {
    admin: "admin@riverside.test",
    officer: "officer@riverside.test",
    handler: "handler@riverside.test",
    mrc: "councillor@riverside.test",
  };
  const admin = await onboardRiverside(api, users.admin, [
    [users.officer, "complaints_officer", "Olu Officer"],
    [users.handler, "case_handler", "Hana Handler"],
    [users.mrc, "mrc", "Cllr Mo Reed"],
  ]);

  const officer = await api.login(users.officer);
  const represented = await api.post("/landlords/riverside/complaints", officer, {
    resident: { name: "Priya Patel", email: "priya@example.test" },
    channel: "phone",
    received_on: daysAgo(1),
    description: "There is damp and mould in the back bedroom and nobody has come.",
    category: "repairs",
    representative: {
      name: "Asha Patel",
      relationship: "daughter",
      consent_on: daysAgo(2),
      consent_evidence: "Signed consent form posted to us",
    },
  });
  const plain = await api.post("/landlords/riverside/complaints", officer, {
    resident: { name: "Sam Jones", email: "sam@example.test" },
    channel: "phone",
    received_on: daysAgo(1),
    description: "The communal door has been broken for a month.",
    category: "repairs",
  });
  const mrc = await api.login(users.mrc);
  for (let i = 0; i < 30; i++) await api.get(`/landlords/riverside/complaints/${plain.id}`, mrc);
  return { users, complaints: { represented, plain } };
}

before(async () => {
  server = await startServer();
  data = await seedExtras(server.base);
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

async function heading(page, name) {
  await page.getByRole("heading", { name, level: 1 }).waitFor();
}

function menu(page) {
  return page.getByRole("navigation", { name: "Menu" });
}

function summary(page) {
  return page.locator(".govuk-error-summary");
}

async function signInToWorklist(page, email) {
  await signIn(page, email);
  await page.waitForURL(/\/l\/riverside\/complaints$/);
  await heading(page, "Complaints");
  await page.waitForLoadState("networkidle");
}

describe("the audit log, consent evidence and the working-day calculator", () => {
  test("a landlord admin reads the audit log, filters it by kind and pages through it", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    await signInToWorklist(page, data.users.admin);
    await menu(page).getByRole("link", { name: "Administration", exact: true }).click();
    await heading(page, "Administration");
    await page.getByRole("link", { name: "Audit log" }).click();
    await heading(page, "Audit log");
    const table = page.locator("table.govuk-table");
    await table.waitFor();
    // Newest first, by name: the MRC's openings of the case file.
    await table.getByText("Cllr Mo Reed (councillor@riverside.test)").first().waitFor();
    assert.ok((await table.locator("tbody tr").count()) > 0);
    await check(page, "extras-01-audit-log");

    // Filtered to the MRC's openings of case files: 30 of them, so two pages.
    await page.getByLabel("Show").selectOption("complaint.read");
    await page.getByRole("button", { name: "Show entries" }).click();
    await page.waitForURL(/\/l\/riverside\/audit\?kind=complaint\.read$/);
    await page.locator("caption", { hasText: "Case file opened by the MRC, newest first" }).waitFor();
    await page.waitForLoadState("networkidle");
    const rows = table.locator("tbody tr");
    assert.equal(await rows.count(), 25);
    for (const text of await table.locator("tbody td[data-label='What'] code").allTextContents()) assert.equal(text, "complaint.read");
    await rows.first().getByText("Role: mrc").waitFor();
    await rows.first().getByRole("link", { name: /The complaint/ }).waitFor();
    await check(page, "extras-02-audit-log-filtered");

    const pages = page.getByRole("navigation", { name: "Pages of the audit log" });
    await pages.getByRole("link", { name: "Next page" }).click();
    await page.waitForURL(/page=/);
    await page.waitForLoadState("networkidle");
    await rows.first().waitFor();
    assert.equal(await rows.count(), 5);
    assert.equal(await pages.getByRole("link", { name: "Next page" }).count(), 0);
    await check(page, "extras-03-audit-log-page-2");
    await pages.getByRole("link", { name: "First page" }).click();
    await page.waitForURL(/\/l\/riverside\/audit\?kind=complaint\.read$/);
    await page.waitForLoadState("networkidle");
    await rows.first().waitFor();
    assert.equal(await rows.count(), 25);

    // A kind with no entries says so.
    await page.getByLabel("Show").selectOption("self_assessment_approved");
    await page.getByRole("button", { name: "Show entries" }).click();
    await page.getByRole("status").getByText("There are no entries of the kind").waitFor();
    await check(page, "extras-04-audit-log-empty");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a complaints officer uploads the evidence of a representative's consent (Code 3.6)", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    await signInToWorklist(page, data.users.officer);
    await page.getByRole("link", { name: data.complaints.represented.reference }).click();
    await heading(page, `Complaint ${data.complaints.represented.reference}`);
    await page.getByText("Asha Patel (daughter)").waitFor();
    await page.getByText("No evidence of consent uploaded").waitFor();
    await check(page, "extras-10-case-no-consent-evidence");

    await page.getByRole("link", { name: "Upload the evidence of consent" }).click();
    await heading(page, "Upload the evidence of consent");
    await page.getByRole("button", { name: "Upload evidence" }).click();
    await summary(page).getByRole("link", { name: "Select the file with the evidence of consent" }).waitFor();
    await page.locator("#file-error").waitFor();
    await check(page, "extras-11-consent-missing-file");
    // The server's own refusal of a program, beside the field.
    await page.locator("#file").setInputFiles({ name: "tool.exe", mimeType: "application/x-msdownload", buffer: Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00") });
    await page.getByRole("button", { name: "Upload evidence" }).click();
    await page.waitForFunction(() => !document.querySelector("#file-error")?.textContent?.includes("Select the file"));
    await summary(page).locator("a[href='#file']").waitFor();
    await check(page, "extras-12-consent-refused-file");

    await page.locator("#file").setInputFiles({ name: "consent-form.png", mimeType: "image/png", buffer: PNG });
    await page.getByRole("button", { name: "Upload evidence" }).click();
    await page.locator(".govuk-notification-banner__heading", { hasText: "consent-form.png recorded as the evidence of the resident's consent" }).waitFor();
    const evidence = page.locator("#consent-evidence");
    await evidence.getByText("Evidence of consent uploaded").waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), evidence.getByRole("link", { name: "consent-form.png" }).click()]);
    assert.equal(download.suggestedFilename(), "consent-form.png");
    assert.deepEqual(readFileSync(await download.path()), PNG);
    await page.getByRole("link", { name: "Upload new evidence of consent" }).waitFor();
    await page.getByText("Evidence of the representative's consent added").first().waitFor();
    await check(page, "extras-13-case-consent-recorded");

    // A complaint without a representative offers no such upload.
    await page.goto(`/l/riverside/complaints/${data.complaints.plain.id}`);
    await heading(page, `Complaint ${data.complaints.plain.reference}`);
    await page.waitForLoadState("networkidle");
    assert.equal(await page.getByRole("link", { name: /evidence of consent/ }).count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the working-day calculator skips Christmas and Boxing Day and says so", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    await signInToWorklist(page, data.users.officer);
    await page.getByRole("link", { name: "Working-day calculator" }).click();
    await heading(page, "Working-day calculator");
    await check(page, "extras-20-calculator");
    await page.getByRole("button", { name: "Work out the date" }).click();
    await summary(page).getByRole("link", { name: "Enter the start date" }).waitFor();
    await summary(page).getByRole("link", { name: "Enter the number of working days" }).waitFor();
    await check(page, "extras-21-calculator-errors");

    await page.locator("#from").fill("19");
    await page.locator("#from-month").fill("12");
    await page.locator("#from-year").fill("2025");
    await page.getByLabel("Number of working days").fill("5");
    await page.getByRole("button", { name: "Work out the date" }).click();
    await page.locator(".govuk-summary-list").getByText("Tuesday 30 December 2025").waitFor();
    assert.equal(await summary(page).count(), 0);
    const table = page.locator("table", { has: page.locator("caption", { hasText: "Days skipped" }) });
    const rows = await table.locator("tbody tr").allInnerTexts();
    const flat = rows.map((r) => r.replace(/\s+/g, " ").trim());
    assert.ok(flat.some((r) => r.includes("Thursday 25 December 2025") && r.includes("Bank holiday: Christmas Day")), flat.join(" | "));
    assert.ok(flat.some((r) => r.includes("Friday 26 December 2025") && r.includes("Bank holiday: Boxing Day")), flat.join(" | "));
    assert.ok(flat.some((r) => r.includes("Saturday 20 December 2025") && r.includes("Weekend")), flat.join(" | "));
    assert.equal(flat.length, 6, flat.join(" | "));
    await check(page, "extras-22-calculator-christmas");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a case handler is not offered the audit log, and is refused it", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    await signInToWorklist(page, data.users.handler);
    assert.equal(await menu(page).getByRole("link", { name: "Administration" }).count(), 0);
    await page.goto("/l/riverside/audit");
    await heading(page, "You do not have access");
    await page.getByText("only a landlord admin may do this").waitFor();
    await check(page, "extras-30-audit-forbidden");
    // The calculator is theirs to use.
    await page.goto("/l/riverside/calendar");
    await heading(page, "Working-day calculator");
    assert.deepEqual(problems, []);
    await context.close();
  });
});
