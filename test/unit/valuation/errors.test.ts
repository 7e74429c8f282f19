import { describe, expect, test } from "vitest";
import {
  createReferenceValuator,
  createValuator,
  ValuationError,
  valueMoves,
  type Move,
  type ValuationMethod,
  type ValuationOptions,
} from "../../../app/domain/valuation/index";

const receipt = (qty: string, unitCost: string): Move => ({ type: "in", qty, unitCost });
const issue = (qty: string): Move => ({ type: "out", qty });

function refusal(method: ValuationMethod, moves: readonly unknown[], options?: ValuationOptions) {
  try {
    valueMoves(method, moves as Move[], options);
  } catch (error) {
    expect(error).toBeInstanceOf(ValuationError);
    const e = error as ValuationError;
    return { code: e.code, moveIndex: e.moveIndex, message: e.message };
  }
  throw new Error("expected the moves to be refused");
}

const ALL: ValuationMethod[] = ["fifo", "moving_average", "periodic_average", "standard", "lifo"];

const moveErrors = [
  {
    name: "an issue beyond the stock on hand",
    moves: [receipt("100", "50"), receipt("50", "55"), issue("30"), issue("150")],
    code: "INSUFFICIENT_STOCK",
    message: "Move 3: issue of 150 exceeds stock on hand of 120",
  },
  {
    name: "a supplier return beyond the stock on hand",
    moves: [receipt("10", "1"), issue("8"), { type: "return_out", qty: "5", ofMove: 0 }],
    code: "INSUFFICIENT_STOCK",
    message: "Move 2: return to supplier of 5 exceeds stock on hand of 2",
    // In FIFO/LIFO a lot never holds more than the stock, so the lot's limit speaks first (below).
    methods: ["moving_average", "periodic_average", "standard"],
  },
  {
    name: "a negative unit cost",
    moves: [receipt("1", "-5")],
    code: "NEGATIVE_COST",
    message: "Move 0: unitCost -5 is negative; a unit cost cannot be below zero",
  },
  {
    name: "a negative revaluation",
    moves: [receipt("1", "5"), { type: "revalue", newUnitCost: "-0.01" }],
    code: "NEGATIVE_COST",
    message: "Move 1: newUnitCost -0.01 is negative; a unit cost cannot be below zero",
  },
  {
    name: "a negative quantity",
    moves: [receipt("1", "5"), issue("-2")],
    code: "NEGATIVE_QUANTITY",
    message: "Move 1: qty -2 is negative; record goods coming back with a return or a receipt instead",
  },
  {
    name: "a zero quantity",
    moves: [receipt("0.000", "5")],
    code: "ZERO_QUANTITY",
    message: "Move 0: qty must be greater than zero",
  },
  {
    name: "a quantity in exponent notation",
    moves: [receipt("1e3", "5")],
    code: "INVALID_NUMBER",
    message: 'Move 0: qty "1e3" is not a decimal number written as a string like "12.5"',
  },
  {
    name: "a decimal comma",
    moves: [receipt("1", "5"), issue("0,5")],
    code: "INVALID_NUMBER",
    message: 'Move 1: qty "0,5" is not a decimal number written as a string like "12.5"',
  },
  {
    name: "a JS number instead of a string",
    moves: [{ type: "in", qty: "1", unitCost: 12.5 }],
    code: "INVALID_NUMBER",
    message: 'Move 0: unitCost 12.5 is not a decimal number written as a string like "12.5"',
  },
  {
    name: "a missing quantity",
    moves: [{ type: "out" }],
    code: "INVALID_NUMBER",
    message: 'Move 0: qty undefined is not a decimal number written as a string like "12.5"',
  },
  {
    name: "a customer return larger than the issue",
    moves: [
      receipt("10", "1"),
      issue("4"),
      { type: "return_in", qty: "3", ofMove: 1 },
      { type: "return_in", qty: "1.5", ofMove: 1 },
    ],
    code: "RETURN_EXCEEDS",
    message: "Move 3: return of 1.5 exceeds the 1 still returnable from the issue at move 1",
  },
  {
    name: "a supplier return larger than what is left of the receipt",
    moves: [
      receipt("10", "1"),
      receipt("10", "2"),
      { type: "return_out", qty: "4", ofMove: 1 },
      { type: "return_out", qty: "7", ofMove: 1 },
    ],
    code: "RETURN_EXCEEDS",
    message: "Move 3: return to supplier of 7 exceeds the 6 left of the receipt at move 1",
  },
  {
    name: "a customer return pointing at a receipt",
    moves: [receipt("10", "1"), { type: "return_in", qty: "1", ofMove: 0 }],
    code: "BAD_REFERENCE",
    message: 'Move 1: ofMove 0 must point to an earlier "out" move, but move 0 is not one',
  },
  {
    name: "a supplier return pointing at an issue",
    moves: [receipt("10", "1"), issue("1"), { type: "return_out", qty: "1", ofMove: 1 }],
    code: "BAD_REFERENCE",
    message: 'Move 2: ofMove 1 must point to an earlier "in" move, but move 1 is not one',
  },
  {
    name: "a return pointing at a later move",
    moves: [receipt("10", "1"), { type: "return_out", qty: "1", ofMove: 1 }],
    code: "BAD_REFERENCE",
    message: 'Move 1: ofMove 1 must point to an earlier "in" move, but there is no such earlier move',
  },
  {
    name: "a return pointing at a non-integer index",
    moves: [receipt("10", "1"), issue("1"), { type: "return_in", qty: "1", ofMove: "1" }],
    code: "BAD_REFERENCE",
    message: 'Move 2: ofMove "1" must point to an earlier "out" move, but there is no such earlier move',
  },
  {
    name: "an unknown move type",
    moves: [receipt("10", "1"), { type: "transfer", qty: "1" }],
    code: "UNKNOWN_MOVE",
    message: 'Move 1: unknown move type "transfer"',
  },
] as const;

