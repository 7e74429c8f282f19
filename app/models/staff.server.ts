// The shop's people as the embedded admin knows them: one StaffMember per Shopify user, created on
// their first request (as a manager; the owner changes roles in Loupe), with the admin language
// they last used. Kiosk PINs are in kiosk-staff.server.ts.
import { db } from "../db.server";

/** The person behind a Shopify user id, created on first sight with the language they came with. */
export async function ensureAdminStaff(shopId: string, shopifyUserId: string, locale: string | null) {
  return db.staffMember.upsert({
    where: { shopId_shopifyUserId: { shopId, shopifyUserId } },
    create: { shopId, shopifyUserId, name: `Shopify user ${shopifyUserId}`, role: "manager", locale },
    update: {},
  });
}

export async function findAdminStaff(shopId: string, shopifyUserId: string) {
  return db.staffMember.findUnique({
    where: { shopId_shopifyUserId: { shopId, shopifyUserId } },
    select: { id: true, name: true, locale: true },
  });
}

/** Remembers a person's admin language; false when the person is not one of the shop's. */
export async function setStaffLocale(shopId: string, staffId: string, locale: string): Promise<boolean> {
  const result = await db.staffMember.updateMany({ where: { shopId, id: staffId }, data: { locale } });
  return result.count === 1;
}
