// The shop's internal location tree inside each Shopify location.
import { db, type Tx } from "../db.server";
import { appendAudit } from "./audit.server";
import type { Actor } from "./actor";

export const LOCATION_KINDS = ["site", "safe", "showcase", "tray", "drawer", "workshop", "other"] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export async function listLocations(shopId: string) {
  return db.location.findMany({ where: { shopId, archivedAt: null }, orderBy: { path: "asc" } });
}

export type NewLocation = { name: string; kind: LocationKind; parentId?: string | null; shopifyLocationGid?: string };

export type LocationResult =
  | { ok: true; id: string; path: string }
  | { ok: false; code: "UNKNOWN_PARENT" | "DUPLICATE_PATH" | "SHOPIFY_LOCATION_REQUIRED"; field: string };

export async function createLocation(shopId: string, input: NewLocation, actor: Actor): Promise<LocationResult> {
  return db.$transaction(async (tx) => {
    const parent = input.parentId ? await tx.location.findFirst({ where: { shopId, id: input.parentId } }) : null;
    if (input.parentId && !parent) return { ok: false as const, code: "UNKNOWN_PARENT" as const, field: "parentId" };
    const shopifyLocationGid = parent?.shopifyLocationGid ?? input.shopifyLocationGid;
    if (!shopifyLocationGid)
      return { ok: false as const, code: "SHOPIFY_LOCATION_REQUIRED" as const, field: "shopifyLocationGid" };
    const path = parent ? `${parent.path} > ${input.name}` : input.name;
    const clash = await tx.location.findFirst({ where: { shopId, path }, select: { id: true } });
    if (clash) return { ok: false as const, code: "DUPLICATE_PATH" as const, field: "name" };
    const row = await tx.location.create({
      data: { shopId, name: input.name, kind: input.kind, parentId: parent?.id ?? null, shopifyLocationGid, path },
    });
    await appendAudit(tx, shopId, {
      actor,
      action: "location.created",
      entityType: "Location",
      entityId: row.id,
      data: { path, kind: input.kind, shopifyLocationGid },
    });
    return { ok: true as const, id: row.id, path };
  });
}

/** Locations by their full path ("Boutique Paris > Coffre 1"), for imports that name them. */
export async function locationsByPath(shopId: string): Promise<Map<string, string>> {
  const rows = await db.location.findMany({ where: { shopId, archivedAt: null }, select: { id: true, path: true } });
  return new Map(rows.map((r) => [r.path.toLocaleLowerCase("fr"), r.id]));
}

/** One location of the shop, archived or not (null when the shop has no such location). */
export async function findLocation(shopId: string, id: string, tx: Tx = db) {
  return tx.location.findFirst({ where: { shopId, id } });
}

/** One location of the shop that pieces may still move to (not archived). */
export async function findActiveLocation(shopId: string, id: string, tx: Tx = db) {
  return tx.location.findFirst({ where: { shopId, id, archivedAt: null } });
}

// ---------------------------------------------------------------- Shopify locations' own names

export async function shopifyLocationNames(
  shopId: string,
  tx: Tx = db,
): Promise<Map<string, { name: string; updatedAt: Date }>> {
  const rows = await tx.shopifyLocationName.findMany({ where: { shopId } });
  return new Map(rows.map((r) => [r.gid, { name: r.name, updatedAt: r.updatedAt }]));
}

/**
 * Keeps the names Shopify gives its locations (the merchant renames them in Shopify's settings).
 * A mirror of Shopify's data, not a change a person made in Loupe, so no audit entry.
 */
export async function saveShopifyLocationNames(
  shopId: string,
  locations: { gid: string; name: string }[],
): Promise<void> {
  await db.$transaction(async (tx) => {
    for (const l of locations) {
      await tx.shopifyLocationName.upsert({
        where: { shopId_gid: { shopId, gid: l.gid } },
        create: { shopId, gid: l.gid, name: l.name },
        update: { name: l.name },
      });
    }
  });
}
