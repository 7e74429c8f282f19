import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../../", import.meta.url));
const SHOP = "preload.myshopify.com";
let sim: Simulator;
let other: Server;

beforeAll(async () => {
  sim = await startSimulator({ shops: [{ domain: SHOP }] });
  other = createServer((_req, res) => res.end("not shopify"));
  await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await sim.close();
  await new Promise((r) => other.close(r));
});

describe("redirect-preload", () => {
  test("a separate process's fetch to https://<shop>.myshopify.com reaches the simulator; other hosts pass through", async () => {
    const token = sim.issueAccessToken(SHOP);
    const script = `
      const shop = await fetch("https://${SHOP}/admin/api/2026-07/graphql.json", {
        method: "POST", headers: { "content-type": "application/json", "x-shopify-access-token": "${token}" },
        body: JSON.stringify({ query: "{ shop { myshopifyDomain } }" }) });
      const other = await fetch("http://127.0.0.1:${(other.address() as AddressInfo).port}/");
      console.log(JSON.stringify({ shop: (await shop.json()).data.shop.myshopifyDomain, other: await other.text() }));`;
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "--import", "./test/simulator/redirect-preload.ts", "--input-type=module", "-e", script],
      {
        cwd: root,
        env: { ...process.env, LOUPE_SIMULATOR_URL: sim.url },
      },
    );
    expect(JSON.parse(stdout.trim())).toEqual({ shop: SHOP, other: "not shopify" });
  });
});

describe("the test API over HTTP, for the demo's other processes", () => {
  // The caller names the JSON shape it expects; the endpoint's answer is not checked at run time.
  const call = async <T = unknown>(name: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const response = await fetch(
      `${sim.url}/_sim/${name}`,
      body === undefined ? {} : { method: "POST", body: JSON.stringify(body) },
    );
    return { status: response.status, body: (await response.json()) as T };
  };

  test("seed a shop and a product, sell one, read levels and history back", async () => {
    const shop = await call<{ domain: string }>("seed-shop", { domain: "http-api", locations: [{ name: "Vitrine" }] });
    expect(shop.body.domain).toBe("http-api.myshopify.com");
    const product = await call<{ variants: { variantId: string }[] }>("seed-product", {
      shop: "http-api.myshopify.com",
      title: "Chevalière",
      variants: [{ sku: "CHEV-1", price: "640", inventory: { Vitrine: 2 } }],
    });
    const order = await call<{ orderId: string }>("orders", {
      shop: "http-api.myshopify.com",
      location: "Vitrine",
      lines: [{ variantId: product.body.variants[0]!.variantId, quantity: 1 }],
    });
    expect(order.status).toBe(200);
    const levels = await call<{ quantities: Record<string, number> }[]>(`inventory-levels?shop=http-api.myshopify.com`);
    expect(levels.body[0]!.quantities).toMatchObject({ available: 1, committed: 1, on_hand: 2 });
    const history = await call<{ name: string; delta: number; referenceDocumentUri: string }[]>(
      `inventory-history?shop=http-api.myshopify.com`,
    );
    expect(history.body.map((h) => [h.name, h.delta, h.referenceDocumentUri])).toEqual([
      ["available", -1, order.body.orderId],
      ["committed", 1, order.body.orderId],
    ]);
  });

  test("an unknown shop or method answers 404 with a message", async () => {
    expect((await call("orders", { shop: "nowhere", location: "x", lines: [] })).status).toBe(404);
    expect((await call<{ available: string[] }>("does-not-exist", {})).body.available).toContain("seed-product");
  });
});
