// Everything a running simulator is made of, built once by startSimulator and handed to each
// route: the schema and resolvers, the shops' state, tokens, faults, webhooks, bulk operations
// and rate-limit buckets.
import type { ServerResponse } from "node:http";
import type { GraphQLSchema } from "graphql";
import { BulkOperations } from "../bulk";
import { coerceVariables } from "../errors";
import { Faults } from "../faults";
import type { SimulatorOptions } from "../index";
import { TokenStore } from "../oauth";
import { buildRootResolvers, type RootResolver } from "../resolvers/root-fields";
import { loadAdminSchema } from "../schema";
import { SimulatorState, type Clock } from "../state/simulator-state";
import { Webhooks } from "../webhooks";
import { executeOperation, shapeExecutionError } from "./execution";
import { RateLimits } from "./rate-limit";

const DEFAULT_SCOPES =
  "read_products,write_products,read_inventory,write_inventory,read_locations,read_orders,read_files,write_files,read_metaobjects,write_metaobjects,read_metaobject_definitions,write_metaobject_definitions";

export interface SimulatorParts {
  apiVersion: string;
  apiKey: string;
  apiSecret: string;
  clock: Clock;
  schema: GraphQLSchema;
  schemaLoadMs: number;
  roots: { query: Record<string, RootResolver>; mutation: Record<string, RootResolver> };
  state: SimulatorState;
  tokens: TokenStore;
  faults: Faults;
  webhooks: Webhooks;
  bulk: BulkOperations;
  rateLimits: RateLimits;
  /** Answers a `timeout` fault keeps open until the client gives up or close() ends them. */
  held: Set<ServerResponse>;
  /** `http://127.0.0.1:<port>`, known once the server listens. */
  baseUrl: string;
}

export function assembleParts(options: SimulatorOptions): SimulatorParts {
  const apiVersion = options.apiVersion ?? "2026-07";
  const apiSecret = options.apiSecret ?? "loupe-sim-api-secret";
  const clock = options.clock ?? { now: () => Date.now() };
  const loaded = loadAdminSchema(apiVersion);
  const schema = loaded.schema;
  const state = new SimulatorState(clock, options.plan ?? "standard", options.appId ?? 4242424242);
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

  const parts: SimulatorParts = {
    apiVersion,
    apiKey: options.apiKey ?? "loupe-sim-api-key",
    apiSecret,
    clock,
    schema,
    schemaLoadMs: loaded.loadMs,
    roots: buildRootResolvers(schema),
    state,
    tokens: new TokenStore(clock, options.scopes ?? DEFAULT_SCOPES),
    faults,
    webhooks,
    bulk: new BulkOperations({
      schema,
      state,
      faults,
      baseUrl: () => parts.baseUrl,
      emit: (shop, topic, payload) => void webhooks.emit(shop, topic, payload),
      // Each line goes through the same coercion and resolvers as a normal call, so a bulk
      // productSet or metafieldsSet behaves exactly as a synchronous one.
      runLine: async (shop, document, operation, variables) => {
        const { coerced, errors } = coerceVariables(schema, operation, variables);
        if (errors.length > 0) return { data: null, errors };
        const result = await executeOperation(parts, shop, document, operation, coerced);
        return {
          data: result.data ?? null,
          ...(result.errors ? { errors: result.errors.map((e) => shapeExecutionError(e)) } : {}),
        };
      },
    }),
    rateLimits: new RateLimits(clock),
    held: new Set(),
    baseUrl: "",
  };
  return parts;
}

/** An offline access token for the shop, as if the app had been installed. */
export function issueAccessToken(parts: SimulatorParts, shop: string, opts: { expiring?: boolean } = {}): string {
  const data = parts.state.shop(shop);
  return parts.tokens.issueOffline(data.domain, opts.expiring ?? false).access.token;
}
