// The README's first command, as a person uses it: `npm run demo`, then the pieces list and a piece
// in a real browser, in French and English.
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { gotoAdmin, launch, openPage } from "./browser";
import { DEMO_SHOP as SHOP, startDemo, type RunningDemo } from "./demo-process";
import { openDemoDb, until } from "./waits";

const adminUrl = (path: string, locale: string) => demo.adminUrl(path, locale);

let demo: RunningDemo;
let browser: Browser;

let pieceCount = 0;

beforeAll(async () => {
  demo = await startDemo();
  // The seed (catalogue, plus the piece a finished manufacturing job made) decides the count.
  const sqlite = openDemoDb(demo.dataDir);
  pieceCount = Number((await sqlite.execute("SELECT count(*) AS n FROM Piece")).rows[0]!.n);
  sqlite.close();
  expect(pieceCount).toBeGreaterThanOrEqual(40);
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

test("the pieces list shows the seeded shop, and a piece opens with its record and history (English)", async () => {
  const { page, problems } = await openPage(browser);
  await gotoAdmin(page, adminUrl("/app/pieces", "en"));
  await page.getByRole("heading", { name: "Pieces", exact: true }).waitFor();
  await page.getByText(`${pieceCount} pieces`, { exact: true }).first().waitFor();
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
  expect(await page.getByRole("link", { name: "Check the report" }).getAttribute("href")).toBe(
    "https://www.gia.edu/report-check?reportno=2141234560",
  );
  expect(problems).toEqual([]);
});

test("the same pages in French, and a missing piece is a 404 with a message", async () => {
  const { page, problems } = await openPage(browser);
  await gotoAdmin(page, adminUrl("/app/pieces", "fr"));
  await page.getByRole("heading", { name: "Pièces", exact: true }).waitFor();
  await page.getByText(`${pieceCount} pièces`, { exact: true }).first().waitFor();
  await page
    .getByRole("row", { name: /Broche Art déco/ })
    .getByText("En dépôt-vente")
    .waitFor();
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
  await page.goto(`${demo.simulatorUrl}/_sim/console?shop=${SHOP}`);
  await page.getByTestId("sell-SOL-002").first().click();
  await page.getByText("created and paid").waitFor();
  const sqlite = openDemoDb(demo.dataDir);
  const pieceId = String((await sqlite.execute("SELECT id FROM Piece WHERE sku = 'SOL-002'")).rows[0]!.id);
  // The sale reaches Loupe through a signed orders/create webhook: wait until the piece is archived.
  await until("the sold piece archived in Loupe", async () => {
    const row = (await sqlite.execute({ sql: "SELECT state FROM Piece WHERE id = ?", args: [pieceId] })).rows[0];
    return row?.state === "archived";
  });
  sqlite.close();
  await gotoAdmin(page, adminUrl(`/app/pieces/${pieceId}`, "en"));
  await page.getByText("Archived").first().waitFor();
  await page
    // The history reads as a ledger: "Sold on 8 Dec, order #1001, €1,900.00".
    .getByText(/Sold on .+, order #\d+/)
    .first()
    .waitFor();
  expect(problems).toEqual([]);
});
