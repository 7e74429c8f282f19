// Shops: created on first authentication, their data removed on shop/redact.
import { db, type Tx } from "../db.server";
import { appendAudit } from "./audit.server";
import type { Actor } from "./actor";

export async function ensureShop(domain: string, scopes: string | null) {
  const existing = await db.shop.findUnique({ where: { domain } });
  if (existing) {
    if (existing.uninstalledAt || existing.scopes !== scopes) {
      return db.shop.update({ where: { id: existing.id }, data: { uninstalledAt: null, scopes } });
    }
    return existing;
  }
  return db.shop.create({ data: { domain, scopes } });
}

export async function findShopByDomain(domain: string) {
  return db.shop.findUnique({ where: { domain } });
}

/** The domains of these shops, by id (a shop missing from the answer no longer exists). */
export async function shopDomainsById(shopIds: string[]): Promise<Map<string, string>> {
  const shops = await db.shop.findMany({ where: { id: { in: shopIds } }, select: { id: true, domain: true } });
  return new Map(shops.map((s) => [s.id, s.domain]));
}

/** The shop's currency (ISO 4217), in which its prices and costs are kept. */
export async function shopCurrency(shopId: string, tx: Tx = db): Promise<string> {
  const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { currency: true } });
  return shop.currency;
}

export async function markUninstalled(domain: string, actor: Actor) {
  await db.$transaction(async (tx) => {
    await tx.session.deleteMany({ where: { shop: domain } });
    const shop = await tx.shop.findUnique({ where: { domain } });
    if (!shop || shop.uninstalledAt) return;
    await tx.shop.update({ where: { id: shop.id }, data: { uninstalledAt: new Date() } });
    await appendAudit(tx, shop.id, {
      actor,
      action: "app.uninstalled",
      entityType: "Shop",
      entityId: shop.id,
      reason: "app/uninstalled webhook",
    });
  });
}

export async function updateShopScopes(domain: string, scopes: string, actor: Actor) {
  await db.$transaction(async (tx) => {
    await tx.session.updateMany({ where: { shop: domain }, data: { scope: scopes } });
    const shop = await tx.shop.findUnique({ where: { domain } });
    if (!shop) return;
    await tx.shop.update({ where: { id: shop.id }, data: { scopes } });
    await appendAudit(tx, shop.id, {
      actor,
      action: "app.scopes_updated",
      entityType: "Shop",
      entityId: shop.id,
      data: { from: shop.scopes, to: scopes },
    });
  });
}

/**
 * shop/redact: removes every row of the shop. Child rows go by ON DELETE CASCADE from Shop; the
 * append-only triggers let ledger and audit rows go only once their Shop row is gone.
 * Sessions and webhook receipts are keyed by domain and removed explicitly.
 */
export async function deleteShopData(domain: string): Promise<{ deleted: boolean }> {
  return db.$transaction(async (tx) => {
    await tx.session.deleteMany({ where: { shop: domain } });
    await tx.webhookReceipt.deleteMany({ where: { shopDomain: domain } });
    const result = await tx.shop.deleteMany({ where: { domain } });
    return { deleted: result.count > 0 };
  });
}

/** How customers reach the shop, as last read from Shopify (null fields: Shopify gave none). */
export type PublicIdentity = { name: string | null; email: string | null; phone: string | null; url: string | null };

/**
 * Stores what Shopify says about the shop's public identity. Not audited: it is a copy of Shopify's
 * own settings (changed there, in Shopify's admin), not a Loupe setting; `identityReadAt` says when.
 */
export async function saveShopIdentity(shopId: string, identity: PublicIdentity, readAt: Date): Promise<void> {
  await db.shop.update({
    where: { id: shopId },
    data: {
      publicName: identity.name,
      publicEmail: identity.email,
      publicPhone: identity.phone,
      publicUrl: identity.url,
      identityReadAt: readAt,
    },
  });
}

export async function getShop(shopId: string) {
  return db.shop.findUniqueOrThrow({ where: { id: shopId } });
}

/** Shops with the app installed, for work that runs over every shop (the reconciler). */
export async function installedShops() {
  return db.shop.findMany({ where: { uninstalledAt: null }, select: { id: true, domain: true } });
}

/** The figures on the home page: pieces in all, on sale, being received, and consignments still open. */
export async function homeFigures(shopId: string) {
  const [total, active, receiving, consigned] = await Promise.all([
    db.piece.count({ where: { shopId } }),
    db.piece.count({ where: { shopId, state: "active" } }),
    db.piece.count({ where: { shopId, state: "receiving" } }),
    db.consignment.count({ where: { shopId, returnedAt: null, settledAt: null } }),
  ]);
  return { total, active, receiving, consigned };
}
