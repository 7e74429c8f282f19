// A large import's products go to Shopify through ONE bulk operation (productSet by handle
// loupe-<tag code>), on both engines, against the simulator: the pieces are linked from the result
// file, stock follows through the inventory API, a line Shopify refused is reported by CSV row and
// can be retried, and the finish webhook racing the poller, a rerun, or a dead applier apply once.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { ENGINES, TMP } from "../../setup/databases";
import { makeLocation } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { adminRequest, APP_URL, installShop, routeArgs, settle, webhookRequest } from "../helpers/shopify";
import { simulatedShop, type SimShop } from "../helpers/simulator";

type Answer = {
  ok: boolean;
  message?: string;
  batchId?: string;
  status?: string;
  mapping?: Record<string, number>;
  retried?: number;
  mode?: string;
};

const HEADER = "Référence;Désignation;Métal;Titre;Poids brut (g);Pierre;Carats;Emplacement;Prix de vente;Créer produit";

/** `rows` new pieces wanting a product; `at` picks each row's location path. */
function stockList(prefix: string, rows: number, at: (i: number) => string = () => "Boutique"): string {
  const lines = [HEADER];
  for (let i = 1; i <= rows; i++) {
    // Two pieces with a stone: their record references metaobjects, mirrored after the product exists.
    const stone = i <= 2 ? "diamant;0,250" : ";";
    lines.push(
      `${prefix}-${String(i).padStart(5, "0")};Bague ${prefix} n°${i};or;750;2,5;${stone};${at(i)};${1000 + i},50;oui`,
    );
  }
  return lines.join("\r\n");
}

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `bulk-import-${engine}.myshopify.com`;
  let s: SimShop;
  let db: App["db"];
  let route: typeof import("../../../app/routes/app.import");
  let webhook: typeof import("../../../app/routes/webhooks.bulk_operations.finish");
  let bulk: typeof import("../../../app/shopify/bulk-products.server");
  let worker: App["worker"];
  let pieces: App["pieces"];
  let shopId: string;
  const camille = { kind: "admin", name: "Camille" } as const;

  beforeAll(async () => {
    process.env.LOUPE_IMPORT_DIR = mkdtempSync(join(TMP, "imports-bulk-"));
    ({ db, worker, pieces } = await appOn(engine));
    shopId = (await installShop(SHOP)).id;
    // Plus: the one-by-one paths (stock, retries) are not slowed by the rate limit; the bulk path never is.
    s = await simulatedShop(SHOP, { plan: "plus", locations: ["Boutique"] });
    route = await import("../../../app/routes/app.import");
    webhook = await import("../../../app/routes/webhooks.bulk_operations.finish");
    bulk = await import("../../../app/shopify/bulk-products.server");
    await makeLocation(shopId, { name: "Boutique", kind: "site", shopifyLocationGid: s.locations.Boutique! }, camille);
    // A Loupe location still mapped to a Shopify location that was removed: Shopify refuses its lines.
    await makeLocation(
      shopId,
      { name: "Ancien dépôt", kind: "site", shopifyLocationGid: "gid://shopify/Location/999999" },
      camille,
    );
  });

  afterAll(async () => {
    await s.close();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Runs `before` just before the JSONL upload (the only POST that is not a GraphQL call), then `upload`. */
  function aroundUpload(before: () => Promise<void>, upload?: () => Promise<Response>): void {
    const real = globalThis.fetch;
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (init?.method === "POST" && !url.includes("/graphql.json")) {
        await before();
        if (upload) return upload();
      }
      return real(input, init);
    });
  }

  async function call(body: unknown, locale = "en") {
    const { response } = await settle(() =>
      route.action(
        routeArgs(
          adminRequest("/app/import", SHOP, { method: "POST", body: JSON.stringify(body), search: { locale } }),
        ),
      ),
    );
    return { status: response!.status, body: (await response!.json()) as Answer };
  }

  /** Upload, dry run and import to the end, as the page does. */
  async function importFile(text: string): Promise<string> {
    const data = new FormData();
    data.set("file", new File([new TextEncoder().encode(text)], "stock.csv", { type: "text/csv" }));
    data.set("encoding", "utf-8");
    const { response } = await settle(() =>
      route.action(routeArgs(adminRequest("/app/import", SHOP, { method: "POST", body: data }))),
    );
    const up = (await response!.json()) as Answer;
    expect((await call({ intent: "check", batchId: up.batchId, columns: up.mapping })).body).toMatchObject({
      ok: true,
      status: "checked",
    });
    let answer = await call({ intent: "run", batchId: up.batchId });
    while (answer.body.status === "importing") answer = await call({ intent: "run", batchId: up.batchId });
    expect(answer.body.status).toBe("done");
    return up.batchId!;
  }

  /** Tag attached, then on sale: the piece is active (it has no inventory item until its product exists). */
  async function putOnSale(pieceId: string): Promise<void> {
    expect((await pieces.markTagged(shopId, pieceId, camille)).ok).toBe(true);
    expect((await pieces.transitionPiece(shopId, pieceId, "active", camille, { reason: "on the shelf" })).ok).toBe(
      true,
    );
  }

  const later = () => new Date(Date.now() + 60_000);
  const opsOf = (importBatchId: string) =>
    db.shopifyBulkOperation.findMany({ where: { shopId, importBatchId }, orderBy: { createdAt: "asc" } });
  const piecesOf = (prefix: string) =>
    db.piece.findMany({ where: { shopId, sku: { startsWith: `${prefix}-` } }, orderBy: { sku: "asc" } });

  /** Starts what is ready, lets the simulator finish, and applies the results. */
  async function runBulk(): Promise<void> {
    await bulk.advanceBulkOperations({ shopId });
    await s.sim.bulk.idle();
    await bulk.advanceBulkOperations({ shopId, now: later() });
  }

  test("600 new products go to Shopify as one bulk operation; pieces are linked, refused lines reported by row, stock follows", async () => {
    const text = stockList("BLK", 600, (i) => (i === 17 ? "Ancien dépôt" : "Boutique"));
    const batchId = await importFile(text);
    const [op] = await opsOf(batchId);
    // Who started it: the person whose session ran the import.
    expect(op).toMatchObject({ status: "ready", lineCount: 600, startedBy: "Sim Staff" });
    // Held for the operation: the one-by-one worker leaves them alone.
    expect(
      await db.outboxEntry.count({
        where: { shopId, kind: "product.create", status: bulk.HELD_FOR_BULK, lockedBy: `bulk:${op!.id}` },
      }),
    ).toBe(600);
    expect(await worker.drainOutbox({ shopId })).toEqual({ delivered: 0, retried: 0, dead: 0 });

    // Staff tag 150 pieces and put them on sale while Shopify works: they are active, with no inventory item yet.
    const mine = await piecesOf("BLK");
    const tagged = mine.filter((p) => p.sku !== "BLK-00017").slice(0, 150);
    for (const p of tagged) await putOnSale(p.id);

    expect(await bulk.advanceBulkOperations({ shopId })).toMatchObject({ started: 1 });
    const running = await db.shopifyBulkOperation.findUniqueOrThrow({ where: { id: op!.id } });
    expect(running).toMatchObject({
      status: "running",
      shopifyGid: expect.stringMatching(/^gid:\/\/shopify\/BulkOperation\//),
    });
    await s.sim.bulk.idle();
    expect(await bulk.advanceBulkOperations({ shopId, now: later() })).toMatchObject({ applied: 1 });

    const counts = s.sim.state.requestCounts({ shop: SHOP });
    expect(counts).toMatchObject({ stagedUploadsCreate: 1, bulkOperationRunMutation: 1, bulkOperation: 1 });
    expect(counts.productCreate ?? 0).toBe(0);
    const done = await db.shopifyBulkOperation.findUniqueOrThrow({ where: { id: op!.id } });
    expect(done).toMatchObject({
      status: "done",
      shopifyStatus: "COMPLETED",
      objectCount: 600,
      appliedLines: 600,
      linkedCount: 599,
    });
    const after = await piecesOf("BLK");
    expect(after.filter((p) => p.variantGid !== null)).toHaveLength(599);
    const refused = after.find((p) => p.sku === "BLK-00017")!;
    expect(refused.variantGid).toBeNull();
    expect(JSON.parse(done.failedLines)).toEqual([
      {
        row: 18,
        pieceId: refused.id,
        tagCode: refused.tagCode,
        code: "REFUSED",
        reason: expect.stringContaining("Location does not exist"),
      },
    ]);

    // The product is the piece's own: draft, its handle, its price and SKU, overselling denied, public metafields.
    const linked = after.find((p) => p.sku === "BLK-00003")!;
    const product = s.sim.state.shop(SHOP).products.get(Number(linked.productGid!.split("/").pop()))!;
    expect(product).toMatchObject({
      handle: `loupe-${linked.tagCode.toLowerCase()}`,
      title: "Bague BLK n°3",
      status: "DRAFT",
    });
    const variant = s.sim.state.shop(SHOP).variants.get(Number(linked.variantGid!.split("/").pop()))!;
    expect(variant).toMatchObject({ price: "1003.50", inventoryPolicy: "DENY" });
    const fields = Object.fromEntries(
      s.sim.state.metafields({ shop: SHOP, ownerId: linked.productGid! }).map((m) => [m.key, m.value]),
    );
    expect(fields).toMatchObject({
      fineness: "750",
      gross_weight: '{"value":2.5,"unit":"GRAMS"}',
      provenance_url: `https://${SHOP}/apps/loupe/${linked.publicToken}`,
    });

    // Stock: one inventory.adjust row per 100 lines applied, many changes each; only the tagged pieces count.
    const stockRows = await db.outboxEntry.findMany({
      where: { shopId, kind: "inventory.adjust", idempotencyKey: { startsWith: `bulk-stock-${op!.id}-` } },
    });
    expect(stockRows.reduce((n, r) => n + (JSON.parse(r.payload) as { changes: unknown[] }).changes.length, 0)).toBe(
      150,
    );
    expect(stockRows.length).toBeLessThanOrEqual(3);
    const drained = await worker.drainOutbox({ shopId });
    expect(drained.dead).toBe(0);
    const levels = new Map(
      s.sim.state.inventoryLevels({ shop: SHOP }).map((l) => [l.inventoryItemId, l.quantities.available]),
    );
    for (const p of after.filter((x) => x.variantGid))
      expect(levels.get(p.inventoryItemGid!)).toBe(tagged.some((t) => t.id === p.id) ? 1 : 0);
    // The two pieces with a stone were mirrored once their product existed.
    const stoned = after.find((p) => p.sku === "BLK-00001")!;
    expect(
      JSON.parse(
        s.sim.state.metafields({ shop: SHOP, ownerId: stoned.productGid! }).find((m) => m.key === "stones")!.value,
      ),
    ).toHaveLength(1);

    // The page shows the refused line by CSV row, in French.
    const page = await route.loader(
      routeArgs(adminRequest("/app/import", SHOP, { search: { batch: batchId, locale: "fr" } })),
    );
    expect(page.bulk).toEqual([
      expect.objectContaining({
        status: "done",
        lineCount: 600,
        objectCount: 600,
        linkedCount: 599,
        failedCount: 1,
        failed: [
          {
            row: 18,
            tagCode: refused.tagCode,
            message: expect.stringMatching(/^Shopify a refusé le produit\u202f: .*Location does not exist/),
          },
        ],
      }),
    ]);

    // The merchant maps the old store to the shop's location; the one line is sent again, one by one.
    await db.piece.update({ where: { id: refused.id }, data: { shopifyLocationGid: s.locations.Boutique! } });
    const retried = await call({ intent: "bulk-retry", operationId: op!.id }, "fr");
    expect(retried).toEqual({
      status: 200,
      body: { ok: true, retried: 1, mode: "one-by-one", message: "1 produit renvoyé." },
    });
    expect((await call({ intent: "bulk-retry", operationId: op!.id })).status).toBe(409);
    await worker.drainOutbox({ shopId });
    const fixed = await db.piece.findUniqueOrThrow({ where: { id: refused.id } });
    expect(fixed.productGid).toMatch(/^gid:\/\/shopify\/Product\//);
    expect(
      [...s.sim.state.shop(SHOP).products.values()].filter(
        (p) => p.handle === `loupe-${refused.tagCode.toLowerCase()}`,
      ),
    ).toHaveLength(1);
  });

  test("the finish webhook and the poller racing apply the result once; a redelivery, a rerun and a second pass change nothing", async () => {
    const batchId = await importFile(stockList("RCE", 260));
    const [op] = await opsOf(batchId);
    const toTag = (await piecesOf("RCE")).slice(0, 30);
    for (const p of toTag) await putOnSale(p.id);
    await bulk.advanceBulkOperations({ shopId });
    await s.sim.bulk.idle();
    const { shopifyGid } = await db.shopifyBulkOperation.findUniqueOrThrow({ where: { id: op!.id } });
    const delivery = s.sim.webhooks
      .byTopic("bulk_operations/finish")
      .find((d) => (d.payload as { admin_graphql_api_id: string }).admin_graphql_api_id === shopifyGid)!;
    expect(delivery.payload).toMatchObject({ status: "completed", type: "mutation" });
    const asShopifySends = (id = delivery.headers["X-Shopify-Webhook-Id"]!) =>
      new Request(new URL("/webhooks/bulk_operations/finish", APP_URL()), {
        method: "POST",
        body: delivery.body,
        headers: { ...delivery.headers, "X-Shopify-Webhook-Id": id },
      });

    const [hook] = await Promise.all([
      webhook.action(routeArgs(asShopifySends())),
      bulk.advanceBulkOperations({ shopId, now: later() }),
    ]);
    expect(hook.status).toBe(200);
    const finished = await db.auditLog.count({ where: { shopId, action: "bulk.finished", entityId: op!.id } });
    expect(finished).toBe(1);
    const ids = (await piecesOf("RCE")).map((p) => p.id);
    const links = () =>
      db.auditLog.count({ where: { shopId, action: "piece.linked_to_shopify", entityId: { in: ids } } });
    expect(await links()).toBe(260);

    // The same delivery again (same id), a new delivery of the same event, and another poll.
    expect((await webhook.action(routeArgs(asShopifySends()))).status).toBe(200);
    expect((await webhook.action(routeArgs(asShopifySends(`${delivery.id}-again`)))).status).toBe(200);
    expect(await bulk.advanceBulkOperations({ shopId, now: later() })).toMatchObject({ checked: 0, applied: 0 });
    expect(await links()).toBe(260);
    const stock = await db.outboxEntry.findMany({
      where: { shopId, kind: "inventory.adjust", idempotencyKey: { startsWith: `bulk-stock-${op!.id}-` } },
    });
    expect(stock.reduce((n, r) => n + (JSON.parse(r.payload) as { changes: unknown[] }).changes.length, 0)).toBe(30);

    // Shopify created these products but Loupe never saw the answer (say, it crashed first): the
    // same lines run again upsert by handle, so the pieces find their products and none is doubled.
    const lost = (await piecesOf("RCE")).slice(250);
    const before = new Map(lost.map((p) => [p.id, p.productGid]));
    await db.piece.updateMany({
      where: { id: { in: lost.map((p) => p.id) } },
      data: { productGid: null, variantGid: null, inventoryItemGid: null },
    });
    const productsBefore = s.sim.state.shop(SHOP).products.size;
    await db.shopifyBulkOperation.create({
      data: {
        shopId,
        status: "ready",
        lines: JSON.stringify(lost.map((p, i) => ({ pieceId: p.id, row: 252 + i }))),
        lineCount: lost.length,
        startedBy: "test",
      },
    });
    await runBulk();
    expect(s.sim.state.shop(SHOP).products.size).toBe(productsBefore);
    for (const p of await db.piece.findMany({ where: { id: { in: lost.map((x) => x.id) } } }))
      expect(p.productGid).toBe(before.get(p.id));
  });

  test("an applier that died mid-way is taken over when its lease runs out, and only then", async () => {
    const batchId = await importFile(stockList("DIE", 270));
    const [op] = await opsOf(batchId);
    await bulk.advanceBulkOperations({ shopId });
    await s.sim.bulk.idle();
    // Another instance claimed the finished operation and died without a word.
    const leaseEnds = new Date(Date.now() + 120_000);
    await db.shopifyBulkOperation.update({
      where: { id: op!.id },
      data: { status: "applying", lockedBy: "dead-instance", lockedUntil: leaseEnds },
    });
    // Instants relative to the lease, not to the clock: however slow the machine, 1 ms before it ends.
    expect(await bulk.advanceBulkOperations({ shopId, now: new Date(leaseEnds.getTime() - 1) })).toMatchObject({
      checked: 0,
    });
    expect((await piecesOf("DIE")).filter((p) => p.variantGid)).toHaveLength(0);
    expect(await bulk.advanceBulkOperations({ shopId, now: new Date(leaseEnds.getTime() + 1) })).toMatchObject({
      applied: 1,
    });
    expect((await piecesOf("DIE")).filter((p) => p.variantGid)).toHaveLength(270);
  });

  test("an operation Shopify stops (TIMEOUT) reports the lines it never ran; many are retried as a new bulk operation", async () => {
    s.sim.faults.inject({ kind: "bulk-fail", errorCode: "TIMEOUT", afterLines: 20 });
    const batchId = await importFile(stockList("TMO", 280));
    const [op] = await opsOf(batchId);
    await runBulk();
    const failed = await db.shopifyBulkOperation.findUniqueOrThrow({ where: { id: op!.id } });
    expect(failed).toMatchObject({ status: "done", shopifyStatus: "FAILED", errorCode: "TIMEOUT", linkedCount: 20 });
    const notRun = JSON.parse(failed.failedLines) as { code: string; reason: string; row: number }[];
    expect(notRun).toHaveLength(260);
    expect(notRun[0]).toMatchObject({ code: "NOT_RUN", reason: "FAILED TIMEOUT", row: 22 });
    const page = await route.loader(
      routeArgs(adminRequest("/app/import", SHOP, { search: { batch: batchId, locale: "en" } })),
    );
    expect(page.bulk[0]!.failed[0]!.message).toBe("Not created: the bulk operation stopped (FAILED TIMEOUT).");

    expect((await call({ intent: "bulk-retry", operationId: op!.id })).body).toMatchObject({
      ok: true,
      retried: 260,
      mode: "bulk",
    });
    await runBulk();
    const ops = await opsOf(batchId);
    expect(ops.map((o) => [o.status, o.linkedCount])).toEqual([
      ["done", 20],
      ["done", 260],
    ]);
    expect((await piecesOf("TMO")).every((p) => p.variantGid !== null)).toBe(true);
    const keys = (await piecesOf("TMO")).map((p) => `product-create-${p.id}`);
    expect(
      await db.outboxEntry.count({
        where: { shopId, kind: "product.create", status: "done", idempotencyKey: { in: keys } },
      }),
    ).toBe(280);
  });

  test("a starter whose claim was taken over during the upload cancels the operation it started; the owner's run makes each product once", async () => {
    const batchId = await importFile(stockList("LST", 260));
    const [op] = await opsOf(batchId);
    // The upload was slow: another instance took the row over meanwhile (it holds it now).
    aroundUpload(async () => {
      await db.shopifyBulkOperation.update({ where: { id: op!.id }, data: { lockedBy: "other-instance" } });
    });
    expect(await bulk.advanceBulkOperations({ shopId })).toMatchObject({ started: 0, failed: 0 });
    vi.restoreAllMocks();
    expect(await db.shopifyBulkOperation.findUniqueOrThrow({ where: { id: op!.id } })).toMatchObject({
      status: "starting",
      lockedBy: "other-instance",
      shopifyGid: null,
    });
    expect(s.sim.state.requestCounts({ shop: SHOP }).bulkOperationCancel).toBe(1);
    expect(await db.auditLog.count({ where: { shopId, action: "bulk.started", entityId: op!.id } })).toBe(0);
    await s.sim.bulk.idle();

    // The other instance died too: its lease runs out, and the next run starts and applies the lines.
    await db.shopifyBulkOperation.update({ where: { id: op!.id }, data: { lockedUntil: new Date(Date.now() - 1) } });
    await runBulk();
    expect(await db.shopifyBulkOperation.findUniqueOrThrow({ where: { id: op!.id } })).toMatchObject({
      status: "done",
      linkedCount: 260,
    });
    const mine = await piecesOf("LST");
    const handles = [...s.sim.state.shop(SHOP).products.values()].map((p) => p.handle);
    // Lines the canceled operation ran first are found again by their handle: one product each.
    for (const p of mine)
      expect(
        handles.filter(
          (h) => h === `loupe-${p.tagCode.toLowerCase()}` || h.startsWith(`loupe-${p.tagCode.toLowerCase()}-`),
        ),
      ).toEqual([`loupe-${p.tagCode.toLowerCase()}`]);
    expect(new Set(mine.map((p) => p.productGid)).size).toBe(260);
  });

  test("a handle is sent as Shopify stores it", async () => {
    const { productHandle } = await import("../../../app/shopify/products.server");
    expect(productHandle("AB12C3")).toBe("loupe-ab12c3");
    expect(productHandle(" Bague.Or  18K ")).toBe("loupe-bague-or-18k");
    expect(productHandle("Éclat")).toBe("loupe-eclat");
  });

  test("a file Shopify cannot see yet right after the upload is tried again, not failed; a vanished operation is reported in the reader's language", async () => {
    const batchId = await importFile(stockList("NSF", 255));
    const [op] = await opsOf(batchId);
    // The upload answered but the file is not there (yet): bulkOperationRunMutation says NO_SUCH_FILE.
    aroundUpload(
      async () => {},
      async () => new Response(null, { status: 204 }),
    );
    expect(await bulk.advanceBulkOperations({ shopId })).toMatchObject({ started: 0, failed: 0 });
    vi.restoreAllMocks();
    const waiting = await db.shopifyBulkOperation.findUniqueOrThrow({ where: { id: op!.id } });
    expect(waiting).toMatchObject({
      status: "ready",
      attempts: 1,
      failedLines: "[]",
      lastError: expect.stringContaining("NO_SUCH_FILE"),
    });
    expect(await bulk.advanceBulkOperations({ shopId, now: later() })).toMatchObject({ started: 1 });

    // Shopify no longer knows the operation: every line is failed with a reason of Loupe's, shown translated.
    await s.sim.bulk.idle();
    await db.shopifyBulkOperation.update({
      where: { id: op!.id },
      data: { shopifyGid: "gid://shopify/BulkOperation/987654321" },
    });
    expect(await bulk.advanceBulkOperations({ shopId, now: later() })).toMatchObject({ checked: 1 });
    const failed = await db.shopifyBulkOperation.findUniqueOrThrow({ where: { id: op!.id } });
    expect(failed.status).toBe("failed");
    expect(JSON.parse(failed.failedLines)[0]).toMatchObject({ code: "NOT_RUN", reasonCode: "UNKNOWN_OPERATION" });
    const fr = await route.loader(
      routeArgs(adminRequest("/app/import", SHOP, { search: { batch: batchId, locale: "fr" } })),
    );
    expect(fr.bulk[0]!.failed[0]!.message).toBe("Non créé\u202f: Shopify ne connaît plus cette opération groupée.");
    const en = await route.loader(
      routeArgs(adminRequest("/app/import", SHOP, { search: { batch: batchId, locale: "en" } })),
    );
    expect(en.bulk[0]!.failed[0]!.message).toBe("Not created: Shopify no longer knows this bulk operation.");
    // Retried, the lines find the products the vanished operation made by their handle.
    expect((await call({ intent: "bulk-retry", operationId: op!.id })).body).toMatchObject({
      ok: true,
      retried: 255,
      mode: "bulk",
    });
    await runBulk();
    const mine = await piecesOf("NSF");
    expect(mine.every((p) => p.variantGid !== null)).toBe(true);
    expect(
      [...s.sim.state.shop(SHOP).products.values()].filter(
        (p) =>
          p.handle.startsWith("loupe-") && mine.some((m) => p.handle.startsWith(`loupe-${m.tagCode.toLowerCase()}-`)),
      ),
    ).toEqual([]);
  });

  test("sealing again an operation that has started (a second run reaching the end) leaves it as it is", async () => {
    const batchId = await importFile(stockList("SEA", 252));
    const [op] = await opsOf(batchId);
    await bulk.advanceBulkOperations({ shopId });
    expect(await db.shopifyBulkOperation.findUniqueOrThrow({ where: { id: op!.id } })).toMatchObject({
      status: "running",
    });
    const audits = await db.auditLog.count({ where: { shopId, action: "bulk.queued", entityId: op!.id } });
    await db.$transaction((tx) => bulk.sealBulk(tx, shopId, op!.id, camille));
    expect(await db.shopifyBulkOperation.findUniqueOrThrow({ where: { id: op!.id } })).toMatchObject({
      status: "running",
    });
    expect(await db.auditLog.count({ where: { shopId, action: "bulk.queued", entityId: op!.id } })).toBe(audits);
    await s.sim.bulk.idle();
    await bulk.advanceBulkOperations({ shopId, now: later() });
  });

  test("a finish webhook that is malformed is refused; one for an operation Loupe did not start changes nothing", async () => {
    const malformed = await settle(() =>
      webhook.action(routeArgs(webhookRequest("bulk_operations/finish", SHOP, { id: 1 }))),
    );
    expect(malformed.response!.status).toBe(400);
    const before = await db.auditLog.count({ where: { shopId } });
    const foreign = await settle(() =>
      webhook.action(
        routeArgs(
          webhookRequest("bulk_operations/finish", SHOP, {
            admin_graphql_api_id: "gid://shopify/BulkOperation/1",
            status: "completed",
            type: "query",
            error_code: null,
          }),
        ),
      ),
    );
    expect(foreign.response!.status).toBe(200);
    expect(await db.auditLog.count({ where: { shopId } })).toBe(before);
  });

  test("below the threshold an import keeps the one-by-one outbox path", async () => {
    const batchId = await importFile(stockList("SML", 40));
    expect(await opsOf(batchId)).toEqual([]);
    expect(
      await db.outboxEntry.count({
        where: {
          shopId,
          kind: "product.create",
          status: "pending",
          idempotencyKey: { in: (await piecesOf("SML")).map((p) => `product-create-${p.id}`) },
        },
      }),
    ).toBe(40);
  });
});
