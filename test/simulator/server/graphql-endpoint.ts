// POST /admin/api/<version>/graphql.json, in Shopify's order: token, JSON body, syntax, faults,
// schema validation, operation, variables, supported root fields, page sizes, cost (single-query
// limit, then the shop's bucket), and only then the resolvers.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
} from "graphql";
import { MAX_SINGLE_QUERY_COST, queryCost } from "../cost";
import { coerceVariables, shapeSyntaxError, shapeValidationError, type ShopifyGraphQLError } from "../errors";
import type { ShopData } from "../state/shops";
import { executeOperation, shapeExecutionError, unsupported } from "./execution";
import { applyFault } from "./fault-answers";
import { header, json, readBody } from "./http";
import type { SimulatorParts } from "./parts";

const RATE_LIMIT_DOCS = "https://shopify.dev/api/usage/rate-limits";
const INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)";

interface GraphqlBody {
  query?: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export async function handleGraphql(
  parts: SimulatorParts,
  req: IncomingMessage,
  res: ServerResponse,
  shop: ShopData,
  version: string,
): Promise<void> {
  const { schema, tokens, faults, clock, rateLimits } = parts;
  if (version !== parts.apiVersion) return json(res, 404, { errors: "Not Found" });
  const token = header(req, "x-shopify-access-token");
  if (!tokens.lookup(token, shop.domain) || !shop.installed) return json(res, 401, { errors: INVALID_TOKEN });
  const raw = await readBody(req);
  let body: GraphqlBody;
  try {
    body = JSON.parse(raw.toString("utf8")) as GraphqlBody;
  } catch {
    return json(res, 400, { errors: { query: "Required parameter missing or invalid" } });
  }
  const cost = (requested: number, actual: number) => ({
    requestedQueryCost: requested,
    actualQueryCost: actual,
    throttleStatus: rateLimits.throttleStatus(shop),
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
  const rootFields = operation ? rootFieldNames(operation, fragments) : [];
  for (const field of rootFields)
    if (field !== "__typename") shop.requestCounts.set(field, (shop.requestCounts.get(field) ?? 0) + 1);

  const fault = faults.take(
    { target: "graphql", operationName: operation?.name?.value ?? null, rootFields },
    clock.now(),
  );
  if (fault && (await applyFault(parts, fault, res))) return;
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
    const message = body.operationName ? `No operation named "${body.operationName}"` : "An operation name is required";
    return json(res, 200, {
      errors: [{ message, extensions: { code: "operationNotFound" } }],
      extensions: { cost: cost(0, 0) },
    });
  }
  const { coerced, errors: variableErrors } = coerceVariables(schema, operation, body.variables ?? {});
  if (variableErrors.length > 0) return json(res, 200, { errors: variableErrors, extensions: { cost: cost(0, 0) } });

  const roots = operation.operation === "mutation" ? parts.roots.mutation : parts.roots.query;
  const missing = rootFields.filter((f) => f !== "__typename" && !Object.hasOwn(roots, f) && !f.startsWith("__"));
  if (missing.length > 0) {
    return json(res, 200, {
      errors: missing.map((f) => ({
        message: unsupported(f).message,
        extensions: { code: "SIMULATOR_UNSUPPORTED", fieldName: f },
      })),
      extensions: { cost: cost(0, 0) },
    });
  }
  const connectionErrors = missingPageSize(operation, coerced);
  if (connectionErrors.length > 0)
    return json(res, 200, { errors: connectionErrors, extensions: { cost: cost(0, 0) } });

  const requested = queryCost(schema, operation, fragments, coerced);
  if (requested > MAX_SINGLE_QUERY_COST) {
    return json(res, 200, { errors: [maxCostExceeded(requested)], extensions: { cost: cost(requested, 0) } });
  }
  const b = rateLimits.bucket(shop);
  if (b.available < requested) {
    // Counted so benchmarks can tell whether a client paced itself or ran into the limit.
    shop.requestCounts.set("THROTTLED", (shop.requestCounts.get("THROTTLED") ?? 0) + 1);
    return json(res, 200, { errors: [throttledError()], extensions: { cost: cost(requested, 0) } });
  }
  b.available -= requested;

  const result = await executeOperation(parts, shop, document, operation, coerced);
  const data = (result.data ?? null) as Record<string, unknown> | null;
  const actual =
    operation.operation === "mutation" ? requested : queryCost(schema, operation, fragments, coerced, data);
  // The difference between what was reserved and what was really used goes back into the bucket.
  rateLimits.bucket(shop).available += Math.max(0, requested - actual);
  const errors = result.errors?.map((e) => shapeExecutionError(e));
  return json(res, 200, { ...(errors ? { errors } : {}), data, extensions: { cost: cost(requested, actual) } });
}

/** The operation's root field names, through fragment spreads and inline fragments one level down. */
function rootFieldNames(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
): string[] {
  return operation.selectionSet.selections.flatMap((s) =>
    s.kind === Kind.FIELD
      ? [s.name.value]
      : s.kind === Kind.FRAGMENT_SPREAD
        ? (fragments[s.name.value]?.selectionSet.selections ?? []).flatMap((f) =>
            f.kind === Kind.FIELD ? [f.name.value] : [],
          )
        : s.selectionSet.selections.flatMap((f) => (f.kind === Kind.FIELD ? [f.name.value] : [])),
  );
}

function throttledError(): ShopifyGraphQLError {
  return { message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMIT_DOCS } };
}

function maxCostExceeded(requested: number): ShopifyGraphQLError {
  return {
    message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_SINGLE_QUERY_COST}).\n\nSee ${RATE_LIMIT_DOCS} for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
    extensions: {
      code: "MAX_COST_EXCEEDED",
      cost: requested,
      maxCost: MAX_SINGLE_QUERY_COST,
      documentation: RATE_LIMIT_DOCS,
    },
  };
}

/** Shopify refuses a connection without `first` or `last` before running anything. */
function missingPageSize(
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): ShopifyGraphQLError[] {
  const errors: ShopifyGraphQLError[] = [];
  const check = (selections: readonly SelectionNode[], parentPath: string[]) => {
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
  return errors;
}
