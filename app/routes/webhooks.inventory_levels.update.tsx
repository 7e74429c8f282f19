import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { restId, shopifyGid } from "../shopify/ids";
import { handleWebhook } from "../http/webhooks.server";
import { observeLevel } from "../services/sync/reconcile.server";
import { findShopByDomain } from "../models/shop.server";

const payload = z.object({ inventory_item_id: restId, location_id: restId, available: z.number().int().nullable() });

export const permission = { action: "shopify" } as const;

// Shopify announces a new available quantity: compared with Loupe's active pieces, a difference is
// recorded for a person (never applied to either side).
export const action = ({ request }: ActionFunctionArgs) =>
  handleWebhook(request, async ({ shop, payload: body }) => {
    const parsed = payload.safeParse(body);
    if (!parsed.success) throw new Response("inventory_levels/update payload is malformed", { status: 400 });
    const row = await findShopByDomain(shop);
    if (!row || parsed.data.available === null) return;
    await observeLevel(row.id, {
      inventoryItemGid: shopifyGid("InventoryItem", parsed.data.inventory_item_id),
      shopifyLocationGid: shopifyGid("Location", parsed.data.location_id),
      shopifyAvailable: parsed.data.available,
    });
  });
