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

export const PRODUCT_BY_HANDLE = `#graphql
  query LoupeProductByHandle($handle: String!) {
    productByIdentifier(identifier: { handle: $handle }) {
      id
      variants(first: 10) { nodes { id sku inventoryItem { id } } }
    }
  }`;

export const PRODUCT_CREATE = `#graphql
  mutation LoupeProductCreate($product: ProductCreateInput!) {
    productCreate(product: $product) {
      product { id }
      userErrors { field message }
    }
  }`;

export const VARIANTS_CREATE = `#graphql
  mutation LoupeVariantsCreate($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
    productVariantsBulkCreate(productId: $productId, variants: $variants, strategy: REMOVE_STANDALONE_VARIANT) {
      productVariants { id sku inventoryItem { id } }
      userErrors { field message code }
    }
  }`;

export const METAFIELDS_SET = `#graphql
  mutation LoupeMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { key namespace }
      userErrors { field message code }
    }
  }`;

export const METAOBJECT_UPSERT = `#graphql
  mutation LoupeMetaobjectUpsert($handle: MetaobjectHandleInput!, $metaobject: MetaobjectUpsertInput!) {
    metaobjectUpsert(handle: $handle, metaobject: $metaobject) {
      metaobject { id handle }
      userErrors { field message code }
    }
  }`;

export const METAOBJECT_DEFINITION = `#graphql
  query LoupeMetaobjectDefinition($type: String!) {
    metaobjectDefinitionByType(type: $type) { id type }
  }`;

export const METAOBJECT_DEFINITION_CREATE = `#graphql
  mutation LoupeMetaobjectDefinitionCreate($definition: MetaobjectDefinitionCreateInput!) {
    metaobjectDefinitionCreate(definition: $definition) {
      metaobjectDefinition { id type }
      userErrors { field message code }
    }
  }`;

export const VARIANT_POLICIES = `#graphql
  query LoupeVariantPolicies($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on ProductVariant { id inventoryPolicy product { id } }
    }
  }`;

export const VARIANTS_UPDATE = `#graphql
  mutation LoupeVariantsUpdate($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
    productVariantsBulkUpdate(productId: $productId, variants: $variants) {
      productVariants { id inventoryPolicy }
      userErrors { field message code }
    }
  }`;

// ---- staged uploads (a bulk operation's JSONL file, a certificate scan for Shopify Files)

/**
 * The one stagedUploadsCreate document, for every upload Loupe makes: it selects what each of them
 * reads (a bulk file posts to `url` with `parameters` and runs from the `key` parameter; a file for
 * Shopify Files is created from `resourceUrl`).
 */
export const STAGED_UPLOADS_CREATE = `#graphql
  mutation LoupeStagedUploads($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets { url resourceUrl parameters { name value } }
      userErrors { field message }
    }
  }`;

/** Typed as the 2026-07 schema has it: `url` and `resourceUrl` may be null. */
export type StagedTarget = {
  url: string | null;
  resourceUrl: string | null;
  parameters: { name: string; value: string }[];
};

/** The answer to STAGED_UPLOADS_CREATE (stagedTargets is null when Shopify refused the input). */
export type StagedUploadsCreateAnswer = {
  stagedUploadsCreate: {
    stagedTargets: StagedTarget[] | null;
    userErrors: { field?: string[] | null; message: string }[];
  };
};

// ---- bulk operations (large imports)

export const BULK_RUN_MUTATION = `#graphql
  mutation LoupeBulkRunMutation($mutation: String!, $stagedUploadPath: String!, $clientIdentifier: String) {
    bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $stagedUploadPath, clientIdentifier: $clientIdentifier) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }`;

export const BULK_CANCEL = `#graphql
  mutation LoupeBulkCancel($id: ID!) {
    bulkOperationCancel(id: $id) {
      bulkOperation { id status }
      userErrors { field message }
    }
  }`;

export const BULK_OPERATION = `#graphql
  query LoupeBulkOperation($id: ID!) {
    bulkOperation(id: $id) { id status errorCode objectCount url partialDataUrl completedAt }
  }`;

/** The mutation each line of a product import's JSONL runs: an upsert by handle, so a rerun changes nothing twice. */
export const BULK_PRODUCT_SET = `mutation LoupeBulkProductSet($identifier: ProductSetIdentifiers, $input: ProductSetInput!) {
  productSet(identifier: $identifier, input: $input, synchronous: true) {
    product { id handle variants(first: 1) { nodes { id sku inventoryItem { id } } } }
    userErrors { field message code }
  }
}`;

/** One page of the shop's locations, deactivated ones included (their sites are archived). */
export const LOCATIONS_PAGE = `#graphql
  query LoupeLocationsPage($first: Int!, $after: String) {
    locations(first: $first, after: $after, includeInactive: true) {
      nodes { id name isActive }
      pageInfo { hasNextPage endCursor }
    }
  }`;

export const BULK_RUN_QUERY = `#graphql
  mutation LoupeBulkRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: false) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }`;

/**
 * The shop's whole catalogue in one bulk query: each product with its collections and its variants,
 * each variant's inventory item and its levels (the quantities Loupe makes pieces from). Shopify
 * answers it as a JSONL file, children pointing at their parent with __parentId.
 */
export const CATALOGUE_BULK_QUERY = `{
  products {
    edges { node {
      id title vendor productType tags
      collections { edges { node { id title } } }
      variants { edges { node {
        id title sku price
        inventoryItem {
          id tracked
          inventoryLevels { edges { node {
            location { id name }
            quantities(
              names: ["available", "on_hand", "reserved", "quality_control", "committed", "damaged", "safety_stock"]
            ) { name quantity }
          } } }
        }
      } } }
    } }
  }
}`;

/**
 * One page of open orders with their lines: what is still to fulfil on each (the units Shopify counts
 * as committed) and the till's location for a point-of-sale order. Read when pieces are made from the
 * catalogue, to make and sell a piece for each committed unit (app/domain/catalogue/committed.ts).
 * Page sizes keep the query's cost under Shopify's single-query limit of 1,000 points (an order
 * with more lines has the rest read with ORDER_LINES_PAGE).
 */
export const OPEN_ORDERS_PAGE = `#graphql
  query LoupeOpenOrdersPage($first: Int!, $after: String) {
    orders(first: $first, after: $after, query: "status:open") {
      nodes {
        id name createdAt updatedAt currencyCode sourceName
        customer { id }
        retailLocation { id }
        lineItems(first: 50) {
          nodes { ...LoupeOpenLine }
          pageInfo { hasNextPage endCursor }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
  fragment LoupeOpenLine on LineItem {
    id currentQuantity unfulfilledQuantity
    variant { id }
    originalUnitPriceSet { shopMoney { amount currencyCode } }
  }`;

/** The next lines of one order, when it has more than OPEN_ORDERS_PAGE reads with it. */
export const ORDER_LINES_PAGE = `#graphql
  query LoupeOrderLinesPage($id: ID!, $after: String) {
    order(id: $id) {
      lineItems(first: 200, after: $after) {
        nodes { ...LoupeOpenLine }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
  fragment LoupeOpenLine on LineItem {
    id currentQuantity unfulfilledQuantity
    variant { id }
    originalUnitPriceSet { shopMoney { amount currencyCode } }
  }`;
