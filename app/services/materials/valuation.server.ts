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
  replayShop,
  stateAt,
  type ReplayResult,
  type ShopClassInput,
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

async function loadLedger(shopId: string, tx?: Tx): Promise<ShopLedger> {
  // The fingerprint first: a write that lands while the rest is read makes it stale, never wrong.
  const fingerprint = await M.ledgerFingerprint(shopId, tx);
  const [classes, moves, changes, closes, settings, currency] = await Promise.all([
    M.listAllClasses(shopId, tx),
    M.listLedgerMoves(shopId, tx),
    M.listAllMethodChanges(shopId, tx),
    M.listPeriodCloses(shopId, tx),
    M.getSettingsRow(shopId, tx),
    M.shopCurrency(shopId, tx),
  ]);
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
const stats = { hits: 0, replays: 0 };

/** For tests and the benchmark: how often the cache answered, and how often it replayed. */
export function valuationCacheStats() {
  return { ...stats, entries: cache.size };
}

export function forgetValuations() {
  cache.clear();
  stats.hits = 0;
  stats.replays = 0;
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
