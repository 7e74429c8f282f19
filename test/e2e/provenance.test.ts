// Provenance on the running demo, in Chromium: a seeded piece's QR URL through a signed proxy
// request in French and English, on a 390×844 phone too (the page fits, names the shop from
// Shopify, speaks one language); the signed JSON downloaded from the page standalone, through a
// stand-in storefront's app proxy (inside a theme, whose look it keeps) and through the demo's link; the unsigned URL refused; the signed JSON verifies and a tampered
// copy does not. Then the admin block (the admin UI extension's real component, bundled with
// esbuild) rendered outside the Shopify admin with a stand-in `shopify` global, calling the
// demo's backend across origins with a real session token: it lists the product's pieces and
// queues a tag print.
import { afterAll, beforeAll, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { build } from "esbuild";
import type { Browser, Locator, Page } from "playwright-core";
import { gotoAdmin, launch, openPage } from "./browser";
import { DEMO_API_KEY, DEMO_API_SECRET, DEMO_SHOP, startDemo, type RunningDemo } from "./demo-process";
import { signedProxyUrl } from "../demo/provenance-links";
import { verifyEnvelope, type SignedEnvelope } from "../../app/domain/provenance/signature";
import { DEMO_SHOP_CONTACT, DEMO_SHOP_NAME } from "../demo/catalogue";
import { startStorefront, THEME_BACKGROUND, THEME_FONT } from "./storefront-proxy";
import { mintSessionToken } from "../../app/http/demo-session.server";
import { E2E_WAIT_MS, openDemoDb } from "./waits";

const SHOP = DEMO_SHOP;
const API_KEY = DEMO_API_KEY;
const API_SECRET = DEMO_API_SECRET;
let APP_URL = "";
let dataDir = "";
const adminUrl = (path: string, locale: string, extra = "") => demo.adminUrl(path, locale, extra);

let demo: RunningDemo;
let browser: Browser;
let piece: { title: string; token: string; productGid: string; tagCode: string };

beforeAll(async () => {
  demo = await startDemo();
  APP_URL = demo.appUrl;
  dataDir = demo.dataDir;
  const output = demo.output();
  const sqlite = openDemoDb(dataDir);
  const row = (
    await sqlite
      .execute(
        `SELECT title, publicToken, productGid, tagCode FROM Piece WHERE state = 'active' AND productGid IS NOT NULL AND shopifyLocationGid IS NOT NULL AND title LIKE 'Solitaire%' ORDER BY tagCode LIMIT 1`,
      )
      .catch((error: Error) => {
        throw new Error(`${error.message}; demo output:\n${output}`);
      })
  ).rows[0];
  sqlite.close();
  if (!row) throw new Error(`no seeded piece found in the demo database:\n${output}`);
  piece = {
    title: String(row.title),
    token: String(row.publicToken),
    productGid: String(row.productGid),
    tagCode: String(row.tagCode),
  };
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

test("the QR URL of a seeded piece opens through a signed proxy request, in French and in English", async () => {
  const { page, problems } = await openPage(browser);
  await page.goto(signedProxyUrl(APP_URL, SHOP, piece.token, API_SECRET, "fr"));
  await page.getByRole("heading", { name: piece.title }).waitFor();
  await page.getByRole("heading", { name: "Métal et titre" }).waitFor();
  await page.getByText("Poids brut").waitFor();
  await page.getByRole("link", { name: "Vérifier ce rapport sur le site du laboratoire" }).waitFor();
  await page.getByText("Vérification technique").click();
  const fingerprint = await page.getByText(/Empreinte de la clé de la boutique/).innerText();
  expect(fingerprint).toMatch(/[0-9A-F]{5}(-[0-9A-F]{5}){3}/);

  await page.goto(signedProxyUrl(APP_URL, SHOP, piece.token, API_SECRET, "en"));
  await page.getByRole("heading", { name: "Metal and fineness" }).waitFor();
  await page.getByText("Gross weight").waitFor();
  await page.getByText("Technical verification").click();
  await page.getByText(/Fingerprint of the shop's key/).waitFor();
  expect(problems).toEqual([]);
});

const PHONE = { width: 390, height: 844 };

/** Clicks a download link and reads the file the browser saved. */
async function downloaded(page: Page, link: Locator): Promise<SignedEnvelope> {
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return JSON.parse(readFileSync(await download.path(), "utf8")) as SignedEnvelope;
}

const pageWidth = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth);

test("on a 390×844 phone the page fits the screen, names the shop that signed it and speaks the reader's language", async () => {
  const languages = [
    {
      locale: "fr" as const,
      signer: `Cette fiche est signée par ${DEMO_SHOP_NAME}.`,
      texts: ["Métal et titre", "Diamant naturel, taille brillant rond", "Pureté", "Poids brut", "Pierre centrale"],
      technical: "Vérification technique",
      download: "Télécharger la fiche signée (JSON)",
      foreign: ["colour", "clarity", "round brilliant", "Diamond", "natural", "Very Good", "Gross weight", "signed"],
    },
    {
      locale: "en" as const,
      signer: `This record is signed by ${DEMO_SHOP_NAME}.`,
      texts: ["Metal and fineness", "Natural diamond, round brilliant cut", "Clarity", "Gross weight", "Centre stone"],
      technical: "Technical verification",
      download: "Download the signed record (JSON)",
      foreign: ["Diamant naturel", "taille brillant", "Pureté", "Poids brut", "Diamond natural", "signée"],
    },
  ];
  for (const l of languages) {
    const { page, problems } = await openPage(browser, { viewport: PHONE });
    // The shop's name and contact come from Shopify, read on a first view that waits for Shopify
    // only briefly (and the page is cached a few seconds): reload until they are there.
    await expect
      .poll(
        async () => {
          await page.goto(signedProxyUrl(APP_URL, SHOP, piece.token, API_SECRET, l.locale));
          return page.locator("article").innerText();
        },
        { timeout: E2E_WAIT_MS },
      )
      .toContain(DEMO_SHOP_CONTACT.contactEmail);
    expect(await page.locator(".loupe-signer").innerText()).toContain(l.signer);
    for (const text of l.texts) await page.getByText(text).first().waitFor();
    const shown = await page.locator("article").innerText();
    for (const word of l.foreign) expect(shown, `${l.locale} page shows "${word}"`).not.toContain(word);
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    // The technical verification is one click away, and still fits once open.
    expect(await page.getByRole("link", { name: l.download }).isVisible()).toBe(false);
    await page.getByText(l.technical).click();
    await page.getByRole("link", { name: l.download }).waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(problems).toEqual([]);
  }
});

test("the signed JSON downloads from the page standalone, through the app proxy inside the theme, and in the demo", async () => {
  const storefront = await startStorefront(APP_URL, SHOP, API_SECRET);
  try {
    const places = [
      { where: "standalone", url: signedProxyUrl(APP_URL, SHOP, piece.token, API_SECRET, "fr") },
      { where: "app proxy", url: `${storefront.url}/apps/loupe/${piece.token}?locale=fr` },
      { where: "demo", url: `${APP_URL}/demo/provenance/${piece.token}?shop=${SHOP}&locale=fr` },
    ];
    for (const { where, url } of places) {
      const { page, problems } = await openPage(browser, { viewport: PHONE });
      await page.goto(url);
      await page.getByRole("heading", { name: piece.title }).waitFor();
      expect(await pageWidth(page), where).toBeLessThanOrEqual(PHONE.width);
      await page.getByText("Vérification technique").click();
      const envelope = await downloaded(page, page.getByRole("link", { name: "Télécharger la fiche signée (JSON)" }));
      expect(envelope.record.title, where).toBe(piece.title);
      expect(verifyEnvelope(envelope).ok, where).toBe(true);
      if (where === "app proxy") {
        // Inside the theme the record keeps the theme's look: its fonts and background are the theme's.
        const look = await page.evaluate(() => ({
          heading: getComputedStyle(document.querySelector(".loupe-provenance h1")!).fontFamily,
          background: getComputedStyle(document.body).backgroundColor,
        }));
        expect(look.heading).toContain(THEME_FONT);
        expect(look.background).toBe(THEME_BACKGROUND);
      }
      expect(problems, where).toEqual([]);
    }
  } finally {
    await storefront.close();
  }
});

test("the unsigned URL is refused", async () => {
  const { page } = await openPage(browser);
  const response = await page.goto(`${APP_URL}/proxy/${piece.token}?shop=${SHOP}&locale=en`);
  expect(response?.status()).toBe(400);
  expect(await page.textContent("body")).toContain("This page can only be opened through the shop's website.");
  expect(await page.textContent("body")).not.toContain(piece.title);
});

test("the signed JSON verifies, and a tampered copy does not", async () => {
  const res = await fetch(signedProxyUrl(APP_URL, SHOP, piece.token, API_SECRET, null, { format: "json" }));
  expect(res.status).toBe(200);
  const envelope = await res.json();
  expect(envelope.record.title).toBe(piece.title);
  expect(verifyEnvelope(envelope).ok).toBe(true);
  const tampered = {
    ...envelope,
    record: {
      ...envelope.record,
      metals: envelope.record.metals.map((m: { finenessBp: number }) => ({ ...m, finenessBp: 9990 })),
    },
  };
  expect(verifyEnvelope(tampered)).toEqual({ ok: false, reason: "BAD_SIGNATURE" });
});

test("the admin block shows the product's pieces and queues a tag print (component outside the admin, stand-in shopify global)", async () => {
  const bundle = await build({
    entryPoints: ["extensions/loupe-admin-block/src/BlockExtension.tsx"],
    bundle: true,
    write: false,
    format: "iife",
    globalName: "LoupeBlock",
    jsx: "automatic",
    jsxImportSource: "preact",
    platform: "browser",
    target: "es2020",
    logLevel: "silent",
  });
  const fr = readFileSync("extensions/loupe-admin-block/locales/fr.json", "utf8");
  // Another origin than the app's, as in the admin: the backend must answer CORS (with a preflight,
  // because of the Authorization header). A real local server, so Chromium sees a loopback page
  // calling a loopback backend.
  const html = `<!doctype html><html><head><meta charset="utf-8"></head><body><script>
        const messages = ${fr};
        window.LOUPE_APP_URL = ${JSON.stringify(APP_URL)};
        window.__token = ${JSON.stringify(mintSessionToken(SHOP, API_KEY, API_SECRET))};
        window.shopify = {
          data: { selected: [{ id: ${JSON.stringify(piece.productGid)} }] },
          auth: { idToken: async () => window.__token },
          i18n: { translate: (key, vars = {}) => (messages[key] ?? key).replace(/\\{\\{(\\w+)\\}\\}/g, (_, k) => vars[k] ?? "") },
        };
      </script></body></html>`;
  const harnessServer = createServer((_req, res) =>
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(html),
  );
  await new Promise<void>((r) => harnessServer.listen(0, "127.0.0.1", () => r()));
  const harness = `http://127.0.0.1:${(harnessServer.address() as AddressInfo).port}/`;
  const { page, problems } = await openPage(browser);
  await page.goto(harness);
  await page.addScriptTag({ content: `${bundle.outputFiles[0]!.text}\nLoupeBlock.default();` });
  const section = page.locator(`s-section[heading*="${piece.tagCode}"]`);
  await section.waitFor({ state: "attached" }).catch(async (error: Error) => {
    throw new Error(`${error.message}\nproblems: ${problems.join("\n")}\npage: ${await page.content()}`);
  });
  expect(await section.getAttribute("heading")).toBe(`${piece.title} — Étiquette ${piece.tagCode}`);
  await section.locator("s-badge", { hasText: "Active" }).waitFor();
  await section
    .getByText(/^Métal: Or /)
    .first()
    .waitFor();
  await section.getByText(/Rapports: GIA \d+/).waitFor();
  await section.locator("s-button", { hasText: "Imprimer l'étiquette" }).click();
  await page.locator("s-banner", { hasText: "Impression de l'étiquette en file d'attente." }).waitFor();
  expect(problems).toEqual([]);
  harnessServer.close();
});

test("the admin's provenance page counts the scans, opens a piece by tag code and adds a service event shown publicly", async () => {
  const { page, problems } = await openPage(browser);
  await gotoAdmin(page, adminUrl("/app/provenance", "fr"));
  await page.getByRole("heading", { name: "Consultations des pages de provenance" }).waitFor();
  // The QR views of the tests above were counted (nothing about the visitor).
  await page.getByText(/^\d+ consultations$/).waitFor();
  expect(await page.getByTestId("fingerprint").innerText()).toMatch(/^[0-9A-F]{5}(-[0-9A-F]{5}){3}$/);
  await page.getByLabel("Code d'étiquette").fill(piece.tagCode);
  await page.getByRole("button", { name: "Ouvrir" }).click();
  await page.getByRole("heading", { name: `Provenance de ${piece.title}` }).waitFor();
  expect(await page.getByTestId("public-url").innerText()).toBe(`https://${SHOP}/apps/loupe/${piece.token}`);
  await page.getByLabel("Note publique (facultative)").fill("Nettoyage ultrasons et polissage");
  await page.getByRole("button", { name: "Ajouter l'intervention" }).click();
  await page.getByText("Intervention ajoutée.").waitFor();
  await page.getByRole("cell", { name: "Nettoyage ultrasons et polissage" }).waitFor();
  expect(problems).toEqual([]);

  const publicPage = await openPage(browser);
  await publicPage.page.goto(signedProxyUrl(APP_URL, SHOP, piece.token, API_SECRET, "fr"));
  await publicPage.page.getByText("Entretien\u202f: nettoyage — Nettoyage ultrasons et polissage").waitFor();
});
