// A shop as Loupe records it on first authentication (no Shopify session: installShop in
// test/integration/helpers/shopify.ts adds one for route tests; simulatedShop holds its own).
import { loadApp } from "../integration/helpers/app";

let shops = 0;

export type ShopOverrides = {
  domain?: string;
  scopes?: string | null;
  // Settings the app only learns from Shopify (shop/update): no model writes them, so they are set directly.
  name?: string;
  locale?: string;
  currency?: string;
  ianaTimezone?: string;
};

export async function makeShop(overrides: ShopOverrides = {}) {
  const { db, ensureShop } = await loadApp();
  const { domain = `shop-${++shops}.myshopify.com`, scopes = null, ...settings } = overrides;
  const shop = await ensureShop(domain, scopes);
  if (Object.keys(settings).length === 0) return shop;
  return db.shop.update({ where: { id: shop.id }, data: settings });
}
