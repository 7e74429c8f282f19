// The catalogue's JSONL turned into levels, and how many pieces a level calls for.
import { describe, expect, test } from "vitest";
import {
  catalogueLevelsFromLines,
  listColumn,
  listColumnValues,
  madeByState,
  piecesToMake,
  totalToMake,
  unitsForPieces,
} from "../../../app/domain/catalogue/levels";
import { HELD_QUANTITIES, pieceQuantity, stockBucket } from "../../../app/domain/lifecycle";

const P = "gid://shopify/Product/1";
const V1 = "gid://shopify/ProductVariant/2";
const V2 = "gid://shopify/ProductVariant/3";
const level = (parent: string, location: string, available: number, extra: Record<string, number> = {}) => ({
  location: { id: `gid://shopify/Location/${location}`, name: location === "10" ? "Paris" : "Lyon" },
  quantities: [
    { name: "available", quantity: available },
    { name: "on_hand", quantity: available + (extra.reserved ?? 0) + (extra.quality_control ?? 0) },
    { name: "reserved", quantity: extra.reserved ?? 0 },
    { name: "quality_control", quantity: extra.quality_control ?? 0 },
  ],
  __parentId: parent,
});

describe("catalogueLevelsFromLines", () => {
  test("children find their parents by __parentId, in any order; untracked items and bad prices are handled", () => {
    const lines = [
      level(V1, "10", 2, { reserved: 1 }),
      {
        id: V1,
        title: "52",
        sku: "L-52",
        price: "1250.50",
        inventoryItem: { id: "gid://shopify/InventoryItem/20", tracked: true },
        __parentId: P,
      },
      { id: P, title: "Bague", vendor: "Aurore", productType: "Bague", tags: ["or"] },
      { id: "gid://shopify/Collection/9", title: "Mariage", __parentId: P },
      {
        id: V2,
        title: "54",
        sku: "",
        price: "abc",
        inventoryItem: { id: "gid://shopify/InventoryItem/21", tracked: false },
        __parentId: P,
      },
      level(V2, "11", 4),
      level(V1, "11", 0),
    ];
    const levels = catalogueLevelsFromLines(lines, "EUR");
    // V2's item is not tracked: no level of it.
    expect(levels).toEqual([
      {
        productGid: P,
        productTitle: "Bague",
        variantGid: V1,
        variantTitle: "52",
        inventoryItemGid: "gid://shopify/InventoryItem/20",
        sku: "L-52",
        priceMinor: 125050n,
        vendor: "Aurore",
        productType: "Bague",
        tags: ["or"],
        collections: [{ id: "gid://shopify/Collection/9", title: "Mariage" }],
        variantsOfProduct: 2,
        shopifyLocationGid: "gid://shopify/Location/10",
        locationName: "Paris",
        available: 2,
        reserved: 1,
        qualityControl: 0,
        committed: 0,
        damaged: 0,
        safetyStock: 0,
        onHand: 3,
      },
      expect.objectContaining({ variantGid: V1, shopifyLocationGid: "gid://shopify/Location/11", available: 0 }),
    ]);
  });
});

test("committed, damaged and safety-stock quantities are read from a level (absent ones are 0)", () => {
  const line = {
    location: { id: "gid://shopify/Location/10", name: "Paris" },
    quantities: [
      { name: "available", quantity: 2 },
      { name: "committed", quantity: 1 },
      { name: "damaged", quantity: 3 },
      { name: "safety_stock", quantity: 4 },
      { name: "on_hand", quantity: 10 },
    ],
    __parentId: V1,
  };
  const levels = catalogueLevelsFromLines(
    [
      { id: P, title: "Bague" },
      { id: V1, title: "52", price: "10.00", inventoryItem: { id: "gid://shopify/InventoryItem/20" }, __parentId: P },
      line,
    ],
    "EUR",
  );
  expect(levels).toMatchObject([
    { available: 2, reserved: 0, qualityControl: 0, committed: 1, damaged: 3, safetyStock: 4, onHand: 10 },
  ]);
  // 2 available + 3 damaged + 4 safety stock make pieces; the committed unit does not.
  expect(unitsForPieces(levels[0]!)).toBe(9);
});

