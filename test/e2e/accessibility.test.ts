// Accessibility on the running demo, in Chromium with axe-core injected: every admin page (in
// French) has its document title and one main landmark, and axe reports no critical or serious
// violation; the public provenance page likewise on a 390×844 phone, through a signed proxy request.
// (The kiosk's counter page is checked on a phone in kiosk.test.ts.)
import { expect, test } from "vitest";
import { gotoAdmin, openPage } from "./browser";
import { seriousAxeViolations, type AxeProblem } from "./axe";
import { useDemoAndBrowser } from "./session";
import { DEMO_API_SECRET, DEMO_SHOP } from "./demo-process";
import { signedProxyUrl } from "../demo/provenance-links";
import { openDemoDb } from "./waits";

const e2e = useDemoAndBrowser();

async function firstId(sql: string): Promise<string> {
  const db = openDemoDb(e2e.demo.dataDir);
  try {
    const row = (await db.execute(sql)).rows[0];
    if (!row) throw new Error(`the demo has no row for: ${sql}`);
    return String(row.id);
  } finally {
    db.close();
  }
}

test("every admin page has a title, a main landmark and no critical or serious axe violation (French)", async () => {
  const piece = await firstId(`SELECT id FROM Piece WHERE state = 'active' ORDER BY tagCode LIMIT 1`);
  const partner = await firstId(`SELECT id FROM Party ORDER BY id LIMIT 1`);
  const materialClass = await firstId(`SELECT id FROM MaterialClass ORDER BY id LIMIT 1`);
  const job = await firstId(`SELECT id FROM MaterialJob ORDER BY id LIMIT 1`);
  const pages = [
    "/app",
    "/app/pieces",
    `/app/pieces/${piece}`,
    "/app/pieces/new",
    "/app/pieces/to-complete",
    "/app/import",
    "/app/catalogue",
    "/app/drift",
    "/app/setup",
    "/app/kiosks",
    "/app/tags",
    "/app/provenance",
    `/app/provenance/${piece}`,
    "/app/materials",
    `/app/materials/classes/${materialClass}`,
    "/app/materials/jobs",
    `/app/materials/jobs/${job}`,
    "/app/materials/prices",
    "/app/materials/impairment",
    "/app/materials/reports",
    "/app/materials/settings",
    "/app/partners",
    `/app/partners/${partner}`,
    "/app/partners/import",
    "/app/staff",
    "/app/permissions",
    "/app/settings",
  ];
  const { page, problems } = await openPage(e2e.browser);
  const found: { path: string; title: string; mains: number; axe: AxeProblem[] }[] = [];
  for (const path of pages) {
    await gotoAdmin(page, e2e.demo.adminUrl(path, "fr"));
    await page.waitForLoadState("networkidle");
    found.push({
      path,
      title: await page.title(),
      mains: await page.getByRole("main").count(),
      axe: await seriousAxeViolations(page),
    });
  }
  // Each page is named for what it is (more than the app's bare name), once.
  expect(
    found.filter((f) => !f.title.includes(" · ") && f.path !== "/app").map((f) => `${f.path}: "${f.title}"`),
  ).toEqual([]);
  expect({
    settings: found.find((f) => f.path === "/app/settings")?.title,
    withoutOneMain: found.filter((f) => f.mains !== 1).map((f) => `${f.path}: ${f.mains} main`),
    axe: found.filter((f) => f.axe.length > 0).map((f) => ({ path: f.path, axe: f.axe })),
  }).toEqual({ settings: "Réglages de la boutique · Loupe", withoutOneMain: [], axe: [] });
  expect(problems).toEqual([]);
}, 600_000);

test("the public provenance page on a 390×844 phone: no critical or serious axe violation, in French and English", async () => {
  const token = await firstId(`SELECT publicToken AS id FROM Piece WHERE state = 'active' ORDER BY tagCode LIMIT 1`);
  for (const locale of ["fr", "en"] as const) {
    const { page, problems } = await openPage(e2e.browser, { viewport: { width: 390, height: 844 } });
    await page.goto(signedProxyUrl(e2e.demo.appUrl, DEMO_SHOP, token, DEMO_API_SECRET, locale));
    await page.locator("article").waitFor();
    expect(await page.evaluate(() => document.title.length > 0)).toBe(true);
    expect({ locale, axe: await seriousAxeViolations(page) }).toEqual({ locale, axe: [] });
    expect(problems).toEqual([]);
  }
}, 300_000);
