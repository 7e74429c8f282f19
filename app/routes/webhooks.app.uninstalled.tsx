import type { ActionFunctionArgs } from "@remix-run/node";
import { handleWebhook } from "../http/webhooks.server";
import { markUninstalled } from "../models/shop.server";

export const permission = { action: "shopify" } as const;

export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, async ({ shop, actor }) => {
    // Sessions go now; the shop's records stay until shop/redact (48 hours later), in case of reinstall.
    await markUninstalled(shop, actor);
  });
