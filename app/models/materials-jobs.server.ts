// Manufacturing jobs and their labour and overhead costs, and the cost of the piece a finished
// job made. Every call takes the shop.
import { db, type Tx } from "../db.server";

const client = (tx?: Tx): Tx => tx ?? db;

export async function listJobs(shopId: string, tx?: Tx) {
  return client(tx).materialJob.findMany({ where: { shopId }, orderBy: [{ status: "desc" }, { openedAt: "desc" }] });
}

export async function getJob(shopId: string, id: string, tx?: Tx) {
  return client(tx).materialJob.findFirst({
    where: { shopId, id },
    include: {
      costs: { orderBy: { effectiveAt: "asc" } },
      moves: { orderBy: [{ effectiveAt: "asc" }, { createdAt: "asc" }], include: { class: true } },
    },
  });
}

export async function findJobByNumber(shopId: string, number: string, tx?: Tx) {
  return client(tx).materialJob.findFirst({ where: { shopId, number } });
}

export async function countJobs(tx: Tx, shopId: string): Promise<number> {
  return tx.materialJob.count({ where: { shopId } });
}

export async function insertJob(
  tx: Tx,
  shopId: string,
  data: { number: string; title: string; openedAt: Date; actorName: string },
) {
  return tx.materialJob.create({ data: { ...data, shopId } });
}

export async function insertJobCost(
  tx: Tx,
  shopId: string,
  data: { jobId: string; kind: string; amountMinor: bigint; note: string | null; effectiveAt: Date; actorName: string },
) {
  return tx.materialJobCost.create({ data: { ...data, shopId } });
}

/** Marks an open job finished; false when it was not open any more (someone else finished it). */
export async function finishJobRow(
  tx: Tx,
  shopId: string,
  id: string,
  data: {
    finishedAt: Date;
    pieceId: string;
    finishedContent: string;
    costMinor: bigint;
    normalLossBp: number;
    abnormalLossMinor: bigint;
  },
) {
  const result = await tx.materialJob.updateMany({
    where: { shopId, id, status: "open" },
    data: { ...data, status: "finished" },
  });
  return result.count === 1;
}

/**
 * When each finished job's finish was recorded (its `materials.job_finished` audit entry, written
 * in the finish's transaction), by job id. finishedAt is the accounting date chosen, often earlier.
 */
export async function jobFinishesRecordedAt(shopId: string, tx?: Tx): Promise<Map<string, Date>> {
  const rows = await client(tx).auditLog.findMany({
    where: { shopId, entityType: "MaterialJob", action: "materials.job_finished" },
    select: { entityId: true, at: true },
    orderBy: { seq: "asc" },
  });
  const out = new Map<string, Date>();
  for (const row of rows) if (!out.has(row.entityId)) out.set(row.entityId, row.at);
  return out;
}

export async function listJobCosts(shopId: string, tx?: Tx) {
  return client(tx).materialJobCost.findMany({
    where: { shopId },
    orderBy: { effectiveAt: "asc" },
    include: { job: { select: { number: true } } },
  });
}

export async function listJobsWithMoves(shopId: string, jobIds: readonly string[], tx?: Tx) {
  if (jobIds.length === 0) return [];
  return client(tx).materialJob.findMany({
    where: { shopId, id: { in: [...jobIds] } },
    include: { costs: true, moves: { select: { id: true, classId: true, purpose: true, qty: true, type: true } } },
  });
}

/** A finished job's cost after a re-cost; false when the job is not finished (nothing to re-cost). */
export async function recostFinishedJob(
  tx: Tx,
  shopId: string,
  id: string,
  data: { costMinor: bigint; abnormalLossMinor: bigint },
) {
  const result = await tx.materialJob.updateMany({ where: { shopId, id, status: "finished" }, data });
  return result.count === 1;
}

/** The cost of the piece a job made follows the job's cost (the caller writes the audit row). */
export async function setPieceCost(tx: Tx, shopId: string, pieceId: string, costMinor: bigint) {
  const result = await tx.piece.updateMany({ where: { shopId, id: pieceId }, data: { costMinor } });
  return result.count === 1;
}

/** The finished job that made a piece, if the piece came from one. */
export async function findJobOfPiece(tx: Tx, shopId: string, pieceId: string) {
  return tx.materialJob.findFirst({
    where: { shopId, pieceId, status: "finished" },
    select: { id: true, number: true, finishedAt: true, costMinor: true },
  });
}
