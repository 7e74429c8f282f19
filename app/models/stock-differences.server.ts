// Stock differences (StockDrift) between Shopify's available quantity of an inventory item at a
// location and the number of Loupe pieces active there: what the reconciler reads to find them,
// the rows a person resolves, and the lock that keeps two instances from reconciling at once.
// Every call takes the shop, except the lock, which is one for all shops.
import { db, dbProvider, type Tx } from "../db.server";

// ---------------------------------------------------------------- what the reconciler compares

/** Loupe's side of one observation: active pieces of the item at the location, and the item's variant. */
export async function activePiecesOfItemAt(
  shopId: string,
  inventoryItemGid: string,
  shopifyLocationGid: string,
): Promise<{ count: number; variantGid: string | null }> {
  const [count, any] = await Promise.all([
    db.piece.count({ where: { shopId, inventoryItemGid, shopifyLocationGid, state: "active" } }),
    db.piece.findFirst({ where: { shopId, inventoryItemGid }, select: { variantGid: true } }),
  ]);
  return { count, variantGid: any?.variantGid ?? null };
}

/** Outbox entries still to reach Shopify that change the item's stock. */
export async function hasPendingInventoryWrites(shopId: string, inventoryItemGid: string): Promise<boolean> {
  const pending = await db.outboxEntry.count({
    where: {
      shopId,
      status: { in: ["pending", "in_flight"] },
      kind: { in: ["inventory.adjust", "inventory.move", "product.create"] },
      payload: { contains: inventoryItemGid },
    },
  });
  return pending > 0;
}

/** Every inventory item the shop's pieces are linked to. */
export async function inventoryItemsOfShop(shopId: string): Promise<string[]> {
  const rows = await db.piece.findMany({
    where: { shopId, inventoryItemGid: { not: null } },
    distinct: ["inventoryItemGid"],
    select: { inventoryItemGid: true },
  });
  return rows.map((r) => r.inventoryItemGid!).filter(Boolean);
}

/** Each (inventory item, Shopify location) pair with active pieces. */
export async function activeItemLocations(
  shopId: string,
): Promise<{ inventoryItemGid: string; shopifyLocationGid: string }[]> {
  const rows = await db.piece.groupBy({
    by: ["inventoryItemGid", "shopifyLocationGid"],
    where: { shopId, state: "active", inventoryItemGid: { not: null }, shopifyLocationGid: { not: null } },
    _count: { _all: true },
  });
  return rows.map((r) => ({ inventoryItemGid: r.inventoryItemGid!, shopifyLocationGid: r.shopifyLocationGid! }));
}

// ---------------------------------------------------------------- differences

export async function findOpenDrift(shopId: string, inventoryItemGid: string, shopifyLocationGid: string) {
  return db.stockDrift.findFirst({ where: { shopId, inventoryItemGid, shopifyLocationGid, resolvedAt: null } });
}

export async function insertDrift(
  shopId: string,
  data: {
    variantGid: string;
    inventoryItemGid: string;
    shopifyLocationGid: string;
    shopifyAvailable: number;
    loupeActive: number;
  },
) {
  return db.stockDrift.create({ data: { ...data, shopId } });
}

/** The difference is still there with these counts: it stays open, dated now. */
export async function updateDriftCounts(
  shopId: string,
  driftId: string,
  counts: { shopifyAvailable: number; loupeActive: number },
): Promise<boolean> {
  const result = await db.stockDrift.updateMany({
    where: { id: driftId, shopId },
    data: { ...counts, detectedAt: new Date() },
  });
  return result.count === 1;
}

/** Both sides agree again without anyone acting: Loupe closes the difference itself (if still open). */
export async function closeDriftMatchedAgain(shopId: string, driftId: string): Promise<boolean> {
  const result = await db.stockDrift.updateMany({
    where: { id: driftId, shopId, resolvedAt: null },
    data: { resolvedAt: new Date(), resolvedBy: "Loupe", resolution: "matched again" },
  });
  return result.count === 1;
}

export async function openDrifts(shopId: string) {
  return db.stockDrift.findMany({ where: { shopId, resolvedAt: null }, orderBy: { detectedAt: "desc" } });
}

export async function findOpenDriftById(tx: Tx, shopId: string, driftId: string) {
  return tx.stockDrift.findFirst({ where: { shopId, id: driftId, resolvedAt: null } });
}

/**
 * A person's decision on a difference (the caller writes the audit row). Only an open difference
 * is resolved: false when another request resolved it first (on PostgreSQL the second update waits
 * for the first's row lock, then finds the row no longer open), so the caller applies nothing.
 */
export async function markDriftResolved(
  tx: Tx,
  shopId: string,
  driftId: string,
  resolution: { resolvedBy: string; resolution: string },
): Promise<boolean> {
  const result = await tx.stockDrift.updateMany({
    where: { id: driftId, shopId, resolvedAt: null },
    data: { ...resolution, resolvedAt: new Date() },
  });
  return result.count === 1;
}

// ---------------------------------------------------------------- labels for the page

/** One piece per variant, to name the differences by what a person recognises. */
export async function pieceLabelsOfVariants(shopId: string, variantGids: readonly string[]) {
  return db.piece.findMany({
    where: { shopId, variantGid: { in: [...variantGids] } },
    distinct: ["variantGid"],
    select: { variantGid: true, title: true, sku: true },
  });
}

/** The shop's sites (top-level locations) by their Shopify location. */
export async function siteNames(shopId: string) {
  return db.location.findMany({
    where: { shopId, parentId: null },
    select: { shopifyLocationGid: true, name: true },
  });
}

// ---------------------------------------------------------------- one reconciler at a time

// Any constant works; it keeps two instances from reconciling the same shops at once.
const RECONCILE_LOCK = 7_351_002;
// A run still going after this long has hung: its transaction ends, which frees the lock for the
// next run, and the run ends with an error. Runs take minutes.
const RECONCILE_MAX_MS = 6 * 60 * 60_000;

/**
 * Runs `work` unless another instance is reconciling (PostgreSQL; SQLite serves one instance).
 * `ran: false` when the lock was taken.
 *
 * The lock is a transaction-level advisory lock, held by a transaction that stays open for the
 * run: it is taken and released on the same connection, and goes with it if the process dies. A
 * session-level lock taken through the pool could be released on another connection, which fails
 * and leaves the lock held by an idle pooled connection. `work` itself does not use this
 * transaction (it reconciles shop by shop on its own connections).
 */
export async function withReconcilerLock<T>(work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  if (dbProvider() !== "postgresql") return { ran: true, value: await work() };
  return db.$transaction(
    async (tx): Promise<{ ran: true; value: T } | { ran: false }> => {
      const [row] = await tx.$queryRaw<{ locked: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(CAST(${RECONCILE_LOCK} AS bigint)) AS locked`;
      if (!row?.locked) return { ran: false };
      return { ran: true, value: await work() };
    },
    { timeout: RECONCILE_MAX_MS, maxWait: 60_000 },
  );
}
