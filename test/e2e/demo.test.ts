// The README's first command, as a person uses it: `npm run demo`, then the pieces list and a piece
// in a real browser, in French and English.
import { afterAll, beforeAll, expect, test } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { launch, openPage } from "./browser";

const APP_PORT = 3310;
const SIM_PORT = 3311;
const SHOP = "bijoux-demo.myshopify.com";
const host = Buffer.from("admin.shopify.com/store/bijoux-demo").toString("base64url");
const adminUrl = (path: string, locale: string) => `http://localhost:${APP_PORT}${path}?shop=${SHOP}&host=${host}&embedded=1&locale=${locale}`;

let demo: ChildProcess;
let output = "";
let browser: Browser;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(process.cwd(), "test/.tmp/demo-"));
  demo = spawn(process.execPath, ["--import", "tsx", "test/demo/run.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "development",
      DEMO_APP_PORT: String(APP_PORT),
      DEMO_SIMULATOR_PORT: String(SIM_PORT),
      DEMO_DATA_DIR: dataDir,
      DEMO_KIOSK_PORT: "3312",
      DEMO_TAGS_DIR: join(dataDir, "tags"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  demo.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  demo.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const started = Date.now();
  while (!output.includes("ready in")) {
    if (demo.exitCode !== null) throw new Error(`the demo exited early:\n${output}`);
    if (Date.now() - started > 240_000) throw new Error(`the demo was not ready within 4 minutes:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  if (demo && demo.exitCode === null) {
    const exited = new Promise((r) => demo.once("exit", r));
    demo.kill("SIGINT");
    await exited;
  }
});

test("the pieces list shows the seeded shop, and a piece opens with its record and history (English)", async () => {
  const { page, problems } = await openPage(browser);
  await page.goto(adminUrl("/app/pieces", "en"));
  await page.getByRole("heading", { name: "Pieces", exact: true }).waitFor();
  await page.getByText("50 pieces", { exact: true }).first().waitFor();
  expect(await page.getByTestId("piece-link").count()).toBeGreaterThanOrEqual(40);

  // Search by GIA certificate number finds exactly the solitaire it grades.
  await page.getByPlaceholder("Search by tag code, SKU, certificate number or title").fill("2141234560");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="piece-link"]').length === 1);
  const link = page.getByTestId("piece-link").first();
  const title = await link.innerText();
  expect(title).toMatch(/^Solitaire « Aurore » diamant/);

  await link.click();
  await page.getByRole("heading", { name: title }).waitFor();
  // Still English after an in-app navigation (Shopify sends the language on page loads only).
  await page.getByText("Certificates", { exact: true }).waitFor();
  await page.getByText("GIA", { exact: true }).waitFor();
  await page.getByText("2141234560", { exact: true }).waitFor();
  await page.getByText("History").waitFor();
  await page.getByText("opening stock (demo seed)").first().waitFor();
  expect(await page.getByRole("link", { name: "Check the report" }).getAttribute("href")).toBe("https://www.gia.edu/report-check?reportno=2141234560");
  expect(problems).toEqual([]);
});

test("the same pages in French, and a missing piece is a 404 with a message", async () => {
  const { page, problems } = await openPage(browser);
  await page.goto(adminUrl("/app/pieces", "fr"));
  await page.getByRole("heading", { name: "Pièces", exact: true }).waitFor();
  await page.getByText("50 pièces", { exact: true }).first().waitFor();
  await page.getByText("En dépôt-vente").first().waitFor();
  const statuses: number[] = [];
  page.on("response", (r) => {
    if (r.url().includes("/app/pieces/does-not-exist") && r.url().includes("id_token=")) statuses.push(r.status());
  });
  await page.goto(adminUrl("/app/pieces/does-not-exist", "fr"));
  await page.getByTestId("error-message").waitFor();
  expect(await page.getByTestId("error-message").innerText()).toBe("Cette pièce n'existe pas dans cette boutique.");
  expect(statuses).toEqual([404]);
  // The 404 document load itself is the one failed request a person would see in the console.
  expect(problems.filter((p) => !p.includes("404"))).toEqual([]);
});

test("a piece sold through the Shopify simulator is archived in Loupe with its sale in the history", async () => {
  const { page, problems } = await openPage(browser);
  // As a customer's checkout would: the simulator's console sells one unit of a solitaire.
  await page.goto(`http://127.0.0.1:${SIM_PORT}/_sim/console?shop=${SHOP}`);
  await page.getByTestId("sell-SOL-002").first().click();
  await page.getByText("created and paid").waitFor();
  await page.goto(adminUrl("/app/pieces", "en"));
  await page.getByPlaceholder("Search by tag code, SKU, certificate number or title").fill("SOL-002");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="piece-link"]').length === 1);
  // The sale reaches Loupe through a signed orders/create webhook; poll until it is applied.
  for (let i = 0; i < 40; i++) {
    await page.getByTestId("piece-link").first().click();
    if (await page.getByText("Archived").first().isVisible().catch(() => false)) break;
    await page.waitForTimeout(250);
    await page.goBack();
  }
  await page.getByText("Archived").first().waitFor();
  await page.getByText(/sold in order #\d+/).first().waitFor();
  expect(problems).toEqual([]);
});

