export type ValuationMethod = "fifo" | "moving_average" | "periodic_average" | "standard" | "lifo";

export const VALUATION_METHODS: readonly ValuationMethod[] = [
  "fifo",
  "moving_average",
  "periodic_average",
  "standard",
  "lifo",
];

/** One stock movement. Quantities and costs are decimal strings ("12.5", never 12.5). */
export type Move =
  | { type: "in"; qty: string; unitCost: string }
  /**
   * `unitCost` is only read when the issue goes beyond the stock with no cost known at all
   * (negative stock allowed, nothing ever received): it is then the shortfall's provisional cost.
   */
  | { type: "out"; qty: string; unitCost?: string }
  /** Goods coming back from the issue at index `ofMove`, valued at that issue's cost. */
  | { type: "return_in"; qty: string; ofMove: number }
  /** Goods sent back to the supplier of the receipt at index `ofMove` (the purchase is reversed). */
  | { type: "return_out"; qty: string; ofMove: number }
  | { type: "revalue"; newUnitCost: string }
  | { type: "close_period" };

export type RoundingMode = "half-up" | "half-even";

export interface ValuationOptions {
  /** Places of the currency's minor unit: 0 (JPY), 2 (EUR), 3 (KWD). Default 2. */
  currencyDecimals?: 0 | 2 | 3;
  /** Rounding of posted values. Default "half-up" (ties away from zero). */
  rounding?: RoundingMode;
  /** What an issue beyond the stock on hand does. Default "refuse". */
  negativeStock?: "refuse" | "allow";
}

export interface ResolvedOptions {
  currencyDecimals: 0 | 2 | 3;
  rounding: RoundingMode;
  negativeStock: "refuse" | "allow";
}

/** The stock after one move; every figure is a canonical decimal string (see README.md). */
export interface ValuationState {
  qty: string;
  value: string;
  unitCost: string;
  /** Value that left the stock account: on "out", "return_out" and a periodic "close_period". */
  cost?: string;
  /** Amount booked to the variance account (positive = expense); present only when not zero. */
  variance?: string;
  /** FIFO/LIFO lots on hand, oldest first: [qty, unitCost]. */
  layers?: [string, string][];
}

export interface Valuator {
  readonly method: ValuationMethod;
  /** Applies one move; throws ValuationError and leaves the valuator unchanged if the move is refused. */
  apply(move: Move): void;
  /**
   * The state after the last applied move. `{ layers: false }` leaves FIFO/LIFO lots out (a
   * replay that keeps a state per move only needs them for the last one).
   */
  state(options?: { layers?: boolean }): ValuationState;
  /** Number of moves applied so far (the index the next move will have). */
  readonly moveCount: number;
  /** What `restoreValuator` needs to carry on from here (see ValuatorSnapshot), with the last `keepRecords` moves' records. */
  snapshot(keepRecords?: number): ValuatorSnapshot;
}

/** [numerator, denominator] of an exact unit cost, as decimal strings. */
export type RatioText = [string, string];

/**
 * Everything a valuator needs to carry on after `moveCount` moves, as JSON-able decimal strings
 * (`snapshot()`, `restoreValuator`). It keeps no record of the earlier moves except the open
 * periodic period's issues (a close re-costs them): a later return of a move before the snapshot
 * is refused as BAD_REFERENCE, so a caller resumes from a snapshot only when no later return
 * points before it.
 */
export interface ValuatorSnapshot {
  method: ValuationMethod;
  moveCount: number;
  qty: string;
  value: string;
  /** FIFO/LIFO lots on hand, oldest first: [qty, unitCost, index of the receipt or -1]. */
  layers: [string, string, number][];
  lastReceiptCost: string | null;
  lastAverage: RatioText | null;
  shortfallValue: string;
  standardCost: string | null;
  periodic: {
    index: number;
    openQty: string;
    openValue: string;
    inQty: string;
    inValue: string;
    hasMoves: boolean;
    lastAverage: RatioText | null;
    /** The open period's issues: [move index, qty, cost, returned qty, returned value]. */
    issues: [number, string, string, string, string][];
  };
  /**
   * The last receipts and issues, so returns of them can follow the snapshot: [move index, "in" |
   * "out", qty, unit cost ("in") or cost ("out"), returned qty, returned value, period].
   */
  records: RecordText[];
}

export type RecordText = [number, "in" | "out", string, string, string, string, number];
