// Verifying a shop's audit and movement chains against their head (app/domain/audit.ts), reading
// rows in bounded pages so memory stays flat at any chain length, and yielding to the event loop
// between pages so requests served by the same process are never held up for long.
// Two ways: `verifyShopAudit` checks everything (the CLI, tests); `runAuditCheck` (the background
// verifier, app/services/audit) goes on from the last checkpoint, re-checks a slice of older rows
// per run, and records its result for the home page.
import { performance } from "node:perf_hooks";
import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import {
  headIsTrusted,
  verifyAuditChain,
  verifyMovementChain,
  type AuditRow,
  type ChainHead,
  type ChainKey,
  type MovementRow,
} from "../domain/audit";
import { db } from "../db.server";
import { shopChainKey } from "./audit.server";

export type ChainName = "audit" | "movements";
export type ChainBreak =
  | "HASH_MISMATCH"
  | "PREV_MISMATCH"
  | "SEQ_GAP"
  /** The newest rows do not end where the head says: a row was dropped or added, or the head edited. */
  | "HEAD_MISMATCH"
  /** Rows without a head: the head was deleted. */
  | "HEAD_MISSING"
  /** The chain ends before a point an earlier check proved: rows and head were rolled back. */
  | "ROLLED_BACK"
  /** A movement outside the chain that the keyed-chain migration did not find: inserted behind Loupe's back. */
  | "UNCHAINED_MOVEMENT";

export type ShopAuditCheck =
  { ok: true; count: number } | { ok: false; chain: ChainName; brokenAtSeq: number; reason: ChainBreak };

type Anchor = { seq: number; hash: string } | null;
/**
 * How a walk shares the process: "full" goes as fast as it can (the CLI, tests); "background"
 * rests after each page as long as the page took, so verification never has more than half of the
 * event loop, and requests wait at most one page's work (a few tens of milliseconds).
 */
type Pace = "full" | "background";

async function rest(pace: Pace, pageStarted: number): Promise<void> {
  if (pace === "background") await sleep(Math.min(100, performance.now() - pageStarted));
  else await nextTurn();
}
type Walk = { ok: true; last: Anchor } | { ok: false; chain: ChainName; brokenAtSeq: number; reason: ChainBreak };

/** Rows per page: a few hundred kB of audit rows; small enough that no page holds the event loop long. */
export const AUDIT_PAGE_ROWS = 250;

function auditRow(r: {
  shopId: string;
  seq: number;
  at: Date;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  reason: string | null;
  data: string;
  prevHash: string | null;
  hash: string;
}): AuditRow {
  return { ...r, data: JSON.parse(r.data) as unknown };
}

/** Audit rows (after, until] in pages, each checked against the one before. */
async function walkAudit(
  shopId: string,
  after: Anchor,
  until: number,
  keyed: { key: ChainKey; fromSeq: number },
  pace: Pace,
): Promise<Walk> {
  let last = after;
  while ((last?.seq ?? 0) < until) {
    const started = performance.now();
    const page = await db.auditLog.findMany({
      where: { shopId, seq: { gt: last?.seq ?? 0, lte: until } },
      orderBy: { seq: "asc" },
      take: AUDIT_PAGE_ROWS,
    });
    if (page.length === 0) break;
    const check = verifyAuditChain(page.map(auditRow), last, keyed);
    if (!check.ok) return { ...check, chain: "audit" };
    const end = page[page.length - 1]!;
    last = { seq: end.seq, hash: end.hash };
    await rest(pace, started);
  }
  return { ok: true, last };
}

async function walkMovements(shopId: string, after: Anchor, until: number, key: ChainKey, pace: Pace): Promise<Walk> {
  let last = after;
  while ((last?.seq ?? 0) < until) {
    const started = performance.now();
    const page = await db.movement.findMany({
      where: { shopId, seq: { gt: last?.seq ?? 0, lte: until } },
      orderBy: { seq: "asc" },
      take: AUDIT_PAGE_ROWS,
    });
    if (page.length === 0) break;
    const check = verifyMovementChain(page as MovementRow[], last, key);
    if (!check.ok) return { ...check, chain: "movements" };
    const end = page[page.length - 1]!;
    last = { seq: end.seq!, hash: end.hash! };
    await rest(pace, started);
  }
  return { ok: true, last };
}

async function storedAnchor(shopId: string, chain: ChainName, seq: number): Promise<Anchor | "missing"> {
  if (seq === 0) return null;
  const row =
    chain === "audit"
      ? await db.auditLog.findUnique({ where: { shopId_seq: { shopId, seq } }, select: { seq: true, hash: true } })
      : await db.movement.findUnique({ where: { shopId_seq: { shopId, seq } }, select: { seq: true, hash: true } });
  return row?.hash ? { seq: row.seq!, hash: row.hash } : "missing";
}

