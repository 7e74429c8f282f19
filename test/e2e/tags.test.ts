// The tag template editor in Chromium against `npm run demo`, in English and in French: pick a
// template, change a field (font size, or hide it), see the SVG preview follow, save, reload and
// find the change kept, then go back to the built-in template.
import { expect, test } from "vitest";
import type { Locator, Page } from "playwright-core";
import { gotoAdmin, openPage } from "./browser";
import { useDemoAndBrowser } from "./session";
import { E2E_WAIT_MS } from "./waits";

const e2e = useDemoAndBrowser();

// The certificate card has room to spare, so a smaller title or a hidden metal line still lays out.
const CARD = "card-86x54";
// At 203 dpi, 8 dots to the millimetre: the card's title is 3.5 mm, 28 dots; 3 mm is 24 dots.
const DOTS_PER_MM = 203 / 25.4;

type Words = {
  locale: "en" | "fr";
  title: string;
  template: string;
  fieldLabel: string;
  fontMm: string;
  save: string;
  saved: string;
  reset: string;
  resetDone: string;
  customised: string;
  builtIn: string;
};

function preview(page: Page): Locator {
  return page.getByTestId("tag-preview");
}

/** One field's row of the editor: its "printed" checkbox, then font height, left and top. */
function fieldRow(page: Page, label: string): Locator {
  return page
    .locator(".Polaris-InlineStack")
    .filter({ has: page.getByLabel(label, { exact: true }) })
    .last();
}

async function openCard(page: Page, w: Words) {
  await gotoAdmin(page, e2e.demo.adminUrl("/app/tags", w.locale));
  await page.getByRole("heading", { name: w.title, exact: true }).waitFor();
  // The fields answer once React has hydrated the server-rendered page.
  await page.waitForLoadState("networkidle");
  await page.getByLabel(w.template, { exact: true }).selectOption(CARD);
  await preview(page).locator('svg[width="86mm"][height="54mm"]').waitFor();
}

async function editSaveReloadReset(page: Page, w: Words, change: "font" | "hide") {
  await openCard(page, w);
  await page.getByText(w.builtIn, { exact: true }).waitFor();
  const builtInSvg = await preview(page).innerHTML();
  const field = change === "font" ? "title" : "metal";
  const element = preview(page).locator(`[data-field="${field}"]`);
  expect(await element.count()).toBe(1);
  const builtInFont = Number(await element.getAttribute("font-size"));

  if (change === "font") {
    expect(builtInFont).toBe(Math.round(4 * DOTS_PER_MM));
    await fieldRow(page, w.fieldLabel).getByLabel(w.fontMm, { exact: true }).fill("3");
    await expect
      .poll(() => element.getAttribute("font-size"), { timeout: E2E_WAIT_MS })
      .toBe(String(Math.round(3 * DOTS_PER_MM)));
  } else {
    await page.getByLabel(w.fieldLabel, { exact: true }).uncheck();
    await expect.poll(() => element.count(), { timeout: E2E_WAIT_MS }).toBe(0);
  }
  const editedSvg = await preview(page).innerHTML();
  expect(editedSvg === builtInSvg, "the preview changed").toBe(false);

  await page.getByRole("button", { name: w.save, exact: true }).click();
  await page.getByTestId("tags-answer").filter({ hasText: w.saved }).waitFor();
  await page.getByText(w.customised, { exact: true }).waitFor();

  // Kept after a reload: the editor opens on the saved settings and the same preview.
  await openCard(page, w);
  await page.getByText(w.customised, { exact: true }).waitFor();
  expect((await preview(page).innerHTML()) === editedSvg, "the preview after a reload is the saved one").toBe(true);
  if (change === "font")
    expect(await fieldRow(page, w.fieldLabel).getByLabel(w.fontMm, { exact: true }).inputValue()).toBe("3");
  else expect(await page.getByLabel(w.fieldLabel, { exact: true }).isChecked()).toBe(false);

  // Back to the built-in template: the badge, the fields and the preview all go back at once.
  await page.getByRole("button", { name: w.reset, exact: true }).click();
  await page.getByTestId("tags-answer").filter({ hasText: w.resetDone }).waitFor();
  await page.getByText(w.builtIn, { exact: true }).waitFor();
  // The answer and the reloaded badge show once the navigation has settled. Soft, so that a failure
  // here still lets the reload below say whether the reset was stored.
  if (change === "font")
    expect.soft(await element.getAttribute("font-size"), "the title's size after the reset").toBe(String(builtInFont));
  else expect.soft(await element.count(), "the metal line after the reset").toBe(1);
  expect
    .soft((await preview(page).innerHTML()) === builtInSvg, "the preview after the reset is the built-in one")
    .toBe(true);

  // And still after a reload.
  await openCard(page, w);
  await page.getByText(w.builtIn, { exact: true }).waitFor();
  expect((await preview(page).innerHTML()) === builtInSvg, "the preview after a reload is the built-in one").toBe(true);
  if (change === "font")
    expect(await fieldRow(page, w.fieldLabel).getByLabel(w.fontMm, { exact: true }).inputValue()).toBe("4");
  else expect(await page.getByLabel(w.fieldLabel, { exact: true }).isChecked()).toBe(true);
}

test("a smaller title on the certificate card: previewed, saved, kept, reset (English)", async () => {
  const { page, problems } = await openPage(e2e.browser);
  await editSaveReloadReset(
    page,
    {
      locale: "en",
      title: "Tag templates",
      template: "Template",
      fieldLabel: "Title",
      fontMm: "Font height (mm)",
      save: "Save for this shop",
      saved: "Template saved: new tags use it.",
      reset: "Back to the built-in template",
      resetDone: "The built-in template is used again.",
      customised: "Adjusted for this shop",
      builtIn: "Built-in",
    },
    "font",
  );
  expect(problems).toEqual([]);
});

test("the metal line hidden on the certificate card, in French", async () => {
  const { page, problems } = await openPage(e2e.browser);
  await editSaveReloadReset(
    page,
    {
      locale: "fr",
      title: "Modèles d'étiquettes",
      template: "Modèle",
      fieldLabel: "Métal",
      fontMm: "Hauteur de police (mm)",
      save: "Enregistrer pour cette boutique",
      saved: "Modèle enregistré\u202f: les nouvelles étiquettes l'utilisent.",
      reset: "Revenir au modèle d'origine",
      resetDone: "Le modèle d'origine est de nouveau utilisé.",
      customised: "Ajusté pour cette boutique",
      builtIn: "D'origine",
    },
    "hide",
  );
  expect(problems).toEqual([]);
});
