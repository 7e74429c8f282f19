// The valuation of a shop's material stock, replayed from its stored moves and kept in memory.
// Pages ask for stock at a date, journals and job costs many times between two writes; replaying
// every class's whole history for each of them grows with the history. Here a shop's ledger is
// replayed once (linked classes together, see replayShop) and kept with a fingerprint of what it
// depends on (counts of the insert-only tables, classes' methods, settings). A move written here
// replays only the classes its transfers link to its own and keeps the result (remember); any
// other change, from this instance or another, changes the fingerprint and the next read replays
// the shop again. The state at a date is then a binary search in the kept replay (stateAt), which
// gives exactly what a replay cut at that date gives (test/unit/materials/replay.test.ts checks it;
// test/bench/materials.bench.ts times it).
import { currencyDecimals } from "../../domain/money";
import {
  advanceSnapshot,
  isAfterCut,
  replayShop,
  replayShopWithSnapshot,
  resumeShop,
  stateAt,
  type ReplayCut,
  type ReplayResult,
  type ShopClassInput,
  type ShopSnapshot,
  type StoredMove,
} from "../../domain/materials/replay";
import type { ValuationMethod } from "../../domain/valuation/index";
import type { Tx } from "../../models/transaction.server";
import * as M from "../../models/materials.server";

export type LedgerClass = Awaited<ReturnType<typeof M.listAllClasses>>[number];

export type ShopLedger = {
  fingerprint: string;
  classes: LedgerClass[];
  inputs: ShopClassInput[];
  periodEnds: Date[];
  decimals: 0 | 2 | 3;
  negativeStock: "refuse" | "allow";
};

export type ValuedShop = { ledger: ShopLedger; results: Map<string, ReplayResult> };

/** Everything a replay depends on but the moves (a few rows). */
async function loadBasics(shopId: string, tx?: Tx) {
  const [classes, changes, closes, settings, currency] = await Promise.all([
    M.listAllClasses(shopId, tx),
    M.listAllMethodChanges(shopId, tx),
    M.listPeriodCloses(shopId, tx),
    M.getSettingsRow(shopId, tx),
    M.shopCurrency(shopId, tx),
  ]);
  return { classes, changes, closes, settings, currency };
}
type Basics = Awaited<ReturnType<typeof loadBasics>>;

async function loadLedger(shopId: string, tx?: Tx): Promise<ShopLedger> {
  // The fingerprint first: a write that lands while the rest is read makes it stale, never wrong.
  const fingerprint = await M.ledgerFingerprint(shopId, tx);
  const [basics, moves] = await Promise.all([loadBasics(shopId, tx), M.listLedgerMoves(shopId, tx)]);
  return ledgerOf(fingerprint, basics, moves);
}

function ledgerOf(
  fingerprint: string,
  { classes, changes, closes, settings, currency }: Basics,
  moves: Awaited<ReturnType<typeof M.listLedgerMoves>>,
): ShopLedger {
  const movesByClass = new Map<string, StoredMove[]>();
  for (const row of moves) {
    const list = movesByClass.get(row.classId) ?? [];
    list.push(M.asStoredMove(row));
    movesByClass.set(row.classId, list);
  }
  const inputs: ShopClassInput[] = classes.map((cls) => ({
    id: cls.id,
    method: cls.method as ValuationMethod,
    changes: changes.filter((c) => c.classId === cls.id).map(M.asChangeRow),
    standardUnitCost: cls.standardUnitCost,
    moves: movesByClass.get(cls.id) ?? [],
  }));
  return {
    fingerprint,
    classes,
    inputs,
    periodEnds: closes.map((c) => c.closedThrough),
    decimals: currencyDecimals(currency) as 0 | 2 | 3,
    negativeStock: settings?.negativeStock === "allow" ? "allow" : "refuse",
  };
}

export type ExtraMove = StoredMove & { classId: string };

/**
 * Replays a ledger. With `only`, just the classes linked (by transfers, new moves included) to
 * those classes: the others cannot change. `extra` adds moves not written yet.
 */
