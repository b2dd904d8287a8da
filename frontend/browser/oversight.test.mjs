// The oversight, learning and public pages in a real browser against a real `redress serve`
// on a fresh database, seeded through the API with figures that can be counted by hand.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { axeRuns, check, drawnPixels, launch, newPage, openPage, signIn } from "./browser.mjs";
import { apiClient, daysAgo, seedOversight, startServer } from "./harness.mjs";

let server;
let browser;
let data;

before(async () => {
  server = await startServer();
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

async function banner(page, text) {
  await page.locator(".govuk-notification-banner__heading", { hasText: text }).waitFor();
}

/** The figure on the dashboard card with this label. */
function card(page, label) {
  return page.locator(".app-card", { has: page.locator("dt", { hasText: label }) });
}

function fyLabel(year) {
  return `${year} to ${year + 1}`;
}

describe("oversight, learning and the public page", () => {
  test("an MRC reads the dashboard for last financial year and follows a figure to its complaints", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    const { year, complaints } = data;
    await signIn(page, data.users.mrc);
    // The MRC starts on the dashboard: this financial year to date.
    await page.waitForURL(/\/l\/riverside\/dashboard$/);
    await page.getByRole("heading", { name: "Complaint handling dashboard", level: 1 }).waitFor();
    await card(page, "Open today").waitFor();
    // What to challenge opens the page, on the first screen at 1280×900.
    const questions = page.locator("section", { has: page.getByRole("heading", { name: "Areas to question" }) });
    await questions.waitFor();
    const qbox = await questions.boundingBox();
    assert.ok(qbox && qbox.y < 900, `the areas to question start on the first screen (at ${qbox?.y})`);
    await check(page, "30-dashboard-this-year");

    // Last financial year, chosen with the keyboard.
    await page.getByLabel(/^Last financial year/).focus();
    await page.keyboard.press("Space");
    await page.getByRole("button", { name: "Show figures" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`from=${year}-04-01&to=${year + 1}-03-31`));
    await page.getByText(`Figures for 1 April ${year} to 31 March ${year + 1}.`).waitFor();
    assert.ok(await page.getByLabel(/^Last financial year/).isChecked());

    // The headline figures, as counted by hand.
    const received = card(page, "Stage 1 complaints received");
    assert.equal(await received.locator(".app-card__value").innerText(), "4");
    assert.match(await received.innerText(), /0\.77 per 1,000 homes/);
    assert.equal(await card(page, "Stage 2 complaints received").locator(".app-card__value").innerText(), "1");
    assert.equal(await card(page, "Stage 1 acknowledged in time").locator(".app-card__value").innerText(), "75.0%");
    assert.equal(await card(page, "Stage 1 responded to in time").locator(".app-card__value").innerText(), "75.0%");
    assert.equal(await card(page, "Escalation rate").locator(".app-card__value").innerText(), "25.0%");
    await page.getByRole("row", { name: "Previously considered under the complaints process 1" }).waitFor();
    await page.getByRole("row", { name: "Financial remedies offered £50.00" }).waitFor();
    // The award by the Ombudsman's bands of redress, and by failing.
    await page.getByRole("row", { name: /^£1\.00 to £100\.00 Minor failure.* 1 £50\.00$/ }).waitFor();
    await page.getByRole("row", { name: "Not split by failing 1 £50.00" }).waitFor();

    // The monthly chart is drawn, under the CSP, and its figures are also a table.
    const chart = page.locator("#chart-received canvas");
    await chart.waitFor();
    assert.match(await chart.getAttribute("aria-label"), /^Bar chart: complaints received each month/);
    for (let i = 0; i < 20 && (await drawnPixels(chart)) < 500; i++) await page.waitForTimeout(100);
    assert.ok((await drawnPixels(chart)) >= 500, "the chart of complaints received is drawn");
    assert.ok((await drawnPixels(page.locator("#chart-in-time canvas"))) >= 500, "the chart of responses in time is drawn");
    const table = page.locator("#chart-received table");
    assert.equal(await table.isVisible(), false);
    await page.locator("#chart-received summary").click();
    await table.getByRole("row", { name: `May ${year} 1 0` }).waitFor();
    await table.getByRole("row", { name: `January ${year + 1} 1 0` }).waitFor();
    assert.equal(await table.locator("tbody tr").count(), 12);
    await page.locator("#chart-in-time summary").click();
    await page.locator("#chart-in-time table").getByRole("row", { name: new RegExp(`^July ${year} 0\\.0% \\(0 of 1\\)`) }).waitFor();
    await check(page, "31-dashboard-last-year");

    // Other dates: checked before asking the server, then May alone.
    await page.getByLabel("Other dates").check();
    await page.getByRole("button", { name: "Show figures" }).click();
    await page.locator(".govuk-error-summary").getByText("Enter the first day of the period as a real date").waitFor();
    assert.match(await page.title(), /^Error: Dashboard/);
    await check(page, "31a-dashboard-period-errors");
    await page.locator(".govuk-error-summary a").first().click();
    assert.equal(await page.evaluate(() => document.activeElement?.id), "from");
    const dates = page.getByRole("group", { name: "First day" });
    await dates.getByLabel("Day").fill("1");
    await dates.getByLabel("Month").fill("5");
    await dates.getByLabel("Year").fill(String(year));
    const last = page.getByRole("group", { name: "Last day" });
    await last.getByLabel("Day").fill("31");
    await last.getByLabel("Month").fill("5");
    await last.getByLabel("Year").fill(String(year));
    await page.getByRole("button", { name: "Show figures" }).click();
    await page.getByText(`Figures for 1 May ${year} to 31 May ${year}.`).waitFor();
    assert.equal(await card(page, "Stage 1 complaints received").locator(".app-card__value").innerText(), "1");
    assert.ok(await page.getByLabel("Other dates").isChecked());
    await page.goBack();
    await page.getByText(`Figures for 1 April ${year} to 31 March ${year + 1}.`).waitFor();

    // Drill down, with the keyboard, to the complaints behind a figure.
    await page.getByRole("link", { name: "View the 4 complaints received at stage 1" }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Stage 1 complaints received", level: 1 }).waitFor();
    await page.getByText(`1 April ${year} to 31 March ${year + 1}`).waitFor();
    await page.locator("tbody tr").first().waitFor();
    assert.equal(await page.locator("tbody tr").count(), 4);
    const listed = await page.locator("tbody").innerText();
    for (const c of [complaints.a, complaints.b, complaints.c, complaints.e]) assert.match(listed, new RegExp(c.reference));
    assert.doesNotMatch(listed, new RegExp(complaints.d.reference));
    await check(page, "32-dashboard-drill-down");
    await page.getByRole("link", { name: complaints.a.reference }).click();
    await page.getByRole("heading", { name: `Complaint ${complaints.a.reference}` }).waitFor();
    await check(page, "33-drill-down-case");

    // Back on the dashboard, the late responses are one more drill-down.
    await page.goBack();
    await page.getByRole("link", { name: "Back to the dashboard" }).click();
    await page.getByRole("link", { name: "View the 1 sent late at stage 1" }).click();
    await page.getByRole("heading", { name: "Stage 1 responses sent late" }).waitFor();
    await page.locator("tbody tr").first().waitFor();
    assert.equal(await page.locator("tbody tr").count(), 1);
    assert.match(await page.locator("tbody").innerText(), new RegExp(complaints.c.reference));
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the governing body sees the figures without drill-down links", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    const { year } = data;
    await signIn(page, data.users.board);
    await page.waitForURL(/\/l\/riverside\/dashboard$/);
    await page.goto(`/l/riverside/dashboard?from=${year}-04-01&to=${year + 1}-03-31`);
    await card(page, "Stage 1 complaints received").waitFor();
    assert.equal(await card(page, "Stage 1 complaints received").locator(".app-card__value").innerText(), "4");
    await page.getByText("These are figures only").waitFor();
    assert.equal(await page.locator('a[href*="/dashboard/cases"]').count(), 0);
    assert.equal(await page.getByRole("link", { name: /^View the/ }).count(), 0);
    assert.equal(await page.getByRole("link", { name: "Complaints", exact: true }).count(), 0);
    await check(page, "34-dashboard-governing-body");
    // The list behind a figure, asked for by its address, is refused by the server.
    await page.goto(`/l/riverside/dashboard/cases?figure=stage1_received&from=${year}-04-01&to=${year + 1}-03-31`);
    await page.getByRole("heading", { name: "You do not have access" }).waitFor();
    await check(page, "35-drill-down-refused");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a complaints officer records learning and publishes an anonymised summary", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    const { a } = data.complaints;
    await signIn(page, data.users.officer);
    await openPage(page, "Reports", "Learning");
    await page.getByRole("heading", { name: "Learning from complaints", level: 1 }).waitFor();
    await page.locator(".govuk-summary-card").first().waitFor();
    assert.equal(await page.locator(".govuk-summary-card").count(), 2);
    await check(page, "36-learning-log");

    // Only published entries, by the filter.
    await page.getByLabel("Published", { exact: true }).selectOption("true");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/published=true/);
    await page.getByRole("link", { name: "Clear filters" }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll(".govuk-summary-card").length === 1);

    await page.getByRole("button", { name: "Record learning" }).click();
    await page.getByRole("heading", { name: "Record learning from complaints" }).waitFor();
    await page.getByRole("button", { name: "Record learning" }).click();
    await page.locator(".govuk-error-summary").getByText("Enter the reference of at least one complaint it was learnt from").waitFor();
    assert.match(await page.title(), /^Error: /);
    await check(page, "37-learning-form-errors");

    // From the complaint's own page, the form starts with its reference.
    await page.goto(`/l/riverside/complaints/${a.id}`);
    await page.getByRole("link", { name: "Record learning from this complaint" }).waitFor();
    await check(page, "37a-case-record-learning");
    await page.getByRole("link", { name: "Record learning from this complaint" }).click();
    await page.getByRole("heading", { name: "Record learning from complaints" }).waitFor();
    const refs = page.getByLabel("Complaints it was learnt from");
    await page.waitForFunction(() => document.querySelector("#complaint_refs")?.value !== "");
    assert.equal(await refs.inputValue(), a.reference);

    // A reference that no complaint has is named by the box.
    await refs.fill(`${a.reference.toLowerCase()}, RIV-999999`);
    await page.getByLabel("Service area").fill("repairs");
    await page.getByLabel("What went wrong").fill("Boiler repairs waited for parts without anyone telling the resident.");
    await page.getByLabel("Lesson", { exact: true }).fill("Residents must be told when a repair waits for parts.");
    await page.getByLabel("Improvement").fill("The repairs team now texts residents when a part is ordered, with the expected date.");
    await page.getByLabel("Implemented", { exact: true }).check();
    const [y, m, d] = daysAgo(1).split("-");
    await page.getByLabel("Day").fill(String(Number(d)));
    await page.getByLabel("Month").fill(String(Number(m)));
    await page.getByLabel("Year").fill(y);
    await page.getByRole("button", { name: "Record learning" }).click();
    await page.locator("#complaint_refs-error").getByText("No complaint has the reference RIV-999999").waitFor();
    await page.getByLabel("Complaints it was learnt from").fill(a.reference);
    await page.getByRole("button", { name: "Record learning" }).click();
    await banner(page, "Learning recorded");
    await page.getByRole("heading", { name: "Learning about repairs" }).waitFor();
    await page.getByRole("link", { name: a.reference }).waitFor();
    await check(page, "38-learning-entry");

    await page.getByRole("button", { name: "Change this entry" }).click();
    await page.getByRole("heading", { name: "Change learning" }).waitFor();
    assert.equal(await page.getByLabel("Complaints it was learnt from").inputValue(), a.reference);
    await page.getByLabel("Owner (optional)").fill("Repairs manager");
    await check(page, "39-learning-edit");
    await page.getByRole("button", { name: "Save changes" }).click();
    await banner(page, "Learning entry changed");
    await page.getByText("Repairs manager").waitFor();

    // A summary with the resident's name is refused, by the box.
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.getByRole("heading", { name: "Publish to the residents' panel and the public page" }).waitFor();
    const summary = page.getByLabel("Public summary: you said, we did");
    await summary.fill("Priya Patel told us her boiler waited three weeks for a part. We now text residents when a part is ordered.");
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    const inline = page.locator("#public_summary-error");
    await inline.getByText(/must be anonymised/).waitFor();
    assert.match(await inline.innerText(), /name/);
    assert.equal(await page.locator(".govuk-error-summary a").first().getAttribute("href"), "#public_summary");
    await check(page, "40-learning-publish-refused");
    await summary.fill("You told us a boiler repair waited three weeks for a part without word. We now text residents when a part is ordered.");
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await banner(page, "Published to the residents' panel and the public page");
    await page.getByText("We now text residents when a part is ordered.").waitFor();
    await check(page, "41-learning-published");

    // Withdrawn again, it stays in the log.
    await page.getByRole("button", { name: "Withdraw" }).click();
    await page.getByRole("heading", { name: "Withdraw this entry from publication?" }).waitFor();
    await check(page, "42-learning-withdraw");
    await page.getByRole("button", { name: "Withdraw from publication" }).click();
    await banner(page, "Withdrawn from the residents' panel and the public page");
    await page.getByRole("button", { name: "Publish", exact: true }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a residents' panel member sees only published learning and cannot reach the dashboard", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    await signIn(page, data.users.panel);
    await page.waitForURL(/\/l\/riverside\/learning$/);
    await page.getByRole("heading", { name: "What we have learnt from complaints" }).waitFor();
    await page.locator(".govuk-summary-card").first().waitFor();
    const text = await page.locator("main").innerText();
    assert.match(text, /You told us broken communal doors took too long to fix/);
    assert.doesNotMatch(text, /Gas safety|out-of-date list/);
    assert.doesNotMatch(text, /Communal repairs need an owner/, "only the public fields of a published entry");
    assert.equal(await page.getByRole("button", { name: "Record learning" }).count(), 0);
    const menu = page.getByRole("navigation", { name: "Menu" });
    assert.equal(await menu.getByRole("link", { name: "Dashboard" }).count(), 0);
    assert.equal(await menu.getByRole("link", { name: "Complaints" }).count(), 0);
    await check(page, "43-panel-learning");

    // The panel sees at least what the public sees: the annual report once published, and
    // until then a page that says what will appear and when.
    await openPage(page, "Reports", "Annual report");
    await page.getByRole("heading", { name: "No report has been published yet" }).waitFor();
    await page.getByText(/will appear here when the landlord publishes it/).waitFor();
    await check(page, "43a-panel-annual-report-none");

    await page.goto("/l/riverside/dashboard");
    await page.getByRole("heading", { name: "You do not have access" }).waitFor();
    assert.match(await page.locator(".govuk-inset-text").innerText(), /Residents' panel member/);
    await check(page, "44-panel-dashboard-refused");

    await openPage(page, "Reports", "Published figures");
    await page.getByRole("heading", { name: "Published complaint figures" }).waitFor();
    await page.getByRole("rowheader", { name: fyLabel(data.year) }).waitFor();
    await check(page, "45-panel-published-figures");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a landlord admin reads and publishes the Regulator's measures", async () => {
    const { context, page, problems } = await newPage(browser, server.base);
    const { year } = data;
    await signIn(page, data.users.admin);
    await openPage(page, "Reports", "Regulator's measures");
    await page.getByRole("heading", { name: "Tenant satisfaction measures: complaints" }).waitFor();
    await page.locator(".govuk-inset-text", { hasText: "the figures for the year to date" }).waitFor();
    assert.equal(await page.getByRole("button", { name: /^Publish the figures/ }).count(), 0, "a year not ended cannot be published");
    await check(page, "46-tsm-this-year");

    await page.getByLabel("Financial year", { exact: true }).selectOption(String(year));
    await page.getByRole("button", { name: "Show figures" }).click();
    await page.waitForURL(new RegExp(`year=${year}$`));
    await page.getByRole("row", { name: "Complaints received 4 1" }).waitFor();
    assert.match(await page.getByRole("row", { name: /^Complaints received per 1,000 homes/ }).innerText(), /0\.77\s+0\.19/);
    assert.match(await page.getByRole("row", { name: /^Complaints responded to within/ }).innerText(), /75\.0%\s+No figure/);
    await page.getByRole("row", { name: "Responded to within the Code's timescales 3 0" }).waitFor();
    await page.getByRole("button", { name: `Publish the figures for ${fyLabel(year)}` }).click();
    await banner(page, `The figures for ${fyLabel(year)} have been published`);
    await page.getByRole("rowheader", { name: fyLabel(year) }).waitFor();
    await check(page, "47-tsm-published");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a landlord admin sets targets, and the MRC sees each headline figure beside last year and its target", async () => {
    const { year } = data;
    let { context, page, problems } = await newPage(browser, server.base);
    await signIn(page, data.users.admin);
    await openPage(page, "Administration");
    await page.getByRole("link", { name: "Targets", exact: true }).click();
    await page.getByRole("heading", { name: "Targets for the headline figures" }).waitFor();
    await page.getByLabel("Stage 1 complaints responded to in time").fill("101");
    await page.getByRole("button", { name: "Save targets" }).click();
    await page
      .locator(".govuk-error-summary")
      .getByText("Enter the target for stage 1 complaints responded to in time as a whole percentage from 0 to 100, or leave it blank")
      .waitFor();
    assert.match(await page.title(), /^Error: Targets/);
    await check(page, "46a-targets-refused");
    await page.getByLabel("Stage 1 complaints responded to in time").fill("95");
    await page.getByLabel("Stage 2 complaints responded to in time").fill("90");
    await page.getByRole("button", { name: "Save targets" }).click();
    await page.getByText("Targets saved").waitFor();
    assert.equal(await page.getByLabel("Stage 1 complaints responded to in time").inputValue(), "95");
    await check(page, "46b-targets-saved");
    assert.deepEqual(problems, []);
    await context.close();

    // The platform operator has recorded the sector's published figures for that year.
    const api = apiClient(server.base);
    const ops = await api.login("ops@platform.test");
    await api.put(`/platform/sector-figures/${year}`, ops, {
      figures: { stage1_responded_in_time: 79.4, stage2_responded_in_time: 77.1 },
      source: "the sector's statistics for the test year",
    });

    // The MRC, on last year's figures: each headline figure beside the year before, the
    // target and the sector, on the first screen at 1280×900, and the figure below its
    // target to question.
    for (const [name, viewport] of [
      ["1280px", { width: 1280, height: 900 }],
      ["390px", { width: 390, height: 844 }],
    ]) {
      ({ context, page, problems } = await newPage(browser, server.base, viewport));
      await signIn(page, data.users.mrc);
      await page.goto(`/l/riverside/dashboard?from=${year}-04-01&to=${year + 1}-03-31`);
      const headline = page.locator("section", { has: page.getByRole("heading", { name: "Headline figures" }) });
      const row = headline.getByRole("row", { name: /^Stage 1 responded to in time/ });
      await row.waitFor();
      const text = await row.innerText();
      assert.match(text, /75\.0%/);
      assert.match(text, /95%/);
      assert.match(text, /20\.0 points below the target/);
      assert.match(text, /79\.4%/);
      assert.match(text, /4\.4 points below the sector/);
      await headline.getByText(`the sector's figures for ${fyLabel(year)} (the sector's statistics for the test year).`).waitFor();
      await headline.getByText(`Beside the same dates a year earlier (1 April ${year - 1} to 31 March ${year})`).waitFor();
      await page
        .locator("section", { has: page.getByRole("heading", { name: "Areas to question" }) })
        .getByText("Stage 1 responded to in time is 75.0% (3 of 4), 20.0 points below the target of 95%")
        .waitFor();
      if (name === "1280px") {
        const box = await headline.boundingBox();
        assert.ok(box && box.y + box.height < 900, `the headline figures end within the first screen (at ${box && box.y + box.height})`);
      }
      await check(page, `30a-dashboard-compared-${name}`);
      assert.deepEqual(problems, []);
      await context.close();
    }

    // The landlord admin keeps its own copy of the year (its benchmarking club's figures):
    // the MRC's dashboard then cites that; removing it brings back the platform's.
    ({ context, page, problems } = await newPage(browser, server.base));
    await signIn(page, data.users.admin);
    await page.goto("/l/riverside/admin");
    await page.getByRole("link", { name: "The sector's figures" }).click();
    await page.getByRole("heading", { name: "The sector's figures", level: 1 }).waitFor();
    await page.getByRole("row", { name: /79\.4%.*Recorded by the platform for every landlord/ }).waitFor();
    assert.equal(await page.getByRole("button", { name: /Remove your copy/ }).count(), 0);
    await page.getByLabel("Financial year").selectOption(String(year));
    await page.getByLabel("Stage 1 complaints responded to in time (optional)").fill("82");
    await page.getByLabel("Stage 2 complaints responded to in time (optional)").fill("");
    await page.getByLabel("Where were they published?").fill("Our benchmarking club");
    await page.getByRole("button", { name: "Keep these figures" }).click();
    await page.locator(".govuk-notification-banner__heading", { hasText: `Your copy of the sector's figures for ${fyLabel(year)} is kept` }).waitFor();
    await page.getByRole("row", { name: /82\.0%.*Our benchmarking club.*Your own copy/ }).waitFor();
    await check(page, "30b-own-sector-figures");
    assert.deepEqual(problems, []);
    await context.close();
    ({ context, page, problems } = await newPage(browser, server.base));
    await signIn(page, data.users.mrc);
    await page.goto(`/l/riverside/dashboard?from=${year}-04-01&to=${year + 1}-03-31`);
    const headline = page.locator("section", { has: page.getByRole("heading", { name: "Headline figures" }) });
    await headline.getByText(`the sector's figures for ${fyLabel(year)} (Our benchmarking club, the landlord's own copy).`).waitFor();
    assert.match(await headline.getByRole("row", { name: /^Stage 1 responded to in time/ }).innerText(), /7\.0 points below the sector/);
    await context.close();
    ({ context, page, problems } = await newPage(browser, server.base));
    await signIn(page, data.users.admin);
    await page.goto("/l/riverside/sector-figures");
    await page.getByRole("button", { name: `Remove your copy for ${fyLabel(year)}` }).click();
    await page.locator(".govuk-notification-banner__heading", { hasText: `Your copy for ${fyLabel(year)} is removed` }).waitFor();
    await page.getByRole("row", { name: /79\.4%.*Recorded by the platform for every landlord/ }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a page whose code cannot be fetched says so, and reloading brings it back", async () => {
    const { context, page } = await newPage(browser, server.base);
    // The complaint form's own chunk fails, as after a deployment or on a dropped connection.
    await page.route(/\/assets\/Complain-[^/]+\.js$/, (route) => route.abort());
    await page.goto("/p/riverside/complain");
    await page.getByRole("heading", { name: "This page could not be loaded" }).waitFor();
    await page.getByRole("link", { name: "reload the page" }).waitFor();
    await check(page, "48a-page-could-not-load");
    await page.unroute(/\/assets\/Complain-[^/]+\.js$/);
    await page.getByRole("link", { name: "reload the page" }).click();
    await page.getByRole("heading", { level: 1 }).filter({ hasNotText: "could not be loaded" }).waitFor();
    assert.equal(await page.getByRole("heading", { name: "This page could not be loaded" }).count(), 0);
    await context.close();
  });

  test("the public page needs no sign-in and shows the notice of exceptional circumstances", async () => {
    let { context, page, problems } = await newPage(browser, server.base);
    await page.goto("/p/riverside");
    await page.getByRole("heading", { name: "How to complain", level: 1 }).waitFor();
    assert.equal(await page.title(), "How to complain to Riverside Homes – Redress");
    await page.getByRole("heading", { name: "You said, we did" }).waitFor();
    await page.getByText("You told us broken communal doors took too long to fix.", { exact: false }).waitFor();
    assert.doesNotMatch(await page.locator("main").innerText(), /out-of-date list|Priya|Patel/);
    await page.getByRole("row", { name: /^Complaints received per 1,000 homes/ }).waitFor();
    assert.equal(await page.locator(".govuk-notification-banner").count(), 0);
    await check(page, "48-public-page");
    assert.deepEqual(problems, []);
    await context.close();

    // An admin posts a notice through the API; the page shows it to the next visitor.
    const api = apiClient(server.base);
    const admin = await api.login(data.users.admin);
    await api.post("/landlords/riverside/exceptional-circumstances", admin, {
      description: "A cyber incident has taken our systems offline. Complaints are logged on paper and answered once systems return.",
      expected_return_on: daysAgo(-30),
    });
    ({ context, page, problems } = await newPage(browser, server.base));
    await page.goto("/p/riverside");
    const notice = page.getByRole("region", { name: "Important" });
    await notice.getByText("A cyber incident has taken our systems offline.", { exact: false }).waitFor();
    await notice.getByText(/we cannot currently keep to the Complaint Handling Code/).waitFor();
    await check(page, "49-public-page-notice");

    await page.goto("/p/nowhere");
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    await check(page, "50-public-not-found");

    // The dashboard carries the notice too.
    await signIn(page, data.users.mrc);
    await page.getByRole("region", { name: "Important" }).getByText("A cyber incident", { exact: false }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("a payment in a response is offered beside the bands, the landlord's policy and what it offered before", async () => {
    // The admin keeps the Ombudsman's bands and adds the landlord's compensation policy.
    let { context, page, problems } = await newPage(browser, server.base);
    await signIn(page, data.users.admin);
    await openPage(page, "Administration");
    await page.getByRole("link", { name: "Remedies guidance", exact: true }).click();
    await page.getByRole("heading", { name: "Remedies guidance", level: 1 }).waitFor();
    await page.getByText(/Guidance on remedies/).first().waitFor();
    await page.getByLabel("What it is for").nth(1).waitFor();
    // A band left without its end is refused by its field.
    await page.locator("#remedy_bands-0-to_pence").fill("");
    await page.getByRole("button", { name: "Save remedies guidance" }).click();
    await page.locator(".govuk-error-summary").getByRole("link", { name: "Enter where band 1 ends, in pounds, for example 600" }).waitFor();
    await check(page, "55a-remedies-guidance-refused");
    await page.locator("#remedy_bands-0-to_pence").fill("100");
    await page.getByLabel("The landlord's compensation policy (optional)").fill("We pay £10 for each missed repair appointment.");
    await page.getByRole("button", { name: "Save remedies guidance" }).click();
    await page.locator(".govuk-notification-banner__heading", { hasText: "Remedies guidance saved" }).waitFor();
    await check(page, "55b-remedies-guidance");
    assert.deepEqual(problems, []);
    await context.close();

    // The officer responds to today's complaint with a payment of £150.
    const api = apiClient(server.base);
    const officer = await api.login(data.users.officer);
    const { today } = data.complaints;
    await api.post(`/landlords/riverside/complaints/${today.id}/acknowledge`, officer, {
      definition: "The lift has not worked since Monday.",
      outcomes_sought: "A working lift",
      responsible_for: "Repairs to the lift",
    });
    ({ context, page, problems } = await newPage(browser, server.base));
    await signIn(page, data.users.officer);
    await page.goto(`/l/riverside/complaints/${today.id}/respond`);
    await page.getByRole("heading", { name: "Respond at stage 1", level: 1 }).waitFor();
    await page.getByLabel("Upheld", { exact: true }).check();
    await page.getByRole("group", { name: "e. Are you offering any remedies?" }).getByLabel("Yes").check();
    await page.getByLabel("Kind of remedy").selectOption("financial");
    await page.getByLabel("Amount, in pounds").fill("150");
    const guidance = page.locator("details", { hasText: "Guidance on financial remedies" });
    await guidance.getByRole("row", { name: /£100\.00 to £600\.00 This amount/ }).waitFor();
    await guidance.getByText("We pay £10 for each missed repair appointment.").waitFor();
    await guidance.getByText(/No closed complaints about repairs upheld with a payment to compare with yet\./).waitFor();
    await check(page, "55c-respond-remedy-guidance");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the annual submission: its date, its documents, and a re-submission the Ombudsman asked for", async () => {
    const { year } = data;
    let { context, page, problems } = await newPage(browser, server.base);
    await signIn(page, data.users.admin);
    await openPage(page, "Reports", "Annual submission");
    await page.getByRole("heading", { name: "Annual submission to the Ombudsman", level: 1 }).waitFor();
    // Riverside has 5,200 homes: 30 September after the year.
    await page.getByText(`30 September ${year + 1}`, { exact: false }).first().waitFor();
    await page.getByText(/for a landlord of more than 1,000 homes/).waitFor();
    const tasks = page.locator(".govuk-task-list__item");
    assert.equal(await tasks.count(), 3);
    await page.getByRole("link", { name: "Self-assessment against the Complaint Handling Code" }).waitFor();
    await check(page, "54a-annual-submission");
    // Nothing entered: each refusal by its field.
    await page.getByRole("button", { name: "Record the re-submission" }).click();
    await page.locator(".govuk-error-summary").getByRole("link", { name: "Enter the change the Ombudsman's request follows" }).waitFor();
    await check(page, "54b-annual-submission-refused");
    const next = new Date();
    next.setUTCDate(next.getUTCDate() + 60);
    await page.locator("#due_on").fill(String(next.getUTCDate()));
    await page.locator("#due_on-month").fill(String(next.getUTCMonth() + 1));
    await page.locator("#due_on-year").fill(String(next.getUTCFullYear()));
    await page.getByLabel("What change does it follow?").fill("The transfer of 800 homes from Eastside Homes");
    await page.getByRole("button", { name: "Record the re-submission" }).click();
    await page.locator(".govuk-notification-banner__heading", { hasText: "Re-submission recorded" }).waitFor();
    await page.getByText("The Ombudsman asked for a re-submission: The transfer of 800 homes from Eastside Homes.").waitFor();
    await page.getByText("The date the Ombudsman gave when it asked for a re-submission").waitFor();
    await check(page, "54c-annual-submission-resubmission");
    assert.deepEqual(problems, []);
    await context.close();

    // The MRC reads it, with no form to change it.
    ({ context, page, problems } = await newPage(browser, server.base));
    await signIn(page, data.users.mrc);
    await openPage(page, "Reports", "Annual submission");
    await page.getByRole("heading", { name: "Annual submission to the Ombudsman", level: 1 }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Record the re-submission" }).count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("on a phone: a complaint by phone is logged after its letter is seen, and the pages for the day's work fit", async () => {
    const phone = { width: 390, height: 844 };
    const fits = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    // A resident with no email address: the letter goes by post.
    const api = apiClient(server.base);
    const officer = await api.login(data.users.officer);
    await api.post("/landlords/riverside/residents", officer, {
      name: "Nell Postlethwaite",
      address: "4 Mill Lane\nRiverside\nRV1 2AB",
      property_ref: "ML-4",
    });

    let { context, page, problems } = await newPage(browser, server.base, phone);
    await signIn(page, data.users.officer);
    await openPage(page, "Cases", "Log a complaint");
    await page.getByRole("heading", { name: "Log a complaint", level: 1 }).waitFor();
    await page.getByLabel("Whose complaint is it?").fill("postleth");
    await page.getByRole("button", { name: "Find the resident" }).click();
    await page.getByRole("heading", { name: "1 resident matches “postleth”" }).waitFor();
    await check(page, "53a-whose-complaint-390px");
    await page.getByRole("link", { name: "Log a complaint from Nell Postlethwaite" }).click();
    await page.getByRole("heading", { name: "Log a complaint", level: 1 }).waitFor();
    // Nothing chosen: each refusal by its field, and nothing sent to the server.
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("link", { name: "Select how the complaint was made" }).waitFor();
    await page.getByRole("link", { name: "Enter the complaint in the resident's own words" }).waitFor();
    await page.getByLabel("How did the resident make the complaint?").selectOption("phone");
    await page.getByLabel("The complaint, in the resident's own words").fill("Water comes through the bathroom ceiling every time it rains.");
    await page.getByLabel("Category").fill("repairs");
    assert.ok(await fits(page), "the intake form scrolls sideways at 390px");
    await check(page, "53b-log-complaint-390px");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByRole("heading", { name: "Check the letter before it is sent" }).waitFor();
    await page.getByText("By post: it is added to the letters to post").waitFor();
    const letter = await page.locator(".app-letter").innerText();
    assert.match(letter, /Dear Nell Postlethwaite,/);
    assert.match(letter, /We received your complaint on/);
    assert.ok(await fits(page), "the letter scrolls sideways at 390px");
    await check(page, "53c-log-complaint-letter-390px");
    await page.getByRole("button", { name: "Log complaint" }).click();
    await page.locator(".govuk-notification-banner__heading", { hasText: /^Complaint logged: RIV-\d+$/ }).waitFor();
    const reference = (await page.locator(".govuk-notification-banner__heading").innerText()).replace("Complaint logged: ", "");
    await page.getByRole("heading", { name: `Complaint ${reference}`, level: 1 }).waitFor();

    // The letter waits to be printed and posted.
    await openPage(page, "Cases", "Letters to post");
    await page.getByRole("heading", { name: "Letters to post", level: 1 }).waitFor();
    await page.getByRole("row", { name: new RegExp(`${reference}.*Nell Postlethwaite`) }).waitFor();
    assert.ok(await fits(page), "the letters to post scroll sideways at 390px");
    await check(page, "53d-letters-to-post-390px");
    assert.deepEqual(problems, []);
    await context.close();

    // The landlord admin's targets and settings.
    ({ context, page, problems } = await newPage(browser, server.base, phone));
    await signIn(page, data.users.admin);
    for (const [path, title, name] of [
      ["/l/riverside/targets", "Targets for the headline figures", "53e-targets-390px"],
      ["/l/riverside/settings", "Settings", "53f-settings-390px"],
      ["/l/riverside/settings/closure-days", null, "53g-settings-closure-days-390px"],
    ]) {
      await page.goto(path);
      if (title) await page.getByRole("heading", { name: title, level: 1 }).waitFor();
      else await page.locator("h1").waitFor();
      await page.waitForLoadState("networkidle");
      assert.ok(await fits(page), `${path} scrolls sideways at 390px`);
      await check(page, name);
    }
    assert.deepEqual(problems, []);
    await context.close();

    // The residents' panel's published figures and reports.
    ({ context, page, problems } = await newPage(browser, server.base, phone));
    await signIn(page, data.users.panel);
    await openPage(page, "Reports", "Published figures");
    await page.getByRole("heading", { name: "Published complaint figures", level: 1 }).waitFor();
    await page.getByRole("row", { name: /per 1,000 homes/ }).first().waitFor();
    assert.ok(await fits(page), "the published figures scroll sideways at 390px");
    await check(page, "53h-panel-figures-390px");
    await openPage(page, "Reports", "Annual report");
    await page.getByRole("heading", { name: "No report has been published yet" }).waitFor();
    assert.ok(await fits(page), "the annual reports scroll sideways at 390px");
    await check(page, "53i-panel-annual-reports-390px");
    assert.deepEqual(problems, []);
    await context.close();
  });

  test("the new pages work at 320 pixels wide and at 200% zoom", async () => {
    const { year } = data;
    for (const [name, viewport] of [
      ["320px", { width: 320, height: 640 }],
      ["zoom-200", { width: 640, height: 450 }],
    ]) {
      const { context, page, problems } = await newPage(browser, server.base, viewport);
      const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
      await signIn(page, data.users.mrc);
      await page.goto(`/l/riverside/dashboard?from=${year}-04-01&to=${year + 1}-03-31`);
      await page.locator("#chart-received canvas").waitFor();
      await page.locator("#chart-received summary").click();
      assert.ok(await fits(), `the dashboard scrolls sideways at ${name}`);
      await check(page, `51-dashboard-${name}`);
      await openPage(page, "Reports", "Learning");
      await page.locator(".govuk-summary-card").first().waitFor();
      assert.ok(await fits(), `the learning log scrolls sideways at ${name}`);
      await openPage(page, "Reports", "Regulator's measures");
      await page.getByRole("row", { name: /^Complaints received per 1,000 homes/ }).waitFor();
      assert.ok(await fits(), `the Regulator's measures scroll sideways at ${name}`);
      await page.goto("/p/riverside");
      await page.getByRole("heading", { name: "You said, we did" }).waitFor();
      assert.ok(await fits(), `the public page scrolls sideways at ${name}`);
      await check(page, `52-public-page-${name}`);
      assert.deepEqual(problems, []);
      await context.close();
    }
  });
  test("early warning: a block's damp complaints are flagged, one signal dismissed with a reason and one turned into learning", async () => {
    // Six damp complaints from one block this month; the day's run finds them.
    const api = apiClient(server.base);
    const officer = await api.login(data.users.officer);
    for (let n = 0; n < 6; n++) {
      await api.post("/landlords/riverside/complaints", officer, {
        resident: { name: `Birch resident ${n}`, address: `Flat ${n}, Birch House, 4 Birch Road, London ZZ9 9ZZ` },
        channel: "phone",
        received_on: daysAgo(2 + n),
        description: "Black mould in the children's bedroom.",
        category: "damp_and_mould",
      });
    }
    server.runDay();
    const { context, page, problems } = await newPage(browser, server.base);
    await signIn(page, data.users.officer);
    await openPage(page, "Reports", "Early warning");
    await page.getByRole("heading", { name: "Early warning", level: 1 }).waitFor();
    const block = page.locator(".govuk-summary-card", { hasText: "Complaints from homes at Birch House rose to 6" });
    await block.waitFor();
    await block.getByText(/^At least 5 complaints in 28 days/).waitFor();
    assert.equal(await block.getByRole("link", { name: /^RIV-/ }).count(), 6);
    await check(page, "56a-early-warning");

    // The postcode district's signal needs no action: a reason is asked for, then kept.
    const district = page.locator(".govuk-summary-card", { hasText: "from the postcode district ZZ9" });
    await district.getByRole("link", { name: /^Dismiss/ }).click();
    await page.getByRole("heading", { name: "Dismiss a signal", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Dismiss signal" }).click();
    await page.locator(".govuk-error-summary").getByRole("link", { name: "Enter why the signal needs no action" }).waitFor();
    await check(page, "56b-dismiss-signal-refused");
    await page.getByLabel("Why does it need no action?").fill("The same block's signal covers it.");
    await page.getByRole("button", { name: "Dismiss signal" }).click();
    await banner(page, "Signal dismissed");
    await page.getByRole("cell", { name: /Dismissed: The same block's signal covers it\./ }).waitFor();

    // The block's signal becomes a learning entry in one form, its cases filled in.
    await block.getByRole("link", { name: /^Record learning/ }).click();
    await page.getByRole("heading", { name: "Record learning from complaints", level: 1 }).waitFor();
    await page.getByText(/^From the early warning: Complaints from homes at Birch House rose to 6/).waitFor();
    assert.match(await page.getByLabel("Complaints it was learnt from").inputValue(), /^RIV-\d+(\nRIV-\d+){5}$/);
    await page.getByLabel("Service area").fill("Damp and mould");
    await page.getByLabel("Lesson").fill("Birch House's bathrooms have no extractor fans.");
    await page.getByLabel("Improvement").fill("Fit extractor fans in every flat at Birch House.");
    await page.getByLabel("Identified", { exact: true }).check();
    await check(page, "56c-learning-from-signal");
    await page.getByRole("button", { name: "Record learning" }).click();
    await banner(page, "Learning recorded");
    await openPage(page, "Reports", "Early warning");
    await page.getByRole("link", { name: "Turned into learning" }).waitFor();
    assert.equal(await page.locator(".govuk-summary-card", { hasText: "Birch House" }).count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
