// A real shop's first day, from nothing: `npm run demo -- --empty` (Shopify — the simulator — holds
// the catalogue and stock at three locations; Loupe's database holds nothing), then a new owner
// clicking through the admin in Chromium: the home checklist, the set-up page, Import Shopify
// locations (three sites), a safe and a tray in the tree, the tray's label; a kiosk paired from the
// code the launcher shows, a person with a PIN, the label printed at the kiosk (its barcode scans);
// a newcomer in the Shopify admin (staff) shown the print queue without the manager's forms; a
// piece received into an existing Shopify variant by SKU; the Shopify catalogue read, one vendor's
// units made into pieces (once only, Shopify's stock unchanged) and one of them completed on Details
// to complete; at the kiosk, the safe's label printed from the screen, the received piece's tag
// printed and the piece received on the tray; then sold in the simulator's console: the piece shows
// as sold and Shopify's stock follows Loupe's pieces all the way. The steps share one demo and one
// page and run in order; each waits for conditions, never for a fixed time.
import { afterAll, beforeAll, expect, test } from "vitest";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { gotoAdmin, launch, openPage, waitForHydration } from "./browser";
import { decodeBarcode } from "./barcodes";
import { DEMO_SHOP as SHOP, startDemo, type RunningDemo } from "./demo-process";
import { openDemoDb, until } from "./waits";
import { locationCodeFromDigest } from "../../app/domain/locations/code";
import { EMPTY_SHOP_CATALOGUE, EMPTY_SHOP_LOCATIONS, SOLD_OUT_SKU, catalogueSummary } from "../demo/empty-shop";

const PARIS = EMPTY_SHOP_LOCATIONS[0];
const SAFE = `${PARIS} > Coffre 1`;
const TRAY = `${SAFE} > Plateau 1`;
const KIOSK_NAME = "Comptoir Paris";
const PERSON = "Léa Bernard";
const PIN = "2468";
const PIECE_TITLE = "Bracelet jonc or rose 750, 6 mm";
const VINTAGE = "Vintage — dépôt-vente";
const DECO = "Bague Art déco, platine, saphir et diamants";

type Level = { inventoryItemId: string; locationId: string; quantities: { available: number } };
type HistoryEntry = { inventoryItemId: string; locationId: string; delta: number; referenceDocumentUri: string | null };

let demo: RunningDemo;
let browser: Browser;
let page: Page;
let problems: string[] = [];
let db: ReturnType<typeof openDemoDb>;
/** What the steps learn and pass on. */
const found = { labelCode: "", parisGid: "", pieceId: "", tagCode: "", inventoryItemGid: "" };
async function sim<T>(name: string): Promise<T> {
  const res = await fetch(`${demo.simulatorUrl}/_sim/${name}?shop=${SHOP}`);
  if (!res.ok) throw new Error(`simulator ${name}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

const availableAtParis = async () =>
  (await sim<Level[]>("inventory-levels")).find(
    (l) => l.inventoryItemId === found.inventoryItemGid && l.locationId === found.parisGid,
  )?.quantities.available;

async function count(table: string): Promise<number> {
  return Number((await db.execute(`SELECT count(*) AS n FROM "${table}"`)).rows[0]!.n);
}

/** The tag or label the kiosk's virtual printer wrote for `code` (the .zpl comes last, once the PNG is whole). */
async function printed(code: string): Promise<string> {
  return until(
    `the kiosk's printer to write ${code}`,
    () => {
      const zpl = existsSync(demo.tagsDir)
        ? readdirSync(demo.tagsDir).find((f) => f.startsWith(`${code}-`) && f.endsWith(".zpl"))
        : undefined;
      return zpl ? join(demo.tagsDir, zpl.replace(/\.zpl$/, ".png")) : null;
    },
    { detail: () => demo.output().slice(-3000) },
  );
}

/** A location row of the set-up page's tree, by the place's name. */
const row = (name: string) => page.getByTestId("location-row").filter({ has: page.getByText(name, { exact: true }) });

