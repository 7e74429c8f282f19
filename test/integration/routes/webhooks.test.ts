// Webhook routes with real HMACs: compliance topics do their job, a bad signature changes nothing,
// a redelivered webhook id runs once.
import { beforeAll, describe, expect, test } from "vitest";
import { ENGINES } from "../../setup/databases";
import { makePiece } from "../../factories";
import { appOn, type App } from "../helpers/app";
import { installShop, routeArgs, settle, webhookRequest } from "../helpers/shopify";

describe.each(ENGINES)("%s", (engine) => {
  let db: App["db"];
  let routes: {
    uninstalled: (typeof import("../../../app/routes/webhooks.app.uninstalled"))["action"];
    scopes: (typeof import("../../../app/routes/webhooks.app.scopes_update"))["action"];
    dataRequest: (typeof import("../../../app/routes/webhooks.customers.data_request"))["action"];
    customerRedact: (typeof import("../../../app/routes/webhooks.customers.redact"))["action"];
    shopRedact: (typeof import("../../../app/routes/webhooks.shop.redact"))["action"];
  };

  async function shopWithSale(domain: string) {
    const shop = await installShop(domain);
    const r = await makePiece(shop.id, { title: "Alliance platine" }, { actor: { kind: "system", name: "t" } });
    await db.pieceSale.create({
      data: {
        shopId: shop.id,
        pieceId: r.pieceId,
        orderGid: "gid://shopify/Order/5001",
        orderName: "#1001",
        customerGid: "gid://shopify/Customer/777",
        priceMinor: 189000n,
        currency: "EUR",
        soldAt: new Date("2026-11-20T10:00:00Z"),
      },
    });
    return shop;
  }

  beforeAll(async () => {
    ({ db } = await appOn(engine));
    routes = {
      uninstalled: (await import("../../../app/routes/webhooks.app.uninstalled")).action,
      scopes: (await import("../../../app/routes/webhooks.app.scopes_update")).action,
      dataRequest: (await import("../../../app/routes/webhooks.customers.data_request")).action,
      customerRedact: (await import("../../../app/routes/webhooks.customers.redact")).action,
      shopRedact: (await import("../../../app/routes/webhooks.shop.redact")).action,
    };
  });

  test("customers/data_request compiles what Loupe holds on that customer, once per delivery", async () => {
    const shop = await shopWithSale("data-request.myshopify.com");
    const payload = {
      shop_id: 1,
      shop_domain: shop.domain,
      customer: { id: 777, email: "x@example.com" },
      orders_requested: [5001],
      data_request: { id: 42 },
    };
    const request = () => webhookRequest("customers/data_request", shop.domain, payload, { webhookId: "dr-1" });
    expect((await routes.dataRequest(routeArgs(request()))).status).toBe(200);
    expect((await routes.dataRequest(routeArgs(request()))).status).toBe(200);
    const rows = await db.complianceRequest.findMany({ where: { shopId: shop.id } });
    expect(rows).toHaveLength(1);
    const report = JSON.parse(rows[0]!.report);
    expect(report.heldByLoupe.purchases).toEqual([
      expect.objectContaining({
        order: "gid://shopify/Order/5001",
        orderName: "#1001",
        price: "189000",
        currency: "EUR",
        piece: expect.objectContaining({ title: "Alliance platine" }),
      }),
    ]);
    expect(rows[0]!.requestId).toBe("42");
    // Who did it: the webhook, named by Shopify's own topic spelling.
    const audit = await db.auditLog.findFirstOrThrow({ where: { shopId: shop.id, action: "compliance.data_request" } });
    expect(audit.actor).toBe("Shopify webhook customers/data_request (webhook)");
  });

  test("customers/redact removes the customer's link from sales and reports", async () => {
    const shop = await shopWithSale("redact-customer.myshopify.com");
    await db.complianceRequest.create({
      data: {
        shopId: shop.id,
        topic: "customers/data_request",
        customerGid: "gid://shopify/Customer/777",
        report: "{}",
      },
    });
    const res = await routes.customerRedact(
      routeArgs(
        webhookRequest("customers/redact", shop.domain, {
          shop_id: 1,
          shop_domain: shop.domain,
          customer: { id: 777 },
          orders_to_redact: [5001],
        }),
      ),
    );
    expect(res.status).toBe(200);
    expect(await db.pieceSale.count({ where: { shopId: shop.id, customerGid: { not: null } } })).toBe(0);
    expect(await db.pieceSale.count({ where: { shopId: shop.id } })).toBe(1);
    expect(await db.complianceRequest.count({ where: { shopId: shop.id } })).toBe(0);
  });

  test("shop/redact with a valid HMAC deletes the shop's data", async () => {
    const shop = await shopWithSale("redact-shop.myshopify.com");
    const res = await routes.shopRedact(
      routeArgs(webhookRequest("shop/redact", shop.domain, { shop_id: 1, shop_domain: shop.domain })),
    );
    expect(res.status).toBe(200);
    expect(await db.shop.count({ where: { domain: shop.domain } })).toBe(0);
    expect(await db.piece.count({ where: { shopId: shop.id } })).toBe(0);
  });

  test("a webhook with a bad HMAC is refused with 401 and leaves everything as it was", async () => {
    const shop = await shopWithSale("bad-hmac.myshopify.com");
    const { response, value } = await settle(() =>
      routes.shopRedact(
        routeArgs(
          webhookRequest("shop/redact", shop.domain, { shop_id: 1, shop_domain: shop.domain }, { secret: "forged" }),
        ),
      ),
    );
    expect((response ?? value)?.status).toBe(401);
    expect(await db.shop.count({ where: { domain: shop.domain } })).toBe(1);
    expect(await db.webhookReceipt.count({ where: { shopDomain: shop.domain } })).toBe(0);
  });

  test("app/uninstalled removes the sessions and keeps the records until shop/redact", async () => {
    const shop = await shopWithSale("uninstall.myshopify.com");
    const res = await routes.uninstalled(
      routeArgs(webhookRequest("app/uninstalled", shop.domain, { id: 1, domain: shop.domain })),
    );
    expect(res.status).toBe(200);
    expect(await db.session.count({ where: { shop: shop.domain } })).toBe(0);
    const row = await db.shop.findUniqueOrThrow({ where: { domain: shop.domain } });
    expect(row.uninstalledAt).not.toBeNull();
    expect(await db.piece.count({ where: { shopId: shop.id } })).toBe(1);
  });

  test("app/scopes_update records the new scopes on the session", async () => {
    const shop = await installShop("scopes.myshopify.com");
    const res = await routes.scopes(
      routeArgs(
        webhookRequest("app/scopes_update", shop.domain, {
          id: 1,
          previous: ["read_products"],
          current: ["read_products", "write_inventory"],
          updated_at: new Date().toISOString(),
        }),
      ),
    );
    expect(res.status).toBe(200);
    const session = await db.session.findFirstOrThrow({ where: { shop: shop.domain } });
    expect(session.scope).toBe("read_products,write_inventory");
  });
});
