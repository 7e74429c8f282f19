/**
 * Hash-chained audit log, one chain per shop. Each row's hash covers the previous row's hash
 * and the row's own canonical JSON, so editing, deleting or reordering a stored row breaks
 * the chain from that row on. The first row of a chain has prevHash = null.
 *
 * The hash is keyed (HMAC-SHA256 with a per-shop key derived from the app's secret, which the
 * database does not hold): someone who can write the database can edit a row, but cannot compute
 * the hashes that would make the edit look intact. Rows written before the chain was keyed carry
 * plain SHA-256 hashes and are verified as such, up to the shop's `keyedFromSeq`.
 * The shop's movement ledger is a second chain of the same kind (`movementHash`), and the head of
 * both chains is stored apart and sealed with the same key (`headMac`), so a dropped newest row
 * is noticed.
 */
import { createHash, createHmac, hkdfSync } from "node:crypto";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Deterministic JSON: keys sorted (by UTF-16 code units, i.e. Array.prototype.sort), no
 * whitespace, bigint as a decimal *string*, Date as its ISO string. Values that JSON stores
 * differently after a round trip are normalised so that a row read back from the database
 * (where bigints and dates came back as strings) hashes the same as when it was written.
 * Object properties that are undefined are dropped, as JSON.stringify does; everything JSON
 * cannot represent faithfully (NaN, Infinity, functions, symbols, Map, Set, undefined in
 * arrays) throws instead of being silently altered.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(toCanonical(value, "$"));
}

