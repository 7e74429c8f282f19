// What a piece's ledger (app/domain/ledger.ts) reads besides its audit entries and movements: its
// sales, and the names of people whose stored label predates Shopify telling Loupe their name.
import { db } from "../db.server";

export async function salesOfPiece(shopId: string, pieceId: string) {
  return db.pieceSale.findMany({
    where: { shopId, pieceId },
    orderBy: { soldAt: "asc" },
    select: { orderName: true, priceMinor: true, currency: true, soldAt: true, refundedAt: true },
  });
}

/** Shopify user id → the person's name as known now. */
export async function shopifyUserNames(shopId: string): Promise<Map<string, string>> {
  const people = await db.staffMember.findMany({
    where: { shopId, shopifyUserId: { not: null } },
    select: { shopifyUserId: true, name: true },
  });
  return new Map(
    people
      // A person still known only by id has no better name to give.
      .filter((p) => p.shopifyUserId !== null && p.name !== `Shopify user ${p.shopifyUserId}`)
      .map((p) => [p.shopifyUserId!, p.name]),
  );
}

/**
 * Consignments still open (neither settled nor returned) whose piece is still in the shop's hands
 * and whose due date is on or before `until`, soonest first.
 */
export async function consignmentsDueBy(shopId: string, until: Date, take = 20) {
  return db.consignment.findMany({
    where: {
      shopId,
      settledAt: null,
      returnedAt: null,
      dueAt: { not: null, lte: until },
      piece: { shopId, state: { notIn: ["sold", "archived", "returned_to_consignor", "written_off"] } },
    },
    orderBy: [{ dueAt: "asc" }, { id: "asc" }],
    take,
    select: {
      dueAt: true,
      consignor: { select: { name: true } },
      piece: { select: { id: true, title: true, tagCode: true, state: true } },
    },
  });
}

/** The shop's latest audit entries about pieces, newest first, with what a ledger line needs. */
export async function recentPieceEntries(shopId: string, take = 30) {
  const entries = await db.auditLog.findMany({
    where: { shopId, entityType: "Piece" },
    orderBy: { seq: "desc" },
    take,
    select: { seq: true, at: true, actor: true, action: true, reason: true, data: true, entityId: true },
  });
  const ids = [...new Set(entries.map((e) => e.entityId))];
  const [pieces, sales] = await Promise.all([
    db.piece.findMany({ where: { shopId, id: { in: ids } }, select: { id: true, title: true, currency: true } }),
    db.pieceSale.findMany({
      where: { shopId, pieceId: { in: ids } },
      select: { pieceId: true, orderName: true, priceMinor: true, currency: true, soldAt: true, refundedAt: true },
    }),
  ]);
  return { entries, pieces, sales };
}
