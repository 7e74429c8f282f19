// The shop's people as the embedded admin knows them: one StaffMember per Shopify user, created on
// their first request (owner for the Shopify account owner, staff for everyone else; the Staff page
// changes roles), with the admin language they last used. Kiosk PINs are in kiosk-staff.server.ts.
import { db, type Tx } from "../db.server";
import { firstRole } from "../domain/staff/roles";

/** What Shopify's online token exchange says of a user (associated_user). */
export type ShopifyUser = { accountOwner: boolean; name: string | null; email: string | null };

const ADMIN_STAFF = {
  id: true,
  name: true,
  role: true,
  locale: true,
  accountOwner: true,
} as const;

export async function findAdminStaff(shopId: string, shopifyUserId: string, tx: Tx = db) {
  return tx.staffMember.findUnique({
    where: { shopId_shopifyUserId: { shopId, shopifyUserId } },
    select: ADMIN_STAFF,
  });
}

/**
 * The person behind a Shopify user id, created on first sight with the language they came with.
 * `user` is what Shopify said of them (null when it could not be asked): the account owner starts as
 * (or an existing row is raised to) owner; nobody else's role changes here.
 */
export async function recordAdminStaff(
  tx: Tx,
  shopId: string,
  shopifyUserId: string,
  locale: string | null,
  user: ShopifyUser | null,
) {
  const known = user
    ? { accountOwner: user.accountOwner, ...(user.name ? { name: user.name } : {}), email: user.email }
    : {};
  return tx.staffMember.upsert({
    where: { shopId_shopifyUserId: { shopId, shopifyUserId } },
    create: {
      shopId,
      shopifyUserId,
      name: `Shopify user ${shopifyUserId}`,
      locale,
      role: firstRole(user?.accountOwner ?? null),
      ...known,
    },
    update: { ...known, ...(user?.accountOwner ? { role: "owner" } : {}) },
    select: ADMIN_STAFF,
  });
}

/** Remembers a person's admin language; false when the person is not one of the shop's. */
export async function setStaffLocale(shopId: string, staffId: string, locale: string): Promise<boolean> {
  const result = await db.staffMember.updateMany({ where: { shopId, id: staffId }, data: { locale } });
  return result.count === 1;
}

/** Everyone who opened Loupe in the Shopify admin (kiosk-only people have no Shopify user). */
export async function listAdminStaff(shopId: string) {
  return db.staffMember.findMany({
    where: { shopId, shopifyUserId: { not: null } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { ...ADMIN_STAFF, email: true, createdAt: true },
  });
}

export async function findAdminStaffById(tx: Tx, shopId: string, staffId: string) {
  return tx.staffMember.findFirst({
    where: { id: staffId, shopId, shopifyUserId: { not: null } },
    select: ADMIN_STAFF,
  });
}

/** Sets a role if it is still `before`; false when another request changed it first. */
export async function setStaffRole(
  tx: Tx,
  shopId: string,
  staffId: string,
  before: string,
  role: string,
): Promise<boolean> {
  const result = await tx.staffMember.updateMany({ where: { id: staffId, shopId, role: before }, data: { role } });
  return result.count === 1;
}

/** People who only use the kiosk (no Shopify user), active or not, with whether they have a PIN. */
export async function listKioskOnlyStaff(shopId: string) {
  const rows = await db.staffMember.findMany({
    where: { shopId, shopifyUserId: null },
    orderBy: [{ active: "desc" }, { name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, role: true, active: true, pinHash: true, lockedUntil: true, createdAt: true },
  });
  return rows.map(({ pinHash, ...row }) => ({ ...row, hasPin: pinHash !== null }));
}

/** A kiosk-only person (no Shopify user), active or not. */
export async function findKioskOnlyStaff(tx: Tx, shopId: string, staffId: string) {
  return tx.staffMember.findFirst({
    where: { id: staffId, shopId, shopifyUserId: null },
    select: { id: true, name: true, active: true, pinHash: true },
  });
}

export async function createKioskOnlyStaff(tx: Tx, shopId: string, name: string, pinHash: string | null) {
  return tx.staffMember.create({ data: { shopId, name, role: "staff", pinHash }, select: { id: true, name: true } });
}

/** Activates or deactivates a kiosk-only person if still `before`; false when it changed since. */
export async function setKioskOnlyActive(tx: Tx, shopId: string, staffId: string, before: boolean, active: boolean) {
  const result = await tx.staffMember.updateMany({
    where: { id: staffId, shopId, shopifyUserId: null, active: before },
    data: { active, failedPins: 0, lockedUntil: null },
  });
  return result.count === 1;
}

/** Anyone of the shop who may hold a kiosk PIN (admin users and kiosk-only people, active or not). */
export async function findPinHolder(shopId: string, staffId: string, tx: Tx = db) {
  return tx.staffMember.findFirst({
    where: { id: staffId, shopId },
    select: { id: true, name: true, role: true, pinHash: true },
  });
}

/** Sets (or removes, null) a PIN hash and lifts the person's lock, if their role is still `role`. */
export async function setStaffPinHash(tx: Tx, shopId: string, staffId: string, role: string, pinHash: string | null) {
  const result = await tx.staffMember.updateMany({
    where: { id: staffId, shopId, role },
    data: { pinHash, failedPins: 0, lockedUntil: null },
  });
  return result.count === 1;
}

/** The PIN hashes of the shop's active people but one (a new PIN must not match any of them). */
export async function otherPinHashes(shopId: string, exceptId: string | null, tx: Tx = db) {
  const rows = await tx.staffMember.findMany({
    where: { shopId, active: true, pinHash: { not: null }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { pinHash: true },
  });
  return rows.map((r) => r.pinHash!);
}
