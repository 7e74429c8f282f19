// Shopify bulk operations (ShopifyBulkOperation rows, one per JSONL file of product lines) and the
// product.create outbox rows each one holds while it carries their pieces. The life of a row is
// described in app/shopify/bulk-products.server.ts; each function here is one of its moves, made
// only from the states it names, so two workers racing leave one winner. Every call takes the shop,
// except the worker's look for due operations (see dueOperationsOfAllShops).
import { db, dbProvider, type Prisma, type Tx } from "../db.server";
import type { BulkLine, FailedLine } from "../domain/bulk/lines";
import { IDS_PER_QUERY } from "./piece-links.server";

export type BulkOperationRow = Prisma.ShopifyBulkOperationGetPayload<object>;

/** Outbox status of a product.create row an operation carries; lockedBy names the operation. */
export const HELD_FOR_BULK = "bulk";
const holderOf = (opId: string) => `bulk:${opId}`;
const productCreateKey = (pieceId: string) => `product-create-${pieceId}`;

/** The operation's lines (column `lines`, JSON), in the order of its JSONL file. */
export const linesOf = (op: Pick<BulkOperationRow, "lines">) => JSON.parse(op.lines) as BulkLine[];
/** The lines refused or never run (column `failedLines`, JSON). */
export const failedLinesOf = (op: Pick<BulkOperationRow, "failedLines">) => JSON.parse(op.failedLines) as FailedLine[];

// ------------------------------------------------------------------ reads

export async function findBulkOperation(shopId: string, opId: string, tx?: Tx): Promise<BulkOperationRow | null> {
  return (tx ?? db).shopifyBulkOperation.findFirst({ where: { id: opId, shopId } });
}

export async function bulkOperationOrThrow(shopId: string, opId: string, tx?: Tx): Promise<BulkOperationRow> {
  return (tx ?? db).shopifyBulkOperation.findFirstOrThrow({ where: { id: opId, shopId } });
}

export async function operationsOfImport(shopId: string, importBatchId: string): Promise<BulkOperationRow[]> {
  return db.shopifyBulkOperation.findMany({ where: { shopId, importBatchId }, orderBy: { createdAt: "asc" } });
}

export async function findOperationByShopifyGid(shopId: string, shopifyGid: string): Promise<BulkOperationRow | null> {
  return db.shopifyBulkOperation.findFirst({ where: { shopId, shopifyGid } });
}

/**
 * The operations due for a move (ready or running and due, or a dead worker's lease run out), with
 * their shop's domain. Across every shop unless `onlyShopId` is given, by design: one worker loop
 * serves all shops, and every move it then makes is scoped by the shop each row carries.
 */
export async function dueOperationsOfAllShops(now: Date, onlyShopId?: string, take = 20) {
  return db.shopifyBulkOperation.findMany({
    where: {
      ...(onlyShopId ? { shopId: onlyShopId } : {}),
      OR: [
        { status: { in: ["ready", "running"] }, nextCheckAt: { lte: now } },
        { status: { in: ["starting", "applying"] }, lockedUntil: { lt: now } },
      ],
    },
    orderBy: { createdAt: "asc" },
    take,
    include: { shop: { select: { domain: true } } },
  });
}

// ------------------------------------------------------------------ catalogue reads

/** The kind of an operation that reads the shop's catalogue with bulkOperationRunQuery. */
export const CATALOGUE_QUERY = "catalogue_query";

/** A read of the shop's catalogue, ready to start at the next advance (or at once by the caller). */
export async function insertCatalogueQuery(tx: Tx, shopId: string, startedBy: string): Promise<BulkOperationRow> {
  return tx.shopifyBulkOperation.create({
    data: { shopId, kind: CATALOGUE_QUERY, status: "ready", startedBy, nextCheckAt: new Date() },
  });
}

/** The shop's latest catalogue read, whatever its state. */
export async function latestCatalogueQuery(shopId: string): Promise<BulkOperationRow | null> {
  return db.shopifyBulkOperation.findFirst({
    where: { shopId, kind: CATALOGUE_QUERY },
    orderBy: { createdAt: "desc" },
  });
}

