// Running a validated operation against the resolvers: root fields go to resolvers/, nested
// fields to the views' properties and methods; anything else is an error, never a silent null.
import {
  execute,
  GraphQLError,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type OperationDefinitionNode,
} from "graphql";
import type { ShopifyGraphQLError } from "../errors";
import type { ShopData } from "../state/shops";
import type { ViewContext } from "../views/shared";
import type { SimulatorParts } from "./parts";

export function unsupported(field: string): GraphQLError {
  return new GraphQLError(
    `The Loupe Shopify simulator does not support the root field '${field}'. Nothing was executed.`,
    {
      extensions: { code: "SIMULATOR_UNSUPPORTED", fieldName: field },
    },
  );
}

function fieldResolver(parts: SimulatorParts): GraphQLFieldResolver<unknown, ViewContext> {
  const { schema, roots } = parts;
  return (source, args, ctx, info) => {
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
      `The Loupe Shopify simulator does not implement ${info.parentType.name}.${info.fieldName}; add it to test/simulator/views/.`,
      {
        extensions: { code: "SIMULATOR_UNSUPPORTED" },
      },
    );
  };
}

/** Runs the operation for the shop with variables already coerced. */
export async function executeOperation(
  parts: SimulatorParts,
  shop: ShopData,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): Promise<ExecutionResult> {
  const ctx: ViewContext = { sim: parts.state, shop, baseUrl: parts.baseUrl, bulk: parts.bulk };
  return execute({
    schema: parts.schema,
    document,
    operationName: operation.name?.value,
    variableValues: variables,
    contextValue: ctx,
    fieldResolver: fieldResolver(parts),
    rootValue: {},
  });
}

export function shapeExecutionError(error: GraphQLError): ShopifyGraphQLError {
  return {
    message: error.message,
    ...(error.locations ? { locations: error.locations.map((l) => ({ line: l.line, column: l.column })) } : {}),
    ...(error.path ? { path: [...error.path] } : {}),
    extensions: { code: "INTERNAL_SERVER_ERROR", ...(error.extensions ?? {}) },
  };
}
