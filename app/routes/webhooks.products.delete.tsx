import type { ActionFunctionArgs } from "@remix-run/node";
import { handleWebhook } from "../http/webhooks.server";
import { applyProductDelete, productDeletePayload } from "../services/sync/product-updates.server";

export const permission = { action: "shopify" } as const;

export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, async ({ shop, payload, actor }) => {
    if (!productDeletePayload.safeParse(payload).success)
      throw new Response("products/delete payload is malformed", { status: 400 });
    await applyProductDelete(shop, payload, actor);
  });
