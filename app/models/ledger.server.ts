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
