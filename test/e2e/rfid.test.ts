// The RFID setting on the tag templates page in Chromium against `npm run demo`, in French: a bad
// GS1 prefix is refused beside its field, a good one is saved with its reason and kept after a
// reload, and the RFID template's preview says what its chip would get (the demo's pieces have no
// GTIN yet, so it says why none can be written).
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { launch, openPage } from "./browser";
import { startDemo, type RunningDemo } from "./demo-process";

let demo: RunningDemo;
let browser: Browser;

beforeAll(async () => {
  demo = await startDemo();
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

test("RFID turned on with the shop's GS1 prefix, refused first with a clear message, kept after a reload (French)", async () => {
  const { page, problems } = await openPage(browser);
  const open = async () => {
    await page.goto(demo.adminUrl("/app/tags", "fr"));
    await page.getByRole("heading", { name: "RFID (EPC SGTIN-96)", exact: true }).waitFor();
    await page.waitForLoadState("networkidle");
  };
  await open();
  const prefix = page.getByLabel("Préfixe entreprise GS1", { exact: true });
  const reason = page.getByLabel("Motif du changement", { exact: true });
  await page.getByLabel("Écrire les EPC sur le support RFID", { exact: true }).check();
  await prefix.fill("12345");
  await reason.fill("adhésion GS1 reçue");
  await page.getByRole("button", { name: "Enregistrer le réglage RFID", exact: true }).click();
  await page.getByText("Un préfixe entreprise GS1 compte 6 à 12 chiffres, rien d'autre (par exemple 3760123).").first().waitFor();

  await prefix.fill("3760123");
  await reason.fill("adhésion GS1 reçue");
  await page.getByRole("button", { name: "Enregistrer le réglage RFID", exact: true }).click();
  await page.getByTestId("tags-answer").filter({ hasText: "Réglage RFID enregistré." }).waitFor();

  await open();
  expect(await page.getByLabel("Préfixe entreprise GS1", { exact: true }).inputValue()).toBe("3760123");
  expect(await page.getByLabel("Écrire les EPC sur le support RFID", { exact: true }).isChecked()).toBe(true);
  await page.getByLabel("Modèle", { exact: true }).selectOption("rfid-label-76x25");
  await page.getByTestId("tag-preview").locator('svg[width="76mm"][height="25mm"]').waitFor();
  await page.getByTestId("rfid-epc-refused").filter({ hasText: "pas de GTIN" }).waitFor();
  // The refused save answers 422, which Chromium logs; nothing else may go wrong.
  expect(problems.filter((p) => !p.includes("status of 422"))).toEqual([]);
  expect(problems.filter((p) => p.includes("status of 422"))).toHaveLength(1);
});
