// A person pairs a kiosk, as the kiosk README and the admin's Kiosks page tell them to: on the
// counter machine `kiosk pair` shows a code; a manager types it in the admin (Kiosks), picks the
// shop location and a name, confirms; the kiosk stores its token (0600) and `kiosk status` reaches
// the app with it. Then the manager removes the kiosk and the same token is refused (401).
// Everything real: `npm run demo`, the kiosk CLI as child processes, Chromium on the admin page.
import { afterAll, beforeAll, expect, test } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { gotoAdmin, launch, openPage, waitForHydration } from "./browser";
import { DEMO_SHOP, startDemo, type RunningDemo } from "./demo-process";
import { until } from "./waits";

const KIOSK_NAME = "Comptoir vitrine (e2e)";
// The admin names each Shopify location by the site Loupe keeps for it (its root location) and
// Shopify's own name: "Paris Marais (Boutique Paris Marais)" (test/demo/catalogue.ts).
const SHOPIFY_LOCATION = "Boutique Paris Marais";
const SITE = "Paris Marais";
// Where a kiosk stands is shown as "Site (Shopify location)" once Loupe has read Shopify's names.
const LOCATION = `${SITE} (${SHOPIFY_LOCATION})`;

let demo: RunningDemo;
let browser: Browser;
let kioskDir = "";
const children: ChildProcess[] = [];
/** The kiosk's folder is kept after a failure, for a person to look at. */
let passed = false;

