// The web portal in a real browser against a real `redress serve` on a fresh database.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { axeRuns, check, confirmLetter, launch, newPage, signIn } from "./browser.mjs";
import { PASSWORD, daysAgo, seed, startServer } from "./harness.mjs";

let server;
let browser;
let data;

before(async () => {
  server = await startServer();
  data = await seed(server.base);
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

/** Waits for the success banner that follows an action. */
async function banner(page, text) {
  await page.locator(".govuk-notification-banner__heading", { hasText: text }).waitFor();
}

/** Date parts of today minus `n` days, for the GOV.UK date input. */
function parts(n) {
  const [y, m, d] = daysAgo(n).split("-");
  return { day: String(Number(d)), month: String(Number(m)), year: y };
}

describe("the web portal", () => {
  test("signing in with the keyboard alone", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    await page.goto("/");
    await page.waitForURL(/\/sign-in/);
    await check(page, "01-sign-in");
    // The skip link comes first.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to main content");
    for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.id)) !== "email"; i++) {
      await page.keyboard.press("Tab");
    }
    assert.equal(await page.evaluate(() => document.activeElement?.id), "email");
    // Submitting empty shows an error summary that takes focus and links to the fields.
    await page.keyboard.press("Enter");
    await page.getByText("There is a problem").waitFor();
    assert.equal(await page.title(), "Error: Sign in – Redress");
    await check(page, "02-sign-in-errors");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "email");
    await page.keyboard.type(data.users.handler);
    await page.keyboard.press("Tab");
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/l\/riverside\/complaints$/);
    await page.getByRole("heading", { name: "Complaints", level: 1 }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a wrong password is refused with a message by the field", async () => {
    const { context, page } = await newPage(browser, server.base);
    await page.goto("/sign-in");
    await page.getByLabel("Email address").fill(data.users.officer);
    await page.getByLabel("Password").fill("not the password at all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator(".govuk-error-message").getByText("Enter a correct email address and password").waitFor();
    await context.close();
  });

  test("a complaints officer acknowledges, allocates, extends and responds", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    const { fresh, overdue, forFixit } = data.complaints;
    await signIn(page, data.users.officer);

    // Two landlords: choose one.
    await page.getByRole("heading", { name: "Choose a landlord" }).waitFor();
    await check(page, "03-choose-landlord");
    await page.getByRole("link", { name: "Riverside Homes" }).click();

    // The worklist puts the overdue complaint first, in plain words.
    await page.getByRole("heading", { name: "Complaints", level: 1 }).waitFor();
    await page.locator("tbody tr").first().waitFor();
    const firstRow = page.locator("tbody tr").first();
    assert.equal(await firstRow.locator("th a").innerText(), overdue.reference);
    assert.match(await firstRow.innerText(), /\d+ working days? overdue/);
    assert.match(await page.locator("tbody").innerText(), /Due in \d+ working days?/);
    await check(page, "04-worklist");
    // Each row says what is due and who holds it.
    assert.match(await firstRow.innerText(), /Acknowledge the complaint/);
    assert.match(await firstRow.innerText(), /Unallocated/);

    // The saved views, each with its count: overdue lists the overdue case alone, and stays
    // chosen after a reload.
    const views = page.getByRole("navigation", { name: "Worklist views" });
    await views.getByRole("link", { name: /^Overdue/ }).click();
    await page.waitForURL(/view=overdue/);
    await page.getByRole("heading", { name: "Overdue", level: 2 }).waitFor();
    await page.getByText("1 complaint. What is due soonest comes first.").waitFor();
    // The count's line and the rows render from the same answer, but not in the same paint.
    await page.locator("tbody tr").first().waitFor();
    assert.equal(await page.locator("tbody tr").count(), 1);
    assert.equal(await page.locator("tbody tr th a").innerText(), overdue.reference);
    assert.equal(await views.getByRole("link", { name: /^Overdue/ }).getAttribute("aria-current"), "page");
    await check(page, "04a-worklist-overdue");
    await page.reload();
    await page.getByRole("heading", { name: "Overdue", level: 2 }).waitFor();
    await page.locator("tbody tr").first().waitFor();
    assert.equal(await page.locator("tbody tr").count(), 1);
    await views.getByRole("link", { name: /^Mine/ }).click();
    await page.getByText("No open complaint is allocated to you.").waitFor();
    await check(page, "04b-worklist-mine-empty");

    // The most urgent case is one click from the list, and its page opens with what happens
    // next, on the first screen.
    await views.getByRole("link", { name: /^All open/ }).click();
    await page.waitForURL(/\/l\/riverside\/complaints$/);
    await page.locator("tbody tr").first().waitFor();
    await page.locator("tbody tr").first().locator("th a").click();
    await page.getByRole("heading", { name: "What happens next" }).waitFor();
    const nextStep = page.locator(".app-next-step");
    const said = await nextStep.innerText();
    assert.match(said, /Acknowledge the complaint/);
    assert.match(said, /\d+ working days? overdue/);
    assert.match(said, /5 working days after/);
    assert.match(said, /Nobody yet/);
    await check(page, "04c-case-what-happens-next");
    const box = await nextStep.boundingBox();
    assert.ok(box && box.y + box.height <= 900, `what happens next fits the first screen at 1280×900 (ends at ${box?.y + box?.height})`);
    // On to the next case in the same view: the one due soonest after it.
    await page.getByRole("link", { name: "Next case in all open" }).click();
    await page.getByRole("heading", { name: `Complaint ${forFixit.reference}` }).waitFor();
    await page.getByRole("link", { name: "Back to complaints" }).click();
    await page.locator("tbody tr").first().waitFor();

    // Find the fresh complaint by its reference: the filter shows as a tag that removes it.
    await page.getByLabel("Reference or words in the complaint").fill(fresh.reference);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(new RegExp(`q=${fresh.reference}`));
    await page.locator("tbody tr").first().waitFor();
    assert.equal(await page.locator("tbody tr").count(), 1);
    await page.getByText(/^1 complaint matches these filters\./).waitFor();
    await page.getByRole("link", { name: `Remove this filter: Words: ${fresh.reference}` }).waitFor();
    await check(page, "04d-worklist-filtered");
    await page.getByRole("link", { name: fresh.reference, exact: true }).click();

    // The case page: needs first, the deadlines and how they were computed.
    await page.getByRole("heading", { name: new RegExp(`Complaint ${fresh.reference}`) }).waitFor();
    await page.getByText("Letters in large print (18pt)").waitFor();
    const needs = await page.locator("#needs").boundingBox();
    const stage1 = await page.locator("#stage-1").boundingBox();
    assert.ok(needs && stage1 && needs.y < stage1.y, "the resident's needs come before the stage records");
    await page.getByText(/5 working days after/).first().waitFor();
    await check(page, "05-case-received");

    // Acknowledge and define: empty first, then a date in the future, then properly.
    await page.getByRole("button", { name: "Acknowledge and define" }).click();
    await page.getByRole("heading", { name: "Acknowledge and define stage 1" }).waitFor();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByText("Enter the complaint definition").first().waitFor();
    await check(page, "06-acknowledge-errors");
    await page.getByLabel("Complaint definition").fill("1. The communal door lock is broken. 2. Repairs did not respond.");
    // The outcomes the resident gave at intake are filled in, to be checked.
    assert.equal(await page.getByLabel("Outcomes the resident seeks").inputValue(), "The repair done and an apology");
    await page.getByLabel("Outcomes the resident seeks").fill("The door fixed this week.");
    await page.getByLabel("What the landlord is responsible for").fill("The communal door and its lock.");
    const tomorrow = parts(-1);
    await page.getByLabel("Day").fill(tomorrow.day);
    await page.getByLabel("Month").fill(tomorrow.month);
    await page.getByLabel("Year").fill(tomorrow.year);
    await page.getByRole("button", { name: "Continue" }).click();
    // The server's 422 on `on` is shown by the date field and linked from the summary.
    const summaryLink = page.locator(".govuk-error-summary a", { hasText: "must not be in the future" });
    await summaryLink.waitFor();
    assert.equal(await summaryLink.getAttribute("href"), "#on");
    await page.locator("#on-error").getByText("must not be in the future").waitFor();
    await page.getByLabel("Day").fill("");
    await page.getByLabel("Month").fill("");
    await page.getByLabel("Year").fill("");
    await page.getByRole("button", { name: "Continue" }).click();
    // The letter is seen before it goes, as the resident will read it; nothing is recorded yet.
    await page.getByRole("heading", { name: "Check the letter before it is sent" }).waitFor();
    const seenLetter = await page.locator(".app-letter").innerText();
    assert.match(seenLetter, /Dear Sam Jones,/);
    assert.match(seenLetter, /1\. The communal door lock is broken\. 2\. Repairs did not respond\./);
    assert.match(await page.locator(".govuk-summary-list").innerText(), /By email to sam@example\.test/);
    await check(page, "06b-check-the-letter");
    // Changing goes back to the form as it was filled in.
    await page.getByRole("button", { name: "Change what you entered" }).click();
    assert.equal(await page.getByLabel("Outcomes the resident seeks").inputValue(), "The door fixed this week.");
    await page.getByRole("button", { name: "Continue" }).click();
    await confirmLetter(page, "Acknowledge complaint");
    await banner(page, "Complaint acknowledged");
    await page.getByText("Stage 1 open").first().waitFor();

    // Allocate to the case handler.
    await page.getByRole("button", { name: "Allocate" }).click();
    await page.getByLabel("Allocate to").selectOption({ label: "Hana Handler – Case handler" });
    await check(page, "07-allocate");
    await page.getByRole("button", { name: "Allocate" }).click();
    await banner(page, "Complaint allocated");
    // Who holds it now shows in the summary the case page opens with.
    await page.locator(".app-next-step").getByText("Hana Handler (handler@riverside.test)").waitFor();
    assert.match(await page.locator(".app-next-step").innerText(), /Send the stage 1 response/);

    // Extend beyond the limit without a good reason: the server refuses, and says why.
    await page.getByRole("button", { name: "Extend the response deadline" }).click();
    await page.getByLabel("Working days to add").fill("15");
    // The new deadline and the limit, in words, as the number is typed.
    await page.locator("#new-deadline").getByText(/The new response deadline would be/).waitFor();
    assert.match(await page.locator("#new-deadline").innerText(), /That makes 15 working days in all, more than the 10 stage 1 may be extended by/);
    await page.getByLabel("Reason the resident is told").fill("We are waiting for a specialist locksmith.");
    await page.getByRole("button", { name: "Continue" }).click();
    const refusal = page.locator(".govuk-error-summary");
    await refusal.getByText(/may be extended by at most 10 working days in all, and this would make 15/).waitFor();
    // The refusal is a sentence tied to its field, not a wire name.
    await page.locator("#working_days-error").getByText(/Add fewer days, or say there is a good reason/).waitFor();
    assert.doesNotMatch(await refusal.innerText(), /good_reason/);
    assert.match(await refusal.innerText(), /Code 6\.4/);
    await check(page, "08-extend-refused");
    await page.getByLabel("Working days to add").fill("5");
    await page.getByRole("button", { name: "Continue" }).click();
    await confirmLetter(page, "Extend deadline");
    await banner(page, "Response deadline extended");
    await page.locator(".app-next-step").getByText(/including an extension of 5 working days/).waitFor();

    // Respond with every element of Code 6.9.
    await page.getByRole("button", { name: "Respond" }).click();
    await page.getByRole("heading", { name: "Respond at stage 1" }).waitFor();
    await page.getByText("1. The communal door lock is broken.").waitFor();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByText("Select the decision").first().waitFor();
    await page.getByText("Select whether you are offering any remedies").first().waitFor();
    await check(page, "09-respond-errors");
    await page.getByLabel("Partly upheld").check();
    await page.getByLabel("d. The reasons for the decision").fill(
      "1. The lock was broken and we were slow to repair it. 2. Repairs did not answer two calls.",
    );
    await page.getByRole("group", { name: "e. Are you offering any remedies?" }).getByLabel("Yes").check();
    await page.getByLabel("Kind of remedy").selectOption("financial");
    await page.getByLabel("What is offered").fill("A payment for the time without a secure door.");
    await page.getByLabel("Amount, in pounds").fill("50");
    await page.getByRole("button", { name: "Add another remedy" }).click();
    await page.locator("#remedies-1-kind").selectOption("apology");
    await page.locator("#remedies-1-description").fill("An apology for the delay.");
    await page.getByRole("group", { name: "f. Are there actions still to be done?" }).getByLabel("Yes").check();
    await page.getByLabel("What will be done").fill("Replace the door entry system.");
    await page.getByLabel("Who will do it").fill("Repairs manager");
    const due = parts(-30);
    await page.locator("#outstanding_actions-0-due_on").fill(due.day);
    await page.locator("#outstanding_actions-0-due_on-month").fill(due.month);
    await page.locator("#outstanding_actions-0-due_on-year").fill(due.year);
    await check(page, "10-respond-filled");
    await page.getByRole("button", { name: "Continue" }).click();
    await confirmLetter(page, "Send response");
    await banner(page, "Response recorded and the letter sent");
    await page.getByText("Stage 1 responded").first().waitFor();

    // The letter is on the record, with the remedies and the action.
    const letters = page.locator("section", { has: page.getByRole("heading", { name: "Letters sent" }) });
    await letters.getByText("Stage 1 response").waitFor();
    await letters.getByText("Acknowledgement (stage 1)").waitFor();
    await letters.getByText("Extension notice").waitFor();
    await page.getByRole("cell", { name: /Financial remedy \(£50\.00\)/ }).waitFor();
    await page.getByRole("cell", { name: "Replace the door entry system." }).waitFor();
    await page.getByRole("heading", { name: "Response sent (stage 1)" }).waitFor();
    await check(page, "11-case-responded");

    // The resident asks for stage 2: no reason is needed.
    await page.getByRole("button", { name: "Escalate to stage 2" }).focus();
    await page.keyboard.press(" ");
    await page.getByRole("heading", { name: "Escalate to stage 2", level: 1 }).waitFor();
    await check(page, "12-escalate");
    await page.getByRole("button", { name: "Escalate to stage 2" }).click();
    await banner(page, "Escalated to stage 2");
    await page.getByText("Stage 2 requested").first().waitFor();
    await page.getByRole("heading", { name: "Stage 2", level: 2 }).waitFor();
    await page.getByRole("button", { name: "Acknowledge and define" }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a contractor sees only its own organisation's complaint", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    const { forFixit, forOther } = data.complaints;
    await signIn(page, data.users.contractor);
    await page.waitForURL(/\/l\/riverside\/complaints$/);
    await page.locator("tbody tr").first().waitFor();
    const list = await page.locator("tbody").innerText();
    assert.match(list, new RegExp(forFixit.reference));
    assert.doesNotMatch(list, new RegExp(forOther.reference));
    assert.equal(await page.locator("tbody tr").count(), 1);
    await check(page, "13-contractor-worklist");
    await page.getByRole("link", { name: forFixit.reference }).click();
    await page.getByRole("heading", { name: new RegExp(`Complaint ${forFixit.reference}`) }).waitFor();
    // Not acknowledged yet, so the contractor may acknowledge it; allocation is the landlord's.
    await page.getByRole("button", { name: "Acknowledge and define" }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Allocate" }).count(), 0);
    await check(page, "14-contractor-case");
    // Another organisation's complaint is not found, even by its address.
    await page.goto(`/l/riverside/complaints/${forOther.id}`);
    await page.getByRole("heading", { name: "Complaint not found" }).waitFor();
    await check(page, "15-contractor-not-found");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a complaint made too late is not accepted, with the discretion recorded", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    await signIn(page, data.users.officer2);
    await page.goto(`/l/riverside/complaints/${data.complaints.overdue.id}/not-accept`);
    await page.getByRole("heading", { name: "Do not accept this complaint" }).waitFor();
    await page.getByLabel("Outside the time limit (more than 12 months)").check();
    // The question about discretion appears only for this reason (Code 2.3).
    const discretion = page.getByRole("group", { name: /discretion to accept a late complaint/ });
    await discretion.waitFor();
    await discretion.getByLabel("Yes").check();
    await page.getByLabel("Explanation for the resident").fill("The boiler was replaced in 2023 and the issue was first raised now.");
    await check(page, "16-not-accept");
    await page.getByRole("button", { name: "Continue" }).click();
    await confirmLetter(page, "Do not accept complaint");
    await banner(page, "Complaint not accepted");
    await page.getByText("Not accepted").first().waitFor();
    const letters = page.locator("section", { has: page.getByRole("heading", { name: "Letters sent" }) });
    await letters.getByText("Complaint not accepted").waitFor();
    assert.equal(await page.getByRole("heading", { name: "What you can do" }).count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a user changes which emails they get", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    await signIn(page, data.users.handler);
    await page.getByRole("link", { name: "Emails you get" }).click();
    await page.getByRole("heading", { name: "Emails you get" }).waitFor();
    await check(page, "17-subscriptions");
    const weekly = page.getByLabel("Weekly digest of open and overdue complaints");
    const reminders = page.getByLabel("Deadline reminders");
    const weeklyBefore = await weekly.isChecked();
    const remindersBefore = await reminders.isChecked();
    await weekly.setChecked(!weeklyBefore);
    await reminders.setChecked(!remindersBefore);
    await page.getByRole("button", { name: "Save choices" }).click();
    await page.getByText("Your email choices have been saved").waitFor();
    await check(page, "18-subscriptions-saved");
    await page.reload();
    await page.getByRole("heading", { name: "Emails you get" }).waitFor();
    assert.equal(await page.getByLabel("Weekly digest of open and overdue complaints").isChecked(), !weeklyBefore);
    assert.equal(await page.getByLabel("Deadline reminders").isChecked(), !remindersBefore);

    // An access token the server no longer accepts is refreshed once, and the user stays in.
    await page.evaluate(() => {
      const pair = JSON.parse(sessionStorage.getItem("redress.session") ?? "{}");
      sessionStorage.setItem("redress.session", JSON.stringify({ ...pair, access_token: "expired.token.value" }));
    });
    await page.reload();
    await page.getByRole("heading", { name: "Emails you get" }).waitFor();
    const after = await page.evaluate(() => JSON.parse(sessionStorage.getItem("redress.session") ?? "{}"));
    assert.notEqual(after.access_token, "expired.token.value");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("signing out ends the session", async () => {
    const { context, page } = await newPage(browser, server.base);
    await signIn(page, data.users.officer2);
    // Sign out from a settled page: a click while the sign-in still routes can be undone by it.
    await page.waitForURL(/\/l\/riverside\/complaints$/);
    await page.locator("tbody tr").first().waitFor();
    await page.getByRole("link", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "You have signed out" }).waitFor();
    await check(page, "19-signed-out");
    await page.goto("/l/riverside/complaints");
    await page.waitForURL(/\/sign-in\?next=/);
    await context.close();
  });

  test("on a phone the navigation folds behind a menu button and the work comes first", async () => {
    const { context, page, problems } = await newPage(browser, server.base, { width: 390, height: 844 });
    await signIn(page, data.users.officer2);
    await page.waitForURL(/\/l\/riverside\/complaints$/);
    await page.locator("tbody tr").first().waitFor();
    const menu = page.getByRole("navigation", { name: "Menu" });
    const toggle = menu.getByRole("button", { name: "Menu" });
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    assert.equal(await menu.getByRole("link").count(), 0, "the groups are folded away");
    // The page's heading starts within the first 320 px of a 844 px screen.
    const top = await page.locator("h1").first().evaluate((h) => h.getBoundingClientRect().top);
    assert.ok(top < 320, `the heading starts ${top} px down`);
    await check(page, "04e-worklist-390px");
    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-expanded"), "true");
    assert.deepEqual(await menu.getByRole("link").allInnerTexts(), ["Cases", "People", "Reports"]);
    await check(page, "04f-menu-open-390px");
    await menu.getByRole("link", { name: "People" }).click();
    await page.getByRole("heading", { name: "Residents" }).waitFor();
    assert.equal(await toggle.getAttribute("aria-expanded"), "false", "the menu folds again on the new page");
    await page.getByRole("navigation", { name: "People" }).getByRole("link", { name: "Reviews due" }).waitFor();
    // The case page on a phone opens with what happens next.
    await page.goto(`/l/riverside/complaints/${data.complaints.fresh.id}`);
    const next = page.locator(".app-next-step");
    await next.waitFor();
    const nextTop = await next.evaluate((e) => e.getBoundingClientRect().top);
    assert.ok(nextTop < 600, `what happens next starts ${nextTop} px down`);
    await check(page, "04h-case-390px");
    assert.deepEqual(problems, []);
    await context.close();

    // At 1280 px the groups, the current group's pages and the person's own links sit above
    // the content, and the worklist's first row is on the first screen.
    const wide = await newPage(browser, server.base);
    await signIn(wide.page, data.users.officer2);
    await wide.page.locator("tbody tr").first().waitFor();
    assert.equal(await wide.page.getByRole("navigation", { name: "Menu" }).getByRole("button", { name: "Menu" }).isVisible(), false);
    await wide.page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Sign out" }).waitFor();
    const row = await wide.page.locator("tbody tr").first().evaluate((r) => r.getBoundingClientRect().bottom);
    assert.ok(row < 900, `the first row ends ${row} px down`);
    await check(wide.page, "04g-navigation-1280px");
    assert.deepEqual(wide.problems, []);
    await wide.context.close();
  });

  test("pages work at 320 pixels wide and at 200% zoom", async () => {
    for (const [name, viewport] of [
      ["320px", { width: 320, height: 640 }],
      ["zoom-200", { width: 640, height: 450 }],
    ]) {
      const { context, page, problems } = await newPage(browser, server.base, viewport);
      await signIn(page, data.users.officer2);
      await page.waitForURL(/\/l\/riverside\/complaints$/);
      await page.locator("tbody tr").first().waitFor();
      const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
      assert.ok(await fits(), `the worklist scrolls sideways at ${name}`);
      await check(page, `20-worklist-${name}`);
      await page.goto(`/l/riverside/complaints/${data.complaints.fresh.id}`);
      await page.getByRole("heading", { name: /Complaint RIV-/ }).waitFor();
      await page.getByRole("heading", { name: "Timeline" }).waitFor();
      assert.ok(await fits(), `the case page scrolls sideways at ${name}`);
      await check(page, `21-case-${name}`);
      await page.goto(`/l/riverside/complaints/${data.complaints.forOther.id}/respond`);
      await page.getByRole("heading", { name: "Respond at stage 1" }).waitFor();
      assert.ok(await fits(), `the response form scrolls sideways at ${name}`);
      assert.deepEqual(problems, []);
      await context.close();
    }
  });
});
