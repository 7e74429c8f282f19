// The outbox: Shopify writes recorded in the same transaction as the change they mirror, then
// delivered by the worker (app/shopify/sync-worker.server.ts) with retries, never lost, never
// applied twice (each row's idempotency key goes to Shopify's @idempotent directive).
import { randomUUID } from "node:crypto";
import { db, dbProvider, type Tx } from "../db.server";
import { insertRows, newRowId } from "./bulk-insert.server";

export type QuantityName = "available" | "reserved" | "quality_control" | "damaged" | "safety_stock";

export type OutboxPayloads = {
  /**
   * Add each change's delta to one quantity name, in one Shopify call (so a piece moving between
   * Shopify locations leaves one and enters the other together); changeFromQuantity is read at
   * delivery.
   */
  "inventory.adjust": {
    name: QuantityName;
    reason: string;
    referenceDocumentUri: string;
    changes: { inventoryItemGid: string; locationGid: string; delta: number }[];
  };
  /** Move units between quantity names at one location (available -> reserved…). */
  "inventory.move": {
    inventoryItemGid: string;
    locationGid: string;
    from: QuantityName;
    to: QuantityName;
    quantity: number;
    reason: string;
    referenceDocumentUri: string;
  };
  /** Mirror a piece's public record to its product (metafields and metaobjects). */
  "piece.mirror": { pieceId: string };
  /**
   * Create the Shopify product and variant for a piece that has none (title, price, SKU, tracked
   * inventory, overselling denied), link them to the piece, then mirror it and stock it.
   */
  "product.create": { pieceId: string };
};

export type OutboxKind = keyof OutboxPayloads;

export async function enqueue<K extends OutboxKind>(
  tx: Tx,
  shopId: string,
  kind: K,
  payload: OutboxPayloads[K],
  idempotencyKey: string = randomUUID(),
) {
  return tx.outboxEntry.create({
    data: { shopId, kind, payload: JSON.stringify(payload), idempotencyKey },
  });
}

export type NewOutboxEntry = {
  [K in OutboxKind]: { kind: K; payload: OutboxPayloads[K]; idempotencyKey: string };
}[OutboxKind];

/** Many entries in one statement (an import's chunk), each with its own idempotency key. */
export async function enqueueMany(tx: Tx, shopId: string, entries: readonly NewOutboxEntry[]): Promise<void> {
  const now = new Date();
  await insertRows(
    tx,
    "OutboxEntry",
    entries.map((e) => ({
      id: newRowId(),
      shopId,
      kind: e.kind,
      payload: JSON.stringify(e.payload),
      idempotencyKey: e.idempotencyKey,
      // The columns Prisma's defaults fill in for enqueue (a raw insert must write them).
      status: "pending",
      attempts: 0,
      nextAttemptAt: now,
      generation: 0,
      createdAt: now,
    })),
  );
}

/** The first of these idempotency keys the shop's outbox holds for this kind, if any. */
export async function findRecordedKey(
  tx: Tx,
  shopId: string,
  kind: OutboxKind,
  keys: readonly string[],
): Promise<string | null> {
  const row = await tx.outboxEntry.findFirst({
    where: { shopId, kind, idempotencyKey: { in: [...keys] } },
    select: { idempotencyKey: true },
  });
  return row?.idempotencyKey ?? null;
}

export type OutboxRow = Awaited<ReturnType<typeof db.outboxEntry.findFirstOrThrow>>;

const LEASE_MS = 60_000;

/**
 * Takes up to `limit` due rows for this worker. On PostgreSQL several instances may run workers:
 * FOR UPDATE SKIP LOCKED hands each row to exactly one of them. A row whose worker died comes
 * back when its lease runs out.
 *
 * Across every shop unless `shopId` is given, by design: one worker serves all shops and delivers
 * rows in the order they were written, and one claim per pass keeps that order and the lease
 * simple. Every later call on a claimed row is scoped by the shop the row carries.
 */
