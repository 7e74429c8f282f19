// locations/create: a location added in Shopify: it becomes a site. The sites follow Shopify's current list, read again from the Admin API
// (app/http/location-webhooks.server.ts).
import { locationsWebhookAction } from "../http/location-webhooks.server";

export const permission = { action: "shopify" } as const;

export const action = locationsWebhookAction("locations/create");