function toCanonical(value: unknown, path: string): Json {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number at ${path}`);
    return Object.is(value, -0) ? 0 : value;
  }
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError(`canonicalJson: invalid Date at ${path}`);
    return value.toISOString();
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      if (item === undefined) throw new TypeError(`canonicalJson: undefined at ${path}[${i}]`);
      return toCanonical(item, `${path}[${i}]`);
    });
  }
  if (
    typeof value === "object" &&
    (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)
  ) {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = toCanonical(item, `${path}.${key}`);
    }
    return out;
  }
  throw new TypeError(`canonicalJson: unsupported ${typeof value} at ${path}`);
}

export interface AuditEntry {
  shopId: string;
  /** 1, 2, 3… per shop, no gaps. A bigint from a BIGINT column hashes like the number. */
  seq: number | bigint;
  at: Date | string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  reason?: string | null;
  data: unknown;
}

export interface AuditRow extends AuditEntry {
  hash: string;
  prevHash: string | null;
}

/** What gets hashed: fixed field set, so absent and null reasons hash alike. */
function hashedEntry(entry: AuditEntry): Json {
  const at = typeof entry.at === "string" ? new Date(entry.at) : entry.at;
  return toCanonical(
    {
      shopId: entry.shopId,
      seq: Number(entry.seq),
      at,
      actor: entry.actor,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      reason: entry.reason ?? null,
      data: entry.data,
    },
    "$",
  );
}

/**
 * hex sha256 of (prevHash or "" for the first row) followed by the entry's canonical JSON.
 * The concatenation is unambiguous: a hash is 64 hex digits and the JSON starts with "{".
 */
export function auditHash(prevHash: string | null, entry: AuditEntry, key: ChainKey | null = null): string {
  return digest(key)
    .update((prevHash ?? "") + JSON.stringify(hashedEntry(entry)), "utf8")
    .digest("hex");
}

/** A shop's chain key: 32 bytes from HKDF-SHA256 over the app secret, salted and bound to the shop. */
export type ChainKey = Uint8Array;

export function chainKey(appSecret: string, shopId: string): ChainKey {
  return new Uint8Array(hkdfSync("sha256", appSecret, "loupe audit chain v1", `shop:${shopId}`, 32));
}

const digest = (key: ChainKey | null) => (key ? createHmac("sha256", key) : createHash("sha256"));

/** One row of the movement ledger as the chain sees it (every column but the hash). */
export interface MovementEntry {
  id: string;
  shopId: string;
  seq: number | bigint;
  pieceId: string | null;
  kind: string;
  fromState: string | null;
  toState: string | null;
  fromLocationId: string | null;
  toLocationId: string | null;
  fromShopifyLocationGid: string | null;
  toShopifyLocationGid: string | null;
  quantity: number | bigint;
  actorId: string | null;
  actorName: string;
  reason: string;
  source: string | null;
  at: Date | string;
}

export interface MovementRow extends MovementEntry {
  hash: string;
}

/**
 * HMAC of "movement", the previous movement's hash ("" for the first) and the row's canonical
 * JSON. The prefix keeps a movement's hash from ever equalling an audit entry's.
 */
export function movementHash(prevHash: string | null, movement: MovementEntry, key: ChainKey): string {
  const at = typeof movement.at === "string" ? new Date(movement.at) : movement.at;
  const fields = toCanonical(
    {
      id: movement.id,
      shopId: movement.shopId,
      seq: Number(movement.seq),
      pieceId: movement.pieceId ?? null,
      kind: movement.kind,
      fromState: movement.fromState ?? null,
      toState: movement.toState ?? null,
      fromLocationId: movement.fromLocationId ?? null,
      toLocationId: movement.toLocationId ?? null,
      fromShopifyLocationGid: movement.fromShopifyLocationGid ?? null,
      toShopifyLocationGid: movement.toShopifyLocationGid ?? null,
      quantity: Number(movement.quantity),
      actorId: movement.actorId ?? null,
      actorName: movement.actorName,
      reason: movement.reason,
      source: movement.source ?? null,
      at,
    },
    "$",
  );
  return createHmac("sha256", key)
    .update(`movement\n${prevHash ?? ""}${JSON.stringify(fields)}`, "utf8")
    .digest("hex");
}

/** Where a shop's two chains end, and where the keyed part of its audit chain begins. */
export interface ChainHead {
  shopId: string;
  seq: number;
  hash: string | null;
  keyedFromSeq: number;
  movementSeq: number;
  movementHash: string | null;
  legacyMovements: number;
}

/** The head's seal: an HMAC over all its fields, so it cannot be moved back to match a dropped row. */
export function headMac(head: ChainHead, key: ChainKey): string {
  const fields = toCanonical(
    {
      shopId: head.shopId,
      seq: Number(head.seq),
      hash: head.hash ?? null,
      keyedFromSeq: Number(head.keyedFromSeq),
      movementSeq: Number(head.movementSeq),
      movementHash: head.movementHash ?? null,
      legacyMovements: Number(head.legacyMovements),
    },
    "$",
  );
  return createHmac("sha256", key)
    .update(`head\n${JSON.stringify(fields)}`, "utf8")
    .digest("hex");
}

/**
 * A head may be unsealed only as the keyed-chain migration left it: nothing keyed after it yet.
 * Any append seals it.
 */
export function headIsTrusted(head: ChainHead, mac: string | null, key: ChainKey): boolean {
  if (mac === null) return head.keyedFromSeq > head.seq && head.movementSeq === 0;
  return mac === headMac(head, key);
}

export type AuditChainCheck =
  | { ok: true; count: number }
  | { ok: false; brokenAtSeq: number; reason: "HASH_MISMATCH" | "PREV_MISMATCH" | "SEQ_GAP" };

/**
 * Checks rows in the order given (the caller sorts by seq). By default the chain must start
 * at seq 1 with prevHash null; `after` checks a later window that follows a trusted row.
 * - SEQ_GAP: a row is missing, reordered or renumbered;
 * - PREV_MISMATCH: a row does not point at the hash of the row before it;
 * - HASH_MISMATCH: a row's content no longer matches its own hash (edited).
 */
export function verifyAuditChain(
  rows: readonly AuditRow[],
  after: { seq: number | bigint; hash: string } | null = null,
  keyed: { key: ChainKey; fromSeq: number } | null = null,
): AuditChainCheck {
  let expectedSeq = after === null ? 1 : Number(after.seq) + 1;
  let expectedPrev: string | null = after === null ? null : after.hash;
  for (const row of rows) {
    const seq = Number(row.seq);
    if (seq !== expectedSeq) return { ok: false, brokenAtSeq: seq, reason: "SEQ_GAP" };
    if (row.prevHash !== expectedPrev) return { ok: false, brokenAtSeq: seq, reason: "PREV_MISMATCH" };
    const key = keyed && seq >= keyed.fromSeq ? keyed.key : null;
    if (auditHash(row.prevHash, row, key) !== row.hash) return { ok: false, brokenAtSeq: seq, reason: "HASH_MISMATCH" };
    expectedSeq++;
    expectedPrev = row.hash;
  }
  return { ok: true, count: rows.length };
}

/** The movement chain's check: as verifyAuditChain, the previous hash being the row before's. */
export function verifyMovementChain(
  rows: readonly MovementRow[],
  after: { seq: number | bigint; hash: string } | null,
  key: ChainKey,
): AuditChainCheck {
  let expectedSeq = after === null ? 1 : Number(after.seq) + 1;
  let prev: string | null = after === null ? null : after.hash;
  for (const row of rows) {
    const seq = Number(row.seq);
    if (seq !== expectedSeq) return { ok: false, brokenAtSeq: seq, reason: "SEQ_GAP" };
    if (movementHash(prev, row, key) !== row.hash) return { ok: false, brokenAtSeq: seq, reason: "HASH_MISMATCH" };
    expectedSeq++;
    prev = row.hash;
  }
  return { ok: true, count: rows.length };
}
