// A piece's public record reaches its Shopify product: the product and variant created from the
// piece (once, even when retried), the app-owned metafields and metaobjects, nothing private.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeLocation, makePiece, makeShop } from "../../factories";
import { appOn, loadApp, type App } from "../helpers/app";
import { simulatedShop, type SimShop } from "../helpers/simulator";

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `mirror-${engine}.myshopify.com`;
  let s: SimShop;
  let db: App["db"];
  let worker: App["worker"];
  let createPiece: App["createPiece"];
  let shopId: string;
  let pieceId: string;
  let tagCode: string;

  beforeAll(async () => {
    ({ db, worker, createPiece } = await appOn(engine));
    s = await simulatedShop(SHOP, { locations: ["Paris"] });
    shopId = (await makeShop({ domain: SHOP })).id;
    const actor = { kind: "admin", name: "Camille" } as const;
    const vitrine = await makeLocation(shopId, { shopifyLocationGid: s.locations.Paris! }, actor);
    const r = await makePiece(
      shopId,
      {
        title: "Solitaire diamant 1,01 ct",
        priceMinor: 1249000n,
        costMinor: 777777n,
        supplierName: "Fournisseur Secret",
        locationId: vitrine,
        state: "active",
        metals: [
          {
            metal: "gold",
            colour: "white",
            finenessBp: 7500,
            grossWeightMg: 3420n,
            enteredWeight: "3.42",
            enteredUnit: "g",
          },
        ],
        stones: [
          {
            type: "diamond",
            origin: "natural",
            shape: "round brilliant",
            millicarats: 1010,
            colour: "F",
            clarity: "VS1",
            cutGrade: "Excellent",
            certificateIndex: 0,
          },
          { type: "diamond", origin: "natural", millicarats: 15, count: 12, position: "accent" },
        ],
        certificates: [{ lab: "GIA", number: "2141234567", issuedAt: new Date("2026-03-14T00:00:00Z") }],
        consignment: { consignorName: "Déposante Secrète", commissionBp: 2500, receivedAt: new Date() },
      },
      { actor, createShopifyProduct: true },
    );
    pieceId = r.pieceId;
    tagCode = r.tagCode;
  });

  afterAll(async () => {
    await s.close();
  });

  test("the product and variant are created from the piece, linked, stocked and mirrored", async () => {
    const run = await worker.drainOutbox({ shopId });
    expect(run).toEqual({ delivered: 3, retried: 0, dead: 0 });
    const piece = await db.piece.findUniqueOrThrow({ where: { id: pieceId } });
    expect(piece.productGid).toMatch(/^gid:\/\/shopify\/Product\//);
    expect(piece.inventoryItemGid).toMatch(/^gid:\/\/shopify\/InventoryItem\//);
    const level = s.sim.state.inventoryLevels({ shop: SHOP }).find((l) => l.inventoryItemId === piece.inventoryItemGid);
    expect(level?.quantities).toMatchObject({ available: 1 });

    const fields = Object.fromEntries(
      s.sim.state.metafields({ shop: SHOP, ownerId: piece.productGid! }).map((m) => [m.key, m]),
    );
    expect(fields.metal?.value).toBe("Gold 750\u00a0‰ (18\u00a0k)");
    expect(fields.fineness?.value).toBe("750");
    expect(JSON.parse(fields.gross_weight!.value)).toEqual({ value: 3.42, unit: "GRAMS" });
    expect(fields.gross_weight!.value).toBe('{"value":3.42,"unit":"GRAMS"}');
    expect(fields.fine_weight!.value).toBe('{"value":2.565,"unit":"GRAMS"}');
    expect(fields.carat_total?.value).toBe("1.19");
    expect(fields.provenance_url?.value).toBe(`https://${SHOP}/apps/loupe/${piece.publicToken}`);
    expect(JSON.parse(fields.stones!.value)).toHaveLength(2);
    // Shopify stores $app types under the app's own namespace (app--<app id>--certificate).
    const certs = s.sim.state.metaobjects({ shop: SHOP }).filter((m) => m.type.endsWith("--certificate"));
    expect(certs).toHaveLength(1);
    expect(certs[0]!.fields).toMatchObject({
      lab: "GIA",
      number: "2141234567",
      date: "2026-03-14",
      report_url: "https://www.gia.edu/report-check?reportno=2141234567",
    });
    const everything = JSON.stringify([
      s.sim.state.metafields({ shop: SHOP }),
      s.sim.state.metaobjects({ shop: SHOP }),
    ]);
    // Matched as whole numbers: the mirror's millisecond timestamps may contain "2500" by chance.
    for (const secret of ["777777", "7777,77", "7 777,77", "Fournisseur Secret", "Déposante Secrète", "2500"])
      expect(everything).not.toMatch(new RegExp(`(?<![0-9])${secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![0-9])`));
  });

  test("repeating the product creation after a lost answer reuses the product instead of making a second", async () => {
    const row = await db.outboxEntry.findFirstOrThrow({ where: { shopId, kind: "product.create" } });
    await db.piece.update({
      where: { id: pieceId },
      data: { productGid: null, variantGid: null, inventoryItemGid: null },
    });
    await db.outboxEntry.update({ where: { id: row.id }, data: { status: "pending" } });
    await worker.drainOutbox({ shopId });
    const products = s.sim.state.requestCounts({ shop: SHOP });
    expect(products.productCreate).toBe(1);
    const piece = await db.piece.findUniqueOrThrow({ where: { id: pieceId } });
    expect(piece.productGid).not.toBeNull();
    expect(tagCode).toHaveLength(7);
  });

  test("many pieces' mirrors share metafieldsSet calls, 25 entries at most, each piece whole", async () => {
    const before = s.sim.state.requestCounts({ shop: SHOP }).metafieldsSet ?? 0;
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const product = s.sim.state.seedProduct({
        shop: SHOP,
        title: `Chaîne ${i}`,
        variants: [{ sku: `CH-${i}`, price: "390", inventory: { Paris: 0 } }],
      });
      const v = product.variants[0]!;
      const r = await makePiece(
        shopId,
        {
          title: `Chaîne ${i}`,
          productGid: product.productId,
          variantGid: v.variantId,
          inventoryItemGid: v.inventoryItemId,
          metals: [
            { metal: "gold", finenessBp: 5850, grossWeightMg: BigInt(4000 + i), enteredWeight: "4", enteredUnit: "g" },
          ],
        },
        { actor: { kind: "system", name: "t" } },
      );
      ids.push(r.pieceId);
    }
    expect(await worker.drainOutbox({ shopId })).toEqual({ delivered: 30, retried: 0, dead: 0 });
    // 6 entries a piece (metal, fineness, two weights, stones, provenance): 4 pieces a call.
    expect((s.sim.state.requestCounts({ shop: SHOP }).metafieldsSet ?? 0) - before).toBe(8);
    for (const [i, id] of ids.entries()) {
      const piece = await db.piece.findUniqueOrThrow({ where: { id } });
      const weight = s.sim.state
        .metafields({ shop: SHOP, ownerId: piece.productGid! })
        .find((m) => m.key === "gross_weight");
      expect(weight?.value).toBe(`{"value":${((4000 + i) / 1000).toString()},"unit":"GRAMS"}`);
    }
  });

  test("a variant linked to a piece that allowed overselling is switched to deny", async () => {
    const product = s.sim.state.seedProduct({
      shop: SHOP,
      title: "Bague existante",
      variants: [{ sku: "OLD-1", price: "900" }],
    });
    const v = product.variants[0]!;
    // The merchant's existing variant was set to keep selling when out of stock.
    const { shopGraphql } = await loadApp();
    await shopGraphql(
      SHOP,
      `mutation U($p: ID!, $v: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $p, variants: $v) { userErrors { message } } }`,
      { p: product.productId, v: [{ id: v.variantId, inventoryPolicy: "CONTINUE" }] },
    );
    const policy = async () =>
      (
        await shopGraphql<{ productVariant: { inventoryPolicy: string } }>(
          SHOP,
          `query P($id: ID!) { productVariant(id: $id) { inventoryPolicy } }`,
          { id: v.variantId },
        )
      ).data.productVariant.inventoryPolicy;
    expect(await policy()).toBe("CONTINUE");
    const r = await createPiece(
      shopId,
      {
        title: "Bague existante",
        currency: "EUR",
        productGid: product.productId,
        variantGid: v.variantId,
        inventoryItemGid: v.inventoryItemId,
        metals: [],
        stones: [],
        certificates: [],
      },
      { kind: "system", name: "t" },
    );
    expect(r.ok).toBe(true);
    await worker.drainOutbox({ shopId });
    expect(await policy()).toBe("DENY");
  });
});
