// Staff PINs for the kiosk (StaffMember.pinHash is an scrypt hash; failedPins / lockedUntil the
// person's own lock). A kiosk's run of wrong PINs that matched nobody is read back from the audit
// log (kiosk.pin_failed / kiosk.signed_in rows about the device), which every instance shares.
import { db } from "../db.server";
import { appendAudit } from "./audit.server";
import type { Actor } from "./actor";

export const PIN_FAILED = "kiosk.pin_failed";
export const SIGNED_IN = "kiosk.signed_in";

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

export async function recordStaffWrongPin(
  shopId: string,
  staffId: string,
  next: { failedPins: number; lockedUntil: Date | null },
) {
  await db.staffMember.updateMany({ where: { shopId, id: staffId }, data: next });
}

/** The device's recent sign-in attempts, newest first (enough to see the current run of failures). */
export async function devicePinHistory(shopId: string, deviceId: string, take: number) {
  return db.auditLog.findMany({
    where: { shopId, entityType: "Device", entityId: deviceId, action: { in: [PIN_FAILED, SIGNED_IN] } },
    orderBy: { seq: "desc" },
    take,
    select: { action: true, at: true },
  });
}

export async function recordSignInAttempt(
  shopId: string,
  deviceId: string,
  actor: Actor,
  ok: boolean,
  now: Date,
  staffId?: string,
) {
  await db.$transaction(async (tx) => {
    await appendAudit(tx, shopId, {
      actor,
      action: ok ? SIGNED_IN : PIN_FAILED,
      entityType: "Device",
      entityId: deviceId,
      data: staffId ? { staffId } : {},
      at: now,
    });
    if (ok && staffId)
      await tx.staffMember.updateMany({ where: { shopId, id: staffId }, data: { failedPins: 0, lockedUntil: null } });
  });
}
