// Receiving a diamond ring with its GIA report through the intake form, finding it in the list by
// its certificate number and opening it: `npm run demo` in Chromium, in English and in French;
// then (English) editing its SKU and correcting its report's grades on its page.
import { expect, test } from "vitest";
import type { Page } from "playwright-core";
import { gotoAdmin, openPage } from "./browser";
import { useDemoAndBrowser } from "./session";

const adminUrl = (path: string, locale: string) => e2e.demo.adminUrl(path, locale);

const e2e = useDemoAndBrowser();

type Words = {
  locale: "en" | "fr";
  newTitle: string;
  title: string;
  price: string;
  fineness: string;
  weight: string;
  addCertificate: string;
  number: string;
  addStone: string;
  carats: string;
  save: string;
  tooManyDecimals: string;
  caratTotal: string;
  listTitle: string;
  search: string;
  certificates: string;
  checkReport: string;
  received: string;
};

async function receiveFindOpen(page: Page, w: Words, certificate: string, ringTitle: string) {
  await gotoAdmin(page, adminUrl("/app/pieces/new", w.locale));
  await page.getByRole("heading", { name: w.newTitle, exact: true }).waitFor();
  // The buttons work once React has hydrated the server-rendered page.
  await page.waitForLoadState("networkidle");
  await page.getByLabel(w.title, { exact: true }).fill(ringTitle);
  await page.getByLabel(w.price, { exact: true }).fill(w.locale === "fr" ? "4 250,00 €" : "4,250.00");
  await page.getByLabel(w.fineness, { exact: true }).fill("18k");
  await page.getByLabel(w.weight, { exact: true }).fill(w.locale === "fr" ? "3,25 g" : "3.25");
  await page.getByRole("button", { name: w.addCertificate }).click();
  await page.getByLabel(w.number, { exact: true }).fill(certificate);
  await page.getByRole("button", { name: w.addStone }).click();
  // A carat weight to 0.0001 ct is refused beside its field before anything is sent.
  await page.getByLabel(w.carats, { exact: true }).fill(w.locale === "fr" ? "0,5234" : "0.5234");
  await page.getByRole("button", { name: w.save }).last().click();
  await page.getByText(w.tooManyDecimals).waitFor();
  await page.getByLabel(w.carats, { exact: true }).fill(w.locale === "fr" ? "0,52" : "0.52");
  await page.getByText(w.caratTotal).waitFor();
  await page.getByRole("button", { name: w.save }).last().click();

  // The piece page opens on the new record, in receiving, with its GIA report.
  await page.getByRole("heading", { name: ringTitle }).waitFor();
  await page.getByText(w.received, { exact: true }).first().waitFor();
  await page.getByText(certificate, { exact: true }).waitFor();

  // The list finds it as its certificate number is typed, lab name first, without pressing Enter;
  // every keystroke stays in the box and the URL follows the search.
  await gotoAdmin(page, adminUrl("/app/pieces", w.locale));
  await page.getByRole("heading", { name: w.listTitle, exact: true }).waitFor();
  const searchBox = page.getByPlaceholder(w.search);
  await searchBox.pressSequentially(`GIA ${certificate}`, { delay: 40 });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="piece-link"]').length === 1);
  expect(await searchBox.inputValue()).toBe(`GIA ${certificate}`);
  await page.waitForURL((url) => url.searchParams.get("q") === `GIA ${certificate}`);
  // Words in any order find it too.
  const reversed = ringTitle.toLowerCase().split(" ").reverse().join(" ");
  await searchBox.fill(reversed);
  await page.waitForURL((url) => url.searchParams.get("q") === reversed);
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="piece-link"]').length === 1);
  const link = page.getByTestId("piece-link").first();
  expect(await link.innerText()).toBe(ringTitle);
  await link.click();
  await page.getByRole("heading", { name: ringTitle }).waitFor();
  await page.getByText(w.certificates, { exact: true }).waitFor();
  expect(await page.getByRole("link", { name: w.checkReport }).first().getAttribute("href")).toBe(
    `https://www.gia.edu/report-check?reportno=${certificate}`,
  );
}

