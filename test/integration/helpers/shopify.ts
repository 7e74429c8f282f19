// Real Shopify credentials for route tests: session tokens are HS256 JWTs signed with the app's
// secret, webhooks carry a base64 HMAC of the raw body, app proxy requests a hex signature.
import { createHmac } from "node:crypto";
import { DEMO_USER_ID, mintSessionToken } from "../../../app/http/demo-session.server";
import { loadApp } from "./app";

export const API_KEY = () => process.env.SHOPIFY_API_KEY!;
export const API_SECRET = () => process.env.SHOPIFY_API_SECRET!;
export const APP_URL = () => process.env.SHOPIFY_APP_URL!;

export function sessionToken(shop: string, options: { secret?: string; userId?: string } = {}): string {
  return mintSessionToken(shop, API_KEY(), options.secret ?? API_SECRET(), options.userId);
}

/** A request as App Bridge makes it from inside the admin (a fetch with a bearer token). */
export function adminRequest(
  path: string,
  shop: string,
  init: { token?: string; method?: string; body?: BodyInit; search?: Record<string, string> } = {},
): Request {
  const url = new URL(path, APP_URL());
  for (const [k, v] of Object.entries(init.search ?? {})) url.searchParams.set(k, v);
  return new Request(url, {
    method: init.method ?? "GET",
    body: init.body,
    headers: {
      Authorization: `Bearer ${init.token ?? sessionToken(shop)}`,
      "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) LoupeTest",
    },
  });
}

let webhookCounter = 0;

export function webhookRequest(
  topic: string,
  shop: string,
  payload: unknown,
  options: { secret?: string; webhookId?: string } = {},
): Request {
  const body = JSON.stringify(payload);
  const hmac = createHmac("sha256", options.secret ?? API_SECRET())
    .update(body)
    .digest("base64");
  return new Request(new URL(`/webhooks/${topic}`, APP_URL()), {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-API-Version": "2026-07",
      "X-Shopify-Webhook-Id": options.webhookId ?? `wh-${Date.now()}-${++webhookCounter}`,
      "X-Shopify-Event-Id": `ev-${webhookCounter}`,
      "X-Shopify-Triggered-At": new Date().toISOString(),
      "X-Shopify-Hmac-Sha256": hmac,
    },
  });
}

/** App proxy signature: hex HMAC-SHA256 of the sorted k=v pairs joined with nothing. */
export function proxySignature(params: Record<string, string>, secret = API_SECRET()): string {
  const message = Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

export function proxyRequest(
  path: string,
  shop: string,
  options: { sign?: boolean; secret?: string; extra?: Record<string, string> } = {},
): Request {
  const params: Record<string, string> = {
    shop,
    logged_in_customer_id: "",
    path_prefix: "/apps/loupe",
    timestamp: String(Math.floor(Date.now() / 1000)),
    ...(options.extra ?? {}),
  };
  const url = new URL(path, APP_URL());
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  if (options.sign !== false) url.searchParams.set("signature", proxySignature(params, options.secret));
  return new Request(url, { headers: { "User-Agent": "Mozilla/5.0 LoupeTest" } });
}

/** An installed shop: the offline session the app would hold after token exchange. */
export async function installShop(shop: string) {
  const { db, ensureShop } = await loadApp();
  const { env } = await import("../../../app/env.server");
  await db.session.create({
    data: {
      id: `offline_${shop}`,
      shop,
      state: "",
      isOnline: false,
      scope: env().SCOPES,
      accessToken: `shpat_test_${shop}`,
      expires: new Date(Date.now() + 3600_000),
      refreshToken: `shprt_test_${shop}`,
      refreshTokenExpires: new Date(Date.now() + 30 * 86400_000),
    },
  });
  return ensureShop(shop, null);
}

/**
 * An admin user Loupe already knows, with the role the Staff page would have given them (and
 * Shopify already asked: not the account owner unless the role is owner). For tests whose shop has
 * no simulator to answer the online token exchange, where a newcomer stays staff.
 */
export async function knownAdmin(shop: string, role: string, userId = DEMO_USER_ID) {
  const { db } = await loadApp();
  const { id: shopId } = await db.shop.findUniqueOrThrow({ where: { domain: shop }, select: { id: true } });
  const accountOwner = role === "owner";
  return db.staffMember.upsert({
    where: { shopId_shopifyUserId: { shopId, shopifyUserId: userId } },
    create: { shopId, shopifyUserId: userId, name: `Shopify user ${userId}`, role, accountOwner },
    update: { role, accountOwner },
  });
}

export function routeArgs(request: Request, params: Record<string, string> = {}) {
  return { request, params, context: {} };
}

/** Runs a loader/action and returns what it returned or the Response it threw. */
export async function settle<T>(run: () => Promise<T>): Promise<{ value?: T; response?: Response }> {
  try {
    const value = await run();
    return value instanceof Response ? { response: value } : { value };
  } catch (thrown) {
    if (thrown instanceof Response) return { response: thrown };
    throw thrown;
  }
}
