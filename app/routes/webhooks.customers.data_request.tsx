import type { ActionFunctionArgs } from "@remix-run/node";
import { handleWebhook } from "../http/webhooks.server";
import { answerDataRequest, dataRequestPayload } from "../services/shop/compliance.server";

export const permission = { action: "shopify" } as const;

export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, async ({ payload, actor }) => {
    const parsed = dataRequestPayload.safeParse(payload);
    if (!parsed.success) throw new Response("customers/data_request payload is malformed", { status: 400 });
    await answerDataRequest(parsed.data, actor);
  });
