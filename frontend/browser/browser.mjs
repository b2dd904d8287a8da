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
  // Anything the Content-Security-Policy blocks (an inline style a script injects, say) is
  // recorded, and `check` fails on it.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline content"}`);
    });
  });
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
  const csp = await page.evaluate(() => window.__cspViolations ?? []);
  assert.deepEqual(csp, [], `the Content-Security-Policy blocked something on ${name} (${page.url()})`);
}

/** How many pixels of a canvas have been drawn on: more than a few when a chart rendered. */
export async function drawnPixels(locator) {
  return locator.evaluate((canvas) => {
    const ctx = canvas.getContext("2d");
    if (!ctx || canvas.width === 0 || canvas.height === 0) return 0;
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n++;
    return n;
  });
}

export async function signIn(page, email) {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => u.pathname !== "/sign-in");
  await page.locator("h1").first().waitFor();
}

/** After "Continue" on an action that sends the resident a letter: the letter is shown to be
 * checked (nothing recorded yet), then the action is confirmed with the button `label`. */
export async function confirmLetter(page, label) {
  await page.getByRole("heading", { name: "Check the letter before it is sent" }).waitFor();
  await page.locator(".app-letter").waitFor();
  await page.getByRole("button", { name: label }).click();
}

/** Opens a page from the navigation as a user would: its group in the service navigation
 * (opening the "Menu" first where a phone folds it away), then, unless the group opens on
 * it, the page among the group's pages beneath. */
export async function openPage(page, group, item = group) {
  const menu = page.getByRole("navigation", { name: "Menu" });
  const toggle = menu.getByRole("button", { name: "Menu" });
  if ((await toggle.isVisible()) && (await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
  await menu.getByRole("link", { name: group, exact: true }).click();
  if (item !== group) {
    await page.getByRole("navigation", { name: group }).getByRole("link", { name: item, exact: true }).click();
  }
}

/** The signed-in person's own links, in the header. */
export function account(page) {
  return page.getByRole("navigation", { name: "Account" });
}
