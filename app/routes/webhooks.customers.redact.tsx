import type { ActionFunctionArgs } from "@remix-run/node";
import { handleWebhook } from "../http/webhooks.server";
import { customerRedactPayload, redactCustomer } from "../services/shop/compliance.server";

export const permission = { action: "shopify" } as const;

export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, async ({ payload, actor }) => {
    const parsed = customerRedactPayload.safeParse(payload);
    if (!parsed.success) throw new Response("customers/redact payload is malformed", { status: 400 });
    await redactCustomer(parsed.data, actor);
  });
