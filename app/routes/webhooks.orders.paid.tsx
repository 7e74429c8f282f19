import { orderWebhookAction } from "../services/sync/sales.server";

export const permission = { action: "shopify" } as const;

export const action = orderWebhookAction("orders/paid");
