// Suppliers and consignors, and the consignments that put a consignor's piece in the shop's care.
// Every call takes the shop.
import type { Tx } from "../db.server";

export type PartyKind = "supplier" | "consignor";

/**
 * The party of this name, created when the shop has none; a supplier who now consigns (or the
 * reverse) becomes "both", so one person keeps one record.
 */
export async function findOrCreateParty(tx: Tx, shopId: string, name: string, kind: PartyKind) {
  const existing = await tx.party.findFirst({ where: { shopId, name } });
  if (existing) {
    if (existing.kind !== kind && existing.kind !== "both") {
      await tx.party.updateMany({ where: { id: existing.id, shopId }, data: { kind: "both" } });
      return { ...existing, kind: "both" };
    }
    return existing;
  }
  return tx.party.create({ data: { shopId, name, kind } });
}

export type NewConsignmentRow = {
  consignorId: string;
  commissionBp?: number | null;
  agreedNetMinor?: bigint | null;
  receivedAt: Date;
  dueAt?: Date | null;
  returnConditions?: string | null;
};

export async function insertConsignment(tx: Tx, shopId: string, pieceId: string, c: NewConsignmentRow) {
  return tx.consignment.create({
    data: {
      shopId,
      pieceId,
      consignorId: c.consignorId,
      commissionBp: c.commissionBp ?? null,
      agreedNetMinor: c.agreedNetMinor ?? null,
      receivedAt: c.receivedAt,
      dueAt: c.dueAt ?? null,
      returnConditions: c.returnConditions ?? null,
    },
  });
}
