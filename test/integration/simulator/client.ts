import type { Simulator } from "../../simulator/index";

export interface GraphQLAnswer {
  status: number;
  body: {
    data?: Record<string, any> | null;
    errors?: any;
    extensions?: {
      cost: {
        requestedQueryCost: number;
        actualQueryCost: number;
        throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
      };
    };
  };
}

/** Posts one GraphQL document to the simulator the way the app's Admin client does. */
export function adminClient(sim: Simulator, shop: string, token = sim.issueAccessToken(shop)) {
  return async function gql(
    query: string,
    variables?: Record<string, unknown>,
    init: { signal?: AbortSignal; version?: string } = {},
  ): Promise<GraphQLAnswer> {
    const url = init.version ? sim.graphqlUrl(shop).replace(sim.apiVersion, init.version) : sim.graphqlUrl(shop);
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": token },
      body: JSON.stringify({ query, variables }),
      signal: init.signal,
    });
    return { status: response.status, body: (await response.json()) as GraphQLAnswer["body"] };
  };
}

export const ADJUST = `#graphql
  mutation Adjust($input: InventoryAdjustQuantitiesInput!, $key: String!) {
    inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
      inventoryAdjustmentGroup { id reason referenceDocumentUri changes { name delta quantityAfterChange } }
      userErrors { field message code }
    }
  }`;

export const LEVEL = `#graphql
  query Level($item: ID!, $location: ID!) {
    inventoryItem(id: $item) {
      inventoryLevel(locationId: $location) { quantities(names: ["available", "on_hand", "committed", "reserved", "damaged"]) { name quantity } }
    }
  }`;

export function quantitiesOf(answer: GraphQLAnswer): Record<string, number> {
  const list = answer.body.data?.inventoryItem?.inventoryLevel?.quantities as { name: string; quantity: number }[];
  return Object.fromEntries(list.map((q) => [q.name, q.quantity]));
}
