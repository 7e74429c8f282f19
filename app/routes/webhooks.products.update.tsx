import type { ActionFunctionArgs } from "@remix-run/node";
import { handleWebhook } from "../http/webhooks.server";
import { applyProductUpdate, productPayload } from "../services/sync/product-updates.server";

export const permission = { action: "shopify" } as const;

export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, async ({ shop, payload, actor }) => {
    if (!productPayload.safeParse(payload).success)
      throw new Response("products/update payload is malformed", { status: 400 });
    await applyProductUpdate(shop, payload, actor);
  });
