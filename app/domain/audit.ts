/**
 * Hash-chained audit log, one chain per shop. Each row's hash covers the previous row's hash
 * and the row's own canonical JSON, so editing, deleting or reordering a stored row breaks
 * the chain from that row on. The first row of a chain has prevHash = null.
 */
import { createHash } from "node:crypto";

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
export function auditHash(prevHash: string | null, entry: AuditEntry): string {
  return createHash("sha256")
    .update((prevHash ?? "") + JSON.stringify(hashedEntry(entry)), "utf8")
    .digest("hex");
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
): AuditChainCheck {
  let expectedSeq = after === null ? 1 : Number(after.seq) + 1;
  let expectedPrev: string | null = after === null ? null : after.hash;
  for (const row of rows) {
    const seq = Number(row.seq);
    if (seq !== expectedSeq) return { ok: false, brokenAtSeq: seq, reason: "SEQ_GAP" };
    if (row.prevHash !== expectedPrev) return { ok: false, brokenAtSeq: seq, reason: "PREV_MISMATCH" };
    if (auditHash(row.prevHash, row) !== row.hash) return { ok: false, brokenAtSeq: seq, reason: "HASH_MISMATCH" };
    expectedSeq++;
    expectedPrev = row.hash;
  }
  return { ok: true, count: rows.length };
}
