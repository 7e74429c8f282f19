// Pieces whose details are still to enter (Piece.detailsPendingAt set): the list, its count, the
// details sheet's pages, and the writes that clear or set the mark. Every query takes the shop.
import { db, type Prisma, type Tx } from "../db.server";

export const DETAILS_PAGE_SIZE = 50;

export type DetailsQuery = { locationId?: string; cursor?: string; take?: number };

async function pendingWhere(shopId: string, q: DetailsQuery): Promise<Prisma.PieceWhereInput> {
  const where: Prisma.PieceWhereInput = { shopId, detailsPendingAt: { not: null } };
  if (!q.locationId) return where;
  const place = await db.location.findFirst({ where: { shopId, id: q.locationId }, select: { path: true } });
  // An unknown location matches nothing rather than everything; a place includes what is under it.
  return place
    ? { ...where, OR: [{ locationId: q.locationId }, { location: { path: { startsWith: `${place.path} > ` } } }] }
    : { ...where, id: "" };
}

const DETAILS_SELECT = {
  id: true,
  tagCode: true,
  title: true,
  sku: true,
  version: true,
  currency: true,
  productGid: true,
  shopifyLocationGid: true,
  detailsPendingAt: true,
  costMinor: true,
  supplier: { select: { name: true } },
  location: { select: { id: true, path: true } },
  metals: {
    select: { metal: true, finenessBp: true, grossWeightMg: true, enteredWeight: true, enteredUnit: true },
    orderBy: { sortOrder: "asc" },
  },
  stones: { select: { type: true, origin: true, millicarats: true, count: true }, orderBy: { sortOrder: "asc" } },
  certificates: { select: { lab: true, number: true }, orderBy: { createdAt: "asc" } },
} satisfies Prisma.PieceSelect;

export type PendingPiece = Prisma.PieceGetPayload<{ select: typeof DETAILS_SELECT }>;

const ORDER: Prisma.PieceOrderByWithRelationInput[] = [{ detailsPendingAt: "asc" }, { id: "asc" }];

export async function countDetailsPending(shopId: string, q: DetailsQuery = {}): Promise<number> {
  return db.piece.count({ where: await pendingWhere(shopId, q) });
}

/** One page of the list, oldest mark first. */
export async function listDetailsPending(shopId: string, q: DetailsQuery = {}) {
  const take = Math.min(q.take ?? DETAILS_PAGE_SIZE, 250);
  const where = await pendingWhere(shopId, q);
  const rows = await db.piece.findMany({
    where,
    orderBy: ORDER,
    take: take + 1,
    ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
    select: DETAILS_SELECT,
  });
  const hasNext = rows.length > take;
  const page = hasNext ? rows.slice(0, take) : rows;
  return { pieces: page, nextCursor: hasNext ? page[page.length - 1]?.id : undefined };
}

/** Every piece of the list, in pages, for the details sheet. */
export async function* detailsPendingPages(
  shopId: string,
  q: DetailsQuery,
  pageSize = 1000,
): AsyncGenerator<PendingPiece[]> {
  const where = await pendingWhere(shopId, q);
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.piece.findMany({
      where,
      orderBy: ORDER,
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: DETAILS_SELECT,
    });
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    cursor = rows[rows.length - 1]!.id;
  }
}

/** The pieces of the shop carrying these tag codes (the details sheet's key). */
export async function piecesByTagCode(tx: Tx, shopId: string, tagCodes: readonly string[]) {
  const rows = await tx.piece.findMany({
    where: { shopId, tagCode: { in: [...tagCodes] } },
    select: { id: true, tagCode: true },
  });
  return new Map(rows.map((r) => [r.tagCode, r.id]));
}

/** What a details change reads first, beside the edit's own read: its place and its mark. */
export async function findPieceDetailsState(tx: Tx, shopId: string, pieceId: string) {
  return tx.piece.findFirst({
    where: { shopId, id: pieceId },
    select: {
      id: true,
      tagCode: true,
      version: true,
      detailsPendingAt: true,
      productGid: true,
      shopifyLocationGid: true,
      costMinor: true,
      location: { select: { id: true, path: true } },
      metals: { select: { finenessBp: true, grossWeightMg: true } },
      stones: { select: { millicarats: true } },
      _count: { select: { certificates: true } },
    },
  });
}

/** Clears (null) or sets the mark under the version read before; the new version, or null if it changed. */
export async function setDetailsPendingIfVersion(
  tx: Tx,
  shopId: string,
  piece: { id: string; version: number },
  at: Date | null,
): Promise<number | null> {
  const updated = await tx.piece.updateMany({
    where: { id: piece.id, shopId, version: piece.version },
    data: { detailsPendingAt: at, version: { increment: 1 } },
  });
  return updated.count === 1 ? piece.version + 1 : null;
}

/** Marks a piece's details as still to enter (pieces made from the Shopify catalogue; test set-up). */
export async function markDetailsPending(shopId: string, pieceId: string, at = new Date()): Promise<boolean> {
  const updated = await db.piece.updateMany({ where: { id: pieceId, shopId }, data: { detailsPendingAt: at } });
  return updated.count === 1;
}

/** The shop's suppliers (partners of kind supplier, or both), by name. */
export async function listSuppliers(shopId: string) {
  return db.party.findMany({
    where: { shopId, kind: { in: ["supplier", "both"] } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}

export async function findSupplier(tx: Tx, shopId: string, id: string) {
  return tx.party.findFirst({
    where: { shopId, id, kind: { in: ["supplier", "both"] } },
    select: { id: true, name: true },
  });
}

/** Active places under one Shopify location (a piece's own tree). */
export async function findPlaceInTree(tx: Tx, shopId: string, id: string) {
  return tx.location.findFirst({
    where: { shopId, id, archivedAt: null },
    select: { id: true, path: true, shopifyLocationGid: true },
  });
}

/** Active places by path (the details sheet names a place by its path). */
export async function activePlacesByPath(tx: Tx, shopId: string) {
  const rows = await tx.location.findMany({
    where: { shopId, archivedAt: null },
    select: { id: true, path: true, shopifyLocationGid: true },
  });
  return new Map(rows.map((r) => [r.path, r]));
}