beforeAll(async () => {
  demo = await startDemo({ args: ["--empty"] });
  db = openDemoDb(demo.dataDir);
  browser = await launch();
  ({ page, problems } = await openPage(browser));
});

afterAll(async (file) => {
  db?.close();
  await browser?.close();
  await demo?.stop();
  // The demo's folder (database, kiosk journal, tags) is kept after a failure, for a person to look at.
  if (demo && file.tasks.every((t) => t.result?.state === "pass"))
    rmSync(demo.dataDir, { recursive: true, force: true });
});

test("the demo starts with Shopify's catalogue only: Loupe's database is empty and the launcher says to open set-up", async () => {
  const { units } = catalogueSummary();
  expect(demo.output()).toContain("EMPTY SHOP");
  expect(demo.output()).toMatch(
    /Open the set-up page first[^\n]*\n\s+Set-up \(English\): +http:\/\/localhost:\d+\/app\/setup\?/,
  );
  for (const table of ["Shop", "Session", "Location", "Piece", "StaffMember", "Device", "AuditLog", "PrintJob"])
    expect(await count(table), table).toBe(0);
  // Shopify's side: every unit of the catalogue, at the three locations.
  const levels = await sim<Level[]>("inventory-levels");
  expect(levels.reduce((sum, l) => sum + l.quantities.available, 0)).toBe(units);
  expect(new Set(levels.map((l) => l.locationId)).size).toBe(3);
});

test("the home checklist leads to set-up, where Import Shopify locations makes the three sites", async () => {
  await gotoAdmin(page, demo.adminUrl("/app", "en"));
  await page.getByRole("heading", { name: "Getting started" }).waitFor();
  for (const step of [
    "Shopify locations imported as sites",
    "At least one storage place (safe, showcase, tray) under a site",
    "A kiosk paired",
  ])
    await page.getByText(step, { exact: true }).waitFor();
  expect(await page.getByText("To do", { exact: true }).count()).toBe(3);

  await page.getByRole("link", { name: "Open set-up" }).first().click();
  await page.getByRole("heading", { name: "Set-up and locations", exact: true }).waitFor();
  await waitForHydration(page);
  await page.getByText("No site yet: import the Shopify locations first.").waitFor();
  await page.getByRole("button", { name: "Import Shopify locations" }).click();
  await page
    .getByText("Shopify locations read: 3 sites created, 0 renamed, 0 archived, 0 restored.", { exact: true })
    .waitFor();
  for (const name of EMPTY_SHOP_LOCATIONS) await row(name).waitFor();
  expect(await page.getByTestId("location-row").count()).toBe(3);
  found.parisGid = String(
    (
      await db.execute({
        sql: "SELECT shopifyLocationGid FROM Location WHERE parentId IS NULL AND name = ?",
        args: [PARIS],
      })
    ).rows[0]!.shopifyLocationGid,
  );
  expect(found.parisGid).toMatch(/^gid:\/\/shopify\/Location\/\d+$/);
});