describe("piecesToMake", () => {
  // Shopify's quantities and Loupe's pieces counting in each, as "available/reserved/qc/damaged/safety".
  const q = (text: string) => {
    const [available, reserved, qualityControl, damaged, safetyStock] = text.split("/").map(Number);
    return {
      available: available!,
      reserved: reserved!,
      qualityControl: qualityControl!,
      damaged: damaged!,
      safetyStock: safetyStock!,
    };
  };
  test.each([
    // Shopify, Loupe's pieces, one-of-a-kind → pieces to make for each quantity
    ["3/0/0/0/0", "0/0/0/0/0", false, "3/0/0/0/0"],
    // One piece already active: two more.
    ["3/0/0/0/0", "1/0/0/0/0", false, "2/0/0/0/0"],
    // More pieces than units (a drift for the reconciler): never fewer than zero.
    ["1/0/0/0/0", "3/0/0/0/0", false, "0/0/0/0/0"],
    // Each quantity gives its own pieces: 2 available, 1 reserved, 1 in quality control, 2 damaged, 1 safety.
    ["2/1/1/2/1", "0/0/0/0/0", false, "2/1/1/2/1"],
    // A damaged piece already there counts against damaged units only, not quality control.
    ["0/0/1/2/0", "0/0/0/1/0", false, "0/0/1/1/0"],
    // A variant Loupe made for one piece keeps that one piece whatever Shopify says.
    ["2/0/0/1/1", "1/0/0/0/0", true, "0/0/0/0/0"],
  ])("Shopify %s with pieces %s (one of a kind: %s) makes %s", (shopify, existing, oneOfAKind, expected) => {
    expect(piecesToMake(q(shopify), q(existing), oneOfAKind)).toEqual(q(expected));
  });

  test("committed units make no piece; damaged ones are at repair and safety stock on hold", () => {
    const made = piecesToMake({ ...q("1/1/1/2/3"), committed: 5 } as ReturnType<typeof q>, q("0/0/0/0/0"));
    expect(totalToMake(made)).toBe(8);
    expect(unitsForPieces({ ...q("1/1/1/2/3"), committed: 5 } as ReturnType<typeof q>)).toBe(8);
    // 1 active; 1 reserved + 3 safety stock on hold; 1 quality control + 2 damaged at repair.
    expect(madeByState(made)).toEqual({ active: 1, on_hold: 4, at_repair: 3 });
  });
});

describe("the quantity a piece counts in (stock rule)", () => {
  test.each([
    ["active", null, "available"],
    ["on_hold", null, "reserved"],
    ["at_repair", null, "quality_control"],
    ["at_repair", "damaged", "damaged"],
    ["on_hold", "safety_stock", "safety_stock"],
    // Held only in the state it was held in: any other state counts as its own bucket.
    ["active", "damaged", "available"],
    ["on_hold", "damaged", "reserved"],
    ["at_repair", "safety_stock", "quality_control"],
    ["sold", "safety_stock", null],
    ["at_repair", "committed", "quality_control"],
  ] as const)("%s held in %s counts in %s", (state, heldIn, expected) => {
    expect(pieceQuantity(state, heldIn)).toBe(expected);
  });

  test("each held quantity belongs to a state that counts somewhere else without it", () => {
    for (const [quantity, state] of Object.entries(HELD_QUANTITIES)) {
      expect(pieceQuantity(state, quantity)).toBe(quantity);
      expect(stockBucket(state)).not.toBeNull();
    }
  });
});

test("list columns hold whole entries: ',or,' is not found in ',mariage,'", () => {
  expect(listColumn(["or", "mariage"])).toBe(",or,mariage,");
  expect(listColumn([])).toBe("");
  expect(listColumn(["mariage"]).includes(",or,")).toBe(false);
  expect(listColumnValues(",or,mariage,")).toEqual(["or", "mariage"]);
});
