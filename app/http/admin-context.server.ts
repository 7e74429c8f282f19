// What every embedded admin loader and action starts with: the authenticated Shopify session, the
// shop's row, the person acting, and the UI language.
import { authenticate } from "../shopify.server";
import { resolveLocale, type Locale } from "../i18n";
import { ensureShop } from "../models/shop.server";
import { findAdminStaff, setStaffLocale } from "../models/staff.server";
import { meetAdminUser } from "../services/staff/roles.server";
import { askShopifyWhoIs } from "./shopify-user.server";
import type { Actor } from "../models/actor";

export type AdminContext = Awaited<ReturnType<typeof requireAdmin>>;

export async function requireAdmin(request: Request) {
  const { session, sessionToken, admin, redirect } = await authenticate.admin(request);
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
  const canSeeCost = staff ? shop.costRoles.split(",").includes(staff.role) : false;
  return { session, admin, redirect, shop, actor, staff, locale, canSeeCost };
}
