// Units Shopify holds as committed (sold on an order not yet fulfilled) get their pieces too, from an
// EMPTY shop, on both engines, against the simulator sending real signed webhooks: each such piece is
// made and recorded sold on its order's line in one transaction, so the order's shipment leaves it
// sold, a cancellation with restock brings it back to inspect (as any sale undone), and both sides
// stay equal throughout.
// Running it again makes nothing; when the open orders cannot be read, no committed unit gets a piece
// and the answer says so.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { appOn, type App } from "../helpers/app";
import { adminRequest, routeArgs } from "../helpers/shopify";
import { simulatedShop, type SimShop } from "../helpers/simulator";
import { adminClient } from "../simulator/client";
import { startWebhookServer, webhookRoutes } from "../helpers/webhook-server";
import { postSetup, unwrap } from "../setup/answers";

type Answer = { ok: boolean; message: string; notes?: string[] };

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `catalogue-committed-${engine}.myshopify.com`;
  let s: SimShop;
  let hooks: Awaited<ReturnType<typeof startWebhookServer>>;
  let db: App["db"];
  let worker: App["worker"];
  let shopId: string;
  let route: typeof import("../../../app/routes/app.catalogue");
  let bulk: typeof import("../../../app/shopify/bulk-products.server");
  let reconcile: typeof import("../../../app/services/sync/reconcile.server");
  let models: typeof import("../../../app/models/catalogue.server");
  let ring: { variantId: string; inventoryItemId: string };
  let orderA: { orderId: string; name: string };
  let orderB: { orderId: string; name: string };

  async function post(fields: [string, string][], locale = "en"): Promise<{ status: number; body: Answer }> {
    const body = new URLSearchParams(fields);
    const request = adminRequest("/app/catalogue", SHOP, { method: "POST", body, search: { locale } });
    return unwrap(await route.action(routeArgs(request))) as { status: number; body: Answer };
  }
  const create = (locale = "en") =>
    post(
      [
        ["intent", "create"],
        ["scope", "filtered"],
      ],
      locale,
    );

  async function readCatalogue() {
    expect((await post([["intent", "read"]])).body.ok).toBe(true);
    await s.sim.bulk.idle();
    await bulk.advanceBulkOperations({ shopId, now: new Date(Date.now() + 60_000) });
  }

  const quantities = () =>
    s.sim.state
      .inventoryLevels({ shop: SHOP })
      .find((l) => l.inventoryItemId === ring.inventoryItemId && l.locationId === s.locations.Paris)!.quantities;

  async function bothSidesEqual() {
    const q = quantities();
    const pieces = (await models.existingPiecesByLevel(shopId, [ring.variantId])).get(
      `${ring.variantId}|${s.locations.Paris}`,
    );
    expect(pieces).toMatchObject({ available: q.available, reserved: q.reserved, qualityControl: q.quality_control });
    expect(await reconcile.reconcileShop(shopId)).toMatchObject({ drifts: 0 });
  }

  beforeAll(async () => {
    ({ db, worker } = await appOn(engine));
    hooks = await startWebhookServer();
    s = await simulatedShop(SHOP, { locations: ["Paris"], appUrl: hooks.url, webhookRoutes });
    route = await import("../../../app/routes/app.catalogue");
    bulk = await import("../../../app/shopify/bulk-products.server");
    reconcile = await import("../../../app/services/sync/reconcile.server");
    models = await import("../../../app/models/catalogue.server");
    const home = await import("../../../app/routes/app._index");
    await home.loader(routeArgs(adminRequest("/app", SHOP)));
    shopId = (await db.shop.findFirstOrThrow({ where: { domain: SHOP } })).id;
    expect(await db.piece.count({ where: { shopId } })).toBe(0);
    expect((await postSetup(SHOP, { intent: "import" })).body.ok).toBe(true);

    // Five rings at Paris; two orders at the till before Loupe had any piece: A takes 2, B takes 1.
    // Shopify: available 2, committed 3. Loupe saw both orders and had nothing to sell.
    const product = s.sim.state.seedProduct({
      shop: SHOP,
      title: "Alliance Or jaune",
      variants: [{ sku: "ALL-52", price: "690.00", inventory: { Paris: 5 } }],
    });
    ring = product.variants[0]!;
    orderA = s.sim.state.createOrder({
      shop: SHOP,
      location: "Paris",
      lines: [{ variantId: ring.variantId, quantity: 2, price: "650.00" }],
    });
    orderB = s.sim.state.createOrder({
      shop: SHOP,
      location: "Paris",
      lines: [{ variantId: ring.variantId, quantity: 1 }],
    });
    await s.sim.webhooks.idle();
    // orders/create and orders/paid of each order: four deliveries, each with nothing to sell.
    expect(await db.auditLog.count({ where: { shopId, action: "sale.unmatched" } })).toBe(4);
    expect(quantities()).toMatchObject({ available: 2, committed: 3, on_hand: 5 });
    await readCatalogue();
  });

  afterAll(async () => {
    await s.close();
    await hooks.close();
  });

  test("a committed unit's piece is made and sold on its order's line; the page says how; nothing is sent; running again makes nothing", async () => {
    const page = await route.loader(routeArgs(adminRequest("/app/catalogue", SHOP, { search: { locale: "en" } })));
    expect(page.committed).toEqual({ rows: 1, units: 3 });

    const historyBefore = s.sim.state.inventoryHistory({ shop: SHOP }).length;
    const made = await create("fr");
    expect(made.status).toBe(200);
    expect(made.body.notes).toEqual([
      "3 pièces créées pour des unités de commandes pas encore expédiées, chacune enregistrée vendue sur la ligne de sa commande.",
    ]);
    const pieces = await db.piece.findMany({ where: { shopId, variantGid: ring.variantId }, orderBy: { id: "asc" } });
    expect(pieces.map((p) => p.state).sort()).toEqual(["active", "active", "archived", "archived", "archived"]);
    const sales = await db.pieceSale.findMany({ where: { shopId }, orderBy: { orderName: "asc" } });
    expect(sales.map((x) => [x.orderName, x.priceMinor])).toEqual([
      [orderA.name, 65000n],
      [orderA.name, 65000n],
      [orderB.name, 69000n],
    ]);
    // The ledger tells it as it happened: made from the catalogue, then sold in the order.
    const sold = sales[0]!.pieceId;
    const moves = await db.movement.findMany({ where: { shopId, pieceId: sold }, orderBy: { seq: "asc" } });
    expect(moves.map((m) => [m.toState, m.reason])).toEqual([
      ["active", "made from the Shopify catalogue"],
      ["sold", `sold in order ${orderA.name}`],
      ["archived", `sold in order ${orderA.name}`],
    ]);
    expect(s.sim.state.inventoryHistory({ shop: SHOP })).toHaveLength(historyBefore);
    expect(await db.outboxEntry.count({ where: { shopId, kind: { startsWith: "inventory" } } })).toBe(0);
    await bothSidesEqual();

    const again = await create();
    expect(again.body.message).toBe("Nothing to create: these units already have their pieces.");
    expect(again.body.notes).toEqual([]);
    expect(await db.piece.count({ where: { shopId, variantGid: ring.variantId } })).toBe(5);
  });

  test("the order's shipment leaves its pieces sold; a cancellation with restock brings its piece back to inspect, Shopify following", async () => {
    s.sim.state.fulfillOrder({ shop: SHOP, orderId: orderA.orderId });
    await s.sim.webhooks.idle();
    const ofA = await db.pieceSale.findMany({ where: { shopId, orderGid: orderA.orderId } });
    for (const sale of ofA)
      expect((await db.piece.findUniqueOrThrow({ where: { id: sale.pieceId } })).state).toBe("archived");
    expect(quantities()).toMatchObject({ available: 2, committed: 1, on_hand: 3 });
    await bothSidesEqual();

    s.sim.state.cancelOrder({ shop: SHOP, orderId: orderB.orderId, restock: true });
    await s.sim.webhooks.idle();
    const [saleB] = await db.pieceSale.findMany({ where: { shopId, orderGid: orderB.orderId } });
    expect(saleB!.refundedAt).not.toBeNull();
    expect((await db.piece.findUniqueOrThrow({ where: { id: saleB!.pieceId } })).state).toBe("to_inspect");
    // Shopify's restock put the unit in available; Loupe moves it to quality control until released.
    await worker.drainOutbox({ shopId });
    expect(quantities()).toMatchObject({ available: 2, quality_control: 1, committed: 0, on_hand: 3 });
    await bothSidesEqual();
  });

  test("when Shopify's open orders cannot be read, committed units get no piece and the answer says so", async () => {
    const { createPiecesFromCatalogue } = await import("../../../app/services/catalogue/pieces.server");
    const o = s.sim.state.createOrder({
      shop: SHOP,
      location: "Paris",
      lines: [{ variantId: ring.variantId, quantity: 1 }],
    });
    await s.sim.webhooks.idle();
    // The order sold one of the pieces on sale. Without the open orders Loupe cannot tell that this
    // committed unit has its piece: it makes nothing for it and says the unit was not checked.
    expect(await db.pieceSale.count({ where: { shopId, orderGid: o.orderId } })).toBe(1);
    await readCatalogue();
    const unread = await createPiecesFromCatalogue(shopId, { filter: {} }, { kind: "admin", name: "Léa" } as never, {
      readOpenOrders: async () => "unavailable",
    });
    expect(unread).toMatchObject({ ok: true, soldToOrders: 0, committedNotMade: 1, ordersUnavailable: true });
    expect(await db.piece.count({ where: { shopId, variantGid: ring.variantId } })).toBe(5);
  });

  test("an order with more lines than one read holds is read whole, page by page, within Shopify's query cost", async () => {
    const { readOpenOrderLines } = await import("../../../app/shopify/open-orders.server");
    const gql = adminClient(s.sim, SHOP);
    const calls: string[] = [];
    const admin = {
      async graphql(query: string, options?: { variables?: Record<string, unknown> }) {
        calls.push(/query (\w+)/.exec(query)![1]!);
        const answer = await gql(query, options?.variables);
        // The simulator prices every query as Shopify does and refuses one over 1,000 points.
        expect(answer.body.errors).toBeUndefined();
        return new Response(JSON.stringify(answer.body));
      },
    };
    const big = s.sim.state.createOrder({
      shop: SHOP,
      location: "Paris",
      lines: Array.from({ length: 53 }, () => ({ variantId: ring.variantId, quantity: 1 })),
    });
    const lines = await readOpenOrderLines(admin, new Set([ring.variantId]));
    expect(lines).not.toBe("unavailable");
    const ofBig = (lines as Exclude<typeof lines, "unavailable">).filter((l) => l.orderGid === big.orderId);
    expect(ofBig).toHaveLength(53);
    expect(new Set(ofBig.map((l) => l.lineGid)).size).toBe(53);
    expect(calls).toContain("LoupeOrderLinesPage");
  });
});
