// People who use only the kiosk (no Shopify user, so never the admin): added with a name and a PIN,
// deactivated and reactivated from the Staff page (a new PIN is app/services/staff/pins.server.ts).
// Every change is audited; the PIN's hash never enters the audit log. PIN hashing and the PIN-taken
// check are the caller's (app/http/staff-admin.server.ts), as they are slow and must stay outside
// the transaction.
import { appendAudit } from "../../models/audit.server";
import type { Actor } from "../../models/actor";
import { createKioskOnlyStaff, findKioskOnlyStaff, setKioskOnlyActive } from "../../models/staff.server";
import { inTransaction } from "../../models/transaction.server";

export type KioskPersonResult =
  { ok: true; staffId: string; name: string } | { ok: false; code: "STAFF_NOT_FOUND" | "STAFF_STALE" };

export async function addKioskPerson(shopId: string, actor: Actor, name: string, pinHash: string | null) {
  return inTransaction(async (tx): Promise<KioskPersonResult> => {
    const row = await createKioskOnlyStaff(tx, shopId, name, pinHash);
    await appendAudit(tx, shopId, {
      actor,
      action: "staff.created",
      entityType: "StaffMember",
      entityId: row.id,
      data: { name, kioskOnly: true, after: { active: true, pin: pinHash !== null } },
    });
    // The first PIN is a PIN set like any other: the person's "PIN changed by" line reads this entry.
    if (pinHash !== null)
      await appendAudit(tx, shopId, {
        actor,
        action: "staff.pin_set",
        entityType: "StaffMember",
        entityId: row.id,
        data: { name, by: actor.name, self: false, before: { pin: false }, after: { pin: true } },
      });
    return { ok: true, staffId: row.id, name: row.name };
  });
}

export async function setKioskPersonActive(shopId: string, actor: Actor, staffId: string, active: boolean) {
  return inTransaction(async (tx): Promise<KioskPersonResult> => {
    const person = await findKioskOnlyStaff(tx, shopId, staffId);
    if (!person) return { ok: false, code: "STAFF_NOT_FOUND" };
    if (person.active === active) return { ok: true, staffId, name: person.name };
    if (!(await setKioskOnlyActive(tx, shopId, staffId, person.active, active)))
      return { ok: false, code: "STAFF_STALE" };
    await appendAudit(tx, shopId, {
      actor,
      action: active ? "staff.reactivated" : "staff.deactivated",
      entityType: "StaffMember",
      entityId: staffId,
      data: { name: person.name, before: { active: person.active }, after: { active } },
    });
    return { ok: true, staffId, name: person.name };
  });
}
