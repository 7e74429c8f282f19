// The bulk operation queries and mutations; test/simulator/bulk.ts runs the operations.
import { GraphQLError } from "graphql";
import { bulkOperationView, type BulkOperations } from "../bulk";
import type { ViewContext } from "../views/shared";
import type { RootResolver } from "./shared";

function bulkOf(ctx: ViewContext): BulkOperations {
  if (!ctx.bulk)
    throw new GraphQLError("Bulk operations cannot be nested inside a bulk operation.", {
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
  return ctx.bulk;
}

export const bulkOperationQueries: Record<string, RootResolver> = {
  bulkOperation: (a, ctx) => {
    const o = bulkOf(ctx).find(ctx.shop, String(a.id));
    return o ? bulkOperationView(o) : null;
  },
  currentBulkOperation: (a, ctx) => {
    const o = bulkOf(ctx).current(ctx.shop, (a.type as "MUTATION" | "QUERY" | undefined) ?? "QUERY");
    return o ? bulkOperationView(o) : null;
  },
};

export const bulkOperationMutations: Record<string, RootResolver> = {
  bulkOperationRunMutation: (a, ctx) =>
    bulkOf(ctx).run(ctx.shop, {
      mutation: String(a.mutation),
      stagedUploadPath: String(a.stagedUploadPath),
      clientIdentifier: (a.clientIdentifier as string | null | undefined) ?? null,
    }),
  bulkOperationRunQuery: (a, ctx) => bulkOf(ctx).runQuery(ctx.shop, { query: String(a.query) }),
  bulkOperationCancel: (a, ctx) => bulkOf(ctx).cancel(ctx.shop, String(a.id)),
};
