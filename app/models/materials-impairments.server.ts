// Impairments (write-downs and their reversals) of material classes and pieces, and the pieces
// carried in stock at a cost that the impairment test looks at. Every call takes the shop.
import { db, type Tx } from "../db.server";

export async function listImpairments(shopId: string, tx?: Tx) {
  return (tx ?? db).materialImpairment.findMany({
    where: { shopId },
    orderBy: [{ effectiveAt: "asc" }, { createdAt: "asc" }],
  });
}

export async function insertImpairment(
  tx: Tx,
  shopId: string,
  data: {
    classId: string | null;
    pieceId: string | null;
    kind: "writedown" | "reversal";
    amountMinor: bigint;
    costMinor: bigint;
    marketMinor: bigint;
    reversesId: string | null;
    justification: string;
    effectiveAt: Date;
    actorName: string;
  },
) {
  return tx.materialImpairment.create({ data: { ...data, shopId } });
}

/** What is still written down on a piece: its write-downs less their reversals. */
export async function pieceAllowanceMinor(tx: Tx, shopId: string, pieceId: string): Promise<bigint> {
  const rows = await tx.materialImpairment.findMany({
    where: { shopId, pieceId },
    select: { kind: true, amountMinor: true },
  });
  return rows.reduce((sum, r) => sum + (r.kind === "writedown" ? r.amountMinor : -r.amountMinor), 0n);
}

/** Pieces carried in stock at a cost (owned, not consigned, not sold or gone). */
export async function listStockPiecesWithCost(shopId: string) {
  return db.piece.findMany({
    where: {
      shopId,
      costMinor: { not: null },
      consignment: { is: null },
      state: { in: ["receiving", "active", "on_hold", "memo_out", "at_repair", "shown", "to_inspect"] },
    },
    select: {
      id: true,
      tagCode: true,
      title: true,
      costMinor: true,
      priceMinor: true,
      currency: true,
      createdAt: true,
    },
    orderBy: { createdAt: "asc" },
  });
}

export async function getPieceTitle(shopId: string, id: string) {
  return db.piece.findFirst({ where: { shopId, id }, select: { id: true, tagCode: true, title: true } });
}
