import { createFastValuator, restoreFastValuator } from "./fast";
import { resolveOptions } from "./options";
import { ReferenceValuator } from "./reference";
import type { Move, ValuationMethod, ValuationOptions, ValuationState, Valuator, ValuatorSnapshot } from "./types";

export { ValuationError, type ValuationErrorCode } from "./errors";
export type {
  Move,
  RoundingMode,
  ValuationMethod,
  ValuationOptions,
  ValuationState,
  Valuator,
  ValuatorSnapshot,
} from "./types";
export { VALUATION_METHODS } from "./types";

/**
 * A streaming valuator: apply moves one by one, read `state()` when needed. FIFO, LIFO and
 * moving average run on the integer fast path (falling back to decimal.js by itself when a
 * figure leaves its exact range); the other methods run on the decimal.js reference.
 */
export function createValuator(method: ValuationMethod, options?: ValuationOptions): Valuator {
  resolveOptions(method, options);
  if (method === "fifo" || method === "lifo" || method === "moving_average") return createFastValuator(method, options);
  return new ReferenceValuator(method, options);
}

/**
 * A valuator carrying on from `snapshot()`: the same states for the moves that follow as the
 * valuator the snapshot was taken from (the fast path when its figures fit it).
 */
export function restoreValuator(snap: ValuatorSnapshot, options?: ValuationOptions): Valuator {
  resolveOptions(snap.method, options);
  const m = snap.method;
  if (m === "fifo" || m === "lifo" || m === "moving_average") {
    const fast = restoreFastValuator(snap, options);
    if (fast) return fast;
  }
  return ReferenceValuator.restore(snap, options);
}

/** The reference valuator carrying on from a snapshot, for checking the fast path. */
export function restoreReferenceValuator(snap: ValuatorSnapshot, options?: ValuationOptions): Valuator {
  return ReferenceValuator.restore(snap, options);
}

/** The decimal.js reference valuator, for checking the fast path. */
export function createReferenceValuator(method: ValuationMethod, options?: ValuationOptions): Valuator {
  return new ReferenceValuator(method, options);
}

/** Values a whole list of moves; one state per move. Throws ValuationError on the first refused move. */
export function valueMoves(
  method: ValuationMethod,
  moves: readonly Move[],
  options?: ValuationOptions,
): { states: ValuationState[] } {
  const valuator = createValuator(method, options);
  const states: ValuationState[] = [];
  for (const move of moves) {
    valuator.apply(move);
    states.push(valuator.state());
  }
  return { states };
}