/** The kiosk CLI as a person runs it (`npm run kiosk -- <args>` is `node --import tsx kiosk/cli.ts`). */
function kiosk(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  // Undo what test/setup/test-env.ts and a developer's shell could set: only the flags count here.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
  delete env.LOUPE_APP_URL;
  delete env.LOUPE_KIOSK_DATA_DIR;
  delete env.LOUPE_KIOSK_PIN;
  const child = spawn(process.execPath, ["--import", "tsx", "kiosk/cli.ts", ...args], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** The Shopify location's gid as Shopify (the simulator) knows it, by its Shopify name. */
async function shopifyLocationGid(name: string): Promise<string> {
  const { accessToken } = (await (
    await fetch(`${demo.simulatorUrl}/_sim/tokens`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ shop: DEMO_SHOP }),
    })
  ).json()) as { accessToken: string };
  const res = await fetch(`${demo.simulatorUrl}/shops/${DEMO_SHOP}/admin/api/2026-07/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": accessToken },
    body: JSON.stringify({ query: "{ locations(first: 20) { nodes { id name } } }" }),
  });
  const body = (await res.json()) as { data: { locations: { nodes: { id: string; name: string }[] } } };
  const found = body.data.locations.nodes.find((l) => l.name === name);
  if (!found) throw new Error(`no Shopify location named ${name}: ${JSON.stringify(body)}`);
  return found.id;
}

async function status(): Promise<{ code: number | null; output: string }> {
  const run = kiosk(["status", "--data-dir", kioskDir]);
  const code = await run.exited;
  return { code, output: run.output() };
}

beforeAll(async () => {
  demo = await startDemo();
  kioskDir = mkdtempSync(join(demo.dataDir, "kiosk-pairing-"));
  browser = await launch();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  await browser?.close();
  await demo?.stop();
  if (passed) rmSync(demo.dataDir, { recursive: true, force: true });
});

test("a manager pairs a new kiosk at Boutique Paris Marais (site Paris Marais) from its code, the kiosk reaches the app, and Remove revokes it", async () => {
  const timings: Record<string, number> = {};
  const t0 = Date.now();
  const mark = (what: string) => (timings[what] = Date.now() - t0);

  // On the counter machine: `kiosk pair` asks the app for a code and shows it.
  const pairing = kiosk(["pair", "--app-url", demo.appUrl, "--data-dir", kioskDir, "--name", "counter-pc"]);
  const code = await until(
    "the pairing code on the kiosk's screen",
    () => /Pairing code:\s+([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(pairing.output())?.[1],
    { detail: pairing.output },
  );
  mark("code shown");
  expect(pairing.output()).toContain("In the Loupe admin, open Kiosks");

  // In the admin (English): type the code, choose the location, name the kiosk, confirm.
  const { page, problems } = await openPage(browser);
  await gotoAdmin(page, demo.adminUrl("/app/kiosks", "en"));
  await page.getByRole("heading", { name: "Kiosks and printing", exact: true }).waitFor();
  await waitForHydration(page);
  mark("admin page open");
  await page.getByLabel("Pairing code").fill(code);
  await page.getByLabel("Shop location").selectOption({ label: LOCATION });
  await page.getByLabel("Kiosk name").fill(KIOSK_NAME);
  await page.getByRole("button", { name: "Pair this kiosk" }).click();
  await page
    .getByTestId("kiosk-ok")
    .filter({ hasText: `Kiosk “${KIOSK_NAME}” is paired.` })
    .waitFor();
  mark("confirmed in the admin");

  // The kiosk collects its token at its next poll (every 2 s) and ends.
  const exitCode = await until(
    "the pair command to end",
    () => pairing.child.exitCode !== null || pairing.child.signalCode !== null,
    { detail: pairing.output },
  ).then(() => pairing.exited);
  mark("pair command ended");
  expect(exitCode, pairing.output()).toBe(0);
  expect(pairing.output()).toContain(
    `Paired with ${DEMO_SHOP} (${LOCATION}). Token stored in ${join(kioskDir, "device.json")} (mode 0600).`,
  );
  const tokenFile = join(kioskDir, "device.json");
  expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
  const device = JSON.parse(readFileSync(tokenFile, "utf8")) as {
    appUrl: string;
    deviceToken: string;
    deviceId: string;
    shop: string;
    shopifyLocationGid: string;
    locationName: string;
  };
  expect(device).toMatchObject({
    appUrl: demo.appUrl,
    shop: DEMO_SHOP,
    locationName: LOCATION,
    shopifyLocationGid: await shopifyLocationGid(SHOPIFY_LOCATION),
  });
  expect(device.deviceToken.length).toBeGreaterThanOrEqual(16);

  // The device list shows the new kiosk, active, at its location (the page reloaded after the action).
  const row = page.getByRole("row").filter({ hasText: KIOSK_NAME });
  await row.filter({ hasText: LOCATION }).filter({ hasText: "Active" }).waitFor();
  expect(await row.count()).toBe(1);

  // With its token the kiosk reaches the app.
  const paired = await status();
  mark("status while paired");
  expect(paired.code, paired.output).toBe(0);
  expect(paired.output).toContain(`paired:   yes (${DEMO_SHOP}, ${LOCATION})`);
  expect(paired.output).toMatch(/server: {3}reachable \(.+, Paris Marais \(Boutique Paris Marais\)\)/);

  // The manager removes it.
  await row.getByRole("button", { name: "Remove" }).click();
  await page
    .getByTestId("kiosk-ok")
    .filter({ hasText: `Kiosk “${KIOSK_NAME}” was removed: its token no longer works.` })
    .waitFor();
  await row.filter({ hasText: "Removed" }).waitFor();
  expect(await row.getByRole("button", { name: "Remove" }).count()).toBe(0);
  mark("removed in the admin");

  // The same token is now refused: `kiosk status` says so, and the app answers 401 DEVICE_REVOKED.
  const revoked = await status();
  mark("status after removal");
  expect(revoked.code, revoked.output).toBe(0);
  expect(revoked.output).toContain(
    "server:   This kiosk was revoked in the admin. Pair it again (`npm run kiosk -- pair`).",
  );
  const answer = await fetch(`${demo.appUrl}/api/kiosk/context`, {
    headers: { accept: "application/json", authorization: `Bearer ${device.deviceToken}` },
  });
  expect(answer.status).toBe(401);
  expect(await answer.json()).toMatchObject({ error: { code: "DEVICE_REVOKED" } });

  expect(problems).toEqual([]);
  console.log(`kiosk pairing timings (ms from the pair command's start): ${JSON.stringify(timings)}`);
  passed = true;
});
