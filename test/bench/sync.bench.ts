// Sync benchmark: 2,000 piece updates mirrored to the Shopify simulator on the Standard plan
// (100 points/s restored, 2,000-point bucket). Prints how much of what the rate limit allows the
// outbox worker used, checks that no write was lost or applied twice and that Shopify never had
// to answer THROTTLED, and compares in the same run with a naive sender (one call per piece, no
// pacing, retry after THROTTLED). Run: npx tsx test/bench/sync.bench.ts [pieces]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setGlobalDispatcher } from "undici";

const PIECES = Number(process.argv[2] ?? 2000);
const NAIVE_PIECES = Math.min(300, PIECES);
const SHOP = "bench-sync.myshopify.com";
const dir = mkdtempSync(join(tmpdir(), "loupe-bench-sync-"));
process.env.DATABASE_URL = `file:${join(dir, "bench.db")}`;
process.env.SHOPIFY_API_KEY = "bench-key";
process.env.SHOPIFY_API_SECRET = "bench-secret-0123456789";
process.env.SHOPIFY_APP_URL = "https://loupe.bench";
process.env.LOG_LEVEL = "error";

const { startSimulator, shopifyRedirectDispatcher } = await import("../simulator");
const { migrate } = await import("../../app/db/migrate");
const { db } = await import("../../app/db.server");
const { env } = await import("../../app/env.server");
const { enqueue } = await import("../../app/models/outbox.server");
const worker = await import("../../app/shopify/sync-worker.server");

await migrate(process.env.DATABASE_URL);
const sim = await startSimulator({ apiKey: "bench-key", apiSecret: "bench-secret-0123456789", plan: "standard" });
sim.state.seedShop({ domain: SHOP, plan: "standard", locations: [{ name: "Paris" }] });
setGlobalDispatcher(shopifyRedirectDispatcher(sim.url, { refuseOthers: true }));
const token = sim.issueAccessToken(SHOP);
await db.session.create({
  data: { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, scope: env().SCOPES, accessToken: token },
});
const shop = await db.shop.create({ data: { domain: SHOP } });

console.log(`seeding ${PIECES} pieces and their products…`);
const pieceIds: string[] = [];
const products: string[] = [];
for (let i = 0; i < PIECES; i++) {
  const product = sim.state.seedProduct({
    shop: SHOP,
    title: `Chaîne ${i}`,
    variants: [{ sku: `B-${i}`, price: "350" }],
  });
  const v = product.variants[0]!;
  const piece = await db.piece.create({
    data: {
      shopId: shop.id,
      tagCode: `T${String(i).padStart(6, "0")}`,
      publicToken: `token-${i}-${"x".repeat(16)}`,
      title: `Chaîne ${i}`,
      currency: "EUR",
      state: "active",
      productGid: product.productId,
      variantGid: v.variantId,
      inventoryItemGid: v.inventoryItemId,
      metals: {
        create: {
          shopId: shop.id,
          metal: "gold",
          finenessBp: 7500,
          grossWeightMg: 5000n,
          fineWeightMg: 3750n,
          enteredWeight: "5",
          enteredUnit: "g",
        },
      },
    },
  });
  pieceIds.push(piece.id);
  products.push(product.productId);
}

// The updates: each piece's weight corrected, and its mirror queued in the same transaction.
for (const [i, pieceId] of pieceIds.entries()) {
  await db.$transaction(async (tx) => {
    await tx.pieceMetal.updateMany({
      where: { pieceId },
      data: { grossWeightMg: BigInt(5000 + i), fineWeightMg: BigInt(Math.round((5000 + i) * 0.75)) },
    });
    await enqueue(tx, shop.id, "piece.mirror", { pieceId }, `bench-${pieceId}`);
  });
}

