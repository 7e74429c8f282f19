/**
 * Values material stock classes by replaying their stored moves, in effective-date order,
 * through the valuation engine. Stored moves are the source of truth; every figure here is
 * derived, so a back-dated move recomputes everything after it and `diffShopReplays` can say
 * what changed. Method changes start a new segment at their effective date: the stock carried at
 * the old method's value enters the new method as one opening receipt, and nothing before the
 * change is revalued (method permanence: the past stays as it was reported).
 *
 * A count gain enters at the class's unit cost just before it in the replay, likewise.
 *
 * Classes are linked by transfers: the receiving half of a transfer enters at exactly what the
 * sending half cost in this replay (not at what it cost when it was recorded), so a back-dated
 * move in the sending class re-costs the receiving class too, and transfers of transfers follow.
 * `replayShop` replays linked classes together, in one merged effective-date order.
 *
 * Every replay also keeps its timeline (moves, period closes and method changes in the order they
 * were applied), so the state at any date is a binary search (`stateAt`) instead of another replay.
 */
import Decimal from "decimal.js";
import {
  createValuator,
  restoreValuator,
  ValuationError,
  type Move,
  type ValuationMethod,
  type ValuationState,
  type Valuator,
  type ValuatorSnapshot,
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
  /** Both halves of a transfer share it; the receiving half's cost is the sending half's. */
  transferId?: string | null;
};

/**
 * A change of method from `effectiveFrom`. A retrospective one (from the opening of a fiscal year,
 * PCG art. 122-2) values the class's history since its last change by the new method: the stock
 * at the opening is the new method's, and the difference from the old method's is the change's
 * effect, shown apart (its mark's state less its `before`). The moves before it keep their costs.
 */
export type MethodChangeRow = {
  fromMethod: ValuationMethod;
  toMethod: ValuationMethod;
  effectiveFrom: Date;
  retrospective?: boolean;
};

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

/**
 * What happened between moves (a period close, a method change), with the state after it.
 * `afterRows` = how many rows had been applied before it.
 */
export type ReplayMark = {
  kind: "close" | "method";
  /** A retrospective method change: `before` is the old method's stock, `state` the new one's. */
  retrospective?: boolean;
  at: Date;
  afterRows: number;
  method: ValuationMethod;
  before: ValuationState;
  state: ValuationState;
};

export type ReplayOk = {
  ok: true;
  rows: ReplayRow[];
  final: ValuationState;
  method: ValuationMethod;
  /** The state before any move (empty, or the standard cost with nothing on hand). */
  initial: { method: ValuationMethod; state: ValuationState };
  marks: ReplayMark[];
};

export type ReplayResult =
  ReplayOk | { ok: false; moveId: string | null; code: string; message: string; rows: ReplayRow[] };

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

/** A cost spread over a quantity, exact enough that round(qty × unit) gives the cost back. */
export function unitCostOf(cost: string, qty: string): string {
  const unit = new Decimal(cost).div(qty).toDecimalPlaces(14, Decimal.ROUND_HALF_UP);
  return unit.isZero() ? "0" : unit.toFixed();
}

function emptyState(decimals: number): ValuationState {
  return { ...EMPTY, value: new Decimal(0).toFixed(decimals) };
}

type ClassSetup = Omit<ReplayInput, "moves" | "until">;

/** A class's replay state after the moves up to a cut: what resuming it needs. */
export type ClassSnapshot = {
  method: ValuationMethod;
  nextChange: number;
  nextClose: number;
  last: ValuationState;
  initial: { method: ValuationMethod; state: ValuationState };
  valuator: ValuatorSnapshot;
  /**
   * The last moves before the cut that a return after it may name: [move id, engine index (null
   * when in an earlier method segment), qty, cost].
   */
  recent: [string, number | null, string | null, string | null][];
};

/** What a return needs of the move it names. */
type Original = { engineIndex: number | null; qty: string | null; cost: string | undefined };