test("a safe and a tray go into the tree (an empty name is refused beside the field first), and the tray's label is queued", async () => {
  const locationsBefore = await count("Location");
  const problemsBefore = problems.length;
  await row(PARIS).getByRole("button", { name: "Add a place" }).click();
  // Saved with no name: refused beside the field, nothing written.
  await row(PARIS).getByRole("button", { name: "Save" }).click();
  await row(PARIS).getByText("Give the place a name.").first().waitFor();
  expect(await count("Location")).toBe(locationsBefore);
  // The refusal is a 400 answer, which the browser's console reports: that one is expected.
  await until("the refused save's 400 in the console", () => problems.length > problemsBefore);
  expect(problems.splice(problemsBefore)).toEqual([
    "console.error: Failed to load resource: the server responded with a status of 400 (Bad Request)",
  ]);

  await row(PARIS).getByLabel(`Add a place under ${PARIS}`).fill("Coffre 1");
  await row(PARIS).getByRole("button", { name: "Save" }).click();
  await page.getByText(`“${SAFE}” added.`, { exact: true }).waitFor();
  await row("Coffre 1").getByText("Safe", { exact: true }).waitFor();

  await row("Coffre 1").getByRole("button", { name: "Add a place" }).click();
  await row("Coffre 1").getByLabel("Kind").selectOption("tray");
  await row("Coffre 1").getByLabel(`Add a place under ${SAFE}`).fill("Plateau 1");
  await row("Coffre 1").getByRole("button", { name: "Save" }).click();
  await page.getByText(`“${TRAY}” added.`, { exact: true }).waitFor();
  await row("Plateau 1").getByText("Tray", { exact: true }).waitFor();

  await row("Plateau 1").getByRole("button", { name: "Print label" }).click();
  const saved = page.getByText(
    new RegExp(`^Label of “${TRAY}” \\((L-[0-9A-Z]{7})\\) sent to the kiosks of its site\\.$`),
  );
  await saved.waitFor();
  found.labelCode = /\((L-[0-9A-Z]{7})\)/.exec(await saved.innerText())![1]!;
  await row("Plateau 1").getByText(`Label code: ${found.labelCode}`).waitFor();
  expect(await count("PrintJob")).toBe(1);
});

test("a kiosk is paired with the code the launcher shows, a person gets a PIN, and the kiosk prints the tray's label", async () => {
  // The latest code the launcher printed (it prints a new one when a code expires).
  const code = await until(
    "the pairing code in the launcher's output",
    () => [...demo.output().matchAll(/kiosk pairing code: ([0-9A-Z]{4}-[0-9A-Z]{4})/gi)].at(-1)?.[1],
  );
  await gotoAdmin(page, demo.adminUrl("/app/kiosks", "en"));
  await page.getByRole("heading", { name: "Kiosks and printing", exact: true }).waitFor();
  // The label waits for a kiosk at its location, and the page says none can print it yet.
  await page.getByLabel("Pairing code").fill(code);
  const location = page.getByLabel("Shop location");
  const option = await location
    .locator("option")
    .filter({ hasText: PARIS })
    .first()
    .evaluate((o) => (o as HTMLOptionElement).value);
  await location.selectOption(option);
  await page.getByLabel("Kiosk name").fill(KIOSK_NAME);
  await page.getByRole("button", { name: "Pair this kiosk" }).click();
  await page
    .getByTestId("kiosk-ok")
    .filter({ hasText: `Kiosk “${KIOSK_NAME}” is paired.` })
    .waitFor();
  // The launcher collects the token and starts the kiosk again, paired.
  await until(
    "the launcher to restart the kiosk paired",
    () => /kiosk paired \(.+\) and started again/.test(demo.output()),
    {
      detail: () => demo.output().slice(-3000),
    },
  );

  // A person for the counter, with her PIN.
  await page.getByLabel("Name", { exact: true }).fill(PERSON);
  await page.getByRole("button", { name: "Add a person" }).click();
  const person = page.getByRole("row").filter({ hasText: PERSON });
  await person.filter({ hasText: "No PIN" }).waitFor();
  await person.getByLabel("PIN").fill(PIN);
  await person.getByRole("button", { name: "Set PIN" }).click();
  await page.getByText(`PIN saved for ${PERSON}.`).waitFor();
  await person.filter({ hasText: "PIN set" }).waitFor();

  // The paired kiosk takes the waiting label job and prints it: its Code128 scans back to the code.
  const label = await printed(found.labelCode);
  expect(await decodeBarcode(label, "code128")).toBe(found.labelCode);
  await until("the label job acknowledged as printed", async () => {
    const job = (await db.execute("SELECT status FROM PrintJob")).rows[0];
    return job?.status === "printed";
  });

  // Every step of the checklist is done: it is gone from the home page.
  await gotoAdmin(page, demo.adminUrl("/app", "en"));
  await page.getByRole("heading", { name: "Loupe — jewelry records" }).waitFor();
  expect(await page.getByRole("heading", { name: "Getting started" }).count()).toBe(0);
});

