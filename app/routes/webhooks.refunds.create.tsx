import type { ActionFunctionArgs } from "@remix-run/node";
import { handleWebhook } from "../http/webhooks.server";
import { applyRefund, refundPayload } from "../services/sync/sales.server";

export const permission = { action: "shopify" } as const;

export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, async ({ shop, payload, actor, webhookId }) => {
    if (!refundPayload.safeParse(payload).success)
      throw new Response("refunds/create payload is malformed", { status: 400 });
    await applyRefund(shop, payload, actor, webhookId);
  });
