// Webhook deliveries already handled, by Shopify's delivery id (X-Shopify-Webhook-Id), so a
// redelivery is acknowledged without running its handler again. Receipts are keyed by the shop's
// domain: a delivery can concern a shop that has no row (yet, or any more).
import { db } from "../db.server";

export async function webhookSeen(shopDomain: string, webhookId: string): Promise<boolean> {
  const seen = await db.webhookReceipt.findFirst({ where: { shopDomain, webhookId }, select: { webhookId: true } });
  return seen !== null;
}

/** Records a handled delivery; recording it twice keeps the first receipt. */
export async function recordWebhookReceipt(shopDomain: string, webhookId: string, topic: string): Promise<void> {
  const shop = await db.shop.findUnique({ where: { domain: shopDomain }, select: { id: true } });
  await db.webhookReceipt.upsert({
    where: { webhookId },
    create: { webhookId, shopId: shop?.id ?? null, shopDomain, topic },
    update: {},
  });
}
