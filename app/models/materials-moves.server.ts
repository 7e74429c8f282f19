// Material moves, the source of truth of material stock: insert-only (the database refuses updates
// and deletes), replayed in effective order to value a class. Every call takes the shop.
import { db, type Tx } from "../db.server";
import type { StoredMove, MoveType } from "../domain/materials/replay";

const client = (tx?: Tx): Tx => tx ?? db;

export type MoveRow = Awaited<ReturnType<typeof listMoves>>[number];

export async function listMoves(shopId: string, classId: string, tx?: Tx) {
  return client(tx).materialMove.findMany({
    where: { shopId, classId },
    orderBy: [{ effectiveAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
}

export async function listMovesBetween(shopId: string, from: Date | null, to: Date | null) {
  return db.materialMove.findMany({
    where: { shopId, effectiveAt: { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) } },
    orderBy: [{ effectiveAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    include: { class: { select: { code: true, label: true, unit: true } }, job: { select: { number: true } } },
  });
}

export async function listAllMoves(shopId: string, tx?: Tx) {
  return client(tx).materialMove.findMany({
    where: { shopId },
    orderBy: [{ effectiveAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
}

/** Every move of the shop with what a replay needs, in effective order. */
export async function listLedgerMoves(shopId: string, tx?: Tx) {
  return client(tx).materialMove.findMany({
    where: { shopId },
    orderBy: [{ effectiveAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      classId: true,
      type: true,
      purpose: true,
      qty: true,
      unitCost: true,
      ofMoveId: true,
      effectiveAt: true,
      createdAt: true,
      jobId: true,
      transferId: true,
    },
  });
}

export function asStoredMove(row: {
  id: string;
  type: string;
  purpose: string;
  qty: string | null;
  unitCost: string | null;
  ofMoveId: string | null;
  effectiveAt: Date;
  createdAt: Date;
  jobId: string | null;
  transferId?: string | null;
}): StoredMove {
  return {
    id: row.id,
    type: row.type as MoveType,
    purpose: row.purpose,
    qty: row.qty,
    unitCost: row.unitCost,
    ofMoveId: row.ofMoveId,
    effectiveAt: row.effectiveAt,
    createdAt: row.createdAt,
    jobId: row.jobId,
    transferId: row.transferId ?? null,
  };
}

export type NewMove = {
  id: string;
  classId: string;
  type: MoveType;
  purpose: string;
  qty: string | null;
  unitCost: string | null;
  ofMoveId?: string | null;
  transferId?: string | null;
  jobId?: string | null;
  supplier?: string | null;
  partnerId?: string | null;
  lot?: string | null;
  jobRef?: string | null;
  reason?: string | null;
  effectiveAt: Date;
  createdAt: Date;
  actorName: string;
};

export async function insertMove(tx: Tx, shopId: string, move: NewMove) {
  return tx.materialMove.create({ data: { ...move, shopId } });
}

export async function hasMovesAfter(tx: Tx, shopId: string, classId: string, at: Date): Promise<boolean> {
  const later = await tx.materialMove.findFirst({
    where: { shopId, classId, effectiveAt: { gt: at } },
    select: { id: true },
  });
  return later !== null;
}
