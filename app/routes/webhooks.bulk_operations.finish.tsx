import type { ActionFunctionArgs } from "@remix-run/node";
import { handleWebhook } from "../http/webhooks.server";
import { handleBulkFinish } from "../shopify/bulk-products.server";

export const permission = { action: "shopify" } as const;

// A bulk operation Loupe started has finished: its results are applied now instead of at the next
// poll (whichever comes first applies them, once).
export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, async ({ shop, payload }) => {
    await handleBulkFinish(shop, payload);
  });
