// The settings page in Chromium against `npm run demo`, in French: the demo shop has priced pieces,
// so its currency shows as fixed; a wrong opening time is answered beside its box and nothing is
// saved; a right one is saved, and the page shows it again after a reload.
import { expect, test } from "vitest";
import { gotoAdmin, openPage } from "./browser";
import { useDemoAndBrowser } from "./session";

const e2e = useDemoAndBrowser();

test("opening hours and the weight unit saved from the page, a wrong time refused beside its box (French)", async () => {
  const { page, problems } = await openPage(e2e.browser);
  const open = async () => {
    await gotoAdmin(page, e2e.demo.adminUrl("/app/settings", "fr"));
    await page.getByRole("heading", { name: "Réglages de la boutique", exact: true }).waitFor();
    await page.waitForLoadState("networkidle");
  };
  await open();
  // The demo's pieces have prices in EUR: the currency can no longer change.
  await page.getByTestId("currency-locked").filter({ hasText: "La devise ne peut plus changer" }).waitFor();

  const mondayOpens = page.locator('input[name="hours.1.0.opens"]');
  const mondayCloses = page.locator('input[name="hours.1.0.closes"]');
  await mondayOpens.fill("10:00");
  await mondayCloses.fill("09:00");
  await page.getByRole("button", { name: "Enregistrer les réglages", exact: true }).click();
  await page.getByText("La fermeture doit venir après l'ouverture (24:00 pour minuit).").waitFor();

  await mondayCloses.fill("19:00");
  await page.getByLabel("Unité de poids", { exact: true }).selectOption("ozt");
  await page.getByRole("button", { name: "Enregistrer les réglages", exact: true }).click();
  await page.getByTestId("settings-answer").filter({ hasText: "Réglages enregistrés." }).waitFor();

  await open();
  expect(await mondayOpens.inputValue()).toBe("10:00");
  expect(await mondayCloses.inputValue()).toBe("19:00");
  expect(await page.getByLabel("Unité de poids", { exact: true }).inputValue()).toBe("ozt");
  // The refused save is the one 400 the browser reports; nothing else went wrong.
  expect(problems.filter((p) => !p.includes("status of 400"))).toEqual([]);
  expect(problems.filter((p) => p.includes("status of 400"))).toHaveLength(1);
});
