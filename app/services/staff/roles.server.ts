// People's roles in the embedded admin: what a first request records, and a change made on the
// Staff page. Every role that changes leaves an audit row with before and after.
import { appendAudit } from "../../models/audit.server";
import { SYSTEM_ACTOR, type Actor } from "../../models/actor";
import {
  findAdminStaff,
  findAdminStaffById,
  recordAdminStaff,
  setStaffRole,
  type ShopifyUser,
} from "../../models/staff.server";
import { inTransaction } from "../../models/transaction.server";
import { roleChangeRefusal, type AdminRole } from "../../domain/staff/roles";
import type { Refusal } from "../../http/admin-action.server";

/**
 * Records a Shopify user Loupe had not yet asked Shopify about. An existing row keeps its role
 * unless Shopify says the user is the account owner, who is raised to owner (audited).
 */
export async function meetAdminUser(
  shopId: string,
  shopifyUserId: string,
  locale: string | null,
  user: ShopifyUser | null,
) {
  return inTransaction(async (tx) => {
    const before = await findAdminStaff(shopId, shopifyUserId, tx);
    const staff = await recordAdminStaff(tx, shopId, shopifyUserId, locale, user);
    if (before && before.role !== staff.role) {
      await appendAudit(tx, shopId, {
        actor: SYSTEM_ACTOR,
        action: "staff.role",
        entityType: "StaffMember",
        entityId: staff.id,
        reason: "Shopify account owner",
        data: { before: { role: before.role }, after: { role: staff.role } },
      });
    }
    return staff;
  });
}

export type RoleChangeResult = { ok: true; changed: boolean } | ({ ok: false } & Refusal);

/** The Staff page's change: allowed by the rules in domain/staff/roles, conditional on the role read. */
export async function changeStaffRole(
  shopId: string,
  by: { actor: Actor; staffId: string; role: string },
  input: { staffId: string; role: AdminRole },
): Promise<RoleChangeResult> {
  return inTransaction(async (tx) => {
    const target = await findAdminStaffById(tx, shopId, input.staffId);
    if (!target) return { ok: false, code: "STAFF_NOT_FOUND" };
    if (target.role === input.role) return { ok: true, changed: false };
    const refusal = roleChangeRefusal({ actor: { id: by.staffId, role: by.role }, target, role: input.role });
    if (refusal) return { ok: false, code: refusal };
    if (!(await setStaffRole(tx, shopId, target.id, target.role, input.role)))
      return { ok: false, code: "STAFF_STALE" };
    await appendAudit(tx, shopId, {
      actor: by.actor,
      action: "staff.role",
      entityType: "StaffMember",
      entityId: target.id,
      data: { name: target.name, before: { role: target.role }, after: { role: input.role } },
    });
    return { ok: true, changed: true };
  });
}
