// The empty demo's Shopify catalogue (test/demo/empty-shop.ts) holds the cases a first set-up must
// cope with; the README and the launcher quote its figures.
import { describe, expect, test } from "vitest";
import {
  EMPTY_SHOP_CATALOGUE,
  EMPTY_SHOP_LOCATIONS,
  SOLD_OUT_SKU,
  catalogueSeeds,
  catalogueSummary,
} from "../../demo/empty-shop";

const variants = EMPTY_SHOP_CATALOGUE.flatMap((p) => p.variants.map((v) => ({ product: p, ...v })));

describe("the empty demo's Shopify catalogue", () => {
  test("has the figures the README gives: 16 products, 24 variants, 80 units at three locations", () => {
    expect(catalogueSummary()).toEqual({ products: 16, variants: 24, units: 80 });
    expect(EMPTY_SHOP_LOCATIONS).toHaveLength(3);
  });

  test("every SKU names one variant, and stock is only at the shop's three locations", () => {
    expect(new Set(variants.map((v) => v.sku)).size).toBe(variants.length);
    for (const v of variants)
      for (const [name, n] of Object.entries(v.stock ?? {})) {
        expect(EMPTY_SHOP_LOCATIONS, v.sku).toContain(name);
        expect(Number.isInteger(n) && n >= 0, v.sku).toBe(true);
      }
  });

  test("holds the cases a first set-up meets", () => {
    const units = (v: (typeof variants)[number]) => Object.values(v.stock ?? {}).reduce((a, n) => a + n, 0);
    // One-of-a-kind pieces: one unit, alone in their product.
    expect(variants.filter((v) => v.product.variants.length === 1 && units(v) === 1).length).toBeGreaterThanOrEqual(3);
    // A design stocked many times at all three locations.
    expect(variants.some((v) => Object.values(v.stock ?? {}).filter((n) => n > 0).length === 3 && units(v) >= 10)).toBe(
      true,
    );
    expect(EMPTY_SHOP_CATALOGUE.some((p) => p.variants.length >= 3)).toBe(true);
    expect(variants.find((v) => v.sku === SOLD_OUT_SKU)).toMatchObject({ stock: { [EMPTY_SHOP_LOCATIONS[0]]: 0 } });
    expect(EMPTY_SHOP_CATALOGUE.some((p) => p.status === "DRAFT")).toBe(true);
    expect(variants.some((v) => v.tracked === false)).toBe(true);
    expect(new Set(EMPTY_SHOP_CATALOGUE.map((p) => p.vendor)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(EMPTY_SHOP_CATALOGUE.map((p) => p.productType)).size).toBeGreaterThanOrEqual(5);
  });

  test("is seeded with stock by location gid", () => {
    const gids = Object.fromEntries(
      EMPTY_SHOP_LOCATIONS.map((n, i) => [n, `gid://shopify/Location/${i + 1}`]),
    ) as Record<(typeof EMPTY_SHOP_LOCATIONS)[number], string>;
    const seeds = catalogueSeeds("shop.myshopify.com", gids);
    const creoles = seeds.find((p) => p.title === "Créoles argent 925")!;
    expect(creoles.variants).toEqual([
      {
        sku: "CRE-AG925",
        price: "89.00",
        tracked: true,
        inventory: { "gid://shopify/Location/1": 6, "gid://shopify/Location/2": 4, "gid://shopify/Location/3": 10 },
      },
    ]);
  });
});
