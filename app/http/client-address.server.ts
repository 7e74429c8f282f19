// Which client a request comes from, for the per-client rate limits (kiosk pairing, the public
// provenance page). X-Forwarded-For is written by whoever sent the request, so only the entries
// the deployment's own proxies appended can be believed: LOUPE_TRUSTED_PROXIES says how many
// proxies stand in front of the app (default 0: the app is reached directly, and the socket's
// peer is the client). Each trusted proxy appends the address it was reached from, so with N of
// them the client is the Nth entry from the right; entries further left are the client's own
// words and are never used.
//
// Remix builds the Request without the socket, so the server (app/bin/server.ts) passes the
// peer's address in the load context (`loadContextOf`), which a client cannot write. Under
// `remix vite:dev` there is no such context: every client is "unknown" (one shared bucket).
import type { IncomingMessage } from "node:http";
import { z } from "zod";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The TCP peer of the request's connection, as the server saw it. */
    remoteAddress?: string;
  }
}

export type RequestContext = { remoteAddress?: string } | undefined | null;

/** What app/bin/server.ts (and the tests' HTTP server) hand every loader and action. */
export function loadContextOf(req: IncomingMessage): { remoteAddress?: string } {
  return { remoteAddress: req.socket.remoteAddress };
}

const trustedSetting = z.coerce.number().int().min(0).max(10).default(0);

/** LOUPE_TRUSTED_PROXIES, read at each use (tests change it); a wrong value is refused at boot by env.server.ts. */
export function trustedProxies(): number {
  return trustedSetting.parse(process.env.LOUPE_TRUSTED_PROXIES || undefined);
}

/** "::ffff:10.0.0.1" (an IPv4 peer on a dual-stack socket) is 10.0.0.1. */
function normalise(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

/**
 * The client's address. `extraHops` counts proxies in front of every request of a route beyond the
 * deployment's own (Shopify's app proxy for the provenance page: it appends the visitor).
 */
export function clientAddress(request: Request, context: RequestContext, options: { extraHops?: number } = {}): string {
  const peer = context?.remoteAddress ? normalise(context.remoteAddress) : undefined;
  const hops = trustedProxies() + (options.extraHops ?? 0);
  if (hops === 0) return peer ?? "unknown";
  const forwarded = request.headers
    .get("x-forwarded-for")
    ?.split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  if (!forwarded || forwarded.length === 0) return peer ?? "unknown";
  // Fewer entries than trusted proxies: the request did not pass through all of them (or the
  // setting is too high); the leftmost entry is the best there is.
  return normalise(forwarded[Math.max(0, forwarded.length - hops)]!);
}
