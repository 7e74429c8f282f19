// Validated accounting entries of the material ledger, their validations, and receipts' supplier
// document numbers: insert-only (the database refuses updates and deletes). Every call takes the shop.
import { db, type Tx } from "../db.server";

const client = (tx?: Tx): Tx => tx ?? db;

export async function lastValidatedThrough(shopId: string, tx?: Tx): Promise<{ through: Date; day: string } | null> {
  const last = await client(tx).materialEntryValidation.findFirst({
    where: { shopId },
    orderBy: { through: "desc" },
    select: { through: true, throughDay: true },
  });
  return last ? { through: last.through, day: last.throughDay } : null;
}

/** Every validated entry with its lines, in validation order. */
export async function listValidatedEntries(shopId: string, range?: { fromDay: string; toDay: string }, tx?: Tx) {
  return client(tx).materialEntry.findMany({
    where: { shopId, ...(range ? { day: { gte: range.fromDay, lte: range.toDay } } : {}) },
    orderBy: { seq: "asc" },
    include: { lines: { orderBy: { position: "asc" } } },
  });
}

export type ValidatedEntryRow = Awaited<ReturnType<typeof listValidatedEntries>>[number];

/** How many entries each journal code has in each fiscal year (the last rank used), and the last sequence. */
export async function numberingState(shopId: string, tx?: Tx) {
  const c = client(tx);
  const [groups, last] = await Promise.all([
    c.materialEntry.groupBy({ by: ["journalCode", "fiscalYearEnd"], where: { shopId }, _count: { _all: true } }),
    c.materialEntry.findFirst({ where: { shopId }, orderBy: { seq: "desc" }, select: { seq: true } }),
  ]);
  return {
    ranks: new Map(groups.map((g) => [`${g.journalCode}|${g.fiscalYearEnd}`, g._count._all])),
    lastSeq: last?.seq ?? 0,
  };
}

export async function insertValidation(
  tx: Tx,
  shopId: string,
  data: { through: Date; throughDay: string; entries: number; corrections: number; actorName: string; at: Date },
) {
  return tx.materialEntryValidation.create({ data: { shopId, ...data } });
}

export type NewEntry = {
  seq: number;
  journalKind: string;
  journalCode: string;
  journalLib: string;
  number: string;
  fiscalYearEnd: string;
  day: string;
  pieceDay: string;
  sourceKey: string;
  kind: "original" | "correction";
  pieceRef: string;
  receiptMoveId: string | null;
  label: string;
  validationId: string;
  validatedAt: Date;
  lines: {
    role: string;
    account: string;
    accountLabel: string;
    auxNum: string | null;
    auxLabel: string | null;
    debitMinor: bigint;
    creditMinor: bigint;
  }[];
};

export async function insertEntry(tx: Tx, shopId: string, entry: NewEntry) {
  const { lines, ...rest } = entry;
  return tx.materialEntry.create({
    data: {
      shopId,
      ...rest,
      lines: { create: lines.map((line, position) => ({ shopId, position, ...line })) },
    },
    select: { id: true },
  });
}

// ---------------------------------------------------------------- receipts' supplier documents

export async function receiptDocuments(shopId: string, moveIds: readonly string[] | null, tx?: Tx) {
  const rows = await client(tx).materialReceiptDocument.findMany({
    where: { shopId, ...(moveIds ? { moveId: { in: [...moveIds] } } : {}) },
    select: { moveId: true, number: true },
  });
  return new Map(rows.map((r) => [r.moveId, r.number]));
}

export async function insertReceiptDocument(
  tx: Tx,
  shopId: string,
  data: { moveId: string; number: string; actorName: string },
) {
  return tx.materialReceiptDocument.create({ data: { shopId, ...data } });
}

/** Receipts with no supplier document number yet, oldest first, with their class and supplier. */
export async function receiptsWithoutDocument(shopId: string, tx?: Tx) {
  const c = client(tx);
  const documented = await c.materialReceiptDocument.findMany({ where: { shopId }, select: { moveId: true } });
  return c.materialMove.findMany({
    where: { shopId, purpose: "receipt", id: { notIn: documented.map((d) => d.moveId) } },
    orderBy: [{ effectiveAt: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      effectiveAt: true,
      qty: true,
      supplier: true,
      lot: true,
      class: { select: { code: true, unit: true } },
    },
  });
}

export async function getReceipt(shopId: string, moveId: string, tx?: Tx) {
  return client(tx).materialMove.findFirst({ where: { shopId, id: moveId, purpose: "receipt" }, select: { id: true } });
}

// ---------------------------------------------------------------- what entries name

/** Tag codes of pieces, by id. */
export async function pieceTagCodes(shopId: string, ids: readonly string[], tx?: Tx) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await client(tx).piece.findMany({
    where: { shopId, id: { in: [...ids] } },
    select: { id: true, tagCode: true },
  });
  return new Map(rows.map((r) => [r.id, r.tagCode]));
}

export async function countValidatedEntries(shopId: string, tx?: Tx) {
  return client(tx).materialEntry.count({ where: { shopId } });
}
