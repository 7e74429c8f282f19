// Common handling for every webhook route: HMAC checked by the Shopify library (401 otherwise),
// a delivery seen before is acknowledged without running twice, and a handler failure answers 500
// so Shopify retries.
import { authenticate } from "../shopify.server";
import { db } from "../db.server";
import type { Actor } from "../models/actor";

export type WebhookContext = Awaited<ReturnType<typeof authenticate.webhook>> & { actor: Actor };

export async function handleWebhook(
  request: Request,
  handler: (context: WebhookContext) => Promise<void>,
): Promise<Response> {
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const context = await authenticate.webhook(request);
  const webhookId = context.webhookId;
  const seen = await db.webhookReceipt.findUnique({ where: { webhookId } });
  if (seen) return new Response(null, { status: 200 });
  // The header keeps Shopify's own spelling (customers/data_request); the library's enum does not.
  const topic = request.headers.get("X-Shopify-Topic") ?? context.topic;
  const actor: Actor = { kind: "webhook", name: `Shopify webhook ${topic}` };
  await handler({ ...context, actor });
  const shop = await db.shop.findUnique({ where: { domain: context.shop }, select: { id: true } });
  // Recorded after the handler succeeded: handlers are idempotent, so a crash in between only
  // means the redelivery runs the (harmless) handler again.
  await db.webhookReceipt.upsert({
    where: { webhookId },
    create: { webhookId, shopId: shop?.id ?? null, shopDomain: context.shop, topic: context.topic },
    update: {},
  });
  return new Response(null, { status: 200 });
}
