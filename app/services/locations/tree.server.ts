// The set-up page's tree editor: add a place under a site, rename it, move it under another parent
// of the same site, archive it. Each change is one transaction under the tree lock, audited, with
// the paths of everything under it rewritten; a path another location holds is refused beside the
// name field and nothing is written.
import { inTransaction, type Tx } from "../../models/transaction.server";
import {
  archiveLocations,
  countPiecesAt,
  insertLocation,
  locationTree,
  lockLocationTree,
  reshapeLocation,
  type LocationKind,
  type LocationTreeRow,
} from "../../models/locations.server";
import type { Actor } from "../../models/actor";
import { freshLocationId, takenLocationCodes } from "./labels.server";
import { descendantsOf, isSelfOrDescendant, pathClashes, pathOf, repath } from "../../domain/locations/tree";

export type TreeRefusal = {
  ok: false;
  code:
    | "UNKNOWN_LOCATION"
    | "UNKNOWN_PARENT"
    | "PARENT_ARCHIVED"
    | "LOCATION_ARCHIVED"
    | "DUPLICATE_PATH"
    | "MOVE_INTO_ITSELF"
    | "OTHER_SITE"
    | "SITE_NOT_MOVABLE"
    | "SITE_FOLLOWS_SHOPIFY"
    | "PIECES_PRESENT";
  field: string;
  vars?: Record<string, string | number>;
};

export type TreeResult = { ok: true; id: string; path: string } | TreeRefusal;

const refuse = (code: TreeRefusal["code"], field: string, vars?: TreeRefusal["vars"]): TreeRefusal => ({
  ok: false,
  code,
  field,
  ...(vars ? { vars } : {}),
});

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

/** Runs one change under the tree lock; a path taken meanwhile (the unique index) is the same refusal. */
async function treeChange(
  shopId: string,
  work: (tx: Tx, rows: LocationTreeRow[]) => Promise<TreeResult>,
): Promise<TreeResult> {
  try {
    return await inTransaction(async (tx) => work(tx, await lockedTree(tx, shopId)));
  } catch (error) {
    if (isUniqueViolation(error)) return refuse("DUPLICATE_PATH", "name");
    throw error;
  }
}

/** The tree as a change reads it: every location, archived ones included, under the tree lock. */
export async function lockedTree(tx: Tx, shopId: string): Promise<LocationTreeRow[]> {
  await lockLocationTree(tx, shopId);
  return locationTree(shopId, tx);
}

function liveRow(rows: LocationTreeRow[], id: string, field: string): LocationTreeRow | TreeRefusal {
  const row = rows.find((r) => r.id === id);
  if (!row) return refuse(field === "parentId" ? "UNKNOWN_PARENT" : "UNKNOWN_LOCATION", field);
  if (row.archivedAt) return refuse(field === "parentId" ? "PARENT_ARCHIVED" : "LOCATION_ARCHIVED", field);
  return row;
}

const refused = (value: LocationTreeRow | TreeRefusal): value is TreeRefusal => "ok" in value;

export async function addChildLocation(
  shopId: string,
  input: { parentId: string; kind: Exclude<LocationKind, "site">; name: string },
  actor: Actor,
): Promise<TreeResult> {
  return treeChange(shopId, (tx, rows) => addChildLocationInTx(tx, shopId, rows, input, { actor }));
}

/**
 * addChildLocation inside the caller's transaction (the CSV import creates the places its rows
 * name in the chunk that first needs them), against `rows` read by lockedTree in that
 * transaction; the new place is added to `rows`, so the next call sees it.
 */
