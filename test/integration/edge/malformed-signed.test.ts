// Signed but malformed requests: a webhook whose HMAC is right but whose body is not JSON, and a
// session token signed with the app's secret whose `dest` is not a shop domain. Neither may answer
// 500 (Shopify would retry the webhook for 4 hours; an error page leaks the error's text).
import { createHmac, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { ENGINES } from "../../setup/databases";
import { appOn } from "../helpers/app";
import { API_KEY, API_SECRET, adminRequest, installShop, routeArgs, settle } from "../helpers/shopify";

function signedWebhook(topic: string, shop: string, body: string): Request {
  const hmac = createHmac("sha256", API_SECRET()).update(body).digest("base64");
  return new Request(`https://loupe.test/webhooks/${topic}`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-API-Version": "2026-07",
      "X-Shopify-Webhook-Id": `wh-${randomUUID()}`,
      "X-Shopify-Hmac-Sha256": hmac,
    },
  });
}

function tokenWithClaims(claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const header = b64({ alg: "HS256", typ: "JWT" });
  const payload = b64({
    aud: API_KEY(),
    sub: "9001",
    exp: now + 60,
    nbf: now - 5,
    iat: now,
    jti: randomUUID(),
    sid: randomUUID(),
    ...claims,
  });
  const signature = createHmac("sha256", API_SECRET()).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

describe.each(ENGINES)("%s", (engine) => {
  beforeAll(async () => {
    await appOn(engine);
    await installShop("dest-check.myshopify.com");
  });

  test.each(["orders/create", "products/update", "app/uninstalled", "customers/redact"])(
    "a %s webhook with a valid HMAC but a body that is not JSON is acknowledged and dropped, not a 500",
    async (topic) => {
      const shop = await installShop(`broken-${topic.replace("/", "-").replace("_", "-")}.myshopify.com`);
      const { action } = (await import(`../../../app/routes/webhooks.${topic.replace("/", ".")}.tsx`)) as {
        action: (args: ReturnType<typeof routeArgs>) => Promise<Response>;
      };
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      try {
        const { response } = await settle(() => action(routeArgs(signedWebhook(topic, shop.domain, "{not json"))));
        expect(response?.status).toBe(200);
        // Dropped on purpose, and said so in the log (Shopify will not send it again).
        expect(warn.mock.calls.flat().join(" ")).toMatch(/not a JSON object; acknowledged and dropped/);
      } finally {
        warn.mockRestore();
      }
    },
  );

  test("a valid HMAC over a JSON body that is not an object (a bare number) is dropped too", async () => {
    const shop = await installShop("broken-scalar.myshopify.com");
    const { action } = await import("../../../app/routes/webhooks.orders.paid");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const { response } = await settle(() => action(routeArgs(signedWebhook("orders/paid", shop.domain, "42"))));
      expect(response?.status).toBe(200);
    } finally {
      warn.mockRestore();
    }
  });

  test("a body that is not JSON and not signed is refused 401, as any unsigned webhook", async () => {
    const { action } = await import("../../../app/routes/webhooks.orders.paid");
    const request = signedWebhook("orders/paid", "broken-scalar.myshopify.com", "{not json");
    request.headers.set("X-Shopify-Hmac-Sha256", Buffer.alloc(32).toString("base64"));
    const { response } = await settle(() => action(routeArgs(request)));
    expect(response?.status).toBe(401);
  });

  test.each([
    ["a URL that is not a shop", "https://evil.example.com"],
    ["not a URL at all", "not a url"],
    ["missing", undefined],
    ["a number", 12],
  ])("a session token signed with the app's secret whose dest is %s answers 401, not 500", async (_what, dest) => {
    const { loader } = await import("../../../app/routes/app._index");
    const token = tokenWithClaims({ iss: "https://dest-check.myshopify.com/admin", dest });
    const { response } = await settle(() =>
      loader(routeArgs(adminRequest("/app", "dest-check.myshopify.com", { token }))),
    );
    expect(response?.status).toBe(401);
    expect(await response!.text()).not.toMatch(/Error|at .*\.ts/);
  });
});
