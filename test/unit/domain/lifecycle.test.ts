import { describe, expect, test } from "vitest";
import {
  allowedTransitions,
  allTransitions,
  checkTransition,
  PIECE_STATES,
  stockBucket,
  type PieceState,
  type TransitionContext,
} from "../../../app/domain/lifecycle";

const owned: TransitionContext = { consigned: false, tagged: true };
const consigned: TransitionContext = { consigned: true, tagged: true, refund: true };

// The legal transitions, written out independently of the implementation's table.
const LEGAL: [PieceState, PieceState][] = [
  ["receiving", "active"],
  ["receiving", "returned_to_consignor"],
  ["active", "on_hold"],
  ["active", "memo_out"],
  ["active", "at_repair"],
  ["active", "shown"],
  ["active", "sold"],
  ["active", "returned_to_consignor"],
  ["active", "lost"],
  ["on_hold", "active"],
  ["on_hold", "sold"],
  ["on_hold", "returned_to_consignor"],
  ["on_hold", "lost"],
  ["memo_out", "active"],
  ["memo_out", "sold"],
  ["memo_out", "lost"],
  ["at_repair", "active"],
  ["at_repair", "lost"],
  ["at_repair", "written_off"],
  ["shown", "active"],
  ["shown", "sold"],
  ["shown", "lost"],
  ["sold", "archived"],
  ["sold", "active"],
  ["archived", "active"],
  ["lost", "active"],
  ["lost", "written_off"],
];

describe("checkTransition", () => {
  test("the implementation knows exactly the legal transitions", () => {
    const key = ([a, b]: [string, string]) => `${a}->${b}`;
    expect(allTransitions().map(key).sort()).toEqual(LEGAL.map(key).sort());
  });

  test.each(LEGAL)("%s -> %s is legal for a tagged consigned piece", (from, to) => {
    expect(checkTransition(from, to, consigned)).toEqual({ ok: true });
  });

  test("every pair not in the list is refused", () => {
    const legal = new Set(LEGAL.map(([a, b]) => `${a}->${b}`));
    let refused = 0;
    for (const from of PIECE_STATES) {
      for (const to of PIECE_STATES) {
        if (legal.has(`${from}->${to}`)) continue;
        expect(checkTransition(from, to, consigned)).toEqual({
          ok: false,
          code: from === to ? "SAME_STATE" : "ILLEGAL_TRANSITION",
        });
        refused++;
      }
    }
    expect(refused).toBe(PIECE_STATES.length ** 2 - LEGAL.length);
  });

  test.each([
    ["receiving", "sold", owned, "ILLEGAL_TRANSITION"],
    ["at_repair", "sold", owned, "ILLEGAL_TRANSITION"],
    ["archived", "active", owned, "REFUND_ONLY"],
    ["sold", "active", owned, "REFUND_ONLY"],
    ["archived", "sold", { ...owned, refund: true }, "ILLEGAL_TRANSITION"],
    ["written_off", "active", owned, "ILLEGAL_TRANSITION"],
    ["memo_out", "returned_to_consignor", consigned, "ILLEGAL_TRANSITION"],
    ["receiving", "lost", owned, "ILLEGAL_TRANSITION"],
    ["sold", "lost", owned, "ILLEGAL_TRANSITION"],
    ["active", "active", owned, "SAME_STATE"],
    ["active", "returned_to_consignor", owned, "NOT_CONSIGNED"],
    ["receiving", "returned_to_consignor", owned, "NOT_CONSIGNED"],
    ["receiving", "active", { consigned: false, tagged: false }, "NOT_TAGGED"],
    ["receiving", "active", { consigned: false }, "NOT_TAGGED"],
    ["active", "bogus", owned, "UNKNOWN_STATE"],
  ] as [PieceState, PieceState, TransitionContext, string][])(
    "%s -> %s (%j) refused with %s",
    (from, to, ctx, code) => {
      expect(checkTransition(from, to, ctx)).toEqual({ ok: false, code });
    },
  );

  test("only the first step into stock needs the tag flag", () => {
    expect(checkTransition("lost", "active", { consigned: false })).toEqual({ ok: true });
    expect(checkTransition("sold", "active", { consigned: false, refund: true })).toEqual({ ok: true });
  });
});

describe("allowedTransitions", () => {
  test.each([
    ["receiving", owned, ["active"]],
    ["receiving", consigned, ["active", "returned_to_consignor"]],
    ["receiving", { consigned: true, tagged: false }, ["returned_to_consignor"]],
    ["active", owned, ["on_hold", "memo_out", "at_repair", "shown", "sold", "lost"]],
    ["active", consigned, ["on_hold", "memo_out", "at_repair", "shown", "sold", "returned_to_consignor", "lost"]],
    ["sold", owned, ["archived"]],
    ["sold", { ...owned, refund: true }, ["active", "archived"]],
    ["archived", { ...owned, refund: true }, ["active"]],
    ["lost", owned, ["active", "written_off"]],
    ["archived", owned, []],
    ["written_off", consigned, []],
    ["returned_to_consignor", consigned, []],
  ] as [PieceState, TransitionContext, PieceState[]][])("from %s with %j", (from, ctx, expected) => {
    expect(allowedTransitions(from, ctx)).toEqual(expected);
  });
});

describe("stockBucket follows the stock rule", () => {
  test.each([
    ["active", "available"],
    ["on_hold", "reserved"],
    ["shown", "reserved"],
    ["at_repair", "quality_control"],
    ["receiving", null],
    ["memo_out", null],
    ["sold", null],
    ["archived", null],
    ["returned_to_consignor", null],
    ["lost", null],
    ["written_off", null],
  ] as [PieceState, string | null][])("%s -> %s", (state, bucket) => {
    expect(stockBucket(state)).toBe(bucket);
  });

  test("only active pieces count as available", () => {
    expect(PIECE_STATES.filter((s) => stockBucket(s) === "available")).toEqual(["active"]);
  });
});
