// How many photos Shopify products have, for lists that mark what a piece still lacks (Loupe keeps
// no copy of a product's media). One call for a page of products.
import { adminQuery, type AdminGraphql } from "./admin-graphql.server";

export const PRODUCTS_MEDIA_COUNT = `#graphql
  query LoupeProductsMediaCount($ids: [ID!]!) {
    nodes(ids: $ids) { ... on Product { id media(first: 1) { nodes { id } } } }
  }`;

/** Product gid → whether it has a photo; null when Shopify cannot say now. */
export async function productsHavePhotos(
  admin: AdminGraphql,
  productGids: readonly string[],
): Promise<Map<string, boolean> | null> {
  const ids = [...new Set(productGids)];
  if (ids.length === 0) return new Map();
  const data = await adminQuery<{ nodes: ({ id: string; media: { nodes: { id: string }[] } } | null)[] }>(
    admin,
    PRODUCTS_MEDIA_COUNT,
    { ids: ids.slice(0, 250) },
  );
  if (!data) return null;
  return new Map(data.nodes.flatMap((n) => (n && n.id ? [[n.id, n.media.nodes.length > 0] as const] : [])));
}
