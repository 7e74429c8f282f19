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

/**
 * What the counter's piece card shows to check the piece in hand (price, metals, stones) and
 * whether its tag was ever printed (by a kiosk or from the admin), for Print or Reprint.
 */
export async function pieceCardFacts(shopId: string, pieceId: string) {
  const [piece, printed] = await Promise.all([
    db.piece.findFirst({
      where: { shopId, id: pieceId },
      select: {
        priceMinor: true,
        metals: {
          orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
          select: { metal: true, colour: true, finenessBp: true, grossWeightMg: true },
        },
        stones: {
          orderBy: [{ sortOrder: "asc" }, { id: "asc" }],
          select: {
            type: true,
            origin: true,
            shape: true,
            millicarats: true,
            count: true,
            colour: true,
            clarity: true,
          },
        },
      },
    }),
    db.auditLog.count({
      where: {
        shopId,
        entityType: "Piece",
        entityId: pieceId,
        action: { in: ["piece.tag_printed", "piece.tag_reprinted"] },
      },
    }),
  ]);
  return piece ? { ...piece, tagPrinted: printed > 0 } : null;
}

export async function pieceForOperation(shopId: string, pieceId: string) {
  return db.piece.findFirst({
    where: { shopId, id: pieceId },
    select: { id: true, state: true, locationId: true, taggedAt: true, shopifyLocationGid: true },
  });
}

export async function locationsAt(shopId: string, shopifyLocationGid: string) {
  return db.location.findMany({
    where: { shopId, shopifyLocationGid, archivedAt: null },
    orderBy: { path: "asc" },
    select: { id: true, path: true },
  });
}

/**
 * The operation delivered under this key, if this shop's. Keys are the kiosks' own UUIDs and
 * unique across shops, so a key held by another shop is reported as such (the delivery is
 * refused as a reused key) without reading anything of that shop's.
 */
export async function findOperation(shopId: string, key: string) {
  const row = await db.kioskOperation.findUnique({ where: { key } });
  if (!row) return null;
  return row.shopId === shopId ? row : ("OTHER_SHOP" as const);
}

export async function insertOperation(
  tx: Tx,
  shopId: string,
  row: { key: string; deviceId: string; kind: string; result: string },
) {
  return tx.kioskOperation.create({ data: { ...row, shopId } });
}

export async function setOperationResult(tx: Tx, shopId: string, key: string, result: string) {
  await tx.kioskOperation.updateMany({ where: { shopId, key }, data: { result } });
}
