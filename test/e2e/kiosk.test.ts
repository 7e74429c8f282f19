// The counter page in Chromium: PIN keypad, a scanner burst with no field focused (and one
// into a focused field), print to the virtual printer, confirm, choose a location, receive —
// in French, then English. The kiosk runs in this process against a fake app (the contract), with
// a clock the test moves for the idle sign-out.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startKiosk, type RunningKiosk } from "../../kiosk/demo";
import { DEVICE_TOKEN, FakeApp, PIN } from "../integration/kiosk-program/fakes";
import { launch, openPage } from "./browser";
import { seriousAxeViolations, smallTapTargets } from "./axe";

let browser: Browser;
let app: FakeApp;
let kiosk: RunningKiosk;
let dataDir: string;
let printed: string;
/** The kiosk's clock for idle sign-out: real time plus what the test moved it by. */
let skipped = 0;

beforeAll(async () => {
  app = await new FakeApp().start();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kiosk-e2e-"));
  printed = path.join(dataDir, "printed");
  kiosk = await startKiosk({
    appUrl: app.url,
    dataDir,
    port: 0,
    deviceToken: DEVICE_TOKEN,
    printer: { kind: "file", dir: printed },
    now: () => Date.now() + skipped,
  });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await app?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Waits until the element's text is exactly `text` (no-break spaces included). */
async function shows(page: Page, selector: string, text: string): Promise<void> {
  // Polled on a timer, not on animation frames (which a busy headless browser may hold back).
  await page.waitForFunction(([sel, t]) => document.querySelector(sel!)?.textContent === t, [selector, text], {
    polling: 100,
  });
}

test("intake at the counter with a keyboard-wedge scanner, in French then English", async () => {
  const piece = app.addPiece(1, { title: "Bague Élise" });
  const other = app.addPiece(2, { title: "Collier Iris" });
  const { page, problems } = await openPage(browser);
  await page.addInitScript(() => localStorage.setItem("loupe-kiosk-lang", "fr"));
  await page.goto(kiosk.url);
  await page.getByRole("heading", { name: "Identifiez-vous avec votre code PIN" }).waitFor();

  for (const d of "1111") await page.getByRole("button", { name: d, exact: true }).click();
  await page.getByRole("button", { name: "OK" }).click();
  await page.getByText("Code PIN incorrect. 4 essais restants").waitFor();
  for (const d of PIN) await page.getByRole("button", { name: d, exact: true }).click();
  await page.getByRole("button", { name: "OK" }).click();
  await page.getByText("Bonjour Camille.").waitFor();
  await page.getByText(`${piece.tagCode} — Bague Élise`).waitFor();

  // A scanner burst with nothing focused: 5 ms between keys, then Enter.
  await page.locator("body").click({ position: { x: 5, y: 300 } });
  await page.keyboard.type(piece.tagCode, { delay: 5 });
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Bague Élise" }).waitFor();
  // The card: what to check the piece in hand against, in French.
  await shows(page, "#pieceState", "État\u00a0: En réception");
  expect(await page.locator("#facts dd").allTextContents()).toEqual([
    "1\u202f250,01\u00a0€",
    "Or jaune 750\u00a0‰ (18\u00a0carats) · 3,42\u00a0g",
    "Diamant naturel 0,52\u00a0ct G VS1",
  ]);
  // Never printed: Print, not Reprint.
  expect(await page.getByRole("button", { name: "Réimprimer l'étiquette" }).isVisible()).toBe(false);

  await page.getByRole("button", { name: "Imprimer l'étiquette", exact: true }).click();
  await page.getByText(`Étiquette ${piece.tagCode} imprimée.`).waitFor();
  // Printed once: from now on only an explicit reprint.
  await page.getByRole("button", { name: "Réimprimer l'étiquette", exact: true }).waitFor();
  expect(await page.getByRole("button", { name: "Imprimer l'étiquette", exact: true }).isVisible()).toBe(false);
  const files = fs.readdirSync(printed);
  expect(files.filter((f) => f.startsWith(piece.tagCode) && f.endsWith(".zpl"))).toHaveLength(1);
  expect(files.filter((f) => f.startsWith(piece.tagCode) && f.endsWith(".png"))).toHaveLength(1);

  await page.getByRole("button", { name: "Étiquette posée" }).click();
  await page.getByText(`${piece.tagCode} est marquée comme étiquetée.`).waitFor();
  await page.getByRole("button", { name: "Boutique > Vitrine 3", exact: true }).click();
  await page.getByRole("button", { name: "Réceptionner ici" }).click();
  const received = page.getByText(`${piece.tagCode} est reçue et désormais active dans Boutique > Vitrine 3.`);
  await received.waitFor();
  expect(piece).toMatchObject({ state: "active", locationId: "loc-show" });
  // The card shows the piece as it now is, and the confirmation sits beside the button, on screen.
  await shows(page, "#pieceState", "État\u00a0: En vente");
  await shows(page, "#pieceWhere", " · Emplacement\u00a0: Boutique > Vitrine 3");
  const button = (await page.getByRole("button", { name: "Réceptionner ici" }).boundingBox())!;
  const answer = (await received.boundingBox())!;
  expect(Math.abs(answer.y + answer.height / 2 - (button.y + button.height / 2))).toBeLessThan(button.height);
  expect(
    await received.evaluate((el) => {
      const box = el.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    }),
  ).toBe(true);

  // English, and a scan while the code field has focus: the burst is taken back out of the field.
  await page.getByRole("button", { name: "English" }).click();
  await page.getByRole("button", { name: "Receive here" }).waitFor();
  await page.locator("#code").click();
  await page.keyboard.type(other.tagCode, { delay: 5 });
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Collier Iris" }).waitFor();
  expect(await page.locator("#code").inputValue()).toBe("");

  // A person typing a mistyped code slowly and pressing Find gets the kiosk's own message.
  const mistyped = other.tagCode.slice(0, 6) + (other.tagCode.endsWith("0") ? "1" : "0");
  await page.locator("#code").pressSequentially(mistyped, { delay: 80 });
  await page.getByRole("button", { name: "Find" }).click();
  await page.getByText("looks mistyped").waitFor();

  expect(app.applied.map((o) => o.kind)).toEqual(["printed", "tagged", "receive"]);
  // Chromium logs every 4xx answer; the wrong PIN (401) and the mistyped code (422) were asked for.
  const expected = /status of (401|422) /;
  expect(problems.filter((p) => !expected.test(p))).toEqual([]);
}, 120_000);

test("a person whose role may not print sees no print buttons nor labels, and is told why; receiving stays (English)", async () => {
  const piece = app.addPiece(3, { title: "Bague Ondine" });
  // The shop's matrix takes printing away from this person's role: the app's sign-in answer says so.
  app.staffPermissions = ["pieces.view", "pieces.receive", "kiosk.use"];
  try {
    const { page, problems } = await openPage(browser);
    await page.addInitScript(() => localStorage.setItem("loupe-kiosk-lang", "en"));
    await page.goto(kiosk.url);
    await page.getByRole("heading", { name: "Sign in with your PIN" }).waitFor();
    for (const d of PIN) await page.getByRole("button", { name: d, exact: true }).click();
    await page.getByRole("button", { name: "OK" }).click();
    await page.getByText("Hello Camille.").waitFor();
    await page.getByText(`${piece.tagCode} — Bague Ondine`).click();
    await page.getByRole("heading", { name: "Bague Ondine" }).waitFor();
    await page.getByText("Your role cannot print tags or labels — ask a manager.").first().waitFor();
    for (const name of ["Print tag", "Reprint tag", "Tag attached"])
      expect(await page.getByRole("button", { name, exact: true }).isVisible(), name).toBe(false);
    // The location labels section is replaced by the same line.
    expect(await page.getByLabel("Search a place (name or code)").isVisible()).toBe(false);
    expect(await page.getByText("Your role cannot print tags or labels — ask a manager.").count()).toBe(2);
    // Receiving is still theirs.
    await page.getByRole("button", { name: "Boutique > Coffre 1", exact: true }).click();
    await page.getByRole("button", { name: "Receive here" }).click();
    await page.getByText(`${piece.tagCode} is received and now active in Boutique > Coffre 1.`).waitFor();
    expect(problems).toEqual([]);
  } finally {
    app.staffPermissions = undefined;
  }
}, 120_000);

test("on a 390×844 phone: labelled code field, finger-sized controls, no serious axe violation; an arrival tapped comes into view; another browser starts signed out; an idle session signs out", async () => {
  const arrivals = [40, 41, 42, 43, 44, 45].map((n) => app.addPiece(n, { title: `Alliance ${n}` }));
  const phone = { viewport: { width: 390, height: 844 } };
  const { page, problems } = await openPage(browser, phone);
  await page.addInitScript(() => localStorage.setItem("loupe-kiosk-lang", "fr"));
  await page.goto(kiosk.url);
  await page.getByRole("heading", { name: "Identifiez-vous avec votre code PIN" }).waitFor();
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await smallTapTargets(page)).toEqual([]);

  for (const d of PIN) await page.getByRole("button", { name: d, exact: true }).click();
  await page.getByRole("button", { name: "OK" }).click();
  await page.getByText("Bonjour Camille.").waitFor();
  expect(await page.getByLabel("Code de l'étiquette").evaluate((el) => el.id)).toBe("code");

  // The last arrival, far down the list: tapping it brings its card to the screen.
  const last = arrivals.at(-1)!;
  await page.getByRole("button", { name: `${last.tagCode} — ${last.title}`, exact: true }).click();
  await page.getByRole("heading", { name: last.title }).waitFor();
  await page.waitForFunction(
    () => {
      const box = document.getElementById("pieceTitle")!.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    },
    undefined,
    { polling: 100 },
  );
  expect(await seriousAxeViolations(page)).toEqual([]);
  expect(await smallTapTargets(page)).toEqual([]);
  // The page is as wide as the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  // Another browser (another tablet) on the same kiosk starts signed out.
  const other = await openPage(browser, phone);
  await other.page.goto(kiosk.url);
  await other.page
    .getByRole("heading", { name: /Identifiez-vous avec votre code PIN|Sign in with your PIN/ })
    .waitFor();
  expect(await other.page.locator("#who").textContent()).toBe("");
  expect(await page.locator("#who").textContent()).toBe("Camille");

  // Ten minutes without a tap (the kiosk's clock moved on): the page goes back to the PIN pad by itself.
  skipped += 10 * 60_000;
  await page.getByRole("heading", { name: "Identifiez-vous avec votre code PIN" }).waitFor();
  expect(await page.locator("#piece").isVisible()).toBe(false);
  expect(await page.locator("#who").textContent()).toBe("");
  expect(problems).toEqual([]);
  expect(other.problems).toEqual([]);
}, 120_000);
