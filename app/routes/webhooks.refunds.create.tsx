import type { ActionFunctionArgs } from "@remix-run/node";
import { handleWebhook } from "../services/webhooks.server";
import { applyRefund, refundPayload } from "../services/sales.server";

export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, async ({ shop, payload, actor, webhookId }) => {
    if (!refundPayload.safeParse(payload).success) throw new Response("refunds/create payload is malformed", { status: 400 });
    await applyRefund(shop, payload, actor, webhookId);
  });
