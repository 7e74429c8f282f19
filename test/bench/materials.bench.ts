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
 * Exits 1 if a figure differs.
 */
import { replayClass, replayShop, stateAt, type ReplayOk, type StoredMove } from "../../app/domain/materials/replay";
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
if (mismatches > 0) process.exit(1);