/**
 * Where a walk stopped must be where the head says the chain ends; and nothing may lie past the
 * head, unless an append moved the head on meanwhile.
 */
async function endsAtHead(shopId: string, chain: ChainName, walk: Walk, head: ChainHead): Promise<Walk> {
  if (!walk.ok) return walk;
  const [seq, hash] = chain === "audit" ? [head.seq, head.hash] : [head.movementSeq, head.movementHash];
  const last = walk.last;
  if ((last?.seq ?? 0) !== seq || (last?.hash ?? null) !== hash)
    return { ok: false, chain, brokenAtSeq: Math.min(last?.seq ?? 0, seq) + 1, reason: "HEAD_MISMATCH" };
  const past =
    chain === "audit"
      ? await db.auditLog.findFirst({ where: { shopId, seq: { gt: seq } }, select: { seq: true } })
      : await db.movement.findFirst({ where: { shopId, seq: { gt: seq } }, select: { seq: true } });
  if (past) {
    const now = await db.auditHead.findUnique({ where: { shopId } });
    const nowSeq = chain === "audit" ? now?.seq : now?.movementSeq;
    if (nowSeq === seq) return { ok: false, chain, brokenAtSeq: seq + 1, reason: "HEAD_MISMATCH" };
  }
  return walk;
}

type HeadRead = { head: ChainHead; key: ChainKey } | { empty: true } | ShopAuditCheck;

async function trustedHead(shopId: string): Promise<HeadRead> {
  const key = shopChainKey(shopId);
  const head = await db.auditHead.findUnique({ where: { shopId } });
  if (!head) {
    const [entry, movement] = await Promise.all([
      db.auditLog.findFirst({ where: { shopId }, select: { seq: true } }),
      db.movement.findFirst({ where: { shopId }, select: { id: true } }),
    ]);
    if (entry || movement)
      return { ok: false, chain: entry ? "audit" : "movements", brokenAtSeq: 1, reason: "HEAD_MISSING" };
    return { empty: true };
  }
  if (!headIsTrusted(head, head.mac, key))
    return { ok: false, chain: "audit", brokenAtSeq: head.seq, reason: "HEAD_MISMATCH" };
  return { head, key };
}

async function unchainedMovements(shopId: string, head: ChainHead): Promise<Walk> {
  const count = await db.movement.count({ where: { shopId, seq: null } });
  return count === head.legacyMovements
    ? { ok: true, last: null }
    : { ok: false, chain: "movements", brokenAtSeq: head.movementSeq + 1, reason: "UNCHAINED_MOVEMENT" };
}

/**
 * Checks the shop's whole audit chain and movement chain against their sealed head: a row edited,
 * removed, added or reordered in the database breaks it, and so does a rewrite with recomputed
 * hashes (they are keyed with the app secret). `count` is the number of audit entries.
 */
export async function verifyShopAudit(shopId: string): Promise<ShopAuditCheck> {
  const read = await trustedHead(shopId);
  if ("empty" in read) return { ok: true, count: 0 };
  if ("ok" in read) return read;
  const { head, key } = read;
  const keyed = { key, fromSeq: head.keyedFromSeq };
  for (const walk of [
    async () => endsAtHead(shopId, "audit", await walkAudit(shopId, null, head.seq, keyed, "full"), head),
    async () => endsAtHead(shopId, "movements", await walkMovements(shopId, null, head.movementSeq, key, "full"), head),
    () => unchainedMovements(shopId, head),
  ]) {
    const result = await walk();
    if (!result.ok) return result;
  }
  return { ok: true, count: head.seq };
}

/** The last background check, and how many entries were appended since (home page). */
export async function lastAuditCheck(shopId: string) {
  const [check, head] = await Promise.all([
    db.auditCheck.findUnique({
      where: { shopId },
      select: { checkedAt: true, ok: true, seq: true, brokenChain: true, brokenAtSeq: true, reason: true },
    }),
    db.auditHead.findUnique({ where: { shopId }, select: { seq: true } }),
  ]);
  if (!check) return null;
  return { ...check, newer: Math.max(0, (head?.seq ?? 0) - check.seq) };
}

/**
 * Shops to verify: every shop, not only those with a head row, so that a deleted head is reported
 * (HEAD_MISSING) rather than hiding its shop; a shop with no rows yet gives no result.
 */
