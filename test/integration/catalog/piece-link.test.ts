// Attaching a piece to an existing Shopify variant after intake, and detaching it, through the
// piece page's action against the Shopify simulator, on both engines and from an empty shop: the
// stock rule holds in Shopify (available = active pieces of the variant at the location), every
// change goes through the outbox, is audited with before and after, and intake's rule that a
// variant Loupe created for a one-of-a-kind piece is not shared still applies.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeLocation, makePiece, makeShop } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, routeArgs, settle } from "../helpers/shopify";
import { simulatedShop, type SimShop } from "../helpers/simulator";

type Answer = { ok: boolean; message: string; version?: number; errors?: Record<string, string> };

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `link-${engine}.myshopify.com`;
  let s: SimShop;
  let m: App;
  let route: typeof import("../../../app/routes/app.pieces.$id");
  let shopId: string;
  let vitrine: string;
  const actor = { kind: "staff", name: "Léa" } as const;

  beforeAll(async () => {
    m = await appOn(engine);
    s = await simulatedShop(SHOP, { locations: ["Paris"] });
    route = await import("../../../app/routes/app.pieces.$id");
    shopId = (await makeShop({ domain: SHOP })).id;
    vitrine = await makeLocation(
      shopId,
      { name: "Vitrine 1", kind: "showcase", shopifyLocationGid: s.locations.Paris! },
      actor,
    );
  });

  afterAll(async () => {
    await s.close();
  });

  async function post(id: string, body: unknown, locale = "en") {
    const request = adminRequest(`/app/pieces/${id}`, SHOP, {
      method: "POST",
      body: JSON.stringify(body),
      search: { locale },
    });
    request.headers.set("Content-Type", "application/json");
    const { response } = await settle(() => route.action(routeArgs(request, { id })));
    if (!response) throw new Error("the action answered without a Response");
    return { status: response.status, body: (await response.json()) as Answer };
  }

  const versionOf = async (pieceId: string) =>
    (await m.db.piece.findFirstOrThrow({ where: { shopId, id: pieceId } })).version;
  const attach = async (pieceId: string, variantRef: string, locale = "en") =>
    post(pieceId, { intent: "attach", version: await versionOf(pieceId), variantRef }, locale);
  const detach = async (pieceId: string) =>
    post(pieceId, { intent: "detach", version: await versionOf(pieceId), reason: "wrong variant" });

  const available = (item: string) =>
    (
      s.sim.state
        .inventoryLevels({ shop: SHOP })
        .find((l) => l.inventoryItemId === item && l.locationId === s.locations.Paris!)?.quantities as
        Record<string, number> | undefined
    )?.available ?? 0;

  const activePiece = (title: string) => makePiece(shopId, { title, state: "active", locationId: vitrine }, { actor });

  test("attaching two active pieces by SKU raises the variant's available to 2; detaching one lowers it to 1, each audited", async () => {
    const product = s.sim.state.seedProduct({
      shop: SHOP,
      title: "Alliance or jaune",
      variants: [{ sku: "ALL-750", price: "690", inventory: { Paris: 0 } }],
    });
    const variant = product.variants[0]!;
    const a = await activePiece("Alliance A");
    const b = await activePiece("Alliance B");

    const first = await attach(a.pieceId, "ALL-750");
    expect(first).toMatchObject({ status: 200, body: { ok: true } });
    const linked = await m.db.piece.findFirstOrThrow({ where: { shopId, id: a.pieceId } });
    expect(linked).toMatchObject({
      productGid: product.productId,
      variantGid: variant.variantId,
      inventoryItemGid: variant.inventoryItemId,
      sku: "ALL-750",
    });
    const queued = await m.db.outboxEntry.findMany({
      where: { shopId, status: "pending" },
      orderBy: { createdAt: "asc" },
    });
    expect(queued.map((q) => q.kind).sort()).toEqual(["inventory.adjust", "piece.mirror"]);
    const adjust = JSON.parse(queued.find((q) => q.kind === "inventory.adjust")!.payload);
    expect(adjust).toMatchObject({
      name: "available",
      referenceDocumentUri: `gid://loupe/Piece/${a.pieceId}`,
      changes: [{ inventoryItemGid: variant.inventoryItemId, locationGid: s.locations.Paris, delta: 1 }],
    });
    await m.worker.drainOutbox({ shopId });
    expect(available(variant.inventoryItemId)).toBe(1);

    expect((await attach(b.pieceId, variant.variantId.split("/").pop()!)).status).toBe(200);
    await m.worker.drainOutbox({ shopId });
    expect(available(variant.inventoryItemId)).toBe(2);

    const off = await detach(a.pieceId);
    expect(off).toMatchObject({ status: 200, body: { ok: true } });
    expect(await m.db.piece.findFirstOrThrow({ where: { shopId, id: a.pieceId } })).toMatchObject({
      productGid: null,
      variantGid: null,
      inventoryItemGid: null,
    });
    await m.worker.drainOutbox({ shopId });
    expect(available(variant.inventoryItemId)).toBe(1);
    // What Shopify holds is what Loupe counts: the variant's active pieces at Paris.
    expect(await m.db.piece.count({ where: { shopId, variantGid: variant.variantId, state: "active" } })).toBe(
      available(variant.inventoryItemId),
    );

    const audit = await m.db.auditLog.findMany({
      where: {
        shopId,
        entityId: a.pieceId,
        action: { in: ["piece.linked_to_shopify", "piece.unlinked_from_shopify"] },
      },
      orderBy: { seq: "asc" },
    });
    expect(audit.map((x) => x.action)).toEqual(["piece.linked_to_shopify", "piece.unlinked_from_shopify"]);
    expect(JSON.parse(audit[0]!.data)).toMatchObject({
      before: { variantGid: null },
      after: { variantGid: variant.variantId },
      stock: { name: "available", delta: 1 },
    });
    expect(JSON.parse(audit[1]!.data)).toMatchObject({
      before: { variantGid: variant.variantId },
      after: { variantGid: null },
      stock: { name: "available", delta: -1 },
    });
    expect(audit[1]!.reason).toBe("wrong variant");
    // The product keeps a piece: it is mirrored again (it may now be one of a kind).
    const mirrors = await m.db.outboxEntry.findMany({ where: { shopId, kind: "piece.mirror" } });
    expect(mirrors.some((r) => JSON.parse(r.payload).pieceId === b.pieceId)).toBe(true);
  });

  test("a piece still being received counts nowhere: attaching it queues no stock, only its mirror", async () => {
    const product = s.sim.state.seedProduct({
      shop: SHOP,
      title: "Pendentif",
      variants: [{ sku: "PEN-1", price: "250", inventory: { Paris: 0 } }],
    });
    const { pieceId } = await makePiece(shopId, { title: "Pendentif", locationId: vitrine }, { actor });
    expect((await attach(pieceId, "PEN-1")).status).toBe(200);
    const rows = await m.db.outboxEntry.findMany({ where: { shopId, status: "pending" } });
    expect(rows.map((r) => r.kind)).toEqual(["piece.mirror"]);
    await m.worker.drainOutbox({ shopId });
    expect(available(product.variants[0]!.inventoryItemId)).toBe(0);
  });

  test("a variant Loupe created for a one-of-a-kind piece is not shared; a wrong SKU, a linked piece and a stale page are refused", async () => {
    const unique = await makePiece(
      shopId,
      { title: "Solitaire unique", state: "active", locationId: vitrine },
      { actor, createShopifyProduct: true },
    );
    await m.worker.drainOutbox({ shopId });
    const owner = await m.db.piece.findFirstOrThrow({ where: { shopId, id: unique.pieceId } });
    expect(owner.variantGid).toBeTruthy();

    const other = await activePiece("Copie");
    const refused = await attach(other.pieceId, owner.variantGid!, "fr");
    expect(refused.status).toBe(422);
    expect(refused.body.errors?.variantRef).toBe(
      `Cette variante a été créée pour la pièce unique ${unique.tagCode}\u202f; elle ne peut pas être partagée.`,
    );
    const unknown = await attach(other.pieceId, "NO-SUCH-SKU");
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors?.variantRef).toBe("No Shopify variant has this SKU or id.");
    expect((await m.db.piece.findFirstOrThrow({ where: { shopId, id: other.pieceId } })).variantGid).toBeNull();

    const again = await attach(unique.pieceId, owner.variantGid!);
    expect(again.status).toBe(409);
    expect(again.body.errors?.variantRef).toContain("detach it first");

    const stale = await post(unique.pieceId, { intent: "detach", version: owner.version - 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.errors?._form).toContain("changed this piece");
    expect((await m.db.piece.findFirstOrThrow({ where: { shopId, id: unique.pieceId } })).variantGid).toBe(
      owner.variantGid,
    );
    const notLinked = await detach(other.pieceId);
    expect(notLinked.status).toBe(409);
  });
});
