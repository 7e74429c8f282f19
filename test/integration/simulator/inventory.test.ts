import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index";
import { adminClient, ADJUST, LEVEL, quantitiesOf } from "./client";

const SHOP = "inventaire.myshopify.com";
let sim: Simulator;
let gql: ReturnType<typeof adminClient>;
let atelier: string;
let boutique: string;

beforeAll(async () => {
  sim = await startSimulator({ shops: [{ domain: SHOP, locations: [{ name: "Atelier" }, { name: "Boutique" }] }] });
  gql = adminClient(sim, SHOP);
  const locations = sim.state.seedShop({ domain: SHOP }).locations;
  atelier = locations.find((l) => l.name === "Atelier")!.id;
  boutique = locations.find((l) => l.name === "Boutique")!.id;
});
afterAll(() => sim.close());

let item: string;
beforeEach(() => {
  item = sim.state.seedProduct({
    shop: SHOP,
    title: "Alliance platine",
    variants: [{ sku: `ALL-${Math.random()}`, price: "890", inventory: { Atelier: 5 } }],
  }).variants[0]!.inventoryItemId;
});

const level = async (location = atelier) => quantitiesOf(await gql(LEVEL, { item, location }));
const adjustInput = (delta: number, changeFromQuantity: number | null, name = "available") => ({
  name,
  reason: "correction",
  referenceDocumentUri: "gid://loupe/Piece/42",
  changes: [
    {
      inventoryItemId: item,
      locationId: atelier,
      delta,
      changeFromQuantity,
      ...(name === "available" ? {} : { ledgerDocumentUri: "gid://loupe/Movement/7" }),
    },
  ],
});

describe("creating and finding products", () => {
  test("productCreate then productVariantsBulkCreate gives a product whose variant carries SKU, price and stock", async () => {
    const created = await gql(
      `mutation { productCreate(product: { title: "Pendentif saphir", status: DRAFT }) { product { id handle status variants(first: 5) { nodes { title } } } userErrors { message } } }`,
    );
    const product = created.body.data?.productCreate.product;
    expect(product).toMatchObject({
      handle: "pendentif-saphir",
      status: "DRAFT",
      variants: { nodes: [{ title: "Default Title" }] },
    });
    const variants = await gql(
      `mutation V($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
        productVariantsBulkCreate(productId: $productId, variants: $variants, strategy: REMOVE_STANDALONE_VARIANT) {
          productVariants { sku price inventoryQuantity inventoryItem { tracked } }
          product { variants(first: 5) { nodes { sku } } }
          userErrors { field message code }
        }
      }`,
      {
        productId: product.id,
        variants: [
          {
            price: "1450.50",
            inventoryItem: { sku: "PEND-SAPH-01", tracked: true },
            inventoryQuantities: [{ locationId: boutique, availableQuantity: 2 }],
          },
        ],
      },
    );
    expect(variants.body.data?.productVariantsBulkCreate).toEqual({
      productVariants: [
        { sku: "PEND-SAPH-01", price: "1450.50", inventoryQuantity: 2, inventoryItem: { tracked: true } },
      ],
      product: { variants: { nodes: [{ sku: "PEND-SAPH-01" }] } },
      userErrors: [],
    });
  });

  test.each([
    { query: "sku:PAGE-2", titles: ["Page 2"] },
    { query: "title:Page*", titles: ["Page 1", "Page 2", "Page 3"] },
    { query: "status:archived title:Page*", titles: ["Page 3"] },
  ])("products(query: $query) filters", async ({ query, titles }) => {
    for (const [n, status] of [
      [1, "ACTIVE"],
      [2, "ACTIVE"],
      [3, "ARCHIVED"],
    ] as const) {
      if (
        (await gql(`{ products(first: 1, query: "sku:PAGE-${n}") { nodes { id } } }`)).body.data?.products.nodes
          .length === 0
      ) {
        sim.state.seedProduct({ shop: SHOP, title: `Page ${n}`, status, variants: [{ sku: `PAGE-${n}` }] });
      }
    }
    const answer = await gql(`query P($q: String) { products(first: 10, query: $q) { nodes { title } } }`, {
      q: query,
    });
    expect(answer.body.data?.products.nodes.map((n: { title: string }) => n.title)).toEqual(titles);
  });

  test("pagination with first/after walks every product once", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Awaited<ReturnType<typeof gql>> = await gql(
        `query P($after: String) { products(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      const nodes: { id: string }[] = page.body.data?.products.nodes;
      seen.push(...nodes.map((n) => n.id));
      if (!page.body.data?.products.pageInfo.hasNextPage) break;
      after = page.body.data?.products.pageInfo.endCursor;
    }
    expect(seen.length).toBe(sim.state.shop(SHOP).products.size);
    expect(new Set(seen).size).toBe(seen.length);
  });

  test("productDelete removes the product and its variants", async () => {
    const { productId, variants } = sim.state.seedProduct({
      shop: SHOP,
      title: "Broche",
      variants: [{ sku: "BRO-1" }],
    });
    const answer = await gql(
      `mutation D($id: ID!) { productDelete(input: { id: $id }) { deletedProductId userErrors { message } } }`,
      { id: productId },
    );
    expect(answer.body.data?.productDelete).toEqual({ deletedProductId: productId, userErrors: [] });
    expect(
      (await gql(`query N($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [productId, variants[0]!.variantId] }))
        .body.data?.nodes,
    ).toEqual([null, null]);
  });
});

