// locations/delete: a location deleted in Shopify: its site is archived. The sites follow Shopify's current list, read again from the Admin API
// (app/http/location-webhooks.server.ts).
import { locationsWebhookAction } from "../http/location-webhooks.server";

export const permission = { action: "shopify" } as const;

export const action = locationsWebhookAction("locations/delete");
