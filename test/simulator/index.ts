import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  execute,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type OperationDefinitionNode,
} from "graphql";
import { coerceVariables, shapeSyntaxError, shapeValidationError, type ShopifyGraphQLError } from "./errors";
import { MAX_SINGLE_QUERY_COST, queryCost } from "./cost";
import { Faults, type FaultSpec } from "./faults";
import { exchangeToken, OAuthError, TokenStore, type TokenRequest } from "./oauth";
import { buildRootResolvers } from "./resolvers/root-fields";
import { loadAdminSchema } from "./schema";
import { normalizeShopDomain, SimulatorError } from "./state/ids-and-formats";
import type { Plan, SeedShop, ShopData } from "./state/shops";
import { SimulatorState, type Clock } from "./state/simulator-state";
import type { ViewContext } from "./views";
import { Webhooks } from "./webhooks";
import { BulkOperations } from "./bulk";
import { TINY_PNG } from "./media";
import { handleConsolePost, readForm, renderConsole } from "./console";

export { shopifyRedirectDispatcher } from "./redirect";
export type { FaultSpec } from "./faults";
export type { BulkOperations } from "./bulk";
export type { WebhookDelivery } from "./webhooks";
export type { Clock } from "./state/simulator-state";
export type { Plan, SeedShop } from "./state/shops";
export type { SeedProduct } from "./state/products";
export type { HistoryEntry } from "./state/inventory";

export const PLAN_LIMITS: Record<Plan, { restoreRate: number; maximumAvailable: number }> = {
  standard: { restoreRate: 100, maximumAvailable: 2000 },
  advanced: { restoreRate: 200, maximumAvailable: 4000 },
  plus: { restoreRate: 1000, maximumAvailable: 20000 },
};
const RATE_LIMIT_DOCS = "https://shopify.dev/api/usage/rate-limits";
const INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)";
const DEFAULT_SCOPES =
  "read_products,write_products,read_inventory,write_inventory,read_locations,read_orders,read_files,write_files,read_metaobjects,write_metaobjects,read_metaobject_definitions,write_metaobject_definitions";

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

