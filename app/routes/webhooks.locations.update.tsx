// locations/update: a location renamed (or, in older API versions, deactivated) in Shopify. The
// sites follow Shopify's current list, read again from the Admin API (app/http/location-webhooks.server.ts).
import { locationsWebhookAction } from "../http/location-webhooks.server";

export const permission = { action: "shopify" } as const;

export const action = locationsWebhookAction("locations/update");
