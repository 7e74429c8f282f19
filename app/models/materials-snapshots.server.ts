// Snapshots of a shop's material valuation (derived data: see MaterialSnapshot in the schema), and
// the moves on either side of a snapshot's cut. Every call takes the shop.
import { db, type Tx } from "../db.server";

const client = (tx?: Tx): Tx => tx ?? db;

export type Cut = { effectiveAt: Date; createdAt: Date; id: string };

/** Moves after a cut in replay order (effective date, then recording time, then id). */
function afterCut(cut: Cut) {
  return {
    OR: [
      { effectiveAt: { gt: cut.effectiveAt } },
      { effectiveAt: cut.effectiveAt, createdAt: { gt: cut.createdAt } },
      { effectiveAt: cut.effectiveAt, createdAt: cut.createdAt, id: { gt: cut.id } },
    ],
  };
}

export async function latestSnapshot(shopId: string, tx?: Tx) {
  return client(tx).materialSnapshot.findFirst({ where: { shopId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}

export async function insertSnapshot(
  shopId: string,
  data: {
    cut: Cut | null;
    movesThrough: number;
    basis: string;
    reason: "period_close" | "every_n";
    data: string;
  },
  tx?: Tx,
) {
  const c = client(tx);
  const row = await c.materialSnapshot.create({
    data: {
      shopId,
      cutEffectiveAt: data.cut?.effectiveAt ?? null,
      cutCreatedAt: data.cut?.createdAt ?? null,
      cutMoveId: data.cut?.id ?? null,
      movesThrough: data.movesThrough,
      basis: data.basis,
      reason: data.reason,
      data: data.data,
    },
  });
  // Only the latest few are ever read; older ones are derived data nobody needs.
  const keep = await c.materialSnapshot.findMany({
    where: { shopId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 3,
    select: { id: true },
  });
  await c.materialSnapshot.deleteMany({ where: { shopId, id: { notIn: keep.map((k) => k.id) } } });
  return row;
}

/** How many moves lie at or before a cut (none for a null cut: before any move). */
export async function countMovesThrough(shopId: string, cut: Cut | null, tx?: Tx): Promise<number> {
  if (!cut) return 0;
  const c = client(tx);
  const [all, after] = await Promise.all([
    c.materialMove.count({ where: { shopId } }),
    c.materialMove.count({ where: { shopId, ...afterCut(cut) } }),
  ]);
  return all - after;
}

export async function countAllMoves(shopId: string, tx?: Tx): Promise<number> {
  return client(tx).materialMove.count({ where: { shopId } });
}

/** The moves after a cut, with what a replay needs, in replay order (all of them when cut is null). */
export async function listLedgerMovesAfter(shopId: string, cut: Cut | null, tx?: Tx) {
  return client(tx).materialMove.findMany({
    where: cut ? { shopId, ...afterCut(cut) } : { shopId },
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

/** The last move in replay order (the cut a snapshot of "now" takes). */
export async function lastLedgerMove(shopId: string, tx?: Tx): Promise<Cut | null> {
  return client(tx).materialMove.findFirst({
    where: { shopId },
    orderBy: [{ effectiveAt: "desc" }, { createdAt: "desc" }, { id: "desc" }],
    select: { id: true, effectiveAt: true, createdAt: true },
  });
}

/** The last move effective on or before an instant (the cut of a period close). */
export async function lastLedgerMoveThrough(shopId: string, through: Date, tx?: Tx): Promise<Cut | null> {
  return client(tx).materialMove.findFirst({
    where: { shopId, effectiveAt: { lte: through } },
    orderBy: [{ effectiveAt: "desc" }, { createdAt: "desc" }, { id: "desc" }],
    select: { id: true, effectiveAt: true, createdAt: true },
  });
}