/**
 * One class replayed move by move. Period closes and method changes are applied in time order
 * between moves (at equal instants: a method change, then moves, then a close), so the events
 * applied up to any date are a prefix of the whole replay: `stateAt` on a full replay gives what
 * a replay cut at that date gives.
 */
class ClassReplayer {
  private readonly decimals: 0 | 2 | 3;
  private readonly options: { currencyDecimals: 0 | 2 | 3; negativeStock: "refuse" | "allow" };
  private readonly changes: MethodChangeRow[];
  private readonly periodEnds: Date[];
  private readonly standardUnitCost: string | null;
  private valuator: Valuator;
  private last: ValuationState;
  /**
   * Before a retrospective change: the same moves valued by its new method since the segment
   * began, and the engine index each row has there; it becomes the valuator at the change.
   */
  private shadow: { valuator: Valuator; startRow: number; index: number[] } | null = null;
  /** Row of each applied move; a move's engine index is derived from it within its segment. */
  private readonly rowOf = new Map<string, number>();
  /** Engine index of each row's move in its segment (closes and carried receipts take indexes too). */
  private readonly engineIndex: number[] = [];
  private segmentRow = 0;
  private nextChange = 0;
  private nextClose = 0;
  method: ValuationMethod;
  readonly rows: ReplayRow[] = [];
  readonly marks: ReplayMark[] = [];
  readonly initial: { method: ValuationMethod; state: ValuationState };
  failure: { moveId: string | null; code: string; message: string } | null = null;

  constructor(setup: ClassSetup, from?: ClassSnapshot) {
    this.decimals = setup.currencyDecimals ?? 2;
    this.options = { currencyDecimals: this.decimals, negativeStock: setup.negativeStock ?? "refuse" };
    this.changes = [...setup.changes].sort((x, y) => x.effectiveFrom.getTime() - y.effectiveFrom.getTime());
    this.periodEnds = [...(setup.periodEnds ?? [])].sort((x, y) => x.getTime() - y.getTime());
    this.standardUnitCost = setup.standardUnitCost ?? null;
    // Before any change, the first change's "from" method was in force.
    this.method = this.changes[0]?.fromMethod ?? setup.method;
    this.valuator = this.newValuator(this.method);
    this.last = this.valuator.moveCount > 0 ? this.valuator.state({ layers: false }) : emptyState(this.decimals);
    this.initial = { method: this.method, state: this.last };
    if (from) {
      // Carry on after a cut: the moves before it are in the snapshot's valuator state, not in rows.
      this.method = from.method;
      this.valuator = restoreValuator(from.valuator, this.options);
      this.last = from.last;
      this.initial = from.initial;
      this.nextChange = from.nextChange;
      this.nextClose = from.nextClose;
      for (const [id, engineIndex, qty, cost] of from.recent)
        this.kept.set(id, { engineIndex, qty, cost: cost ?? undefined });
    } else this.openShadow(null);
  }

  /** A snapshot cannot carry a shadow valuation: taken while one runs, it is never resumed. */
  get hasShadow(): boolean {
    return this.shadow !== null;
  }

  /** Starts valuing by the next change's method too when that change is retrospective. */
  private openShadow(carried: ValuationState | null) {
    const next = this.changes[this.nextChange];
    if (!next?.retrospective) return;
    const valuator = this.newValuator(next.toMethod);
    if (carried && new Decimal(carried.qty).gt(0))
      valuator.apply({ type: "in", qty: carried.qty, unitCost: carryingUnitCost(carried) });
    this.shadow = { valuator, startRow: this.rows.length, index: [] };
  }

  /** An earlier move as the shadow valuation indexes it. */
  private readonly shadowOriginal = (id: string): Original | null => {
    const found = this.original(id);
    if (!found || !this.shadow) return found;
    const r = this.rowOf.get(id);
    const inShadow = r !== undefined && r >= this.shadow.startRow;
    return { ...found, engineIndex: inShadow ? this.shadow.index[r - this.shadow.startRow]! : null };
  };