/** The latest catalogue read that ended with Shopify's whole answer stored (the one the page lists). */
export async function latestCompleteCatalogueQuery(shopId: string, tx?: Tx): Promise<BulkOperationRow | null> {
  return (tx ?? db).shopifyBulkOperation.findFirst({
    where: { shopId, kind: CATALOGUE_QUERY, status: "done", shopifyStatus: "COMPLETED" },
    orderBy: { createdAt: "desc" },
  });
}

/** A catalogue read still on its way (not done nor failed): a second one is not started beside it. */
export async function catalogueQueryUnderWay(tx: Tx, shopId: string): Promise<BulkOperationRow | null> {
  return tx.shopifyBulkOperation.findFirst({
    where: { shopId, kind: CATALOGUE_QUERY, status: { in: ["ready", "starting", "running", "applying"] } },
  });
}

/** Serialises the start of catalogue reads per shop (SQLite has one writer at a time already). */
export async function lockShopForCatalogueQuery(tx: Tx, shopId: string): Promise<void> {
  if (dbProvider() === "postgresql")
    await tx.$executeRaw`SELECT 1 FROM "Shop" WHERE "id" = ${shopId} FOR NO KEY UPDATE`;
}

/** Records the lines a catalogue read applied (its levels) and renews the applier's lease. */
export async function recordCatalogueProgress(
  tx: Tx,
  shopId: string,
  opId: string,
  workerId: string,
  progress: { lines: number; levels: number; lockedUntil: Date },
): Promise<boolean> {
  const moved = await tx.shopifyBulkOperation.updateMany({
    where: { id: opId, shopId, lockedBy: workerId },
    data: { appliedLines: progress.lines, linkedCount: progress.levels, lockedUntil: progress.lockedUntil },
  });
  return moved.count > 0;
}

// ------------------------------------------------------------------ collecting

export async function insertCollectingOperation(
  tx: Tx,
  shopId: string,
  importBatchId: string,
  startedBy: string,
): Promise<string> {
  const op = await tx.shopifyBulkOperation.create({ data: { shopId, importBatchId, startedBy } });
  return op.id;
}

/** An operation for lines known already (a retry): ready to start at the next advance. */
export async function insertReadyOperation(
  tx: Tx,
  shopId: string,
  data: { importBatchId: string | null; lines: BulkLine[]; startedBy: string },
): Promise<string> {
  const op = await tx.shopifyBulkOperation.create({
    data: {
      shopId,
      importBatchId: data.importBatchId,
      status: "ready",
      lines: JSON.stringify(data.lines),
      lineCount: data.lines.length,
      startedBy: data.startedBy,
    },
  });
  return op.id;
}

export async function collectingOperationId(shopId: string, importBatchId: string): Promise<string | null> {
  const op = await db.shopifyBulkOperation.findFirst({
    where: { shopId, importBatchId, status: "collecting" },
    select: { id: true },
  });
  return op?.id ?? null;
}

export async function appendLines(tx: Tx, shopId: string, opId: string, lines: BulkLine[]): Promise<void> {
  const op = await tx.shopifyBulkOperation.findFirstOrThrow({ where: { id: opId, shopId }, select: { lines: true } });
  const all = [...linesOf(op), ...lines];
  await tx.shopifyBulkOperation.updateMany({
    where: { id: opId, shopId },
    data: { lines: JSON.stringify(all), lineCount: all.length },
  });
}

/** collecting → ready (due now) or done (nothing in it); false when it was no longer collecting. */
export async function closeCollecting(tx: Tx, shopId: string, opId: string, next: "ready" | "done"): Promise<boolean> {
  const sealed = await tx.shopifyBulkOperation.updateMany({
    where: { id: opId, shopId, status: "collecting" },
    data: next === "ready" ? { status: "ready", nextCheckAt: new Date() } : { status: "done", finishedAt: new Date() },
  });
  return sealed.count > 0;
}

// ------------------------------------------------------------------ starting

/** ready (or starting with a dead starter's lease run out) → starting, for this worker. */
export async function claimForStart(
  shopId: string,
  opId: string,
  workerId: string,
  now: Date,
  lockedUntil: Date,
): Promise<boolean> {
  const claimed = await db.shopifyBulkOperation.updateMany({
    where: { id: opId, shopId, OR: [{ status: "ready" }, { status: "starting", lockedUntil: { lt: now } }] },
    data: { status: "starting", lockedBy: workerId, lockedUntil },
  });
  return claimed.count > 0;
}

