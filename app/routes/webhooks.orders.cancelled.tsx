import { orderWebhookAction } from "../services/sync/sales.server";

export const action = orderWebhookAction("orders/cancelled");
