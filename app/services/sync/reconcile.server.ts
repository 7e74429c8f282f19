// Stock differences between Shopify and Loupe. For a variant's inventory item at a Shopify
// location, Shopify's `available` should equal the number of Loupe pieces active there. A
// difference is recorded for a person to resolve; Loupe never overwrites either side by itself.
import { db, dbProvider } from "../../db.server";
import { appendAudit } from "../../models/audit.server";
import { enqueue } from "../../models/outbox.server";
import type { Actor } from "../../models/actor";
import { shopGraphql } from "../../shopify/admin-client.server";

export type DriftObservation = { inventoryItemGid: string; shopifyLocationGid: string; shopifyAvailable: number };

async function loupeActive(
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

/** Writes still on their way to Shopify make a difference that is not one yet. */
async function inFlight(shopId: string, inventoryItemGid: string): Promise<boolean> {
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

/** Compares one observation with Loupe's pieces; opens, updates or closes the difference. */
export async function observeLevel(
  shopId: string,
  observation: DriftObservation,
): Promise<"match" | "drift" | "unknown item" | "pending writes"> {
  const { count, variantGid } = await loupeActive(shopId, observation.inventoryItemGid, observation.shopifyLocationGid);
  if (!variantGid) return "unknown item";
  if (await inFlight(shopId, observation.inventoryItemGid)) return "pending writes";
  const open = await db.stockDrift.findFirst({
    where: {
      shopId,
      inventoryItemGid: observation.inventoryItemGid,
      shopifyLocationGid: observation.shopifyLocationGid,
      resolvedAt: null,
    },
  });
  if (count === observation.shopifyAvailable) {
    if (open)
      await db.stockDrift.update({
        where: { id: open.id },
        data: { resolvedAt: new Date(), resolvedBy: "Loupe", resolution: "matched again" },
      });
    return "match";
  }
  if (open) {
    await db.stockDrift.update({
      where: { id: open.id },
      data: { shopifyAvailable: observation.shopifyAvailable, loupeActive: count, detectedAt: new Date() },
    });
  } else {
    await db.stockDrift.create({
      data: {
        shopId,
        variantGid,
        inventoryItemGid: observation.inventoryItemGid,
        shopifyLocationGid: observation.shopifyLocationGid,
        shopifyAvailable: observation.shopifyAvailable,
        loupeActive: count,
      },
    });
  }
  return "drift";
}

const LEVELS = `#graphql
  query LoupeReconcile($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on InventoryItem {
        id
        inventoryLevels(first: 50) { nodes { location { id } quantities(names: ["available"]) { name quantity } } }
      }
    }
  }`;

/** The periodic reconciler: every inventory item Loupe knows, read from Shopify in pages of 50. */
export async function reconcileShop(shopId: string): Promise<{ checked: number; drifts: number }> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  const items = await db.piece.findMany({
    where: { shopId, inventoryItemGid: { not: null } },
    distinct: ["inventoryItemGid"],
    select: { inventoryItemGid: true },
  });
  let checked = 0;
  let drifts = 0;
  const ids = items.map((i) => i.inventoryItemGid!).filter(Boolean);
  const pairs = new Set<string>();
  for (let i = 0; i < ids.length; i += 50) {
    const page = ids.slice(i, i + 50);
    const answer = await shopGraphql<{
      nodes: ({
        id: string;
        inventoryLevels: { nodes: { location: { id: string }; quantities: { quantity: number }[] }[] };
      } | null)[];
    }>(shop.domain, LEVELS, { ids: page }, { estimatedCost: 2 + page.length * 52 });
    for (const node of answer.data.nodes) {
      if (!node) continue;
      for (const level of node.inventoryLevels.nodes) {
        pairs.add(`${node.id}|${level.location.id}`);
        checked++;
        if (
          (await observeLevel(shopId, {
            inventoryItemGid: node.id,
            shopifyLocationGid: level.location.id,
            shopifyAvailable: level.quantities[0]?.quantity ?? 0,
          })) === "drift"
        )
          drifts++;
      }
    }
  }
  // Active pieces at a location where Shopify has no level at all are a difference too.
  const located = await db.piece.groupBy({
    by: ["inventoryItemGid", "shopifyLocationGid"],
    where: { shopId, state: "active", inventoryItemGid: { not: null }, shopifyLocationGid: { not: null } },
    _count: { _all: true },
  });
  for (const row of located) {
    if (pairs.has(`${row.inventoryItemGid}|${row.shopifyLocationGid}`)) continue;
    checked++;
    if (
      (await observeLevel(shopId, {
        inventoryItemGid: row.inventoryItemGid!,
        shopifyLocationGid: row.shopifyLocationGid!,
        shopifyAvailable: 0,
      })) === "drift"
    )
      drifts++;
  }
  return { checked, drifts };
}

export async function openDrifts(shopId: string) {
  return db.stockDrift.findMany({ where: { shopId, resolvedAt: null }, orderBy: { detectedAt: "desc" } });
}

export type DriftResolution = "set_shopify_to_loupe" | "checked_no_change";

/**
 * A person decides. "set_shopify_to_loupe" sends Shopify the difference (through the outbox, with
 * compare-and-set); "checked_no_change" records that Loupe's pieces are to be corrected by hand.
 */
export async function resolveDrift(
  shopId: string,
  driftId: string,
  resolution: DriftResolution,
  actor: Actor,
  note: string,
) {
  return db.$transaction(async (tx) => {
    const drift = await tx.stockDrift.findFirst({ where: { shopId, id: driftId, resolvedAt: null } });
    if (!drift) return { ok: false as const, code: "NOT_FOUND" as const };
    if (resolution === "set_shopify_to_loupe" && drift.inventoryItemGid) {
      await enqueue(
        tx,
        shopId,
        "inventory.adjust",
        {
          name: "available",
          reason: "correction",
          referenceDocumentUri: `gid://loupe/StockDrift/${drift.id}`,
          changes: [
            {
              inventoryItemGid: drift.inventoryItemGid,
              locationGid: drift.shopifyLocationGid,
              delta: drift.loupeActive - drift.shopifyAvailable,
            },
          ],
        },
        `drift-${drift.id}`,
      );
    }
    await tx.stockDrift.update({
      where: { id: drift.id },
      data: { resolvedAt: new Date(), resolvedBy: actor.name, resolution: `${resolution}: ${note}` },
    });
    await appendAudit(tx, shopId, {
      actor,
      action: "stock.drift_resolved",
      entityType: "StockDrift",
      entityId: drift.id,
      reason: note,
      data: {
        resolution,
        shopifyAvailable: drift.shopifyAvailable,
        loupeActive: drift.loupeActive,
        variantGid: drift.variantGid,
        location: drift.shopifyLocationGid,
      },
    });
    return { ok: true as const };
  });
}

// Any constant works; it keeps two instances from reconciling the same shops at once.
const RECONCILE_LOCK = 7_351_002;

/** One reconciliation of every installed shop; on PostgreSQL only one instance at a time does it. */
export async function reconcileAllShops(): Promise<{
  shops: number;
  drifts: number;
  skipped?: "another instance is reconciling";
}> {
  const postgres = dbProvider() === "postgresql";
  if (postgres) {
    const [row] = await db.$queryRawUnsafe<{ locked: boolean }[]>(
      `SELECT pg_try_advisory_lock(${RECONCILE_LOCK}) AS locked`,
    );
    if (!row?.locked) return { shops: 0, drifts: 0, skipped: "another instance is reconciling" };
  }
  try {
    const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { id: true, domain: true } });
    let drifts = 0;
    for (const shop of shops) {
      try {
        drifts += (await reconcileShop(shop.id)).drifts;
      } catch (error) {
        console.warn(`reconcile ${shop.domain}: ${(error as Error).message}`);
      }
    }
    return { shops: shops.length, drifts };
  } finally {
    if (postgres) await db.$queryRawUnsafe(`SELECT pg_advisory_unlock(${RECONCILE_LOCK})`);
  }
}

export function startReconciler(intervalMs = 15 * 60_000): () => void {
  const timer = setInterval(() => {
    reconcileAllShops().catch((error: unknown) => console.warn(`reconciler: ${(error as Error).message}`));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
