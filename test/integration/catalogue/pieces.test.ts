// Pieces from the shop's Shopify catalogue, from an EMPTY shop, on both engines, against the
// simulator: the catalogue is read with one bulk query; the page lists the stock Loupe has no
// pieces for, per Shopify location, with its filters; "Create pieces" makes one piece per unit
// (linked, at its site, details pending, ledger and audit, no outbox row), makes nothing more on a
// second run or a second click at the same moment, skips a location with no site, counts pieces
// already there, and keeps Shopify and Loupe equal for the reconciler. Bad input writes nothing.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makePiece } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, installShop, routeArgs } from "../helpers/shopify";
import { simulatedShop, type SimShop } from "../helpers/simulator";
import { postSetup, unwrap } from "../setup/answers";

type Answer = { ok: boolean; message: string; notes?: string[]; errors?: Record<string, string> };

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `catalogue-${engine}.myshopify.com`;
  let s: SimShop;
  let db: App["db"];
  let shopId: string;
  let nice: string;
  let route: typeof import("../../../app/routes/app.catalogue");
  let bulk: typeof import("../../../app/shopify/bulk-products.server");
  let service: typeof import("../../../app/services/catalogue/pieces.server");
  const seeded: Record<string, { productId: string; variants: { variantId: string; inventoryItemId: string }[] }> = {};

  async function load(search: Record<string, string> = {}) {
    return route.loader(routeArgs(adminRequest("/app/catalogue", SHOP, { search: { locale: "en", ...search } })));
  }

  async function post(fields: [string, string][], locale = "en"): Promise<{ status: number; body: Answer }> {
    const body = new URLSearchParams();
    for (const [k, v] of fields) body.append(k, v);
    const request = adminRequest("/app/catalogue", SHOP, { method: "POST", body, search: { locale } });
    return unwrap(await route.action(routeArgs(request))) as { status: number; body: Answer };
  }

  /** Reads the catalogue as the page does, then lets the bulk loop apply Shopify's answer. */
  async function readCatalogue() {
    expect((await post([["intent", "read"]])).body.ok).toBe(true);
    await s.sim.bulk.idle();
    await bulk.advanceBulkOperations({ shopId, now: new Date(Date.now() + 60_000) });
  }

  const create = (fields: [string, string][], locale = "en") => post([["intent", "create"], ...fields], locale);
  const counts = async () => ({
    pieces: await db.piece.count({ where: { shopId } }),
    movements: await db.movement.count({ where: { shopId } }),
    audits: await db.auditLog.count({ where: { shopId } }),
    outbox: await db.outboxEntry.count({ where: { shopId } }),
  });

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    s = await simulatedShop(SHOP, { plan: "plus", locations: ["Paris", "Lyon"] });
    route = await import("../../../app/routes/app.catalogue");
    bulk = await import("../../../app/shopify/bulk-products.server");
    service = await import("../../../app/services/catalogue/pieces.server");
    // The first admin page load creates the shop's row: nothing else exists.
    const home = await import("../../../app/routes/app._index");
    await home.loader(routeArgs(adminRequest("/app", SHOP)));
    shopId = (await db.shop.findFirstOrThrow({ where: { domain: SHOP } })).id;
    expect(await db.piece.count({ where: { shopId } })).toBe(0);
    expect((await postSetup(SHOP, { intent: "import" })).body.ok).toBe(true);
    // A location opened in Shopify after the set-up: it has no site in Loupe.
    nice = s.sim.state.createLocation({ shop: SHOP, name: "Nice" }).id;

    seeded.lune = s.sim.state.seedProduct({
      shop: SHOP,
      title: "Bague Lune",
      vendor: "Atelier Aurore",
      productType: "Bague",
      tags: ["or", "mariage"],
      collections: ["Mariage"],
      variants: [
        { sku: "LUNE-52", price: "1250.00", title: "52", inventory: { Paris: 2, Lyon: 1 } },
        { sku: "LUNE-54", price: "1250.00", title: "54", inventory: { Paris: 0 } },
      ],
    });
    seeded.soleil = s.sim.state.seedProduct({
      shop: SHOP,
      title: "Collier Soleil",
      vendor: "Maison Bernard",
      productType: "Collier",
      tags: ["argent"],
      collections: ["Pièces uniques"],
      variants: [{ sku: "SOLEIL-1", price: "480.00", inventory: { Paris: 1 } }],
    });
    seeded.chaine = s.sim.state.seedProduct({
      shop: SHOP,
      title: "Chaîne forçat",
      vendor: "Atelier Aurore",
      productType: "Chaîne",
      tags: ["or"],
      variants: [{ sku: "CH-45", price: "320.50", inventory: { Lyon: 2, Nice: 3 } }],
    });
    seeded.boucles = s.sim.state.seedProduct({
      shop: SHOP,
      title: "Boucles Étoile",
      vendor: "Maison Bernard",
      productType: "Boucles",
      variants: [{ sku: "ETO-1", price: "95.00", inventory: { Paris: 3 } }],
    });
    // Chaîne at Lyon: one more unit reserved for a customer (on hand 3 = 2 available + 1 reserved).
    const chaineItem = Number(seeded.chaine.variants[0]!.inventoryItemId.split("/").pop());
    const lyon = Number(s.locations.Lyon!.split("/").pop());
    s.sim.state.shop(SHOP).levels.get(`${chaineItem}:${lyon}`)!.quantities.reserved = 1;
    // One of the three Boucles at Paris is a piece already (received in Loupe on that variant).
    const paris = await db.location.findFirstOrThrow({ where: { shopId, shopifyLocationGid: s.locations.Paris } });
    const { pieceId } = await makePiece(shopId, {
      title: "Boucles Étoile",
      variantGid: seeded.boucles.variants[0]!.variantId,
      productGid: seeded.boucles.productId,
      inventoryItemGid: seeded.boucles.variants[0]!.inventoryItemId,
      locationId: paris.id,
      state: "active",
    });
    expect(pieceId).toBeTruthy();
    await readCatalogue();
  });

  afterAll(async () => {
    await s.close();
  });

  test("the catalogue is read with ONE bulk query, and the page lists what has fewer pieces than units, per location", async () => {
    expect(s.sim.state.requestCounts({ shop: SHOP }).bulkOperationRunQuery).toBe(1);
    expect(s.sim.state.requestCounts({ shop: SHOP }).products ?? 0).toBe(0);
    const page = await load();
    expect(page.readAt).not.toBeNull();
    const lines = page.rows.map(
      (r) => `${r.productTitle}/${r.variantTitle}@${r.location}:${r.onHand}-${r.existing}=${r.toMake}`,
    );
    expect(lines.sort()).toEqual(
      [
        "Bague Lune/52@Paris:2-0=2",
        "Bague Lune/52@Lyon:1-0=1",
        "Boucles Étoile/Default Title@Paris:3-1=2",
        "Chaîne forçat/Default Title@Lyon:3-0=3",
        "Chaîne forçat/Default Title@Nice:3-0=3",
        "Collier Soleil/Default Title@Paris:1-0=1",
      ].sort(),
    );
    expect(page.totals).toEqual({ rows: 6, units: 12, damaged: 0, safetyStock: 0 });
    expect(page.committed).toEqual({ rows: 0, units: 0 });
    expect(page.withoutSite).toEqual([{ name: "Nice", units: 3 }]);
    expect(page.rows.find((r) => r.sku === "LUNE-52")!.price).toBe("€1,250.00");
    expect(page.facets).toMatchObject({
      productTypes: ["Bague", "Boucles", "Chaîne", "Collier"],
      vendors: ["Atelier Aurore", "Maison Bernard"],
      tags: ["argent", "mariage", "or"],
    });
    expect(page.facets!.collections.map((c) => c.title)).toEqual(["Mariage", "Pièces uniques"]);
  });

  test("filters: product type, vendor, tag, collection and Shopify location", async () => {
    const titles = async (search: Record<string, string>) =>
      [...new Set((await load(search)).rows.map((r) => r.productTitle))].sort();
    expect(await titles({ productType: "Bague" })).toEqual(["Bague Lune"]);
    expect(await titles({ vendor: "Maison Bernard" })).toEqual(["Boucles Étoile", "Collier Soleil"]);
    expect(await titles({ tag: "or" })).toEqual(["Bague Lune", "Chaîne forçat"]);
    // "or" is a whole tag: it does not match "mariage"'s letters nor "Collier"'s.
    expect(await titles({ tag: "argent" })).toEqual(["Collier Soleil"]);
    const mariage = (await load()).facets!.collections.find((c) => c.title === "Mariage")!.id;
    expect(await titles({ collection: mariage })).toEqual(["Bague Lune"]);
    expect(await titles({ location: s.locations.Lyon! })).toEqual(["Bague Lune", "Chaîne forçat"]);
  });

  test("bad input (empty selection, unknown location) is refused beside its field in English and French, nothing written", async () => {
    const before = await counts();
    const empty = await create([["scope", "selected"]]);
    expect(empty.status).toBe(400);
    expect(empty.body.errors?.rows).toBe("Nothing selected: tick at least one line, or change the filter.");
    const emptyFr = await create([["scope", "selected"]], "fr");
    expect(emptyFr.body.errors?.rows).toBe(
      "Rien n’est sélectionné\u202f: cochez au moins une ligne, ou changez le filtre.",
    );
    const unknown = await create([
      ["scope", "filtered"],
      ["location", "gid://shopify/Location/424242"],
    ]);
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors?.location).toBe(
      "This Shopify location is not in the catalogue read: read the catalogue again.",
    );
    const unknownFr = await create(
      [
        ["scope", "selected"],
        ["rows", `${seeded.lune!.variants[0]!.variantId}|gid://shopify/Location/424242`],
      ],
      "fr",
    );
    expect(unknownFr.body.errors?.rows).toBe(
      "Cet emplacement Shopify n’est pas dans le catalogue lu\u202f: relisez le catalogue.",
    );
    const nothing = await create([
      ["scope", "filtered"],
      ["productType", "Montre"],
    ]);
    expect(nothing.status).toBe(422);
    expect(nothing.body.errors?.rows).toContain("Nothing selected");
    expect(await counts()).toEqual(before);
  });

  test("create for a filter makes one piece per unit, linked, at its site, details pending, with ledger and audit and no outbox row; twice makes nothing more", async () => {
    const before = await counts();
    const made = await create([
      ["scope", "filtered"],
      ["tag", "mariage"],
    ]);
    expect(made.status).toBe(200);
    expect(made.body.message).toBe(
      "3 pieces created: 3 active, 0 on hold, 0 at repair. Their details are to complete.",
    );
    const variant = seeded.lune!.variants[0]!;
    const pieces = await db.piece.findMany({
      where: { shopId, variantGid: variant.variantId },
      include: { location: true },
      orderBy: { shopifyLocationGid: "asc" },
    });
    expect(pieces).toHaveLength(3);
    for (const p of pieces) {
      expect(p).toMatchObject({
        title: "Bague Lune — 52",
        productGid: seeded.lune!.productId,
        inventoryItemGid: variant.inventoryItemId,
        sku: "LUNE-52",
        priceMinor: 125000n,
        currency: "EUR",
        state: "active",
      });
      expect(p.detailsPendingAt).toBeInstanceOf(Date);
      expect(p.tagCode).toMatch(/^[0-9A-Z]{7}$/);
      expect(p.location!.parentId).toBeNull();
      expect(p.location!.shopifyLocationGid).toBe(p.shopifyLocationGid);
    }
    expect(pieces.filter((p) => p.shopifyLocationGid === s.locations.Paris)).toHaveLength(2);
    expect(pieces.filter((p) => p.shopifyLocationGid === s.locations.Lyon)).toHaveLength(1);
    const after = await counts();
    expect(after.pieces - before.pieces).toBe(3);
    expect(after.movements - before.movements).toBe(3);
    // One entry per piece and one for the chunk.
    expect(after.audits - before.audits).toBe(4);
    expect(after.outbox).toBe(before.outbox);
    const movement = await db.movement.findFirstOrThrow({ where: { shopId, pieceId: pieces[0]!.id } });
    expect(movement).toMatchObject({ kind: "intake", toState: "active", toLocationId: pieces[0]!.locationId });
    const audit = await db.auditLog.findFirstOrThrow({ where: { shopId, entityId: pieces[0]!.id } });
    expect(audit.action).toBe("piece.created");
    const { verifyShopAudit } = await import("../../../app/models/audit.server");
    expect((await verifyShopAudit(shopId)).ok).toBe(true);

    const again = await create([
      ["scope", "filtered"],
      ["tag", "mariage"],
    ]);
    expect(again.body.message).toBe("Nothing to create: these units already have their pieces.");
    expect(await counts()).toEqual(after);
    expect((await load({ tag: "mariage" })).rows).toEqual([]);
  });

  test("ticked lines: a one-of-a-kind variant gets one piece; pieces already there count", async () => {
    const soleil = `${seeded.soleil!.variants[0]!.variantId}|${s.locations.Paris}`;
    const boucles = `${seeded.boucles!.variants[0]!.variantId}|${s.locations.Paris}`;
    const made = await create([
      ["scope", "selected"],
      ["rows", soleil],
      ["rows", boucles],
    ]);
    expect(made.body.message).toBe(
      "3 pieces created: 3 active, 0 on hold, 0 at repair. Their details are to complete.",
    );
    expect(await db.piece.count({ where: { shopId, variantGid: seeded.soleil!.variants[0]!.variantId } })).toBe(1);
    // 3 in Shopify, 1 received earlier: 2 made.
    expect(await db.piece.count({ where: { shopId, variantGid: seeded.boucles!.variants[0]!.variantId } })).toBe(3);
  });

  test("a location without a site is said and skipped; a reserved unit becomes a piece on hold; the reconciler finds no difference", async () => {
    const made = await create([["scope", "filtered"]], "fr");
    expect(made.body.message).toBe(
      "3 pièces créées\u202f: 2 en vente, 1 en réserve, 0 en réparation. Leurs détails sont à compléter.",
    );
    expect(made.body.notes).toEqual([
      "Rien n’a été créé à «\u202fNice\u202f» (3 unités)\u202f: il n’a pas encore de site. Importez d’abord les emplacements Shopify sur la page de mise en route.",
    ]);
    const chaine = await db.piece.findMany({ where: { shopId, variantGid: seeded.chaine!.variants[0]!.variantId } });
    expect(chaine.map((p) => `${p.shopifyLocationGid === s.locations.Lyon ? "Lyon" : "?"}:${p.state}`).sort()).toEqual([
      "Lyon:active",
      "Lyon:active",
      "Lyon:on_hold",
    ]);
    // Only Nice is left, and it has no site.
    const page = await load();
    expect(page.rows.map((r) => r.location)).toEqual(["Nice"]);
    const { reconcileShop } = await import("../../../app/services/sync/reconcile.server");
    // Every level with a site matches; the one difference is Nice, whose units have no pieces yet.
    expect((await reconcileShop(shopId)).drifts).toBe(1);
    const drifts = await db.stockDrift.findMany({ where: { shopId, resolvedAt: null } });
    expect(drifts.map((d) => [d.shopifyLocationGid, d.shopifyAvailable, d.loupeActive])).toEqual([[nice, 3, 0]]);
    // Shopify's stock did not move.
    expect(s.sim.state.inventoryHistory({ shop: SHOP })).toEqual([]);
  });

  test("a variant Loupe created for one piece keeps its one piece, whatever Shopify's count", async () => {
    const unique = s.sim.state.seedProduct({
      shop: SHOP,
      title: "Bague unique",
      productType: "Pièce unique",
      variants: [{ sku: "UNI-1", price: "5000", inventory: { Paris: 2 } }],
    });
    const paris = await db.location.findFirstOrThrow({ where: { shopId, shopifyLocationGid: s.locations.Paris } });
    // Received in Loupe with "create the Shopify product": its product.create row makes the variant its own.
    const { pieceId } = await makePiece(
      shopId,
      { title: "Bague unique", locationId: paris.id, state: "active" },
      { createShopifyProduct: true },
    );
    await db.piece.updateMany({
      where: { id: pieceId, shopId },
      data: { variantGid: unique.variants[0]!.variantId, shopifyLocationGid: s.locations.Paris },
    });
    await readCatalogue();
    const result = await service.createPiecesFromCatalogue(
      shopId,
      { filter: { productType: "Pièce unique" } },
      { kind: "admin", name: "Léa" },
    );
    expect(result).toMatchObject({ ok: true, created: 0 });
    expect(await db.piece.count({ where: { shopId, variantGid: unique.variants[0]!.variantId } })).toBe(1);
  });

  test("two clicks at the same moment make each piece once", async () => {
    const twin = s.sim.state.seedProduct({
      shop: SHOP,
      title: "Jonc",
      productType: "Bracelet",
      variants: [{ sku: "JONC", price: "150", inventory: { Paris: 4, Lyon: 2 } }],
    });
    await readCatalogue();
    const actor = { kind: "admin", name: "Léa" } as const;
    const results = await Promise.all([
      service.createPiecesFromCatalogue(shopId, { filter: { productType: "Bracelet" } }, actor),
      service.createPiecesFromCatalogue(shopId, { filter: { productType: "Bracelet" } }, actor),
    ]);
    const created = results.map((r) => (r.ok ? r.created : -1)).sort();
    expect(created).toEqual([0, 6]);
    expect(await db.piece.count({ where: { shopId, variantGid: twin.variants[0]!.variantId } })).toBe(6);
    const { verifyShopAudit } = await import("../../../app/models/audit.server");
    expect((await verifyShopAudit(shopId)).ok).toBe(true);
  });

  test("large selections are written in chunks, each one transaction with its audit entries, the chain exact", async () => {
    s.sim.state.seedProduct({
      shop: SHOP,
      title: "Alliance",
      productType: "Alliance",
      variants: Array.from({ length: 12 }, (_, i) => ({
        sku: `AL-${i}`,
        title: `T${i}`,
        price: "700",
        inventory: { Paris: 5 },
      })),
    });
    await readCatalogue();
    const before = await db.auditLog.count({ where: { shopId, action: "catalogue.pieces_created" } });
    const result = await service.createPiecesFromCatalogue(
      shopId,
      { filter: { productType: "Alliance" } },
      { kind: "admin", name: "Léa" },
      { chunkUnits: 20 },
    );
    expect(result).toMatchObject({ ok: true, created: 60 });
    // 12 levels of 5 units in chunks of at least 20 units: 3 chunks.
    expect((await db.auditLog.count({ where: { shopId, action: "catalogue.pieces_created" } })) - before).toBe(3);
    const { verifyShopAudit } = await import("../../../app/models/audit.server");
    expect((await verifyShopAudit(shopId)).ok).toBe(true);
  });

  test("a shop sees only its own catalogue: another shop has none and makes nothing", async () => {
    const other = await installShop(`catalogue-other-${engine}.myshopify.com`);
    expect(await service.createPiecesFromCatalogue(other.id, { filter: {} }, { kind: "admin", name: "X" })).toEqual({
      ok: false,
      code: "NO_CATALOGUE",
    });
    const page = await service.cataloguePage(other.id, {});
    expect(page).toMatchObject({ read: null, readAt: null, rows: [] });
    expect(await db.catalogueLevel.count({ where: { shopId: other.id } })).toBe(0);
    expect(await db.piece.count({ where: { shopId: other.id } })).toBe(0);
  });
});