export async function addChildLocationInTx(
  tx: Tx,
  shopId: string,
  rows: LocationTreeRow[],
  input: { parentId: string; kind: Exclude<LocationKind, "site">; name: string },
  audit: { actor: Actor; reason?: string | null },
): Promise<TreeResult> {
  const parent = liveRow(rows, input.parentId, "parentId");
  if (refused(parent)) return parent;
  const path = pathOf(parent.path, input.name);
  if (rows.some((r) => r.path === path)) return refuse("DUPLICATE_PATH", "name", { path });
  const row = {
    // A fresh id whose label code no other place of the shop has (archived ones included).
    id: freshLocationId(takenLocationCodes(rows)),
    name: input.name,
    kind: input.kind,
    parentId: parent.id,
    shopifyLocationGid: parent.shopifyLocationGid,
    path,
  };
  const id = await insertLocation(tx, shopId, row, audit);
  rows.push({ ...row, id, archivedAt: null });
  return { ok: true, id, path };
}

export async function renameLocation(
  shopId: string,
  input: { id: string; name: string },
  actor: Actor,
): Promise<TreeResult> {
  return treeChange(shopId, async (tx, rows) => {
    const row = liveRow(rows, input.id, "id");
    if (refused(row)) return row;
    const parentPath = row.parentId ? (rows.find((r) => r.id === row.parentId)?.path ?? null) : null;
    return reshape(tx, shopId, rows, row, { name: input.name, parentId: row.parentId, parentPath }, actor);
  });
}

export async function moveLocation(
  shopId: string,
  input: { id: string; parentId: string },
  actor: Actor,
): Promise<TreeResult> {
  return treeChange(shopId, async (tx, rows) => {
    const row = liveRow(rows, input.id, "id");
    if (refused(row)) return row;
    if (row.parentId === null) return refuse("SITE_NOT_MOVABLE", "parentId");
    const parent = liveRow(rows, input.parentId, "parentId");
    if (refused(parent)) return parent;
    if (isSelfOrDescendant(rows, row.id, parent.id)) return refuse("MOVE_INTO_ITSELF", "parentId");
    if (siteOf(rows, parent).id !== siteOf(rows, row).id) return refuse("OTHER_SITE", "parentId");
    return reshape(tx, shopId, rows, row, { name: row.name, parentId: parent.id, parentPath: parent.path }, actor);
  });
}

export async function archiveLocation(shopId: string, input: { id: string }, actor: Actor): Promise<TreeResult> {
  return treeChange(shopId, async (tx, rows) => {
    const row = liveRow(rows, input.id, "id");
    if (refused(row)) return row;
    // A site is there as long as its Shopify location is active (set-up archives it when it is not).
    if (row.parentId === null) return refuse("SITE_FOLLOWS_SHOPIFY", "id");
    const subtree = [row, ...descendantsOf(rows, row.id).filter((r) => r.archivedAt === null)];
    const pieces = await countPiecesAt(
      tx,
      shopId,
      subtree.map((r) => r.id),
    );
    if (pieces > 0) return refuse("PIECES_PRESENT", "id", { count: pieces, path: row.path });
    await archiveLocations(
      tx,
      shopId,
      subtree.map((r) => r.id),
      new Date(),
      { actor },
    );
    return { ok: true, id: row.id, path: row.path };
  });
}

function siteOf(rows: LocationTreeRow[], row: LocationTreeRow): LocationTreeRow {
  let current = row;
  while (current.parentId !== null) current = rows.find((r) => r.id === current.parentId)!;
  return current;
}

async function reshape(
  tx: Tx,
  shopId: string,
  rows: LocationTreeRow[],
  row: LocationTreeRow,
  after: { name: string; parentId: string | null; parentPath: string | null },
  actor: Actor,
): Promise<TreeResult> {
  if (after.name === row.name && after.parentId === row.parentId) return { ok: true, id: row.id, path: row.path };
  const paths = repath(rows, row.id, { name: after.name, parentPath: after.parentPath });
  const clash = pathClashes(rows, paths)[0];
  if (clash) return refuse("DUPLICATE_PATH", "name", { path: clash.to });
  const action = after.parentId === row.parentId ? "location.renamed" : "location.moved";
  await reshapeLocation(
    tx,
    shopId,
    {
      id: row.id,
      action,
      before: { name: row.name, parentId: row.parentId },
      after: { name: after.name, parentId: after.parentId },
      paths,
    },
    { actor },
  );
  return { ok: true, id: row.id, path: pathOf(after.parentPath, after.name) };
}
