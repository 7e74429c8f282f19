// The append-only, hash-chained audit log (one chain per shop), the movement ledger's chain, and
// their head. Rows are only ever inserted; the database refuses updates, deletes and inserts that
// reuse an id or seq (see the init and keyed_audit_chain migrations' triggers). The hashes are keyed
// with the app secret (app/domain/audit.ts), so rewriting rows and their hashes takes the secret.
import { randomUUID } from "node:crypto";
import { insertRows } from "./bulk-insert.server";
import {
  auditHash,
  canonicalJson,
  chainKey,
  headMac,
  movementHash,
  type ChainHead,
  type ChainKey,
} from "../domain/audit";
import { db, dbProvider, type Tx } from "../db.server";
import { env } from "../env.server";
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

/** The shop's chain key (see app/domain/audit.ts), derived once per shop and secret. */
const keys = new Map<string, ChainKey>();
export function shopChainKey(shopId: string): ChainKey {
  const secret = env().SHOPIFY_API_SECRET;
  const cacheKey = `${shopId}\u0000${secret}`;
  let key = keys.get(cacheKey);
  if (!key) {
    key = chainKey(secret, shopId);
    keys.set(cacheKey, key);
  }
  return key;
}

/**
 * The head of the shop's chains, read under the per-shop append lock. On PostgreSQL the lock
 * serialises appends across app instances (the next seq and previous hash come from the head).
 * NO KEY UPDATE, not UPDATE: every row the change wrote that references the shop holds a key-share
 * lock on it, which FOR UPDATE would wait for — two such changes appending at once deadlocked.
 * SQLite has one writer at a time.
 */
async function lockedHead(tx: Tx, shopId: string): Promise<ChainHead> {
  if (dbProvider() === "postgresql")
    await tx.$executeRaw`SELECT 1 FROM "Shop" WHERE "id" = ${shopId} FOR NO KEY UPDATE`;
  const head = await tx.auditHead.findUnique({ where: { shopId } });
  if (head) return head;
  // A shop's head is written with its first entry or movement (the keyed-chain migration wrote one
  // for every shop that existed before). Rows without a head mean the head was deleted: appending
  // on top would hide that, so refuse.
  const [entry, movement] = await Promise.all([
    tx.auditLog.findFirst({ where: { shopId }, select: { seq: true } }),
    tx.movement.findFirst({ where: { shopId }, select: { id: true } }),
  ]);
  if (entry || movement)
    throw new Error(`The audit chain's head of shop ${shopId} is missing: run npm run verify -- --audit`);
  return { shopId, seq: 0, hash: null, keyedFromSeq: 1, movementSeq: 0, movementHash: null, legacyMovements: 0 };
}

async function saveHead(tx: Tx, head: ChainHead): Promise<void> {
  const fields = {
    seq: head.seq,
    hash: head.hash,
    keyedFromSeq: head.keyedFromSeq,
    movementSeq: head.movementSeq,
    movementHash: head.movementHash,
    legacyMovements: head.legacyMovements,
    mac: headMac(head, shopChainKey(head.shopId)),
  };
  await tx.auditHead.upsert({
    where: { shopId: head.shopId },
    create: { shopId: head.shopId, ...fields },
    update: fields,
  });
}

function chainedEntries(head: ChainHead, inputs: readonly AuditInput[]) {
  const key = shopChainKey(head.shopId);
  let seq = head.seq;
  let prevHash = head.hash;
  const rows = inputs.map((input) => {
    seq += 1;
    const entry = {
      shopId: head.shopId,
      seq,
      at: input.at ?? new Date(),
      actor: actorLabel(input.actor),
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      reason: input.reason ?? null,
      data: input.data ?? {},
    };
    const hash = auditHash(prevHash, entry, seq >= head.keyedFromSeq ? key : null);
    const row = { ...entry, data: canonicalJson(entry.data), prevHash, hash };
    prevHash = hash;
    return row;
  });
  return { rows, head: { ...head, seq, hash: prevHash } };
}

/**
 * Appends one entry inside the caller's transaction, so the change and its audit row commit together.
 * Never put customer personal data in `data`: the chain cannot be redacted without breaking it.
 */
export async function appendAudit(tx: Tx, shopId: string, input: AuditInput) {
  const { rows, head } = chainedEntries(await lockedHead(tx, shopId), [input]);
  const created = await tx.auditLog.create({ data: rows[0]! });
  await saveHead(tx, head);
  return created;
}

/**
 * Appends many entries in the caller's transaction, chained in the order given, with one read of
 * the chain's head and one insert per few hundred rows (a chunk of pieces made from the Shopify
 * catalogue writes hundreds at once). The chain is exactly what as many appendAudit calls would give.
 */
export async function appendAuditMany(tx: Tx, shopId: string, inputs: readonly AuditInput[]): Promise<number> {
  if (inputs.length === 0) return 0;
  const { rows, head } = chainedEntries(await lockedHead(tx, shopId), inputs);
  for (let i = 0; i < rows.length; i += 500) await tx.auditLog.createMany({ data: rows.slice(i, i + 500) });
  await saveHead(tx, head);
  return rows.length;
}

/** A movement as its writer gives it; the chain adds id, seq and hash. */
export type ChainedMovementInput = {
  pieceId: string | null;
  kind: string;
  fromState?: string | null;
  toState?: string | null;
  fromLocationId?: string | null;
  toLocationId?: string | null;
  fromShopifyLocationGid?: string | null;
  toShopifyLocationGid?: string | null;
  quantity?: number;
  actorId: string | null;
  actorName: string;
  reason: string;
  source?: string | null;
  at?: Date;
};

/**
 * Writes movement ledger rows in the caller's transaction, each chained to the one before (see
 * movementHash), and moves the head on. The only way movements are written (app/models/movements).
 */
export async function insertChainedMovements(tx: Tx, shopId: string, inputs: readonly ChainedMovementInput[]) {
  if (inputs.length === 0) return [];
  const head = await lockedHead(tx, shopId);
  const key = shopChainKey(shopId);
  let seq = head.movementSeq;
  let prevHash = head.movementHash;
  const rows = inputs.map((m) => {
    seq += 1;
    const entry = {
      id: randomUUID(),
      shopId,
      seq,
      pieceId: m.pieceId,
      kind: m.kind,
      fromState: m.fromState ?? null,
      toState: m.toState ?? null,
      fromLocationId: m.fromLocationId ?? null,
      toLocationId: m.toLocationId ?? null,
      fromShopifyLocationGid: m.fromShopifyLocationGid ?? null,
      toShopifyLocationGid: m.toShopifyLocationGid ?? null,
      quantity: m.quantity ?? 1,
      actorId: m.actorId,
      actorName: m.actorName,
      reason: m.reason,
      source: m.source ?? null,
      at: m.at ?? new Date(),
    };
    const hash = movementHash(prevHash, entry, key);
    prevHash = hash;
    return { ...entry, hash };
  });
  // Every column is given (no default left to the database): one multi-row INSERT per statement limit.
  await insertRows(tx, "Movement", rows);
  await saveHead(tx, { ...head, movementSeq: seq, movementHash: prevHash });
  return rows;
}

export { verifyShopAudit } from "./audit-check.server";

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
