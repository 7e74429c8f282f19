// The Shopify simulator's public entry: startSimulator() and the types tests use. How it is
// built: server/parts.ts assembles the pieces, server/routing.ts answers requests (OAuth,
// GraphQL, storage, console, test API), resolvers/ and views/ answer GraphQL, state/ keeps the
// shops. test/simulator/README.md describes what it answers.
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { BulkOperations } from "./bulk";
import type { Faults } from "./faults";
import { normalizeShopDomain } from "./state/ids-and-formats";
import type { Plan, SeedShop } from "./state/shops";
import type { Clock, SimulatorState } from "./state/simulator-state";
import type { Webhooks } from "./webhooks";
import { assembleParts, issueAccessToken, type SimulatorParts } from "./server/parts";
import type { ThrottleStatus } from "./server/rate-limit";
import { requestListener } from "./server/routing";

export { shopifyRedirectDispatcher } from "./redirect";
export { PLAN_LIMITS } from "./server/rate-limit";
export type { FaultSpec } from "./faults";
export type { BulkOperations } from "./bulk";
export type { WebhookDelivery } from "./webhooks";
export type { Clock } from "./state/simulator-state";
export type { Plan, SeedShop } from "./state/shops";
export type { SeedProduct } from "./state/products";
export type { HistoryEntry } from "./state/inventory";

export interface SimulatorOptions {
  port?: number;
  apiVersion?: string;
  plan?: Plan;
  apiKey?: string;
  apiSecret?: string;
  /** Numeric app id: `$app` namespaces become `app--<appId>`. */
  appId?: number;
  scopes?: string;
  appUrl?: string | null;
  webhookRoutes?: Record<string, string>;
  webhookRetries?: number;
  webhookRetryDelayMs?: number;
  shops?: SeedShop[];
  clock?: Clock;
}

/** A clock tests move by hand, e.g. to let the rate-limit bucket refill without waiting. */
export function manualClock(startMs = Date.now()): Clock & { advance(ms: number): void; set(ms: number): void } {
  let now = startMs;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    set(ms: number) {
      now = ms;
    },
  };
}

export interface Simulator {
  url: string;
  port: number;
  apiVersion: string;
  apiKey: string;
  apiSecret: string;
  state: SimulatorState;
  faults: Faults;
  webhooks: Webhooks;
  /** Bulk operations: `release()` what a `bulk-hold` fault stopped, `idle()` to wait for the rest. */
  bulk: BulkOperations;
  schemaLoadMs: number;
  /** An offline access token for the shop, as if the app had been installed. */
  issueAccessToken(shop: string, options?: { expiring?: boolean }): string;
  /** The GraphQL endpoint for a shop, addressed through the /shops/<domain> prefix. */
  graphqlUrl(shop: string): string;
  throttleStatus(shop: string): ThrottleStatus;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const parts = assembleParts(options);
  // Idle connections stay open a minute, as behind Shopify's edge, not Node's 5 s: with a 5 s
  // limit, a client reusing a connection at the moment the server drops it gets ECONNRESET, which
  // a test with a few seconds of local work between two calls met on a busy machine.
  const server = createServer({ keepAliveTimeout: 60_000 }, requestListener(parts));
  const sockets = trackSockets(server);
  const port = await listen(server, options.port ?? 0);
  parts.baseUrl = `http://127.0.0.1:${port}`;
  return handle(parts, port, () => closeServer(parts, server, sockets));
}

/** The open connections, so close() does not wait for clients that keep theirs alive. */
function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return sockets;
}

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

async function closeServer(parts: SimulatorParts, server: Server, sockets: Set<Socket>): Promise<void> {
  parts.bulk.close();
  parts.webhooks.close();
  for (const res of parts.held) res.destroy();
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function handle(parts: SimulatorParts, port: number, close: () => Promise<void>): Simulator {
  const { baseUrl, apiVersion, state } = parts;
  return {
    url: baseUrl,
    port,
    apiVersion,
    apiKey: parts.apiKey,
    apiSecret: parts.apiSecret,
    state,
    faults: parts.faults,
    webhooks: parts.webhooks,
    bulk: parts.bulk,
    schemaLoadMs: parts.schemaLoadMs,
    issueAccessToken: (shop, opts) => issueAccessToken(parts, shop, opts),
    graphqlUrl: (shop) => `${baseUrl}/shops/${normalizeShopDomain(shop)}/admin/api/${apiVersion}/graphql.json`,
    throttleStatus: (shop) => parts.rateLimits.throttleStatus(state.shop(shop)),
    close,
  };
}