  /** Moves before the snapshot this replayer was restored from, that later returns may name. */
  private readonly kept = new Map<string, Original>();

  /** The state to carry on from, with the last `keep` moves a later return may name. */
  snapshot(keep: number): ClassSnapshot {
    const recent: ClassSnapshot["recent"] = [];
    const fromRows = keep > 0 ? this.rows.slice(-keep) : [];
    const earlier = [...this.kept.entries()].slice(Math.max(0, this.kept.size - (keep - fromRows.length)));
    if (fromRows.length < keep) for (const [id, o] of earlier) recent.push([id, o.engineIndex, o.qty, o.cost ?? null]);
    const firstRow = this.rows.length - fromRows.length;
    fromRows.forEach((row, i) => {
      const r = firstRow + i;
      recent.push([
        row.move.id,
        r >= this.segmentRow ? this.engineIndex[r]! : null,
        row.move.qty,
        row.state.cost ?? null,
      ]);
    });
    const indexes = recent.map((e) => e[1]).filter((i): i is number => i !== null);
    const oldest = indexes.length ? Math.min(...indexes) : this.valuator.moveCount;
    return {
      method: this.method,
      nextChange: this.nextChange,
      nextClose: this.nextClose,
      last: this.last,
      initial: this.initial,
      valuator: this.valuator.snapshot(this.valuator.moveCount - oldest),
      recent,
    };
  }

  private newValuator(method: ValuationMethod): Valuator {
    const valuator = createValuator(method, this.options);
    if (method === "standard" && this.standardUnitCost)
      valuator.apply({ type: "revalue", newUnitCost: this.standardUnitCost });
    return valuator;
  }

  private startSegment(change: MethodChangeRow) {
    const carried = this.last;
    this.method = change.toMethod;
    const shadow = change.retrospective ? this.shadow : null;
    this.shadow = null;
    if (shadow) {
      // The history since the last change, valued by the new method, carries on.
      this.valuator = shadow.valuator;
      for (let r = shadow.startRow; r < this.rows.length; r++) this.engineIndex[r] = shadow.index[r - shadow.startRow]!;
      this.segmentRow = shadow.startRow;
    } else {
      this.valuator = this.newValuator(change.toMethod);
      if (new Decimal(carried.qty).gt(0)) {
        this.valuator.apply({ type: "in", qty: carried.qty, unitCost: carryingUnitCost(carried) });
      }
      this.segmentRow = this.rows.length;
    }
    // Moves kept from a snapshot are now in an earlier segment too.
    for (const o of this.kept.values()) o.engineIndex = null;
    this.last = this.valuator.state({ layers: false });
    this.marks.push({
      kind: "method",
      ...(shadow ? { retrospective: true } : {}),
      at: change.effectiveFrom,
      afterRows: this.rows.length,
      method: this.method,
      before: carried,
      state: this.last,
    });
    // The carried state opens a shadow for a retrospective change after this one.
    this.openShadow(shadow ? null : carried);
  }

  private close(at: Date) {
    const shadow = this.shadow;
    if (shadow && this.changes[this.nextChange]?.toMethod === "periodic_average" && shadow.valuator.moveCount > 0)
      shadow.valuator.apply({ type: "close_period" });
    if (this.method === "periodic_average" && this.valuator.moveCount > 0) {
      const before = this.last;
      this.valuator.apply({ type: "close_period" });
      this.last = this.valuator.state({ layers: false });
      this.marks.push({
        kind: "close",
        at,
        afterRows: this.rows.length,
        method: this.method,
        before,
        state: this.last,
      });
    }
  }

