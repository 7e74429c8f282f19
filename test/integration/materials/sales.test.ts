// A piece made in a materials job, sold through Shopify: the real signed webhooks (simulator ->
// webhook routes -> sales service) take its cost out of finished goods once, on the sale's date; a
// refund with restock or a cancellation brings it back with its own entry; repeated and
// out-of-order webhooks book nothing twice; a piece that was bought, not made, books nothing in the
// materials ledger; a sale dated in a closed period is booked on the first open day; a back-dated
// move re-costs the sale entry with the piece. Real SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makeMaterialClass, makePiece, makeShop } from "../../factories";
import { simulatedShop, type SimShop } from "../helpers/simulator";
import { startWebhookServer, webhookRoutes } from "../helpers/webhook-server";
import { actor, addJobCost, createJob, finishJob, materialsOn, ok, recordMove, type Materials } from "./helpers";

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `ventes-fab-${engine}.myshopify.com`;
  let s: SimShop;
  let hooks: Awaited<ReturnType<typeof startWebhookServer>>;
  let db: Materials["db"];
  let S: Materials["S"];
  let R: Materials["R"];
  let E: Materials["E"];
  let shopId: string;
  let gold: string;

  beforeAll(async () => {
    ({ db, S, R, E } = await materialsOn(engine));
    hooks = await startWebhookServer();
    s = await simulatedShop(SHOP, { locations: ["Paris"], appUrl: hooks.url, webhookRoutes });
    shopId = (await makeShop({ domain: SHOP, currency: "EUR", ianaTimezone: "Europe/Paris" })).id;
    ok(
      await S.saveMaterialSettings(
        shopId,
        { siren: "732829320", normalLossBp: 300, sellingCostBp: 1500, negativeStock: "refuse", accounts: {} },
        actor,
      ),
    );
    gold = await makeMaterialClass(
      shopId,
      { kind: "metal", metal: "gold", finenessBp: 7500, investment: false, form: "grain", method: "fifo" },
      actor,
    );
    await recordMove(shopId, {
      kind: "receive",
      classId: gold,
      qty: "200",
      unitCost: "52.10",
      supplier: "Affinerie",
      day: "2026-11-02",
    });
  });

  afterAll(async () => {
    await s.close();
    await hooks.close();
  });

  /** A Shopify product with one unit at Paris, linked to a piece that is active in Loupe. */
  async function onSale(pieceId: string, sku: string) {
    const product = s.sim.state.seedProduct({
      shop: SHOP,
      title: `Bijou ${sku}`,
      variants: [{ sku, price: "1890.00", inventory: { Paris: 1 } }],
    });
    const v = product.variants[0]!;
    await db.piece.update({
      where: { id: pieceId },
      data: {
        productGid: product.productId,
        variantGid: v.variantId,
        inventoryItemGid: v.inventoryItemId,
        shopifyLocationGid: s.locations.Paris!,
        state: "active",
        taggedAt: new Date(),
      },
    });
    return v.variantId;
  }

  /** A job that issues 10 g of 18 k gold and 120.00 of labour, finished into a piece of 9.8 g. */
  async function madePiece(sku: string, day = "2026-11-05") {
    const job = await createJob(shopId, { title: `Bague ${sku}`, day });
    await recordMove(shopId, { kind: "issue", classId: gold, qty: "10", to: "job", jobId: job.jobId, day });
    await addJobCost(shopId, { jobId: job.jobId, kind: "labour", amount: "120", day });
    const done = await finishJob(shopId, { jobId: job.jobId, title: `Bague ${sku}`, inPiece: { [gold]: "9.8" }, day });
    return { ...done, jobId: job.jobId, variantId: await onSale(done.pieceId, sku) };
  }

  const order = (variantId: string) =>
    s.sim.state.createOrder({ shop: SHOP, location: "Paris", lines: [{ variantId, quantity: 1 }], paid: true });
  const lineOf = () =>
    (s.sim.webhooks.byTopic("orders/create").at(-1)!.payload as { line_items: { id: number }[] }).line_items[0]!.id;
  const entriesOf = (pieceId: string) =>
    db.materialPieceSale.findMany({ where: { shopId, pieceId }, orderBy: { createdAt: "asc" } });
  const csvLines = async () => (await R.exportCsv(shopId, null, null)).trim().split("\n").slice(1);

  test("selling a made piece takes its cost out of finished goods once, though orders/create, orders/paid and a redelivery all arrive", async () => {
    const made = await madePiece("FAB-1");
    // 10 g × 52.10 + 120.00 labour = 641.00
    expect(made.costMinor).toBe(64100n);
    const before = await R.finishedGoodsAt(shopId, new Date());
    const o = order(made.variantId);
    await s.sim.webhooks.idle();
    const create = s.sim.webhooks.deliveries.filter((d) => d.topic === "orders/create").at(-1)!;
    await s.sim.webhooks.redeliver(create.id);
    await s.sim.webhooks.idle();
    expect(hooks.statuses.every((st) => st === 200)).toBe(true);

    const rows = await entriesOf(made.pieceId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: "sale",
      costMinor: 64100n,
      orderName: o.name,
      jobId: made.jobId,
      deferredFrom: null,
    });
    const sale = await db.pieceSale.findFirstOrThrow({ where: { pieceId: made.pieceId } });
    expect(rows[0]!.effectiveAt.toISOString()).toBe(sale.soldAt.toISOString());

    const after = await R.finishedGoodsAt(shopId, new Date());
    expect(after.valueMinor).toBe(before.valueMinor - 64100n);
    expect(after.count).toBe(before.count - 1);
    // The valuation at a date before the sale still carries it.
    const eve = new Date(sale.soldAt.getTime() - 1);
    expect((await R.valuationAt(shopId, eve)).finished.valueMinor).toBe(before.valueMinor);

    const { entries } = await R.accountingEntries(shopId, null, null);
    const out = entries.filter((e) => e.label.includes("Sortie de stock produit fini"));
    expect(out).toHaveLength(1);
    expect(out[0]!.lines).toEqual([
      { role: "finishedVariation", debitMinor: 64100n, creditMinor: 0n },
      { role: "finished", debitMinor: 0n, creditMinor: 64100n },
    ]);
    const csv = (await csvLines()).filter((l) => l.includes(o.name));
    expect(csv).toHaveLength(2);
    expect(csv[0]).toContain(",71355,");
    expect(csv[0]).toContain(",641.00,0.00,EUR");
    expect(csv[1]).toContain(",355,");
    expect(csv[1]).toContain(",0.00,641.00,EUR");
  });

  test("a refund with restock brings the cost back on the refund's date with its own entry; the sale's entry stays", async () => {
    const made = await madePiece("FAB-2");
    const o = order(made.variantId);
    await s.sim.webhooks.idle();
    const saleEntry = (await entriesOf(made.pieceId))[0]!;
    const before = await R.finishedGoodsAt(shopId, new Date());
    s.sim.state.refundOrder({
      shop: SHOP,
      orderId: o.orderId,
      lines: [{ lineItemId: lineOf(), quantity: 1, restock: true }],
    });
    await s.sim.webhooks.idle();
    // Shopify retries: the refund arrives again.
    const refund = s.sim.webhooks.deliveries.filter((d) => d.topic === "refunds/create").at(-1)!;
    await s.sim.webhooks.redeliver(refund.id);
    await s.sim.webhooks.idle();

    const rows = await entriesOf(made.pieceId);
    expect(rows.map((r) => r.kind)).toEqual(["sale", "return"]);
    expect(rows[0]).toEqual(saleEntry);
    const refundAt = new Date((refund.payload as { created_at: string }).created_at);
    expect(rows[1]).toMatchObject({ costMinor: 64100n, eventAt: refundAt, effectiveAt: refundAt });
    expect((await R.finishedGoodsAt(shopId, new Date())).valueMinor).toBe(before.valueMinor + 64100n);

    const { entries } = await R.accountingEntries(shopId, null, null);
    const back = entries.filter((e) => e.label.includes(`Retour en stock produit fini`) && e.label.includes(o.name));
    expect(back).toHaveLength(1);
    expect(back[0]!.lines).toEqual([
      { role: "finished", debitMinor: 64100n, creditMinor: 0n },
      { role: "finishedVariation", debitMinor: 0n, creditMinor: 64100n },
    ]);
    // Inspected, released, and sold again later: a new sale, a new entry.
    const { transitionPiece } = await import("../../../app/services/catalog/piece-changes.server");
    expect(
      await transitionPiece(shopId, made.pieceId, "active", actor, { reason: "inspected", release: true }),
    ).toMatchObject({ ok: true });
    order(made.variantId);
    await s.sim.webhooks.idle();
    expect((await entriesOf(made.pieceId)).map((r) => r.kind)).toEqual(["sale", "return", "sale"]);
  });

  test("a cancellation brings the cost back once", async () => {
    const made = await madePiece("FAB-3");
    const o = order(made.variantId);
    await s.sim.webhooks.idle();
    s.sim.state.cancelOrder({ shop: SHOP, orderId: o.orderId, restock: true });
    await s.sim.webhooks.idle();
    const cancelled = s.sim.webhooks.deliveries.filter((d) => d.topic === "orders/cancelled").at(-1)!;
    await s.sim.webhooks.redeliver(cancelled.id);
    await s.sim.webhooks.idle();
    const rows = await entriesOf(made.pieceId);
    expect(rows.map((r) => r.kind)).toEqual(["sale", "return"]);
    expect(rows[1]!.eventAt.toISOString()).toBe(
      new Date((cancelled.payload as { cancelled_at: string }).cancelled_at).toISOString(),
    );
  });

  test("out of order: a refund or a cancellation delivered before its order books nothing at all", async () => {
    const refunded = await madePiece("FAB-4");
    s.sim.webhooks.hold();
    const o = order(refunded.variantId);
    s.sim.state.refundOrder({
      shop: SHOP,
      orderId: o.orderId,
      lines: [{ lineItemId: lineOf(), quantity: 1, restock: true }],
    });
    await s.sim.webhooks.release("reverse");
    await s.sim.webhooks.idle();
    expect(await entriesOf(refunded.pieceId)).toHaveLength(0);

    const cancelled = await madePiece("FAB-5");
    s.sim.webhooks.hold();
    const o2 = order(cancelled.variantId);
    s.sim.state.cancelOrder({ shop: SHOP, orderId: o2.orderId, restock: true });
    await s.sim.webhooks.release("reverse");
    await s.sim.webhooks.idle();
    expect(await entriesOf(cancelled.pieceId)).toHaveLength(0);
    expect(await db.piece.findUniqueOrThrow({ where: { id: cancelled.pieceId } })).toMatchObject({ state: "active" });
  });

  test("a piece bought, not made, books nothing in the materials ledger when sold", async () => {
    const bought = await makePiece(
      shopId,
      { title: "Bague achetée", costMinor: 50000n, state: "receiving", acquiredAt: new Date() },
      { actor },
    );
    const variantId = await onSale(bought.pieceId, "ACHAT-1");
    const countBefore = await db.materialPieceSale.count({ where: { shopId } });
    const entriesBefore = (await R.accountingEntries(shopId, null, null)).entries.length;
    order(variantId);
    await s.sim.webhooks.idle();
    expect(await db.pieceSale.count({ where: { pieceId: bought.pieceId } })).toBe(1);
    expect(await db.materialPieceSale.count({ where: { shopId } })).toBe(countBefore);
    expect((await R.accountingEntries(shopId, null, null)).entries.length).toBe(entriesBefore);
  });

  test("a back-dated move re-costs the piece and its sale entry while both are in an open period", async () => {
    const made = await madePiece("FAB-6", "2026-11-10");
    order(made.variantId);
    await s.sim.webhooks.idle();
    const sale = (await entriesOf(made.pieceId))[0]!;
    const job = await db.materialJob.findUniqueOrThrow({ where: { id: made.jobId } });
    expect(sale.costMinor).toBe(job.costMinor);
    // A forgotten invoice of cheaper gold, dated first: FIFO now issues it to the earliest job.
    await recordMove(shopId, {
      kind: "receive",
      classId: gold,
      qty: "200",
      unitCost: "40",
      supplier: "Comptoir",
      day: "2026-11-01",
    });
    const recosted = await db.materialJob.findUniqueOrThrow({ where: { id: made.jobId } });
    expect(recosted.costMinor).not.toBe(job.costMinor);
    const after = (await entriesOf(made.pieceId))[0]!;
    expect(after.costMinor).toBe(recosted.costMinor);
    expect(after.id).toBe(sale.id);
    // Every entry of the export stays balanced.
    for (const entry of (await R.accountingEntries(shopId, null, null)).entries) {
      expect(entry.lines.reduce((sum, l) => sum + l.debitMinor - l.creditMinor, 0n)).toBe(0n);
    }
  });

  test("a sale dated in a closed period is booked on the first open day and says so; the FEC carries it", async () => {
    const { applyOrder } = await import("../../../app/services/sync/sales.server");
    const made = await madePiece("FAB-7", "2026-11-06");
    ok(await S.closePeriod(shopId, "2026-11-08", actor));
    const numeric = (gid: string) => Number(gid.split("/").at(-1));
    // An order placed on the 7th reaches Loupe after the accountant closed the period through the 8th.
    const payload = {
      id: 990001,
      admin_graphql_api_id: "gid://shopify/Order/990001",
      name: "#9001",
      created_at: "2026-11-07T15:00:00Z",
      updated_at: "2026-11-07T15:00:00Z",
      currency: "EUR",
      line_items: [{ id: 880001, variant_id: numeric(made.variantId), quantity: 1, price: "1890.00" }],
    };
    const webhook = { kind: "webhook", name: "Shopify webhook orders/paid" } as const;
    expect((await applyOrder(SHOP, payload, "orders/paid", webhook, "test-1")).sold).toEqual([made.pieceId]);
    expect((await applyOrder(SHOP, payload, "orders/paid", webhook, "test-2")).sold).toEqual([]);
    const rows = await entriesOf(made.pieceId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.effectiveAt.toISOString()).toBe("2026-11-09T00:00:00.000Z");
    expect(rows[0]!.deferredFrom!.toISOString()).toBe("2026-11-07T15:00:00.000Z");

    ok(await E.validateEntries(shopId, "2026-11-30", actor));
    for (const receipt of await db.materialMove.findMany({ where: { shopId, purpose: "receipt" } }))
      ok(await E.addReceiptDocument(shopId, receipt.id, `BL-${receipt.id.slice(-6)}`, actor));
    const fec = ok(await R.exportFec(shopId, "2026-11-01", "2026-11-30"));
    const lines = fec.body.split("\r\n").filter((l) => l.includes("#9001"));
    expect(lines).toHaveLength(2);
    const cols = lines.map((l) => l.split("\t"));
    expect(cols[0]![3]).toBe("20261109");
    expect(cols[0]![4]).toBe("71355");
    expect(cols[1]![4]).toBe("355");
    expect(cols[0]![10]).toContain("du 2026-11-07, période close: comptabilisé au 2026-11-09");
    expect(cols[0]![11]).toBe(cols[1]![12]);
    expect(cols[0]![11]).not.toBe("0,00");
    // A back-dated move that would re-cost that piece now touches a closed period: refused, nothing written.
    const movesBefore = await db.materialMove.count({ where: { shopId } });
    const refused = await S.recordMove(
      shopId,
      { kind: "receive", classId: gold, qty: "5", unitCost: "10", supplier: "Comptoir", day: "2026-10-30" },
      actor,
    );
    expect(refused).toMatchObject({ ok: false });
    expect(await db.materialMove.count({ where: { shopId } })).toBe(movesBefore);
  });

  test("a written-down piece's allowance is released when it is sold: the reversal is booked on the sale", async () => {
    const piece = await makePiece(
      shopId,
      { title: "Bague dépréciée", costMinor: 64100n, state: "receiving", acquiredAt: new Date() },
      { actor },
    );
    await db.piece.update({ where: { id: piece.pieceId }, data: { priceMinor: 50000n, currency: "EUR" } });
    // Net realisable value 500.00 less 15 % costs to sell = 425.00 against 641.00 of cost: 216.00
    const today = new Date().toISOString().slice(0, 10);
    const booked = ok(
      await R.bookImpairment(
        shopId,
        { target: "piece", id: piece.pieceId, justification: "Prix de vente baissé sous le coût", day: today },
        actor,
      ),
    );
    expect(booked).toMatchObject({ kind: "writedown", amountMinor: 21600n });
    const variantId = await onSale(piece.pieceId, "DEPR-1");
    order(variantId);
    await s.sim.webhooks.idle();
    const rows = await db.materialImpairment.findMany({
      where: { shopId, pieceId: piece.pieceId },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => [r.kind, r.amountMinor])).toEqual([
      ["writedown", 21600n],
      ["reversal", 21600n],
    ]);
    expect(
      await db.auditLog.count({
        where: { shopId, action: "materials.impairment_released_on_sale", entityId: piece.pieceId },
      }),
    ).toBe(1);
    // The reversal is an entry (keyed by its impairment row, referenced by the piece's tag):
    // Dr allowance on finished goods, Cr reversals of impairment.
    const { entries } = await R.accountingEntries(shopId, null, null);
    const reversal = entries.find((e) => e.key === `impairment:${rows[1]!.id}`)!;
    expect(reversal).toMatchObject({ ref: piece.tagCode, journal: "impairment" });
    expect(reversal.lines.map((l) => [l.role, l.debitMinor, l.creditMinor])).toEqual([
      ["allowanceFinished", 21600n, 0n],
      ["impairmentReversal", 0n, 21600n],
    ]);
  });
});
