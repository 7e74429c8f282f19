// Every root field the simulator answers, by resource. A root field not listed here is refused as
// SIMULATOR_UNSUPPORTED before anything runs.
import type { GraphQLSchema } from "graphql";
import { bulkOperationMutations, bulkOperationQueries } from "./bulk-operations";
import { fileMutations } from "./files";
import { inventoryMutations, inventoryQueries } from "./inventory";
import { metafieldMutations } from "./metafields";
import { metaobjectMutations, metaobjectQueries } from "./metaobjects";
import { orderQueries } from "./orders";
import { productSetMutations } from "./product-set";
import { productMutations, productQueries } from "./products";
import type { RootResolver } from "./shared";
import { shopQueries } from "./shop";

export type { RootResolver } from "./shared";

export function buildRootResolvers(schema: GraphQLSchema): {
  query: Record<string, RootResolver>;
  mutation: Record<string, RootResolver>;
} {
  return {
    query: {
      ...shopQueries,
      ...productQueries,
      ...inventoryQueries,
      ...metaobjectQueries,
      ...bulkOperationQueries,
      ...orderQueries,
    },
    mutation: {
      ...inventoryMutations(schema),
      ...productMutations,
      ...productSetMutations,
      ...metafieldMutations,
      ...metaobjectMutations,
      ...fileMutations,
      ...bulkOperationMutations,
    },
  };
}
