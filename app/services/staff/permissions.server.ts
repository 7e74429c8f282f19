// The shop's permission matrix: read for every admin request, changed by the owner one cell at a
// time (each change audited with before and after).
import { appendAudit } from "../../models/audit.server";
import type { Actor } from "../../models/actor";
import { listRolePermissions, setRolePermission } from "../../models/permissions.server";
import { inTransaction } from "../../models/transaction.server";
import { allows, buildMatrix, isFixed, type Matrix, type Permission } from "../../domain/staff/permissions";
import type { AdminRole } from "../../domain/staff/roles";

export async function shopMatrix(shop: { id: string; costRoles: string }): Promise<Matrix> {
  return buildMatrix(await listRolePermissions(shop.id), shop.costRoles);
}

export type MatrixChange = { role: AdminRole; permission: Permission; allowed: boolean };
export type MatrixChangeResult =
  | { ok: true; changed: MatrixChange[] }
  | { ok: false; code: "PERMISSION_FIXED"; vars: { role: string; permission: string } };

/**
 * Applies the cells that differ from the shop's matrix (one transaction, one audit row per cell).
 * A fixed cell (the owner's row, the matrix's own permission) is refused, and nothing is written.
 */
export async function changeMatrix(
  shop: { id: string; costRoles: string },
  actor: Actor,
  cells: readonly MatrixChange[],
): Promise<MatrixChangeResult> {
  return inTransaction(async (tx) => {
    const matrix = buildMatrix(await listRolePermissions(shop.id, tx), shop.costRoles);
    const changed = cells.filter((c) => allows(matrix, c.role, c.permission) !== c.allowed);
    const fixed = changed.find((c) => isFixed(c.role, c.permission));
    if (fixed) return { ok: false, code: "PERMISSION_FIXED", vars: { role: fixed.role, permission: fixed.permission } };
    for (const c of changed) {
      await setRolePermission(tx, shop.id, c.role, c.permission, c.allowed);
      await appendAudit(tx, shop.id, {
        actor,
        action: "staff.permission",
        entityType: "Shop",
        entityId: shop.id,
        data: {
          role: c.role,
          permission: c.permission,
          before: { allowed: !c.allowed },
          after: { allowed: c.allowed },
        },
      });
    }
    return { ok: true, changed };
  });
}
