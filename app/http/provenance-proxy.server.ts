// What every public (app proxy) request goes through before any data is read: the per-client
// rate limit, then Shopify's signature and timestamp. Also the response helpers shared by the
// proxy routes (format and language choice, the not-found time floor).
import { z } from "zod";
import { env } from "../env.server";
import { checkAppProxy, type ProxyCheck } from "../domain/provenance/app-proxy";
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitOptions } from "../domain/provenance/rate-limit";
import { resolveLocale, type Locale } from "../i18n";
import { clientAddress, type RequestContext } from "./client-address.server";

/**
 * LOUPE_PROXY_RATE_LIMIT="<burst>/<per second>" (default "30/1": 30 at once, then one a second,
 * per client and per app instance), or "off". Read here rather than in env.server.ts because only
 * the public proxy uses it; a wrong value stops the process at first use with a clear message.
 */
const rateSetting = z
  .string()
  .regex(/^(off|\d+\/\d+(\.\d+)?)$/, 'LOUPE_PROXY_RATE_LIMIT must look like "30/1" (burst/per second) or "off"')
  .optional();

function rateOptions(): RateLimitOptions | null {
  const raw = rateSetting.parse(process.env.LOUPE_PROXY_RATE_LIMIT || undefined);
  if (raw === "off") return null;
  if (!raw) return DEFAULT_RATE_LIMIT;
  const [burst, perSecond] = raw.split("/").map(Number) as [number, number];
  return { ...DEFAULT_RATE_LIMIT, burst, perSecond };
}

let limiter: RateLimiter | null | undefined;

/** Tests and the benchmark: apply a new LOUPE_PROXY_RATE_LIMIT. */
export function resetRateLimiter(): void {
  limiter = undefined;
}

/**
 * The client: through the app proxy, Shopify's servers make the request and append the visitor's
 * address to X-Forwarded-For, so Shopify counts as one more trusted proxy in front of the
 * deployment's own (LOUPE_TRUSTED_PROXIES, see client-address.server.ts); what the visitor wrote
 * further left is ignored. Someone who replays a signed URL straight to the app (valid 3 minutes)
 * still chooses that one entry: the limit slows scrapers down, it is not a security boundary
 * (tokens are 128-bit random).
 */
export function clientKey(request: Request, context: RequestContext): string {
  return clientAddress(request, context, { extraHops: 1 });
}

export function takeRateToken(
  request: Request,
  context: RequestContext,
): { ok: true } | { ok: false; retryAfterSeconds: number } {
  if (limiter === undefined) {
    const options = rateOptions();
    limiter = options ? new RateLimiter(options) : null;
  }
  return limiter ? limiter.take(clientKey(request, context), Date.now()) : { ok: true };
}

export function checkProxyRequest(url: URL): ProxyCheck {
  return checkAppProxy(url.searchParams, env().SHOPIFY_API_SECRET, Math.floor(Date.now() / 1000));
}

export type Format = "liquid" | "html" | "json";

export function requestedFormat(url: URL): Format {
  const f = url.searchParams.get("format");
  return f === "json" || f === "html" ? f : "liquid";
}

/**
 * The reader's language: an explicit ?locale= (links, QR codes made for one language), then the
 * browser's Accept-Language, then the shop's language. Null for a Liquid page with no explicit
 * choice: the page then carries both languages and the theme picks with request.locale.
 */
export function explicitLocale(url: URL): Locale | null {
  const raw = url.searchParams.get("locale");
  return raw ? resolveLocale(raw, "en") : null;
}

export function browserLocale(request: Request, fallback: Locale): Locale {
  const first = request.headers.get("accept-language")?.split(",")[0];
  return first ? resolveLocale(first, fallback) : fallback;
}

// Unknown, malformed and replaced tokens all answer after the same floor plus jitter, so the time
// of a 404 says nothing about how far a lookup went.
const NOT_FOUND_FLOOR_MS = 20;
const NOT_FOUND_JITTER_MS = 5;

export async function waitForFloor(startedAt: number): Promise<void> {
  const until = startedAt + NOT_FOUND_FLOOR_MS + Math.random() * NOT_FOUND_JITTER_MS;
  const wait = until - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}