test("someone new in the Shopify admin is staff: Kiosks and printing shows them the queue, not the manager's forms, and says why", async () => {
  // Shopify user 7002 opens Loupe for the first time: not the account owner, so Loupe makes them staff.
  const { page: theirs, problems: theirProblems } = await openPage(browser);
  await gotoAdmin(theirs, demo.adminUrl("/app/kiosks", "en", "&demoUser=7002"));
  await theirs.getByRole("heading", { name: "Kiosks and printing", exact: true }).waitFor();
  await theirs.getByText(`${found.labelCode} — ${TRAY}`).waitFor();
  await theirs
    .getByTestId("role-cannot")
    .getByText("Your role cannot pair or remove kiosks or manage PINs — ask a manager.", { exact: true })
    .waitFor();
  for (const manage of ["Pair this kiosk", "Add a person", "Remove", "Set PIN"])
    expect(await theirs.getByRole("button", { name: manage, exact: true }).count(), manage).toBe(0);
  expect(await theirs.getByLabel("Pairing code").count()).toBe(0);
  const role = await db.execute({ sql: "SELECT role FROM StaffMember WHERE shopifyUserId = ?", args: ["7002"] });
  expect(role.rows[0]?.role).toBe("staff");
  await theirs.close();
  expect(theirProblems).toEqual([]);

  // The owner's page has the forms.
  await gotoAdmin(page, demo.adminUrl("/app/kiosks", "en"));
  await page.getByRole("button", { name: "Pair this kiosk", exact: true }).waitFor();
  expect(await page.getByTestId("role-cannot").count()).toBe(0);
});

test("a piece is received into the shop's sold-out Shopify variant by its SKU, placed on the tray", async () => {
  await gotoAdmin(page, demo.adminUrl("/app/pieces/new", "en"));
  await page.getByRole("heading", { name: "Receive a piece", exact: true }).waitFor();
  await page.getByLabel("Title", { exact: true }).fill(PIECE_TITLE);
  await page.getByLabel("Price (EUR)", { exact: true }).fill("1,290.00");
  await page.getByLabel("Shopify product", { exact: true }).selectOption("attach");
  await page.getByLabel("Variant SKU or id", { exact: true }).fill(SOLD_OUT_SKU);
  await page.getByRole("button", { name: "Look up" }).click();
  await page.getByText(new RegExp(`^Found: .+ \\(SKU ${SOLD_OUT_SKU}\\)$`)).waitFor();
  await page.getByLabel("Gross weight", { exact: true }).fill("14.20");
  const place = page.getByLabel("Internal location", { exact: true });
  await place.selectOption({ label: TRAY });
  await page.getByRole("button", { name: "Receive the piece" }).last().click();
  await page.getByRole("heading", { name: PIECE_TITLE }).waitFor();

  const piece = (
    await db.execute({
      sql: `SELECT p.id, p.tagCode, p.state, p.inventoryItemGid, p.sku, l.path FROM Piece p JOIN Location l ON l.id = p.locationId WHERE p.title = ?`,
      args: [PIECE_TITLE],
    })
  ).rows;
  expect(piece).toHaveLength(1);
  expect({ state: piece[0]!.state, sku: piece[0]!.sku, path: piece[0]!.path }).toEqual({
    state: "receiving",
    sku: SOLD_OUT_SKU,
    path: TRAY,
  });
  found.pieceId = String(piece[0]!.id);
  found.tagCode = String(piece[0]!.tagCode);
  found.inventoryItemGid = String(piece[0]!.inventoryItemGid);
  // Still sold out in Shopify: a piece being received is not for sale yet.
  expect(await availableAtParis()).toBe(0);
});

