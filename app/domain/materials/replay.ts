/**
 * Values one material stock class by replaying its stored moves, in effective-date order,
 * through the valuation engine. Stored moves are the source of truth; every figure here is
 * derived, so a back-dated move recomputes everything after it and `diffReplays` can say what
 * changed. Method changes start a new segment at their effective date: the stock carried at
 * the old method's value enters the new method as one opening receipt, and nothing before the
 * change is revalued (method permanence: the past stays as it was reported).
 */
import Decimal from "decimal.js";
import {
  createValuator,
  ValuationError,
  type Move,
  type ValuationMethod,
  type ValuationState,
  type Valuator,
} from "../valuation/index";

export type MoveType = "in" | "out" | "return_in" | "return_out" | "revalue";

export type StoredMove = {
  id: string;
  type: MoveType;
  purpose: string;
  qty: string | null;
  unitCost: string | null;
  ofMoveId: string | null;
  effectiveAt: Date;
  createdAt: Date;
  jobId?: string | null;
};

export type MethodChangeRow = { fromMethod: ValuationMethod; toMethod: ValuationMethod; effectiveFrom: Date };

export type ReplayInput = {
  /** The class's method now (after every change). */
  method: ValuationMethod;
  changes: readonly MethodChangeRow[];
  moves: readonly StoredMove[];
  /** Ends of closed accounting periods: a periodic-average class closes its period there. */
  periodEnds?: readonly Date[];
  standardUnitCost?: string | null;
  currencyDecimals?: 0 | 2 | 3;
  negativeStock?: "refuse" | "allow";
  /** Only moves effective on or before this instant. */
  until?: Date;
};

export type ReplayRow = { move: StoredMove; method: ValuationMethod; before: ValuationState; state: ValuationState };

export type ReplayResult =
  | { ok: true; rows: ReplayRow[]; final: ValuationState; method: ValuationMethod }
  | { ok: false; moveId: string | null; code: string; message: string; rows: ReplayRow[] };

const EMPTY: ValuationState = { qty: "0", value: "0.00", unitCost: "0" };