export async function claimDueAcrossShops(
  workerId: string,
  limit: number,
  now = new Date(),
  shopId?: string,
): Promise<OutboxRow[]> {
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  if (dbProvider() === "postgresql") {
    const ids = await db.$queryRawUnsafe<{ id: string }[]>(
      `UPDATE "OutboxEntry" SET "status" = 'in_flight', "lockedBy" = $1, "lockedUntil" = $2
       WHERE "id" IN (
         SELECT "id" FROM "OutboxEntry"
         WHERE (("status" = 'pending' AND "nextAttemptAt" <= $3) OR ("status" = 'in_flight' AND "lockedUntil" < $3))
           ${shopId ? `AND "shopId" = $5` : ""}
         ORDER BY "createdAt" ASC
         LIMIT $4
         FOR UPDATE SKIP LOCKED)
       RETURNING "id"`,
      workerId,
      leaseUntil,
      now,
      limit,
      ...(shopId ? [shopId] : []),
    );
    if (ids.length === 0) return [];
    return db.outboxEntry.findMany({ where: { id: { in: ids.map((r) => r.id) } }, orderBy: { createdAt: "asc" } });
  }
  // SQLite: one process; the write transaction serialises claimers.
  return db.$transaction(async (tx) => {
    const due = await tx.outboxEntry.findMany({
      where: {
        ...(shopId ? { shopId } : {}),
        OR: [
          { status: "pending", nextAttemptAt: { lte: now } },
          { status: "in_flight", lockedUntil: { lt: now } },
        ],
      },
      orderBy: { createdAt: "asc" },
      take: limit,
    });
    if (due.length === 0) return [];
    await tx.outboxEntry.updateMany({
      where: { id: { in: due.map((d) => d.id) } },
      data: { status: "in_flight", lockedBy: workerId, lockedUntil: leaseUntil },
    });
    return due.map((d) => ({ ...d, status: "in_flight", lockedBy: workerId, lockedUntil: leaseUntil }));
  });
}

/** Who holds in-flight rows now (across shops, as the claim: the worker's start-up looks at every lease). */
export async function inFlightLeaseHolders(): Promise<string[]> {
  const rows = await db.outboxEntry.findMany({
    where: { status: "in_flight", lockedBy: { not: null } },
    distinct: ["lockedBy"],
    select: { lockedBy: true },
  });
  return rows.flatMap((r) => (r.lockedBy ? [r.lockedBy] : []));
}

/**
 * Ends the leases of holders known to be gone: their rows become due now, exactly as if the lease
 * had run out (same attempt, same idempotency key). Returns how many rows.
 */
export async function releaseLeasesOf(holders: string[], now = new Date()): Promise<number> {
  if (holders.length === 0) return 0;
  const { count } = await db.outboxEntry.updateMany({
    where: { status: "in_flight", lockedBy: { in: holders } },
    data: { lockedUntil: now },
  });
  return count;
}

export async function markDone(shopId: string, id: string, workerId: string, result: unknown): Promise<void> {
  await db.outboxEntry.updateMany({
    where: { id, shopId, lockedBy: workerId },
    data: {
      status: "done",
      doneAt: new Date(),
      result: JSON.stringify(result ?? null),
      lockedBy: null,
      lockedUntil: null,
      lastError: null,
    },
  });
}

/** Several rows delivered by one Shopify call share one update. */
export async function markManyDone(shopId: string, ids: string[], workerId: string, result: unknown): Promise<void> {
  await db.outboxEntry.updateMany({
    where: { id: { in: ids }, shopId, lockedBy: workerId },
    data: {
      status: "done",
      doneAt: new Date(),
      result: JSON.stringify(result ?? null),
      lockedBy: null,
      lockedUntil: null,
      lastError: null,
    },
  });
}

/** Back to the queue after a failure whose outcome is unknown or temporary. */
export async function markRetry(
  shopId: string,
  id: string,
  workerId: string,
  error: string,
  nextAttemptAt: Date,
  attemptArgs?: string | null,
  generation?: number,
): Promise<void> {
  await db.outboxEntry.updateMany({
    where: { id, shopId, lockedBy: workerId },
    data: {
      status: "pending",
      attempts: { increment: 1 },
      lastError: error.slice(0, 2000),
      nextAttemptAt,
      lockedBy: null,
      lockedUntil: null,
      ...(attemptArgs !== undefined ? { attemptArgs } : {}),
      ...(generation !== undefined ? { generation } : {}),
    },
  });
}

/** Shopify refused the write for good (a user error): a person must look at it. */
export async function markDead(shopId: string, id: string, workerId: string, error: string): Promise<void> {
  await db.outboxEntry.updateMany({
    where: { id, shopId, lockedBy: workerId },
    data: {
      status: "dead",
      attempts: { increment: 1 },
      lastError: error.slice(0, 2000),
      lockedBy: null,
      lockedUntil: null,
    },
  });
}

export async function saveAttemptArgs(
  shopId: string,
  id: string,
  workerId: string,
  attemptArgs: string,
  generation: number,
): Promise<void> {
  await db.outboxEntry.updateMany({ where: { id, shopId, lockedBy: workerId }, data: { attemptArgs, generation } });
}

export async function outboxCounts(shopId: string) {
  const rows = await db.outboxEntry.groupBy({ by: ["status"], where: { shopId }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all])) as Record<string, number>;
}

export async function deadEntries(shopId: string) {
  return db.outboxEntry.findMany({ where: { shopId, status: "dead" }, orderBy: { createdAt: "desc" }, take: 100 });
}
