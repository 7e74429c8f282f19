// How customers reach the shop, as Shopify's Admin API tells it. The Admin API (2026-07) has no
// `shop.brand` (the brand logo is only in the Storefront API and in Liquid's `shop.brand`), so the
// logo is not read here: the page inside the theme takes it from Liquid.
import { adminQuery, type AdminGraphql } from "./admin-graphql.server";

export const SHOP_IDENTITY = `#graphql
  query LoupeShopIdentity {
    shop { name contactEmail primaryDomain { url } shopAddress { phone } }
  }`;

export type ShopIdentity = { name: string | null; email: string | null; phone: string | null; url: string | null };

type Answer = {
  shop: {
    name: string;
    contactEmail: string;
    primaryDomain: { url: string } | null;
    shopAddress: { phone: string | null } | null;
  };
};

const text = (value: string | null | undefined, max: number) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, max) : null;
};

/** The shop's public identity, or null when Shopify cannot say now. Only well-formed values are kept. */
export async function readShopIdentity(admin: AdminGraphql): Promise<ShopIdentity | null> {
  const data = await adminQuery<Answer>(admin, SHOP_IDENTITY, {});
  if (!data?.shop) return null;
  const email = text(data.shop.contactEmail, 200);
  const phone = text(data.shop.shopAddress?.phone, 40);
  const url = text(data.shop.primaryDomain?.url, 300);
  return {
    name: text(data.shop.name, 200),
    email: email && /^[^\s@<>"]+@[^\s@<>"]+$/.test(email) ? email : null,
    phone: phone && /^\+?[\d ().-]{4,40}$/.test(phone) ? phone : null,
    url: url && /^https:\/\/[^\s"'<>]+$/.test(url) ? url : null,
  };
}
