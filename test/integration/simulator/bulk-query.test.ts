// The simulator's bulkOperationRunQuery, driven over HTTP as the app drives Shopify: the query is
// checked against the schema and the bulk rules, runs asynchronously, is followed through
// node(id) and currentBulkOperation, ends with a signed bulk_operations/finish webhook, and its
// result is Shopify's JSONL (nested connections flattened, children carrying __parentId).
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index";
import { adminClient } from "./client";

const SHOP = "bulk-query-sim.myshopify.com";
let sim: Simulator;
let gql: ReturnType<typeof adminClient>;

beforeAll(async () => {
  sim = await startSimulator({
    apiSecret: "bq-secret",
    shops: [{ domain: SHOP, locations: [{ name: "Paris" }, { name: "Lyon" }] }],
  });
  gql = adminClient(sim, SHOP);
});
afterAll(() => sim.close());

const CATALOGUE = `{
  products {
    edges { node {
      id title vendor productType tags
      collections { edges { node { id title } } }
      variants { edges { node {
        id sku title price
        inventoryItem { id inventoryLevels { edges { node { location { id } quantities(names: ["available", "on_hand"]) { name quantity } } } } }
      } } }
    } }
  }
}`;

const RUN = `mutation Run($q: String!) {
  bulkOperationRunQuery(query: $q) { bulkOperation { id status type } userErrors { field message code } }
}`;

type BulkOp = { id: string; status: string; objectCount: string; url: string; fileSize: string };
type Line = Record<string, unknown> & { id?: string; __parentId?: string; sku?: string };

async function waitDone(id: string): Promise<BulkOp> {
  await sim.bulk.idle();
  const answer = await gql(
    `query Op($id: ID!) { node(id: $id) { ... on BulkOperation { id status type objectCount rootObjectCount url fileSize errorCode } } }`,
    { id },
  );
  return answer.body.data!.node as BulkOp;
}

describe("bulkOperationRunQuery", () => {
  test("products → collections, variants → inventory levels come back as JSONL lines with __parentId, parents first", async () => {
    const ring = sim.state.seedProduct({
      shop: SHOP,
      title: "Bague Lune",
      vendor: "Atelier Aurore",
      productType: "Bague",
      tags: ["or", "mariage"],
      collections: ["Mariage"],
      variants: [
        { sku: "LUNE-52", price: "1250.00", title: "52", inventory: { Paris: 2, Lyon: 1 } },
        { sku: "LUNE-54", price: "1250.00", title: "54", inventory: { Paris: 0 } },
      ],
    });
    sim.state.seedProduct({
      shop: SHOP,
      title: "Chaîne",
      variants: [{ sku: "CH-1", price: "90", inventory: { Lyon: 3 } }],
    });

    const started = await gql(RUN, { q: CATALOGUE });
    const op = started.body.data!.bulkOperationRunQuery;
    expect(op.userErrors).toEqual([]);
    expect(op.bulkOperation).toMatchObject({ status: "CREATED", type: "QUERY" });

    const done = await waitDone(op.bulkOperation.id);
    expect(done).toMatchObject({ status: "COMPLETED", type: "QUERY", errorCode: null, rootObjectCount: "2" });
    const current = await gql(`{ currentBulkOperation { id status } }`);
    expect(current.body.data!.currentBulkOperation).toEqual({ id: op.bulkOperation.id, status: "COMPLETED" });

    const text = await (await fetch(done.url)).text();
    expect(Number(done.fileSize)).toBe(Buffer.byteLength(text));
    const lines = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Line);
    expect(Number(done.objectCount)).toBe(lines.length);
    // Bague Lune: product, collection, 2 variants, 3 levels (Paris 2, Lyon 1, Paris 0); Chaîne: product, variant, level.
    expect(lines).toHaveLength(10);
    const product = lines[0]!;
    expect(product).toEqual({
      id: ring.productId,
      title: "Bague Lune",
      vendor: "Atelier Aurore",
      productType: "Bague",
      tags: ["or", "mariage"],
    });
    const collection = lines.find((l) => typeof l.id === "string" && l.id.startsWith("gid://shopify/Collection/"))!;
    expect(collection).toEqual({ id: expect.any(String), title: "Mariage", __parentId: ring.productId });
    const v52 = lines.find((l) => l.sku === "LUNE-52")!;
    expect(v52).toEqual({
      id: ring.variants[0]!.variantId,
      sku: "LUNE-52",
      title: "52",
      price: "1250.00",
      inventoryItem: { id: ring.variants[0]!.inventoryItemId },
      __parentId: ring.productId,
    });
    const levels = lines.filter((l) => l.__parentId === ring.variants[0]!.variantId);
    expect(levels.map((l) => l.quantities)).toEqual([
      [
        { name: "available", quantity: 2 },
        { name: "on_hand", quantity: 2 },
      ],
      [
        { name: "available", quantity: 1 },
        { name: "on_hand", quantity: 1 },
      ],
    ]);
    // Every child comes after the line it points at.
    const seen = new Set<string>();
    for (const line of lines) {
      if (line.__parentId) expect(seen.has(line.__parentId)).toBe(true);
      if (line.id) seen.add(line.id);
    }

    const finish = sim.webhooks
      .byTopic("bulk_operations/finish")
      .find((d) => (d.payload as { admin_graphql_api_id: string }).admin_graphql_api_id === op.bulkOperation.id)!;
    expect(finish.payload).toMatchObject({ status: "completed", type: "query", error_code: null });
    expect(finish.headers["X-Shopify-Hmac-Sha256"]).toBe(
      createHmac("sha256", "bq-secret").update(finish.body).digest("base64"),
    );
  });

  test("a query the schema refuses, one with no connection, and a nested connection under a node without id are refused as INVALID", async () => {
    const bad = await gql(RUN, { q: "{ products { edges { node { nope } } } }" });
    expect(bad.body.data!.bulkOperationRunQuery).toEqual({
      bulkOperation: null,
      userErrors: [
        { field: ["query"], message: expect.stringContaining('Cannot query field "nope"'), code: "INVALID" },
      ],
    });
    const noConnection = await gql(RUN, { q: "{ shop { name } }" });
    expect(noConnection.body.data!.bulkOperationRunQuery.userErrors[0]).toMatchObject({ code: "INVALID" });
    const noId = await gql(RUN, { q: "{ products { edges { node { title variants { edges { node { id } } } } } } }" });
    expect(noId.body.data!.bulkOperationRunQuery.userErrors[0].message).toContain("must select the 'id' field");
    const notQuery = await gql(RUN, { q: 'mutation { productDelete(input: { id: "x" }) { deletedProductId } }' });
    expect(notQuery.body.data!.bulkOperationRunQuery.userErrors[0]).toMatchObject({ code: "INVALID" });
  });

  test("a bulk-fail fault ends the query FAILED with the lines written so far in partialDataUrl", async () => {
    sim.faults.inject({ kind: "bulk-fail", errorCode: "TIMEOUT", afterLines: 2 });
    const started = await gql(RUN, { q: "{ products { nodes { id title } } }" });
    const id = started.body.data!.bulkOperationRunQuery.bulkOperation.id as string;
    await sim.bulk.idle();
    const answer = await gql(
      `query Op($id: ID!) { bulkOperation(id: $id) { status errorCode url partialDataUrl objectCount } }`,
      { id },
    );
    const op = answer.body.data!.bulkOperation;
    expect(op).toMatchObject({ status: "FAILED", errorCode: "TIMEOUT", url: null, objectCount: "2" });
    const text = await (await fetch(op.partialDataUrl)).text();
    expect(text.trim().split("\n")).toHaveLength(2);
  });
});