  /**
   * Applies the closes and method changes due before a move effective at `at` (closes strictly
   * before it, changes at or before it), or all of them when `at` is null.
   */
  advance(at: Date | null) {
    const t = at?.getTime() ?? Infinity;
    for (;;) {
      const close = this.periodEnds[this.nextClose];
      const change = this.changes[this.nextChange];
      const closeDue = close !== undefined && close.getTime() < t;
      const changeDue = change !== undefined && change.effectiveFrom.getTime() <= t;
      if (!closeDue && !changeDue) return;
      if (changeDue && (!closeDue || change.effectiveFrom.getTime() <= close.getTime())) {
        // Counted first: the new segment looks at the change after this one (a retrospective shadow).
        this.nextChange++;
        this.startSegment(change);
      } else {
        this.close(close!);
        this.nextClose++;
      }
    }
  }

  /** Applies one move (closes and changes before it first); false when the engine refused it. */
  apply(move: StoredMove, unitCostOverride?: string): boolean {
    if (this.failure) return false;
    this.advance(move.effectiveAt);
    // Stock found at a count enters at the unit cost the class has then in this replay (what it was
    // stored with, unless a back-dated move has changed it since).
    const override = unitCostOverride ?? (move.purpose === "count_gain" ? this.last.unitCost : undefined);
    const engineMove = toEngineMove(override !== undefined ? { ...move, unitCost: override } : move, this.original);
    if ("error" in engineMove) {
      this.failure = { moveId: move.id, code: "BAD_REFERENCE", message: engineMove.error };
      return false;
    }
    const before = this.last;
    try {
      this.valuator.apply(engineMove);
    } catch (error) {
      if (error instanceof ValuationError) {
        this.failure = { moveId: move.id, code: error.code, message: error.message };
        return false;
      }
      throw error;
    }
    if (this.shadow) {
      const shadowMove = toEngineMove(
        override !== undefined ? { ...move, unitCost: override } : move,
        this.shadowOriginal,
      );
      try {
        if ("error" in shadowMove) throw new ValuationError("BAD_REFERENCE", null, shadowMove.error);
        this.shadow.valuator.apply(shadowMove);
      } catch (error) {
        if (error instanceof ValuationError) {
          this.failure = {
            moveId: move.id,
            code: error.code,
            message: `${error.message} (valued by ${this.changes[this.nextChange]!.toMethod} for a retrospective method change)`,
          };
          return false;
        }
        throw error;
      }
      this.shadow.index.push(this.shadow.valuator.moveCount - 1);
    }
    this.rowOf.set(move.id, this.rows.length);
    this.engineIndex.push(this.valuator.moveCount - 1);
    // Rows keep no FIFO lots: a copy of every open lot on every row would grow with the square
    // of the history. The final state has them.
    this.last = this.valuator.state({ layers: false });
    this.rows.push({ move, method: this.method, before, state: this.last });
    return true;
  }

  /** An earlier move of this class: its row, and its engine index if it is in the current segment. */
  private readonly original = (id: string): Original | null => {
    const r = this.rowOf.get(id);
    if (r === undefined) return this.kept.get(id) ?? null;
    const row = this.rows[r]!;
    return { engineIndex: r >= this.segmentRow ? this.engineIndex[r]! : null, qty: row.move.qty, cost: row.state.cost };
  };

  /** True when this replayer can find the move a return names (a row, or a move kept from a snapshot). */
  knows(id: string): boolean {
    return this.rowOf.has(id) || this.kept.has(id);
  }

  result(until: Date | null): ReplayResult {
    if (this.failure) return { ok: false, ...this.failure, rows: this.rows };
    this.advance(until);
    return {
      ok: true,
      rows: this.rows,
      final: this.valuator.moveCount > 0 ? this.valuator.state() : this.last,
      method: this.method,
      initial: this.initial,
      marks: this.marks,
    };
  }
}