test("the Shopify catalogue is read, one vendor's units become pieces (once only), and one piece's details are completed; Shopify's stock does not move", async () => {
  const levelsBefore = await sim<Level[]>("inventory-levels");
  const loupeWrites = async () =>
    (await sim<HistoryEntry[]>("inventory-history")).filter((h) => h.referenceDocumentUri?.startsWith("gid://loupe/"));
  expect(await loupeWrites()).toEqual([]);
  const piecesBefore = await count("Piece");
  // Every tracked variant's stock at each location, as lines; the sold-out design has none.
  const stocked = EMPTY_SHOP_CATALOGUE.flatMap((p) =>
    p.variants.filter((v) => v.tracked !== false).flatMap((v) => Object.values(v.stock ?? {}).filter((n) => n > 0)),
  );

  await page.getByRole("link", { name: "Shopify catalogue", exact: true }).filter({ visible: true }).click();
  await page.getByRole("heading", { name: "Pieces from the Shopify catalogue", exact: true }).waitFor();
  await waitForHydration(page);
  await page.getByText("The catalogue has not been read yet.", { exact: true }).waitFor();
  await page.getByRole("button", { name: "Read the catalogue from Shopify" }).click();
  await page
    .getByText("Reading the catalogue from Shopify. This page shows it once Shopify has answered.", { exact: true })
    .waitFor();
  // The worker's bulk loop (or the finish webhook) completes the read; the page asks again by itself.
  await page.getByText(/^Catalogue read .+\.$/).waitFor();
  const units = stocked.reduce((a, n) => a + n, 0);
  await page.getByText(`${stocked.length} lines, ${units} pieces to create.`, { exact: true }).waitFor();
  const lines = page.locator("table.Loupe-catalogue tbody tr");
  expect(await lines.count()).toBe(stocked.length);
  await lines.filter({ hasText: "Alliance classique or jaune 750 — Taille 52" }).filter({ hasText: PARIS }).waitFor();
  expect(await lines.filter({ hasText: SOLD_OUT_SKU }).count()).toBe(0);

  // One vendor: its three one-of-a-kind pieces, one at each location.
  await page.getByLabel("Vendor", { exact: true }).selectOption(VINTAGE);
  await page.getByRole("button", { name: "Filter", exact: true }).click();
  await page.getByText("3 lines, 3 pieces to create.", { exact: true }).waitFor();
  expect(new URL(page.url()).searchParams.get("vendor")).toBe(VINTAGE);
  // The same list in a second tab, left open while the first one creates the pieces.
  const { page: second, problems: secondProblems } = await openPage(browser);
  await gotoAdmin(second, demo.adminUrl("/app/catalogue", "en", `&vendor=${encodeURIComponent(VINTAGE)}`));
  await second.getByText("3 lines, 3 pieces to create.", { exact: true }).waitFor();

  await page.getByRole("button", { name: "Create pieces for the filter" }).click();
  await page
    .getByText("3 pieces created: 3 active, 0 on hold, 0 at repair. Their details are to complete.", { exact: true })
    .waitFor();
  await page.getByText("Nothing to create: every unit in stock has its piece.", { exact: true }).waitFor();
  expect(await count("Piece")).toBe(piecesBefore + 3);
  // Run again from the tab that still shows the three lines: nothing more is created.
  await second.getByRole("button", { name: "Create pieces for the filter" }).click();
  await second.getByText("Nothing to create: these units already have their pieces.", { exact: true }).waitFor();
  await second.close();
  expect(secondProblems).toEqual([]);
  expect(await count("Piece")).toBe(piecesBefore + 3);
  const made = (
    await db.execute(
      "SELECT p.title, p.state, l.name FROM Piece p JOIN Location l ON l.id = p.locationId WHERE p.detailsPendingAt IS NOT NULL ORDER BY p.title",
    )
  ).rows.map((r) => ({ title: r.title, state: r.state, at: r.name }));
  expect(made).toEqual([
    { title: DECO, state: "active", at: PARIS },
    { title: "Broche camée coquillage, or 585", state: "active", at: EMPTY_SHOP_LOCATIONS[1] },
    { title: "Montre de gousset, or 750 (1912)", state: "active", at: EMPTY_SHOP_LOCATIONS[2] },
  ]);

  // Details to complete: the three pieces; one is opened, then given its metal and marked complete.
  await page.getByRole("link", { name: "Home", exact: true }).filter({ visible: true }).first().click();
  await page.getByTestId("details-pending-link").getByText("3 pieces have details to complete").click();
  await page.getByRole("heading", { name: "Details to complete", exact: true }).waitFor();
  await page.getByText("3 pieces with details still to enter", { exact: true }).waitFor();
  const deco = page.getByRole("row").filter({ hasText: DECO });
  await deco.getByRole("link", { name: DECO, exact: true }).click();
  await page.getByRole("heading", { name: DECO }).waitFor();
  await page.goBack();
  await page.getByText("3 pieces with details still to enter", { exact: true }).waitFor();
  await waitForHydration(page);
  await deco.getByRole("checkbox").click();
  await page.getByLabel("Metal", { exact: true }).selectOption({ label: "Platinum" });
  await page.getByLabel("Fineness (750 or 18k)", { exact: true }).fill("950");
  await page.getByLabel("Gross weight (optional)", { exact: true }).fill("5.40");
  await page.getByRole("button", { name: "Apply to 1 piece" }).click();
  await page.getByText("1 piece changed.", { exact: true }).waitFor();
  await deco.getByText("Metal: recorded").waitFor();
  await deco.getByRole("button", { name: "Mark complete", exact: true }).click();
  await page.getByText("1 piece marked complete.", { exact: true }).waitFor();
  await page.getByText("2 pieces with details still to enter", { exact: true }).waitFor();
  expect(await deco.count()).toBe(0);

  // Both sides still agree: Shopify's quantities are as they were, and Loupe wrote no stock.
  await until("Loupe's outbox drained", async () => {
    const open = await db.execute("SELECT count(*) AS n FROM OutboxEntry WHERE status IN ('pending', 'in_flight')");
    return Number(open.rows[0]!.n) === 0;
  });
  expect(await sim<Level[]>("inventory-levels")).toEqual(levelsBefore);
  expect(await loupeWrites()).toEqual([]);
  expect(await availableAtParis()).toBe(0);
  expect(await count("PrintJob")).toBe(1);
});

