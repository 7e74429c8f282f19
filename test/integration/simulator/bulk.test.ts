// The simulator's productSet, bulk mutations and product media, driven over HTTP as the app
// drives Shopify: staged upload of a JSONL file, bulkOperationRunMutation, polling by id, the
// result file, the signed bulk_operations/finish webhook, faults, and Product.media.
import { createHmac } from "node:crypto";
import { fetch as undiciFetch, FormData as UndiciFormData } from "undici";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index";
import { adminClient } from "./client";

const SHOP = "bulk-sim.myshopify.com";
let sim: Simulator;
let gql: ReturnType<typeof adminClient>;
let location: string;

beforeAll(async () => {
  sim = await startSimulator({
    appId: 777,
    apiSecret: "bulk-secret",
    shops: [{ domain: SHOP, locations: [{ name: "Paris" }] }],
  });
  gql = adminClient(sim, SHOP);
  location = sim.state.seedShop({ domain: SHOP }).locations[0]!.id;
});
afterAll(() => sim.close());

const PRODUCT_SET = `mutation LoupeProductSet($identifier: ProductSetIdentifiers, $input: ProductSetInput!) {
  productSet(identifier: $identifier, input: $input) {
    product { id handle title status variants(first: 5) { nodes { id sku price inventoryPolicy inventoryItem { id tracked } } } }
    userErrors { field message code }
  }
}`;

/** `handle` defaults to the stored (lower-case) form, as the app sends it. */
function productInput(tag: string, extra: Record<string, unknown> = {}, handle = `loupe-${tag.toLowerCase()}`) {
  return {
    identifier: { handle },
    input: {
      title: `Bague ${tag}`,
      handle,
      status: "DRAFT",
      productOptions: [{ name: "Title", values: [{ name: "Default Title" }] }],
      variants: [
        {
          optionValues: [{ optionName: "Title", name: "Default Title" }],
          price: "1250.00",
          sku: tag,
          inventoryPolicy: "DENY",
          inventoryItem: { tracked: true },
          inventoryQuantities: [{ locationId: location, name: "available", quantity: 0 }],
        },
      ],
      metafields: [{ namespace: "$app", key: "fineness", type: "number_decimal", value: "750" }],
      ...extra,
    },
  };
}

