// Staff PINs for the kiosk (StaffMember.pinHash is an scrypt hash; failedPins / lockedUntil the
// person's own lock). Wrong PINs are counted per kiosk and per shop in app/models/pin-attempts; each
// attempt is audited (kiosk.pin_failed / kiosk.signed_in about the device), and so is each lock
// (kiosk.pin_locked, about the device or the shop), which the home page shows owners and managers.
import { db } from "../db.server";
import { appendAudit } from "./audit.server";
import type { Actor } from "./actor";
import { lockIfFull, type PinSlot } from "./pin-attempts.server";

export const PIN_FAILED = "kiosk.pin_failed";
export const SIGNED_IN = "kiosk.signed_in";
export const PIN_LOCKED = "kiosk.pin_locked";

export async function listStaff(shopId: string) {
  return db.staffMember.findMany({
    where: { shopId, active: true },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      role: true,
      shopifyUserId: true,
      pinHash: true,
      lockedUntil: true,
      failedPins: true,
    },
  });
}

export async function staffWithPins(shopId: string) {
  return db.staffMember.findMany({
    where: { shopId, active: true, pinHash: { not: null } },
    select: { id: true, name: true, pinHash: true, failedPins: true, lockedUntil: true },
  });
}

export async function getStaff(shopId: string, staffId: string) {
  return db.staffMember.findFirst({ where: { shopId, id: staffId, active: true } });
}

export async function addStaff(shopId: string, name: string, actor: Actor) {
  return db.$transaction(async (tx) => {
    const row = await tx.staffMember.create({ data: { shopId, name, role: "staff" } });
    await appendAudit(tx, shopId, {
      actor,
      action: "staff.created",
      entityType: "StaffMember",
      entityId: row.id,
      data: { name },
    });
    return row;
  });
}

/** Sets or removes (null) a PIN; either way the person's lock is lifted. The hash never enters the audit log. */
export async function setPinHash(
  shopId: string,
  staffId: string,
  pinHash: string | null,
  actor: Actor,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const updated = await tx.staffMember.updateMany({
      where: { shopId, id: staffId, active: true },
      data: { pinHash, failedPins: 0, lockedUntil: null },
    });
    if (updated.count !== 1) return false;
    await appendAudit(tx, shopId, {
      actor,
      action: pinHash ? "staff.pin_set" : "staff.pin_removed",
      entityType: "StaffMember",
      entityId: staffId,
    });
    return true;
  });
}

export async function unlockStaff(shopId: string, staffId: string, actor: Actor): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const updated = await tx.staffMember.updateMany({
      where: { shopId, id: staffId },
      data: { failedPins: 0, lockedUntil: null },
    });
    if (updated.count !== 1) return false;
    await appendAudit(tx, shopId, { actor, action: "staff.unlocked", entityType: "StaffMember", entityId: staffId });
    return true;
  });
}

/** A right PIN: audited with the person, whose own count of wrong PINs starts again. */
export async function recordSignIn(shopId: string, deviceId: string, actor: Actor, now: Date, staffId: string) {
  await db.$transaction(async (tx) => {
    await appendAudit(tx, shopId, {
      actor,
      action: SIGNED_IN,
      entityType: "Device",
      entityId: deviceId,
      data: { staffId },
      at: now,
    });
    await tx.staffMember.updateMany({ where: { shopId, id: staffId }, data: { failedPins: 0, lockedUntil: null } });
  });
}

export type WrongPinOutcome = { scope: PinSlot["limit"]["scope"]; until: Date | null; count: number };

/**
 * A wrong PIN, in one transaction: each scope it took a place in locks if its window is now full
 * (counters first, then the audit rows, the order every PIN transaction takes its locks in), the
 * chosen person's own count moves on, the attempt is audited, and each lock it started is audited
 * once (the owner's alert until an alerts inbox exists).
 */
export async function recordWrongPin(
  shopId: string,
  input: {
    device: { id: string; name: string };
    actor: Actor;
    slots: readonly PinSlot[];
    now: Date;
    chosen?: { id: string; next: { failedPins: number; lockedUntil: Date | null } };
  },
): Promise<WrongPinOutcome[]> {
  const { device, actor, slots, now, chosen } = input;
  return db.$transaction(async (tx) => {
    const outcomes = [];
    for (const slot of slots) outcomes.push({ slot, ...(await lockIfFull(tx, shopId, slot, now)) });
    if (chosen) await tx.staffMember.updateMany({ where: { shopId, id: chosen.id }, data: chosen.next });
    await appendAudit(tx, shopId, {
      actor,
      action: PIN_FAILED,
      entityType: "Device",
      entityId: device.id,
      data: chosen ? { staffId: chosen.id } : {},
      at: now,
    });
    for (const o of outcomes.filter((o) => o.lockedNow && o.until)) {
      const shopWide = o.slot.limit.scope === "shop";
      await appendAudit(tx, shopId, {
        actor,
        action: PIN_LOCKED,
        entityType: shopWide ? "Shop" : "Device",
        entityId: shopWide ? shopId : device.id,
        reason: shopWide ? "too many wrong PINs in the shop within an hour" : "too many wrong PINs at this kiosk",
        data: {
          scope: o.slot.limit.scope,
          device: device.name,
          deviceId: device.id,
          failures: o.count,
          until: o.until!.toISOString(),
        },
        at: now,
      });
    }
    return outcomes.map((o) => ({ scope: o.slot.limit.scope, until: o.until, count: o.count }));
  });
}

/** Sign-in locks since `since`, newest first (the home page's notice). */
export async function recentPinLocks(shopId: string, since: Date, take = 5) {
  return db.auditLog.findMany({
    where: { shopId, action: PIN_LOCKED, at: { gte: since } },
    orderBy: { seq: "desc" },
    take,
    select: { at: true, data: true },
  });
}

export const PIN_CHANGES = ["staff.pin_set", "staff.pin_removed"] as const;

/**
 * The newest PIN change of each of these people: when, by whom (the audit entry's actor, or the
 * name it recorded), and whether they made it themself (entries from before `self` was recorded: no).
 */
export async function lastPinChanges(shopId: string, staffIds: readonly string[]) {
  if (staffIds.length === 0) return new Map<string, { at: Date; by: string; self: boolean }>();
  const rows = await db.auditLog.findMany({
    where: { shopId, entityType: "StaffMember", action: { in: [...PIN_CHANGES] }, entityId: { in: [...staffIds] } },
    orderBy: { seq: "desc" },
    select: { entityId: true, at: true, actor: true, data: true },
  });
  const last = new Map<string, { at: Date; by: string; self: boolean }>();
  for (const row of rows) {
    if (last.has(row.entityId)) continue;
    const data = JSON.parse(row.data) as { by?: unknown; self?: unknown };
    last.set(row.entityId, {
      at: row.at,
      by: typeof data.by === "string" ? data.by : row.actor,
      self: data.self === true,
    });
  }
  return last;
}
