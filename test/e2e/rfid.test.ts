// RFID on the real demo (`npm run demo`) in Chromium. The demo shop has RFID on under GS1's own
// example company prefix 0614141, and a few designs carry a GTIN under it as their Shopify barcode.
// The tag templates page refuses a bad prefix beside its field, saves a good one with its reason,
// keeps it after a reload, and its RFID preview decodes to a demo GTIN. At the counter, Léa picks
// the RFID label for one of today's arrivals: the EPC is shown as provisional (a lookup gives no
// serial), Print gives the piece its serial, and the ZPL in the virtual printer's folder writes an
// EPC that decodes to the piece's GTIN and serial; a reprint writes the same EPC.
import { expect, test } from "vitest";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeSgtin96, normalizeGtin } from "../../app/domain/tags";
import { gotoAdmin, openPage } from "./browser";
import { useDemoAndBrowser } from "./session";
import { openDemoDb, until } from "./waits";

const DEMO_PREFIX = "0614141";
const RFID_TEMPLATE = "rfid-label-76x25";

const e2e = useDemoAndBrowser();

test("RFID is on in the demo under GS1's example prefix; a bad prefix is refused with a clear message, a good one kept after a reload (French)", async () => {
  const { page, problems } = await openPage(e2e.browser);
  const open = async () => {
    await gotoAdmin(page, e2e.demo.adminUrl("/app/tags", "fr"));
    await page.getByRole("heading", { name: "RFID (EPC SGTIN-96)", exact: true }).waitFor();
    await page.waitForLoadState("networkidle");
  };
  await open();
  const prefix = page.getByLabel("Préfixe entreprise GS1", { exact: true });
  const reason = page.getByLabel("Motif du changement", { exact: true });
  expect(await prefix.inputValue()).toBe(DEMO_PREFIX);
  expect(await page.getByLabel("Écrire les EPC sur le support RFID", { exact: true }).isChecked()).toBe(true);
  await prefix.fill("12345");
  await reason.fill("nouveau rouleau");
  await page.getByRole("button", { name: "Enregistrer le réglage RFID", exact: true }).click();
  await page
    .getByText("Un préfixe entreprise GS1 compte 6 à 12 chiffres, rien d'autre (par exemple 3760123).")
    .first()
    .waitFor();

  await prefix.fill(DEMO_PREFIX);
  await reason.fill("nouveau rouleau");
  await page.getByRole("button", { name: "Enregistrer le réglage RFID", exact: true }).click();
  await page.getByTestId("tags-answer").filter({ hasText: "Réglage RFID enregistré." }).waitFor();

  await open();
  expect(await page.getByLabel("Préfixe entreprise GS1", { exact: true }).inputValue()).toBe(DEMO_PREFIX);
  await page.getByLabel("Modèle", { exact: true }).selectOption(RFID_TEMPLATE);
  await page.getByTestId("tag-preview").locator('svg[width="76mm"][height="25mm"]').waitFor();
  // The sample piece (the newest with a GTIN: a demo arrival) gives the preview its EPC, decoded.
  const shown = (await page.getByTestId("rfid-epc").textContent()) ?? "";
  const hex = /[0-9A-F]{24}/.exec(shown)?.[0];
  expect(hex).toBeDefined();
  expect(decodeSgtin96(hex!, DEMO_PREFIX.length)).toMatchObject({ ok: true, companyPrefix: DEMO_PREFIX });
  // The refused save answers 422, which Chromium logs; nothing else may go wrong.
  expect(problems.filter((p) => !p.includes("status of 422"))).toEqual([]);
  expect(problems.filter((p) => p.includes("status of 422"))).toHaveLength(1);
});