export async function shopsWithAuditChains(): Promise<string[]> {
  return (await db.shop.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((s) => s.id);
}

/**
 * One background run for one shop: checks the head, the rows appended since the last checkpoint
 * (all of them when there is none, or the last result was a break), and `sweepRows` older rows
 * from where the previous run's sweep stopped, so that an edit of an old row is found within
 * (chain length / sweepRows) runs. Records and returns the result; null for a shop with no rows.
 */
export async function runAuditCheck(
  shopId: string,
  options: { sweepRows?: number; now?: () => Date; pace?: Pace } = {},
): Promise<ShopAuditCheck | null> {
  const sweepRows = options.sweepRows ?? 20_000;
  const pace = options.pace ?? "background";
  const now = options.now ?? (() => new Date());
  const previous = await db.auditCheck.findUnique({ where: { shopId } });
  const read = await trustedHead(shopId);
  if ("empty" in read) return null;
  const fail = async (broken: Extract<ShopAuditCheck, { ok: false }>) => {
    const fields = {
      checkedAt: now(),
      ok: false,
      brokenChain: broken.chain,
      brokenAtSeq: broken.brokenAtSeq,
      reason: broken.reason,
    };
    const restart = { seq: 0, hash: null, movementSeq: 0, movementHash: null, sweepSeq: 0, sweepMovementSeq: 0 };
    await db.auditCheck.upsert({
      where: { shopId },
      create: { shopId, ...restart, ...fields },
      update: fields,
    });
    return broken;
  };
  if ("ok" in read) return read.ok ? read : fail(read);
  const { head, key } = read;
  const keyed = { key, fromSeq: head.keyedFromSeq };
  const from = previous?.ok ? previous : null;

  if (from && (from.seq > head.seq || from.movementSeq > head.movementSeq)) {
    const chain = from.seq > head.seq ? "audit" : "movements";
    return fail({
      ok: false,
      chain,
      brokenAtSeq: (chain === "audit" ? head.seq : head.movementSeq) + 1,
      reason: "ROLLED_BACK",
    });
  }
  // The checkpoint row must still be the one proved last time; the rows after it are new.
  const auditFrom = from ? await storedAnchor(shopId, "audit", from.seq) : null;
  if (auditFrom === "missing" || (auditFrom && auditFrom.hash !== from!.hash))
    return fail({ ok: false, chain: "audit", brokenAtSeq: from!.seq, reason: "HASH_MISMATCH" });
  const movementFrom = from ? await storedAnchor(shopId, "movements", from.movementSeq) : null;
  if (movementFrom === "missing" || (movementFrom && movementFrom.hash !== from!.movementHash))
    return fail({ ok: false, chain: "movements", brokenAtSeq: from!.movementSeq, reason: "HASH_MISMATCH" });

  const checks: (() => Promise<Walk>)[] = [
    async () => endsAtHead(shopId, "audit", await walkAudit(shopId, auditFrom, head.seq, keyed, pace), head),
    async () =>
      endsAtHead(shopId, "movements", await walkMovements(shopId, movementFrom, head.movementSeq, key, pace), head),
    () => unchainedMovements(shopId, head),
  ];
  // The sweep: older rows, already proved once, a slice per run.
  let sweepSeq = 0;
  let sweepMovementSeq = 0;
  if (from) {
    const auditEnd = Math.min(from.sweepSeq + sweepRows, from.seq);
    const movementEnd = Math.min(from.sweepMovementSeq + sweepRows, from.movementSeq);
    checks.push(async () => {
      const start = await storedAnchor(shopId, "audit", from.sweepSeq);
      if (start === "missing") return { ok: false, chain: "audit", brokenAtSeq: from.sweepSeq, reason: "SEQ_GAP" };
      const walk = await walkAudit(shopId, start, auditEnd, keyed, pace);
      if (walk.ok && (walk.last?.seq ?? 0) !== auditEnd)
        return { ok: false, chain: "audit", brokenAtSeq: (walk.last?.seq ?? 0) + 1, reason: "SEQ_GAP" };
      return walk;
    });
    checks.push(async () => {
      const start = await storedAnchor(shopId, "movements", from.sweepMovementSeq);
      if (start === "missing")
        return { ok: false, chain: "movements", brokenAtSeq: from.sweepMovementSeq, reason: "SEQ_GAP" };
      const walk = await walkMovements(shopId, start, movementEnd, key, pace);
      if (walk.ok && (walk.last?.seq ?? 0) !== movementEnd)
        return { ok: false, chain: "movements", brokenAtSeq: (walk.last?.seq ?? 0) + 1, reason: "SEQ_GAP" };
      return walk;
    });
    sweepSeq = auditEnd >= from.seq ? 0 : auditEnd;
    sweepMovementSeq = movementEnd >= from.movementSeq ? 0 : movementEnd;
  }
  for (const check of checks) {
    const result = await check();
    if (!result.ok) return fail(result);
  }
  const fields = {
    checkedAt: now(),
    ok: true,
    seq: head.seq,
    hash: head.hash,
    movementSeq: head.movementSeq,
    movementHash: head.movementHash,
    sweepSeq,
    sweepMovementSeq,
    brokenChain: null,
    brokenAtSeq: null,
    reason: null,
  };
  await db.auditCheck.upsert({ where: { shopId }, create: { shopId, ...fields }, update: fields });
  return { ok: true, count: head.seq };
}
