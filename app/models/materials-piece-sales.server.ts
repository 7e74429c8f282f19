// Finished pieces sold and returned: one insert-only entry per sale and kind, at the cost of the
// job that made the piece. Every call takes the shop.
import { db, type Tx } from "../db.server";

const client = (tx?: Tx): Tx => tx ?? db;

export async function findPieceSaleEntry(tx: Tx, shopId: string, saleId: string, kind: "sale" | "return") {
  return tx.materialPieceSale.findUnique({ where: { shopId_saleId_kind: { shopId, saleId, kind } } });
}

export async function insertPieceSaleEntry(
  tx: Tx,
  shopId: string,
  data: {
    saleId: string;
    kind: "sale" | "return";
    pieceId: string;
    jobId: string;
    orderName: string | null;
    costMinor: bigint;
    eventAt: Date;
    effectiveAt: Date;
    deferredFrom: Date | null;
    actorName: string;
  },
) {
  return tx.materialPieceSale.create({ data: { ...data, shopId } });
}

/** Sales and returns of finished pieces, oldest first, with the piece's tag and the job's number. */
export async function listPieceSaleEntries(shopId: string, tx?: Tx) {
  const rows = await client(tx).materialPieceSale.findMany({
    where: { shopId },
    orderBy: [{ effectiveAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    include: { job: { select: { number: true } } },
  });
  const pieces = await client(tx).piece.findMany({
    where: { shopId, id: { in: [...new Set(rows.map((r) => r.pieceId))] } },
    select: { id: true, tagCode: true, title: true },
  });
  const byId = new Map(pieces.map((p) => [p.id, p]));
  return rows.map((r) => ({
    ...r,
    tagCode: byId.get(r.pieceId)?.tagCode ?? r.pieceId,
    title: byId.get(r.pieceId)?.title ?? "",
  }));
}

/** A job's sale entries dated after `after` (all when null) follow its re-costed piece; returns how many. */
export async function recostPieceSaleEntries(
  tx: Tx,
  shopId: string,
  jobId: string,
  costMinor: bigint,
  after: Date | null,
) {
  const result = await tx.materialPieceSale.updateMany({
    where: { shopId, jobId, ...(after ? { effectiveAt: { gt: after } } : {}), costMinor: { not: costMinor } },
    data: { costMinor },
  });
  return result.count;
}

/** Sale entries of a job dated on or before `through` (a closed period) whose cost differs from `costMinor`. */
export async function countClosedPieceSaleEntries(
  tx: Tx,
  shopId: string,
  jobId: string,
  through: Date,
  costMinor: bigint,
) {
  return tx.materialPieceSale.count({
    where: { shopId, jobId, effectiveAt: { lte: through }, costMinor: { not: costMinor } },
  });
}
