// The backend of Loupe's admin UI extension (the block on Shopify's product page). The extension
// runs on Shopify's extension origin and calls these routes with `Authorization: Bearer <session
// token>` (from shopify.idToken()); authenticate.admin checks the token, answers the CORS
// preflight, and `cors()` adds the CORS headers to every answer.
import { authenticateAdmin } from "./session-token.server";
import { ensureShop } from "../models/shop.server";
import { findAdminStaff } from "../models/staff.server";
import { resolveLocale, translate, type Locale, type MessageKey } from "../i18n";
import { shopMatrix } from "../services/staff/permissions.server";
import { allows, gatePermissions, type Gate } from "../domain/staff/permissions";
import type { Actor } from "../models/actor";

/**
 * The extension's context after checking `gate` (the route's declared permission) against the
 * person's role: refused with 403 { error: "PERMISSION_FORBIDDEN", message } in their language.
 */
export async function requireExtensionAdmin(request: Request, gate: Gate = "signed-in") {
  const { session, sessionToken, cors } = await authenticateAdmin(request);
  const shop = await ensureShop(session.shop, session.scope ?? null);
  const userId = sessionToken?.sub ?? null;
  const staff = userId ? await findAdminStaff(shop.id, userId) : null;
  const actor: Actor = {
    kind: "admin",
    id: staff?.id ?? null,
    name: staff?.name ?? (userId ? `Shopify user ${userId}` : "Shopify admin"),
  };
  // The extension sends the admin's language (shopify.i18n / navigator) as ?locale=.
  const locale: Locale = resolveLocale(
    new URL(request.url).searchParams.get("locale"),
    resolveLocale(staff?.locale, resolveLocale(shop.locale)),
  );
  const json = (body: unknown, status = 200) =>
    cors(
      new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8" } }),
    );
  const matrix = await shopMatrix(shop);
  // Someone who never opened Loupe's pages is not recorded yet: they would start as staff.
  const role = staff?.role ?? (userId ? "staff" : null);
  const missing = gatePermissions(gate).find((p) => !allows(matrix, role, p));
  if (missing) {
    const what = translate(locale, `permissions.name.${missing}` as MessageKey);
    throw json(
      { error: "PERMISSION_FORBIDDEN", message: translate(locale, "permissions.refused", { permission: what }) },
      403,
    );
  }
  return { shop, actor, locale, json };
}
