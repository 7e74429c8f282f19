// Stock differences between Shopify and Loupe. For a variant's inventory item at a Shopify
// location, Shopify's `available` should equal the number of Loupe pieces active there. A
// difference is recorded for a person to resolve; Loupe never overwrites either side by itself.
import { appendAudit } from "../../models/audit.server";
import { enqueue } from "../../models/outbox.server";
import type { Actor } from "../../models/actor";
import { getShop, installedShops } from "../../models/shop.server";
import {
  activeItemLocations,
  activePiecesOfItemAt,
  closeDriftMatchedAgain,
  findOpenDrift,
  findOpenDriftById,
  hasPendingInventoryWrites,
  insertDrift,
  inventoryItemsOfShop,
  markDriftResolved,
  updateDriftCounts,
  withReconcilerLock,
} from "../../models/stock-differences.server";
import { inTransaction } from "../../models/transaction.server";
import { shopGraphql } from "../../shopify/admin-client.server";

export type DriftObservation = { inventoryItemGid: string; shopifyLocationGid: string; shopifyAvailable: number };

/** Compares one observation with Loupe's pieces; opens, updates or closes the difference. */
export async function observeLevel(
  shopId: string,
  observation: DriftObservation,
): Promise<"match" | "drift" | "unknown item" | "pending writes"> {
  const { inventoryItemGid, shopifyLocationGid, shopifyAvailable } = observation;
  const { count, variantGid } = await activePiecesOfItemAt(shopId, inventoryItemGid, shopifyLocationGid);
  if (!variantGid) return "unknown item";
  // Writes still on their way to Shopify make a difference that is not one yet.
  if (await hasPendingInventoryWrites(shopId, inventoryItemGid)) return "pending writes";
  const open = await findOpenDrift(shopId, inventoryItemGid, shopifyLocationGid);
  if (count === shopifyAvailable) {
    if (open) await closeDriftMatchedAgain(shopId, open.id);
    return "match";
  }
  if (open) await updateDriftCounts(shopId, open.id, { shopifyAvailable, loupeActive: count });
  else
    await insertDrift(shopId, {
      variantGid,
      inventoryItemGid,
      shopifyLocationGid,
      shopifyAvailable,
      loupeActive: count,
    });
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
  const shop = await getShop(shopId);
  const ids = await inventoryItemsOfShop(shopId);
  let checked = 0;
  let drifts = 0;
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
  for (const row of await activeItemLocations(shopId)) {
    if (pairs.has(`${row.inventoryItemGid}|${row.shopifyLocationGid}`)) continue;
    checked++;
    if (
      (await observeLevel(shopId, {
        inventoryItemGid: row.inventoryItemGid,
        shopifyLocationGid: row.shopifyLocationGid,
        shopifyAvailable: 0,
      })) === "drift"
    )
      drifts++;
  }
  return { checked, drifts };
}

export { openDrifts } from "../../models/stock-differences.server";

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
  return inTransaction(async (tx) => {
    const drift = await findOpenDriftById(tx, shopId, driftId);
    if (!drift) return { ok: false as const, code: "NOT_FOUND" as const };
    // Resolved first, conditionally: of two people resolving the same difference at once, only
    // the one whose update finds it still open sends a correction and writes the audit entry.
    if (
      !(await markDriftResolved(tx, shopId, drift.id, { resolvedBy: actor.name, resolution: `${resolution}: ${note}` }))
    )
      return { ok: false as const, code: "ALREADY_RESOLVED" as const };
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

/** One reconciliation of every installed shop; on PostgreSQL only one instance at a time does it. */
export async function reconcileAllShops(): Promise<{
  shops: number;
  drifts: number;
  skipped?: "another instance is reconciling";
}> {
  const run = await withReconcilerLock(async () => {
    const shops = await installedShops();
    let drifts = 0;
    for (const shop of shops) {
      try {
        drifts += (await reconcileShop(shop.id)).drifts;
      } catch (error) {
        console.warn(`reconcile ${shop.domain}: ${(error as Error).message}`);
      }
    }
    return { shops: shops.length, drifts };
  });
  return run.ran ? run.value : { shops: 0, drifts: 0, skipped: "another instance is reconciling" };
}

export function startReconciler(intervalMs = 15 * 60_000): () => void {
  const timer = setInterval(() => {
    reconcileAllShops().catch((error: unknown) => console.warn(`reconciler: ${(error as Error).message}`));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
