/**
 * Shopify app proxy requests: Shopify adds `shop`, `path_prefix`, `timestamp`,
 * `logged_in_customer_id` and `signature` to the query it forwards. The signature is the hex
 * HMAC-SHA256, keyed with the app secret, of every other parameter as `key=value` (repeated keys'
 * values joined with ","), sorted by key and concatenated with nothing between them.
 *
 * Loupe checks this itself rather than through the Shopify library so that the timestamp window
 * is its own (a captured link stops working after a few minutes, and a timestamp from the future
 * is refused too) and so that a public page never loads a session or touches the Admin API.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** A proxied request is signed by Shopify when it is forwarded: it only has to survive transit. */
export const PROXY_MAX_AGE_SECONDS = 180;
/** Clock skew allowed between Shopify and this server for a timestamp that is ahead. */
export const PROXY_MAX_FUTURE_SECONDS = 30;

const SINGLE_VALUED = new Set(["shop", "signature", "timestamp"]);

export type ProxyCheck =
  | { ok: true; shop: string; customerSignedIn: boolean }
  | {
      ok: false;
      reason:
        | "MISSING_SIGNATURE"
        | "BAD_SIGNATURE"
        | "REPEATED_PARAMETER"
        | "BAD_TIMESTAMP"
        | "STALE"
        | "FUTURE"
        | "BAD_SHOP";
    };

export function appProxyMessage(params: URLSearchParams): string {
  // Sorted by key (stable, so repeated keys keep their order), then equal keys joined by ",".
  const entries = [...params]
    .filter(([key]) => key !== "signature")
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let message = "";
  for (let i = 0; i < entries.length; i++) {
    const [key, value] = entries[i]!;
    if (i > 0 && entries[i - 1]![0] === key) message += `,${value}`;
    else message += `${key}=${value}`;
  }
  return message;
}

export function appProxySignature(params: URLSearchParams, secret: string): string {
  return createHmac("sha256", secret).update(appProxyMessage(params)).digest("hex");
}

export function checkAppProxy(params: URLSearchParams, secret: string, nowSeconds: number): ProxyCheck {
  for (const key of SINGLE_VALUED) {
    if (params.getAll(key).length > 1) return { ok: false, reason: "REPEATED_PARAMETER" };
  }
  const given = params.get("signature");
  if (!given) return { ok: false, reason: "MISSING_SIGNATURE" };
  const expected = Buffer.from(appProxySignature(params, secret), "hex");
  const actual = /^[0-9a-f]{64}$/i.test(given) ? Buffer.from(given, "hex") : Buffer.alloc(0);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
    return { ok: false, reason: "BAD_SIGNATURE" };
  const timestamp = Number(params.get("timestamp"));
  if (!Number.isInteger(timestamp) || !/^\d+$/.test(params.get("timestamp") ?? ""))
    return { ok: false, reason: "BAD_TIMESTAMP" };
  if (nowSeconds - timestamp > PROXY_MAX_AGE_SECONDS) return { ok: false, reason: "STALE" };
  if (timestamp - nowSeconds > PROXY_MAX_FUTURE_SECONDS) return { ok: false, reason: "FUTURE" };
  const shop = params.get("shop") ?? "";
  if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(shop)) return { ok: false, reason: "BAD_SHOP" };
  return { ok: true, shop, customerSignedIn: Boolean(params.get("logged_in_customer_id")) };
}

/** Signs a proxy URL the way Shopify does (tests, the demo and the benchmark use it). */
export function signAppProxyParams(params: Record<string, string>, secret: string): URLSearchParams {
  const search = new URLSearchParams(params);
  search.set("signature", appProxySignature(search, secret));
  return search;
}