interface Bucket {
  available: number;
  updatedAt: number;
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
  throttleStatus(shop: string): { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
  close(): Promise<void>;
}

/**
 * A test API body taken as the input a state method expects (inferred from the call). The API
 * trusts its callers (tests and the demo's own processes): the JSON is passed on unchecked, and
 * the state methods themselves reject unknown shops and ids.
 */
function trustedInput<I>(body: Record<string, unknown>): I {
  return body as I;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const apiVersion = options.apiVersion ?? "2026-07";
  const apiKey = options.apiKey ?? "loupe-sim-api-key";
  const apiSecret = options.apiSecret ?? "loupe-sim-api-secret";
  const clock = options.clock ?? { now: () => Date.now() };
  const loaded = loadAdminSchema(apiVersion);
  const schema = loaded.schema;
  const roots = buildRootResolvers(schema);
  const state = new SimulatorState(clock, options.plan ?? "standard", options.appId ?? 4242424242);
  const tokens = new TokenStore(clock, options.scopes ?? DEFAULT_SCOPES);
  const faults = new Faults();
  const webhooks = new Webhooks({
    appUrl: options.appUrl ?? null,
    routes: options.webhookRoutes ?? {},
    apiSecret,
    apiVersion,
    clock,
    retries: options.webhookRetries ?? 3,
    retryDelayMs: options.webhookRetryDelayMs ?? 20,
  });
  state.emit = (shop, topic, payload) => void webhooks.emit(shop, topic, payload);
  for (const shop of options.shops ?? []) state.seedShop(shop);

  const buckets = new Map<string, Bucket>();
  const limits = (shop: ShopData) => PLAN_LIMITS[shop.plan];
  function bucket(shop: ShopData): Bucket {
    const { restoreRate, maximumAvailable } = limits(shop);
    const now = clock.now();
    const b = buckets.get(shop.domain) ?? { available: maximumAvailable, updatedAt: now };
    b.available = Math.min(maximumAvailable, b.available + ((now - b.updatedAt) / 1000) * restoreRate);
    b.updatedAt = now;
    buckets.set(shop.domain, b);
    return b;
  }
  function throttleStatus(shop: ShopData) {
    const { restoreRate, maximumAvailable } = limits(shop);
    return { maximumAvailable, currentlyAvailable: Math.floor(bucket(shop).available), restoreRate };
  }

  const held = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let baseUrl = "";

  const fieldResolver: GraphQLFieldResolver<unknown, ViewContext> = (source, args, ctx, info) => {
    if (info.parentType === schema.getQueryType() || info.parentType === schema.getMutationType()) {
      const resolver = (info.parentType === schema.getQueryType() ? roots.query : roots.mutation)[info.fieldName];
      if (!resolver) throw unsupported(info.fieldName);
      return resolver(args, ctx, info);
    }
    if (source !== null && typeof source === "object" && info.fieldName in source) {
      const value = (source as Record<string, unknown>)[info.fieldName];
      return typeof value === "function"
        ? (value as (a: unknown, c: unknown, i: unknown) => unknown).call(source, args, ctx, info)
        : value;
    }
    throw new GraphQLError(
      `The Loupe Shopify simulator does not implement ${info.parentType.name}.${info.fieldName}; add it to test/simulator/views.ts.`,
      {
        extensions: { code: "SIMULATOR_UNSUPPORTED" },
      },
    );
  };

  const bulk = new BulkOperations({
    schema,
    state,
    faults,
    baseUrl: () => baseUrl,
    emit: (shop, topic, payload) => void webhooks.emit(shop, topic, payload),
    // Each line goes through the same coercion and resolvers as a normal call, so a bulk
    // productSet or metafieldsSet behaves exactly as a synchronous one.
    runLine: async (shop, document, operation, variables) => {
      const { coerced, errors } = coerceVariables(schema, operation, variables);
      if (errors.length > 0) return { data: null, errors };
      const ctx: ViewContext = { sim: state, shop, baseUrl, bulk };
      const result = await execute({
        schema,
        document,
        operationName: operation.name?.value,
        variableValues: coerced,
        contextValue: ctx,
        fieldResolver,
        rootValue: {},
      });
      return {
        data: result.data ?? null,
        ...(result.errors ? { errors: result.errors.map((e) => shapeExecutionError(e)) } : {}),
      };
    },
  });

  function unsupported(field: string): GraphQLError {
    return new GraphQLError(
      `The Loupe Shopify simulator does not support the root field '${field}'. Nothing was executed.`,
      {
        extensions: { code: "SIMULATOR_UNSUPPORTED", fieldName: field },
      },
    );
  }

  async function handleGraphql(
    req: IncomingMessage,
    res: ServerResponse,
    shop: ShopData,
    version: string,
  ): Promise<void> {
    if (version !== apiVersion) return json(res, 404, { errors: "Not Found" });
    const token = header(req, "x-shopify-access-token");
    if (!tokens.lookup(token, shop.domain) || !shop.installed) return json(res, 401, { errors: INVALID_TOKEN });
    const raw = await readBody(req);
    let body: { query?: string; variables?: Record<string, unknown> | null; operationName?: string | null };
    try {
      body = JSON.parse(raw.toString("utf8")) as typeof body;
    } catch {
      return json(res, 400, { errors: { query: "Required parameter missing or invalid" } });
    }
    const cost = (requested: number, actual: number) => ({
      requestedQueryCost: requested,
      actualQueryCost: actual,
      throttleStatus: throttleStatus(shop),
    });
    if (typeof body.query !== "string" || body.query.trim() === "")
      return json(res, 400, { errors: { query: "Required parameter missing or invalid" } });

    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (error) {
      return json(res, 200, { errors: [shapeSyntaxError(error as GraphQLError)], extensions: { cost: cost(0, 0) } });
    }
    const operations = document.definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    const operation = body.operationName
      ? operations.find((o) => o.name?.value === body.operationName)
      : operations.length === 1
        ? operations[0]
        : undefined;
    const fragments = Object.fromEntries(
      document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((f) => [f.name.value, f]),
    );
    const rootFields = operation
      ? operation.selectionSet.selections.flatMap((s) =>
          s.kind === Kind.FIELD
            ? [s.name.value]
            : s.kind === Kind.FRAGMENT_SPREAD
              ? (fragments[s.name.value]?.selectionSet.selections ?? []).flatMap((f) =>
                  f.kind === Kind.FIELD ? [f.name.value] : [],
                )
              : s.selectionSet.selections.flatMap((f) => (f.kind === Kind.FIELD ? [f.name.value] : [])),
        )
      : [];
    for (const field of rootFields)
      if (field !== "__typename") shop.requestCounts.set(field, (shop.requestCounts.get(field) ?? 0) + 1);

    const fault = faults.take(
      { target: "graphql", operationName: operation?.name?.value ?? null, rootFields },
      clock.now(),
    );
    if (fault && (await applyFault(fault, res))) return;
    if (fault?.kind === "throttle") {
      return json(res, 200, { errors: [throttledError()], extensions: { cost: cost(0, 0) } });
    }

    const validationErrors = validate(schema, document);
    if (validationErrors.length > 0) {
      return json(res, 200, {
        errors: validationErrors.map((e) => shapeValidationError(document, e)),
        extensions: { cost: cost(0, 0) },
      });
    }
    if (!operation) {
      const message = body.operationName
        ? `No operation named "${body.operationName}"`
        : "An operation name is required";
      return json(res, 200, {
        errors: [{ message, extensions: { code: "operationNotFound" } }],
        extensions: { cost: cost(0, 0) },
      });
    }
    const { coerced, errors: variableErrors } = coerceVariables(schema, operation, body.variables ?? {});
    if (variableErrors.length > 0) return json(res, 200, { errors: variableErrors, extensions: { cost: cost(0, 0) } });

    const roots = operation.operation === "mutation" ? rootResolverNames.mutation : rootResolverNames.query;
    const missing = rootFields.filter((f) => f !== "__typename" && !roots.has(f) && !f.startsWith("__"));
    if (missing.length > 0) {
      return json(res, 200, {
        errors: missing.map((f) => ({
          message: unsupported(f).message,
          extensions: { code: "SIMULATOR_UNSUPPORTED", fieldName: f },
        })),
        extensions: { cost: cost(0, 0) },
      });
    }
    const connectionErrors = missingPageSize(document, operation, fragments, coerced);
    if (connectionErrors.length > 0)
      return json(res, 200, { errors: connectionErrors, extensions: { cost: cost(0, 0) } });

    const requested = queryCost(schema, operation, fragments, coerced);
    if (requested > MAX_SINGLE_QUERY_COST) {
      return json(res, 200, {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_SINGLE_QUERY_COST}).\n\nSee ${RATE_LIMIT_DOCS} for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
            extensions: {
              code: "MAX_COST_EXCEEDED",
              cost: requested,
              maxCost: MAX_SINGLE_QUERY_COST,
              documentation: RATE_LIMIT_DOCS,
            },
          },
        ],
        extensions: { cost: cost(requested, 0) },
      });
    }
    const b = bucket(shop);
    if (b.available < requested) {
      // Counted so benchmarks can tell whether a client paced itself or ran into the limit.
      shop.requestCounts.set("THROTTLED", (shop.requestCounts.get("THROTTLED") ?? 0) + 1);
      return json(res, 200, { errors: [throttledError()], extensions: { cost: cost(requested, 0) } });
    }
    b.available -= requested;

    const ctx: ViewContext = { sim: state, shop, baseUrl, bulk };
    const result = await execute({
      schema,
      document,
      operationName: operation.name?.value,
      variableValues: coerced,
      contextValue: ctx,
      fieldResolver,
      rootValue: {},
    });
    const data = (result.data ?? null) as Record<string, unknown> | null;
    const actual =
      operation.operation === "mutation" ? requested : queryCost(schema, operation, fragments, coerced, data);
    // The difference between what was reserved and what was really used goes back into the bucket.
    bucket(shop).available += Math.max(0, requested - actual);
    const errors = result.errors?.map((e) => shapeExecutionError(e));
    return json(res, 200, { ...(errors ? { errors } : {}), data, extensions: { cost: cost(requested, actual) } });
  }

  const rootResolverNames = {
    query: new Set(Object.keys(roots.query)),
    mutation: new Set(Object.keys(roots.mutation)),
  };

  function throttledError(): ShopifyGraphQLError {
    return { message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMIT_DOCS } };
  }

  /** Returns true when the fault answered (or swallowed) the request. */
  async function applyFault(fault: FaultSpec, res: ServerResponse): Promise<boolean> {
    switch (fault.kind) {
      case "status":
        json(res, fault.status, {
          errors:
            fault.status === 503
              ? "Service Unavailable"
              : fault.status === 502
                ? "Bad Gateway"
                : "Internal Server Error",
        });
        return true;
      case "timeout":
        // Never answer: the client's own timeout (or close()) ends it.
        held.add(res);
        res.on("close", () => held.delete(res));
        return true;
      case "slow":
        await new Promise((r) => setTimeout(r, fault.ms));
        return false;
      case "throttle":
      case "bulk-fail":
      case "bulk-hold":
        return false;
    }
  }

  async function handleOAuth(req: IncomingMessage, res: ServerResponse, shop: ShopData): Promise<void> {
    const fault = faults.take({ target: "oauth", operationName: null, rootFields: [] }, clock.now());
    if (fault && (await applyFault(fault, res))) return;
    const raw = (await readBody(req)).toString("utf8");
    const type = header(req, "content-type") ?? "";
    const body: TokenRequest = type.includes("application/json")
      ? (JSON.parse(raw || "{}") as TokenRequest)
      : (Object.fromEntries(new URLSearchParams(raw)) as TokenRequest);
    try {
      return json(res, 200, exchangeToken(body, shop.domain, { apiKey, apiSecret }, tokens, clock));
    } catch (error) {
      if (error instanceof OAuthError)
        return json(res, error.status, { error: error.error, error_description: error.description });
      throw error;
    }
  }

  async function handleSim(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams,
  ): Promise<void> {
    const upload = /^\/_sim\/uploads\/([^/]+)$/.exec(path);
    if (upload) {
      const body = await readBody(req);
      for (const shop of state.shops.values()) {
        const staged = shop.stagedUploads.get(upload[1]!);
        if (staged) {
          const type = header(req, "content-type") ?? "";
          if (!type.startsWith("multipart/form-data")) {
            staged.body = body;
            return json(res, req.method === "POST" ? 201 : 200, { ok: true, size: body.length });
          }
          // A form POST as the storage service takes it: the target's parameters, then the file.
          const form = parseMultipart(body, /boundary="?([^";]+)"?/.exec(type)?.[1] ?? "");
          const file = form.get("file");
          if (!file) return json(res, 400, { error: "The form has no file field" });
          const key = form.get("key")?.toString("utf8");
          if (key !== undefined && key !== staged.key)
            return json(res, 403, { error: "The key does not match the staged upload" });
          staged.body = file;
          return json(res, 201, { ok: true, size: staged.body.length, key: staged.key });
        }
      }
      return json(res, 404, { error: "Unknown staged upload" });
    }
    const result = /^\/_sim\/bulk-results\/([0-9a-f-]+)\.jsonl$/.exec(path);
    if (result && req.method === "GET") {
      for (const shop of state.shops.values()) {
        const text = shop.bulkResults.get(result[1]!);
        if (text !== undefined) {
          res
            .writeHead(200, { "Content-Type": "application/jsonl", "Content-Length": Buffer.byteLength(text) })
            .end(text);
          return;
        }
      }
      return json(res, 404, { error: "Unknown bulk operation result" });
    }
    if (/^\/_sim\/images\/[\w.-]+\.png$/.test(path) && req.method === "GET") {
      // A tiny real PNG, so product photos render offline (the demo and e2e tests).
      res
        .writeHead(200, {
          "Content-Type": "image/png",
          "Content-Length": TINY_PNG.length,
          "Cache-Control": "max-age=3600",
        })
        .end(TINY_PNG);
      return;
    }
    if (path === "/_sim/console" && req.method === "GET") {
      const html = renderConsole(state, query.get("shop") ?? "", query.get("notice") ?? "");
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(html);
      return;
    }
    const consoleAction = /^\/_sim\/console\/(sell|cancel|refund)$/.exec(path);
    if (consoleAction && req.method === "POST") {
      try {
        return await handleConsolePost(state, consoleAction[1]!, await readForm(req), res);
      } catch (error) {
        if (error instanceof SimulatorError) return json(res, error.status, { error: error.message });
        throw error;
      }
    }
    const name = path.replace(/^\/_sim\/?/, "");
    const input: Record<string, unknown> =
      req.method === "GET"
        ? Object.fromEntries(query)
        : (JSON.parse((await readBody(req)).toString("utf8") || "{}") as Record<string, unknown>);
    const api: Record<string, (input: Record<string, unknown>) => unknown> = {
      "seed-shop": (i) => state.seedShop(trustedInput(i)),
      "seed-product": (i) => state.seedProduct(trustedInput(i)),
      orders: (i) => state.createOrder(trustedInput(i)),
      "orders/fulfill": (i) => state.fulfillOrder(trustedInput(i)),
      "orders/cancel": (i) => state.cancelOrder(trustedInput(i)),
      "orders/refund": (i) => state.refundOrder(trustedInput(i)),
      "inventory-levels": (i) => state.inventoryLevels(trustedInput(i)),
      "inventory-history": (i) => state.inventoryHistory(trustedInput(i)),
      metafields: (i) => state.metafields(trustedInput(i)),
      metaobjects: (i) => state.metaobjects(trustedInput(i)),
      "request-counts": (i) => state.requestCounts(trustedInput(i)),
      "app-uninstalled": (i) => {
        const out = state.uninstallApp(trustedInput(i));
        tokens.revokeShop(out.shop);
        return out;
      },
      tokens: (i) => ({ accessToken: issueAccessToken(String(i.shop), { expiring: Boolean(i.expiring) }) }),
      faults: (i) => (req.method === "DELETE" ? faults.clear() : faults.inject(i as FaultSpec)),
      "faults/clear": () => faults.clear(),
      webhooks: () => webhooks.deliveries.map(({ payload: _payload, ...rest }) => rest),
      "webhooks/redeliver": (i) => webhooks.redeliver(String(i.id)),
      "webhooks/hold": () => webhooks.hold(),
      "webhooks/release": (i) => webhooks.release((i.order as "fifo" | "reverse" | undefined) ?? "fifo"),
      "product-media": (i) =>
        state.attachProductImage({
          ...trustedInput<{ shop: string; productId: string; alt?: string | null }>(i),
          url:
            typeof i.url === "string"
              ? i.url
              : `${baseUrl}/_sim/images/${encodeURIComponent(String(i.productId).split("/").pop() ?? "photo")}.png`,
        }),
      "bulk-operations": (i) => [...state.shop(String(i.shop)).bulkOperations.values()],
      "bulk/release": () => ({ released: bulk.release() }),
      "throttle-status": (i) => throttleStatus(state.shop(String(i.shop))),
      health: () => ({ ok: true, apiVersion }),
    };
    const fn = api[name];
    if (!fn) return json(res, 404, { error: `Unknown simulator test API ${name}`, available: Object.keys(api) });
    try {
      const out = await fn(input);
      return json(res, 200, out ?? { ok: true });
    } catch (error) {
      if (error instanceof SimulatorError) return json(res, error.status, { error: error.message });
      throw error;
    }
  }

  function issueAccessToken(shop: string, opts: { expiring?: boolean } = {}): string {
    const data = state.shop(shop);
    return tokens.issueOffline(data.domain, opts.expiring ?? false).access.token;
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent)
        json(res, 500, { errors: `Simulator failure: ${error instanceof Error ? error.message : String(error)}` });
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://simulator");
    let path = url.pathname;
    // Browsers ask for one when a person opens the console.
    if (path === "/favicon.ico") return void res.writeHead(204).end();
    if (path.startsWith("/_sim")) return handleSim(req, res, path, url.searchParams);
    let shopDomain: string | null = null;
    const prefixed = /^\/shops\/([^/]+)(\/.*)$/.exec(path);
    if (prefixed) {
      shopDomain = normalizeShopDomain(decodeURIComponent(prefixed[1]!));
      path = prefixed[2]!;
    } else {
      const host = (header(req, "host") ?? "").replace(/:\d+$/, "");
      if (host.endsWith(".myshopify.com")) shopDomain = host;
    }
    if (!shopDomain)
      return json(res, 404, { errors: "Not Found: address a shop by Host header or /shops/<domain>/..." });
    const shop = state.findShop(shopDomain);
    if (!shop) return json(res, 404, { errors: "Not Found" });
    if (req.method === "POST" && path === "/admin/oauth/access_token") return handleOAuth(req, res, shop);
    const graphql = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(path);
    if (req.method === "POST" && graphql) return handleGraphql(req, res, shop, graphql[1]!);
    return json(res, 404, { errors: "Not Found" });
  }

  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    port,
    apiVersion,
    apiKey,
    apiSecret,
    state,
    faults,
    webhooks,
    bulk,
    schemaLoadMs: loaded.loadMs,
    issueAccessToken,
    graphqlUrl: (shop) => `${baseUrl}/shops/${normalizeShopDomain(shop)}/admin/api/${apiVersion}/graphql.json`,
    throttleStatus: (shop) => throttleStatus(state.shop(shop)),
    async close() {
      bulk.close();
      webhooks.close();
      for (const res of held) res.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function shapeExecutionError(error: GraphQLError): ShopifyGraphQLError {
  return {
    message: error.message,
    ...(error.locations ? { locations: error.locations.map((l) => ({ line: l.line, column: l.column })) } : {}),
    ...(error.path ? { path: [...error.path] } : {}),
    extensions: { code: "INTERNAL_SERVER_ERROR", ...(error.extensions ?? {}) },
  };
}

/** Shopify refuses a connection without `first` or `last` before running anything. */
function missingPageSize(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  _fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): ShopifyGraphQLError[] {
  const errors: ShopifyGraphQLError[] = [];
  const check = (selections: readonly import("graphql").SelectionNode[], parentPath: string[]) => {
    for (const s of selections) {
      if (s.kind !== Kind.FIELD) {
        if (s.kind === Kind.INLINE_FRAGMENT) check(s.selectionSet.selections, parentPath);
        continue;
      }
      const path = [...parentPath, s.name.value];
      const subNames = s.selectionSet?.selections.flatMap((x) => (x.kind === Kind.FIELD ? [x.name.value] : [])) ?? [];
      const looksLikeConnection = subNames.includes("edges") || subNames.includes("nodes");
      if (looksLikeConnection && !(s.name.value === "nodes" && parentPath.length === 1)) {
        const size = (name: string) => {
          const arg = s.arguments?.find((a) => a.name.value === name);
          if (!arg) return undefined;
          return arg.value.kind === Kind.VARIABLE
            ? variables[arg.value.name.value]
            : arg.value.kind === Kind.INT
              ? Number(arg.value.value)
              : undefined;
        };
        if (
          size("first") == null &&
          size("last") == null &&
          s.arguments !== undefined &&
          !["fields"].includes(s.name.value)
        ) {
          errors.push({
            message: "you must provide one of first or last",
            locations: s.loc ? [{ line: s.loc.startToken.line, column: s.loc.startToken.column }] : undefined,
            path,
          });
        }
      }
      if (s.selectionSet) check(s.selectionSet.selections, path);
    }
  };
  check(operation.selectionSet.selections, [
    operation.name ? `${operation.operation} ${operation.name.value}` : operation.operation,
  ]);
  void document;
  return errors;
}

/** The parts of a multipart/form-data body by field name (the storage service's form POST). */
function parseMultipart(body: Buffer, boundary: string): Map<string, Buffer> {
  const parts = new Map<string, Buffer>();
  // Some undici versions (two copies under vitest) announce one boundary and write another: the
  // body's own first line is the delimiter a multipart body starts with, so it wins.
  const firstLine = body.subarray(0, Math.max(0, body.indexOf("\r\n"))).toString("latin1");
  const delimiter = Buffer.from(firstLine.startsWith("--") ? firstLine : `--${boundary}`, "latin1");
  if (delimiter.length <= 2) return parts;
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start + 2, next - 2); // after CRLF, before the CRLF that precedes the next delimiter
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd >= 0) {
      const name = /name="([^"]*)"/.exec(part.subarray(0, headerEnd).toString("utf8"))?.[1];
      if (name !== undefined) parts.set(name, part.subarray(headerEnd + 4));
    }
    at = next;
  }
  return parts;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}
