// The shop's overrides of the default permission matrix (app/domain/staff/permissions.ts). A cell
// set back to its default keeps its row (allowed = the default): what was decided stays visible.
import { db, type Tx } from "../db.server";

export async function listRolePermissions(shopId: string, tx: Tx = db) {
  return tx.rolePermission.findMany({
    where: { shopId },
    select: { role: true, permission: true, allowed: true },
    orderBy: [{ role: "asc" }, { permission: "asc" }],
  });
}

export async function setRolePermission(tx: Tx, shopId: string, role: string, permission: string, allowed: boolean) {
  await tx.rolePermission.upsert({
    where: { shopId_role_permission: { shopId, role, permission } },
    create: { shopId, role, permission, allowed },
    update: { allowed },
  });
}
