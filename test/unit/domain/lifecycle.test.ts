import { describe, expect, test } from "vitest";
import {
  allowedTransitions,
  allTransitions,
  checkTransition,
  isOutOfHand,
  PIECE_STATES,
  stockBucket,
  type PieceState,
  type TransitionContext,
} from "../../../app/domain/lifecycle";

const owned: TransitionContext = { consigned: false, tagged: true };
const consigned: TransitionContext = { consigned: true, tagged: true, refund: true, release: true };

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
  ["sold", "to_inspect"],
  ["archived", "to_inspect"],
  ["lost", "active"],
  ["lost", "written_off"],
  ["to_inspect", "active"],
  ["to_inspect", "at_repair"],
  ["to_inspect", "written_off"],
  ["to_inspect", "lost"],
  ["to_inspect", "returned_to_consignor"],
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
    ["archived", "to_inspect", owned, "REFUND_ONLY"],
    ["sold", "to_inspect", owned, "REFUND_ONLY"],
    // A piece back from a customer is never on sale again without inspection.
    ["archived", "active", { ...owned, refund: true }, "ILLEGAL_TRANSITION"],
    ["sold", "active", { ...owned, refund: true }, "ILLEGAL_TRANSITION"],
    ["to_inspect", "active", owned, "RELEASE_ONLY"],
    ["to_inspect", "at_repair", { ...owned, refund: true }, "RELEASE_ONLY"],
    ["to_inspect", "sold", { ...owned, release: true }, "ILLEGAL_TRANSITION"],
    ["to_inspect", "returned_to_consignor", { ...owned, release: true }, "NOT_CONSIGNED"],
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
    expect(checkTransition("sold", "to_inspect", { consigned: false, refund: true })).toEqual({ ok: true });
    expect(checkTransition("to_inspect", "active", { consigned: false, release: true })).toEqual({ ok: true });
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
    ["sold", { ...owned, refund: true }, ["archived", "to_inspect"]],
    ["archived", { ...owned, refund: true }, ["to_inspect"]],
    ["to_inspect", owned, []],
    ["to_inspect", { ...owned, release: true }, ["active", "at_repair", "lost", "written_off"]],
    ["to_inspect", { ...consigned }, ["active", "at_repair", "returned_to_consignor", "lost", "written_off"]],
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
    ["to_inspect", "quality_control"],
  ] as [PieceState, string | null][])("%s -> %s", (state, bucket) => {
    expect(stockBucket(state)).toBe(bucket);
  });

  test("a piece back from a customer is on the premises but not for sale", () => {
    expect(stockBucket("to_inspect")).toBe("quality_control");
    expect(PIECE_STATES.filter((s) => stockBucket(s) === "available")).not.toContain("to_inspect");
  });

  test("only active pieces count as available", () => {
    expect(PIECE_STATES.filter((s) => stockBucket(s) === "available")).toEqual(["active"]);
  });
});

describe("isOutOfHand", () => {
  test("sold, archived, returned to consignor and written off pieces are no longer moved or printed", () => {
    expect(PIECE_STATES.filter(isOutOfHand)).toEqual(["sold", "archived", "returned_to_consignor", "written_off"]);
  });
});