async function stageJsonl(lines: unknown[]): Promise<string> {
  const staged = await gql(
    `mutation { stagedUploadsCreate(input: [{ resource: BULK_MUTATION_VARIABLES, filename: "vars.jsonl", mimeType: "text/jsonl", httpMethod: POST }]) { stagedTargets { url resourceUrl parameters { name value } } userErrors { message } } }`,
  );
  const target = staged.body.data?.stagedUploadsCreate.stagedTargets[0] as {
    url: string;
    resourceUrl: string | null;
    parameters: { name: string; value: string }[];
  };
  expect(target.resourceUrl).toBeNull();
  const form = new UndiciFormData();
  for (const p of target.parameters) form.append(p.name, p.value);
  form.append(
    "file",
    new Blob([lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n")], { type: "text/jsonl" }),
    "vars.jsonl",
  );
  expect((await undiciFetch(target.url, { method: "POST", body: form })).status).toBe(201);
  return target.parameters.find((p) => p.name === "key")!.value;
}

const RUN = `mutation Run($mutation: String!, $path: String!, $client: String) {
  bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $path, clientIdentifier: $client) {
    bulkOperation { id status type objectCount url }
    userErrors { field message code }
  }
}`;
const BY_ID = `query B($id: ID!) { bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl completedAt } }`;

async function waitFor(id: string, statuses = ["COMPLETED", "FAILED", "CANCELED"]) {
  for (let i = 0; i < 200; i++) {
    const op = (await gql(BY_ID, { id })).body.data?.bulkOperation;
    if (statuses.includes(op.status)) return op;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`bulk operation ${id} did not finish`);
}

describe("productSet", () => {
  test("creates a product by handle with its option, variant, stock level and metafields; a rerun updates the same product", async () => {
    const first = await gql(PRODUCT_SET, productInput("AB12C3"));
    expect(first.body.data?.productSet.userErrors).toEqual([]);
    const product = first.body.data?.productSet.product;
    expect(product).toMatchObject({ handle: "loupe-ab12c3", title: "Bague AB12C3", status: "DRAFT" });
    expect(product.variants.nodes).toEqual([
      {
        id: expect.stringMatching(/ProductVariant/),
        sku: "AB12C3",
        price: "1250.00",
        inventoryPolicy: "DENY",
        inventoryItem: { id: expect.stringMatching(/InventoryItem/), tracked: true },
      },
    ]);
    const item = product.variants.nodes[0].inventoryItem.id as string;
    expect(sim.state.inventoryLevels({ shop: SHOP, inventoryItemId: item })).toEqual([
      expect.objectContaining({ locationId: location, quantities: expect.objectContaining({ available: 0 }) }),
    ]);
    expect(sim.state.metafields({ shop: SHOP, ownerId: product.id }).map((m) => [m.namespace, m.key, m.value])).toEqual(
      [["app--777", "fineness", "750"]],
    );

    const again = await gql(PRODUCT_SET, productInput("AB12C3", { title: "Bague AB12C3 (retouchée)" }));
    expect(again.body.data?.productSet.product).toMatchObject({ id: product.id, title: "Bague AB12C3 (retouchée)" });
    // The variant matched by its option values keeps its inventory item.
    expect(again.body.data?.productSet.product.variants.nodes[0].inventoryItem.id).toBe(item);
    expect([...sim.state.shop(SHOP).products.values()].filter((p) => p.handle === "loupe-ab12c3")).toHaveLength(1);
  });

  test("an identifier handle is matched as given, not normalised: another spelling than the stored one makes a second product", async () => {
    const stored = await gql(PRODUCT_SET, productInput("CD34E5"));
    expect(stored.body.data?.productSet.product).toMatchObject({ handle: "loupe-cd34e5" });
    // Shopify stores handles in lower case; an app asking for "loupe-CD34E5" does not find that product.
    const other = await gql(PRODUCT_SET, productInput("CD34E5", {}, "loupe-CD34E5"));
    expect(other.body.data?.productSet.userErrors).toEqual([]);
    expect(other.body.data?.productSet.product.id).not.toBe(stored.body.data?.productSet.product.id);
    expect(other.body.data?.productSet.product.handle).toBe("loupe-cd34e5-1");
  });

  test("variants without product options, or naming a value the options lack, are refused before anything is written", async () => {
    const before = sim.state.shop(SHOP).products.size;
    const noOptions = await gql(PRODUCT_SET, productInput("ZZ0001", { productOptions: null }));
    expect(noOptions.body.data?.productSet).toEqual({
      product: null,
      userErrors: [
        {
          field: ["input", "productOptions"],
          message: "Product options input is required when updating variants.",
          code: "PRODUCT_OPTIONS_INPUT_MISSING",
        },
      ],
    });
    const badValue = productInput("ZZ0002");
    badValue.input.variants[0]!.optionValues = [{ optionName: "Title", name: "Rose" }];
    expect((await gql(PRODUCT_SET, badValue)).body.data?.productSet.userErrors).toEqual([
      {
        field: ["input", "variants", "0", "optionValues", "0", "name"],
        message: "Option value 'Rose' does not exist",
        code: "OPTION_VALUE_DOES_NOT_EXIST",
      },
    ]);
    expect(sim.state.shop(SHOP).products.size).toBe(before);
  });
});

describe("bulk mutations", () => {
  test("a JSONL of productSet variables runs asynchronously; each line's answer is in the result file; the finish webhook is signed", async () => {
    const path = await stageJsonl([
      productInput("BK0001"),
      productInput("BK0002", { title: "" }),
      productInput("BK0003"),
    ]);
    const run = await gql(RUN, { mutation: PRODUCT_SET, path, client: "import-batch-1" });
    expect(run.body.data?.bulkOperationRunMutation.userErrors).toEqual([]);
    const started = run.body.data?.bulkOperationRunMutation.bulkOperation;
    expect(started).toMatchObject({ status: "CREATED", type: "MUTATION", objectCount: "0", url: null });

    const done = await waitFor(started.id);
    expect(done).toMatchObject({
      status: "COMPLETED",
      errorCode: null,
      objectCount: "3",
      rootObjectCount: "3",
      partialDataUrl: null,
    });
    expect(Number(done.fileSize)).toBeGreaterThan(0);
    const lines = (await (await undiciFetch(done.url)).text())
      .trim()
      .split("\n")
      .map(
        (l) =>
          JSON.parse(l) as {
            data: { productSet: { product: { handle: string } | null; userErrors: unknown[] } };
            __lineNumber: number;
          },
      );
    expect(lines.map((l) => l.__lineNumber)).toEqual([0, 1, 2]);
    expect(lines[0]!.data.productSet.product?.handle).toBe("loupe-bk0001");
    expect(lines[1]!.data.productSet).toEqual({
      product: null,
      userErrors: [{ field: ["input", "title"], message: "Title can't be blank", code: "INVALID_PRODUCT" }],
    });
    expect(lines[2]!.data.productSet.userErrors).toEqual([]);

    const current = await gql(`{ currentBulkOperation(type: MUTATION) { id status } }`);
    expect(current.body.data?.currentBulkOperation).toEqual({ id: started.id, status: "COMPLETED" });
    expect((await gql(`{ currentBulkOperation { id } }`)).body.data?.currentBulkOperation).toBeNull();

    const finish = sim.webhooks
      .byTopic("bulk_operations/finish")
      .find((d) => (d.payload as { admin_graphql_api_id: string }).admin_graphql_api_id === started.id)!;
    expect(finish.payload).toEqual({
      admin_graphql_api_id: started.id,
      completed_at: done.completedAt,
      created_at: expect.any(String),
      error_code: null,
      status: "completed",
      type: "mutation",
    });
    expect(finish.headers["X-Shopify-Hmac-Sha256"]).toBe(
      createHmac("sha256", "bulk-secret").update(finish.body).digest("base64"),
    );
  });

  test("an invalid mutation, a missing file, a file that is not JSONL, and a sixth concurrent operation are refused", async () => {
    const path = await stageJsonl([productInput("BK0100")]);
    const invalid = await gql(RUN, {
      mutation: "mutation { productSet(input: { nope: 1 }) { product { id } } }",
      path,
    });
    expect(invalid.body.data?.bulkOperationRunMutation).toMatchObject({
      bulkOperation: null,
      userErrors: [{ code: "INVALID_MUTATION", field: ["mutation"] }],
    });
    const missing = await gql(RUN, { mutation: PRODUCT_SET, path: "tmp/1/bulk/nothing/vars.jsonl" });
    expect(missing.body.data?.bulkOperationRunMutation.userErrors).toEqual([
      {
        field: ["stagedUploadPath"],
        message: "The JSONL file could not be found: tmp/1/bulk/nothing/vars.jsonl",
        code: "NO_SUCH_FILE",
      },
    ]);
    const notJsonl = await gql(RUN, { mutation: PRODUCT_SET, path: await stageJsonl(["{not json"]) });
    expect(notJsonl.body.data?.bulkOperationRunMutation.userErrors[0].code).toBe("INVALID_STAGED_UPLOAD_FILE");

    sim.faults.inject({ kind: "bulk-hold", afterLines: 0, times: 5 });
    const held: string[] = [];
    for (let i = 0; i < 5; i++)
      held.push((await gql(RUN, { mutation: PRODUCT_SET, path })).body.data?.bulkOperationRunMutation.bulkOperation.id);
    const sixth = await gql(RUN, { mutation: PRODUCT_SET, path });
    expect(sixth.body.data?.bulkOperationRunMutation.userErrors[0].code).toBe("LIMIT_REACHED");
    expect((await gql(BY_ID, { id: held[0] })).body.data?.bulkOperation.status).toBe("RUNNING");

    const cancel = await gql(
      `mutation C($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status } userErrors { message } } }`,
      { id: held[0] },
    );
    expect(cancel.body.data?.bulkOperationCancel).toEqual({ bulkOperation: { status: "CANCELING" }, userErrors: [] });
    expect((await waitFor(held[0]!)).status).toBe("CANCELED");
    sim.bulk.release();
    for (const id of held.slice(1)) expect((await waitFor(id)).status).toBe("COMPLETED");
    const late = await gql(`mutation C($id: ID!) { bulkOperationCancel(id: $id) { userErrors { message } } }`, {
      id: held[1],
    });
    expect(late.body.data?.bulkOperationCancel.userErrors).toEqual([
      { message: "A bulk operation cannot be canceled when it is completed" },
    ]);
  });

  test("a bulk-fail fault ends the operation FAILED with its error code and the lines done so far as partial data", async () => {
    sim.faults.inject({ kind: "bulk-fail", errorCode: "TIMEOUT", afterLines: 1 });
    const path = await stageJsonl([productInput("BK0201"), productInput("BK0202")]);
    const id = (await gql(RUN, { mutation: PRODUCT_SET, path })).body.data?.bulkOperationRunMutation.bulkOperation
      .id as string;
    const failed = await waitFor(id);
    expect(failed).toMatchObject({ status: "FAILED", errorCode: "TIMEOUT", objectCount: "1", url: null });
    const partial = (await (await undiciFetch(failed.partialDataUrl)).text()).trim().split("\n");
    expect(partial).toHaveLength(1);
    const finish = sim.webhooks
      .byTopic("bulk_operations/finish")
      .find((d) => (d.payload as { admin_graphql_api_id: string }).admin_graphql_api_id === id)!;
    expect(finish.payload).toMatchObject({ status: "failed", error_code: "timeout" });
  });
});

describe("product media", () => {
  test("an image attached through the test API is a MediaImage with its URL and alt text; the simulator serves a real PNG", async () => {
    const { productId } = sim.state.seedProduct({ shop: SHOP, title: "Créoles or rose" });
    const empty = await gql(`query M($id: ID!) { product(id: $id) { media(first: 5) { nodes { id } } } }`, {
      id: productId,
    });
    expect(empty.body.data?.product.media.nodes).toEqual([]);
    const attached = (await (
      await undiciFetch(`${sim.url}/_sim/product-media`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ shop: SHOP, productId, alt: "Créoles portées" }),
      })
    ).json()) as { mediaId: string; url: string };
    expect(attached.url).toMatch(new RegExp(`^${sim.url}/_sim/images/\\d+\\.png$`));
    const read = await gql(
      `query M($id: ID!) { product(id: $id) { media(first: 12) { nodes { id alt mediaContentType status ... on MediaImage { image { url altText } } } } } }`,
      { id: productId },
    );
    expect(read.body.data?.product.media.nodes).toEqual([
      {
        id: attached.mediaId,
        alt: "Créoles portées",
        mediaContentType: "IMAGE",
        status: "READY",
        image: { url: attached.url, altText: "Créoles portées" },
      },
    ]);
    const png = Buffer.from(await (await undiciFetch(attached.url)).arrayBuffer());
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect(() =>
      sim.state.attachProductImage({ shop: SHOP, productId: "gid://shopify/Product/1", url: "http://x/y.png" }),
    ).toThrow("Unknown product");
  });
});
