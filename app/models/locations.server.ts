// The shop's internal location tree inside each Shopify location.
import { db, dbProvider, type Tx } from "../db.server";
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

/** Several locations of the shop, archived or not, by id (missing ids are left out). */
export async function locationsByIds(shopId: string, ids: readonly string[], tx: Tx = db) {
  if (ids.length === 0) return new Map<string, { id: string; shopifyLocationGid: string }>();
  const rows = await tx.location.findMany({
    where: { shopId, id: { in: [...new Set(ids)] } },
    select: { id: true, shopifyLocationGid: true },
  });
  return new Map(rows.map((r) => [r.id, r]));
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
  await db.$transaction((tx) => recordShopifyLocationNames(tx, shopId, locations));
}

// ---------------------------------------------------------------- the tree, for set-up and its editor

const TREE_SELECT = {
  id: true,
  parentId: true,
  name: true,
  path: true,
  kind: true,
  shopifyLocationGid: true,
  archivedAt: true,
} as const;

export type LocationTreeRow = {
  id: string;
  parentId: string | null;
  name: string;
  path: string;
  kind: string;
  shopifyLocationGid: string;
  archivedAt: Date | null;
};

/** Every location of the shop, archived ones included (their paths still count as taken). */
export async function locationTree(shopId: string, tx: Tx = db): Promise<LocationTreeRow[]> {
  return tx.location.findMany({ where: { shopId }, orderBy: { path: "asc" }, select: TREE_SELECT });
}

/**
 * Serialises changes to one shop's tree across app instances: plans are made from rows read after
 * this lock, so two set-up runs (a page and a webhook) cannot both create the same site.
 * (SQLite has one writer at a time already.)
 */
export async function lockLocationTree(tx: Tx, shopId: string): Promise<void> {
  if (dbProvider() === "postgresql") await tx.$executeRaw`SELECT 1 FROM "Shop" WHERE "id" = ${shopId} FOR UPDATE`;
}

type Audited = { actor: Actor; reason?: string | null; at?: Date };

/**
 * A new location under the tree lock; the caller has checked its parent and its path, and chosen its
 * id (so that its label code, derived from the id, is not another place's).
 */
export async function insertLocation(
  tx: Tx,
  shopId: string,
  row: {
    id: string;
    name: string;
    kind: LocationKind;
    parentId: string | null;
    shopifyLocationGid: string;
    path: string;
  },
  audit: Audited,
): Promise<string> {
  const created = await tx.location.create({ data: { shopId, ...row }, select: { id: true } });
  await appendAudit(tx, shopId, {
    actor: audit.actor,
    action: "location.created",
    entityType: "Location",
    entityId: created.id,
    reason: audit.reason ?? null,
    at: audit.at,
    data: { path: row.path, kind: row.kind, parentId: row.parentId, shopifyLocationGid: row.shopifyLocationGid },
  });
  return created.id;
}

/**
 * Renames and/or re-parents one location and rewrites the paths of everything under it, one audit
 * entry for the location itself (before and after) and one per descendant whose path changed.
 */
export async function reshapeLocation(
  tx: Tx,
  shopId: string,
  change: {
    id: string;
    action: "location.renamed" | "location.moved";
    before: { name: string; parentId: string | null };
    after: { name: string; parentId: string | null };
    paths: { id: string; from: string; to: string }[];
  },
  audit: Audited,
): Promise<void> {
  // Moved paths first to stand-ins no real path can take, so a swap inside the moved set never
  // meets the unique index half-way.
  for (const p of change.paths)
    await tx.location.updateMany({ where: { id: p.id, shopId }, data: { path: `\u2063${p.id}` } });
  for (const p of change.paths) await tx.location.updateMany({ where: { id: p.id, shopId }, data: { path: p.to } });
  await tx.location.updateMany({
    where: { id: change.id, shopId },
    data: { name: change.after.name, parentId: change.after.parentId },
  });
  const own = change.paths.find((p) => p.id === change.id);
  await appendAudit(tx, shopId, {
    actor: audit.actor,
    action: change.action,
    entityType: "Location",
    entityId: change.id,
    reason: audit.reason ?? null,
    at: audit.at,
    data: { before: { ...change.before, path: own?.from }, after: { ...change.after, path: own?.to } },
  });
  for (const p of change.paths.filter((p) => p.id !== change.id))
    await appendAudit(tx, shopId, {
      actor: audit.actor,
      action: "location.path_changed",
      entityType: "Location",
      entityId: p.id,
      reason: audit.reason ?? null,
      at: audit.at,
      data: { from: p.from, to: p.to, because: change.id },
    });
}

/** Archives the given locations (still there for pieces and history, hidden from lists), one audit entry each. */
export async function archiveLocations(tx: Tx, shopId: string, ids: string[], at: Date, audit: Audited): Promise<void> {
  for (const id of ids) {
    const { count } = await tx.location.updateMany({
      where: { id, shopId, archivedAt: null },
      data: { archivedAt: at },
    });
    if (count === 0) continue;
    await appendAudit(tx, shopId, {
      actor: audit.actor,
      action: "location.archived",
      entityType: "Location",
      entityId: id,
      reason: audit.reason ?? null,
      at: audit.at ?? at,
      data: { archivedAt: at.toISOString() },
    });
  }
}

/** Brings archived locations back, one audit entry each. */
export async function restoreLocations(tx: Tx, shopId: string, ids: string[], audit: Audited): Promise<void> {
  for (const id of ids) {
    const { count } = await tx.location.updateMany({
      where: { id, shopId, archivedAt: { not: null } },
      data: { archivedAt: null },
    });
    if (count === 0) continue;
    await appendAudit(tx, shopId, {
      actor: audit.actor,
      action: "location.restored",
      entityType: "Location",
      entityId: id,
      reason: audit.reason ?? null,
      at: audit.at,
    });
  }
}

/** States in which a piece is no longer physically in the shop: it does not keep a location open. */
const GONE_STATES = ["sold", "archived", "returned_to_consignor", "written_off"];

/** Pieces still kept at any of these locations. */
export async function countPiecesAt(tx: Tx, shopId: string, locationIds: string[]): Promise<number> {
  if (locationIds.length === 0) return 0;
  return tx.piece.count({ where: { shopId, locationId: { in: locationIds }, state: { notIn: GONE_STATES } } });
}

/**
 * Shopify's names for its locations, written with the sites they name (the set-up sync), inside the
 * caller's transaction. A mirror of Shopify's data: no audit entry of its own.
 */
export async function recordShopifyLocationNames(
  tx: Tx,
  shopId: string,
  locations: { gid: string; name: string }[],
): Promise<void> {
  for (const l of locations) {
    await tx.shopifyLocationName.upsert({
      where: { shopId_gid: { shopId, gid: l.gid } },
      create: { shopId, gid: l.gid, name: l.name },
      update: { name: l.name },
    });
  }
}

/** What the home page's set-up checklist needs: live sites, and storage places (safe, showcase, tray) under one. */
export async function treeProgress(shopId: string) {
  const [sites, storage] = await Promise.all([
    db.location.count({ where: { shopId, archivedAt: null, parentId: null } }),
    db.location.count({
      where: { shopId, archivedAt: null, parentId: { not: null }, kind: { in: ["safe", "showcase", "tray"] } },
    }),
  ]);
  return { sites, storage };
}
