// Pieces from the Shopify catalogue for every physical unit Shopify holds, from an EMPTY shop, on both
// engines, against the simulator: damaged units become pieces at repair held in `damaged`, safety
// stock pieces on hold held in `safety_stock`, a unit committed to an order not yet fulfilled a piece
// sold on its order's line (test/integration/catalogue/committed-units.test.ts follows such orders). Nothing is sent to Shopify, each Shopify quantity
// equals the pieces counting in it, and the reconciler finds no difference; when such a piece
// changes state (or moves to another Shopify location) Shopify follows from the quantity it was held
// in. A catalogue piece gets its `piece.mirror` row once its details are entered (bulk edit, mark
// complete), and the mirror reaches the product's metafields.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { appOn, type App } from "../helpers/app";
import { adminRequest, routeArgs, settle } from "../helpers/shopify";
import { simulatedShop, type SimShop } from "../helpers/simulator";
import { postSetup, unwrap } from "../setup/answers";

type Answer = { ok: boolean; message: string; notes?: string[]; errors?: Record<string, string> };
const actor = { kind: "admin", name: "Léa" } as const;

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `catalogue-held-${engine}.myshopify.com`;
  let s: SimShop;
  let db: App["db"];
  let worker: App["worker"];
  let shopId: string;
  let route: typeof import("../../../app/routes/app.catalogue");
  let details: typeof import("../../../app/routes/app.pieces.to-complete");
  let bulk: typeof import("../../../app/shopify/bulk-products.server");
  let changes: typeof import("../../../app/services/catalog/piece-changes.server");
  let reconcile: typeof import("../../../app/services/sync/reconcile.server");
  let models: typeof import("../../../app/models/catalogue.server");
  let bague: { productId: string; variants: { variantId: string; inventoryItemId: string }[] };
  let collier: { productId: string; variants: { variantId: string; inventoryItemId: string }[] };

  const load = () => route.loader(routeArgs(adminRequest("/app/catalogue", SHOP, { search: { locale: "en" } })));

  async function post(fields: [string, string][], locale = "en"): Promise<{ status: number; body: Answer }> {
    const body = new URLSearchParams();
    for (const [k, v] of fields) body.append(k, v);
    const request = adminRequest("/app/catalogue", SHOP, { method: "POST", body, search: { locale } });
    return unwrap(await route.action(routeArgs(request))) as { status: number; body: Answer };
  }

  async function postDetails(body: unknown) {
    const request = adminRequest("/app/pieces/to-complete", SHOP, {
      method: "POST",
      body: JSON.stringify(body),
      search: { locale: "en" },
    });
    request.headers.set("Content-Type", "application/json");
    const { response } = await settle(() => details.action(routeArgs(request)));
    return { status: response!.status, body: (await response!.json()) as Answer };
  }

  async function readCatalogue() {
    expect((await post([["intent", "read"]])).body.ok).toBe(true);
    await s.sim.bulk.idle();
    await bulk.advanceBulkOperations({ shopId, now: new Date(Date.now() + 60_000) });
  }

  const level = (item: string, location: string) =>
    s.sim.state.inventoryLevels({ shop: SHOP }).find((l) => l.inventoryItemId === item && l.locationId === location)!
      .quantities;

  /** Each Shopify quantity Loupe can count in, and Loupe's pieces counting in it (stock rule). */
  async function bothSides(variant: { variantId: string; inventoryItemId: string }, location: string) {
    const q = level(variant.inventoryItemId, location);
    const pieces = (await models.existingPiecesByLevel(shopId, [variant.variantId])).get(
      `${variant.variantId}|${location}`,
    );
    return {
      shopify: {
        available: q.available,
        reserved: q.reserved,
        qualityControl: q.quality_control,
        damaged: q.damaged,
        safetyStock: q.safety_stock,
      },
      loupe: pieces ?? { available: 0, reserved: 0, qualityControl: 0, damaged: 0, safetyStock: 0 },
    };
  }

  const setQuantity = (item: string, location: string, name: "damaged" | "safety_stock", n: number) => {
    const itemId = Number(item.split("/").pop());
    const locationId = Number(location.split("/").pop());
    s.sim.state.shop(SHOP).levels.get(`${itemId}:${locationId}`)!.quantities[name] = n;
  };

  beforeAll(async () => {
    ({ db, worker } = await appOn(engine));
    s = await simulatedShop(SHOP, { plan: "plus", locations: ["Paris", "Lyon"] });
    route = await import("../../../app/routes/app.catalogue");
    details = await import("../../../app/routes/app.pieces.to-complete");
    bulk = await import("../../../app/shopify/bulk-products.server");
    changes = await import("../../../app/services/catalog/piece-changes.server");
    reconcile = await import("../../../app/services/sync/reconcile.server");
    models = await import("../../../app/models/catalogue.server");
    const home = await import("../../../app/routes/app._index");
    await home.loader(routeArgs(adminRequest("/app", SHOP)));
    shopId = (await db.shop.findFirstOrThrow({ where: { domain: SHOP } })).id;
    expect(await db.piece.count({ where: { shopId } })).toBe(0);
    expect((await postSetup(SHOP, { intent: "import" })).body.ok).toBe(true);

    // Bague at Paris: 6 units bought; 2 damaged, 1 kept as safety stock, then one sold online and
    // not yet shipped (committed). Shopify: available 2, committed 1, damaged 2, safety 1, on hand 6.
    bague = s.sim.state.seedProduct({
      shop: SHOP,
      title: "Bague Étoile",
      productType: "Bague",
      variants: [{ sku: "ETOILE-54", price: "890.00", inventory: { Paris: 3 } }],
    });
    const item = bague.variants[0]!.inventoryItemId;
    setQuantity(item, s.locations.Paris!, "damaged", 2);
    setQuantity(item, s.locations.Paris!, "safety_stock", 1);
    s.sim.state.createOrder({
      shop: SHOP,
      location: "Paris",
      lines: [{ variantId: bague.variants[0]!.variantId, quantity: 1 }],
    });
    collier = s.sim.state.seedProduct({
      shop: SHOP,
      title: "Collier Perle",
      productType: "Collier",
      variants: [{ sku: "PERLE-1", price: "420.00", inventory: { Paris: 1 } }],
    });
    await readCatalogue();
  });

  afterAll(async () => {
    await s.close();
  });

  test("the page counts damaged and safety-stock units as pieces to create, and says which committed units get none and why", async () => {
    expect(level(bague.variants[0]!.inventoryItemId, s.locations.Paris!)).toMatchObject({
      available: 2,
      committed: 1,
      damaged: 2,
      safety_stock: 1,
      on_hand: 6,
    });
    const page = await load();
    const row = page.rows.find((r) => r.sku === "ETOILE-54")!;
    expect(row).toMatchObject({ onHand: 6, existing: 0, toMake: 5, damaged: 2, safetyStock: 1, committed: 1 });
    expect(page.totals).toMatchObject({ rows: 2, units: 6, damaged: 2, safetyStock: 1 });
    expect(page.committed).toEqual({ rows: 1, units: 1 });
  });

  test("create makes damaged units pieces at repair and safety stock pieces on hold, held in those quantities, and the committed unit's piece sold on its order, said in English and French; nothing is sent and both sides are equal", async () => {
    const historyBefore = s.sim.state.inventoryHistory({ shop: SHOP }).length;
    const made = await post(
      [
        ["intent", "create"],
        ["scope", "filtered"],
        ["productType", "Bague"],
      ],
      "fr",
    );
    expect(made.status).toBe(200);
    expect(made.body.message).toBe(
      "5 pièces créées\u202f: 2 en vente, 1 en réserve, 2 en réparation. Leurs détails sont à compléter.",
    );
    expect(made.body.notes).toEqual([
      "Dont 2 depuis des unités endommagées (en réparation), 1 depuis le stock de sécurité (réservées).",
      "1 pièce créée pour une unité d’une commande pas encore expédiée, enregistrée vendue sur la ligne de sa commande.",
    ]);
    const pieces = await db.piece.findMany({ where: { shopId, variantGid: bague.variants[0]!.variantId } });
    expect(pieces.map((p) => `${p.state}:${p.heldInQuantity ?? "-"}`).sort()).toEqual([
      "active:-",
      "active:-",
      "archived:-",
      "at_repair:damaged",
      "at_repair:damaged",
      "on_hold:safety_stock",
    ]);
    const created = await db.auditLog.findFirstOrThrow({
      where: { shopId, action: "piece.created", entityId: pieces.find((p) => p.heldInQuantity === "damaged")!.id },
    });
    expect(JSON.parse(created.data)).toMatchObject({ state: "at_repair", heldInQuantity: "damaged" });
    expect(await db.outboxEntry.count({ where: { shopId } })).toBe(0);
    expect(s.sim.state.inventoryHistory({ shop: SHOP })).toHaveLength(historyBefore);
    const sides = await bothSides(bague.variants[0]!, s.locations.Paris!);
    expect(sides.loupe).toEqual(sides.shopify);
    expect(await reconcile.reconcileShop(shopId)).toMatchObject({ drifts: 0 });

    // In English on the page; running it again makes nothing more.
    const again = await post([
      ["intent", "create"],
      ["scope", "filtered"],
      ["productType", "Bague"],
    ]);
    expect(again.body.message).toBe("Nothing to create: these units already have their pieces.");
    expect(again.body.notes).toEqual([]);
    expect(await db.piece.count({ where: { shopId, variantGid: bague.variants[0]!.variantId } })).toBe(6);
    const page = await load();
    expect(page.rows.find((r) => r.sku === "ETOILE-54")).toBeUndefined();
    expect(page.committed).toEqual({ rows: 1, units: 1 });
  });

  test("a held piece's next change of state (or move to another Shopify location) moves Shopify's stock from the quantity it was held in", async () => {
    const variant = bague.variants[0]!;
    const paris = s.locations.Paris!;
    const lyon = s.locations.Lyon!;
    const held = (name: string) =>
      db.piece.findMany({
        where: { shopId, variantGid: variant.variantId, heldInQuantity: name },
        orderBy: { id: "asc" },
      });
    const [repaired, scrapped] = await held("damaged");
    const [safety] = await held("safety_stock");

    // Repaired: back on sale, from damaged to available.
    expect(await changes.transitionPiece(shopId, repaired!.id, "active", actor, { reason: "repaired" })).toMatchObject({
      ok: true,
    });
    expect((await db.piece.findUniqueOrThrow({ where: { id: repaired!.id } })).heldInQuantity).toBeNull();
    // Safety stock released for sale: from safety_stock to available.
    expect(await changes.transitionPiece(shopId, safety!.id, "active", actor, { reason: "released" })).toMatchObject({
      ok: true,
    });
    // The other damaged piece goes to Lyon's workshop first (damaged follows it), then is written off there.
    const lyonSite = await db.location.findFirstOrThrow({
      where: { shopId, parentId: null, shopifyLocationGid: lyon },
    });
    expect(await changes.movePiece(shopId, scrapped!.id, lyonSite.id, actor, "to the Lyon workshop")).toMatchObject({
      ok: true,
    });
    expect(await worker.drainOutbox({ shopId })).toMatchObject({ retried: 0, dead: 0 });
    expect(level(variant.inventoryItemId, lyon)).toMatchObject({ damaged: 1, available: 0 });
    expect(
      await changes.transitionPiece(shopId, scrapped!.id, "written_off", actor, { reason: "beyond repair" }),
    ).toMatchObject({ ok: true });
    expect(await worker.drainOutbox({ shopId })).toMatchObject({ retried: 0, dead: 0 });

    expect(level(variant.inventoryItemId, paris)).toMatchObject({
      available: 4,
      committed: 1,
      damaged: 0,
      safety_stock: 0,
    });
    expect(level(variant.inventoryItemId, lyon)).toMatchObject({ damaged: 0, available: 0 });
    for (const location of [paris, lyon]) {
      const sides = await bothSides(variant, location);
      expect(sides.loupe).toEqual(sides.shopify);
    }
    const moves = await db.outboxEntry.findMany({ where: { shopId }, orderBy: { createdAt: "asc" } });
    expect(moves.map((m) => [m.kind, JSON.parse(m.payload).from ?? JSON.parse(m.payload).name])).toEqual([
      ["inventory.move", "damaged"],
      ["inventory.move", "safety_stock"],
      ["inventory.adjust", "damaged"],
      ["inventory.adjust", "damaged"],
    ]);
    expect(await reconcile.reconcileShop(shopId)).toMatchObject({ drifts: 0 });
  });

  test("a catalogue piece's mirror is queued when its details are entered (bulk edit, mark complete) and reaches the product", async () => {
    expect(
      (
        await post([
          ["intent", "create"],
          ["scope", "filtered"],
          ["productType", "Collier"],
        ])
      ).body.ok,
    ).toBe(true);
    const piece = await db.piece.findFirstOrThrow({ where: { shopId, variantGid: collier.variants[0]!.variantId } });
    const mirrors = () => db.outboxEntry.count({ where: { shopId, kind: "piece.mirror" } });
    const fields = () =>
      Object.fromEntries(
        s.sim.state.metafields({ shop: SHOP, ownerId: collier.productId }).map((m) => [m.key, m.value]),
      );
    expect(await mirrors()).toBe(0);
    expect(fields()).toEqual({});

    const edited = await postDetails({
      intent: "bulkEdit",
      reason: "catalogue",
      pieces: [{ id: piece.id, version: piece.version }],
      metal: { metal: "gold", fineness: "750" },
    });
    expect(edited.status).toBe(200);
    expect(await mirrors()).toBe(1);
    await worker.drainOutbox({ shopId });
    expect(fields()).toMatchObject({ metal: "Gold 750\u00a0‰ (18\u00a0k)", fineness: "750" });

    const version = (await db.piece.findUniqueOrThrow({ where: { id: piece.id } })).version;
    const done = await postDetails({ intent: "complete", pieces: [{ id: piece.id, version }] });
    expect(done.status).toBe(200);
    expect(await mirrors()).toBe(2);
    expect(await worker.drainOutbox({ shopId })).toMatchObject({ delivered: 1, dead: 0 });
    // One piece on its product: the provenance link is mirrored too.
    expect(fields().provenance_url).toBe(`https://${SHOP}/apps/loupe/${piece.publicToken}`);
    const rows = await db.outboxEntry.findMany({ where: { shopId, kind: "piece.mirror" } });
    expect(rows.every((r) => r.status === "done")).toBe(true);
  });
});
