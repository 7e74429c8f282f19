/**
 * Pieces list on 50,000 pieces: `npx tsx test/bench/pieces-list.bench.ts`
 *
 * Seeds one shop with 50,000 pieces (bulk inserts: pieces, metals, stones, certificates,
 * consignments, 20 locations; not through createPiece) on SQLite and on PostgreSQL
 * (LOUPE_TEST_PG_URL, as the integration tests), then times the list query the list loader runs
 * (listPieces: one page of 50 plus the total) against a query that only counts rows
 * (countPieces), for several views: a search plus two filters, as the target asks, and others.
 * Prints p50 and p95 per view and engine; target: p95 under 100 ms.
 */
import { performance } from "node:perf_hooks";
import { buildTemplates, dropCreatedDatabases, freshDatabase } from "../setup/databases";
import type { Provider } from "../../app/db/providers";
import { foldForSearch } from "../../app/domain/search-text";

const PIECES = Number(process.env.PIECES_BENCH_COUNT ?? 50_000);
const RUNS = Number(process.env.PIECES_BENCH_RUNS ?? 40);
const METALS = [
  ["gold", 7500],
  ["gold", 5850],
  ["gold", 3750],
  ["silver", 9250],
  ["platinum", 9500],
] as const;
const WORDS = [
  "Bague",
  "Alliance",
  "Solitaire",
  "Collier",
  "Pendentif",
  "Bracelet",
  "Boucles",
  "Broche",
  "Chevalière",
  "Jonc",
];
const STONES = ["diamond", "sapphire", "ruby", "emerald", "pearl"];
const STATES = ["active", "active", "active", "active", "active", "active", "receiving", "sold", "on_hold", "memo_out"];

function tagCode(i: number): string {
  return i
    .toString(32)
    .toUpperCase()
    .padStart(7, "0")
    .replace(/I/g, "X")
    .replace(/L/g, "Y")
    .replace(/O/g, "Z")
    .replace(/U/g, "W");
}

async function seed(shopId: string): Promise<{ locationId: string }> {
  const { db } = await import("../../app/db.server");
  const locations = Array.from({ length: 20 }, (_, i) => ({
    id: `loc${i}`,
    shopId,
    shopifyLocationGid: "gid://shopify/Location/1",
    name: `Plateau ${i}`,
    kind: "tray",
    path: `Boutique > Plateau ${i}`,
  }));
  await db.location.createMany({ data: locations });
  const party = await db.party.create({ data: { shopId, kind: "consignor", name: "Mme Verne" } });
  const now = Date.now();
  const BATCH = 2000;
  for (let start = 0; start < PIECES; start += BATCH) {
    const pieces = [];
    const metals = [];
    const stones = [];
    const certificates = [];
    const consignments = [];
    for (let i = start; i < Math.min(PIECES, start + BATCH); i++) {
      const id = `p${i}`;
      const [metal, bp] = METALS[i % METALS.length]!;
      pieces.push({
        id,
        shopId,
        tagCode: tagCode(i + 1000),
        publicToken: `tok${i}`,
        title: `${WORDS[i % WORDS.length]} ${metal} n°${i}`,
        searchTitle: foldForSearch(`${WORDS[i % WORDS.length]} ${metal} n°${i}`),
        sku: `SKU-${String(i).padStart(6, "0")}`,
        state: STATES[i % STATES.length]!,
        locationId: `loc${i % 20}`,
        shopifyLocationGid: "gid://shopify/Location/1",
        currency: "EUR",
        priceMinor: BigInt(50_000 + (i % 997) * 1000),
        acquiredAt: new Date(now - (i % 900) * 86_400_000),
        createdAt: new Date(now - (PIECES - i) * 60_000),
      });
      metals.push({
        id: `m${i}`,
        shopId,
        pieceId: id,
        metal,
        finenessBp: bp,
        grossWeightMg: BigInt(1500 + (i % 50) * 100),
        fineWeightMg: BigInt(1000),
        enteredWeight: "",
        enteredUnit: "g",
      });
      if (i % 5 !== 4)
        stones.push({
          id: `s${i}`,
          shopId,
          pieceId: id,
          type: STONES[i % STONES.length]!,
          origin: "natural",
          millicarats: 100 + (i % 900),
        });
      if (i % 3 === 0)
        certificates.push({
          id: `c${i}`,
          shopId,
          pieceId: id,
          lab: i % 2 ? "IGI" : "GIA",
          number: `21${String(i).padStart(8, "0")}`,
        });
      if (i % 20 === 0)
        consignments.push({
          id: `k${i}`,
          shopId,
          pieceId: id,
          consignorId: party.id,
          commissionBp: 2500,
          receivedAt: new Date(now),
        });
    }
    await db.piece.createMany({ data: pieces });
    await db.pieceMetal.createMany({ data: metals });
    await db.stone.createMany({ data: stones });
    await db.certificate.createMany({ data: certificates });
    await db.consignment.createMany({ data: consignments });
  }
  return { locationId: "loc3" };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function time(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

async function benchEngine(engine: Provider) {
  process.env.DATABASE_URL = await freshDatabase(engine);
  const { db } = await import("../../app/db.server");
  const shop = await db.shop.create({ data: { domain: `bench-${engine}.myshopify.com` } });
  const t0 = performance.now();
  const { locationId } = await seed(shop.id);
  // Fresh statistics, as autovacuum (PostgreSQL) or a periodic ANALYZE (SQLite) would give.
  await db.$executeRawUnsafe("ANALYZE");
  const seeded = performance.now() - t0;
  const { listPieces, countPieces } = await import("../../app/models/pieces.server");
  const views: [string, Parameters<typeof listPieces>[1]][] = [
    ["search cert prefix + state + metal", { search: "2100001", state: "active", metal: "gold" }],
    ["search title + state + fineness", { search: "Solitaire", state: "active", metal: "gold", finenessBp: 3750 }],
    // No state filter: the seed puts every Chevalière in the "on_hold" state.
    ["search two title words, any order, accents", { search: "gold chevaliere" }],
    ["search certificate with its lab's name", { search: "GIA 2100001", state: "active" }],
    [
      "search tag prefix + location + stone",
      { search: tagCode(1000 + 4321).slice(0, 5), locationId, stoneType: "ruby" },
    ],
    ["no search: state + age, sorted by price", { state: "active", age: "gt365", sort: "priceHigh" }],
    ["everything, first page", {}],
  ];
  console.log(`\n${engine}: ${PIECES.toLocaleString("en")} pieces seeded in ${(seeded / 1000).toFixed(1)} s`);
  console.log("  view                                        matches   list p50   list p95   count p50   count p95");
  for (const [name, query] of views) {
    const matches = await countPieces(shop.id, query);
    const list = await time(() => listPieces(shop.id, query));
    const count = await time(() => countPieces(shop.id, query));
    const ok = list.p95 < 100 ? "" : "  ← over 100 ms";
    console.log(
      `  ${name.padEnd(42)} ${String(matches).padStart(7)} ${list.p50.toFixed(1).padStart(8)} ms ${list.p95.toFixed(1).padStart(8)} ms ${count.p50.toFixed(1).padStart(9)} ms ${count.p95.toFixed(1).padStart(9)} ms${ok}`,
    );
  }
}

async function main() {
  process.env.LOG_LEVEL ??= "error";
  await buildTemplates();
  const engines = (process.env.PIECES_BENCH_ENGINES ?? "sqlite,postgresql").split(",") as Provider[];
  try {
    for (const engine of engines) await benchEngine(engine);
  } finally {
    await dropCreatedDatabases();
  }
}

await main();
