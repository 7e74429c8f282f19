// Material stock records: classes, moves (the source of truth), method changes, closed periods,
// settings, reference prices, jobs and impairments. The only Prisma user for materials; every
// call takes the shop.
import { db, dbProvider, type Tx } from "../db.server";
import type { StoredMove, MethodChangeRow, MoveType } from "../domain/materials/replay";
import type { ValuationMethod } from "../domain/valuation/index";

type Client = Tx;
const client = (tx?: Client): Client => tx ?? db;

export type MaterialClassRow = Awaited<ReturnType<typeof listClasses>>[number];

export async function listClasses(shopId: string, tx?: Client) {
  return client(tx).materialClass.findMany({
    where: { shopId, archivedAt: null },
    orderBy: [{ kind: "asc" }, { code: "asc" }],
  });
}

export async function getClass(shopId: string, id: string, tx?: Client) {
  return client(tx).materialClass.findFirst({ where: { shopId, id } });
}

export async function findClassByCode(shopId: string, code: string, tx?: Client) {
  return client(tx).materialClass.findFirst({ where: { shopId, code } });
}

export async function insertClass(
  tx: Client,
  shopId: string,
  data: {
    kind: string;
    code: string;
    label: string;
    metal?: string | null;
    finenessBp?: number | null;
    investment?: boolean;
    unit: string;
    method: string;
    standardUnitCost?: string | null;
    attributes?: Record<string, string>;
    nrvUnitValue?: string | null;
  },
) {
  return tx.materialClass.create({
    data: { ...data, shopId, attributes: JSON.stringify(data.attributes ?? {}) },
  });
}

export async function updateClassMethod(tx: Client, shopId: string, id: string, method: string) {
  const result = await tx.materialClass.updateMany({ where: { shopId, id }, data: { method } });
  return result.count === 1;
}

export async function updateClassNrv(
  tx: Client,
  shopId: string,
  id: string,
  nrvUnitValue: string | null,
  standardUnitCost?: string | null,
) {
  return tx.materialClass.updateMany({
    where: { shopId, id },
    data: { nrvUnitValue, ...(standardUnitCost !== undefined ? { standardUnitCost } : {}) },
  });
}

/**
 * Serialises a shop's material ledger writes across app instances (PostgreSQL; SQLite writes are
 * serial anyway): a move re-costs the classes its transfers feed and the jobs they supply, so two
 * writes in linked classes must not each compute that from a view without the other.
 */
