// The partners register in Chromium against `npm run demo`: the demo's typed supplier and consignor
// names are partners; a new consignor with a mistyped SIREN is refused beside the field (English,
// then French), then saved with its default terms; at intake, choosing it fills the consignment's
// commission and due date from those terms.
import { expect, test } from "vitest";
import { gotoAdmin, openPage } from "./browser";
import { useDemoAndBrowser } from "./session";

const e2e = useDemoAndBrowser();

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

test("a consignor created in the register prefills the consignment terms at intake", async () => {
  const { page, problems } = await openPage(e2e.browser);
  await gotoAdmin(page, e2e.demo.adminUrl("/app/partners", "en"));
  await page.getByRole("heading", { name: "Partners", exact: true }).waitFor();
  // Names the demo typed at intake and on materials receipts are partners now.
  const names = await page.getByTestId("partner-link").allInnerTexts();
  expect(names).toEqual(expect.arrayContaining(["Atelier Lumière", "Hélène Dubois", "Platinum Europe"]));

  await page.getByRole("button", { name: "New partner", exact: true }).click();
  await page.getByLabel("Name", { exact: true }).fill("Bijouterie Morel");
  await page.getByLabel("Consignor", { exact: true }).check();
  await page.getByLabel("SIREN", { exact: true }).fill("552 032 535");
  await page.getByLabel("Commission %", { exact: true }).fill("30");
  await page.getByLabel("Return after (days)", { exact: true }).fill("60");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText("This SIREN's check digit is wrong: check for a mistyped digit.").waitFor();
  await page.getByLabel("SIREN", { exact: true }).fill("552 032 534");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByText("Bijouterie Morel was added to the register.").waitFor();

  // The same mistake in French.
  await gotoAdmin(page, e2e.demo.adminUrl("/app/partners", "fr"));
  await page.getByRole("button", { name: "Nouveau partenaire", exact: true }).click();
  await page.getByLabel("Nom", { exact: true }).fill("Doublon Morel");
  await page.getByLabel("SIREN", { exact: true }).fill("552032534");
  await page.getByRole("button", { name: "Enregistrer", exact: true }).click();
  await page
    .getByText("Un autre partenaire a déjà ce SIREN\u202f: Bijouterie Morel. Ouvrez-le, ou fusionnez les deux.")
    .waitFor();

  // Intake: marked consigned, the consignor chosen from the register brings its terms.
  await gotoAdmin(page, e2e.demo.adminUrl("/app/pieces/new", "en"));
  await page.getByRole("heading", { name: "Receive a piece", exact: true }).waitFor();
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Held on consignment (belongs to a consignor)", { exact: true }).check();
  await page.getByLabel("Consignor", { exact: true }).selectOption({ label: "Bijouterie Morel — 552032534" });
  await expect.poll(() => page.getByLabel("Commission (%)", { exact: true }).inputValue()).toBe("30");
  const today = Date.parse(`${isoDay(Date.now())}T00:00:00Z`);
  expect(await page.getByLabel("Due back on", { exact: true }).inputValue()).toBe(isoDay(today + 60 * 86_400_000));
  // The browser logs the two refusals this test provoked (400: the SIREN's key; 422: the SIREN taken).
  expect(problems).toEqual([
    "console.error: Failed to load resource: the server responded with a status of 400 (Bad Request)",
    "console.error: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)",
  ]);
});
