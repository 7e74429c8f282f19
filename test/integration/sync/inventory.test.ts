// Shopify's stock follows Loupe's pieces through the outbox: exactly once, compare-and-set,
// idempotency keys, retries after faults and throttling. Against the simulator, on both engines.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeLocation, makePiece, makeShop } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { simulatedShop, type SimShop } from "../helpers/simulator";

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `stock-${engine}.myshopify.com`;
  let s: SimShop;
  let m: App;
  let shopId: string;
  let vitrine: string;
  let lyon: string;
  const actor = { kind: "staff", name: "Léa" } as const;

  beforeAll(async () => {
    m = await appOn(engine);
    s = await simulatedShop(SHOP, { locations: ["Paris", "Lyon"] });
    shopId = (await makeShop({ domain: SHOP })).id;
    vitrine = await makeLocation(
      shopId,
      { name: "Vitrine 1", kind: "showcase", shopifyLocationGid: s.locations.Paris! },
      actor,
    );
    lyon = await makeLocation(
      shopId,
      { name: "Vitrine Lyon", kind: "showcase", shopifyLocationGid: s.locations.Lyon! },
      actor,
    );
  });

  afterAll(async () => {
    await s.close();
  });

  async function newPiece(sku: string) {
    const product = s.sim.state.seedProduct({
      shop: SHOP,
      title: `Bague ${sku}`,
      variants: [{ sku, price: "990", inventory: { Paris: 0 } }],
    });
    const v = product.variants[0]!;
    const r = await makePiece(
      shopId,
      {
        title: `Bague ${sku}`,
        sku,
        productGid: product.productId,
        variantGid: v.variantId,
        inventoryItemGid: v.inventoryItemId,
        locationId: vitrine,
      },
      { actor },
    );
    // Linking the piece queued its mirror; deliver it so each test counts only its own writes.
    expect(await m.worker.drainOutbox({ shopId })).toEqual({ delivered: 1, retried: 0, dead: 0 });
    return { pieceId: r.pieceId, item: v.inventoryItemId };
  }

  const level = (item: string, location = s.locations.Paris!) =>
    s.sim.state.inventoryLevels({ shop: SHOP }).find((l) => l.inventoryItemId === item && l.locationId === location)
      ?.quantities as Record<string, number> | undefined;

  async function activate(pieceId: string) {
    expect(await m.pieces.markTagged(shopId, pieceId, actor)).toMatchObject({ ok: true });
    const r = await m.pieces.transitionPiece(shopId, pieceId, "active", actor, { reason: "received at the counter" });
    expect(r).toMatchObject({ ok: true });
  }

  test("a received piece raises Shopify's available quantity once, with reason, reference and idempotency key", async () => {
    const { pieceId, item } = await newPiece("RCV-1");
    await activate(pieceId);
    const run = await m.worker.drainOutbox({ shopId });
    expect(run).toEqual({ delivered: 1, retried: 0, dead: 0 });
    expect(level(item)?.available).toBe(1);
    const history = s.sim.state.inventoryHistory({ shop: SHOP }).filter((h) => h.inventoryItemId === item);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ reason: "received", referenceDocumentUri: `gid://loupe/Piece/${pieceId}` });
    expect(history[0]!.idempotencyKey).toMatch(/^loupe-piece-/);
  });

  test("a delivery repeated after a lost answer is not applied twice (same key, same arguments)", async () => {
    const { pieceId, item } = await newPiece("RCV-2");
    await activate(pieceId);
    await m.worker.drainOutbox({ shopId });
    expect(level(item)?.available).toBe(1);
    // The worker died after Shopify applied the change but before it recorded success.
    const row = await m.db.outboxEntry.findFirstOrThrow({ where: { shopId, payload: { contains: item } } });
    await m.db.outboxEntry.update({ where: { id: row.id }, data: { status: "pending", doneAt: null } });
    expect(await m.worker.drainOutbox({ shopId })).toMatchObject({ delivered: 1 });
    expect(level(item)?.available).toBe(1);
    expect(s.sim.state.inventoryHistory({ shop: SHOP }).filter((h) => h.inventoryItemId === item)).toHaveLength(1);
  });

  test("a stale changeFromQuantity is re-read and retried under a new key, and lands once", async () => {
    const { pieceId, item } = await newPiece("RCV-3");
    await activate(pieceId);
    // Someone sold one in the meantime: the attempt's frozen quantity (0) no longer matches.
    const row = await m.db.outboxEntry.findFirstOrThrow({ where: { shopId, payload: { contains: item } } });
    await m.db.outboxEntry.update({
      where: { id: row.id },
      data: { attemptArgs: JSON.stringify({ changeFromQuantities: [5] }) },
    });
    const run = await m.worker.drainOutbox({ shopId });
    expect(run).toEqual({ delivered: 1, retried: 1, dead: 0 });
    expect(level(item)?.available).toBe(1);
    const done = await m.db.outboxEntry.findUniqueOrThrow({ where: { id: row.id } });
    expect(done.generation).toBe(1);
    expect(done.status).toBe("done");
  });

  test("5xx answers are retried later; throttling is waited out without an error", async () => {
    const { pieceId, item } = await newPiece("RCV-4");
    await activate(pieceId);
    s.sim.faults.inject({ kind: "status", status: 503, times: 2 });
    let run = await m.worker.runOutboxOnce({ shopId });
    expect(run).toEqual({ delivered: 0, retried: 1, dead: 0 });
    const row = await m.db.outboxEntry.findFirstOrThrow({ where: { shopId, payload: { contains: item } } });
    expect(row.status).toBe("pending");
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    for (
      let i = 0;
      i < 3 && (await m.db.outboxEntry.findUniqueOrThrow({ where: { id: row.id } })).status !== "done";
      i++
    ) {
      await m.db.outboxEntry.update({ where: { id: row.id }, data: { nextAttemptAt: new Date() } });
      run = await m.worker.runOutboxOnce({ shopId });
    }
    expect(level(item)?.available).toBe(1);
    s.sim.faults.clear();

    const second = await newPiece("RCV-5");
    await activate(second.pieceId);
    s.sim.faults.inject({ kind: "throttle", times: 2 });
    expect(await m.worker.runOutboxOnce({ shopId })).toEqual({ delivered: 1, retried: 0, dead: 0 });
    expect(level(second.item)?.available).toBe(1);
  });

  test("on hold moves the unit from available to reserved at the same location", async () => {
    const { pieceId, item } = await newPiece("HLD-1");
    await activate(pieceId);
    await m.worker.drainOutbox({ shopId });
    expect(
      await m.pieces.transitionPiece(shopId, pieceId, "on_hold", actor, { reason: "customer deposit" }),
    ).toMatchObject({ ok: true });
    await m.worker.drainOutbox({ shopId });
    expect(level(item)).toMatchObject({ available: 0, reserved: 1 });
  });

  test("a move to another Shopify location takes the unit out of one and into the other in one operation", async () => {
    const { pieceId, item } = await newPiece("MOV-1");
    await activate(pieceId);
    await m.worker.drainOutbox({ shopId });
    expect(await m.pieces.movePiece(shopId, pieceId, lyon, actor, "sent to Lyon")).toMatchObject({ ok: true });
    await m.worker.drainOutbox({ shopId });
    expect(level(item, s.locations.Paris)?.available).toBe(0);
    expect(level(item, s.locations.Lyon)?.available).toBe(1);
    const piece = await m.db.piece.findUniqueOrThrow({ where: { id: pieceId }, include: { movements: true } });
    expect(piece.shopifyLocationGid).toBe(s.locations.Lyon);
    expect(piece.movements.map((mv) => mv.kind)).toEqual(["intake", "state", "shopify_location"]);
  });

  test("illegal transitions are refused with a reason and write nothing", async () => {
    const { pieceId } = await newPiece("ILL-1");
    const before = await m.db.outboxEntry.count({ where: { shopId } });
    expect(await m.pieces.transitionPiece(shopId, pieceId, "active", actor, { reason: "x" })).toEqual({
      ok: false,
      code: "NOT_TAGGED",
    });
    expect(await m.pieces.transitionPiece(shopId, pieceId, "sold", actor, { reason: "x" })).toEqual({
      ok: false,
      code: "ILLEGAL_TRANSITION",
    });
    expect(await m.db.outboxEntry.count({ where: { shopId } })).toBe(before);
    expect(await m.db.movement.count({ where: { pieceId } })).toBe(1);
  });
});