export async function lockShopLedger(tx: Client, shopId: string) {
  if (dbProvider() === "postgresql") {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`materials:${shopId}`}, 0))`;
  }
}

/** Serialises writes to one class across app instances (PostgreSQL); SQLite writes are serial anyway. */
export async function lockClass(tx: Client, shopId: string, classId: string) {
  if (dbProvider() === "postgresql") {
    await tx.$executeRaw`SELECT 1 FROM "MaterialClass" WHERE "id" = ${classId} AND "shopId" = ${shopId} FOR UPDATE`;
  }
}

export type MoveRow = Awaited<ReturnType<typeof listMoves>>[number];

export async function listMoves(shopId: string, classId: string, tx?: Client) {
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

export async function listAllMoves(shopId: string) {
  return db.materialMove.findMany({
    where: { shopId },
    orderBy: [{ effectiveAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
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

// ---------------------------------------------------------------- the whole ledger, for replays

/** Every class of the shop, archived ones too (their moves still value the classes they fed). */
export async function listAllClasses(shopId: string, tx?: Client) {
  return client(tx).materialClass.findMany({ where: { shopId }, orderBy: { id: "asc" } });
}

/** Every move of the shop with what a replay needs, in effective order. */
export async function listLedgerMoves(shopId: string, tx?: Client) {
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

/**
 * What the valuation of a shop's material stock depends on, cheaply: moves, method changes and
 * period closes are insert-only (the database refuses updates and deletes), so their counts
 * change with every write; classes (method, standard cost) and settings are compared as read.
 */
export async function ledgerFingerprint(shopId: string, tx?: Client): Promise<string> {
  const c = client(tx);
  const [moves, changes, closes, settings, classes, shop] = await Promise.all([
    c.materialMove.count({ where: { shopId } }),
    c.materialMethodChange.count({ where: { shopId } }),
    c.materialPeriodClose.count({ where: { shopId } }),
    c.materialSettings.findUnique({ where: { shopId }, select: { negativeStock: true } }),
    c.materialClass.findMany({
      where: { shopId },
      select: { id: true, method: true, standardUnitCost: true },
      orderBy: { id: "asc" },
    }),
    c.shop.findUnique({ where: { id: shopId }, select: { currency: true } }),
  ]);
  const classText = classes.map((k) => `${k.id}:${k.method}:${k.standardUnitCost ?? ""}`).join(",");
  return `${moves}|${changes}|${closes}|${settings?.negativeStock ?? "refuse"}|${shop?.currency ?? ""}|${classText}`;
}

export async function listJobsWithMoves(shopId: string, jobIds: readonly string[], tx?: Client) {
  if (jobIds.length === 0) return [];
  return client(tx).materialJob.findMany({
    where: { shopId, id: { in: [...jobIds] } },
    include: { costs: true, moves: { select: { id: true, classId: true, purpose: true, qty: true, type: true } } },
  });
}

/** A finished job's cost after a re-cost; false when the job is not finished (nothing to re-cost). */
export async function recostFinishedJob(
  tx: Client,
  shopId: string,
  id: string,
  data: { costMinor: bigint; abnormalLossMinor: bigint },
) {
  const result = await tx.materialJob.updateMany({ where: { shopId, id, status: "finished" }, data });
  return result.count === 1;
}

/** The cost of the piece a job made follows the job's cost (the caller writes the audit row). */
export async function setPieceCost(tx: Client, shopId: string, pieceId: string, costMinor: bigint) {
  const result = await tx.piece.updateMany({ where: { shopId, id: pieceId }, data: { costMinor } });
  return result.count === 1;
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
  lot?: string | null;
  jobRef?: string | null;
  reason?: string | null;
  effectiveAt: Date;
  createdAt: Date;
  actorName: string;
};

export async function insertMove(tx: Client, shopId: string, move: NewMove) {
  return tx.materialMove.create({ data: { ...move, shopId } });
}

export async function listMethodChanges(shopId: string, classId: string, tx?: Client) {
  return client(tx).materialMethodChange.findMany({ where: { shopId, classId }, orderBy: { effectiveFrom: "asc" } });
}

export async function listAllMethodChanges(shopId: string) {
  return db.materialMethodChange.findMany({ where: { shopId }, orderBy: { effectiveFrom: "asc" } });
}

export function asChangeRow(row: { fromMethod: string; toMethod: string; effectiveFrom: Date }): MethodChangeRow {
  return {
    fromMethod: row.fromMethod as ValuationMethod,
    toMethod: row.toMethod as ValuationMethod,
    effectiveFrom: row.effectiveFrom,
  };
}

export async function insertMethodChange(
  tx: Client,
  shopId: string,
  data: {
    classId: string;
    fromMethod: string;
    toMethod: string;
    justification: string;
    effectiveFrom: Date;
    actorName: string;
  },
) {
  return tx.materialMethodChange.create({ data: { ...data, shopId } });
}

// ---------------------------------------------------------------- periods and settings

export async function listPeriodCloses(shopId: string, tx?: Client) {
  return client(tx).materialPeriodClose.findMany({ where: { shopId }, orderBy: { closedThrough: "asc" } });
}

export async function lastClosedThrough(shopId: string, tx?: Client): Promise<Date | null> {
  const last = await client(tx).materialPeriodClose.findFirst({
    where: { shopId },
    orderBy: { closedThrough: "desc" },
  });
  return last?.closedThrough ?? null;
}

export async function insertPeriodClose(tx: Client, shopId: string, closedThrough: Date, actorName: string) {
  return tx.materialPeriodClose.create({ data: { shopId, closedThrough, actorName } });
}

export async function getSettingsRow(shopId: string, tx?: Client) {
  return client(tx).materialSettings.findUnique({ where: { shopId } });
}

export async function upsertSettings(
  tx: Client,
  shopId: string,
  data: {
    siren: string | null;
    normalLossBp: number;
    sellingCostBp: number;
    negativeStock: string;
    accounts: string;
    updatedBy: string;
  },
) {
  return tx.materialSettings.upsert({ where: { shopId }, create: { shopId, ...data }, update: data });
}

// ---------------------------------------------------------------- reference prices

export async function listPrices(shopId: string, take = 200) {
  return db.materialPrice.findMany({ where: { shopId }, orderBy: [{ day: "desc" }, { metal: "asc" }], take });
}

/** The latest price of each metal on or before an instant. */
export async function pricesAt(shopId: string, at: Date): Promise<Map<string, { pricePerGram: string; day: Date }>> {
  const rows = await db.materialPrice.findMany({ where: { shopId, day: { lte: at } }, orderBy: { day: "desc" } });
  const latest = new Map<string, { pricePerGram: string; day: Date }>();
  for (const row of rows)
    if (!latest.has(row.metal)) latest.set(row.metal, { pricePerGram: row.pricePerGram, day: row.day });
  return latest;
}

export async function upsertPrice(
  tx: Client,
  shopId: string,
  data: { metal: string; day: Date; pricePerGram: string; currency: string; source: string | null; actorName: string },
) {
  return tx.materialPrice.upsert({
    where: { shopId_metal_day: { shopId, metal: data.metal, day: data.day } },
    create: { shopId, ...data },
    update: {
      pricePerGram: data.pricePerGram,
      currency: data.currency,
      source: data.source,
      actorName: data.actorName,
    },
  });
}

// ---------------------------------------------------------------- jobs

export async function listJobs(shopId: string) {
  return db.materialJob.findMany({ where: { shopId }, orderBy: [{ status: "desc" }, { openedAt: "desc" }] });
}

export async function getJob(shopId: string, id: string, tx?: Client) {
  return client(tx).materialJob.findFirst({
    where: { shopId, id },
    include: {
      costs: { orderBy: { effectiveAt: "asc" } },
      moves: { orderBy: [{ effectiveAt: "asc" }, { createdAt: "asc" }], include: { class: true } },
    },
  });
}

export async function findJobByNumber(shopId: string, number: string, tx?: Client) {
  return client(tx).materialJob.findFirst({ where: { shopId, number } });
}

export async function insertJob(
  tx: Client,
  shopId: string,
  data: { number: string; title: string; openedAt: Date; actorName: string },
) {
  return tx.materialJob.create({ data: { ...data, shopId } });
}

export async function insertJobCost(
  tx: Client,
  shopId: string,
  data: { jobId: string; kind: string; amountMinor: bigint; note: string | null; effectiveAt: Date; actorName: string },
) {
  return tx.materialJobCost.create({ data: { ...data, shopId } });
}

/** Marks an open job finished; false when it was not open any more (someone else finished it). */
export async function finishJobRow(
  tx: Client,
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
export async function jobFinishesRecordedAt(shopId: string): Promise<Map<string, Date>> {
  const rows = await db.auditLog.findMany({
    where: { shopId, entityType: "MaterialJob", action: "materials.job_finished" },
    select: { entityId: true, at: true },
    orderBy: { seq: "asc" },
  });
  const out = new Map<string, Date>();
  for (const row of rows) if (!out.has(row.entityId)) out.set(row.entityId, row.at);
  return out;
}

export async function listJobCosts(shopId: string) {
  return db.materialJobCost.findMany({
    where: { shopId },
    orderBy: { effectiveAt: "asc" },
    include: { job: { select: { number: true } } },
  });
}

// ---------------------------------------------------------------- impairments and pieces

export async function listImpairments(shopId: string) {
  return db.materialImpairment.findMany({ where: { shopId }, orderBy: [{ effectiveAt: "asc" }, { createdAt: "asc" }] });
}

export async function insertImpairment(
  tx: Client,
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

/** Pieces carried in stock at a cost (owned, not consigned, not sold or gone). */
export async function listStockPiecesWithCost(shopId: string) {
  return db.piece.findMany({
    where: {
      shopId,
      costMinor: { not: null },
      consignment: { is: null },
      state: { in: ["receiving", "active", "on_hold", "memo_out", "at_repair", "shown"] },
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

export async function shopCurrency(shopId: string, tx?: Client): Promise<string> {
  const shop = await client(tx).shop.findUniqueOrThrow({ where: { id: shopId }, select: { currency: true } });
  return shop.currency;
}

export async function shopInfo(shopId: string) {
  return db.shop.findUniqueOrThrow({
    where: { id: shopId },
    select: { currency: true, ianaTimezone: true, name: true, domain: true },
  });
}

export async function hasMovesAfter(tx: Client, shopId: string, classId: string, at: Date): Promise<boolean> {
  const later = await tx.materialMove.findFirst({
    where: { shopId, classId, effectiveAt: { gt: at } },
    select: { id: true },
  });
  return later !== null;
}

export async function countJobs(tx: Client, shopId: string): Promise<number> {
  return tx.materialJob.count({ where: { shopId } });
}

// ---------------------------------------------------------------- finished pieces sold

/** The finished job that made a piece, if the piece came from one. */
export async function findJobOfPiece(tx: Client, shopId: string, pieceId: string) {
  return tx.materialJob.findFirst({
    where: { shopId, pieceId, status: "finished" },
    select: { id: true, number: true, finishedAt: true, costMinor: true },
  });
}

export async function findPieceSaleEntry(tx: Client, shopId: string, saleId: string, kind: "sale" | "return") {
  return tx.materialPieceSale.findUnique({ where: { shopId_saleId_kind: { shopId, saleId, kind } } });
}

export async function insertPieceSaleEntry(
  tx: Client,
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
export async function listPieceSaleEntries(shopId: string, tx?: Client) {
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
  tx: Client,
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
  tx: Client,
  shopId: string,
  jobId: string,
  through: Date,
  costMinor: bigint,
) {
  return tx.materialPieceSale.count({
    where: { shopId, jobId, effectiveAt: { lte: through }, costMinor: { not: costMinor } },
  });
}
