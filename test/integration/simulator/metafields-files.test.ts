import { fetch as undiciFetch, FormData as UndiciFormData } from "undici";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index";
import { adminClient } from "./client";

const SHOP = "meta.myshopify.com";
let sim: Simulator;
let gql: ReturnType<typeof adminClient>;
let productId: string;

beforeAll(async () => {
  sim = await startSimulator({ appId: 777, shops: [{ domain: SHOP }] });
  gql = adminClient(sim, SHOP);
  productId = sim.state.seedProduct({ shop: SHOP, title: "Solitaire", variants: [{ sku: "SOL-1" }] }).productId;
});
afterAll(() => sim.close());

const SET = `mutation S($metafields: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $metafields) { metafields { namespace key type value jsonValue } userErrors { field message code elementIndex } } }`;

describe("metafieldsSet", () => {
  test("writes app-owned metafields under the app's reserved namespace and reads them back on the product", async () => {
    const answer = await gql(SET, {
      metafields: [
        { ownerId: productId, namespace: "$app", key: "fineness", type: "number_integer", value: "750" },
        {
          ownerId: productId,
          namespace: "$app",
          key: "stones",
          type: "json",
          value: '[{"type":"diamond","ct":"0.512"}]',
        },
      ],
    });
    expect(answer.body.data?.metafieldsSet.userErrors).toEqual([]);
    expect(answer.body.data?.metafieldsSet.metafields[0]).toEqual({
      namespace: "app--777",
      key: "fineness",
      type: "number_integer",
      value: "750",
      jsonValue: 750,
    });
    const read = await gql(
      `query P($id: ID!) { product(id: $id) { metafield(namespace: "$app", key: "stones") { jsonValue } } }`,
      { id: productId },
    );
    expect(read.body.data?.product.metafield.jsonValue).toEqual([{ type: "diamond", ct: "0.512" }]);
  });

  test("more than 25 entries is refused as a whole, as Shopify does", async () => {
    const metafields = Array.from({ length: 26 }, (_, i) => ({
      ownerId: productId,
      namespace: "$app",
      key: `k${i}`,
      type: "single_line_text_field",
      value: "x",
    }));
    const answer = await gql(SET, { metafields });
    expect(answer.body).toMatchObject({
      data: { metafieldsSet: null },
      errors: [
        {
          message: "The input array size of 26 is greater than the maximum allowed of 25.",
          path: ["metafieldsSet"],
          extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" },
        },
      ],
    });
    expect(sim.state.metafields({ shop: SHOP, ownerId: productId }).some((m) => m.key === "k0")).toBe(false);
  });

  test("exactly 25 entries are accepted", async () => {
    const metafields = Array.from({ length: 25 }, (_, i) => ({
      ownerId: productId,
      namespace: "bulk",
      key: `k${i}`,
      type: "single_line_text_field",
      value: String(i),
    }));
    expect((await gql(SET, { metafields })).body.data?.metafieldsSet.userErrors).toEqual([]);
  });

  test("one invalid entry fails the whole call with its index", async () => {
    const answer = await gql(SET, {
      metafields: [
        { ownerId: productId, namespace: "atomic", key: "ok", type: "single_line_text_field", value: "x" },
        { ownerId: productId, namespace: "atomic", key: "weight", type: "number_integer", value: "12.5" },
      ],
    });
    expect(answer.body.data?.metafieldsSet.userErrors).toEqual([
      { field: ["metafields", "1", "value"], message: expect.any(String), code: "INVALID_VALUE", elementIndex: 1 },
    ]);
    expect(sim.state.metafields({ shop: SHOP }).some((m) => m.namespace === "atomic")).toBe(false);
  });

  test("metafieldsDelete removes what exists and answers null for what does not", async () => {
    await gql(SET, {
      metafields: [{ ownerId: productId, namespace: "gone", key: "a", type: "single_line_text_field", value: "x" }],
    });
    const answer = await gql(
      `mutation D($m: [MetafieldIdentifierInput!]!) { metafieldsDelete(metafields: $m) { deletedMetafields { key } userErrors { message } } }`,
      {
        m: [
          { ownerId: productId, namespace: "gone", key: "a" },
          { ownerId: productId, namespace: "gone", key: "never" },
        ],
      },
    );
    expect(answer.body.data?.metafieldsDelete).toEqual({ deletedMetafields: [{ key: "a" }, null], userErrors: [] });
  });
});

