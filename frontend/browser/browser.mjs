// Chromium from Debian, driven by playwright-core; axe-core checks every page visited.
import AxeBuilder from "@axe-core/playwright";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { frontendDir, PASSWORD } from "./harness.mjs";

export const screenshots = join(frontendDir, "test-results", "screenshots");
mkdirSync(screenshots, { recursive: true });

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A fresh context (its own storage), as the axe integration needs. */
export async function newPage(browser, base, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ baseURL: base, viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !/Failed to load resource: the server responded/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  // Every file of the portal is there: no missing asset, font or image.
  page.on("response", (r) => {
    const url = new URL(r.url());
    if (!url.pathname.startsWith("/api/") && r.status() >= 400) problems.push(`${r.status()} for ${url.pathname}`);
  });
  // Nothing may load from anywhere but the portal itself.
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.origin !== base && url.protocol !== "data:") problems.push(`request to another origin: ${r.url()}`);
  });
  return { context, page, problems };
}

export const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Results of every axe run, for the summary at the end. */
export const axeRuns = [];

/** Runs axe (WCAG 2.2 AA) on the page as it is, and saves a screenshot named `name`. */
export async function check(page, name) {
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  axeRuns.push({ name, url: page.url(), violations: result.violations.length, passes: result.passes.length });
  const found = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`,
  );
  assert.deepEqual(found, [], `axe found WCAG 2.2 AA violations on ${name} (${page.url()})`);
}

export async function signIn(page, email) {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname !== "/sign-in");
  await page.locator("h1").first().waitFor();
}
