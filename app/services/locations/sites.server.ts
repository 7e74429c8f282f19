// Set-up step one: each active Shopify location becomes a site of Loupe's tree. Run from the set-up
// page and from every locations/* webhook; it always re-reads Shopify's whole list, so repeated or
// out-of-order deliveries end in Shopify's current state (app/domain/locations/site-sync.ts).
import { inTransaction } from "../../models/transaction.server";
import {
  archiveLocations,
  insertLocation,
  locationTree,
  lockLocationTree,
  recordShopifyLocationNames,
  reshapeLocation,
  restoreLocations,
  shopifyLocationNames,
} from "../../models/locations.server";
import type { Actor } from "../../models/actor";
import { freshLocationId, takenLocationCodes } from "./labels.server";
import { descendantsOf } from "../../domain/locations/tree";
import { planSiteSync, type ShopifyLocation, type SiteSyncConflict } from "../../domain/locations/site-sync";
import { readShopifyLocations, type AdminGraphql } from "../../shopify/locations.server";

export type SiteSyncResult =
  | { ok: true; created: number; renamed: number; archived: number; restored: number; conflicts: SiteSyncConflict[] }
  | { ok: false; code: "SHOPIFY_UNAVAILABLE" };

export async function syncSitesFromShopify(
  shopId: string,
  admin: AdminGraphql,
  actor: Actor,
  options: { pageSize?: number; now?: Date } = {},
): Promise<SiteSyncResult> {
  const shopify = await readShopifyLocations(admin, { pageSize: options.pageSize });
  // Every shop has at least one location: an empty list is a failed read, not "archive everything".
  if (shopify === "unavailable" || shopify.length === 0) return { ok: false, code: "SHOPIFY_UNAVAILABLE" };
  return applySiteSync(shopId, shopify, actor, options.now ?? new Date());
}

const REASONS = {
  create: "Shopify location imported as a site",
  rename: "Location renamed in Shopify",
  deactivated: "Location deactivated in Shopify",
  deleted: "Location deleted in Shopify",
  restore: "Location active again in Shopify",
} as const;

export async function applySiteSync(
  shopId: string,
  shopify: ShopifyLocation[],
  actor: Actor,
  now: Date,
): Promise<SiteSyncResult & { ok: true }> {
  return inTransaction(async (tx) => {
    await lockLocationTree(tx, shopId);
    const rows = await locationTree(shopId, tx);
    const known = new Map([...(await shopifyLocationNames(shopId, tx))].map(([gid, n]) => [gid, n.name]));
    const { steps, conflicts } = planSiteSync(shopify, rows, known);
    const counts = { created: 0, renamed: 0, archived: 0, restored: 0 };
    let codes: Set<string> | undefined;
    for (const step of steps) {
      if (step.kind === "create") {
        await insertLocation(
          tx,
          shopId,
          {
            id: freshLocationId((codes ??= takenLocationCodes(rows))),
            name: step.name,
            kind: "site",
            parentId: null,
            shopifyLocationGid: step.gid,
            path: step.name,
          },
          { actor, reason: REASONS.create, at: now },
        );
        counts.created++;
      } else if (step.kind === "rename") {
        await reshapeLocation(
          tx,
          shopId,
          {
            id: step.id,
            action: "location.renamed",
            before: { name: step.from, parentId: null },
            after: { name: step.to, parentId: null },
            paths: step.paths,
          },
          { actor, reason: REASONS.rename, at: now },
        );
        counts.renamed++;
      } else if (step.kind === "archive") {
        const live = [
          step.id,
          ...descendantsOf(rows, step.id)
            .filter((r) => r.archivedAt === null)
            .map((r) => r.id),
        ];
        await archiveLocations(tx, shopId, live, now, { actor, reason: REASONS[step.cause], at: now });
        counts.archived++;
      } else {
        // What was archived with the site comes back with it; what the shop archived itself stays archived.
        const site = rows.find((r) => r.id === step.id)!;
        const together = descendantsOf(rows, step.id).filter(
          (r) => r.archivedAt !== null && r.archivedAt.getTime() === site.archivedAt!.getTime(),
        );
        await restoreLocations(tx, shopId, [step.id, ...together.map((r) => r.id)], {
          actor,
          reason: REASONS.restore,
          at: now,
        });
        counts.restored++;
      }
    }
    await recordShopifyLocationNames(
      tx,
      shopId,
      shopify.map((l) => ({ gid: l.gid, name: l.name })),
    );
    return { ok: true as const, ...counts, conflicts };
  });
}