/** Replays one class on its own (a transfer's receiving half at the unit cost stored with it). */
export function replayClass(input: ReplayInput): ReplayResult {
  const replayer = new ClassReplayer(input);
  const moves = input.moves
    .filter((m) => !input.until || m.effectiveAt.getTime() <= input.until.getTime())
    .sort(compareMoves);
  for (const move of moves) if (!replayer.apply(move)) break;
  return replayer.result(input.until ?? null);
}

export type ShopClassInput = {
  id: string;
  method: ValuationMethod;
  changes: readonly MethodChangeRow[];
  standardUnitCost?: string | null;
  moves: readonly StoredMove[];
};

export type ShopReplayInput = {
  classes: readonly ShopClassInput[];
  periodEnds?: readonly Date[];
  currencyDecimals?: 0 | 2 | 3;
  negativeStock?: "refuse" | "allow";
  until?: Date;
  /** Value every class with this method and no method changes (the comparison report). */
  methodOverride?: ValuationMethod;
};

/**
 * Groups of classes that transfers link (directly or through other classes): each group must be
 * replayed together, and a class outside a group is never affected by a move inside it.
 */
export function linkedGroups(classes: readonly ShopClassInput[]): string[][] {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  for (const cls of classes) parent.set(cls.id, cls.id);
  const transferClass = new Map<string, string>();
  for (const cls of classes) {
    for (const move of cls.moves) {
      if (!move.transferId) continue;
      const other = transferClass.get(move.transferId);
      if (other === undefined) transferClass.set(move.transferId, cls.id);
      else if (parent.has(other)) parent.set(find(other), find(cls.id));
    }
  }
  const groups = new Map<string, string[]>();
  for (const cls of classes) {
    const root = find(cls.id);
    const group = groups.get(root) ?? [];
    group.push(cls.id);
    groups.set(root, group);
  }
  return [...groups.values()];
}

/**
 * Replays every class of a shop. Linked classes run together in one merged order (effective
 * date, then recording time, then id), so a transfer's sending half is always valued before its
 * receiving half, which enters at exactly the cost the sending half has in this replay.
 */
export function replayShop(input: ShopReplayInput): Map<string, ReplayResult> {
  return runShop(input, null, null).results;
}

/** A point in the replay order: the last move included (effective date, then recording time, then id). */
export type ReplayCut = { effectiveAt: Date; createdAt: Date; id: string };

/** A move's place relative to a cut: true when it comes after it in the replay order. */
export function isAfterCut(move: Pick<StoredMove, "effectiveAt" | "createdAt" | "id">, cut: ReplayCut): boolean {
  return compareMoves(move as StoredMove, cut as StoredMove) > 0;
}

/** Every class's replay state at a cut (see ClassSnapshot): a shop's valuation resumes from it. */
export type ShopSnapshot = {
  cut: ReplayCut | null;
  classes: Record<string, ClassSnapshot>;
  /** False when a class's replay was refused before the cut: such a snapshot is never resumed. */
  complete: boolean;
};

/**
 * The whole shop replayed, and each class's state captured at `cut` (after every move up to it,
 * before any after it). The results are those of replayShop.
 */
export function replayShopWithSnapshot(
  input: ShopReplayInput,
  cut: ReplayCut | null,
  keep = SNAPSHOT_KEEP,
): { results: Map<string, ReplayResult>; snapshot: ShopSnapshot } {
  const snapshot: ShopSnapshot = { cut, classes: {}, complete: true };
  const { results } = runShop(input, null, { cut, into: snapshot, keep });
  return { results, snapshot };
}

/** Moves per class a snapshot keeps for the returns that follow it (older ones: a full replay). */
export const SNAPSHOT_KEEP = 200;

/**
 * A snapshot resumed, then captured again at a later cut (the moves given are those after the
 * first snapshot's cut): what a write does every N moves, without a full replay. Null as resumeShop.
 */
