// The case work beyond the stage actions, and the platform admin's page, in a real browser
// against a real `redress serve` on a fresh database: remedies and outstanding actions tracked
// to completion (Code 6.6, 7.3), updates agreed with the resident (5.9), correspondence and
// files (5.12), an additional complaint (6.8), stage 2 by someone other than the stage 1
// handler (6.13), the Ombudsman (9.7c), refusing an escalation (5.11), closing, onboarding, and
// an acknowledgement recorded with an earlier date whose letter already went by other means.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { axeRuns, check, confirmLetter, launch, newPage, signIn } from "./browser.mjs";
import { PNG, daysAgo, receivedEarlier, residentEscalates, seedCasework } from "./casework-harness.mjs";
import { startServer, trackingLinkFor } from "./harness.mjs";

let server;
let browser;
let data;

before(async () => {
  server = await startServer();
  data = await seedCasework(server.base);
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

const caseUrl = (c, action = "") => `/l/riverside/complaints/${c.id}${action ? `/${action}` : ""}`;

async function banner(page, text) {
  await page.locator(".govuk-notification-banner__heading", { hasText: text }).waitFor();
}

async function heading(page, name, level = 1) {
  await page.getByRole("heading", { name, level }).waitFor();
}

/** Date parts of today minus `n` days, for the GOV.UK date input. */
function parts(n) {
  const [y, m, d] = daysAgo(n).split("-");
  return { day: String(Number(d)), month: String(Number(m)), year: y };
}

/** Today minus `n` days as the portal writes a date: "3 December 2026". */
function longDate(n) {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${daysAgo(n)}T00:00:00Z`),
  );
}

async function fillDate(page, id, n) {
  const p = parts(n);
  await page.locator(`#${id}`).fill(p.day);
  await page.locator(`#${id}-month`).fill(p.month);
  await page.locator(`#${id}-year`).fill(p.year);
}

const summary = (page) => page.locator(".govuk-error-summary");
const section = (page, name) => page.locator("section", { has: page.getByRole("heading", { name, level: 2 }) });

describe("case work", () => {
  test("a complaints officer agrees updates, keeps the record, responds with a remedy and an action, and tracks them", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    const { main } = data.complaints;
    await signIn(page, data.users.officer);
    await page.goto(caseUrl(main));
    await heading(page, `Complaint ${main.reference}`);
    await section(page, "Keeping the resident informed").getByText("No interval for updates has been agreed").waitFor();
    await section(page, "Files").getByText("No files have been added.").waitFor();
    await check(page, "casework-01-case-open");

    // Keeping the resident informed (Code 5.9), with the keyboard alone.
    await page.getByRole("link", { name: "Agree how often to update the resident" }).click();
    await heading(page, "Agree how often the resident is updated");
    for (let i = 0; i < 15 && (await page.evaluate(() => document.activeElement?.id)) !== "every_working_days"; i++) {
      await page.keyboard.press("Tab");
    }
    assert.equal(await page.evaluate(() => document.activeElement?.id), "every_working_days");
    await page.keyboard.type("50");
    await page.keyboard.press("Enter");
    // The server's 422 is shown by the field and linked from the summary.
    const tooLong = summary(page).locator("a", { hasText: "must be from 1 to 40 working days" });
    await tooLong.waitFor();
    assert.equal(await tooLong.getAttribute("href"), "#every_working_days");
    await page.locator("#every_working_days-error").getByText("must be from 1 to 40 working days").waitFor();
    await check(page, "casework-02-keep-informed-refused");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "every_working_days");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("5");
    await page.keyboard.press("Enter");
    await banner(page, "Updates to the resident agreed");
    const informed = section(page, "Keeping the resident informed");
    await informed.getByText("At least every 5 working days").waitFor();
    await informed.getByText("Next update due").waitFor();
    await informed.getByRole("link", { name: "Stop the agreed updates" }).waitFor();

    // An additional complaint raised before the stage 1 response amends the definition (Code 6.8).
    await page.getByRole("link", { name: "Record an additional complaint" }).click();
    await heading(page, "Record an additional complaint");
    await page.getByLabel("The further issue, in the resident's words").fill("The extractor fan in the bathroom does not work either.");
    await page.getByRole("group", { name: "Is it related to this complaint?" }).getByLabel("Yes").check();
    await check(page, "casework-03-additional");
    await page.getByRole("button", { name: "Record additional complaint" }).click();
    await banner(page, "Added to this complaint: the definition is amended");
    await page.getByText(/Added on \d{4}-\d{2}-\d{2}: The extractor fan/).waitFor();

    // A file: nothing chosen, then a program (the server refuses it, by the field), then a photo.
    await section(page, "Files").getByRole("button", { name: "Add a file" }).click();
    await heading(page, "Add a file to the complaint's record");
    await page.getByRole("button", { name: "Add file" }).click();
    await summary(page).getByRole("link", { name: "Select a file" }).waitFor();
    await page.locator("#file").setInputFiles({ name: "tool.exe", mimeType: "application/x-msdownload", buffer: Buffer.from("MZ\x90\x00\x03\x00\x00\x00\x04\x00") });
    await page.getByRole("button", { name: "Add file" }).click();
    await page.locator("#file-error").waitFor();
    assert.equal(await summary(page).locator("a[href='#file']").count(), 1);
    await check(page, "casework-04-attach-refused");
    await page.locator("#file").setInputFiles({ name: "damp-photo.png", mimeType: "image/png", buffer: PNG });
    await page.getByLabel("What is it? (optional)").fill("Photo of the mould in the back bedroom");
    await page.getByRole("button", { name: "Add file" }).click();
    await banner(page, "damp-photo.png added to the complaint's record");
    const files = section(page, "Files");
    await files.getByText("Photo of the mould in the back bedroom").waitFor();
    // Its link downloads the very file.
    const [download] = await Promise.all([page.waitForEvent("download"), files.getByRole("link", { name: "damp-photo.png" }).click()]);
    assert.equal(download.suggestedFilename(), "damp-photo.png");
    assert.deepEqual(readFileSync(await download.path()), PNG);

    // Correspondence sent to the resident, with the photo (Code 5.12).
    await page.getByRole("link", { name: "Record correspondence" }).click();
    await heading(page, "Record correspondence");
    await page.getByRole("button", { name: "Record correspondence" }).click();
    await summary(page).getByRole("link", { name: "Select whether it was sent or received" }).waitFor();
    await summary(page).getByRole("link", { name: "Enter what it said" }).waitFor();
    await page.getByLabel("Sent by the landlord").check();
    await page.getByRole("group", { name: "How?" }).getByLabel("Email").check();
    await page.getByLabel("To (optional)").fill("priya@example.test");
    await page.getByLabel("Subject (optional)").fill("Your complaint: the inspection");
    await page.getByLabel("What it said").fill("Our surveyor will inspect the back bedroom on Thursday. The photo you sent is attached to your case.");
    await page.getByLabel(/damp-photo\.png/).check();
    await check(page, "casework-05-correspondence");
    await page.getByRole("button", { name: "Record correspondence" }).click();
    await banner(page, "Correspondence recorded");
    const correspondence = section(page, "Correspondence");
    const sent = correspondence.locator("details", { hasText: "Your complaint: the inspection" });
    await sent.locator("summary").click();
    await sent.getByText("With damp-photo.png.").waitFor();
    await sent.getByText("To priya@example.test.").waitFor();

    // Respond with a financial remedy and an outstanding action.
    await page.getByRole("button", { name: "Respond", exact: true }).click();
    await heading(page, "Respond at stage 1");
    await page.getByLabel("Upheld", { exact: true }).check();
    await page.getByLabel("d. The reasons for the decision").fill("1. The repair was late. 2. Calls were not returned. 3. The fan was not checked.");
    await page.getByRole("group", { name: "e. Are you offering any remedies?" }).getByLabel("Yes").check();
    await page.getByLabel("Kind of remedy").selectOption("financial");
    await page.getByLabel("What is offered").fill("A payment for the months of living with mould.");
    await page.getByLabel("Amount, in pounds").fill("150");
    await page.getByRole("group", { name: "f. Are there actions still to be done?" }).getByLabel("Yes").check();
    await page.getByLabel("What will be done").fill("Treat the mould and fit a new extractor fan.");
    await page.getByLabel("Who will do it").fill("Damp and mould team");
    await fillDate(page, "outstanding_actions-0-due_on", -20);
    // The award split by failing: parts that do not make the award are refused, then put right.
    await page.getByLabel(/^For the service failure complained of/).fill("100");
    await page.getByLabel(/^For how the complaint was handled/).fill("40");
    await page.getByRole("button", { name: "Continue" }).click();
    await summary(page)
      .getByRole("link", { name: "The parts of remedy 1 must add up to its amount: they come to £140.00, the award is £150.00" })
      .waitFor();
    await check(page, "casework-05a-award-parts-refused");
    await page.getByLabel(/^For how the complaint was handled/).fill("50");
    await page.getByRole("button", { name: "Continue" }).click();
    await confirmLetter(page, "Send response");
    await banner(page, "Response recorded and the letter sent");
    const remedies = section(page, "Remedies and outstanding actions");
    await remedies
      .getByRole("cell", { name: /Financial remedy \(£150\.00 \(£100\.00 for the service failure and £50\.00 for complaint handling\)\)/ })
      .waitFor();
    await remedies.getByText("Offered").first().waitFor();
    // Updates are agreed only while the complaint is open: the stage 1 response ends that.
    assert.equal(await page.getByRole("link", { name: "Change how often the resident is updated" }).count(), 0);
    await check(page, "casework-06-case-responded");

    // The remedy: completed today, and its owner named (Code 7.3).
    await remedies.getByRole("link", { name: "Update remedy 1, financial remedy" }).click();
    await heading(page, "Update a remedy");
    await page.getByRole("button", { name: "Save" }).click();
    await summary(page).getByRole("link", { name: "Change the status, the due date or the owner" }).waitFor();
    await page.getByLabel("Completed").check();
    await page.getByLabel("Who is responsible for it").fill("Rent account team");
    await check(page, "casework-07-remedy");
    await page.getByRole("button", { name: "Save" }).click();
    await banner(page, "Remedy updated: financial remedy is completed");
    const remedyRow = page.locator("tr", { hasText: "Financial remedy" });
    await remedyRow.getByText("Completed").waitFor();
    await remedyRow.getByText("Rent account team").waitFor();

    // The outstanding action: a completion date in the future is refused by the server, then done.
    await remedies.getByRole("link", { name: "Update outstanding action 1" }).click();
    await heading(page, "Update an outstanding action");
    await page.getByLabel("Done").check();
    await fillDate(page, "completed_on", -2);
    await page.getByRole("button", { name: "Save" }).click();
    const future = summary(page).locator("a", { hasText: "must not be in the future" });
    await future.waitFor();
    assert.equal(await future.getAttribute("href"), "#completed_on");
    await check(page, "casework-08-action-refused");
    await fillDate(page, "completed_on", 0);
    await page.getByRole("button", { name: "Save" }).click();
    await banner(page, "Outstanding action updated: done");
    const actionRow = page.locator("tr", { hasText: "Treat the mould" });
    await actionRow.getByText("Done").waitFor();
    await page.getByRole("heading", { name: "Remedy updated (stage 1)" }).waitFor();
    await page.getByRole("heading", { name: "Outstanding action updated (stage 1)" }).waitFor();
    await check(page, "casework-09-case-tracked");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("stage 2 is considered by an officer who did not handle stage 1 (Code 6.13)", async () => {
    const { main } = data.complaints;
    // The resident asks for stage 2 through their private link.
    const link = await trackingLinkFor(server, main.reference);
    await residentEscalates(server.base, link, "The mould is back and the fan is still broken.");

    // Another officer acknowledges stage 2 and allocates it: not to the stage 1 responder.
    const omar = await newPage(browser, server.base);
    await signIn(omar.page, data.users.officer2);
    await omar.page.goto(caseUrl(main));
    await heading(omar.page, `Complaint ${main.reference}`);
    await omar.page.getByText("Stage 2 requested").first().waitFor();
    await omar.page.getByRole("button", { name: "Refuse escalation" }).waitFor();
    await check(omar.page, "casework-10-stage2-requested");
    await omar.page.getByRole("button", { name: "Acknowledge and define" }).click();
    await heading(omar.page, "Acknowledge and define stage 2");
    await omar.page.getByLabel("Complaint definition").fill("1. The mould has returned. 2. The extractor fan is still broken.");
    await omar.page.getByLabel("Outcomes the resident seeks").fill("The mould treated for good and the fan working.");
    await omar.page.getByLabel("What the landlord is responsible for").fill("Damp and mould, and the fan.");
    await omar.page.getByRole("button", { name: "Continue" }).click();
    await confirmLetter(omar.page, "Acknowledge complaint");
    await banner(omar.page, "Complaint acknowledged");
    await omar.page.getByText("Stage 2 open").first().waitFor();

    await omar.page.getByRole("button", { name: "Allocate" }).click();
    await heading(omar.page, "Allocate stage 2");
    await omar.page.getByLabel("Allocate to").selectOption({ label: "Olu Officer – Complaints officer" });
    await omar.page.getByRole("button", { name: "Allocate" }).click();
    await summary(omar.page).getByText("stage 2 must be considered by someone other than the stage 1 handler (Code 6.13)").waitFor();
    await check(omar.page, "casework-11-allocate-refused");
    await omar.page.getByLabel("Allocate to").selectOption({ label: "Omar Officer – Complaints officer" });
    await omar.page.getByRole("button", { name: "Allocate" }).click();
    await banner(omar.page, "Complaint allocated");

    // The stage 1 responder is not offered the stage 2 response, and the server refuses it.
    const olu = await newPage(browser, server.base);
    await signIn(olu.page, data.users.officer);
    await olu.page.goto(caseUrl(main));
    await heading(olu.page, `Complaint ${main.reference}`);
    await olu.page.getByRole("heading", { name: "Response sent (stage 1)" }).waitFor();
    await olu.page.getByRole("button", { name: "Extend the response deadline" }).waitFor();
    assert.equal(await olu.page.getByRole("button", { name: "Respond", exact: true }).count(), 0);
    await olu.page.goto(caseUrl(main, "respond"));
    await heading(olu.page, "Respond at stage 2");
    await olu.page.getByLabel("Not upheld").check();
    await olu.page.getByLabel("d. The reasons for the decision").fill("I looked at it again.");
    await olu.page.getByRole("group", { name: "e. Are you offering any remedies?" }).getByLabel(/^No/).check();
    await olu.page.getByRole("group", { name: "f. Are there actions still to be done?" }).getByLabel(/^No/).check();
    await olu.page.getByRole("button", { name: "Continue" }).click();
    await summary(olu.page).getByText("stage 2 must be considered by someone other than the stage 1 handler (Code 6.13)").waitFor();
    assert.match(await olu.page.title(), /^Error: /);
    await check(olu.page, "casework-12-respond-refused");

    // The stage 2 handler responds.
    await omar.page.getByRole("button", { name: "Respond", exact: true }).click();
    await heading(omar.page, "Respond at stage 2");
    await omar.page.getByLabel("Partly upheld").check();
    await omar.page.getByLabel("d. The reasons for the decision").fill("1. The mould treatment did not last. 2. The fan was fitted last week.");
    await omar.page.getByRole("group", { name: "e. Are you offering any remedies?" }).getByLabel("Yes").check();
    await omar.page.getByLabel("Kind of remedy").selectOption("apology");
    await omar.page.getByLabel("What is offered").fill("An apology for the second visit.");
    await omar.page.getByRole("group", { name: "f. Are there actions still to be done?" }).getByLabel(/^No/).check();
    await omar.page.getByRole("button", { name: "Continue" }).click();
    await confirmLetter(omar.page, "Send response");
    await banner(omar.page, "Response recorded and the letter sent");
    await omar.page.getByText("Stage 2 responded").first().waitFor();
    await section(omar.page, "Letters sent").getByText("Stage 2 response").waitFor();
    await check(omar.page, "casework-13-stage2-responded");
    assert.deepEqual(omar.problems, []);
    assert.deepEqual(olu.problems, []);
    await omar.context.close();
    await olu.context.close();
  });

  test("the complaints officer records the Ombudsman's referral, determination, order and compliance", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    const { main } = data.complaints;
    await signIn(page, data.users.officer);
    await page.goto(caseUrl(main));
    await heading(page, `Complaint ${main.reference}`);
    const ombudsman = section(page, "The Ombudsman");
    await ombudsman.getByRole("button", { name: "Record a referral to the Ombudsman" }).click();
    await heading(page, "Record a referral to the Ombudsman");
    await page.getByRole("button", { name: "Record referral" }).click();
    await summary(page).getByRole("link", { name: "Enter when the resident referred the complaint" }).waitFor();
    await fillDate(page, "referred_on", 0);
    await page.getByLabel("The Ombudsman's reference").fill("202612345");
    await check(page, "casework-14-ombudsman-referral");
    await page.getByRole("button", { name: "Record referral" }).click();
    await banner(page, "Referral to the Ombudsman recorded");
    await ombudsman.getByText("202612345").waitFor();
    await ombudsman.getByText("Not determined yet").waitFor();

    // An order with no maladministration found: the server refuses, and says why.
    await ombudsman.getByRole("link", { name: "Record the Ombudsman's determination" }).click();
    await heading(page, "Record the Ombudsman's determination");
    await page.getByLabel("No maladministration").check();
    await fillDate(page, "determined_on", 0);
    await page.getByRole("group", { name: "Are there orders or recommendations to add?" }).getByLabel("Yes").check();
    await page.getByRole("group", { name: "Is it an order or a recommendation?" }).getByLabel("Order", { exact: true }).check();
    await page.getByLabel("What the landlord must do").fill("Pay the resident £200 for the distress caused.");
    await fillDate(page, "orders-0-due_on", -28);
    await page.getByRole("button", { name: "Save" }).click();
    await summary(page).getByText(/an order follows a finding of service failure or maladministration/).waitFor();
    await check(page, "casework-15-determination-refused");
    await page.getByLabel("Maladministration", { exact: true }).check();
    await page.getByRole("button", { name: "Save" }).click();
    await banner(page, "The Ombudsman's determination recorded");
    await ombudsman.getByText(/^Maladministration, /).waitFor();
    await ombudsman.getByRole("cell", { name: /Pay the resident £200/ }).waitFor();
    await ombudsman.getByText("Not yet complied with").waitFor();

    // Compliance with the order.
    await ombudsman.getByRole("link", { name: "Record compliance order 1" }).click();
    await heading(page, "Compliance with the order");
    await page.getByLabel("Complied with", { exact: true }).check();
    await page.getByRole("button", { name: "Save" }).click();
    await summary(page).getByRole("link", { name: "Enter when the landlord complied" }).waitFor();
    await fillDate(page, "complied_on", 0);
    await page.getByLabel("How compliance was shown (optional)").fill("Paid by bank transfer; the remittance is on the rent account.");
    await check(page, "casework-16-order-compliance");
    await page.getByRole("button", { name: "Save" }).click();
    await banner(page, "Compliance recorded");
    await ombudsman.getByText("Complied with", { exact: true }).waitFor();
    await page.getByRole("heading", { name: "Referred to the Ombudsman (stage 2)" }).waitFor();
    await check(page, "casework-17-case-ombudsman");

    // A request from the Ombudsman for information, with the date it gave: nothing entered is
    // refused by the field; recorded, it is what is due on the complaint until answered.
    await ombudsman.getByRole("link", { name: "Record a request from the Ombudsman" }).click();
    await heading(page, "Record a request from the Ombudsman");
    await page.getByRole("button", { name: "Record the request" }).click();
    await summary(page).getByRole("link", { name: "Enter what the Ombudsman asked for" }).waitFor();
    await summary(page).getByRole("link", { name: "Enter the date the Ombudsman gave, for example 27 3 2026" }).waitFor();
    await page.getByLabel("What did the Ombudsman ask for?").fill("The repair records for the property and the call notes.");
    await fillDate(page, "due_on", -7);
    await check(page, "casework-17a-ombudsman-request");
    await page.getByRole("button", { name: "Record the request" }).click();
    await banner(page, "Request from the Ombudsman recorded");
    await ombudsman.getByRole("cell", { name: /The repair records for the property/ }).waitFor();
    await ombudsman.getByText("Waiting", { exact: true }).waitFor();
    await page.getByText("Answer the Ombudsman's request for information").first().waitFor();
    await check(page, "casework-17b-ombudsman-request-waiting");

    // The evidence bundle the Ombudsman asked for: one ZIP, the case as a PDF and its files.
    const bundle = section(page, "Evidence bundle");
    const [zip] = await Promise.all([page.waitForEvent("download"), bundle.getByRole("button", { name: "Download the evidence bundle" }).click()]);
    assert.equal(zip.suggestedFilename(), `${main.reference}-evidence-bundle.zip`);
    const zipped = readFileSync(await zip.path());
    assert.equal(zipped.subarray(0, 2).toString(), "PK");
    assert.ok(zipped.includes(`${main.reference}-evidence-bundle.pdf`));
    assert.ok(zipped.includes("attachments/01-damp-photo.png"));
    await check(page, "casework-17d-evidence-bundle");

    // Answered today, before its date.
    await ombudsman.getByRole("link", { name: "Record the answer request 1" }).click();
    await heading(page, "Record the answer to the Ombudsman");
    await page.getByLabel("What was sent?").fill("The repair records and call notes, through the Ombudsman's portal.");
    await page.getByLabel("The evidence bundle went with it").check();
    await check(page, "casework-17c-ombudsman-answer");
    await page.getByRole("button", { name: "Record the answer" }).click();
    await banner(page, "Answer to the Ombudsman recorded");
    await ombudsman.getByText("Answered", { exact: true }).waitFor();
    await ombudsman.getByText("The repair records and call notes, through the Ombudsman's portal.").waitFor();
    await ombudsman.getByText(/^With the evidence bundle made on /).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("an escalation is refused with a reason, and an answered complaint is closed", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    const { refuse, close } = data.complaints;
    await signIn(page, data.users.officer2);

    // Refusing the escalation (Code 5.11).
    await page.goto(caseUrl(refuse));
    await heading(page, `Complaint ${refuse.reference}`);
    await page.getByRole("button", { name: "Refuse escalation" }).click();
    await heading(page, "Refuse to escalate this complaint");
    await page.getByRole("button", { name: "Continue" }).click();
    await summary(page).getByRole("link", { name: "Select why the escalation is refused" }).waitFor();
    await summary(page).getByRole("link", { name: "Enter the explanation for the resident" }).waitFor();
    await check(page, "casework-18-refuse-escalation-errors");
    await page.getByLabel("Previously considered under the complaints process").check();
    await page.getByLabel("Explanation for the resident").fill("This is the same issue we answered at stage 2 in March; the Ombudsman can look at it now.");
    await page.getByRole("button", { name: "Continue" }).click();
    await confirmLetter(page, "Refuse escalation");
    await banner(page, "Escalation refused and the resident told why");
    await page.getByText("Closed").first().waitFor();
    await section(page, "Letters sent").getByText("Escalation refused").first().waitFor();
    // Now the Ombudsman may take it.
    await section(page, "The Ombudsman").getByRole("button", { name: "Record a referral to the Ombudsman" }).waitFor();
    await check(page, "casework-19-escalation-refused");

    // An issue raised after the stage 1 response is a new complaint, linked (Code 6.8).
    await page.goto(caseUrl(close));
    await heading(page, `Complaint ${close.reference}`);
    await page.getByRole("link", { name: "Record an additional complaint" }).click();
    await page.getByLabel("The further issue, in the resident's words").fill("The window frame is now rotting.");
    await page.getByRole("group", { name: "Is it related to this complaint?" }).getByLabel("Yes").check();
    // A new complaint sends the resident its own reference: the letter is seen first.
    await page.getByRole("button", { name: "Continue" }).click();
    await page.locator(".app-letter").getByText(/We received your complaint on/).waitFor();
    await check(page, "casework-20a-additional-letter");
    await confirmLetter(page, "Record additional complaint");
    await banner(page, "Logged as a new complaint");
    const logged = await page.locator(".govuk-notification-banner__heading").innerText();
    assert.match(logged, new RegExp(`^Logged as a new complaint, [A-Z0-9]+-\\d+, linked to complaint ${close.reference}$`));
    assert.doesNotMatch(logged, new RegExp(`new complaint, ${close.reference},`));
    await page.getByRole("link", { name: "The earlier complaint this one was raised from" }).waitFor();
    await page.getByText("Received").first().waitFor();
    await check(page, "casework-20-additional-new-complaint");
    await page.getByRole("link", { name: "The earlier complaint this one was raised from" }).click();
    await heading(page, `Complaint ${close.reference}`);

    // Closing after the stage 1 response.
    await page.getByRole("button", { name: "Close complaint" }).click();
    await heading(page, "Close this complaint");
    await page.getByText(/it can no longer be escalated to stage 2/).waitFor();
    await check(page, "casework-21-close");
    await page.getByRole("button", { name: "Close complaint" }).click();
    await banner(page, "Complaint closed");
    await page.getByText("Closed").first().waitFor();
    assert.equal(await page.getByRole("button", { name: "Escalate to stage 2" }).count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a case handler is offered nothing on a complaint that is not theirs to update", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    // The handler sees no case of which they are not the handler: the server answers 404.
    await signIn(page, data.users.handler);
    await page.goto(caseUrl(data.complaints.main, "remedy"));
    await page.getByRole("heading", { name: "Complaint not found" }).waitFor();
    await check(page, "casework-22-handler-not-found");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the platform admin sees each landlord's usage and onboards a landlord", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    await signIn(page, data.users.ops);
    await page.waitForURL(/\/platform\/landlords$/);
    await heading(page, "Landlords");
    const row = page.locator("tbody tr", { hasText: "Riverside Homes" });
    await row.waitFor();
    const cells = await row.locator("td").allInnerTexts();
    // Status, homes, users (the admin, two officers and a handler), complaints this year and in all.
    assert.deepEqual(cells.slice(0, 5), ["Active", "5,200", "4", "4", "4"]);
    // Counts only: nothing of any complaint.
    const text = await page.locator("main").innerText();
    assert.doesNotMatch(text, /mould|Priya|RIV-/);
    await check(page, "casework-23-platform-landlords");

    // Onboarding: empty, then a slug already taken (the server's 409), then properly.
    await page.getByRole("button", { name: "Onboard landlord" }).click();
    await summary(page).getByRole("link", { name: "Enter the landlord's name" }).waitFor();
    await summary(page).getByRole("link", { name: "Select the kind of landlord" }).waitFor();
    await check(page, "casework-24-onboard-errors");
    await page.getByLabel("Name", { exact: true }).fill("Riverside Homes");
    assert.equal(await page.getByLabel("Name in web addresses").inputValue(), "riverside-homes");
    await page.getByLabel("Name in web addresses").fill("riverside");
    await page.getByLabel("Local authority (council)").check();
    await page.getByLabel("Homes for rent (low-cost rental)").fill("8,000");
    await page.getByLabel("Email address of the landlord's first admin").fill("admin@northfield.test");
    await page.getByRole("button", { name: "Onboard landlord" }).click();
    // The server's refusal, as it wrote it.
    await summary(page).getByText(/slug `riverside` already exists/).waitFor();
    assert.equal(await summary(page).locator("li").count(), 1);
    await check(page, "casework-25-onboard-slug-taken");
    await page.getByLabel("Name", { exact: true }).fill("Northfield Council");
    await page.getByLabel("Name in web addresses").fill("northfield-council");
    await page.getByRole("button", { name: "Onboard landlord" }).click();
    await banner(page, "Northfield Council has been onboarded");
    const link = await page.locator(".govuk-notification-banner code").innerText();
    assert.match(link, new RegExp(`^${server.base}/invitations/[A-Za-z0-9_-]+$`));
    await page.locator(".govuk-notification-banner").getByText("admin@northfield.test").waitFor();
    const added = page.locator("tbody tr", { hasText: "Northfield Council" });
    await added.getByText("Nothing recorded yet").waitFor();
    assert.equal((await added.locator("td").allInnerTexts())[2], "0");
    await check(page, "casework-26-onboarded");

    // The invitation's link works: the new landlord's admin sets up their account.
    const invited = await newPage(browser, server.base);
    await invited.page.goto(link.replace(server.base, ""));
    await invited.page.locator("h1").first().waitFor();
    await check(invited.page, "casework-27-invitation");
    await invited.context.close();
    assert.deepEqual(problems, []);
    assert.deepEqual(invited.problems, []);
    await context.close();
  });

  // Last: its complaint, received days ago, is one more for Riverside's counts on the
  // platform admin's page above.
  test("an acknowledgement recorded with an earlier date whose letter already went is shown as sent by other means", async () => {
    const late = await receivedEarlier(server.base, data.users.officer, 5);
    const { context, page, problems } = await newPage(browser, server.base);
    await signIn(page, data.users.officer);
    await page.goto(caseUrl(late));
    await heading(page, `Complaint ${late.reference}`);
    await page.getByRole("button", { name: "Acknowledge and define" }).click();
    await heading(page, "Acknowledge and define stage 1");
    await page.getByLabel("Complaint definition").fill("1. The ceiling leaks from the flat above. 2. Nobody has inspected it.");
    await page.getByLabel("Outcomes the resident seeks").fill("The leak found and fixed.");
    await page.getByLabel("What the landlord is responsible for").fill("Repairs to the ceiling and the pipes above it.");

    // Today (the date left blank) asks nothing about the letter; a date before today does.
    const question = page.getByRole("group", { name: "Has the letter for this already gone to the resident?" });
    assert.equal(await question.count(), 0);
    await fillDate(page, "on", 3);
    await question.waitFor();
    await question.getByText("You gave a date before today.").waitFor();

    // Unanswered: the error is in the summary, linked to the question, and by it.
    await page.getByRole("button", { name: "Continue" }).click();
    const unanswered = summary(page).getByRole("link", { name: "Select whether the letter has already gone to the resident" });
    await unanswered.waitFor();
    assert.equal(await summary(page).locator("li").count(), 1);
    assert.equal(await unanswered.getAttribute("href"), "#letter_already_sent");
    await page.locator("#letter_already_sent-error").getByText("Select whether the letter has already gone to the resident").waitFor();
    assert.match(await page.title(), /^Error: /);
    await unanswered.click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), "letter_already_sent");
    await check(page, "casework-28-letter-already-sent-unanswered");

    await question.getByLabel(/^Yes, it went on that date by other means/).check();
    await page.getByRole("button", { name: "Continue" }).click();
    await confirmLetter(page, "Acknowledge complaint");
    await banner(page, "Complaint acknowledged");
    await heading(page, `Complaint ${late.reference}`);

    // The acknowledgement is recorded as sent on that date, by other means: nothing was emailed.
    const letter = section(page, "Letters sent").locator("tbody tr", { hasText: "Acknowledgement (stage 1)" });
    await letter.waitFor();
    const delivery = letter.locator("td[data-label='Delivery']");
    await delivery.getByText(`Sent by other means on ${longDate(3)}`).waitFor();
    assert.doesNotMatch(await delivery.innerText(), /Email|Post|To post/);
    await letter.locator("td[data-label='Sent']").getByText(/^Recorded /).waitFor();
    await check(page, "casework-29-letter-sent-by-other-means");
    assert.deepEqual(problems, []);
    await context.close();
  });
});