test("receive a diamond ring with its GIA report, find it by certificate number, open it (English)", async () => {
  const { page, problems } = await openPage(e2e.browser);
  await receiveFindOpen(
    page,
    {
      locale: "en",
      newTitle: "Receive a piece",
      title: "Title",
      price: "Price (EUR)",
      fineness: "Fineness (750 or 18k)",
      weight: "Gross weight",
      addCertificate: "Add a certificate",
      number: "Report number",
      addStone: "Add a stone",
      carats: "Carats (per stone)",
      save: "Receive the piece",
      tooManyDecimals: "At most 3 decimals: stones are weighed to 0.001 ct.",
      caratTotal: "Carat total: 0.520\u00a0ct",
      listTitle: "Pieces",
      search: "Search by tag code, SKU, certificate number or title",
      certificates: "Certificates",
      checkReport: "Check the report",
      received: "Receiving",
    },
    "2199000101",
    "Solitaire e2e diamant 0.52 ct",
  );
  // Editing after intake: the SKU and the recorded report's colour grade, saved in one go.
  await page.getByRole("button", { name: "Edit piece" }).click();
  await page.getByLabel("SKU", { exact: true }).fill("E2E-SOL-1");
  await page.getByLabel("Colour grade", { exact: true }).first().fill("F");
  await page.getByRole("button", { name: "Save changes" }).click();
  // The page reloads the record: its SKU is the new one, and the form starts again from it.
  await page.getByText("E2E-SOL-1", { exact: true }).first().waitFor();
  await page.getByRole("button", { name: "Edit piece" }).waitFor();
  expect(problems).toEqual([]);
});

test("the same in French", async () => {
  const { page, problems } = await openPage(e2e.browser);
  await receiveFindOpen(
    page,
    {
      locale: "fr",
      newTitle: "Réceptionner une pièce",
      title: "Désignation",
      price: "Prix (EUR)",
      fineness: "Titre (750 ou 18k)",
      weight: "Poids brut",
      addCertificate: "Ajouter un certificat",
      number: "Numéro de rapport",
      addStone: "Ajouter une pierre",
      carats: "Carats (par pierre)",
      save: "Réceptionner la pièce",
      tooManyDecimals: "Au plus 3 décimales\u202f: les pierres se pèsent au millième de carat.",
      caratTotal: "Total en carats\u202f: 0,520\u00a0ct",
      listTitle: "Pièces",
      search: "Rechercher par code d'étiquette, SKU, numéro de certificat ou désignation",
      certificates: "Certificats",
      checkReport: "Vérifier le rapport",
      received: "En réception",
    },
    "2199000202",
    "Solitaire e2e diamant 0,52 ct",
  );
  expect(problems).toEqual([]);
});

test("a consigned piece's consignor is chosen again from the register on its page, with a reason (English)", async () => {
  const { page, problems } = await openPage(e2e.browser);
  // The demo's consigned vintage pieces belong to Hélène Dubois or Succession Marchand.
  await gotoAdmin(page, `${adminUrl("/app/pieces", "en")}&consigned=yes`);
  await page.getByRole("heading", { name: "Pieces", exact: true }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="piece-link"]').length > 0);
  await page.getByTestId("piece-link").first().click();
  await page.getByRole("button", { name: "Edit piece" }).waitFor();
  await page.waitForLoadState("networkidle");
  await page.getByRole("button", { name: "Edit piece" }).click();
  const chooser = page.getByTestId("edit-consignor-chooser").getByLabel("Consignor", { exact: true });
  const before = await chooser.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent ?? "");
  const other = before.startsWith("Hélène Dubois") ? "Succession Marchand" : "Hélène Dubois";
  const value = await chooser.evaluate(
    (s: HTMLSelectElement, name: string) => [...s.options].find((o) => o.textContent?.startsWith(name))?.value ?? "",
    other,
  );
  await chooser.selectOption(value);
  // Without a reason the server says what is missing, beside the reason.
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByText("Say why the consignor changes", { exact: false }).waitFor();
  await page.getByLabel("Reason for the change (optional)", { exact: true }).fill("deposited by the other party");
  await page.getByRole("button", { name: "Save changes" }).click();
  // The page reloads the record: the consignor shown is the new one.
  await page.getByRole("button", { name: "Edit piece" }).waitFor();
  await page.getByText(other, { exact: true }).first().waitFor();
  // The browser logs the refused save (422) it was shown; nothing else went wrong.
  expect(problems).toEqual([
    "console.error: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)",
  ]);
});