const startedBy = (shopId: string, opId: string, workerId: string) => ({
  id: opId,
  shopId,
  status: "starting",
  lockedBy: workerId,
});

/** starting (this worker's) → ready again, after a start that failed. */
export async function releaseStart(shopId: string, opId: string, workerId: string): Promise<void> {
  await db.shopifyBulkOperation.updateMany({
    where: startedBy(shopId, opId, workerId),
    data: { status: "ready", lockedBy: null, lockedUntil: null },
  });
}

/** starting (this worker's) → done with no lines: every piece was deleted or linked meanwhile. */
export async function closeEmptyStart(shopId: string, opId: string, workerId: string): Promise<boolean> {
  const closed = await db.shopifyBulkOperation.updateMany({
    where: startedBy(shopId, opId, workerId),
    data: { status: "done", lines: "[]", lineCount: 0, lockedBy: null, lockedUntil: null, finishedAt: new Date() },
  });
  return closed.count > 0;
}

/** starting (this worker's) → running at Shopify; false when the claim was lost meanwhile. */
export async function recordRunning(
  tx: Tx,
  shopId: string,
  opId: string,
  workerId: string,
  run: { shopifyGid: string; shopifyStatus: string; stagedUploadPath: string; lines: BulkLine[]; nextCheckAt: Date },
): Promise<boolean> {
  const moved = await tx.shopifyBulkOperation.updateMany({
    where: startedBy(shopId, opId, workerId),
    data: {
      status: "running",
      lockedBy: null,
      lockedUntil: null,
      shopifyGid: run.shopifyGid,
      shopifyStatus: run.shopifyStatus,
      stagedUploadPath: run.stagedUploadPath,
      lines: JSON.stringify(run.lines),
      lineCount: run.lines.length,
      startedAt: new Date(),
      nextCheckAt: run.nextCheckAt,
      lastError: null,
    },
  });
  return moved.count > 0;
}

// ------------------------------------------------------------------ running

/** What Shopify said of a running operation, and when to ask again. */
export async function recordRemoteStatus(
  shopId: string,
  opId: string,
  remote: { shopifyStatus: string; objectCount: number; nextCheckAt: Date },
): Promise<void> {
  await db.shopifyBulkOperation.updateMany({
    where: { id: opId, shopId, status: "running" },
    data: remote,
  });
}

/** A move that failed for a reason worth another try: counted, said, and due again at `nextCheckAt`. */
export async function recordAttemptFailed(
  shopId: string,
  opId: string,
  error: string,
  nextCheckAt: Date,
): Promise<void> {
  await db.shopifyBulkOperation.updateMany({
    where: { id: opId, shopId },
    data: { attempts: { increment: 1 }, lastError: error.slice(0, 1000), nextCheckAt },
  });
}

/** ready, starting or running → failed with every line reported; false when it had moved on. */
export async function failOperation(
  tx: Tx,
  shopId: string,
  opId: string,
  failed: FailedLine[],
  message: string,
): Promise<boolean> {
  const moved = await tx.shopifyBulkOperation.updateMany({
    where: { id: opId, shopId, status: { in: ["ready", "starting", "running"] } },
    data: {
      status: "failed",
      lockedBy: null,
      lockedUntil: null,
      failedLines: JSON.stringify(failed),
      lastError: message.slice(0, 1000),
      finishedAt: new Date(),
    },
  });
  return moved.count > 0;
}

// ------------------------------------------------------------------ applying

/** running (or applying with a dead applier's lease run out) → applying, for this worker. */
export async function claimForApply(
  shopId: string,
  opId: string,
  workerId: string,
  now: Date,
  lockedUntil: Date,
  remote: { shopifyStatus: string; errorCode: string | null; objectCount: number },
): Promise<boolean> {
  const claimed = await db.shopifyBulkOperation.updateMany({
    where: { id: opId, shopId, OR: [{ status: "running" }, { status: "applying", lockedUntil: { lt: now } }] },
    data: { status: "applying", lockedBy: workerId, lockedUntil, ...remote },
  });
  return claimed.count > 0;
}

/**
 * Records one applied chunk (lines from `from`) and renews the lease; false when this worker no
 * longer holds the operation or another applier recorded the chunk first.
 */
