import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index";
import { adminClient } from "./client";

const SHOP = "validation.myshopify.com";
let sim: Simulator;
let gql: ReturnType<typeof adminClient>;

beforeAll(async () => {
  sim = await startSimulator({ shops: [{ domain: SHOP, locations: [{ name: "Atelier" }] }] });
  gql = adminClient(sim, SHOP);
});
afterAll(() => sim.close());

describe("documents the real 2026-07 schema rejects are rejected like Shopify does", () => {
  test.each([
    {
      name: "an unknown field",
      query: "{ shop { name caratWeight } }",
      variables: undefined,
      error: {
        message: "Field 'caratWeight' doesn't exist on type 'Shop'",
        path: ["query", "shop", "caratWeight"],
        extensions: { code: "undefinedField", typeName: "Shop", fieldName: "caratWeight" },
      },
    },
    {
      name: "a missing required argument",
      query: "{ product { id } }",
      variables: undefined,
      error: {
        message: "Field 'product' is missing required arguments: id",
        extensions: { code: "missingRequiredArguments" },
      },
    },
    {
      name: "a removed inventory argument (compareQuantity no longer exists)",
      query: `mutation { inventorySetQuantities(input: { name: "available", reason: "correction", ignoreCompareQuantity: true, quantities: [] }) { userErrors { message } } }`,
      variables: undefined,
      error: { extensions: { code: "validationError" } },
    },
    {
      name: "a null for a non-null variable",
      query: "query P($id: ID!) { product(id: $id) { id } }",
      variables: { id: null },
      error: {
        message: "Variable $id of type ID! was provided invalid value",
        extensions: {
          code: "INVALID_VARIABLE",
          value: null,
          problems: [{ path: [], explanation: "Expected value to not be null" }],
        },
      },
    },
    {
      name: "an input field the type does not define",
      query: "mutation C($product: ProductCreateInput!) { productCreate(product: $product) { product { id } } }",
      variables: { product: { title: "Bague", variants: [] } },
      error: {
        message:
          "Variable $product of type ProductCreateInput! was provided invalid value for variants (Field is not defined on ProductCreateInput)",
        extensions: {
          code: "INVALID_VARIABLE",
          problems: [{ path: ["variants"], explanation: "Field is not defined on ProductCreateInput" }],
        },
      },
    },
  ])("$name", async ({ query, variables, error }) => {
    const answer = await gql(query, variables);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors[0]).toMatchObject(error);
    expect(answer.body.extensions?.cost.actualQueryCost).toBe(0);
  });
});

describe("requests outside what the API accepts", () => {
  test("an unknown access token answers 401 with Shopify's message", async () => {
    const answer = await adminClient(sim, SHOP, "shpat_not_a_token")("{ shop { name } }");
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
    });
  });

  test("an API version other than the pinned one answers 404", async () => {
    const answer = await gql("{ shop { name } }", undefined, { version: "2025-01" });
    expect(answer.status).toBe(404);
  });

  test("a connection without first or last is refused before running", async () => {
    const answer = await gql("{ products { nodes { id } } }");
    expect(answer.body.errors[0]).toMatchObject({
      message: "you must provide one of first or last",
      path: ["query", "products"],
    });
  });

  test("a root field the simulator does not implement is reported as unsupported and nothing runs", async () => {
    const before = (await gql("{ productsCount { count } }")).body.data?.productsCount.count;
    const answer = await gql(
      `mutation { productCreate(product: { title: "Never made" }) { product { id } } collectionCreate(input: { title: "x" }) { collection { id } } }`,
    );
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ extensions: { code: "SIMULATOR_UNSUPPORTED", fieldName: "collectionCreate" } }),
    ]);
    expect(answer.body.errors[0].message).toContain("does not support the root field 'collectionCreate'");
    expect((await gql("{ productsCount { count } }")).body.data?.productsCount.count).toBe(before);
  });

  test("a nested field the simulator does not model is an error, never a silent null", async () => {
    const answer = await gql("{ shop { name billingAddress { city } } }");
    expect(answer.body.errors[0]).toMatchObject({
      path: ["shop", "billingAddress"],
      extensions: { code: "SIMULATOR_UNSUPPORTED" },
    });
  });
});

describe("both ways of addressing a shop reach the same shop", () => {
  test("Host header of the shop and the /shops/<domain> prefix", async () => {
    const token = sim.issueAccessToken(SHOP);
    const body = JSON.stringify({ query: "{ shop { myshopifyDomain } }" });
    const headers = { "content-type": "application/json", "x-shopify-access-token": token };
    const byPrefix = await fetch(sim.graphqlUrl(SHOP), { method: "POST", headers, body });
    const { request } = await import("node:http");
    const byHost = await new Promise<string>((resolve, reject) => {
      const req = request(
        `${sim.url}/admin/api/${sim.apiVersion}/graphql.json`,
        { method: "POST", headers: { ...headers, host: SHOP } },
        (res) => {
          let text = "";
          res.on("data", (c) => (text += c));
          res.on("end", () => resolve(text));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
    type ShopAnswer = { data: { shop: { myshopifyDomain: string } } };
    expect(((await byPrefix.json()) as ShopAnswer).data.shop.myshopifyDomain).toBe(SHOP);
    expect((JSON.parse(byHost) as ShopAnswer).data.shop.myshopifyDomain).toBe(SHOP);
  });
});
