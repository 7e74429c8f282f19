// locations/update: a location renamed in Shopify. The names are read again from the Admin API
// rather than taken from the payload, so deliveries out of order or twice still end with
// Shopify's current names.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { handleWebhook } from "../http/webhooks.server";
import { refreshShopifyLocationNames } from "../services/kiosk/pairing.server";
import { findShopByDomain } from "../models/shop.server";

const payload = z.object({ admin_graphql_api_id: z.string().startsWith("gid://shopify/Location/") }).passthrough();

export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, async ({ shop, payload: body, admin }) => {
    if (!payload.safeParse(body).success) throw new Response("locations/update payload is malformed", { status: 400 });
    const row = await findShopByDomain(shop);
    // No shop row or no session yet: the kiosks page reads the names when it is first opened.
    if (!row || !admin) return;
    // Shopify did not answer: 500, so Shopify delivers the webhook again later.
    if ((await refreshShopifyLocationNames(row.id, admin, { force: true })) === "unavailable")
      throw new Error("Shopify's location names could not be read");
  });
