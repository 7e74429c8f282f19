// The catalogue's JSONL turned into levels, and how many pieces a level calls for.
import { describe, expect, test } from "vitest";
import {
  catalogueLevelsFromLines,
  listColumn,
  listColumnValues,
  piecesToMake,
} from "../../../app/domain/catalogue/levels";

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
        onHand: 3,
      },
      expect.objectContaining({ variantGid: V1, shopifyLocationGid: "gid://shopify/Location/11", available: 0 }),
    ]);
  });
});

describe("piecesToMake", () => {
  test.each([
    // Shopify available/reserved/qc, Loupe's pieces counting in each, one-of-a-kind → active/on_hold/at_repair
    [
      { available: 3, reserved: 0, qualityControl: 0 },
      { available: 0, reserved: 0, qualityControl: 0 },
      false,
      { active: 3, on_hold: 0, at_repair: 0 },
    ],
    // One piece already active: two more.
    [
      { available: 3, reserved: 0, qualityControl: 0 },
      { available: 1, reserved: 0, qualityControl: 0 },
      false,
      { active: 2, on_hold: 0, at_repair: 0 },
    ],
    // More pieces than units (a drift for the reconciler): never fewer than zero.
    [
      { available: 1, reserved: 0, qualityControl: 0 },
      { available: 3, reserved: 0, qualityControl: 0 },
      false,
      { active: 0, on_hold: 0, at_repair: 0 },
    ],
    // Each quantity gives its own state: 2 available, 1 reserved, 1 in quality control.
    [
      { available: 2, reserved: 1, qualityControl: 1 },
      { available: 0, reserved: 0, qualityControl: 0 },
      false,
      { active: 2, on_hold: 1, at_repair: 1 },
    ],
    // A variant Loupe made for one piece keeps that one piece whatever Shopify says.
    [
      { available: 2, reserved: 0, qualityControl: 0 },
      { available: 1, reserved: 0, qualityControl: 0 },
      true,
      { active: 0, on_hold: 0, at_repair: 0 },
    ],
  ])("%j with %j (one of a kind: %s) makes %j", (shopify, existing, oneOfAKind, expected) => {
    expect(piecesToMake(shopify, existing, oneOfAKind)).toEqual(expected);
  });
});

test("list columns hold whole entries: ',or,' is not found in ',mariage,'", () => {
  expect(listColumn(["or", "mariage"])).toBe(",or,mariage,");
  expect(listColumn([])).toBe("");
  expect(listColumn(["mariage"]).includes(",or,")).toBe(false);
  expect(listColumnValues(",or,mariage,")).toEqual(["or", "mariage"]);
});
