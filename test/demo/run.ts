// `npm run demo`: Loupe on this machine with no Shopify account. Migrates a fresh SQLite demo
// database, starts the Shopify simulator (real Admin schema), seeds a believable jewelry shop on
// both sides, builds and starts the app in demo mode, and prints the addresses to open.
// `npm run demo -- --empty`: the same shop as it is the day it installs Loupe: Shopify (the
// simulator) holds its catalogue and stock at three locations, Loupe's database holds nothing (no
// session, sites, places, pieces, staff or kiosk); the kiosk runs unpaired and the launcher shows
// its pairing code, to be confirmed on the admin's Kiosks page.
// Ctrl-C stops everything.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { startSimulator, type Simulator } from "../simulator";
import {
  DEMO_SHOP,
  DEMO_SHOP_CONTACT,
  DEMO_SHOP_NAME,
  SHOPIFY_LOCATIONS,
  demoCatalogue,
  type ShopifyLocationName,
} from "./catalogue";
import { locationOfPiece, seedDemo } from "./seed";
import { migrate } from "../../app/db/migrate";
// The client is created on first use, after DATABASE_URL below names the demo's file.
import { db, disconnectDb } from "../../app/db.server";
import { minorToDecimalString } from "../../app/domain/money";
import { DEFAULT_SCOPES } from "../../app/env.server";
import { hashPin, newDeviceToken, sha256 } from "../../app/http/kiosk-auth.server";
import { DEMO_USER_ID } from "../../app/http/demo-session.server";
import { seedMaterials } from "./materials-seed";
import { webhookSubscriptions } from "./app-toml";
import { startKiosk, type RunningKiosk } from "../../kiosk/demo";
import { normalizeGtin } from "../../app/domain/tags";
import { saveRfidSettings } from "../../app/models/kiosk-tags.server";
import { EMPTY_SHOP_LOCATIONS, catalogueSeeds, catalogueSummary } from "./empty-shop";
import { pair } from "../../kiosk/pairing";
import { KioskError } from "../../kiosk/messages";

const root = process.cwd();
const APP_PORT = Number(process.env.DEMO_APP_PORT ?? 3000);
const SIM_PORT = Number(process.env.DEMO_SIMULATOR_PORT ?? 3457);
const API_KEY = "loupe-demo-api-key";
// Demo only: a fixed secret so session tokens and webhooks are really signed and checked.
const API_SECRET = "loupe-demo-api-secret-not-for-production";
const DATA_DIR = process.env.DEMO_DATA_DIR ?? join(root, "data");
const DB_FILE = join(DATA_DIR, "demo.db");
const KIOSK_PORT = Number(process.env.DEMO_KIOSK_PORT ?? 8787);
const TAGS_DIR = process.env.DEMO_TAGS_DIR ?? join(root, "demo-output", "tags");
const DEMO_PINS: Record<string, string> = { "Léa Bernard": "2468", "Camille Martin": "1357" };
let deviceToken = "";
const APP_URL = `http://localhost:${APP_PORT}`;
const started = Date.now();
/** `npm run demo -- --empty`: Shopify's side only, Loupe starts from nothing. */
const EMPTY = process.argv.slice(2).includes("--empty");

// RFID in the demo. The company prefix is GS1's own example, 0614141 (the one GS1's standards use
// in their examples, e.g. urn:epc:id:sgtin:0614141.812345.6789): clearly fictitious, owned by no
// shop. A few designs get a UPC-A GTIN under it as their Shopify variant barcode, so the RFID label
// (rfid-label-76x25) can be picked at the kiosk or in the admin and shows a real EPC.
const DEMO_GS1_PREFIX = "0614141";
/** Today's arrivals (the kiosk's receiving list) and two solitaires, with their GTINs' item references. */
const DEMO_RFID_ITEMS: Record<string, number> = {
  "NEW-001": 10001,
  "NEW-002": 10002,
  "NEW-003": 10003,
  "NEW-004": 10004,
  "NEW-005": 10005,
  "SOL-001": 20001,
  "SOL-002": 20002,
};

