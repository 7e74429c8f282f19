// Common handling for every webhook route: HMAC checked by the Shopify library (401 otherwise),
// a delivery seen before is acknowledged without running twice, and a handler failure answers 500
// so Shopify retries.
import { authenticate } from "../shopify.server";
import { recordWebhookReceipt, webhookSeen } from "../models/webhook-receipts.server";
import type { Actor } from "../models/actor";

export type WebhookContext = Awaited<ReturnType<typeof authenticate.webhook>> & { actor: Actor };

export async function handleWebhook(
  request: Request,
  handler: (context: WebhookContext) => Promise<void>,
): Promise<Response> {
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const context = await authenticate.webhook(request);
  const webhookId = context.webhookId;
  if (await webhookSeen(context.shop, webhookId)) return new Response(null, { status: 200 });
  // The header keeps Shopify's own spelling (customers/data_request); the library's enum does not.
  const topic = request.headers.get("X-Shopify-Topic") ?? context.topic;
  const actor: Actor = { kind: "webhook", name: `Shopify webhook ${topic}` };
  await handler({ ...context, actor });
  // Recorded after the handler succeeded: handlers are idempotent, so a crash in between only
  // means the redelivery runs the (harmless) handler again.
  await recordWebhookReceipt(context.shop, webhookId, context.topic);
  return new Response(null, { status: 200 });
}
