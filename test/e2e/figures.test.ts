// Every figure on the admin pages is written for its reader: no float artefacts
// ("2.0999999999999996" mm, "53.2818190204" unit cost), no amount with a bare currency code
// ("75.2 EUR"), no French figure with a decimal point ("6.2 g"), nothing "NaN". The demo shop's
// pages in French and English, in Chromium: the text shown and the values of the form fields.
import { expect, test } from "vitest";
import type { Page } from "playwright-core";
import { gotoAdmin, openPage } from "./browser";
import { useDemoAndBrowser } from "./session";

const e2e = useDemoAndBrowser();

const PAGES = [
  "/app",
  "/app/pieces",
  "/app/pieces/new",
  "/app/pieces/to-complete",
  "/app/catalogue",
  "/app/drift",
  "/app/tags",
  "/app/materials",
  "/app/materials/jobs",
  "/app/materials/prices",
  "/app/materials/reports",
  "/app/materials/impairment",
  "/app/materials/settings",
  "/app/partners",
  "/app/settings",
  "/app/provenance",
];

/** Pages reached from the lists: a few pieces, every materials class, every job. */
async function linkedPages(page: Page, locale: string): Promise<string[]> {
  const found: string[] = [];
  const collect = async (from: string, selector: string, max: number) => {
    await gotoAdmin(page, e2e.demo.adminUrl(from, locale));
    const hrefs = await page
      .locator(selector)
      .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    found.push(...[...new Set(hrefs)].slice(0, max));
  };
  await collect("/app/pieces", 'a[data-testid="piece-link"]', 4);
  await collect("/app/materials", 'a[href*="/app/materials/classes/"]', 20);
  await collect("/app/materials/jobs", 'a[href*="/app/materials/jobs/"]', 10);
  return found;
}

/** The page's text and the values in its fields, as a person reads them. */
async function shownText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const values = [...document.querySelectorAll("input:not([type=hidden]), textarea")].map(
      (field) => (field as HTMLInputElement).value,
    );
    return [document.body.innerText, ...values].join("\n");
  });
}

const ARTEFACTS: [string, RegExp][] = [
  ["a float artefact or an unrounded figure", /\d[.,]\d{5,}(?!\d)/],
  ["an amount with a bare currency code", /\d\s?(?:EUR|USD|GBP|CHF)\b/],
  ["a broken number", /\b(?:NaN|Infinity|undefined)\b|\[object Object\]/],
];
// In French the decimal mark is a comma: a point before a unit is an unformatted figure.
const FRENCH_ARTEFACT: [string, RegExp] = [
  "a French figure with a decimal point",
  /\d\.\d+\s?(?:g|ct|mm|‰|€|%)(?![\p{L}])/u,
];

function artefacts(text: string, locale: string): string[] {
  const rules = locale === "fr" ? [...ARTEFACTS, FRENCH_ARTEFACT] : ARTEFACTS;
  return rules.flatMap(([what, rule]) => {
    const match = rule.exec(text);
    if (!match) return [];
    const around = text.slice(Math.max(0, match.index - 40), match.index + match[0].length + 20);
    return [`${what}: ${JSON.stringify(around)}`];
  });
}

for (const locale of ["fr", "en"]) {
  test(`every figure on the admin pages is formatted for its reader (${locale})`, async () => {
    const { page } = await openPage(e2e.browser);
    const found: Record<string, string[]> = {};
    for (const path of [...PAGES, ...(await linkedPages(page, locale))]) {
      await gotoAdmin(page, e2e.demo.adminUrl(path, locale));
      await page.waitForLoadState("networkidle");
      const problems = artefacts(await shownText(page), locale);
      if (problems.length) found[path] = problems;
    }
    expect(found).toEqual({});
  });
}

test("the scan finds what it looks for", () => {
  expect(artefacts("Haut (mm) 2.0999999999999996", "en")).toHaveLength(1);
  expect(artefacts("Coût unitaire 53.2818190204", "fr").length).toBeGreaterThan(0);
  expect(artefacts("75.2 EUR", "en")).toHaveLength(1);
  expect(artefacts("6.2 g", "fr")).toHaveLength(1);
  expect(artefacts("999.9 ‰", "fr")).toHaveLength(1);
  expect(artefacts("6,20 g · 999,9 ‰ · 4 850,00 € · GIA 2141438167 · 12/08/2026", "fr")).toEqual([]);
});
