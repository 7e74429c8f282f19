// The backend of Loupe's admin UI extension (the block on Shopify's product page). The extension
// runs on Shopify's extension origin and calls these routes with `Authorization: Bearer <session
// token>` (from shopify.idToken()); authenticate.admin checks the token, answers the CORS
// preflight, and `cors()` adds the CORS headers to every answer.
import { authenticate } from "../shopify.server";
import { ensureShop } from "../models/shop.server";
import { findAdminStaff } from "../models/staff.server";
import { resolveLocale, type Locale } from "../i18n";
import type { Actor } from "../models/actor";

export async function requireExtensionAdmin(request: Request) {
  const { session, sessionToken, cors } = await authenticate.admin(request);
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
  return { shop, actor, locale, json };
}
