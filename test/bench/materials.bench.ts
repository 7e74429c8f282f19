/**
 * Material stock valuation on a long history: `npx tsx test/bench/materials.bench.ts`
 *
 * 1. One busy class, 100,000 moves, replayed with FIFO and moving average (what every write does
 *    for the class it touches).
 * 2. Stock at a date, as the reports and impairment pages ask it, on a shop of
 *    MATERIALS_BENCH_CLASSES classes × MATERIALS_BENCH_MOVES moves each (default 200 × 5,000 =
 *    1,000,000 moves; transfers between classes, FIFO, moving and periodic average, standard
 *    cost, method changes halfway, month-end closes). Baseline, as the pages did before: replay
 *    every class up to the date for each page. Now: the shop replayed once and kept
 *    (materials-valuation.server.ts), then a binary search per class (stateAt). Both are timed in
 *    this run, and every class's figures at every date are checked to be identical. Also timed:
 *    what a write replays (only the classes its transfers link to its own).
 *    (The kept valuation also costs one fingerprint query per page in the app: a few count(*)s.)
 * 3. The first materials page after a cold start (the overview loader's services, stockAt and
 *    wipAndFinished), on SQLite and PostgreSQL with MATERIALS_BENCH_DB_MOVES moves in the database
 *    (default: the same ledger as 2.; MATERIALS_BENCH_ENGINES picks engines). Baseline in the same
 *    run: no snapshot, so the page loads and replays every move. Then a snapshot is written at the
 *    last period close (as closing the period writes it) and the page, after a cold start, resumes
 *    from it and replays only the moves after its cut. Both pages' figures are compared.
 * Exits 1 if a figure differs.
 */
import {
  replayClass,
  replayShop,
  stateAt,
  type ReplayOk,
  type ShopClassInput,
  type StoredMove,
} from "../../app/domain/materials/replay";
import type { Provider } from "../../app/db/providers";
import { buildTemplates, dropCreatedDatabases, freshDatabase } from "../setup/databases";
import { generateLedger } from "../unit/materials/ledger-gen";

