// shop/update: the merchant changed the store's details in Shopify (name, contact email, address…).
// The public identity the provenance pages show is read again from the Admin API rather than taken
// from the payload, so deliveries twice or out of order end in Shopify's current details.
// Shopify did not answer: 500, and Shopify delivers the webhook again later.
import type { ActionFunctionArgs } from "@remix-run/node";
import { handleWebhook } from "../http/webhooks.server";
import { refreshShopIdentityOf } from "../services/shop/identity.server";
import { findShopByDomain } from "../models/shop.server";

export const permission = { action: "shopify" } as const;

export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, async ({ shop, admin }) => {
    // No shop row or no session yet: the install (afterAuth) reads the details.
    if (!admin || !(await findShopByDomain(shop))) return;
    const result = await refreshShopIdentityOf(shop, admin);
    if (!result.ok) throw new Error("Shopify's shop details could not be read");
  });
