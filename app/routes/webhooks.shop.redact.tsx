import type { ActionFunctionArgs } from "@remix-run/node";
import { handleWebhook } from "../http/webhooks.server";
import { redactShop, shopRedactPayload } from "../services/shop/compliance.server";

export const permission = { action: "shopify" } as const;

export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, async ({ payload }) => {
    const parsed = shopRedactPayload.safeParse(payload);
    if (!parsed.success) throw new Response("shop/redact payload is malformed", { status: 400 });
    await redactShop(parsed.data);
  });