function busyClass(count: number): StoredMove[] {
  const out: StoredMove[] = [];
  let stock = 0;
  const start = Date.UTC(2020, 0, 1);
  for (let i = 0; i < count; i++) {
    // A workshop keeps a few hundred grams: it buys when low and issues otherwise.
    const receive = stock < 100 || (stock < 400 && i % 3 === 0);
    const qty = receive ? `${20 + (i % 7)}.${i % 1000}` : `${1 + (i % 5)}.25`;
    if (receive) stock += Number(qty);
    else stock -= Number(qty);
    out.push({
      id: `m${i}`,
      type: receive ? "in" : "out",
      purpose: receive ? "receipt" : "issue_job",
      qty,
      unitCost: receive ? `${50 + (i % 13)}.${(i * 7) % 100}` : null,
      ofMoveId: null,
      effectiveAt: new Date(start + i * 60_000),
      createdAt: new Date(start + i * 60_000),
    });
  }
  // Stored order is not effective order: the replay sorts.
  return out.reverse();
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

console.log("1. One class, 100,000 moves");
const count = 100_000;
const data = busyClass(count);
for (const method of ["fifo", "moving_average"] as const) {
  replayClass({ method, changes: [], moves: data.slice(0, 1000) });
  const t0 = performance.now();
  const result = replayClass({ method, changes: [], moves: data });
  const ms = performance.now() - t0;
  if (!result.ok) throw new Error(result.message);
  console.log(
    `   ${method}: ${count.toLocaleString("en")} moves replayed in ${ms.toFixed(0)} ms (${Math.round(count / (ms / 1000)).toLocaleString("en")} moves/s), closing value ${result.final.value}`,
  );
}

const CLASSES = Number(process.env.MATERIALS_BENCH_CLASSES ?? 200);
const PER_CLASS = Number(process.env.MATERIALS_BENCH_MOVES ?? 5_000);
const PAGES = Number(process.env.MATERIALS_BENCH_PAGES ?? 5);
console.log(
  `\n2. Stock at a date: ${CLASSES} classes × ${PER_CLASS.toLocaleString("en")} moves = ${(CLASSES * PER_CLASS).toLocaleString("en")} moves`,
);
let t = performance.now();
const { classes, periodEnds, end } = generateLedger({
  classes: CLASSES,
  movesPerClass: PER_CLASS,
  seed: 20261126,
  transferEvery: 50,
  methodChanges: true,
});
const moveCount = classes.reduce((s, c) => s + c.moves.length, 0);
console.log(
  `   generated ${moveCount.toLocaleString("en")} moves (${classes
    .flatMap((c) => c.moves)
    .filter((m) => m.transferId)
    .length.toLocaleString(
      "en",
    )} transfer halves, ${periodEnds.length} month-end closes) in ${(performance.now() - t).toFixed(0)} ms`,
);

const start = classes[0]!.moves[0]!.effectiveAt.getTime();
// Page dates spread over the history, the last one today (after every move).
const dates = Array.from(
  { length: PAGES },
  (_, k) =>
    new Date(start + Math.floor(((end.getTime() - start) * (k + 1)) / PAGES) - (k + 1 === PAGES ? 0 : 3_600_000)),
);

// Before: every page replays every class up to its date.
const baselineMs: number[] = [];
const baselineFigures: Map<string, { qty: string; value: string; unitCost: string }>[] = [];
for (const until of dates) {
  t = performance.now();
  const results = replayShop({ classes, periodEnds, until });
  baselineMs.push(performance.now() - t);
  const figures = new Map<string, { qty: string; value: string; unitCost: string }>();
  for (const [id, result] of results) {
    if (!result.ok) throw new Error(`${id}: ${result.message}`);
    figures.set(id, { qty: result.final.qty, value: result.final.value, unitCost: result.final.unitCost });
  }
  baselineFigures.push(figures);
}

// Now: the whole shop replayed once (what the first page pays after a start, or after a write by
// another app instance; a write here keeps what it replayed), then kept.
global.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
t = performance.now();
const kept = replayShop({ classes, periodEnds });
const buildMs = performance.now() - t;
const heapKept = process.memoryUsage().heapUsed - heapBefore;
const cachedMs: number[] = [];
let mismatches = 0;
for (const [k, until] of dates.entries()) {
  t = performance.now();
  const figures = new Map<string, { qty: string; value: string; unitCost: string }>();
  for (const cls of classes) {
    const { state } = stateAt(kept.get(cls.id) as ReplayOk, until);
    figures.set(cls.id, { qty: state.qty, value: state.value, unitCost: state.unitCost });
  }
  cachedMs.push(performance.now() - t);
  for (const [id, expected] of baselineFigures[k]!) {
    const got = figures.get(id)!;
    if (got.qty !== expected.qty || got.value !== expected.value || got.unitCost !== expected.unitCost) {
      mismatches++;
      if (mismatches <= 5)
        console.error(
          `   MISMATCH ${id} at ${until.toISOString()}: kept ${JSON.stringify(got)} vs replay ${JSON.stringify(expected)}`,
        );
    }
  }
}

// A write replays only the classes its transfers link to its own (here a group of 4 classes).
const group = classes.slice(0, 4);
t = performance.now();
replayShop({ classes: group, periodEnds });
const writeMs = performance.now() - t;
const groupMoves = group.reduce((s, c) => s + c.moves.length, 0);

const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
console.log(
  `   before (replay every class to the date, per page): ${avg(baselineMs).toFixed(0)} ms a page (${baselineMs.map((x) => x.toFixed(0)).join(", ")} ms)`,
);
console.log(
  `   now, first page after a start or another instance's write (replay the whole shop once and keep it): ${buildMs.toFixed(0)} ms (${Math.round(moveCount / (buildMs / 1000)).toLocaleString("en")} moves/s), about ${mb(heapKept)} MB kept`,
);
console.log(
  `   now, every other page (binary search per class): ${avg(cachedMs).toFixed(3)} ms a page (${cachedMs.map((x) => x.toFixed(2)).join(", ")} ms)`,
);
console.log(
  `   a write (replays its linked classes, ${groupMoves.toLocaleString("en")} moves, and keeps the result): ${writeMs.toFixed(0)} ms`,
);
console.log(
  `   speed-up per page once kept: ×${Math.round(avg(baselineMs) / Math.max(avg(cachedMs), 0.001)).toLocaleString("en")}`,
);
console.log(
  `   figures compared: ${(dates.length * classes.length).toLocaleString("en")} class-dates, ${mismatches} different; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
);

// ---------------------------------------------------------------- 3. first page after a cold start

const DB_MOVES = Number(process.env.MATERIALS_BENCH_DB_MOVES ?? CLASSES * PER_CLASS);
const ENGINES = (process.env.MATERIALS_BENCH_ENGINES ?? "sqlite,postgresql").split(",") as Provider[];

async function seedLedger(shopId: string, ledger: ShopClassInput[], closes: Date[]) {
  const { db } = await import("../../app/db.server");
  const { insertRows } = await import("../../app/models/bulk-insert.server");
  const now = new Date();
  await insertRows(
    db,
    "MaterialClass",
    ledger.map((c) => ({
      id: c.id,
      shopId,
      kind: "metal",
      code: `gold-7500-${c.id}`,
      label: c.id,
      metal: "gold",
      finenessBp: 7500,
      unit: "g",
      method: c.method,
      standardUnitCost: c.standardUnitCost ?? null,
      attributes: "{}",
      nrvUnitValue: null,
      archivedAt: null,
      createdAt: now,
    })),
  );
  await insertRows(
    db,
    "MaterialMethodChange",
    ledger.flatMap((c) =>
      c.changes.map((ch, i) => ({
        id: `${c.id}-change-${i}`,
        shopId,
        classId: c.id,
        fromMethod: ch.fromMethod,
        toMethod: ch.toMethod,
        justification: "bench",
        effectiveFrom: ch.effectiveFrom,
        actorName: "bench",
        at: now,
      })),
    ),
  );
  await insertRows(
    db,
    "MaterialPeriodClose",
    closes.map((closedThrough, i) => ({ id: `close-${i}`, shopId, closedThrough, actorName: "bench", at: now })),
  );
  const rows = ledger.flatMap((c) =>
    c.moves.map((m) => ({
      id: m.id,
      shopId,
      classId: c.id,
      type: m.type,
      purpose: m.purpose,
      qty: m.qty,
      unitCost: m.unitCost,
      ofMoveId: m.ofMoveId,
      transferId: m.transferId ?? null,
      jobId: null,
      supplier: null,
      partnerId: null,
      lot: null,
      jobRef: null,
      reason: null,
      effectiveAt: m.effectiveAt,
      actorName: "bench",
      createdAt: m.createdAt,
    })),
  );
  for (let i = 0; i < rows.length; i += 20_000) await insertRows(db, "MaterialMove", rows.slice(i, i + 20_000));
  await db.$executeRawUnsafe("ANALYZE");
}

async function benchEngine(engine: Provider, ledger: ShopClassInput[], closes: Date[]): Promise<number> {
  process.env.DATABASE_URL = await freshDatabase(engine);
  const { db } = await import("../../app/db.server");
  const shop = await db.shop.create({ data: { domain: `materials-bench-${engine}.myshopify.com`, currency: "EUR" } });
  const moves = ledger.reduce((n, c) => n + c.moves.length, 0);
  let t0 = performance.now();
  await seedLedger(shop.id, ledger, closes);
  console.log(
    `   ${engine}: ${moves.toLocaleString("en")} moves seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const R = await import("../../app/services/materials/reports.server");
  const V = await import("../../app/services/materials/valuation.server");
  const page = async () => {
    const [stock, other] = await Promise.all([R.stockAt(shop.id), R.wipAndFinished(shop.id)]);
    return JSON.stringify({ lines: stock.lines, ...other }, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  };
  V.forgetValuations();
  t0 = performance.now();
  const baseline = await page();
  const baselineMs = performance.now() - t0;
  t0 = performance.now();
  const written = await V.writeSnapshot(shop.id, "period_close", closes.at(-1)!);
  const writeMs = performance.now() - t0;
  const after = await db.materialMove.count({
    where: { shopId: shop.id, effectiveAt: { gt: written.cut?.effectiveAt ?? new Date(0) } },
  });
  V.forgetValuations();
  t0 = performance.now();
  const resumed = await page();
  const resumedMs = performance.now() - t0;
  const stats = V.valuationCacheStats();
  const same = resumed === baseline;
  console.log(
    `   ${engine}: first page, full replay (baseline): ${baselineMs.toFixed(0)} ms; from the snapshot (${after.toLocaleString("en")} moves after its cut replayed): ${resumedMs.toFixed(0)} ms${resumedMs < 1000 ? "" : "  ← over 1 s"}; snapshot written in ${writeMs.toFixed(0)} ms; resumed ${stats.resumes}×; figures ${same ? "identical" : "DIFFERENT"}`,
  );
  return same ? 0 : 1;
}

if (DB_MOVES > 0) {
  process.env.LOG_LEVEL ??= "error";
  const perClass = Math.max(1, Math.floor(DB_MOVES / CLASSES));
  console.log(
    `\n3. First materials page after a cold start: ${CLASSES} classes × ${perClass.toLocaleString("en")} moves in the database`,
  );
  const generated =
    perClass === PER_CLASS
      ? { classes, periodEnds }
      : generateLedger({
          classes: CLASSES,
          movesPerClass: perClass,
          seed: 20261126,
          transferEvery: 50,
          methodChanges: true,
        });
  await buildTemplates();
  try {
    for (const engine of ENGINES) mismatches += await benchEngine(engine, generated.classes, generated.periodEnds);
  } finally {
    await dropCreatedDatabases();
  }
}
console.log(
  `   load average: ${(await import("node:os"))
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(", ")}`,
);
if (mismatches > 0) process.exit(1);
