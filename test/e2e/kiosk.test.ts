// The counter page in Chromium: PIN keypad, a scanner burst with no field focused (and one
// into a focused field), print to the virtual printer, confirm, choose a location, receive —
// in French, then English. The kiosk runs in this process against a fake app (the contract).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser } from "playwright-core";
import { startKiosk, type RunningKiosk } from "../../kiosk/demo";
import { DEVICE_TOKEN, FakeApp, PIN } from "../integration/kiosk-program/fakes";
import { launch, openPage } from "./browser";

let browser: Browser;
let app: FakeApp;
let kiosk: RunningKiosk;
let dataDir: string;
let printed: string;

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
  });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await app?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

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

  await page.getByRole("button", { name: "Imprimer l'étiquette", exact: true }).click();
  await page.getByText(`Étiquette ${piece.tagCode} imprimée.`).waitFor();
  const files = fs.readdirSync(printed);
  expect(files.filter((f) => f.startsWith(piece.tagCode) && f.endsWith(".zpl"))).toHaveLength(1);
  expect(files.filter((f) => f.startsWith(piece.tagCode) && f.endsWith(".png"))).toHaveLength(1);

  await page.getByRole("button", { name: "Étiquette posée" }).click();
  await page.getByText(`${piece.tagCode} est marquée comme étiquetée.`).waitFor();
  await page.getByRole("button", { name: "Boutique > Vitrine 3", exact: true }).click();
  await page.getByRole("button", { name: "Réceptionner ici" }).click();
  await page.getByText(`${piece.tagCode} est reçue et désormais active dans Boutique > Vitrine 3.`).waitFor();
  expect(piece).toMatchObject({ state: "active", locationId: "loc-show" });

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
  await fetch(new URL("/api/sign-out", kiosk.url), { method: "POST", headers: { "x-loupe-kiosk": "1" } });
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
