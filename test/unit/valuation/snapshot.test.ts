import { describe, expect, test } from "vitest";
import {
  createReferenceValuator,
  createValuator,
  restoreReferenceValuator,
  restoreValuator,
  VALUATION_METHODS,
  type Move,
  type Valuator,
  type ValuatorSnapshot,
} from "../../../app/domain/valuation/index";
import { generateMoves } from "./random-moves";

const refersBefore = (move: Move, cut: number) =>
  (move.type === "return_in" || move.type === "return_out") && move.ofMove < cut;

/** Applies moves[from..] to both, until a return points before `from`; the states must be equal at every step. */
function compareFrom(a: Valuator, b: Valuator, moves: readonly Move[], from: number): number {
  let compared = 0;
  for (let i = from; i < moves.length; i++) {
    const move = moves[i]!;
    if (refersBefore(move, from)) break;
    a.apply(move);
    b.apply(move);
    expect({ i, state: b.state() }).toEqual({ i, state: a.state() });
    compared++;
  }
  return compared;
}

describe("a valuator restored from a snapshot carries on exactly as the original", () => {
  const streams = VALUATION_METHODS.flatMap((method) => [
    { method, negative: false, options: {} },
    { method, negative: true, options: { negativeStock: "allow" as const, currencyDecimals: 3 as const } },
  ]);
  test.each(streams)("$method (negative stock: $negative)", ({ method, negative, options }) => {
    const generated = generateMoves({ count: 1500, seed: 23, method, returns: true, negativeStock: negative });
    // Periodic: a close every 97 moves; standard: a standard set first. Returns keep pointing at their move.
    const extra = (i: number): Move[] =>
      method === "periodic_average" && i > 0 && i % 97 === 0
        ? [{ type: "close_period" }]
        : method === "standard" && i === 0
          ? [{ type: "revalue", newUnitCost: "55.5" }]
          : [];
    const newIndex: number[] = [];
    const moves: Move[] = [];
    generated.forEach((move, i) => {
      moves.push(...extra(i));
      newIndex[i] = moves.length;
      moves.push(move);
    });
    for (const [i, move] of moves.entries()) {
      if (move.type === "return_in" || move.type === "return_out")
        moves[i] = { ...move, ofMove: newIndex[move.ofMove]! };
    }
    let compared = 0;
    for (const cut of [0, 1, 250, 700, 1499]) {
      for (const make of [createValuator, createReferenceValuator]) {
        const original = make(method, options);
        for (const move of moves.slice(0, cut)) original.apply(move);
        // The snapshot goes through JSON, as it does through the database.
        const snap = JSON.parse(JSON.stringify(original.snapshot())) as ValuatorSnapshot;
        expect(snap.moveCount).toBe(original.moveCount);
        for (const restore of [restoreValuator, restoreReferenceValuator]) {
          const twin = make(method, options);
          for (const move of moves.slice(0, cut)) twin.apply(move);
          compared += compareFrom(twin, restore(snap, options), moves, cut);
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  test("a return of a move before the snapshot is refused by the restored valuator, not costed wrongly", () => {
    const v = createValuator("fifo");
    v.apply({ type: "in", qty: "10", unitCost: "5" });
    v.apply({ type: "out", qty: "4" });
    const restored = restoreValuator(v.snapshot());
    expect(() => restored.apply({ type: "return_in", qty: "1", ofMove: 1 })).toThrow(/ofMove 1 must point/);
    expect(restored.moveCount).toBe(2);
  });
});