export function compareMoves(a: StoredMove, b: StoredMove): number {
  return (
    a.effectiveAt.getTime() - b.effectiveAt.getTime() ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The method in force at each instant: the first change's "from" before it, and so on. */
export function methodAt(current: ValuationMethod, changes: readonly MethodChangeRow[], at: Date): ValuationMethod {
  const sorted = [...changes].sort((x, y) => x.effectiveFrom.getTime() - y.effectiveFrom.getTime());
  let method = sorted[0]?.fromMethod ?? current;
  for (const change of sorted) if (change.effectiveFrom.getTime() <= at.getTime()) method = change.toMethod;
  return method;
}

/** value / qty written with enough places that round(qty × unit) gives the value back. */
function carryingUnitCost(state: ValuationState): string {
  const unit = new Decimal(state.value).div(state.qty).toDecimalPlaces(14, Decimal.ROUND_HALF_UP);
  return unit.isZero() ? "0" : unit.toFixed();
}

function emptyState(decimals: number): ValuationState {
  return { ...EMPTY, value: new Decimal(0).toFixed(decimals) };
}

export function replayClass(input: ReplayInput): ReplayResult {
  const decimals = input.currencyDecimals ?? 2;
  const options = { currencyDecimals: decimals, negativeStock: input.negativeStock ?? "refuse" } as const;
  const moves = [...input.moves].filter((m) => !input.until || m.effectiveAt.getTime() <= input.until.getTime()).sort(compareMoves);
  const changes = [...input.changes].sort((x, y) => x.effectiveFrom.getTime() - y.effectiveFrom.getTime());
  const periodEnds = [...(input.periodEnds ?? [])].sort((x, y) => x.getTime() - y.getTime());
  const rows: ReplayRow[] = [];

  let method = methodAt(input.method, changes, moves[0]?.effectiveAt ?? new Date(0));
  let valuator: Valuator = createValuator(method, options);
  if (method === "standard" && input.standardUnitCost) valuator.apply({ type: "revalue", newUnitCost: input.standardUnitCost });
  let last = valuator.moveCount > 0 ? valuator.state() : emptyState(decimals);
  // Engine index of each stored move in the current segment, and each move's final state.
  let indexOf = new Map<string, number>();
  const stateOf = new Map<string, ValuationState>();
  const qtyOf = new Map<string, string>();
  let nextChange = 0;
  let nextClose = 0;

  const startSegment = (to: ValuationMethod) => {
    const carried = last;
    method = to;
    valuator = createValuator(to, options);
    indexOf = new Map();
    if (to === "standard" && input.standardUnitCost) valuator.apply({ type: "revalue", newUnitCost: input.standardUnitCost });
    if (new Decimal(carried.qty).gt(0)) {
      valuator.apply({ type: "in", qty: carried.qty, unitCost: carryingUnitCost(carried) });
    }
    last = valuator.state();
  };
  const closePeriodsUpTo = (at: Date | null) => {
    while (nextClose < periodEnds.length && (at === null || periodEnds[nextClose]!.getTime() < at.getTime())) {
      if (method === "periodic_average" && valuator.moveCount > 0) {
        valuator.apply({ type: "close_period" });
        last = valuator.state();
      }
      nextClose++;
    }
  };

  for (const move of moves) {
    closePeriodsUpTo(move.effectiveAt);
    while (nextChange < changes.length && changes[nextChange]!.effectiveFrom.getTime() <= move.effectiveAt.getTime()) {
      startSegment(changes[nextChange]!.toMethod);
      nextChange++;
    }
    const engineMove = toEngineMove(move, indexOf, stateOf, qtyOf);
    if ("error" in engineMove) return { ok: false, moveId: move.id, code: "BAD_REFERENCE", message: engineMove.error, rows };
    const before = last;
    try {
      valuator.apply(engineMove);
    } catch (error) {
      if (error instanceof ValuationError) return { ok: false, moveId: move.id, code: error.code, message: error.message, rows };
      throw error;
    }
    indexOf.set(move.id, valuator.moveCount - 1);
    // Rows keep no FIFO lots: a copy of every open lot on every row would grow with the square
    // of the history. The final state (below) has them.
    const { layers: _layers, ...state } = valuator.state();
    last = state;
    stateOf.set(move.id, last);
    if (move.qty) qtyOf.set(move.id, move.qty);
    rows.push({ move, method, before, state: last });
  }
  // Closed periods after the last move still close a periodic class (its closing stock is final).
  closePeriodsUpTo(input.until ?? null);
  while (nextChange < changes.length && (!input.until || changes[nextChange]!.effectiveFrom.getTime() <= input.until.getTime())) {
    startSegment(changes[nextChange]!.toMethod);
    nextChange++;
  }
  return { ok: true, rows, final: valuator.moveCount > 0 ? valuator.state() : last, method };
}

function toEngineMove(
  move: StoredMove,
  indexOf: ReadonlyMap<string, number>,
  stateOf: ReadonlyMap<string, ValuationState>,
  qtyOf: ReadonlyMap<string, string>,
): Move | { error: string } {
  const qty = move.qty ?? "0";
  switch (move.type) {
    case "in":
      return { type: "in", qty, unitCost: move.unitCost ?? "0" };
    case "out":
      return { type: "out", qty };
    case "revalue":
      return { type: "revalue", newUnitCost: move.unitCost ?? "0" };
    case "return_in":
    case "return_out": {
      if (!move.ofMoveId) return { error: `Return ${move.id} names no original move` };
      const index = indexOf.get(move.ofMoveId);
      if (index !== undefined) return { type: move.type, qty, ofMove: index };
      // The original is in an earlier method segment: bring the goods in (or take them out) at
      // the original's unit cost, which is what the return would have carried.
      const original = stateOf.get(move.ofMoveId);
      const originalQty = qtyOf.get(move.ofMoveId);
      if (!original || !originalQty) return { error: `Return ${move.id} names a move that is not earlier in this class` };
      if (move.type === "return_out") return { type: "out", qty };
      const unit = new Decimal(original.cost ?? "0").div(originalQty).toDecimalPlaces(14, Decimal.ROUND_HALF_UP);
      return { type: "in", qty, unitCost: unit.isZero() ? "0" : unit.toFixed() };
    }
  }
}

/** Money as minor units from an engine figure ("6100.00" -> 610000n). */
export function toMinor(value: string | undefined, decimals: number): bigint {
  if (!value) return 0n;
  return BigInt(new Decimal(value).mul(new Decimal(10).pow(decimals)).toFixed(0));
}

export type ReplayChange = { moveId: string; field: "cost" | "value"; before: string; after: string };

/**
 * What a new (possibly back-dated) move changed in the moves already there: each later
 * move whose cost or resulting value moved, and the closing value before and after.
 */
export function diffReplays(
  before: Extract<ReplayResult, { ok: true }>,
  after: Extract<ReplayResult, { ok: true }>,
  newMoveId: string,
): { changes: ReplayChange[]; valueBefore: string; valueAfter: string; qtyBefore: string; qtyAfter: string } {
  const old = new Map(before.rows.map((r) => [r.move.id, r.state]));
  const changes: ReplayChange[] = [];
  for (const row of after.rows) {
    if (row.move.id === newMoveId) continue;
    const was = old.get(row.move.id);
    if (!was) continue;
    if ((was.cost ?? "") !== (row.state.cost ?? "")) {
      changes.push({ moveId: row.move.id, field: "cost", before: was.cost ?? "0", after: row.state.cost ?? "0" });
    }
  }
  return {
    changes,
    valueBefore: before.final.value,
    valueAfter: after.final.value,
    qtyBefore: before.final.qty,
    qtyAfter: after.final.qty,
  };
}
