import "@shopify/shopify-api/adapters/node";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { startSimulator, type Simulator } from "../../simulator/index";
import { adminClient, LEVEL, quantitiesOf } from "./client";

const SHOP = "webhooks-bijoux.myshopify.com";
const SECRET = "webhook-secret";
const TOPICS = [
  "orders/create",
  "orders/paid",
  "orders/cancelled",
  "refunds/create",
  "inventory_levels/update",
  "products/create",
  "products/update",
  "products/delete",
  "app/uninstalled",
];

interface Received {
  topic: string;
  webhookId: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
  valid: boolean;
}

const shopify = shopifyApi({
  apiKey: "k",
  apiSecretKey: SECRET,
  apiVersion: "2026-07" as ApiVersion,
  hostName: "loupe.example",
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error, log: async () => {} },
});

let app: Server;
let received: Received[] = [];
/** How many of the next deliveries the app refuses with 500. */
let failNext = 0;
let sim: Simulator;
let location: string;

beforeAll(async () => {
  app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      void shopify.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res }).then((check) => {
        if (failNext > 0) {
          failNext -= 1;
          res.writeHead(500).end();
          return;
        }
        received.push({
          topic: String(req.headers["x-shopify-topic"]),
          webhookId: String(req.headers["x-shopify-webhook-id"]),
          headers: req.headers,
          body: JSON.parse(rawBody),
          valid: check.valid,
        });
        res.writeHead(200).end();
      });
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  sim = await startSimulator({
    apiSecret: SECRET,
    appUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}`,
    webhookRoutes: Object.fromEntries(TOPICS.map((t) => [t, `/webhooks/${t}`])),
    webhookRetryDelayMs: 5,
    shops: [{ domain: SHOP, locations: [{ name: "Boutique" }] }],
  });
  location = sim.state.seedShop({ domain: SHOP }).locations[0]!.id;
});
afterAll(async () => {
  await sim.close();
  await new Promise((r) => app.close(r));
});
beforeEach(() => {
  received = [];
  failNext = 0;
});

function seedRing(stock = 3) {
  return sim.state.seedProduct({
    shop: SHOP,
    title: "Bague",
    variants: [
      { sku: `BAG-${Math.random().toString(36).slice(2, 7)}`, price: "1250.00", inventory: { Boutique: stock } },
    ],
  }).variants[0]!;
}

describe("state changes are announced to the app, signed with the app secret", () => {
  test("an order commits stock and sends orders/create, orders/paid and inventory_levels/update", async () => {
    const variant = seedRing(3);
    await sim.webhooks.idle();
    received = [];
    const order = sim.state.createOrder({
      shop: SHOP,
      location,
      lines: [{ variantId: variant.variantId, quantity: 2 }],
    });
    await sim.webhooks.idle();
    expect(received.map((r) => r.topic)).toEqual(["orders/create", "orders/paid", "inventory_levels/update"]);
    expect(received.every((r) => r.valid)).toBe(true);
    const created = received[0]!;
    expect(created.headers).toMatchObject({
      "x-shopify-shop-domain": SHOP,
      "x-shopify-api-version": "2026-07",
      "content-type": "application/json",
    });
    expect(created.headers["x-shopify-event-id"]).toBeTruthy();
    expect(created.headers["x-shopify-triggered-at"]).toBeTruthy();
    expect(created.body).toMatchObject({
      id: order.id,
      name: order.name,
      financial_status: "paid",
      line_items: [
        { variant_id: Number(variant.variantId.split("/").pop()), quantity: 2, price: "1250.00", sku: variant.sku },
      ],
    });
    expect(received[2]!.body).toMatchObject({
      inventory_item_id: Number(variant.inventoryItemId.split("/").pop()),
      location_id: Number(location.split("/").pop()),
      available: 1,
    });
    const level = quantitiesOf(await adminClient(sim, SHOP)(LEVEL, { item: variant.inventoryItemId, location }));
    expect(level).toMatchObject({ available: 1, committed: 2, on_hand: 3 });
    expect(new Set(received.map((r) => r.webhookId)).size).toBe(3);
  });

  test("a refund with restock sends refunds/create with refund_line_items and gives the stock back", async () => {
    const variant = seedRing(2);
    const order = sim.state.createOrder({
      shop: SHOP,
      location,
      lines: [{ variantId: variant.variantId, quantity: 1 }],
    });
    await sim.webhooks.idle();
    const lineItemId = (received.find((r) => r.topic === "orders/create")!.body.line_items as { id: number }[])[0]!.id;
    received = [];
    sim.state.refundOrder({ shop: SHOP, orderId: order.orderId, lines: [{ lineItemId, quantity: 1, restock: true }] });
    await sim.webhooks.idle();
    const refund = received.find((r) => r.topic === "refunds/create")!;
    expect(refund.body).toMatchObject({
      order_id: order.id,
      refund_line_items: [{ quantity: 1, restock_type: "cancel", line_item: { id: lineItemId, sku: variant.sku } }],
    });
    expect(received.find((r) => r.topic === "inventory_levels/update")!.body.available).toBe(2);
  });

  test("a cancelled order sends orders/cancelled", async () => {
    const variant = seedRing(1);
    const order = sim.state.createOrder({
      shop: SHOP,
      location,
      lines: [{ variantId: variant.variantId, quantity: 1 }],
    });
    sim.state.cancelOrder({ shop: SHOP, orderId: order.orderId });
    await sim.webhooks.idle();
    expect(received.find((r) => r.topic === "orders/cancelled")!.body).toMatchObject({
      id: order.id,
      cancelled_at: expect.any(String),
    });
  });

  test("product mutations send products/create, products/update and products/delete", async () => {
    const gql = adminClient(sim, SHOP);
    const id = (await gql(`mutation { productCreate(product: { title: "Collier" }) { product { id } } }`)).body.data
      ?.productCreate.product.id;
    await gql(
      `mutation U($id: ID!) { productUpdate(product: { id: $id, title: "Collier perles" }) { product { id } } }`,
      { id },
    );
    await gql(`mutation D($id: ID!) { productDelete(input: { id: $id }) { deletedProductId } }`, { id });
    await sim.webhooks.idle();
    expect(received.map((r) => [r.topic, r.body.title ?? r.body.id])).toEqual([
      ["products/create", "Collier"],
      ["products/update", "Collier perles"],
      ["products/delete", Number(id.split("/").pop())],
    ]);
  });
});

describe("delivery behaves like Shopify's at-least-once, unordered delivery", () => {
  test("a non-2xx answer is retried until it succeeds", async () => {
    failNext = 2;
    sim.state.seedProduct({ shop: SHOP, title: "Retry" });
    await sim.webhooks.idle();
    const delivery = sim.webhooks.byTopic("products/create").at(-1)!;
    expect(delivery.attempts.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(delivery.state).toBe("delivered");
    expect(received).toHaveLength(1);
  });

  test("redeliver sends the same webhook id again", async () => {
    sim.state.seedProduct({ shop: SHOP, title: "Duplicate" });
    await sim.webhooks.idle();
    const first = received[0]!;
    await sim.webhooks.redeliver(first.webhookId);
    expect(received.map((r) => r.webhookId)).toEqual([first.webhookId, first.webhookId]);
  });

  test("held deliveries can be released out of order", async () => {
    sim.webhooks.hold();
    sim.state.seedProduct({ shop: SHOP, title: "First" });
    sim.state.seedProduct({ shop: SHOP, title: "Second" });
    expect(received).toEqual([]);
    await sim.webhooks.release("reverse");
    expect(received.map((r) => r.body.title)).toEqual(["Second", "First"]);
  });

  test("app/uninstalled through the HTTP test API is delivered and the token stops working", async () => {
    const token = sim.issueAccessToken(SHOP);
    const answer = await fetch(`${sim.url}/_sim/app-uninstalled`, {
      method: "POST",
      body: JSON.stringify({ shop: SHOP }),
    });
    expect(answer.status).toBe(200);
    await sim.webhooks.idle();
    expect(received.map((r) => r.topic)).toEqual(["app/uninstalled"]);
    expect(received[0]!.body).toMatchObject({ myshopify_domain: SHOP });
    expect((await adminClient(sim, SHOP, token)("{ shop { name } }")).status).toBe(401);
  });
});
