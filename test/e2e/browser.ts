// Debian's Chromium driven by playwright-core (never a downloaded browser).
import { chromium, type Browser, type Page } from "playwright-core";
import { E2E_WAIT_MS } from "./waits";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// The Shopify library answers bots (HeadlessChrome included) with 410: look like a person's browser.
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";

// playwright-core's launch() already gives every browser a fresh, empty profile directory.
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
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

/** What each page recorded, so a failed wait can say what the browser saw. */
const problemsOf = new WeakMap<Page, string[]>();
const waitingOf = new WeakMap<Page, { pending: Set<string>; errors: string[] }>();

/** A page that records console errors and failed requests, for the test to assert none happened. */
export async function openPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number } } = {},
): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({
    userAgent: USER_AGENT,
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  // Every wait and navigation gets the suite's one generous limit (see waits.ts), never a limit
  // tuned to a quiet machine.
  page.setDefaultTimeout(E2E_WAIT_MS);
  page.setDefaultNavigationTimeout(E2E_WAIT_MS);
  const problems: string[] = [];
  problemsOf.set(page, problems);
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console.error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  // Requests still waiting for an answer, and answers in error (a form's 400 is a normal answer,
  // so these are not problems): what a page that never hydrates was waiting for (waitForHydration).
  const waiting = { pending: new Set<string>(), errors: [] as string[] };
  waitingOf.set(page, waiting);
  page.on("request", (r) => waiting.pending.add(r.url()));
  page.on("requestfinished", (r) => waiting.pending.delete(r.url()));
  page.on("response", (r) => {
    if (r.status() >= 400) waiting.errors.push(`${r.status()} ${r.url()}`);
  });
  // A navigation cancels the requests still in flight (net::ERR_ABORTED): that is the browser
  // doing its job, not a failure. Anything else (refused, reset, DNS) is reported.
  page.on("requestfailed", (r) => {
    waiting.pending.delete(r.url());
    if (r.failure()?.errorText !== "net::ERR_ABORTED")
      problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  return { page, problems };
}

/** Waits until React has hydrated the page (app/root.tsx marks <html data-hydrated>): typing into a
 * controlled field before that is undone by hydration, and a click may go to a plain form post. */
export async function waitForHydration(page: Page): Promise<void> {
  try {
    await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });
  } catch (error) {
    // A page that never hydrates is rare and unexplained so far: say what the browser saw, so the
    // next occurrence names its cause (a failed script, a page error, a server that never answered).
    const body = await page
      .evaluate(() => document.body?.innerText.slice(0, 600) ?? "(no body)")
      .catch((e: Error) => `(page unreadable: ${e.message})`);
    const scripts = await page
      .evaluate(() => [...document.scripts].map((s) => s.src || "(inline)").join(", "))
      .catch(() => "(unknown)");
    throw new Error(
      `${(error as Error).message}\non ${page.url()}\nproblems: ${(problemsOf.get(page) ?? []).join("\n") || "none"}` +
        `\nrequests still waiting: ${[...(waitingOf.get(page)?.pending ?? [])].join(", ") || "none"}` +
        `\nanswers in error: ${waitingOf.get(page)?.errors.join(", ") || "none"}` +
        `\nscripts: ${scripts}\npage text: ${body}`,
    );
  }
}

/** Opens an admin page and waits until it is hydrated, so the test acts on the live page (see waitForHydration). */
export async function gotoAdmin(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForHydration(page);
}