export function replayLedger(
  ledger: ShopLedger,
  options: {
    extra?: readonly ExtraMove[];
    only?: readonly string[];
    methodOverride?: ValuationMethod;
    until?: Date;
  } = {},
): Map<string, ReplayResult> {
  let inputs = ledger.inputs;
  if (options.extra?.length) {
    inputs = inputs.map((input) => {
      const mine = options.extra!.filter((m) => m.classId === input.id);
      return mine.length ? { ...input, moves: [...input.moves, ...mine] } : input;
    });
  }
  if (options.only) {
    const wanted = linkedTo(inputs, options.only);
    inputs = inputs.filter((input) => wanted.has(input.id));
  }
  return replayShop({
    classes: inputs,
    periodEnds: ledger.periodEnds,
    currencyDecimals: ledger.decimals,
    negativeStock: ledger.negativeStock,
    methodOverride: options.methodOverride,
    until: options.until,
  });
}

/** The classes linked by transfers, directly or not, to any of `ids` (the ids included). */
export function linkedTo(inputs: readonly ShopClassInput[], ids: readonly string[]): Set<string> {
  const byTransfer = new Map<string, string[]>();
  for (const input of inputs) {
    for (const move of input.moves) {
      if (!move.transferId) continue;
      const list = byTransfer.get(move.transferId) ?? [];
      list.push(input.id);
      byTransfer.set(move.transferId, list);
    }
  }
  const neighbours = new Map<string, Set<string>>();
  for (const classIds of byTransfer.values()) {
    for (const a of classIds)
      for (const b of classIds) if (a !== b) (neighbours.get(a) ?? neighbours.set(a, new Set()).get(a)!).add(b);
  }
  const seen = new Set<string>(ids);
  const queue = [...ids];
  while (queue.length) {
    for (const next of neighbours.get(queue.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

const MAX_CACHED = 32;
/** A kept replay holds a state per move (about 700 bytes each): beyond this many moves in all, the least recently used go. */
const MAX_CACHED_MOVES = 2_000_000;
const cache = new Map<string, ValuedShop>();
const stats = { hits: 0, replays: 0, resumes: 0 };

/** For tests and the benchmark: how often the cache answered, and how often it replayed. */
export function valuationCacheStats() {
  return { ...stats, entries: cache.size };
}

export function forgetValuations() {
  cache.clear();
  resumedKept.clear();
  stats.hits = 0;
  stats.replays = 0;
  stats.resumes = 0;
}

/**
 * The whole shop replayed (each class at its own method, or all at `methodOverride` without method
 * changes, for the comparison report), from the cache when nothing it depends on has changed.
 * Inside a transaction, only before the transaction writes (what it reads is then committed data).
 */
export async function valuedShop(
  shopId: string,
  options: { tx?: Tx; methodOverride?: ValuationMethod } = {},
): Promise<ValuedShop> {
  const key = `${shopId}|${options.methodOverride ?? ""}`;
  const cached = cache.get(key);
  if (cached && cached.ledger.fingerprint === (await M.ledgerFingerprint(shopId, options.tx))) {
    stats.hits++;
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const ledger = await loadLedger(shopId, options.tx);
  const results = replayLedger(ledger, { methodOverride: options.methodOverride });
  stats.replays++;
  const valued = { ledger, results };
  keep(key, valued);
  return valued;
}

function movesIn(valued: ValuedShop): number {
  return valued.ledger.inputs.reduce((sum, input) => sum + input.moves.length, 0);
}

function keep(key: string, valued: ValuedShop) {
  cache.delete(key);
  cache.set(key, valued);
  let total = 0;
  for (const entry of cache.values()) total += movesIn(entry);
  while (cache.size > 1 && (cache.size > MAX_CACHED || total > MAX_CACHED_MOVES)) {
    const oldest = cache.keys().next().value!;
    total -= movesIn(cache.get(oldest)!);
    cache.delete(oldest);
  }
}

/**
 * The shop after a write, without replaying it all again: the written moves added to the ledger,
 * the classes they changed (already replayed with them) replacing their old results.
 * `fingerprint` is what the ledger's fingerprint is once the write is committed.
 */
export function withWrittenMoves(
  base: ValuedShop,
  extra: readonly ExtraMove[],
  replayed: ReadonlyMap<string, ReplayResult>,
  fingerprint: string,
): ValuedShop {
  const inputs = base.ledger.inputs.map((input) => {
    const mine = extra.filter((m) => m.classId === input.id);
    return mine.length ? { ...input, moves: [...input.moves, ...mine] } : input;
  });
  const results = new Map(base.results);
  for (const [classId, result] of replayed) results.set(classId, result);
  return { ledger: { ...base.ledger, fingerprint, inputs }, results };
}

/** The fingerprint a ledger has once `added` more moves are committed and nothing else changed. */
export function fingerprintAfter(fingerprint: string, added: number): string {
  const [moves, ...rest] = fingerprint.split("|");
  return [String(Number(moves) + added), ...rest].join("|");
}

/** Keeps a shop's valuation computed by a write that has committed. */
export function remember(shopId: string, valued: ValuedShop) {
  keep(`${shopId}|`, valued);
}

/** A fresh replay inside a transaction that has written (never cached). */
export async function valuedShopFresh(shopId: string, tx: Tx): Promise<ValuedShop> {
  const ledger = await loadLedger(shopId, tx);
  return { ledger, results: replayLedger(ledger) };
}

/**
 * One class's replay, cut at `until` when given: the rows effective on or before it and the state
 * there. A class whose full replay was refused somewhere is replayed up to `until` on its own
 * terms (the refusal may lie after it).
 */
export function classResult(
  valued: ValuedShop,
  classId: string,
  until?: Date,
  methodOverride?: ValuationMethod,
): ReplayResult {
  const full = valued.results.get(classId);
  if (!full) return { ok: false, moveId: null, code: "NOT_FOUND", message: `No class ${classId}`, rows: [] };
  if (!until) return full;
  if (!full.ok) return replayLedger(valued.ledger, { only: [classId], until, methodOverride }).get(classId)!;
  const at = stateAt(full, until);
  const rows = full.rows.slice(0, at.rows);
  const marks = full.marks.filter((m) =>
    m.kind === "close" ? m.at.getTime() < until.getTime() : m.at.getTime() <= until.getTime(),
  );
  // Cut after everything: the full replay's final state (with its FIFO lots).
  const final = at.rows === full.rows.length && marks.length === full.marks.length ? full.final : at.state;
  return { ok: true, rows, final, method: at.method, initial: full.initial, marks };
}

// ---------------------------------------------------------------- snapshots (issue 14, speed)

/** Moves recorded between two snapshots that writes take (a period close always takes one). */
export const SNAPSHOT_EVERY = Number(process.env.LOUPE_MATERIALS_SNAPSHOT_EVERY ?? 5000);

/**
 * What a snapshot's state depends on besides the moves up to its cut: the period closes effective
 * by then, every method change, the negative-stock policy, the currency, and its classes' standard
 * costs. A snapshot whose basis no longer matches is never resumed.
 */
function basisOf(basics: Basics, cut: ReplayCut | null, classIds: readonly string[]): string {
  const t = cut ? cut.effectiveAt.getTime() : -Infinity;
  const standard = new Map(basics.classes.map((c) => [c.id, c.standardUnitCost ?? ""]));
  return JSON.stringify({
    closes: basics.closes.filter((c) => c.closedThrough.getTime() <= t).map((c) => c.closedThrough.toISOString()),
    // Every change, even one after the cut: a retrospective one revalues the history before it.
    changes: basics.changes.map((c) => [c.classId, c.fromMethod, c.toMethod, c.effectiveFrom.toISOString()]),
    negativeStock: basics.settings?.negativeStock === "allow" ? "allow" : "refuse",
    currency: basics.currency,
    classes: [...classIds].sort().map((id) => [id, standard.get(id) ?? null]),
  });
}

type StoredSnapshot = Omit<ShopSnapshot, "cut">;

/** The latest snapshot if it still holds (same basis, no move back-dated before its cut since). */
async function validSnapshot(shopId: string, basics: Basics): Promise<ShopSnapshot | null> {
  const row = await M.latestSnapshot(shopId);
  if (!row) return null;
  const cut: ReplayCut | null = row.cutMoveId
    ? { effectiveAt: row.cutEffectiveAt!, createdAt: row.cutCreatedAt!, id: row.cutMoveId }
    : null;
  const data = JSON.parse(row.data) as StoredSnapshot;
  if (basisOf(basics, cut, Object.keys(data.classes)) !== row.basis) return null;
  if ((await M.countMovesThrough(shopId, cut)) !== row.movesThrough) return null;
  return { cut, ...data };
}

function inputOf(ledger: ShopLedger) {
  return {
    classes: ledger.inputs,
    periodEnds: ledger.periodEnds,
    currencyDecimals: ledger.decimals,
    negativeStock: ledger.negativeStock,
  };
}

/**
 * The shop's current valuation from the latest snapshot and the moves after its cut only (rows
 * for those moves; final states those of a full replay). Null when there is no snapshot that
 * holds, or a return after the cut names a move the snapshot did not keep.
 */
export async function resumedShop(shopId: string): Promise<Map<string, ReplayResult> | null> {
  const basics = await loadBasics(shopId);
  const snapshot = await validSnapshot(shopId, basics);
  if (!snapshot) return null;
  const ledger = ledgerOf("", basics, await M.listLedgerMovesAfter(shopId, snapshot.cut));
  return resumeShop(inputOf(ledger), snapshot);
}

/**
 * Writes a snapshot of every class at a cut: the last move (every N moves), or the last move
 * effective by a period's end (a close). It carries the latest snapshot that holds forward when it
 * lies before the cut, else replays the whole shop once. Nothing is written when a class's replay
 * is refused before the cut.
 */
export async function writeSnapshot(
  shopId: string,
  reason: "period_close" | "every_n",
  through?: Date,
): Promise<{ written: boolean; cut: ReplayCut | null }> {
  const cut = through ? await M.lastLedgerMoveThrough(shopId, through) : await M.lastLedgerMove(shopId);
  // Counted and read before the moves: a move written meanwhile makes the snapshot fail its check later, never wrong.
  const basics = await loadBasics(shopId);
  const movesThrough = await M.countMovesThrough(shopId, cut);
  const previous = await validSnapshot(shopId, basics);
  let snapshot: ShopSnapshot | null = null;
  if (previous && (previous.cut === null || (cut !== null && !isAfterCut(previous.cut, cut)))) {
    const ledger = ledgerOf("", basics, await M.listLedgerMovesAfter(shopId, previous.cut));
    snapshot = advanceSnapshot(inputOf(ledger), previous, cut)?.snapshot ?? null;
  }
  if (!snapshot) {
    const ledger = ledgerOf("", basics, await M.listLedgerMoves(shopId));
    snapshot = replayShopWithSnapshot(inputOf(ledger), cut).snapshot;
  }
  if (!snapshot.complete) return { written: false, cut };
  const { cut: _cut, ...data } = snapshot;
  await M.insertSnapshot(shopId, {
    cut,
    movesThrough,
    basis: basisOf(basics, cut, Object.keys(snapshot.classes)),
    reason,
    data: JSON.stringify(data),
  });
  return { written: true, cut };
}

/** After a write: a snapshot when SNAPSHOT_EVERY moves have been recorded since the last one. */
export async function snapshotIfDue(shopId: string): Promise<boolean> {
  const [latest, moves] = await Promise.all([M.latestSnapshot(shopId), M.countAllMoves(shopId)]);
  if (moves - (latest?.movesThrough ?? 0) < SNAPSHOT_EVERY) return false;
  return (await writeSnapshot(shopId, "every_n")).written;
}

/**
 * The shop's valuation now, for pages that only need today's figures (the stock overview): the
 * kept full replay when it is current, else the latest snapshot and the moves after it (a cold
 * start), else a full replay. `full` says whether rows cover every move.
 */
export async function currentValuation(shopId: string): Promise<{ results: Map<string, ReplayResult>; full: boolean }> {
  const fingerprint = await M.ledgerFingerprint(shopId);
  const cached = cache.get(`${shopId}|`);
  if (cached && cached.ledger.fingerprint === fingerprint) {
    stats.hits++;
    return { results: cached.results, full: true };
  }
  // One resume per state of the ledger, shared by the page's parallel reads (stock, work in progress).
  let kept = resumedKept.get(shopId);
  if (!kept || kept.fingerprint !== fingerprint) {
    stats.resumes++;
    kept = { fingerprint, results: resumedShop(shopId) };
    resumedKept.set(shopId, kept);
    kept.results.catch(() => resumedKept.delete(shopId));
  }
  const resumed = await kept.results;
  if (resumed) return { results: resumed, full: false };
  return { results: (await valuedShop(shopId)).results, full: true };
}

/** The last resumed valuation of each shop, with the ledger fingerprint it was read at. */
const resumedKept = new Map<string, { fingerprint: string; results: Promise<Map<string, ReplayResult> | null> }>();

/**
 * Runs a snapshot write after a committed write. A snapshot is derived data: failing to write one
 * costs the next cold start a full replay, never the write that has already committed.
 */
export async function afterCommit(shopId: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    console.error(`materials snapshot for shop ${shopId} not written:`, error);
  }
}