export async function recordAppliedChunk(
  tx: Tx,
  shopId: string,
  opId: string,
  workerId: string,
  chunk: { from: number; lines: number; linked: number; failed: FailedLine[]; lockedUntil: Date },
): Promise<boolean> {
  const current = await tx.shopifyBulkOperation.findFirstOrThrow({
    where: { id: opId, shopId },
    select: { failedLines: true },
  });
  const moved = await tx.shopifyBulkOperation.updateMany({
    where: { id: opId, shopId, lockedBy: workerId, appliedLines: chunk.from },
    data: {
      appliedLines: chunk.from + chunk.lines,
      linkedCount: { increment: chunk.linked },
      failedLines: JSON.stringify([...failedLinesOf(current), ...chunk.failed]),
      lockedUntil: chunk.lockedUntil,
    },
  });
  return moved.count > 0;
}

/** applying (this worker's) → done; false when the lease was lost. */
export async function finishApplying(tx: Tx, shopId: string, opId: string, workerId: string): Promise<boolean> {
  const done = await tx.shopifyBulkOperation.updateMany({
    where: { id: opId, shopId, lockedBy: workerId },
    data: { status: "done", finishedAt: new Date(), lockedBy: null, lockedUntil: null },
  });
  return done.count > 0;
}

// ------------------------------------------------------------------ retrying

/** Empties the failed lines if they are still `failedLines` as read (a compare-and-set on the text). */
export async function clearFailedLines(
  tx: Tx,
  shopId: string,
  op: Pick<BulkOperationRow, "id" | "failedLines">,
): Promise<boolean> {
  const cleared = await tx.shopifyBulkOperation.updateMany({
    where: { id: op.id, shopId, failedLines: op.failedLines },
    data: { failedLines: "[]" },
  });
  return cleared.count > 0;
}

// ------------------------------------------------------------------ the outbox rows an operation holds

/**
 * Holds the pending product.create rows of these pieces for the operation: the one-by-one worker
 * leaves them alone (status HELD_FOR_BULK, lockedBy naming the operation).
 */
export async function holdProductCreates(tx: Tx, shopId: string, opId: string, pieceIds: string[]): Promise<void> {
  await tx.outboxEntry.updateMany({
    where: {
      shopId,
      kind: "product.create",
      status: "pending",
      idempotencyKey: { in: pieceIds.map(productCreateKey) },
    },
    data: { status: HELD_FOR_BULK, lockedBy: holderOf(opId) },
  });
}

/** The held product.create row of a piece the operation linked: done, with the link as its result. */
export async function markHeldProductCreateDone(
  tx: Tx,
  shopId: string,
  pieceId: string,
  result: unknown,
): Promise<void> {
  await tx.outboxEntry.updateMany({
    where: { shopId, kind: "product.create", idempotencyKey: productCreateKey(pieceId), status: HELD_FOR_BULK },
    data: { status: "done", doneAt: new Date(), lockedBy: null, result: JSON.stringify(result) },
  });
}

/** Held rows of these pieces go to another operation (a retry in bulk). */
export async function moveHeldProductCreates(
  tx: Tx,
  shopId: string,
  pieceIds: string[],
  toOpId: string,
): Promise<void> {
  const keys = pieceIds.map(productCreateKey);
  for (let i = 0; i < keys.length; i += IDS_PER_QUERY) {
    await tx.outboxEntry.updateMany({
      where: { shopId, idempotencyKey: { in: keys.slice(i, i + IDS_PER_QUERY) }, status: HELD_FOR_BULK },
      data: { lockedBy: holderOf(toOpId) },
    });
  }
}

/** Held rows of these pieces go back to the one-by-one worker, due now, attempts reset (a small retry). */
export async function releaseHeldProductCreates(tx: Tx, shopId: string, pieceIds: string[]): Promise<void> {
  const keys = pieceIds.map(productCreateKey);
  for (let i = 0; i < keys.length; i += IDS_PER_QUERY) {
    await tx.outboxEntry.updateMany({
      where: { shopId, idempotencyKey: { in: keys.slice(i, i + IDS_PER_QUERY) }, status: HELD_FOR_BULK },
      data: { status: "pending", lockedBy: null, nextAttemptAt: new Date(), attempts: 0, lastError: null },
    });
  }
}
