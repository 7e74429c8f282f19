import { orderWebhookAction } from "../services/sales.server";

export const action = orderWebhookAction("orders/create");
