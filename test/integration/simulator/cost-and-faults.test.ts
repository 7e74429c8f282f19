import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { manualClock, startSimulator, type Simulator } from "../../simulator/index";
import { adminClient } from "./client";

const SHOP = "couts.myshopify.com";
const clock = manualClock();
let sim: Simulator;
let gql: ReturnType<typeof adminClient>;

beforeAll(async () => {
  sim = await startSimulator({
    clock,
    plan: "standard",
    shops: [{ domain: SHOP }, { domain: "plus.myshopify.com", plan: "plus" }],
  });
  gql = adminClient(sim, SHOP);
  for (let i = 0; i < 250; i++)
    sim.state.seedProduct({ shop: SHOP, title: `Pièce ${i}`, variants: [{ sku: `P-${i}` }] });
});
afterAll(() => sim.close());

describe("calculated query cost", () => {
  test.each([
    { name: "an object with scalars costs 1", query: "{ shop { name currencyCode } }", requested: 1, actual: 1 },
    {
      name: "a connection costs 2 + first × node",
      query: "{ products(first: 10) { nodes { id title } } }",
      requested: 12,
      actual: 12,
    },
    {
      name: "nested connections multiply",
      query: "{ products(first: 5) { edges { node { id variants(first: 4) { nodes { sku } } } } } }",
      requested: 2 + 5 * (1 + 2 + 4),
      actual: 2 + 5 * (1 + 2 + 1),
    },
    {
      name: "a mutation field costs 10",
      query: `mutation { productCreate(product: { title: "Jonc" }) { product { id } } }`,
      requested: 10,
      actual: 10,
    },
  ])("$name", async ({ query, requested, actual }) => {
    const answer = await gql(query);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.extensions?.cost).toMatchObject({ requestedQueryCost: requested, actualQueryCost: actual });
  });

  test("the plan sets bucket size and restore rate", async () => {
    expect(sim.throttleStatus(SHOP)).toMatchObject({ maximumAvailable: 2000, restoreRate: 100 });
    expect(sim.throttleStatus("plus.myshopify.com")).toEqual({
      maximumAvailable: 20000,
      currentlyAvailable: 20000,
      restoreRate: 1000,
    });
  });

  test("a single query over 1000 points is refused with MAX_COST_EXCEEDED before running", async () => {
    const answer = await gql("{ products(first: 250) { nodes { id variants(first: 3) { nodes { sku } } } } }");
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors[0]).toMatchObject({
      extensions: { code: "MAX_COST_EXCEEDED", cost: 1502, maxCost: 1000 },
    });
  });

  test("an empty bucket answers THROTTLED without running, and the bucket refills at the plan's rate", async () => {
    clock.advance(60_000); // start full
    const big = "{ products(first: 250) { nodes { id } } }"; // 252 points, all really used
    for (let i = 0; i < 5; i++) expect((await gql(big)).body.errors).toBeUndefined();
    expect(sim.throttleStatus(SHOP).currentlyAvailable).toBe(2000 - 5 * 252);
    const expensive = "{ products(first: 998) { nodes { id } } }"; // requests 1000
    const throttled = await gql(expensive);
    expect(throttled.status).toBe(200);
    expect(throttled.body).toEqual({
      errors: [
        {
          message: "Throttled",
          extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
        },
      ],
      extensions: {
        cost: {
          requestedQueryCost: 1000,
          actualQueryCost: 0,
          throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 740, restoreRate: 100 },
        },
      },
    });
    clock.advance(2_600); // +260 points: 1000 available
    const after = await gql(expensive);
    expect(after.body.errors).toBeUndefined();
    // Requested 1000 is reserved; only the products really returned are paid for, the rest comes back.
    const actual = 2 + sim.state.shop(SHOP).products.size;
    expect(after.body.extensions?.cost).toMatchObject({
      requestedQueryCost: 1000,
      actualQueryCost: actual,
      throttleStatus: { currentlyAvailable: 1000 - actual },
    });
  });
});

describe("faults on demand", () => {
  test.each([500, 502, 503])("status %i once, then normal answers", async (status) => {
    sim.faults.inject({ kind: "status", status, times: 1 });
    expect((await gql("{ shop { name } }")).status).toBe(status);
    expect((await gql("{ shop { name } }")).status).toBe(200);
  });

  test("timeout holds the request until the client gives up", async () => {
    sim.faults.inject({ kind: "timeout" });
    const started = performance.now();
    await expect(gql("{ shop { name } }", undefined, { signal: AbortSignal.timeout(150) })).rejects.toThrow(
      /timeout|aborted/i,
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect((await gql("{ shop { name } }")).status).toBe(200);
  });

  test("slow delays the answer by the given time", async () => {
    sim.faults.inject({ kind: "slow", ms: 120 });
    const started = performance.now();
    const answer = await gql("{ shop { name } }");
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    expect(answer.body.data?.shop.name).toBe("couts");
  });

  test("throttle answers THROTTLED and runs nothing, only for the root field it names", async () => {
    sim.faults.inject({ kind: "throttle", rootField: "productCreate", times: 1 });
    expect((await gql("{ shop { name } }")).body.errors).toBeUndefined();
    const before = sim.state.shop(SHOP).products.size;
    const answer = await gql(`mutation { productCreate(product: { title: "Jamais" }) { product { id } } }`);
    expect(answer.body.errors[0].extensions.code).toBe("THROTTLED");
    expect(sim.state.shop(SHOP).products.size).toBe(before);
    expect(sim.faults.pending()).toEqual([]);
  });

  test("faults aimed at token exchange leave GraphQL alone; clear() disarms everything", async () => {
    sim.faults.inject({ kind: "status", status: 503, target: "oauth", times: 5 });
    expect((await gql("{ shop { name } }")).status).toBe(200);
    const oauth = await fetch(`${sim.url}/shops/${SHOP}/admin/oauth/access_token`, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
    });
    expect(oauth.status).toBe(503);
    sim.faults.clear();
    expect(sim.faults.pending()).toEqual([]);
  });
});

describe("the test API counts requests per root field", () => {
  test("counts grow with each request naming the field", async () => {
    const before = sim.state.requestCounts({ shop: SHOP }).locations ?? 0;
    await gql("{ locations(first: 5) { nodes { name } } }");
    await gql("{ a: locations(first: 1) { nodes { id } } }");
    expect(sim.state.requestCounts({ shop: SHOP }).locations).toBe(before + 2);
  });
});