describe("inventory quantities follow Shopify 2026-07", () => {
  test("adjusting available moves on_hand with it and answers the change group", async () => {
    const answer = await gql(ADJUST, { input: adjustInput(-2, 5), key: crypto.randomUUID() });
    expect(answer.body.data?.inventoryAdjustQuantities).toEqual({
      inventoryAdjustmentGroup: {
        id: expect.stringMatching(/^gid:\/\/shopify\/InventoryAdjustmentGroup\//),
        reason: "correction",
        referenceDocumentUri: "gid://loupe/Piece/42",
        changes: [
          { name: "available", delta: -2, quantityAfterChange: 3 },
          { name: "on_hand", delta: -2, quantityAfterChange: 3 },
        ],
      },
      userErrors: [],
    });
    expect(await level()).toMatchObject({ available: 3, on_hand: 3 });
  });

  test("a stale changeFromQuantity is refused with CHANGE_FROM_QUANTITY_STALE and changes nothing", async () => {
    const answer = await gql(ADJUST, { input: adjustInput(1, 4), key: crypto.randomUUID() });
    expect(answer.body.data?.inventoryAdjustQuantities.userErrors).toEqual([
      {
        field: ["input", "changes", "0", "changeFromQuantity"],
        message: expect.any(String),
        code: "CHANGE_FROM_QUANTITY_STALE",
      },
    ]);
    expect(await level()).toMatchObject({ available: 5 });
  });

  test("an explicit null changeFromQuantity opts out of the check", async () => {
    await gql(ADJUST, { input: adjustInput(1, null), key: crypto.randomUUID() });
    expect(await level()).toMatchObject({ available: 6 });
  });

  test("an omitted changeFromQuantity is an error, not an opt-out", async () => {
    const input = adjustInput(1, null);
    delete (input.changes[0] as Partial<(typeof input.changes)[0]>).changeFromQuantity;
    const answer = await gql(ADJUST, { input, key: crypto.randomUUID() });
    expect(answer.body.errors[0].message).toBe(
      "InventoryChangeInput must include the following argument: changeFromQuantity.",
    );
    expect(await level()).toMatchObject({ available: 5 });
  });

  test("a mutation without @idempotent is refused as Shopify does from 2026-04", async () => {
    const answer = await gql(
      `mutation A($input: InventoryAdjustQuantitiesInput!) { inventoryAdjustQuantities(input: $input) { userErrors { code } } }`,
      { input: adjustInput(1, 5) },
    );
    expect(answer.body).toMatchObject({
      data: { inventoryAdjustQuantities: null },
      errors: [
        {
          message: "The @idempotent directive is required for this mutation but was not provided.",
          path: ["inventoryAdjustQuantities"],
          extensions: { code: "BAD_REQUEST" },
        },
      ],
    });
    expect(await level()).toMatchObject({ available: 5 });
  });

  test("repeating an idempotency key returns the first answer and applies the change once", async () => {
    const key = crypto.randomUUID();
    const first = await gql(ADJUST, { input: adjustInput(3, 5), key });
    const second = await gql(ADJUST, { input: adjustInput(3, 5), key });
    expect(second.body.data).toEqual(first.body.data);
    expect(await level()).toMatchObject({ available: 8 });
    const reused = await gql(ADJUST, { input: adjustInput(1, 8), key });
    expect(reused.body.data?.inventoryAdjustQuantities.userErrors[0].code).toBe("IDEMPOTENCY_KEY_PARAMETER_MISMATCH");
    expect(sim.state.inventoryHistory({ shop: SHOP }).filter((h) => h.idempotencyKey === key)).toHaveLength(1);
  });

  test("set, move and the history record reason, reference document and ledger document", async () => {
    const set = await gql(
      `mutation S($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) @idempotent(key: "${crypto.randomUUID()}") { userErrors { code } } }`,
      {
        input: {
          name: "on_hand",
          reason: "cycle_count_available",
          referenceDocumentUri: "gid://loupe/Count/3",
          quantities: [{ inventoryItemId: item, locationId: atelier, quantity: 7, changeFromQuantity: 5 }],
        },
      },
    );
    expect(set.body.data?.inventorySetQuantities.userErrors).toEqual([]);
    const move = await gql(
      `mutation M($input: InventoryMoveQuantitiesInput!) { inventoryMoveQuantities(input: $input) @idempotent(key: "${crypto.randomUUID()}") { inventoryAdjustmentGroup { changes { name delta quantityAfterChange } } userErrors { code } } }`,
      {
        input: {
          reason: "reservation_created",
          referenceDocumentUri: "gid://loupe/Hold/9",
          changes: [
            {
              inventoryItemId: item,
              quantity: 2,
              from: { locationId: atelier, name: "available", changeFromQuantity: 7 },
              to: {
                locationId: atelier,
                name: "reserved",
                changeFromQuantity: 0,
                ledgerDocumentUri: "gid://loupe/Hold/9",
              },
            },
          ],
        },
      },
    );
    expect(move.body.data?.inventoryMoveQuantities.inventoryAdjustmentGroup.changes).toEqual([
      { name: "available", delta: -2, quantityAfterChange: 5 },
      { name: "reserved", delta: 2, quantityAfterChange: 2 },
    ]);
    expect(await level()).toMatchObject({ available: 5, reserved: 2, on_hand: 7 });
    const history = sim.state.inventoryHistory({ shop: SHOP }).filter((h) => h.inventoryItemId === item);
    expect(
      history.map(({ name, delta, reason, referenceDocumentUri, ledgerDocumentUri }) => ({
        name,
        delta,
        reason,
        referenceDocumentUri,
        ledgerDocumentUri,
      })),
    ).toEqual([
      {
        name: "on_hand",
        delta: 2,
        reason: "cycle_count_available",
        referenceDocumentUri: "gid://loupe/Count/3",
        ledgerDocumentUri: null,
      },
      {
        name: "available",
        delta: -2,
        reason: "reservation_created",
        referenceDocumentUri: "gid://loupe/Hold/9",
        ledgerDocumentUri: null,
      },
      {
        name: "reserved",
        delta: 2,
        reason: "reservation_created",
        referenceDocumentUri: "gid://loupe/Hold/9",
        ledgerDocumentUri: "gid://loupe/Hold/9",
      },
    ]);
  });

  test.each([
    {
      name: "an unknown quantity name",
      input: { ...adjustInputStatic(), name: "sold" },
      code: "INVALID_QUANTITY_NAME",
    },
    { name: "an unknown reason", input: { ...adjustInputStatic(), reason: "because" }, code: "INVALID_REASON" },
    {
      name: "damaged without a ledger document",
      input: { ...adjustInputStatic(), name: "damaged" },
      code: "INVALID_LEDGER_DOCUMENT",
    },
  ])("refuses $name", async ({ input, code }) => {
    const filled = {
      ...input,
      changes: input.changes.map((c) => ({ ...c, inventoryItemId: item, locationId: atelier })),
    };
    const answer = await gql(ADJUST, { input: filled, key: crypto.randomUUID() });
    expect(answer.body.data?.inventoryAdjustQuantities.userErrors[0].code).toBe(code);
  });

  test("an item not stocked at a location must be activated first; inventoryActivate does it once per key", async () => {
    const refused = await gql(ADJUST, {
      input: {
        ...adjustInput(1, null),
        changes: [{ inventoryItemId: item, locationId: boutique, delta: 1, changeFromQuantity: null }],
      },
      key: crypto.randomUUID(),
    });
    expect(refused.body.data?.inventoryAdjustQuantities.userErrors[0].code).toBe("ITEM_NOT_STOCKED_AT_LOCATION");
    const activate = `mutation { inventoryActivate(inventoryItemId: "${item}", locationId: "${boutique}", available: 4) @idempotent(key: "act-${item}") { inventoryLevel { quantities(names: ["available"]) { quantity } } userErrors { message } } }`;
    await gql(activate);
    await gql(activate);
    expect(await level(boutique)).toMatchObject({ available: 4 });
  });

  test("inventoryItemUpdate turns tracking off", async () => {
    const answer = await gql(
      `mutation { inventoryItemUpdate(id: "${item}", input: { tracked: false }) { inventoryItem { tracked } userErrors { message } } }`,
    );
    expect(answer.body.data?.inventoryItemUpdate).toEqual({ inventoryItem: { tracked: false }, userErrors: [] });
  });
});

function adjustInputStatic() {
  return {
    name: "available",
    reason: "correction",
    referenceDocumentUri: "gid://loupe/Piece/42",
    changes: [{ inventoryItemId: "", locationId: "", delta: 1, changeFromQuantity: null as number | null }],
  };
}
