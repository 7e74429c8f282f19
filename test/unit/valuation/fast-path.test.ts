import { describe, expect, test } from "vitest";
import {
  createReferenceValuator,
  createValuator,
  valueMoves,
  type Move,
  type ValuationOptions,
  type Valuator,
} from "../../../app/domain/valuation/index";
import { firstDifference, generateMoves } from "./random-moves";

type FastCapable = "fifo" | "lifo" | "moving_average";
const onFastPath = (v: Valuator): boolean => (v as Valuator & { onFastPath?: boolean }).onFastPath === true;

describe("the integer fast path gives the decimal.js reference's states", () => {
  const streams: { method: FastCapable; returns: boolean; negative: boolean; options: ValuationOptions }[] = [];
  for (const method of ["fifo", "lifo", "moving_average"] as const) {
    streams.push({ method, returns: false, negative: false, options: {} });
    streams.push({ method, returns: true, negative: false, options: { rounding: "half-even" } });
    streams.push({ method, returns: true, negative: true, options: { negativeStock: "allow", currencyDecimals: 0 } });
    streams.push({ method, returns: true, negative: true, options: { negativeStock: "allow", currencyDecimals: 3 } });
  }

  test.each(streams)(
    "$method on 2,000 random moves (returns: $returns, negative stock: $negative, $options)",
    ({ method, returns, negative, options }) => {
      const moves = generateMoves({ count: 2000, seed: 7, method, returns, negativeStock: negative });
      const fast = createValuator(method, options);
      expect(firstDifference(fast, createReferenceValuator(method, options), moves)).toBeNull();
      // Otherwise the comparison would be of the reference with itself.
      expect(onFastPath(fast)).toBe(true);
    },
  );

  test.each([
    { name: "more quantity decimals than the integer scale", moves: [{ type: "in", qty: "1.00001", unitCost: "3" }] },
    { name: "a value beyond 2^53 minor units", moves: [{ type: "in", qty: "900000000000", unitCost: "90000" }] },
    {
      name: "a revaluation",
      moves: [
        { type: "in", qty: "2", unitCost: "3" },
        { type: "revalue", newUnitCost: "4" },
      ],
    },
  ] as const)("leaves the fast path on $name and still matches the reference", ({ moves }) => {
    const stream: Move[] = [
      { type: "in", qty: "5", unitCost: "1.25" },
      { type: "out", qty: "2" },
      ...moves,
      { type: "out", qty: "1" },
    ];
    for (const method of ["fifo", "lifo", "moving_average"] as const) {
      const fast = createValuator(method);
      expect(firstDifference(fast, createReferenceValuator(method), stream)).toBeNull();
      expect(onFastPath(fast)).toBe(false);
    }
  });

  test("a value beyond 2^53 minor units stays exact", () => {
    // 900,000,000,000 g x 90,000 = 81,000,000,000,000,000.00 (8.1e18 cents, past 2^53 ~ 9.007e15)
    const { states } = valueMoves("moving_average", [{ type: "in", qty: "900000000000", unitCost: "90000" }]);
    expect(states[0]!.value).toBe("81000000000000000.00");
  });
});

describe("a state without lots", () => {
  test("is the same state with the FIFO/LIFO lots left out, on the fast path and on the reference", () => {
    for (const method of ["fifo", "lifo", "moving_average", "periodic_average", "standard"] as const) {
      const moves = generateMoves({ count: 300, seed: 11, method, returns: true });
      for (const valuator of [createValuator(method), createReferenceValuator(method)]) {
        for (const move of moves) {
          valuator.apply(move);
          const { layers, ...rest } = valuator.state();
          expect(valuator.state({ layers: false })).toEqual(rest);
          if (method === "fifo" || method === "lifo") expect(layers).toBeDefined();
        }
      }
    }
  });
});
