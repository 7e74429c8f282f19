// Shopify's identifiers as webhooks send them (REST: numbers, sometimes strings) and as the Admin
// GraphQL API and Loupe's records keep them (global ids).
import { z } from "zod";

/** A REST id from a webhook payload, kept as its decimal text (order ids exceed 2^53 some day). */
export const restId = z.union([z.number(), z.string()]).transform((v) => String(v));

export type ShopifyResource =
  "Order" | "Customer" | "Product" | "ProductVariant" | "Location" | "InventoryItem" | "LineItem";

export function shopifyGid(resource: ShopifyResource, id: string | number): string {
  return `gid://shopify/${resource}/${id}`;
}
