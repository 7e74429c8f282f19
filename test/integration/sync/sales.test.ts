// Sales and stock from Shopify, end to end: the simulator sends real signed webhooks to the app's
// webhook routes; orders sell the right piece once, refunds and cancellations bring it back, any
// delivery order gives the same result, and the reconciler reports differences without fixing them.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeLocation, makePiece, makeShop } from "../../factories";
import { appOn, loadApp, type App } from "../helpers/app";
import { simulatedShop, type SimShop } from "../helpers/simulator";
import { startWebhookServer, webhookRoutes } from "../helpers/webhook-server";

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `ventes-${engine}.myshopify.com`;
  let s: SimShop;
  let hooks: Awaited<ReturnType<typeof startWebhookServer>>;
  let db: App["db"];
  let worker: App["worker"];
  let reconcile: typeof import("../../../app/services/sync/reconcile.server");
  let shopId: string;
  let vitrine: string;
  const actor = { kind: "staff", name: "Léa" } as const;

  beforeAll(async () => {
    ({ db, worker } = await appOn(engine));
    hooks = await startWebhookServer();
    s = await simulatedShop(SHOP, { locations: ["Paris"], appUrl: hooks.url, webhookRoutes });
    reconcile = await import("../../../app/services/sync/reconcile.server");
    shopId = (await makeShop({ domain: SHOP })).id;
    vitrine = await makeLocation(shopId, { shopifyLocationGid: s.locations.Paris! }, actor);
  });

  afterAll(async () => {
    await s.close();
    await hooks.close();
  });

  /** A design stocked as `count` identical active pieces, Shopify's stock matching. */
  async function stocked(sku: string, count: number, price = "1490.00") {
    const product = s.sim.state.seedProduct({
      shop: SHOP,
      title: `Design ${sku}`,
      variants: [{ sku, price, inventory: { Paris: count } }],
    });
    const v = product.variants[0]!;
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const r = await makePiece(
        shopId,
        {
          title: `Design ${sku}`,
          sku,
          productGid: product.productId,
          variantGid: v.variantId,
          inventoryItemGid: v.inventoryItemId,
          locationId: vitrine,
          state: "active",
          acquiredAt: new Date(Date.UTC(2026, 0, 1 + i)),
        },
        { actor },
      );
      ids.push(r.pieceId);
    }
    // The mirrors the links queued are delivered, so later checks see only what the sales do.
    await worker.drainOutbox({ shopId });
    return { ids, variantId: v.variantId, item: v.inventoryItemId };
  }

  const stateOf = async (id: string) => (await db.piece.findUniqueOrThrow({ where: { id } })).state;
  const order = (variantId: string, quantity = 1) =>
    s.sim.state.createOrder({ shop: SHOP, location: "Paris", lines: [{ variantId, quantity }], paid: true });

  test("an order sells the only piece of a one-of-a-kind variant once, though orders/create and orders/paid both arrive", async () => {
    const ring = await stocked("UNIQ-1", 1, "12490.00");
    const o = order(ring.variantId);
    await s.sim.webhooks.idle();
    expect(await stateOf(ring.ids[0]!)).toBe("archived");
    const sales = await db.pieceSale.findMany({ where: { pieceId: ring.ids[0]! } });
    expect(sales).toHaveLength(1);
    expect(sales[0]).toMatchObject({ orderGid: o.orderId, orderName: o.name, priceMinor: 1249000n, currency: "EUR" });
    const kinds = (await db.movement.findMany({ where: { pieceId: ring.ids[0]! }, orderBy: { at: "asc" } })).map(
      (m) => m.toState,
    );
    expect(kinds).toEqual(["active", "sold", "archived"]);
    // Shopify moved the stock itself; Loupe sent nothing.
    expect(await db.outboxEntry.count({ where: { shopId, status: { not: "done" } } })).toBe(0);
    expect(hooks.statuses.every((st) => st === 200)).toBe(true);
  });

  test("a shared variant sells its oldest active piece, unless staff scanned another at the till", async () => {
    const design = await stocked("SHARED-1", 3);
    order(design.variantId);
    await s.sim.webhooks.idle();
    expect(await Promise.all(design.ids.map(stateOf))).toEqual(["archived", "active", "active"]);
    await db.saleHint.create({
      data: { shopId, pieceId: design.ids[2]!, variantGid: design.variantId, staffName: "Léa" },
    });
    order(design.variantId);
    await s.sim.webhooks.idle();
    expect(await Promise.all(design.ids.map(stateOf))).toEqual(["archived", "active", "archived"]);
  });

  test("a redelivered webhook changes nothing", async () => {
    const design = await stocked("REDELIVER-1", 2);
    order(design.variantId);
    await s.sim.webhooks.idle();
    const create = s.sim.webhooks.deliveries.filter((d) => d.topic === "orders/create").at(-1)!;
    await s.sim.webhooks.redeliver(create.id);
    await s.sim.webhooks.idle();
    expect(await Promise.all(design.ids.map(stateOf))).toEqual(["archived", "active"]);
    expect(await db.pieceSale.count({ where: { pieceId: { in: design.ids } } })).toBe(1);
  });

  const quantities = (item: string) =>
    s.sim.state
      .inventoryLevels({ shop: SHOP })
      .find((l) => l.inventoryItemId === item && l.locationId === s.locations.Paris)!.quantities;

  test("a refund with restock puts the piece aside to inspect, out of sale in Shopify, until a person releases it", async () => {
    const ring = await stocked("REFUND-1", 1);
    const o = order(ring.variantId);
    await s.sim.webhooks.idle();
    const lineId = (s.sim.webhooks.byTopic("orders/create").at(-1)!.payload as { line_items: { id: number }[] })
      .line_items[0]!.id;
    s.sim.state.refundOrder({
      shop: SHOP,
      orderId: o.orderId,
      lines: [{ lineItemId: lineId, quantity: 1, restock: true }],
    });
    await s.sim.webhooks.idle();
    expect(await stateOf(ring.ids[0]!)).toBe("to_inspect");
    const sale = await db.pieceSale.findFirstOrThrow({ where: { pieceId: ring.ids[0]! } });
    expect(sale.refundedAt).not.toBeNull();
    const back = await db.movement.findFirstOrThrow({
      where: { pieceId: ring.ids[0]!, toState: "to_inspect" },
    });
    expect(back).toMatchObject({ fromState: "archived", reason: expect.stringContaining("refund with restock") });
    // Shopify's restock put the unit back in available; Loupe moves it to quality control: not on sale.
    await worker.drainOutbox({ shopId });
    expect(quantities(ring.item)).toMatchObject({ available: 0, quality_control: 1 });

    const { transitionPiece } = await import("../../../app/services/catalog/piece-changes.server");
    // Not without a release (permission and reason are checked by the pages, which set it).
    expect(await transitionPiece(shopId, ring.ids[0]!, "active", actor, { reason: "looks fine" })).toMatchObject({
      ok: false,
      code: "RELEASE_ONLY",
    });
    const released = await transitionPiece(shopId, ring.ids[0]!, "active", actor, {
      reason: "centre stone checked against its report, no damage",
      release: true,
    });
    expect(released.ok).toBe(true);
    await worker.drainOutbox({ shopId });
    expect(quantities(ring.item)).toMatchObject({ available: 1, quality_control: 0 });
    const audit = await db.auditLog.findFirstOrThrow({
      where: { shopId, entityId: ring.ids[0]!, action: "piece.state_changed" },
      orderBy: { seq: "desc" },
    });
    expect(audit).toMatchObject({ reason: "centre stone checked against its report, no damage" });
    expect(JSON.parse(audit.data)).toMatchObject({ from: "to_inspect", to: "active" });
  });

  test("a cancelled order puts its sold piece aside to inspect as well", async () => {
    const ring = await stocked("CANCEL-1", 1);
    const o = order(ring.variantId);
    await s.sim.webhooks.idle();
    expect(await stateOf(ring.ids[0]!)).toBe("archived");
    s.sim.state.cancelOrder({ shop: SHOP, orderId: o.orderId, restock: true });
    await s.sim.webhooks.idle();
    expect(await stateOf(ring.ids[0]!)).toBe("to_inspect");
    await worker.drainOutbox({ shopId });
    expect(quantities(ring.item)).toMatchObject({ available: 0, quality_control: 1 });
  });

  test("out of order: a cancellation delivered before its order leaves the piece on sale", async () => {
    const ring = await stocked("OOO-1", 1);
    s.sim.webhooks.hold();
    const o = order(ring.variantId);
    s.sim.state.cancelOrder({ shop: SHOP, orderId: o.orderId, restock: true });
    await s.sim.webhooks.release("reverse");
    await s.sim.webhooks.idle();
    expect(await stateOf(ring.ids[0]!)).toBe("active");
  });

  test("out of order: a refund with restock delivered before its order does not sell the refunded unit", async () => {
    const ring = await stocked("OOO-2", 1);
    s.sim.webhooks.hold();
    const o = order(ring.variantId);
    const lineId = (s.sim.webhooks.byTopic("orders/create").at(-1)!.payload as { line_items: { id: number }[] })
      .line_items[0]!.id;
    s.sim.state.refundOrder({
      shop: SHOP,
      orderId: o.orderId,
      lines: [{ lineItemId: lineId, quantity: 1, restock: true }],
    });
    // refunds/create first, then orders/paid, then orders/create.
    await s.sim.webhooks.release("reverse");
    await s.sim.webhooks.idle();
    expect(await stateOf(ring.ids[0]!)).toBe("active");
    expect(await db.pieceSale.count({ where: { pieceId: ring.ids[0]! } })).toBe(0);
  });

  test("the reconciler lists differences for a person and fixes nothing by itself; a resolution is audited", async () => {
    const design = await stocked("DRIFT-1", 2);
    // Someone changed Shopify's count by hand.
    const { shopGraphql } = await loadApp();
    await shopGraphql(
      SHOP,
      `mutation S($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) @idempotent(key: "manual-drift-1") { userErrors { message } } }`,
      {
        input: {
          name: "available",
          reason: "correction",
          referenceDocumentUri: "gid://manual/1",
          quantities: [
            { inventoryItemId: design.item, locationId: s.locations.Paris, quantity: 5, changeFromQuantity: null },
          ],
        },
      },
    );
    await s.sim.webhooks.idle();
    const result = await reconcile.reconcileShop(shopId);
    expect(result.drifts).toBeGreaterThanOrEqual(1);
    const drifts = await reconcile.openDrifts(shopId);
    const mine = drifts.find((d) => d.inventoryItemGid === design.item)!;
    expect(mine).toMatchObject({ shopifyAvailable: 5, loupeActive: 2 });
    expect(await db.outboxEntry.count({ where: { shopId, status: "pending" } })).toBe(0);
    expect(
      await reconcile.resolveDrift(
        shopId,
        mine.id,
        "set_shopify_to_loupe",
        { kind: "admin", name: "Camille" },
        "recount done",
      ),
    ).toEqual({ ok: true });
    await worker.drainOutbox({ shopId });
    const level = s.sim.state.inventoryLevels({ shop: SHOP }).find((l) => l.inventoryItemId === design.item);
    expect(level?.quantities.available).toBe(2);
    expect((await reconcile.reconcileShop(shopId)).drifts).toBe(0);
  });

  test("deleting the product in Shopify unlinks its pieces and keeps them", async () => {
    const ring = await stocked("DEL-1", 1);
    const piece = await db.piece.findUniqueOrThrow({ where: { id: ring.ids[0]! } });
    const { shopGraphql } = await loadApp();
    await shopGraphql(
      SHOP,
      `mutation D($input: ProductDeleteInput!) { productDelete(input: $input) { deletedProductId userErrors { message } } }`,
      { input: { id: piece.productGid } },
    );
    await s.sim.webhooks.idle();
    const after = await db.piece.findUniqueOrThrow({ where: { id: ring.ids[0]! } });
    expect(after).toMatchObject({ productGid: null, variantGid: null, state: "active" });
  });
});