describe("definitions and metaobjects", () => {
  test("a metafield definition cannot be created twice", async () => {
    const create = `mutation { metafieldDefinitionCreate(definition: { name: "Fineness", namespace: "$app", key: "fineness_def", type: "number_integer", ownerType: PRODUCT }) { createdDefinition { namespace key } userErrors { code } } }`;
    expect((await gql(create)).body.data?.metafieldDefinitionCreate).toEqual({
      createdDefinition: { namespace: "app--777", key: "fineness_def" },
      userErrors: [],
    });
    expect((await gql(create)).body.data?.metafieldDefinitionCreate.userErrors).toEqual([{ code: "TAKEN" }]);
  });

  test("metaobjectUpsert creates then updates by handle; metaobjects lists them", async () => {
    await gql(
      `mutation { metaobjectDefinitionCreate(definition: { type: "$app:certificate", name: "Certificate", displayNameKey: "number", fieldDefinitions: [{ key: "lab", type: "single_line_text_field", required: true }, { key: "number", type: "single_line_text_field" }] }) { metaobjectDefinition { type } userErrors { code } } }`,
    );
    const upsert = `mutation U($fields: [MetaobjectFieldInput!]!) { metaobjectUpsert(handle: { type: "$app:certificate", handle: "gia-2141438167" }, metaobject: { fields: $fields }) { metaobject { id handle displayName field(key: "lab") { value } } userErrors { code field } } }`;
    const created = await gql(upsert, {
      fields: [
        { key: "lab", value: "GIA" },
        { key: "number", value: "2141438167" },
      ],
    });
    const updated = await gql(upsert, { fields: [{ key: "lab", value: "IGI" }] });
    expect(updated.body.data?.metaobjectUpsert.metaobject).toEqual({
      ...created.body.data?.metaobjectUpsert.metaobject,
      field: { value: "IGI" },
    });
    const list = await gql(
      `{ metaobjects(type: "$app:certificate", first: 5) { nodes { handle fields { key value } } } }`,
    );
    expect(list.body.data?.metaobjects.nodes).toEqual([
      {
        handle: "gia-2141438167",
        fields: [
          { key: "lab", value: "IGI" },
          { key: "number", value: "2141438167" },
        ],
      },
    ]);
    const missingRequired = await gql(
      `mutation { metaobjectCreate(metaobject: { type: "$app:certificate", fields: [{ key: "number", value: "1" }] }) { metaobject { id } userErrors { code } } }`,
    );
    expect(missingRequired.body.data?.metaobjectCreate.userErrors).toEqual([{ code: "OBJECT_FIELD_REQUIRED" }]);
  });
});

describe("files", () => {
  test("stagedUploadsCreate gives a URL on the simulator that takes the upload, then fileCreate makes a file", async () => {
    const staged = await gql(
      `mutation { stagedUploadsCreate(input: [{ filename: "gia.pdf", mimeType: "application/pdf", resource: FILE, httpMethod: POST }]) { stagedTargets { url resourceUrl parameters { name value } } userErrors { message } } }`,
    );
    const target = staged.body.data?.stagedUploadsCreate.stagedTargets[0];
    expect(target.url.startsWith(sim.url)).toBe(true);
    const early = await gql(
      `mutation F($src: String!) { fileCreate(files: [{ originalSource: $src }]) { files { id } userErrors { code } } }`,
      { src: target.resourceUrl },
    );
    expect(early.body.data?.fileCreate.userErrors).toEqual([{ code: "INVALID" }]);
    // undici's own fetch/FormData: Node's built-in fetch sending a FormData body through the
    // undici 7 MockAgent that test/setup/no-network.ts installs fails with "action is not a function".
    const form = new UndiciFormData();
    for (const p of target.parameters as { name: string; value: string }[]) form.append(p.name, p.value);
    form.append("file", new Blob([Buffer.from("%PDF-1.7 certificate")], { type: "application/pdf" }), "gia.pdf");
    expect((await undiciFetch(target.url, { method: "POST", body: form })).ok).toBe(true);
    const created = await gql(
      `mutation F($src: String!) { fileCreate(files: [{ originalSource: $src, alt: "GIA report" }]) { files { id alt fileStatus ... on GenericFile { mimeType url } } userErrors { code } } }`,
      { src: target.resourceUrl },
    );
    expect(created.body.data?.fileCreate).toEqual({
      files: [
        {
          id: expect.stringMatching(/^gid:\/\/shopify\/GenericFile\//),
          alt: "GIA report",
          fileStatus: "READY",
          mimeType: "application/pdf",
          url: expect.stringContaining("gia.pdf"),
        },
      ],
      userErrors: [],
    });
  });
});
