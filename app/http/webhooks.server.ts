// Common handling for every webhook route: the body read with a 1 MB ceiling before anything else
// (413 past it: nothing unauthenticated is buffered beyond that), HMAC checked by the Shopify
// library (401 otherwise), a signed body that is not a JSON object acknowledged and dropped (a
// retry would carry the same bytes; logged), a delivery seen before acknowledged without running
// twice, and a handler failure answering 500 so Shopify retries.
import { createHmac, timingSafeEqual } from "node:crypto";
import { authenticate } from "../shopify.server";
import { env } from "../env.server";
import { recordWebhookReceipt, webhookSeen } from "../models/webhook-receipts.server";
import type { Actor } from "../models/actor";
import { JSON_BODY_LIMIT, readBodyLimited, TOO_LARGE_HEADERS, withBody } from "./body-limit.server";

export type WebhookContext = Awaited<ReturnType<typeof authenticate.webhook>> & { actor: Actor };

/** Shopify's HMAC over exactly these bytes (base64 in X-Shopify-Hmac-Sha256), compared in constant time. */
function signedByShopify(request: Request, bytes: Uint8Array): boolean {
  const given = Buffer.from(request.headers.get("X-Shopify-Hmac-Sha256") ?? "", "base64");
  const expected = createHmac("sha256", env().SHOPIFY_API_SECRET).update(bytes).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function isJsonObject(bytes: Uint8Array): boolean {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof value === "object" && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

export async function handleWebhook(
  request: Request,
  handler: (context: WebhookContext) => Promise<void>,
): Promise<Response> {
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const body = await readBodyLimited(request, JSON_BODY_LIMIT);
  if (!body.ok) return new Response("Payload too large", { status: 413, headers: TOO_LARGE_HEADERS });
  if (!isJsonObject(body.bytes)) {
    if (!signedByShopify(request, body.bytes)) return new Response("Unauthorized", { status: 401 });
    console.warn(
      `webhook ${request.headers.get("X-Shopify-Topic") ?? "?"} from ${request.headers.get("X-Shopify-Shop-Domain") ?? "?"} (id ${request.headers.get("X-Shopify-Webhook-Id") ?? "?"}): signed, but its body is not a JSON object; acknowledged and dropped`,
    );
    return new Response(null, { status: 200 });
  }
  const context = await authenticate.webhook(withBody(request, body.bytes));
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
