/**
 * CSV import of 10,000 rows: `npx tsx test/bench/csv-import.bench.ts`
 *
 * Generates a French stock list (semicolon separated, one metal, one stone and one GIA
 * certificate per row, a location path), then runs the import's three steps as the page does:
 * upload (decode + parse + guess), dry run (every row through the intake schema plus the
 * database's duplicate checks), import (chunks of 100 rows, each one transaction, in calls of about
 * 2 s one after another as the page makes them; CSV_BENCH_BUDGET_MS sets the budget, "none" makes
 * one call). On SQLite and
 * on PostgreSQL (LOUPE_TEST_PG_URL). Prints the time of each step and the process's peak RSS and
 * heap, sampled every 20 ms.
 *
 * Every row asks for its Shopify product ("Créer produit: oui"), so the import takes the bulk path
 * (more than BULK_PRODUCT_THRESHOLD new products): the bench then runs that phase against the
 * Shopify simulator (Plus plan) and prints its parts: JSONL built, uploaded and started; Shopify's
 * run (the simulator executing every productSet line); the result file applied (pieces linked),
 * and the Admin API calls it took. CSV_BENCH_BULK=0 leaves the column out (no Shopify at all).
 *
 * Baselines: the import as it was before chunks were written in bulk (one piece at a time, about
 * fifteen queries and one audit append per row), measured with this bench on 2026-11-26, and with
 * chunks written by Prisma's createMany (before raw multi-row inserts), measured on a quiet machine
 * on 2026-12-07; both kept below. The target is under 10 s for 10,000 rows on each engine. The machine is shared: the load
 * average is printed beside the figures, which are only comparable at a similar load. The bench
 * also checks that the shop's audit chain verifies after the import. Then, for a comparison at
 * the same load, it writes CSV_BENCH_COMPARE_ROWS pieces (1,000) one at a time and a chunk at a
 * time (see sameLoadComparison).
 */
import { mkdirSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { buildTemplates, dropCreatedDatabases, freshDatabase, TMP } from "../setup/databases";
import type { Provider } from "../../app/db/providers";

const ROWS = Number(process.env.CSV_BENCH_ROWS ?? 10_000);
const BULK = process.env.CSV_BENCH_BULK !== "0";
/** The import step of 10,000 rows with one piece written at a time (README "Measurements", 2026-11-26). */
const BEFORE_S: Record<Provider, number> = { sqlite: 34.9, postgresql: 67.6 };
/** The same with chunks written by Prisma's createMany, on a quiet machine (README "Measurements", 2026-12-07). */
const CREATE_MANY_S: Record<Provider, number> = { sqlite: 20.9, postgresql: 29.5 };
/** Each import call's time budget, as the page asks (app/http/catalog-import.server.ts); "none": one call. */
const BUDGET_MS =
  process.env.CSV_BENCH_BUDGET_MS === "none" ? undefined : Number(process.env.CSV_BENCH_BUDGET_MS ?? 2000);
const TARGET_S = 10;
const COMPARE_ROWS = Number(process.env.CSV_BENCH_COMPARE_ROWS ?? 1000);
const load = () => loadavg()[0]!.toFixed(1);
process.env.SHOPIFY_API_KEY ??= "bench-key";
process.env.SHOPIFY_API_SECRET ??= "bench-secret-0123456789";
process.env.SHOPIFY_APP_URL ??= "https://loupe.bench";

function stockList(rows: number): Uint8Array {
  const lines = [
    `Référence;Désignation;Métal;Titre;Poids brut (g);Pierre;Carats;Couleur pierre;Pureté;Laboratoire;N° certificat;Emplacement;Prix de vente;Date d'achat${BULK ? ";Créer produit" : ""}`,
  ];
  for (let i = 1; i <= rows; i++) {
    const n = String(i).padStart(6, "0");
    lines.push(
      `REF-${n};Bague n°${i} or jaune;or;${i % 2 ? "750" : "18k"};${2 + (i % 40) / 10};diamant;0,${String(100 + (i % 800)).padStart(3, "0")};G;VS1;GIA;77${n}1;Boutique > Vitrine 1;${900 + (i % 500)},00;${String(1 + (i % 28)).padStart(2, "0")}/03/2025${BULK ? ";oui" : ""}`,
    );
  }
  return new TextEncoder().encode(lines.join("\r\n"));
}

async function bench(engine: Provider) {
  process.env.DATABASE_URL = await freshDatabase(engine);
  const { db } = await import("../../app/db.server");
  const { createLocation } = await import("../../app/models/locations.server");
  const service = await import("../../app/services/catalog/csv-import.server");
  const domain = `csv-${engine}.myshopify.com`;
  const shop = await db.shop.create({ data: { domain } });
  const actor = { kind: "admin", name: "bench" } as const;
  const { startSimulator, shopifyRedirectDispatcher } = await import("../simulator");
  const sim = await startSimulator({
    apiKey: process.env.SHOPIFY_API_KEY,
    apiSecret: process.env.SHOPIFY_API_SECRET,
    plan: "plus",
    shops: [{ domain, plan: "plus", locations: [{ name: "Boutique" }] }],
  });
  const { setGlobalDispatcher } = await import("undici");
  setGlobalDispatcher(shopifyRedirectDispatcher(sim.url));
  const { env } = await import("../../app/env.server");
  await db.session.create({
    data: {
      id: `offline_${domain}`,
      shop: domain,
      state: "",
      isOnline: false,
      scope: env().SCOPES,
      accessToken: sim.issueAccessToken(domain),
    },
  });
  const shopifyLocation = sim.state.seedShop({ domain }).locations[0]!.id;
  const site = await createLocation(
    shop.id,
    { name: "Boutique", kind: "site", shopifyLocationGid: shopifyLocation },
    actor,
  );
  if (!site.ok) throw new Error(site.code);
  await createLocation(shop.id, { name: "Vitrine 1", kind: "showcase", parentId: site.id }, actor);

  global.gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);

  const file = stockList(ROWS);
  const loadBefore = load();
  const t0 = performance.now();
  const uploaded = await service.uploadImport(shop.id, { name: "stock.csv", bytes: file }, "utf-8", actor);
  if (!uploaded.ok) throw new Error(JSON.stringify(uploaded.problem));
  const t1 = performance.now();
  const checked = await service.checkImport(shop.id, uploaded.batchId, uploaded.mapping, "fr", true);
  if (!checked.ok) throw new Error(JSON.stringify(checked));
  const t2 = performance.now();
  // As the page does: call after call, each going on for about BUDGET_MS, until the batch is done.
  let calls = 0;
  let run: Awaited<ReturnType<typeof service.runImport>>;
  do {
    run = await service.runImport(shop.id, uploaded.batchId, actor, "fr", true, { budgetMs: BUDGET_MS });
    calls++;
  } while (run.ok && run.batch.status === "importing");
  const t3 = performance.now();
  clearInterval(sampler);
  if (!run.ok) throw new Error(JSON.stringify(run));
  const pieces = await db.piece.count({ where: { shopId: shop.id } });
  const { verifyShopAudit } = await import("../../app/models/audit.server");
  const chain = await verifyShopAudit(shop.id);
  if (!chain.ok) throw new Error(`audit chain broken: ${JSON.stringify(chain)}`);
  const importS = (t3 - t2) / 1000;
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
  console.log(
    `\n${engine}: ${ROWS.toLocaleString("en")} rows (${(file.length / 1024 / 1024).toFixed(1)} MB), ${pieces.toLocaleString("en")} pieces imported, ${run.batch.errorRows} rows refused`,
  );
  console.log(
    `  upload ${(t1 - t0).toFixed(0)} ms · dry run ${(t2 - t1).toFixed(0)} ms · import ${importS.toFixed(1)} s (${(ROWS / importS).toFixed(0)} rows/s, ${calls} call${calls > 1 ? "s" : ""}${BUDGET_MS === undefined ? "" : ` of about ${BUDGET_MS} ms`}) · load average ${loadBefore} → ${load()} on ${(await import("node:os")).availableParallelism()} cores`,
  );
  if (ROWS === 10_000)
    console.log(
      `  import vs before (one piece at a time, ${BEFORE_S[engine]} s on 2026-11-26, another load): ×${(BEFORE_S[engine] / importS).toFixed(1)} · vs chunks through createMany (${CREATE_MANY_S[engine]} s on 2026-12-07, quiet machine): ×${(CREATE_MANY_S[engine] / importS).toFixed(1)} · target < ${TARGET_S} s: ${importS < TARGET_S ? "met" : "NOT met"}`,
    );
  console.log(`  audit chain verifies (${chain.count.toLocaleString("en")} entries)`);
  console.log(
    `  peak RSS ${mb(peakRss)} (start ${mb(base.rss)}) · peak heap ${mb(peakHeap)} (start ${mb(base.heapUsed)})`,
  );
  if (BULK) {
    const bulk = await import("../../app/shopify/bulk-products.server");
    const b0 = performance.now();
    await bulk.advanceBulkOperations({ shopId: shop.id });
    const b1 = performance.now();
    await sim.bulk.idle();
    const b2 = performance.now();
    await bulk.advanceBulkOperations({ shopId: shop.id, now: new Date(Date.now() + 60_000) });
    const b3 = performance.now();
    const op = await db.shopifyBulkOperation.findFirstOrThrow({ where: { shopId: shop.id } });
    const calls = Object.entries(sim.state.requestCounts({ shop: domain }))
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    console.log(
      `  bulk: ${op.lineCount.toLocaleString("en")} lines, ${op.linkedCount.toLocaleString("en")} pieces linked, ${(JSON.parse(op.failedLines) as unknown[]).length} refused, status ${op.status}`,
    );
    console.log(
      `  bulk: build + upload + start ${((b1 - b0) / 1000).toFixed(1)} s · Shopify's run (simulator) ${((b2 - b1) / 1000).toFixed(1)} s · result applied ${((b3 - b2) / 1000).toFixed(1)} s · Admin API calls: ${calls}`,
    );
  }
  await sim.close();
  await sameLoadComparison(shop.id, site.id);
}