/** UPC-A (GTIN-12) under the demo prefix: 614141 (the prefix without its leading 0), item reference, check digit. */
function demoGtin(itemReference: number): string {
  const body = DEMO_GS1_PREFIX.slice(1) + String(itemReference).padStart(5, "0");
  const padded = body.padStart(13, "0");
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(padded[i]) * (i % 2 === 0 ? 3 : 1);
  const gtin = body + String((10 - (sum % 10)) % 10);
  if (!normalizeGtin(gtin)) throw new Error(`demo GTIN ${gtin} has a wrong check digit`);
  return gtin;
}

function log(message: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  console.log(`[demo ${seconds}s] ${message}`);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The environment for child processes: when the demo runs under the e2e tests, Vitest's own
 * variables must not reach the Vite build (vite.config.ts leaves Remix out under Vitest). */
function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const key of Object.keys(env)) if (key.startsWith("VITEST") || key === "TEST") delete env[key];
  return env;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = childEnv()): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"], env });
    child.on("exit", (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(" ")} exited with ${code ?? `signal ${signal}`}`)),
    );
  });
}

async function buildIfStale(): Promise<void> {
  const serverBuild = join(root, "build/server/index.js");
  const stale = !existsSync(serverBuild) || statSync(serverBuild).mtimeMs < newestMtime(join(root, "app"));
  if (!stale) return log("app build is up to date");
  log("building the app (vite)…");
  await run(
    process.execPath,
    [join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"],
    childEnv({ NODE_ENV: "production" }),
  );
}

async function seedBothSides(
  sim: Simulator,
): Promise<{ created: number; showcase: { publicToken: string; title: string }[] }> {
  const seeded = sim.state.seedShop({
    domain: DEMO_SHOP,
    name: DEMO_SHOP_NAME,
    ...DEMO_SHOP_CONTACT,
    currencyCode: "EUR",
    plan: "standard",
    locations: SHOPIFY_LOCATIONS.map((name) => ({ name })),
    // The demo's admin user owns the shop, so Loupe makes them owner (who sees cost).
    accountOwnerId: Number(DEMO_USER_ID),
  });
  const gids = Object.fromEntries(seeded.locations.map((l) => [l.name, l.id])) as Record<ShopifyLocationName, string>;
  process.env.DATABASE_URL = `file:${DB_FILE}`;
  await migrate(process.env.DATABASE_URL);
  // Pieces of one design share a Shopify variant (same SKU); its stock per location is the
  // number of its active pieces there, as Loupe's stock rule says.
  const catalogue = demoCatalogue();
  const bySku = new Map<string, { productGid: string; variantGid: string; inventoryItemGid: string }>();
  for (const sku of new Set(catalogue.map((p) => p.input.sku ?? ""))) {
    const pieces = catalogue.filter((p) => p.input.sku === sku);
    const first = pieces[0]!;
    const inventory: Record<string, number> = {};
    for (const p of pieces) {
      const location = gids[locationOfPiece(p)];
      inventory[location] = (inventory[location] ?? 0) + (p.state === "active" ? 1 : 0);
    }
    const product = sim.state.seedProduct({
      shop: DEMO_SHOP,
      title: pieces.length > 1 ? first.input.title.replace(/, \d+ cm$/, "") : first.input.title,
      vendor: DEMO_SHOP_NAME,
      productType: "Bijou",
      variants: [
        {
          sku,
          price: minorToDecimalString(first.price, "EUR"),
          inventory,
          barcode: sku in DEMO_RFID_ITEMS ? demoGtin(DEMO_RFID_ITEMS[sku]!) : null,
        },
      ],
    });
    const variant = product.variants[0]!;
    // A photo, as the merchant would have uploaded in Shopify: the simulator serves the image itself.
    sim.state.attachProductImage({
      shop: DEMO_SHOP,
      productId: product.productId,
      url: `${sim.url}/_sim/images/${product.productId.split("/").pop()}.png`,
      alt: first.input.title,
      width: 32,
      height: 32,
    });
    bySku.set(sku, {
      productGid: product.productId,
      variantGid: variant.variantId,
      inventoryItemGid: variant.inventoryItemId,
    });
  }
  const { created } = await seedDemo({
    shopifyLocations: gids,
    link: async (piece) => bySku.get(piece.input.sku ?? "") ?? null,
  });
  const shopRow = await db.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
  const owner = await db.staffMember.findFirstOrThrow({ where: { shopId: shopRow.id, role: "owner" } });
  await seedMaterials(shopRow.id, { kind: "admin", id: owner.id, name: owner.name });
  // RFID on, under the demo prefix (audited like any setting); Loupe's mirror of the barcodes as
  // it would have read them from Shopify (tags read the barcode live anyway).
  await saveRfidSettings(
    shopRow.id,
    { enabled: true, companyPrefix: DEMO_GS1_PREFIX, filter: 1 },
    { kind: "admin", id: owner.id, name: owner.name },
    "RFID labels for the counter printer (demo)",
  );
  for (const [sku, item] of Object.entries(DEMO_RFID_ITEMS)) {
    await db.piece.updateMany({ where: { shopId: shopRow.id, sku }, data: { shopifyBarcode: demoGtin(item) } });
  }
  // Staff PINs for the kiosk, and a kiosk already paired at the Paris shop.
  for (const [name, pin] of Object.entries(DEMO_PINS)) {
    await db.staffMember.updateMany({ where: { shopId: shopRow.id, name }, data: { pinHash: await hashPin(pin) } });
  }
  deviceToken = newDeviceToken();
  await db.device.create({
    data: {
      shopId: shopRow.id,
      name: "Comptoir Paris (démo)",
      shopifyLocationGid: gids["Boutique Paris Marais"],
      tokenHash: sha256(deviceToken),
      createdBy: "demo launcher",
    },
  });
  // The app is installed on the demo shop: Loupe holds the offline session the simulator issued,
  // so background work (the outbox worker) can reach Shopify before anyone opens the admin.
  const token = sim.issueAccessToken(DEMO_SHOP);
  await db.session.create({
    data: {
      id: `offline_${DEMO_SHOP}`,
      shop: DEMO_SHOP,
      state: "",
      isOnline: false,
      scope: DEFAULT_SCOPES,
      accessToken: token,
    },
  });
  // Two certified pieces whose QR links the launcher prints.
  const showcase = await db.piece.findMany({
    where: { shopId: shopRow.id, certificates: { some: {} } },
    take: 2,
    orderBy: { createdAt: "asc" },
    select: { publicToken: true, title: true },
  });
  await disconnectDb();
  return { created, showcase };
}

/**
 * `--empty`: the shop on Shopify's side only (its catalogue and stock at three locations) and
 * Loupe's database migrated and empty. The admin user owns the shop, so their first visit makes
 * them owner; that visit also installs the app (token exchange, offline session), as in Shopify.
 */
async function seedShopifyOnly(sim: Simulator): Promise<{ products: number; variants: number; units: number }> {
  const seeded = sim.state.seedShop({
    domain: DEMO_SHOP,
    name: DEMO_SHOP_NAME,
    ...DEMO_SHOP_CONTACT,
    currencyCode: "EUR",
    plan: "standard",
    locations: EMPTY_SHOP_LOCATIONS.map((name) => ({ name })),
    accountOwnerId: Number(DEMO_USER_ID),
  });
  const gids = Object.fromEntries(seeded.locations.map((l) => [l.name, l.id])) as Record<
    (typeof EMPTY_SHOP_LOCATIONS)[number],
    string
  >;
  for (const product of catalogueSeeds(DEMO_SHOP, gids)) sim.state.seedProduct(product);
  process.env.DATABASE_URL = `file:${DB_FILE}`;
  await migrate(process.env.DATABASE_URL);
  await disconnectDb();
  return catalogueSummary();
}

/**
 * The unpaired demo kiosk's pairing, as `npm run kiosk -- pair` does it: a code (valid 10 minutes,
 * a new one shown when it expires) for a manager to confirm on the admin's Kiosks page; `onPaired`
 * gets the device token. Resolves with the first code once it is known.
 */
function pairDemoKiosk(
  kioskDir: string,
  signal: AbortSignal,
  onPaired: (deviceToken: string, where: string) => Promise<void>,
): Promise<string> {
  return new Promise((resolveFirst, rejectFirst) => {
    let first = true;
    const onCode = (code: string) => {
      if (first) {
        first = false;
        resolveFirst(code);
      } else log(`kiosk pairing code: ${code}   (the previous one expired; valid 10 minutes)`);
    };
    void (async () => {
      for (;;) {
        try {
          const { device } = await pair({
            appUrl: process.env.DEMO_KIOSK_APP_URL ?? APP_URL,
            dataDir: kioskDir,
            deviceName: "demo counter",
            onCode,
            pollIntervalMs: 1000,
            signal,
          });
          await onPaired(device.deviceToken, device.locationName ?? device.shop ?? "");
          return;
        } catch (error) {
          if (signal.aborted) return;
          // An expired code: show a fresh one. Anything else ends the pairing with its reason.
          if (error instanceof KioskError && error.code === "PAIRING_EXPIRED") continue;
          if (first) return rejectFirst(error);
          log(`kiosk pairing stopped: ${error instanceof Error ? error.message : String(error)}`);
          return;
        }
      }
    })();
  });
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<void> {
  mkdirSync(DATA_DIR, { recursive: true });
  const children: ChildProcess[] = [];
  let sim: Simulator | undefined = undefined;
  let kiosk: RunningKiosk | undefined = undefined;
  let stopping = false;
  const pairing = new AbortController();
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping…");
    pairing.abort();
    await kiosk?.stop();
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))));
    await sim?.close();
    log("stopped");
    process.exit(code);
  };
  process.once("SIGINT", () => void stop(0));
  process.once("SIGTERM", () => void stop(0));

  await buildIfStale();

  // A fresh demo shop every start: the simulator keeps Shopify's side in memory only.
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(DB_FILE + suffix, { force: true });
  sim = await startSimulator({
    port: SIM_PORT,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    appUrl: `http://127.0.0.1:${APP_PORT}`,
    // Every topic the app subscribes to in shopify.app.toml, delivered signed like Shopify does
    // (the compliance topics are Shopify's to send, never the shop's events).
    webhookRoutes: Object.fromEntries(
      webhookSubscriptions()
        .filter((s) => !s.compliance)
        .flatMap((s) => s.topics.map((t) => [t, s.uri])),
    ),
  });
  log(
    `Shopify simulator on ${sim.url} (Admin API ${sim.apiVersion}, schema loaded in ${Math.round(sim.schemaLoadMs)} ms)`,
  );
  let showcase: { publicToken: string; title: string }[] = [];
  if (EMPTY) {
    const counts = await seedShopifyOnly(sim);
    log(
      `seeded ${DEMO_SHOP} in the simulator only: ${counts.products} products, ${counts.variants} variants, ${counts.units} units at ${EMPTY_SHOP_LOCATIONS.length} locations; Loupe's database is empty`,
    );
  } else {
    const seeded = await seedBothSides(sim);
    showcase = seeded.showcase;
    log(`seeded ${DEMO_SHOP}: ${seeded.created} pieces in Loupe, their products and stock in the simulator`);
  }

  const appEnv: NodeJS.ProcessEnv = childEnv({
    LOUPE_DEMO: "1",
    // The demo mints admin session tokens for anyone who reaches it: this machine only, like the
    // kiosk and the simulator (the app refuses demo mode on any other address).
    HOST: "127.0.0.1",
    PORT: String(APP_PORT),
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: APP_URL,
    APP_BRIDGE_URL: `${APP_URL}/demo/app-bridge.js`,
    DATABASE_URL: `file:${DB_FILE}`,
    LOUPE_SIMULATOR_URL: sim.url,
    // Demo mode is refused under NODE_ENV=production; the built app runs fine in development.
    NODE_ENV: "development",
    // The demo's app delivers Shopify writes itself, whatever the calling environment says.
    LOUPE_WORKER: "1",
  });
  const app = spawn(
    process.execPath,
    ["--import", "tsx", "--import", "./test/simulator/redirect-preload.ts", "app/bin/server.ts"],
    { stdio: ["ignore", "inherit", "inherit"], env: appEnv },
  );
  children.push(app);
  app.on("exit", (code) => {
    if (!stopping) {
      log(`the app stopped unexpectedly (exit ${code})`);
      void stop(1);
    }
  });
  await waitForHttp(`${APP_URL}/healthz`, 60_000);

  // The kiosk, as staff run it beside the printer: a virtual printer writes each tag as ZPL and PNG.
  const kioskDir = join(DATA_DIR, "demo-kiosk");
  rmSync(kioskDir, { recursive: true, force: true });
  mkdirSync(TAGS_DIR, { recursive: true });
  // DEMO_KIOSK_APP_URL lets a test put a switchable proxy between the kiosk and the app (network cuts).
  const kioskOptions = {
    appUrl: process.env.DEMO_KIOSK_APP_URL ?? APP_URL,
    dataDir: kioskDir,
    port: KIOSK_PORT,
    printer: { kind: "file", dir: TAGS_DIR },
  } as const;
  kiosk = await startKiosk(EMPTY ? kioskOptions : { ...kioskOptions, deviceToken });
  log(`kiosk on ${kiosk.url}, printing into ${TAGS_DIR}${EMPTY ? " (not paired yet)" : ""}`);
  let pairingCode = "";
  if (EMPTY) {
    // The running kiosk reads its token when it starts: once a manager confirms the code, the
    // launcher starts it again, paired, on the same port and data folder.
    pairingCode = await pairDemoKiosk(kioskDir, pairing.signal, async (token, where) => {
      if (stopping) return;
      await kiosk?.stop();
      kiosk = undefined;
      if (stopping) return;
      kiosk = await startKiosk({ ...kioskOptions, deviceToken: token });
      log(`kiosk paired (${where}) and started again on ${kiosk.url}`);
    });
  }

  const host = Buffer.from(`admin.shopify.com/store/${DEMO_SHOP.replace(".myshopify.com", "")}`).toString("base64url");
  const adminUrl = (locale: string) => `${APP_URL}/app?shop=${DEMO_SHOP}&host=${host}&embedded=1&locale=${locale}`;
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (EMPTY) {
    const counts = catalogueSummary();
    console.log(`
  Loupe demo — ${DEMO_SHOP_NAME}, EMPTY SHOP
    Shopify (the simulator) holds the shop's catalogue: ${counts.products} products, ${counts.variants} variants, ${counts.units} units
    in stock at ${EMPTY_SHOP_LOCATIONS.join(", ")}. Loupe holds nothing yet: no sites,
    places, pieces, staff or kiosk. Open the set-up page first (Import Shopify locations, then the tree):
    Set-up (English):  ${APP_URL}/app/setup?shop=${DEMO_SHOP}&host=${host}&embedded=1&locale=en
    Admin (français):  ${adminUrl("fr")}
    Admin (English):   ${adminUrl("en")}
    Kiosk (counter):   ${kiosk.url}   not paired yet; printed tags land in ${TAGS_DIR}
    Kiosk pairing code: ${pairingCode}   (valid 10 minutes; a new one is printed here when it expires)
                       In the admin open Kiosks and printing, type the code, choose the shop location
                       and a name. Then add a person under Staff PINs and give them a PIN to sign in.
    Shopify simulator: ${sim.url}/_sim/console?shop=${DEMO_SHOP}   (sell a piece, refund, see stock and metafields)
  Ctrl-C stops everything.
`);
    return;
  }
  console.log(`
  Loupe demo — ${DEMO_SHOP_NAME}
    Admin (français):  ${adminUrl("fr")}
    Admin (English):   ${adminUrl("en")}
    Pieces list:       ${APP_URL}/app/pieces?shop=${DEMO_SHOP}&host=${host}&embedded=1&locale=fr
${showcase.map((p) => `    QR of "${p.title}":\n                       ${APP_URL}/demo/provenance/${p.publicToken}?shop=${DEMO_SHOP}&locale=fr   (…&locale=en, …&format=json)`).join("\n")}
    Kiosk (counter):   ${kiosk.url}   PINs: Léa 2468, Camille 1357; printed tags land in ${TAGS_DIR}
    Shopify simulator: ${sim.url}/_sim/console?shop=${DEMO_SHOP}   (sell a piece, refund, see stock and metafields)
  Ctrl-C stops everything.
`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
