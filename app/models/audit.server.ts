// The append-only, hash-chained audit log (one chain per shop). Rows are only ever inserted; the
// database refuses updates (see the init migration's triggers).
import { auditHash, canonicalJson, verifyAuditChain } from "../domain/audit";
import { db, dbProvider, type Tx } from "../db.server";
import { actorLabel, type Actor } from "./actor";

export type AuditInput = {
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  reason?: string | null;
  data?: Record<string, unknown>;
  at?: Date;
};

/**
 * Appends one entry inside the caller's transaction, so the change and its audit row commit together.
 * Never put customer personal data in `data`: the chain cannot be redacted without breaking it.
 */
export async function appendAudit(tx: Tx, shopId: string, input: AuditInput) {
  if (dbProvider() === "postgresql") {
    // Serialises appends per shop across app instances: the next seq and prevHash depend on the last row.
    // NO KEY UPDATE, not UPDATE: every row the change wrote that references the shop holds a key-share
    // lock on it, which FOR UPDATE would wait for — two such changes appending at once deadlocked.
    await tx.$executeRaw`SELECT 1 FROM "Shop" WHERE "id" = ${shopId} FOR NO KEY UPDATE`;
  }
  const last = await tx.auditLog.findFirst({
    where: { shopId },
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? null;
  const at = input.at ?? new Date();
  const entry = {
    shopId,
    seq,
    at,
    actor: actorLabel(input.actor),
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    reason: input.reason ?? null,
    data: input.data ?? {},
  };
  const hash = auditHash(prevHash, entry);
  return tx.auditLog.create({
    data: { ...entry, data: canonicalJson(entry.data), prevHash, hash },
  });
}

/**
 * Appends many entries in the caller's transaction, chained in the order given, with one read of
 * the chain's end and one insert per few hundred rows (a chunk of pieces made from the Shopify
 * catalogue writes hundreds at once). The chain is exactly what as many appendAudit calls would give.
 */
export async function appendAuditMany(tx: Tx, shopId: string, inputs: readonly AuditInput[]): Promise<number> {
  if (inputs.length === 0) return 0;
  if (dbProvider() === "postgresql")
    await tx.$executeRaw`SELECT 1 FROM "Shop" WHERE "id" = ${shopId} FOR NO KEY UPDATE`;
  const last = await tx.auditLog.findFirst({
    where: { shopId },
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? null;
  const rows = inputs.map((input) => {
    seq += 1;
    const entry = {
      shopId,
      seq,
      at: input.at ?? new Date(),
      actor: actorLabel(input.actor),
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      reason: input.reason ?? null,
      data: input.data ?? {},
    };
    const hash = auditHash(prevHash, entry);
    const row = { ...entry, data: canonicalJson(entry.data), prevHash, hash };
    prevHash = hash;
    return row;
  });
  for (let i = 0; i < rows.length; i += 500) await tx.auditLog.createMany({ data: rows.slice(i, i + 500) });
  return rows.length;
}

/** Checks the shop's whole chain; a row edited, removed or reordered in the database breaks it. */
export async function verifyShopAudit(shopId: string) {
  const rows = await db.auditLog.findMany({ where: { shopId }, orderBy: { seq: "asc" } });
  return verifyAuditChain(
    rows.map((r) => ({
      shopId: r.shopId,
      seq: r.seq,
      at: r.at,
      actor: r.actor,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      reason: r.reason,
      data: JSON.parse(r.data) as Record<string, unknown>,
      prevHash: r.prevHash,
      hash: r.hash,
    })),
  );
}

export async function auditForEntity(shopId: string, entityType: string, entityId: string) {
  return db.auditLog.findMany({ where: { shopId, entityType, entityId }, orderBy: { seq: "asc" } });
}

/**
 * A piece's history: the entries about it, and the CSV import's entry that created it (one entry
 * per chunk of rows, on the batch, listing its pieces by id in canonical JSON).
 */
export async function auditForPiece(shopId: string, pieceId: string) {
  const [own, imported] = await Promise.all([
    auditForEntity(shopId, "Piece", pieceId),
    db.auditLog.findMany({
      where: {
        shopId,
        entityType: "ImportBatch",
        action: "import.pieces_created",
        data: { contains: `"id":${JSON.stringify(pieceId)}` },
      },
      orderBy: { seq: "asc" },
    }),
  ]);
  return [...imported, ...own].sort((a, b) => a.seq - b.seq);
}

/** The latest entry about one record: who changed it last, and when. */
export async function lastAuditFor(tx: Tx, shopId: string, entityType: string, entityId: string) {
  return tx.auditLog.findFirst({
    where: { shopId, entityType, entityId },
    orderBy: { seq: "desc" },
    select: { actor: true, at: true, action: true },
  });
}