/**
 * Before and after at the same load: the same COMPARE_ROWS pieces (one metal, one stone graded by
 * one report, a location) written in transactions of 100, once one piece at a time as the import
 * did before (createPieceInTx: its own checks, inserts and audit append per piece), once a chunk
 * at a time (createPiecesInTx). Only the write path differs; the CSV is not read.
 */
async function sameLoadComparison(shopId: string, locationId: string) {
  const { inTransaction } = await import("../../app/models/transaction.server");
  const { createPieceInTx } = await import("../../app/services/catalog/intake.server");
  const { createPiecesInTx } = await import("../../app/services/catalog/intake-batch.server");
  const actor = { kind: "admin", name: "bench" } as const;
  const piece = (series: number, i: number) => ({
    title: `Bague ${series}-${i}`,
    currency: "EUR",
    priceMinor: 90000n,
    locationId,
    metals: [{ metal: "gold", finenessBp: 7500, grossWeightMg: 3200n, enteredWeight: "3.2", enteredUnit: "g" }],
    stones: [{ type: "diamond", origin: "natural" as const, millicarats: 350, certificateIndex: 0 }],
    certificates: [{ lab: "GIA", number: `${series}${String(i).padStart(7, "0")}` }],
  });
  const timed = async (write: (from: number) => Promise<void>) => {
    const t = performance.now();
    for (let from = 0; from < COMPARE_ROWS; from += 100) await write(from);
    return (performance.now() - t) / 1000;
  };
  const loadBefore = load();
  const long = { timeout: 120_000, maxWait: 30_000 }; // as the import's chunks
  const perPiece = await timed((from) =>
    inTransaction(async (tx) => {
      for (let i = from; i < from + 100; i++) {
        const made = await createPieceInTx(tx, shopId, piece(8, i), actor, "bench");
        if (!made.ok) throw new Error(JSON.stringify(made.errors));
      }
    }, long),
  );
  const chunked = await timed((from) =>
    inTransaction(async (tx) => {
      const items = Array.from({ length: 100 }, (_, k) => ({ input: piece(9, from + k) }));
      const made = await createPiecesInTx(tx, shopId, items, actor, "bench", {
        action: "import.pieces_created",
        entityType: "ImportBatch",
        entityId: "bench",
      });
      if (made.some((r) => !r.ok)) throw new Error("refused");
    }, long),
  );
  console.log(
    `  same load, ${COMPARE_ROWS.toLocaleString("en")} pieces in transactions of 100: one at a time ${perPiece.toFixed(1)} s · a chunk at a time ${chunked.toFixed(1)} s · ×${(perPiece / chunked).toFixed(1)} (load average ${loadBefore} → ${load()})`,
  );
}

async function main() {
  process.env.LOG_LEVEL ??= "error";
  mkdirSync(TMP, { recursive: true }); // a fresh clone has no test/.tmp yet
  process.env.LOUPE_IMPORT_DIR = mkdtempSync(join(TMP, "bench-imports-"));
  await buildTemplates();
  const engines = (process.env.CSV_BENCH_ENGINES ?? "sqlite,postgresql").split(",") as Provider[];
  try {
    for (const engine of engines) await bench(engine);
  } finally {
    await dropCreatedDatabases();
  }
}

await main();