export function advanceSnapshot(
  input: ShopReplayInput,
  from: ShopSnapshot,
  cut: ReplayCut | null,
  keep = SNAPSHOT_KEEP,
): { results: Map<string, ReplayResult>; snapshot: ShopSnapshot } | null {
  if (!resumable(input, from)) return null;
  const snapshot: ShopSnapshot = { cut, classes: {}, complete: true };
  const { results } = runShop({ ...input, methodOverride: undefined, until: undefined }, from, {
    cut,
    into: snapshot,
    keep,
  });
  return { results, snapshot };
}

function resumable(input: ShopReplayInput, snapshot: ShopSnapshot): boolean {
  if (!snapshot.complete) return false;
  for (const cls of input.classes) {
    const mine = new Set(cls.moves.map((m) => m.id));
    const kept = new Set(snapshot.classes[cls.id]?.recent.map((r) => r[0]) ?? []);
    for (const move of cls.moves)
      if (move.ofMoveId && !mine.has(move.ofMoveId) && !kept.has(move.ofMoveId)) return false;
  }
  return !Object.keys(snapshot.classes).some((id) => !input.classes.some((c) => c.id === id));
}

/**
 * The shop's valuation carried on from a snapshot: `input` holds, for each class, only the moves
 * after the snapshot's cut. Results have rows for those moves only (their final states are those
 * of a full replay). Null when that cannot give a full replay's figures: a move after the cut
 * returns one before it that the snapshot did not keep, a class of the snapshot had been refused,
 * or a class is missing from the input.
 */
export function resumeShop(input: ShopReplayInput, snapshot: ShopSnapshot): Map<string, ReplayResult> | null {
  if (!resumable(input, snapshot)) return null;
  return runShop({ ...input, methodOverride: undefined, until: undefined }, snapshot, null).results;
}

function runShop(
  input: ShopReplayInput,
  from: ShopSnapshot | null,
  capture: { cut: ReplayCut | null; into: ShopSnapshot; keep: number } | null,
): { results: Map<string, ReplayResult> } {
  const byId = new Map(input.classes.map((c) => [c.id, c]));
  const results = new Map<string, ReplayResult>();
  const until = input.until ?? null;
  for (const group of linkedGroups(input.classes)) {
    const replayers = new Map<string, ClassReplayer>();
    const merged: { classId: string; move: StoredMove }[] = [];
    for (const id of group) {
      const cls = byId.get(id)!;
      replayers.set(
        id,
        new ClassReplayer(
          {
            method: input.methodOverride ?? cls.method,
            changes: input.methodOverride ? [] : cls.changes,
            standardUnitCost: cls.standardUnitCost,
            periodEnds: input.periodEnds,
            currencyDecimals: input.currencyDecimals,
            negativeStock: input.negativeStock,
          },
          from?.classes[id],
        ),
      );
      for (const move of cls.moves)
        if (!until || move.effectiveAt.getTime() <= until.getTime()) merged.push({ classId: id, move });
    }
    // A transfer's two halves share their effective date; the sending half was recorded first.
    merged.sort((a, b) => compareMoves(a.move, b.move));
    let captured = capture === null;
    const captureNow = () => {
      for (const [id, replayer] of replayers) {
        if (replayer.failure || replayer.hasShadow) capture!.into.complete = false;
        else capture!.into.classes[id] = replayer.snapshot(capture!.keep);
      }
      captured = true;
    };
    const transferCost = new Map<string, { cost: string; qty: string }>();
    for (const { classId, move } of merged) {
      if (!captured && (capture!.cut === null || isAfterCut(move, capture!.cut))) captureNow();
      const replayer = replayers.get(classId)!;
      let override: string | undefined;
      if (move.transferId && move.type === "in" && move.qty) {
        const sent = transferCost.get(move.transferId);
        if (sent) override = unitCostOf(sent.cost, sent.qty);
      }
      if (!replayer.apply(move, override)) continue;
      if (move.transferId && move.type === "out" && move.qty) {
        transferCost.set(move.transferId, { cost: replayer.rows.at(-1)!.state.cost ?? "0", qty: move.qty });
      }
    }
    if (!captured) captureNow();
    for (const [id, replayer] of replayers) results.set(id, replayer.result(until));
  }
  return { results };
}

