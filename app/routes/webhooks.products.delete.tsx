import type { ActionFunctionArgs } from "@remix-run/node";
import { handleWebhook } from "../services/webhooks.server";
import { applyProductDelete, productDeletePayload } from "../services/products-sync.server";

export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, async ({ shop, payload, actor }) => {
    if (!productDeletePayload.safeParse(payload).success) throw new Response("products/delete payload is malformed", { status: 400 });
    await applyProductDelete(shop, payload, actor);
  });
