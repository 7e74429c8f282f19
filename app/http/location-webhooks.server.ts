// Every locations/* webhook does the same thing: read Shopify's whole list of locations again and
// apply the set-up sync (app/services/locations/sites.server.ts). The payload only says which shop;
// taking the list from the API, not from the payload, is what makes deliveries out of order or
// twice end in Shopify's current state.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { handleWebhook } from "./webhooks.server";
import { findShopByDomain } from "../models/shop.server";
import { syncSitesFromShopify } from "../services/locations/sites.server";

export const LOCATION_TOPICS = [
  "locations/create",
  "locations/update",
  "locations/delete",
  "locations/activate",
  "locations/deactivate",
] as const;

const withGid = z.object({ admin_graphql_api_id: z.string().startsWith("gid://shopify/Location/") }).passthrough();
// A deleted location's payload carries only its numeric id.
const deleted = z.object({ id: z.number().int().positive() }).passthrough();

export function locationsWebhookAction(topic: (typeof LOCATION_TOPICS)[number]) {
  const payload = topic === "locations/delete" ? deleted : withGid;
  return ({ request }: ActionFunctionArgs) =>
    handleWebhook(request, async ({ shop, payload: body, admin, actor }) => {
      if (!payload.safeParse(body).success) throw new Response(`${topic} payload is malformed`, { status: 400 });
      const row = await findShopByDomain(shop);
      // No shop row or no session yet: the set-up page reads the locations when it is first used.
      if (!row || !admin) return;
      // Shopify did not answer: 500, so Shopify delivers the webhook again later.
      const result = await syncSitesFromShopify(row.id, admin, actor);
      if (!result.ok) throw new Error("Shopify's locations could not be read");
    });
}
