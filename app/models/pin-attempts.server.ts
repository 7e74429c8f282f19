// Kiosk sign-in attempts counted per scope (one kiosk, or the whole shop) in one PinAttemptCounter
// row each. Every step is one conditional UPDATE of that row, which PostgreSQL re-checks after
// waiting for a concurrent writer and SQLite runs one at a time: the count holds with any number of
// requests and app instances at once. The rules (window, limit, lock) are app/domain/kiosk/pin.ts.
import { db, type Tx } from "../db.server";
import type { PinLimit } from "../domain/kiosk/pin";

export const deviceScope = (deviceId: string) => `device:${deviceId}`;
export const SHOP_SCOPE = "shop";

/** A place taken in a scope's window by one attempt: given back if its PIN was right. */
export type PinSlot = { scope: string; limit: PinLimit; windowStart: Date };

export type TakeResult = { ok: true; slot: PinSlot; count: number } | { ok: false; until: Date };

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

/** The scope's row, made on first need (two requests making it at once: one insert wins, both go on). */
async function ensureCounter(shopId: string, scope: string): Promise<void> {
  const found = await db.pinAttemptCounter.findUnique({
    where: { shopId_scope: { shopId, scope } },
    select: { id: true },
  });
  if (found) return;
  try {
    await db.pinAttemptCounter.create({ data: { shopId, scope }, select: { id: true } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

/**
 * Takes a place for one attempt before its PIN is checked: a new window when there is none, the
 * last one ran out or its lock did; otherwise one more place in the current window while it has
 * room. Refused, with when to come back, while the scope is locked or its window is full (PINs
 * being checked right now fill it too: sent at once, no more than `limit.max` are ever checked).
 */
export async function takePinAttempt(shopId: string, scope: string, limit: PinLimit, now: Date): Promise<TakeResult> {
  await ensureCounter(shopId, scope);
  const key = { shopId, scope };
  const since = new Date(now.getTime() - limit.windowMs);
  return db.$transaction(async (tx): Promise<TakeResult> => {
    // Mirrors windowIsOver (domain) as a condition the database checks on the row it updates.
    const fresh = await tx.pinAttemptCounter.updateMany({
      where: {
        ...key,
        OR: [
          { lockedUntil: { lte: now } },
          { lockedUntil: null, windowStart: null },
          { lockedUntil: null, windowStart: { lte: since } },
        ],
      },
      data: { count: 1, windowStart: now, lockedUntil: null },
    });
    if (fresh.count === 1) return { ok: true, slot: { scope, limit, windowStart: now }, count: 1 };
    const more = await tx.pinAttemptCounter.updateMany({
      where: { ...key, lockedUntil: null, windowStart: { gt: since }, count: { lt: limit.max } },
      data: { count: { increment: 1 } },
    });
    // Read after our update, inside the transaction that holds the row: our own count.
    const row = await tx.pinAttemptCounter.findUniqueOrThrow({ where: { shopId_scope: key } });
    if (more.count === 1 && row.windowStart)
      return { ok: true, slot: { scope, limit, windowStart: row.windowStart }, count: row.count };
    // Full of attempts still being checked: the lock they would start if all are wrong.
    return { ok: false, until: row.lockedUntil ?? limit.lockUntil(row.windowStart ?? now, now) };
  });
}

/** A right PIN gives its place back (in its own window only; a lock already started stays). */
export async function givePinAttemptBack(shopId: string, slot: PinSlot): Promise<void> {
  await db.pinAttemptCounter.updateMany({
    where: { shopId, scope: slot.scope, windowStart: slot.windowStart, lockedUntil: null, count: { gt: 0 } },
    data: { count: { decrement: 1 } },
  });
}

/**
 * After a wrong PIN (its place stays taken): when the window is full the scope locks. The update
 * that sets the lock is the only one that reports `lockedNow`, so a lock is recorded once.
 */
export async function lockIfFull(
  tx: Tx,
  shopId: string,
  slot: PinSlot,
  now: Date,
): Promise<{ lockedNow: boolean; until: Date | null; count: number }> {
  const set = await tx.pinAttemptCounter.updateMany({
    where: {
      shopId,
      scope: slot.scope,
      windowStart: slot.windowStart,
      lockedUntil: null,
      count: { gte: slot.limit.max },
    },
    data: { lockedUntil: slot.limit.lockUntil(slot.windowStart, now) },
  });
  const row = await tx.pinAttemptCounter.findUniqueOrThrow({ where: { shopId_scope: { shopId, scope: slot.scope } } });
  const until = row.lockedUntil && row.lockedUntil.getTime() > now.getTime() ? row.lockedUntil : null;
  return { lockedNow: set.count === 1, until, count: row.count };
}
