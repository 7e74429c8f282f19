// A product's photos, read from Shopify when a page shows them (Loupe keeps no copy).
import { adminQuery, type AdminGraphql } from "./admin-graphql.server";

export const PRODUCT_MEDIA = `#graphql
  query LoupeProductMedia($id: ID!) {
    product(id: $id) { id media(first: 12) { nodes { id alt mediaContentType ... on MediaImage { image { url altText } } } } }
  }`;

export type ProductPhotos = { ok: true; photos: { id: string; url: string; alt: string | null }[] } | { ok: false };

/** The Shopify product's images for the piece page; `ok: false` when Shopify cannot say now. */
export async function productPhotos(admin: AdminGraphql, productGid: string): Promise<ProductPhotos> {
  const data = await adminQuery<{
    product: {
      media: { nodes: { id: string; alt: string | null; image?: { url: string; altText: string | null } | null }[] };
    } | null;
  }>(admin, PRODUCT_MEDIA, { id: productGid });
  if (!data) return { ok: false };
  const nodes = data.product?.media.nodes ?? [];
  return {
    ok: true,
    photos: nodes.flatMap((n) => (n.image ? [{ id: n.id, url: n.image.url, alt: n.image.altText ?? n.alt }] : [])),
  };
}
