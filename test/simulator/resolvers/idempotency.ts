// `@idempotent(key:)` as the 2026-04 inventory mutations require it.
import { getDirectiveValues, GraphQLError, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import type { ViewContext } from "../views/shared";
import { ue, type RootResolver } from "./shared";

/** Mutations that, from 2026-04, refuse to run without `@idempotent(key:)`. */
export const IDEMPOTENT_MUTATIONS = new Set([
  "inventoryAdjustQuantities",
  "inventorySetQuantities",
  "inventoryMoveQuantities",
  "inventoryActivate",
]);

function idempotencyKey(schema: GraphQLSchema, info: GraphQLResolveInfo): string | null {
  const directive = schema.getDirective("idempotent");
  const node = info.fieldNodes[0];
  if (!directive || !node) return null;
  const values = getDirectiveValues(directive, node, info.variableValues);
  const key = values?.key;
  return typeof key === "string" && key.trim() !== "" ? key : null;
}

/**
 * Wraps an idempotent mutation: refuses a missing key as Shopify does, answers a repeated key
 * with the first answer, and refuses a reused key with different arguments.
 */
export function idempotent(schema: GraphQLSchema, run: RootResolver): RootResolver {
  return (args, ctx, info) => {
    const key = idempotencyKey(schema, info);
    if (key === null) {
      throw new GraphQLError("The @idempotent directive is required for this mutation but was not provided.", {
        extensions: { code: "BAD_REQUEST" },
      });
    }
    const fingerprint = `${info.fieldName}:${JSON.stringify(args)}`;
    const scoped = `${info.fieldName}:${key}`;
    const previous = ctx.shop.idempotency.get(scoped);
    if (previous) {
      if (previous.fingerprint === fingerprint) return previous.result;
      return {
        inventoryAdjustmentGroup: null,
        inventoryLevel: null,
        userErrors: [
          ue(
            null,
            "The same idempotency key was used with different parameters.",
            "IDEMPOTENCY_KEY_PARAMETER_MISMATCH",
          ),
        ],
      };
    }
    const result = run(args, { ...ctx, idempotencyKey: key } as ViewContext, info) as { userErrors?: unknown[] };
    // Only an applied change is remembered: a refused one changed nothing, so a corrected retry may reuse the key.
    if (!result.userErrors || result.userErrors.length === 0) ctx.shop.idempotency.set(scoped, { fingerprint, result });
    return result;
  };
}

export function keyOf(ctx: ViewContext): string | null {
  return (ctx as ViewContext & { idempotencyKey?: string }).idempotencyKey ?? null;
}
