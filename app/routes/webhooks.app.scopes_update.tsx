import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { handleWebhook } from "../http/webhooks.server";
import { updateShopScopes } from "../models/shop.server";

const payload = z.object({ current: z.array(z.string()) });

export const permission = { action: "shopify" } as const;

export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, async ({ shop, actor, payload: body }) => {
    const parsed = payload.safeParse(body);
    if (!parsed.success) throw new Response("app/scopes_update payload lacks `current`", { status: 400 });
    await updateShopScopes(shop, parsed.data.current.join(","), actor);
  });
