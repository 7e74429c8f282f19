import type { ActionFunctionArgs } from "@remix-run/node";
import { handleWebhook } from "../services/webhooks.server";
import { applyProductUpdate, productPayload } from "../services/products-sync.server";

export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, async ({ shop, payload, actor }) => {
    if (!productPayload.safeParse(payload).success) throw new Response("products/update payload is malformed", { status: 400 });
    await applyProductUpdate(shop, payload, actor);
  });
