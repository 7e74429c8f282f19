import { existsSync, readdirSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { webhookSubscriptions } from "../../demo/app-toml";

const subscriptions = webhookSubscriptions();
const routeFiles = readdirSync("app/routes").filter((f) => f.startsWith("webhooks."));

describe("shopify.app.toml webhook subscriptions", () => {
  test("are read from the file (a change to its layout must not silently drop them)", () => {
    expect(subscriptions.length).toBeGreaterThanOrEqual(10);
    expect(
      subscriptions
        .filter((s) => s.compliance)
        .flatMap((s) => s.topics)
        .sort(),
    ).toEqual(["customers/data_request", "customers/redact", "shop/redact"]);
  });

  test.each(subscriptions.map((s) => [s.topics.join(","), s] as const))(
    "%s is delivered to a route that exists and that its comment names",
    (_topics, s) => {
      const file = `webhooks.${s.uri.replace(/^\/webhooks\//, "").replace(/\//g, ".")}.tsx`;
      expect(existsSync(`app/routes/${file}`), `app/routes/${file}`).toBe(true);
      // Compliance blocks share one comment above the first of them.
      if (!s.compliance || s.handledBy.length) expect(s.handledBy).toContain(file);
    },
  );

  test("every webhook route is subscribed to", () => {
    const subscribed = new Set(
      subscriptions.map((s) => `webhooks.${s.uri.replace(/^\/webhooks\//, "").replace(/\//g, ".")}.tsx`),
    );
    expect(routeFiles.filter((f) => !subscribed.has(f))).toEqual([]);
  });
});