/**
 * The state of a fully replayed class at an instant: what a replay of the moves effective on or
 * before it gives (closes before it and method changes at or before it included).
 */
export function stateAt(replay: ReplayOk, at: Date): { state: ValuationState; method: ValuationMethod; rows: number } {
  const t = at.getTime();
  // Rows are in effective-date order: the last one on or before `at`.
  let lo = 0;
  let hi = replay.rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (replay.rows[mid]!.move.effectiveAt.getTime() <= t) lo = mid + 1;
    else hi = mid;
  }
  const rowCount = lo;
  let best: { state: ValuationState; method: ValuationMethod } =
    rowCount > 0
      ? { state: replay.rows[rowCount - 1]!.state, method: replay.rows[rowCount - 1]!.method }
      : replay.initial;
  for (const mark of replay.marks) {
    const included = mark.kind === "close" ? mark.at.getTime() < t : mark.at.getTime() <= t;
    if (!included) break;
    if (mark.afterRows >= rowCount) best = mark;
  }
  return { state: best.state, method: best.method, rows: rowCount };
}

function toEngineMove(move: StoredMove, original: (id: string) => Original | null): Move | { error: string } {
  const qty = move.qty ?? "0";
  switch (move.type) {
    case "in":
      return { type: "in", qty, unitCost: move.unitCost ?? "0" };
    case "out":
      // A stored unit cost on an issue is the one given for a shortfall nothing else can cost.
      return move.unitCost ? { type: "out", qty, unitCost: move.unitCost } : { type: "out", qty };
    case "revalue":
      return { type: "revalue", newUnitCost: move.unitCost ?? "0" };
    case "return_in":
    case "return_out": {
      if (!move.ofMoveId) return { error: `Return ${move.id} names no original move` };
      const found = original(move.ofMoveId);
      if (!found) return { error: `Return ${move.id} names a move that is not earlier in this class` };
      if (found.engineIndex !== null) return { type: move.type, qty, ofMove: found.engineIndex };
      // The original is in an earlier method segment: bring the goods in (or take them out) at
      // the original's unit cost, which is what the return would have carried.
      if (!found.qty) return { error: `Return ${move.id} names a move without a quantity` };
      if (move.type === "return_out") return { type: "out", qty };
      return { type: "in", qty, unitCost: unitCostOf(found.cost ?? "0", found.qty) };
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
  before: ReplayOk,
  after: ReplayOk,
  newMoveId: string | ReadonlySet<string>,
): { changes: ReplayChange[]; valueBefore: string; valueAfter: string; qtyBefore: string; qtyAfter: string } {
  const isNew = (id: string) => (typeof newMoveId === "string" ? id === newMoveId : newMoveId.has(id));
  const old = new Map(before.rows.map((r) => [r.move.id, r]));
  const changes: ReplayChange[] = [];
  // Values are written with exactly the currency's decimals: keep them.
  const brought = (row: ReplayRow) =>
    new Decimal(row.state.value).minus(row.before.value).toFixed(row.state.value.split(".")[1]?.length ?? 0);
  for (const row of after.rows) {
    if (isNew(row.move.id)) continue;
    const was = old.get(row.move.id);
    if (!was) continue;
    if ((was.state.cost ?? "") !== (row.state.cost ?? "")) {
      changes.push({ moveId: row.move.id, field: "cost", before: was.state.cost ?? "0", after: row.state.cost ?? "0" });
    } else if (row.move.transferId && row.move.type === "in" && brought(was) !== brought(row)) {
      // A transfer's receiving half has no cost of its own: what moved is the value it brought in.
      changes.push({ moveId: row.move.id, field: "value", before: brought(was), after: brought(row) });
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
