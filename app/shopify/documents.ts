// The GraphQL documents Loupe sends, each checked against the real 2026-07 schema by the
// simulator in tests (an invalid one fails there as it would at Shopify).

export const INVENTORY_LEVEL = `#graphql
  query LoupeInventoryLevel($item: ID!, $location: ID!, $names: [String!]!) {
    inventoryItem(id: $item) {
      id
      inventoryLevel(locationId: $location) { id quantities(names: $names) { name quantity } }
    }
  }`;

export const INVENTORY_ACTIVATE = `#graphql
  mutation LoupeInventoryActivate($item: ID!, $location: ID!, $key: String!) {
    inventoryActivate(inventoryItemId: $item, locationId: $location) @idempotent(key: $key) {
      inventoryLevel { id }
      userErrors { field message }
    }
  }`;

export const INVENTORY_ADJUST = `#graphql
  mutation LoupeInventoryAdjust($input: InventoryAdjustQuantitiesInput!, $key: String!) {
    inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
      inventoryAdjustmentGroup { id changes { name delta quantityAfterChange } }
      userErrors { field message code }
    }
  }`;

export const INVENTORY_MOVE = `#graphql
  mutation LoupeInventoryMove($input: InventoryMoveQuantitiesInput!, $key: String!) {
    inventoryMoveQuantities(input: $input) @idempotent(key: $key) {
      inventoryAdjustmentGroup { id changes { name delta quantityAfterChange } }
      userErrors { field message code }
    }
  }`;