test("at the counter, the RFID label of a demo arrival shows its EPC as provisional, and the printed ZPL writes the EPC of the piece's GTIN and serial", async () => {
  const sqlite = openDemoDb(e2e.demo.dataDir);
  const pieceRow = async () =>
    (await sqlite.execute(`SELECT id, tagCode, title, shopifyBarcode, epcSerial FROM Piece WHERE sku = 'NEW-001'`))
      .rows[0]!;
  const arrival = await pieceRow();
  expect(arrival.epcSerial).toBeNull();
  const gtin = normalizeGtin(String(arrival.shopifyBarcode));
  expect(gtin?.slice(1, 1 + DEMO_PREFIX.length)).toBe(DEMO_PREFIX);
  const counter = async () =>
    BigInt(String((await sqlite.execute(`SELECT nextSerial FROM RfidSettings`)).rows[0]!.nextSerial));
  const nextBefore = await counter();

  const { page, problems } = await openPage(e2e.browser);
  await page.goto(e2e.demo.kioskUrl);
  await page.getByRole("heading", { name: "Sign in with your PIN" }).waitFor();
  for (const d of "2468") await page.getByRole("button", { name: d, exact: true }).click();
  await page.getByRole("button", { name: "OK", exact: true }).click();
  await page.getByText("Hello Léa Bernard.").waitFor();
  await page.locator("#template").selectOption(RFID_TEMPLATE);
  await page
    .getByRole("button", { name: `${String(arrival.tagCode)} — ${String(arrival.title)}`, exact: true })
    .click();
  await page.locator("#pieceCode").getByText(String(arrival.tagCode), { exact: true }).waitFor();
  const provisional = page.locator("#epc");
  await provisional.getByText(/EPC if printed now: [0-9A-F]{24}/).waitFor();
  expect(await provisional.textContent()).toContain(`serial ${nextBefore}`);
  expect(await provisional.textContent()).toContain("provisional");
  // Looking the piece up gave it nothing.
  expect((await pieceRow()).epcSerial).toBeNull();
  expect(await counter()).toBe(nextBefore);

  await page.getByRole("button", { name: "Print tag", exact: true }).click();
  await page.getByText(`Tag ${String(arrival.tagCode)} printed.`, { exact: true }).waitFor();
  await page
    .locator("#epc")
    .getByText(/^EPC written: [0-9A-F]{24}/)
    .waitFor();
  const serial = BigInt(String((await pieceRow()).epcSerial));
  expect(serial).toBe(nextBefore);

  const rfidZpl = () =>
    readdirSync(e2e.demo.tagsDir)
      .filter((f) => f.endsWith(".zpl") && f.startsWith(String(arrival.tagCode)))
      .map((f) => readFileSync(join(e2e.demo.tagsDir, f), "utf8"))
      .filter((zpl) => zpl.includes("^RFW"));
  const written = rfidZpl();
  expect(written).toHaveLength(1);
  const epc = /\^RS8\^RFW,H,,,A\^FD([0-9A-F]{24})\^FS/.exec(written[0]!)?.[1];
  expect(decodeSgtin96(epc!, DEMO_PREFIX.length)).toMatchObject({
    ok: true,
    gtin,
    serial,
    companyPrefix: DEMO_PREFIX,
    filter: 1,
  });
  expect(await page.locator("#epc").textContent()).toContain(epc!);

  await page.getByRole("button", { name: "Reprint tag", exact: true }).click();
  const again = await until("the reprint reaching the printer", () => {
    const written = rfidZpl();
    return written.length >= 2 ? written : null;
  });
  expect(again).toHaveLength(2);
  expect(again.every((zpl) => zpl.includes(`^FD${epc}^FS`))).toBe(true);
  expect(await counter()).toBe(nextBefore + 1n);
  expect(problems).toEqual([]);
  sqlite.close();
});

test("from the pieces list, bulk print on the RFID label: the kiosk takes the job and writes the EPC of the piece's GTIN (French)", async () => {
  const sqlite = openDemoDb(e2e.demo.dataDir);
  const row = (await sqlite.execute(`SELECT id, tagCode, shopifyBarcode FROM Piece WHERE sku = 'NEW-002'`)).rows[0]!;
  const tagCode = String(row.tagCode);
  const gtin = normalizeGtin(String(row.shopifyBarcode));

  const { page, problems } = await openPage(e2e.browser);
  await gotoAdmin(page, e2e.demo.adminUrl("/app/pieces", "fr", "&q=NEW-002"));
  await page.locator("tbody tr").first().getByText(tagCode).waitFor();
  expect(await page.locator("tbody tr").count()).toBe(1);
  await page.locator("tbody tr").first().locator('input[type="checkbox"]').check({ force: true });
  await page.getByRole("button", { name: "Imprimer les étiquettes", exact: true }).click();
  await page.getByLabel("Modèle d'étiquette", { exact: true }).selectOption(RFID_TEMPLATE);
  await page.getByRole("button", { name: "Imprimer les étiquettes (1)", exact: true }).click();
  await page.getByText("1 étiquette envoyée à la file d'impression.").waitFor();

  const job = (
    await sqlite.execute({ sql: `SELECT templateId FROM PrintJob WHERE pieceId = ?`, args: [String(row.id)] })
  ).rows;
  expect(job.map((j) => String(j.templateId))).toEqual([RFID_TEMPLATE]);
  const serial = BigInt(
    String(
      (await sqlite.execute({ sql: `SELECT epcSerial FROM Piece WHERE id = ?`, args: [String(row.id)] })).rows[0]!
        .epcSerial,
    ),
  );

  // The demo's kiosk at Paris polls the queue every 2 s and prints into the virtual printer's folder.
  const zpl = await until("the RFID tag in the virtual printer's folder", () =>
    readdirSync(e2e.demo.tagsDir)
      .filter((f) => f.endsWith(".zpl") && f.startsWith(tagCode))
      .map((f) => readFileSync(join(e2e.demo.tagsDir, f), "utf8"))
      .find((z) => z.includes("^RFW")),
  );
  const epc = /\^RS8\^RFW,H,,,A\^FD([0-9A-F]{24})\^FS/.exec(zpl ?? "")?.[1];
  expect(decodeSgtin96(epc ?? "", DEMO_PREFIX.length)).toMatchObject({
    ok: true,
    gtin,
    serial,
    companyPrefix: DEMO_PREFIX,
  });
  expect(problems).toEqual([]);
  sqlite.close();
});
