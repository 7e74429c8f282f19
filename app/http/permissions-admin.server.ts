// The permissions page's server side (/app/permissions, the owner's): the matrix as a grid, and its
// change. The form sends every editable cell: a checked box is `<role>:<permission>=on`, an
// unchecked one is absent, so the form's `intent=matrix` is required before anything is revoked.
import { z } from "zod";
import { ADMIN_ROLES, type AdminRole } from "../domain/staff/roles";
import { allows, isFixed, PERMISSIONS, DEFAULT_MATRIX } from "../domain/staff/permissions";
import { changeMatrix, type MatrixChange } from "../services/staff/permissions.server";
import type { AdminContext } from "./admin-context.server";
import { invalidAnswer, readBody, refusedAnswer } from "./admin-action.server";

export function permissionsPage(context: AdminContext) {
  const { matrix } = context;
  return {
    roles: ADMIN_ROLES,
    rows: PERMISSIONS.map((permission) => ({
      permission,
      cells: ADMIN_ROLES.map((role) => ({
        role,
        allowed: allows(matrix, role, permission),
        fixed: isFixed(role, permission),
        byDefault: DEFAULT_MATRIX[role].includes(permission),
      })),
    })),
  };
}

const matrixForm = z.object({ intent: z.literal("matrix") }).passthrough();

export async function permissionsAction(context: AdminContext, request: Request) {
  const body = await readBody(request);
  const parsed = body.ok ? matrixForm.safeParse(body.value) : null;
  if (!parsed?.success) return invalidAnswer(context.locale, parsed?.error ?? null);
  const form = parsed.data as Record<string, unknown>;
  const cells: MatrixChange[] = ADMIN_ROLES.flatMap((role: AdminRole) =>
    PERMISSIONS.filter((p) => !isFixed(role, p)).map((permission) => ({
      role,
      permission,
      allowed: form[`${role}:${permission}`] !== undefined,
    })),
  );
  const result = await changeMatrix(context.shop, context.actor, cells);
  if (!result.ok)
    return refusedAnswer(context.locale, result, {
      prefix: "permissions.error.",
      fallback: "permissions.error.unknown",
    });
  return { ok: true as const, changed: result.changed.length };
}
