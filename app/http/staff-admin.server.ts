// The Staff page's server side: the list for the owner and managers, and a role change. Anyone
// else is answered 403 with a translated message.
import { z } from "zod";
import { translate } from "../i18n";
import { ADMIN_ROLES, canManageStaff } from "../domain/staff/roles";
import { listAdminStaff } from "../models/staff.server";
import { changeStaffRole } from "../services/staff/roles.server";
import type { AdminContext } from "./admin-context.server";
import { invalidAnswer, parseBody, refusedAnswer } from "./admin-action.server";

export const roleChangeSchema = z.object({ staffId: z.string().min(1), role: z.enum(ADMIN_ROLES) });

/** The person acting, when they may manage staff; a thrown 403 otherwise. */
function manager(context: AdminContext) {
  const { staff } = context;
  if (!staff || !canManageStaff(staff.role))
    throw new Response(translate(context.locale, "staff.error.STAFF_FORBIDDEN"), { status: 403 });
  return staff;
}

export async function staffPage(context: AdminContext) {
  const me = manager(context);
  const people = await listAdminStaff(context.shop.id);
  return {
    me: { id: me.id, role: me.role },
    timeZone: context.shop.ianaTimezone,
    people: people.map((p) => ({
      id: p.id,
      name: p.name,
      email: p.email,
      role: p.role,
      locale: p.locale,
      accountOwner: p.accountOwner === true,
      since: p.createdAt.toISOString(),
    })),
  };
}

export async function staffAction(context: AdminContext, request: Request) {
  const me = manager(context);
  const parsed = await parseBody(request, roleChangeSchema);
  if (!parsed.ok) return invalidAnswer(context.locale, parsed.error);
  const result = await changeStaffRole(
    context.shop.id,
    { actor: context.actor, staffId: me.id, role: me.role },
    parsed.data,
  );
  if (!result.ok)
    return refusedAnswer(context.locale, result, { prefix: "staff.error.", fallback: "staff.error.unknown" });
  return { ok: true as const, changed: result.changed, staffId: parsed.data.staffId, role: parsed.data.role };
}
