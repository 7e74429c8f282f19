// Finding the Shopify variant a piece is received against, from what a person types.
import type { Issue } from "../domain/schemas/piece";
import { adminQuery, type AdminGraphql } from "./admin-graphql.server";

const VARIANT_FIELDS = `id sku title displayName price product { id title } inventoryItem { id }`;

export const VARIANT_BY_ID = `#graphql
  query LoupeVariantById($id: ID!) { productVariant(id: $id) { ${VARIANT_FIELDS} } }`;

export const VARIANTS_BY_SKU = `#graphql
  query LoupeVariantsBySku($query: String!) { productVariants(first: 5, query: $query) { nodes { ${VARIANT_FIELDS} } } }`;

type VariantNode = {
  id: string;
  sku: string | null;
  title: string;
  displayName: string;
  price: string;
  product: { id: string; title: string };
  inventoryItem: { id: string } | null;
};

export type LinkedVariant = {
  productGid: string;
  variantGid: string;
  inventoryItemGid: string | null;
  sku: string | null;
  title: string;
};

export type VariantLookup = { ok: true; variant: LinkedVariant } | { ok: false; issue: Issue };

/**
 * What the App Bridge resource picker would return, from what a person can type instead: a
 * variant id (numeric or gid) or a SKU. One SKU shared by several variants is refused as
 * ambiguous rather than guessed.
 */
export async function lookUpVariant(admin: AdminGraphql, ref: string): Promise<VariantLookup> {
  const trimmed = ref.trim();
  const gid = /^gid:\/\/shopify\/ProductVariant\/\d+$/.test(trimmed)
    ? trimmed
    : /^\d{1,20}$/.test(trimmed)
      ? `gid://shopify/ProductVariant/${trimmed}`
      : null;
  const toLinked = (v: VariantNode): LinkedVariant => ({
    productGid: v.product.id,
    variantGid: v.id,
    inventoryItemGid: v.inventoryItem?.id ?? null,
    sku: v.sku,
    title: v.displayName,
  });
  if (gid) {
    const data = await adminQuery<{ productVariant: VariantNode | null }>(admin, VARIANT_BY_ID, { id: gid });
    if (!data) return { ok: false, issue: { path: "variantRef", message: "catalog.error.shopifyUnavailable" } };
    if (data.productVariant) return { ok: true, variant: toLinked(data.productVariant) };
    // A numeric SKU is possible too: fall through to the SKU search.
    if (trimmed.startsWith("gid://"))
      return { ok: false, issue: { path: "variantRef", message: "catalog.error.variantNotFound" } };
  }
  const data = await adminQuery<{ productVariants: { nodes: VariantNode[] } }>(admin, VARIANTS_BY_SKU, {
    query: `sku:"${trimmed.replace(/["\\]/g, "")}"`,
  });
  if (!data) return { ok: false, issue: { path: "variantRef", message: "catalog.error.shopifyUnavailable" } };
  const exact = data.productVariants.nodes.filter((v) => v.sku === trimmed);
  if (exact.length === 1) return { ok: true, variant: toLinked(exact[0]!) };
  if (exact.length > 1)
    return {
      ok: false,
      issue: { path: "variantRef", message: "catalog.error.variantAmbiguous", params: { count: String(exact.length) } },
    };
  return { ok: false, issue: { path: "variantRef", message: "catalog.error.variantNotFound" } };
}