describe("refused moves", () => {
  test.each(moveErrors)("$name is refused with its code and message", (c) => {
    const { moves, code, message } = c;
    for (const method of "methods" in c ? c.methods : ALL) {
      const moveIndex = moves.length - 1;
      expect({ method, ...refusal(method, moves) }).toEqual({ method, code, moveIndex, message });
    }
  });

  test("a supplier return never creates negative stock, even when negative stock is allowed", () => {
    const moves = [receipt("10", "1"), issue("8"), { type: "return_out", qty: "5", ofMove: 0 }];
    expect(refusal("moving_average", moves, { negativeStock: "allow" }).message).toBe(
      "Move 2: return to supplier of 5 exceeds stock on hand of 2",
    );
  });

  test.each(ALL)(
    "%s: with negative stock allowed, an issue with no cost history and no unit cost given is refused, never costed at zero",
    (method) => {
      for (const valuator of [
        createValuator(method, { negativeStock: "allow" }),
        createReferenceValuator(method, { negativeStock: "allow" }),
      ]) {
        expect(() => valuator.apply(issue("2"))).toThrow(
          "Move 0: issue of 2 goes beyond stock on hand of 0 and nothing gives its cost yet: give a unit cost",
        );
        expect(valuator.moveCount).toBe(0);
        // with a unit cost: 2 x 7.5 = 15
        valuator.apply({ type: "out", qty: "2", unitCost: "7.5" });
        expect(valuator.state().cost).toBe("15.00");
      }
      expect(refusal(method, [issue("2")], { negativeStock: "allow" }).code).toBe("NO_COST");
    },
  );

  test("FIFO/LIFO count what is left of the receipt's own lot, not the receipt's quantity", () => {
    expect(refusal("fifo", [receipt("10", "1"), issue("8"), { type: "return_out", qty: "5", ofMove: 0 }]).message).toBe(
      "Move 2: return to supplier of 5 exceeds the 2 left of the receipt at move 0",
    );
    // the issue of 15 took all 10 of receipt 0 and 5 of receipt 1
    const moves = [receipt("10", "1"), receipt("10", "2"), issue("15"), { type: "return_out", qty: "1", ofMove: 0 }];
    expect(refusal("fifo", moves).message).toBe(
      "Move 3: return to supplier of 1 exceeds the 0 left of the receipt at move 0",
    );
  });

  test("a periodic revaluation is refused once the period has moves", () => {
    const moves = [receipt("10", "1"), { type: "revalue", newUnitCost: "2" }];
    expect(refusal("periodic_average", moves)).toEqual({
      code: "PERIOD_OPEN",
      moveIndex: 1,
      message:
        "Move 1: in periodic_average a revaluation is only allowed at the start of a period (right after close_period)",
    });
    // right after a close it is accepted and revalues the stock: 10 x 2 = 20, a gain of 10
    const { states } = valueMoves("periodic_average", [
      receipt("10", "1"),
      { type: "close_period" },
      { type: "revalue", newUnitCost: "2" },
    ]);
    expect(states[2]).toEqual({ qty: "10", value: "20.00", unitCost: "2", variance: "-10.00" });
  });

  test.each([
    { options: { currencyDecimals: 4 }, message: "currencyDecimals must be 0, 2 or 3, got 4" },
    { options: { rounding: "bankers" }, message: 'rounding must be "half-up" or "half-even", got bankers' },
    { options: { negativeStock: "yes" }, message: 'negativeStock must be "refuse" or "allow", got yes' },
  ])("a bad option is refused: $message", ({ options, message }) => {
    expect(refusal("fifo", [], options as ValuationOptions)).toEqual({ code: "BAD_OPTION", moveIndex: null, message });
  });

  test("an unknown method is refused", () => {
    expect(refusal("avco" as ValuationMethod, [])).toEqual({
      code: "BAD_OPTION",
      moveIndex: null,
      message: 'Unknown valuation method "avco"; use one of fifo, moving_average, periodic_average, standard, lifo',
    });
  });

  test.each(ALL)("%s: a refused move leaves the valuator as it was and the next move keeps its index", (method) => {
    for (const valuator of [createValuator(method), createReferenceValuator(method)]) {
      valuator.apply(receipt("10", "3"));
      const before = valuator.state();
      expect(() => valuator.apply(issue("11"))).toThrow("Move 1: issue of 11 exceeds stock on hand of 10");
      expect(valuator.state()).toEqual(before);
      expect(valuator.moveCount).toBe(1);
      valuator.apply(issue("4"));
      // 4 x 3 = 12
      expect(valuator.state().cost).toBe("12.00");
      expect(() => valuator.apply({ type: "return_in", qty: "5", ofMove: 1 })).toThrow(
        "Move 2: return of 5 exceeds the 4 still returnable from the issue at move 1",
      );
    }
  });
});
