// Reads for the kiosk's counter screens, and the KioskOperation rows that make redelivered
// operations harmless.
import { db, type Tx } from "../db.server";

export const PIECE_SUMMARY_SELECT = {
  id: true,
  tagCode: true,
  title: true,
  state: true,
  sku: true,
  taggedAt: true,
  location: { select: { path: true } },
} as const;

export async function receivingPieces(shopId: string, shopifyLocationGid: string, take = 200) {
  return db.piece.findMany({
    where: { shopId, state: "receiving", OR: [{ shopifyLocationGid }, { shopifyLocationGid: null }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: PIECE_SUMMARY_SELECT,
  });
}

export async function pieceSummaryByTagCode(shopId: string, tagCode: string) {
  return db.piece.findFirst({ where: { shopId, tagCode }, select: PIECE_SUMMARY_SELECT });
}

export async function pieceForOperation(shopId: string, pieceId: string) {
  return db.piece.findFirst({
    where: { shopId, id: pieceId },
    select: { id: true, state: true, locationId: true, taggedAt: true },
  });
}

export async function locationsAt(shopId: string, shopifyLocationGid: string) {
  return db.location.findMany({
    where: { shopId, shopifyLocationGid, archivedAt: null },
    orderBy: { path: "asc" },
    select: { id: true, path: true },
  });
}

export async function findOperation(key: string) {
  return db.kioskOperation.findUnique({ where: { key } });
}

export async function insertOperation(
  tx: Tx,
  row: { key: string; shopId: string; deviceId: string; kind: string; result: string },
) {
  return tx.kioskOperation.create({ data: row });
}

export async function setOperationResult(tx: Tx, key: string, result: string) {
  await tx.kioskOperation.update({ where: { key }, data: { result } });
}
