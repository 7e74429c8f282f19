// Setting or removing a person's kiosk PIN from the admin: the one way both the Kiosks page and the
// Staff page do it. Allowed for the person themself or someone above them (pinChangeRefusal in
// app/domain/staff/roles.ts), checked again inside the transaction against the role read there;
// audited with who, before and after (never the PIN or its hash); the person sees who changed it
// (the Staff page, and their own home page when it was someone else).
import { checkNewPin, type PinRefusal } from "../../domain/kiosk/pin";
import { pinChangeRefusal, type PinChangeRefusal } from "../../domain/staff/roles";
import { appendAudit } from "../../models/audit.server";
import type { Actor } from "../../models/actor";
import { findPinHolder, otherPinHashes, setStaffPinHash } from "../../models/staff.server";
import { inTransaction } from "../../models/transaction.server";
import { hashPin, verifyPin } from "./pin-hash.server";

/** Who is setting the PIN: the admin user (their StaffMember id and role, null when Loupe does not know them). */
export type PinSetter = { actor: Actor; staffId: string | null; role: string | null };

export type PinChangeResult =
  | { ok: true; staffId: string; name: string }
  | {
      ok: false;
      code: PinRefusal | PinChangeRefusal | "PIN_TAKEN" | "STAFF_NOT_FOUND" | "STAFF_STALE";
      field: "pin" | "staffId";
    };

/** Sets `pin` (null removes it) for `staffId`, or says why not; nothing is written on a refusal. */
export async function changeStaffPin(
  shopId: string,
  by: PinSetter,
  staffId: string,
  pin: string | null,
): Promise<PinChangeResult> {
  const target = await findPinHolder(shopId, staffId);
  if (!target) return { ok: false, code: "STAFF_NOT_FOUND", field: "staffId" };
  // Rights before the PIN itself: someone who may not set it learns nothing about which PINs are taken.
  const refusal = pinChangeRefusal({ actor: { id: by.staffId, role: by.role }, target });
  if (refusal) return { ok: false, code: refusal, field: "staffId" };
  let pinHash: string | null = null;
  if (pin !== null) {
    const check = checkNewPin(pin);
    if (!check.ok) return { ok: false, code: check.code, field: "pin" };
    // Sign-in is by PIN alone, so a PIN names one person (scrypt checks, slow: outside the transaction).
    for (const other of await otherPinHashes(shopId, target.id))
      if (await verifyPin(pin, other)) return { ok: false, code: "PIN_TAKEN", field: "pin" };
    pinHash = await hashPin(pin);
  }
  return inTransaction(async (tx): Promise<PinChangeResult> => {
    const person = await findPinHolder(shopId, staffId, tx);
    if (!person) return { ok: false, code: "STAFF_NOT_FOUND", field: "staffId" };
    const again = pinChangeRefusal({ actor: { id: by.staffId, role: by.role }, target: person });
    if (again) return { ok: false, code: again, field: "staffId" };
    if (!(await setStaffPinHash(tx, shopId, person.id, person.role, pinHash)))
      return { ok: false, code: "STAFF_STALE", field: "staffId" };
    await appendAudit(tx, shopId, {
      actor: by.actor,
      action: pinHash ? "staff.pin_set" : "staff.pin_removed",
      entityType: "StaffMember",
      entityId: person.id,
      data: {
        name: person.name,
        by: by.actor.name,
        self: by.staffId === person.id,
        before: { pin: person.pinHash !== null },
        after: { pin: pinHash !== null },
      },
    });
    return { ok: true, staffId: person.id, name: person.name };
  });
}

/** Who last changed a person's PIN and when, as the pages show it. */
export function pinChangeView(change: { at: Date; by: string; self: boolean } | undefined) {
  return change ? { by: change.by, at: change.at.toISOString(), self: change.self } : null;
}