test("at the kiosk, the person prints the safe's label from the screen, then the piece's tag, attaches it and receives it on the tray; Shopify's stock rises to 1", async () => {
  const counter = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  counter.on("pageerror", (e) => problems.push(`kiosk page error: ${e.message}`));
  await counter.addInitScript(() => localStorage.setItem("loupe-kiosk-lang", "en"));
  await counter.goto(demo.kioskUrl);
  await counter.getByRole("heading", { name: "Sign in with your PIN" }).waitFor();
  await counter.locator("#shop").getByText(PARIS).waitFor();
  for (const d of PIN) await counter.getByRole("button", { name: d, exact: true }).click();
  await counter.getByRole("button", { name: "OK", exact: true }).click();
  await counter.getByText(`Hello ${PERSON}.`).waitFor();

  // The safe's label, printed from the kiosk's own screen: the site's places, searched by name.
  const safeId = String(
    (await db.execute({ sql: "SELECT id FROM Location WHERE path = ?", args: [SAFE] })).rows[0]!.id,
  );
  const safeCode = locationCodeFromDigest(createHash("sha256").update(safeId).digest());
  await counter.getByLabel("Search a place (name or code)").fill("coffre");
  await counter.getByRole("button", { name: `Print the label of ${TRAY}`, exact: true }).waitFor();
  await counter.getByRole("button", { name: `Print the label of ${SAFE}`, exact: true }).click();
  await counter.getByText(`Label of ${SAFE} (${safeCode}) printed.`, { exact: true }).waitFor();
  expect(await decodeBarcode(await printed(safeCode), "code128")).toBe(safeCode);
  await until("the safe's label job acknowledged as printed, in the person's name", async () => {
    const job = (
      await db.execute({ sql: "SELECT status, requestedBy FROM PrintJob WHERE locationId = ?", args: [safeId] })
    ).rows[0];
    return job?.status === "printed" && job.requestedBy === `${PERSON} @ ${KIOSK_NAME}`;
  });

  // Typed as a scanner would: the tag code, then Enter.
  await counter.locator("#code").fill(found.tagCode);
  await counter.locator("#code").press("Enter");
  await counter.locator("#pieceCode").getByText(found.tagCode, { exact: true }).waitFor();
  await counter.getByRole("heading", { name: PIECE_TITLE, exact: true }).waitFor();
  await counter.getByRole("button", { name: "Print tag", exact: true }).click();
  await counter.getByText(`Tag ${found.tagCode} printed.`, { exact: true }).waitFor();
  const tag = await printed(found.tagCode);
  expect(await decodeBarcode(tag, "code128")).toBe(found.tagCode);
  const token = String(
    (await db.execute({ sql: "SELECT publicToken FROM Piece WHERE id = ?", args: [found.pieceId] })).rows[0]!
      .publicToken,
  );
  expect(await decodeBarcode(tag, "qrcode")).toBe(`https://${SHOP}/apps/loupe/${token}`);

  await counter.getByRole("button", { name: "Tag attached", exact: true }).click();
  await counter.getByText(`${found.tagCode} is marked as tagged.`, { exact: true }).waitFor();
  await counter.getByRole("button", { name: TRAY, exact: true }).click();
  await counter.getByRole("button", { name: "Receive here", exact: true }).click();
  await counter.getByText(`${found.tagCode} is received and now active in ${TRAY}.`, { exact: true }).waitFor();
  await counter.close();

  await until("Shopify's available quantity at Paris to reach 1", async () => (await availableAtParis()) === 1, {
    detail: () => demo.output().slice(-3000),
  });
});