const requestsBefore = { ...sim.state.requestCounts({ shop: SHOP }) };
const startStatus = sim.throttleStatus(SHOP);
const t0 = performance.now();
let passes = 0;
for (;;) {
  const r = await worker.runOutboxOnce({ shopId: shop.id, limit: 200 });
  passes++;
  if (r.delivered + r.retried + r.dead === 0) break;
}
const seconds = (performance.now() - t0) / 1000;
const endStatus = sim.throttleStatus(SHOP);
const requests = sim.state.requestCounts({ shop: SHOP });
const calls = (requests.metafieldsSet ?? 0) - (requestsBefore.metafieldsSet ?? 0);
// Points spent = what the bucket had + what it regained − what it has left (it never filled up).
const allowed = startStatus.currentlyAvailable + startStatus.restoreRate * seconds;
const spent = startStatus.currentlyAvailable + startStatus.restoreRate * seconds - endStatus.currentlyAvailable;
const throttled = (requests.THROTTLED ?? 0) - (requestsBefore.THROTTLED ?? 0);

// Checks: every piece's latest weight is in Shopify, nothing dead, nothing left.
let wrong = 0;
for (const [i, productId] of products.entries()) {
  const m = sim.state.metafields({ shop: SHOP, ownerId: productId }).find((x) => x.key === "gross_weight");
  const expected = `{"value":${(5000 + i) / 1000},"unit":"GRAMS"}`;
  if (m?.value !== expected) wrong++;
}
const left = await db.outboxEntry.count({ where: { status: { not: "done" } } });

// Baseline in the same run: one metafieldsSet per piece, sent as fast as possible, waiting 1 s
// after each THROTTLED answer (what a simple integration does).
const naiveShop = "bench-naive.myshopify.com";
sim.state.seedShop({ domain: naiveShop, plan: "standard" });
const naiveToken = sim.issueAccessToken(naiveShop);
const naiveProducts = Array.from(
  { length: NAIVE_PIECES },
  (_, i) => sim.state.seedProduct({ shop: naiveShop, title: `N ${i}` }).productId,
);
const nStart = sim.throttleStatus(naiveShop);
const n0 = performance.now();
let naiveThrottled = 0;
for (const productId of naiveProducts) {
  for (;;) {
    const res = await fetch(sim.graphqlUrl(naiveShop), {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": naiveToken },
      body: JSON.stringify({
        query: `mutation M($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`,
        variables: {
          m: [{ ownerId: productId, namespace: "loupe", key: "w", type: "single_line_text_field", value: "1" }],
        },
      }),
    });
    const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    if (body.errors?.some((e) => e.extensions?.code === "THROTTLED")) {
      naiveThrottled++;
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    break;
  }
}
const nSeconds = (performance.now() - n0) / 1000;
const nEnd = sim.throttleStatus(naiveShop);
const nAllowed = nStart.currentlyAvailable + nStart.restoreRate * nSeconds;
const nSpent = nAllowed - nEnd.currentlyAvailable;

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
console.log(`
Sync to Shopify, Standard plan (restore ${startStatus.restoreRate} points/s, bucket ${startStatus.maximumAvailable})
                         pieces   seconds   pieces/s   calls   points spent / allowed   THROTTLED answers
  Loupe outbox worker   ${String(PIECES).padStart(6)}   ${seconds.toFixed(1).padStart(7)}   ${(PIECES / seconds).toFixed(1).padStart(8)}   ${String(calls).padStart(5)}   ${spent.toFixed(0).padStart(6)} / ${allowed.toFixed(0).padEnd(6)} = ${pct(spent / allowed).padStart(7)}   ${throttled}
  naive, 1 call/piece   ${String(NAIVE_PIECES).padStart(6)}   ${nSeconds.toFixed(1).padStart(7)}   ${(NAIVE_PIECES / nSeconds).toFixed(1).padStart(8)}   ${String(NAIVE_PIECES).padStart(5)}   ${nSpent.toFixed(0).padStart(6)} / ${nAllowed.toFixed(0).padEnd(6)} = ${pct(nSpent / nAllowed).padStart(7)}   ${naiveThrottled}
Lost or wrong writes: ${wrong}; rows not delivered: ${left}; worker passes: ${passes}.
Target: at least 85 % of the allowed points, no lost or duplicated write, no THROTTLED error reaching a user.`);

await sim.close();
await db.$disconnect();
rmSync(dir, { recursive: true, force: true });
const ok = wrong === 0 && left === 0 && spent / allowed >= 0.85;
if (!ok) {
  console.error("Sync benchmark target missed.");
  process.exit(1);
}
