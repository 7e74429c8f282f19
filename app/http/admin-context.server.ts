// What every embedded admin loader and action starts with: the authenticated Shopify session, the
// shop's row, the person acting, what the shop's permission matrix lets them do, and the UI
// language. A route names what it needs: `requireAdmin(request, "pieces.edit")` answers 403 (in the
// person's language, naming the permission) to anyone whose role lacks it.
import { authenticateAdmin } from "./session-token.server";
import { resolveLocale, translate, type Locale, type MessageKey } from "../i18n";
import { ensureShop } from "../models/shop.server";
import { findAdminStaff, setStaffLocale } from "../models/staff.server";
import { meetAdminUser } from "../services/staff/roles.server";
import { shopMatrix } from "../services/staff/permissions.server";
import {
  allows,
  gatePermissions,
  PERMISSIONS,
  reasonNeeded,
  type Gate,
  type Matrix,
  type Permission,
} from "../domain/staff/permissions";
import { askShopifyWhoIs } from "./shopify-user.server";
import type { Actor } from "../models/actor";

export type AdminContext = Awaited<ReturnType<typeof requireAdmin>>;

/** The 403 a person gets for a permission their role lacks: what they tried, and whom to ask. */
export function permissionRefusal(locale: Locale, permission: Permission): Response {
  const what = translate(locale, `permissions.name.${permission}` as MessageKey);
  return new Response(translate(locale, "permissions.refused", { permission: what }), {
    status: 403,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** Throws the 403 unless `context`'s person holds every permission of `gate`. */
export function requirePermission(context: { locale: Locale; can: (p: Permission) => boolean }, gate: Gate) {
  const missing = gatePermissions(gate).find((p) => !context.can(p));
  if (missing) throw permissionRefusal(context.locale, missing);
}

/**
 * The admin context, after checking `gate` (a permission, several, or "signed-in" for any admin
 * user of the shop; omitted means "signed-in", for routes written before the matrix — every route
 * file declares its gate in `export const permission`, which test/integration/routes checks).
 */
export async function requireAdmin(request: Request, gate: Gate = "signed-in") {
  const { session, sessionToken, admin, redirect } = await authenticateAdmin(request);
  const shop = await ensureShop(session.shop, session.scope ?? null);
  const userId = sessionToken?.sub ?? null;
  // Shopify puts the admin's language on document loads only (?locale=fr-FR); remember it per
  // person so the data requests of later in-app navigations answer in the same language.
  const requested = new URL(request.url).searchParams.get("locale");
  const seenLocale = requested ? resolveLocale(requested, resolveLocale(shop.locale)) : null;
  let staff = userId ? await findAdminStaff(shop.id, userId) : null;
  // A person Shopify was not yet asked about (new, or recorded before Loupe asked) is asked once:
  // the account owner becomes owner, anyone else starts as staff. Unanswered, staff (asked again later).
  if (userId && (!staff || staff.accountOwner === null)) {
    staff = await meetAdminUser(shop.id, userId, seenLocale, await askShopifyWhoIs(request, session.shop));
  }
  if (staff && seenLocale && staff.locale !== seenLocale && (await setStaffLocale(shop.id, staff.id, seenLocale))) {
    staff = { ...staff, locale: seenLocale };
  }
  const actor: Actor = { kind: "admin", id: staff?.id ?? null, name: staff?.name ?? "Shopify admin" };
  const locale: Locale = seenLocale ?? resolveLocale(staff?.locale, resolveLocale(shop.locale));
  const matrix: Matrix = await shopMatrix(shop);
  const role = staff?.role ?? null;
  const can = (permission: Permission) => allows(matrix, role, permission);
  requirePermission({ locale, can }, gate);
  const canSeeCost = can("cost.see");
  /** Everything this person may do, for the page to hide what they may not. */
  const permissions = PERMISSIONS.filter(can);
  return { session, admin, redirect, shop, actor, staff, locale, canSeeCost, can, permissions, matrix };
}

/**
 * For actions that answer JSON to the page (piece page, pieces list): the 403 answer
 * { ok: false, code: "PERMISSION_FORBIDDEN", message } when `gate` is not held, null when it is.
 */
export function permissionAnswer(
  context: { locale: Locale; can: (p: Permission) => boolean },
  gate: Gate,
): Response | null {
  const missing = gatePermissions(gate).find((p) => !context.can(p));
  if (!missing) return null;
  const what = translate(context.locale, `permissions.name.${missing}` as MessageKey);
  return Response.json(
    {
      ok: false,
      code: "PERMISSION_FORBIDDEN",
      permission: missing,
      message: translate(context.locale, "permissions.refused", { permission: what }),
    },
    { status: 403 },
  );
}

/**
 * A change to a sold-outside-Shopify, lost, written-off or returned state, or out of to_inspect,
 * needs a reason: the 400 answer when missing.
 */
export function reasonAnswer(
  context: { locale: Locale },
  to: string,
  reason: string | undefined,
  from?: string,
): Response | null {
  if (!reasonNeeded(to, from) || (reason ?? "").trim() !== "") return null;
  return Response.json(
    {
      ok: false,
      code: "REASON_REQUIRED",
      message: translate(context.locale, "staff.error.REASON_REQUIRED"),
      errors: { reason: translate(context.locale, "staff.error.REASON_REQUIRED") },
    },
    { status: 400 },
  );
}