test("sold in the Shopify simulator: the piece shows as sold in Loupe, and Shopify's stock follows its pieces", async () => {
  await page.goto(`${demo.simulatorUrl}/_sim/console?shop=${SHOP}`);
  await page.getByTestId(`sell-${SOLD_OUT_SKU}`).click();
  await page.getByText("created and paid").waitFor();
  await until("the sold piece archived in Loupe", async () => {
    const piece = (await db.execute({ sql: "SELECT state FROM Piece WHERE id = ?", args: [found.pieceId] })).rows[0];
    return piece?.state === "archived";
  });
  await gotoAdmin(page, demo.adminUrl(`/app/pieces/${found.pieceId}`, "en"));
  await page.getByRole("heading", { name: PIECE_TITLE }).waitFor();
  await page.getByText("Archived").first().waitFor();
  // The piece's ledger: the sale, its order and the price it sold at.
  await page.getByText(/^Sold on .+, order #\d+, €1,290\.00$/).waitFor();

  // Loupe's outbox has delivered everything it had to say, and Shopify holds what Loupe holds:
  // no active piece of the design, nothing available at Paris.
  await until("Loupe's outbox drained", async () => {
    const open = await db.execute("SELECT count(*) AS n FROM OutboxEntry WHERE status IN ('pending', 'in_flight')");
    return Number(open.rows[0]!.n) === 0;
  });
  expect(await count("OutboxEntry")).toBeGreaterThan(0);
  const dead = await db.execute("SELECT kind, lastError FROM OutboxEntry WHERE status = 'dead'");
  expect(dead.rows).toEqual([]);
  const active = await db.execute({
    sql: "SELECT count(*) AS n FROM Piece WHERE sku = ? AND state = 'active'",
    args: [SOLD_OUT_SKU],
  });
  expect(Number(active.rows[0]!.n)).toBe(0);
  expect(await availableAtParis()).toBe(0);
  // Loupe wrote to that stock exactly once: the "received" +1 (the sale's −1 is Shopify's own).
  const history = (await sim<HistoryEntry[]>("inventory-history")).filter(
    (h) => h.inventoryItemId === found.inventoryItemGid && h.referenceDocumentUri?.startsWith("gid://loupe/"),
  );
  expect(history.map((h) => ({ at: h.locationId, delta: h.delta, ref: h.referenceDocumentUri }))).toEqual([
    { at: found.parisGid, delta: 1, ref: `gid://loupe/Piece/${found.pieceId}` },
  ]);

  expect(problems).toEqual([]);
});
