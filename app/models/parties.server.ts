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

/**
 * findOrCreateParty for several names at once (an import's chunk): one read, one update for
 * those becoming "both", one insert for the new ones. Ids by name; of two parties with the same
 * name, the older one is used.
 */
export async function findOrCreateParties(
  tx: Tx,
  shopId: string,
  names: readonly string[],
  kind: PartyKind,
): Promise<Map<string, string>> {
  const wanted = [...new Set(names)];
  if (wanted.length === 0) return new Map();
  const rows = await tx.party.findMany({
    where: { shopId, name: { in: wanted } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, kind: true },
  });
  const found = new Map<string, { id: string; kind: string }>();
  for (const r of rows) if (!found.has(r.name)) found.set(r.name, r);
  const becomeBoth = [...found.values()].filter((p) => p.kind !== kind && p.kind !== "both").map((p) => p.id);
  if (becomeBoth.length)
    await tx.party.updateMany({ where: { shopId, id: { in: becomeBoth } }, data: { kind: "both" } });
  const missing = wanted.filter((name) => !found.has(name));
  const created = missing.length
    ? await tx.party.createManyAndReturn({
        data: missing.map((name) => ({ shopId, name, kind })),
        select: { id: true, name: true },
      })
    : [];
  return new Map([
    ...[...found].map(([name, p]) => [name, p.id] as const),
    ...created.map((p) => [p.name, p.id] as const),
  ]);
}

export type NewConsignmentRow = {
  consignorId: string;
  commissionBp?: number | null;
  agreedNetMinor?: bigint | null;
  receivedAt: Date;
  dueAt?: Date | null;
  returnConditions?: string | null;
};

const consignmentRow = (shopId: string, pieceId: string, c: NewConsignmentRow) => ({
  shopId,
  pieceId,
  consignorId: c.consignorId,
  commissionBp: c.commissionBp ?? null,
  agreedNetMinor: c.agreedNetMinor ?? null,
  receivedAt: c.receivedAt,
  dueAt: c.dueAt ?? null,
  returnConditions: c.returnConditions ?? null,
});

export async function insertConsignment(tx: Tx, shopId: string, pieceId: string, c: NewConsignmentRow) {
  return tx.consignment.create({ data: consignmentRow(shopId, pieceId, c) });
}

/** Many pieces' consignments in one statement (an import's chunk). */
export async function insertConsignments(
  tx: Tx,
  shopId: string,
  rows: readonly (NewConsignmentRow & { pieceId: string })[],
): Promise<void> {
  if (rows.length)
    await tx.consignment.createMany({ data: rows.map(({ pieceId, ...c }) => consignmentRow(shopId, pieceId, c)) });
}
