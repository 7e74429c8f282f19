/**
 * What Loupe's sites must become so that each active Shopify location is one site: the plan is
 * computed from Shopify's current list alone (never from a webhook's payload), so running it twice,
 * or after webhooks that came out of order, ends in the same place.
 *
 * Decisions:
 * - A site is a root of the tree (no parent) carrying the Shopify location's gid. A location that
 *   already has one or more (the demo's "Paris Marais" for "Paris") gets no new one.
 * - A site follows Shopify's renames only while it still bears the name Shopify last gave its
 *   location (Loupe's imports name it so); a site the shop named itself keeps its name.
 * - A location deactivated or deleted in Shopify archives its sites (never deletes them: pieces
 *   and the ledger point at them); re-activated, they come back.
 * - A name whose path another location already holds (archived ones too: the path stays unique)
 *   is not applied; it is reported so a person can rename one of them.
 */
import { pathClashes, repath, type TreeRow } from "./tree";

export type ShopifyLocation = { gid: string; name: string; isActive: boolean };

export type SiteRow = TreeRow & { shopifyLocationGid: string; archivedAt: Date | null };

export type SiteSyncStep =
  | { kind: "create"; gid: string; name: string }
  | {
      kind: "rename";
      id: string;
      gid: string;
      from: string;
      to: string;
      paths: { id: string; from: string; to: string }[];
    }
  | { kind: "archive"; id: string; gid: string; cause: "deactivated" | "deleted" }
  | { kind: "restore"; id: string; gid: string };

export type SiteSyncConflict = { gid: string; name: string };

export function planSiteSync(
  shopify: readonly ShopifyLocation[],
  rows: readonly SiteRow[],
  knownNames: ReadonlyMap<string, string>,
): { steps: SiteSyncStep[]; conflicts: SiteSyncConflict[] } {
  const steps: SiteSyncStep[] = [];
  const conflicts: SiteSyncConflict[] = [];
  const roots = rows.filter((r) => r.parentId === null);
  const byGid = new Map(shopify.map((l) => [l.gid, l]));
  // Paths as they will be after the steps planned so far, to catch two steps wanting one path.
  let current: TreeRow[] = rows.map((r) => ({ ...r }));

  for (const location of shopify) {
    if (!location.isActive) continue;
    const sites = roots.filter((r) => r.shopifyLocationGid === location.gid);
    if (sites.length === 0) {
      if (current.some((r) => r.path === location.name)) {
        conflicts.push({ gid: location.gid, name: location.name });
        continue;
      }
      steps.push({ kind: "create", gid: location.gid, name: location.name });
      current = [...current, { id: `new:${location.gid}`, parentId: null, name: location.name, path: location.name }];
      continue;
    }
    for (const site of sites) {
      if (site.archivedAt !== null) steps.push({ kind: "restore", id: site.id, gid: location.gid });
      const follows = knownNames.get(location.gid) === site.name;
      if (!follows || site.name === location.name) continue;
      const paths = repath(current, site.id, { name: location.name, parentPath: null });
      if (pathClashes(current, paths).length > 0) {
        conflicts.push({ gid: location.gid, name: location.name });
        continue;
      }
      steps.push({ kind: "rename", id: site.id, gid: location.gid, from: site.name, to: location.name, paths });
      const moved = new Map(paths.map((p) => [p.id, p.to]));
      current = current.map((r) =>
        moved.has(r.id) ? { ...r, path: moved.get(r.id)!, name: r.id === site.id ? location.name : r.name } : r,
      );
    }
  }

  for (const site of roots) {
    if (site.archivedAt !== null) continue;
    const location = byGid.get(site.shopifyLocationGid);
    if (location?.isActive) continue;
    steps.push({
      kind: "archive",
      id: site.id,
      gid: site.shopifyLocationGid,
      cause: location ? "deactivated" : "deleted",
    });
  }
  return { steps, conflicts };
}
