// Which committed units get a piece, and for which open order line: a table of cases, each worked by hand.
import { describe, expect, test } from "vitest";
import {
  assignCommitted,
  unitsWithoutPiece,
  type CommittedLevel,
  type OpenOrderLine,
} from "../../../app/domain/catalogue/committed";

const V = "gid://shopify/ProductVariant/1";
const W = "gid://shopify/ProductVariant/2";
const PARIS = "gid://shopify/Location/10";
const LYON = "gid://shopify/Location/20";

const level = (variantGid: string, loc: string, committed: number): CommittedLevel => ({
  key: `${variantGid}|${loc}`,
  variantGid,
  shopifyLocationGid: loc,
  committed,
});

let n = 0;
function line(p: Partial<OpenOrderLine> & Pick<OpenOrderLine, "variantGid">): OpenOrderLine {
  n += 1;
  return {
    orderGid: `gid://shopify/Order/${n}`,
    orderName: `#${1000 + n}`,
    createdAt: `2026-12-0${Math.min(9, n)}T10:00:00Z`,
    updatedAt: `2026-12-0${Math.min(9, n)}T10:00:00Z`,
    currency: "EUR",
    sourceName: "pos",
    customerGid: null,
    lineGid: `gid://shopify/LineItem/${n}`,
    locationGid: PARIS,
    currentQuantity: 1,
    unfulfilledQuantity: 1,
    price: "100.00",
    ...p,
  };
}

describe("units of a line that have no piece yet", () => {
  test.each([
    // current, unfulfilled, sold by Loupe → without piece
    [2, 2, 0, 2], // nothing seen: both units need a piece
    [2, 2, 1, 1], // Loupe sold one when the order came: one left
    [3, 2, 1, 2], // one fulfilled before; Loupe's one sale is that shipped unit, both unfulfilled still need one
    [3, 2, 2, 1], // the shipped unit and one unfulfilled are covered
    [3, 2, 5, 0], // more sales than units never gives a negative
    [1, 0, 0, 0], // all fulfilled: nothing committed
  ])("current %i, unfulfilled %i, sold %i → %i", (currentQuantity, unfulfilledQuantity, sold, expected) => {
    expect(unitsWithoutPiece({ currentQuantity, unfulfilledQuantity }, sold)).toBe(expected);
  });
});

describe("committed units matched to open lines", () => {
  test("a till's order takes its own location's committed units, one piece per unit", () => {
    const l = line({ variantGid: V, locationGid: PARIS, currentQuantity: 2, unfulfilledQuantity: 2 });
    const { assignments, unmatched } = assignCommitted([level(V, PARIS, 2), level(V, LYON, 1)], [l], new Map());
    expect(assignments).toEqual([{ levelKey: `${V}|${PARIS}`, line: l, units: 2 }]);
    // Lyon's committed unit has no open line Loupe could read: no piece for it.
    expect(unmatched).toEqual(new Map([[`${V}|${LYON}`, 1]]));
  });

  test("a unit Loupe already sold to its line uses up the level without a new piece (running twice makes nothing)", () => {
    const l = line({ variantGid: V, currentQuantity: 2, unfulfilledQuantity: 2 });
    const first = assignCommitted([level(V, PARIS, 2)], [l], new Map([[l.lineGid, 1]]));
    expect(first.assignments.map((a) => a.units)).toEqual([1]);
    expect(first.unmatched.size).toBe(0);
    const again = assignCommitted([level(V, PARIS, 2)], [l], new Map([[l.lineGid, 2]]));
    expect(again.assignments).toEqual([]);
    expect(again.unmatched.size).toBe(0);
  });

  test("an online order (no location) takes what the tills' orders leave, oldest order first", () => {
    const till = line({ variantGid: V, locationGid: LYON, unfulfilledQuantity: 1, currentQuantity: 1 });
    const webOld = line({ variantGid: V, locationGid: null, unfulfilledQuantity: 1, currentQuantity: 1 });
    const webNew = line({ variantGid: V, locationGid: null, unfulfilledQuantity: 2, currentQuantity: 2 });
    // Paris 2 + Lyon 1 committed = 3 units; lines want 1 (Lyon) + 1 + 2 = 4: the newest online line gets 1 of its 2.
    const { assignments, unmatched } = assignCommitted(
      [level(V, PARIS, 2), level(V, LYON, 1)],
      [webNew, till, webOld],
      new Map(),
    );
    expect(assignments).toEqual([
      { levelKey: `${V}|${LYON}`, line: till, units: 1 },
      { levelKey: `${V}|${PARIS}`, line: webOld, units: 1 },
      { levelKey: `${V}|${PARIS}`, line: webNew, units: 1 },
    ]);
    expect(unmatched.size).toBe(0);
  });

  test("another variant's line, or a line at a location with nothing committed, makes nothing", () => {
    const other = line({ variantGid: W, locationGid: PARIS });
    const elsewhere = line({ variantGid: V, locationGid: LYON });
    const { assignments, unmatched } = assignCommitted([level(V, PARIS, 1)], [other, elsewhere], new Map());
    expect(assignments).toEqual([]);
    expect(unmatched).toEqual(new Map([[`${V}|${PARIS}`, 1]]));
  });

  test("a line split by an earlier fulfilment: only its unfulfilled units count", () => {
    const l = line({ variantGid: V, currentQuantity: 3, unfulfilledQuantity: 1 });
    const { assignments } = assignCommitted([level(V, PARIS, 1)], [l], new Map());
    expect(assignments).toEqual([{ levelKey: `${V}|${PARIS}`, line: l, units: 1 }]);
  });
});
