// An installed shop on the Shopify simulator for integration tests: the app's calls to
// https://<shop>.myshopify.com go to the simulator (anything else outside loopback fails the test),
// and Loupe holds the offline session the simulator issued.
import { getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from "undici";
import { shopifyRedirectDispatcher, startSimulator, type Plan, type Simulator } from "../../simulator";
import { loadApp } from "./app";

export type SimShop = { sim: Simulator; shop: string; locations: Record<string, string>; close(): Promise<void> };

export async function simulatedShop(
  shop: string,
  options: {
    plan?: Plan;
    /** Names, or { name, active: false } for a deactivated location. */
    locations?: (string | { name: string; active?: boolean })[];
    appUrl?: string | null;
    webhookRoutes?: Record<string, string>;
  } = {},
): Promise<SimShop> {
  const sim = await startSimulator({
    apiKey: process.env.SHOPIFY_API_KEY,
    apiSecret: process.env.SHOPIFY_API_SECRET,
    plan: options.plan ?? "standard",
    appUrl: options.appUrl ?? null,
    webhookRoutes: options.webhookRoutes ?? {},
    webhookRetryDelayMs: 5,
  });
  const seeded = sim.state.seedShop({
    domain: shop,
    currencyCode: "EUR",
    plan: options.plan ?? "standard",
    locations: (options.locations ?? ["Boutique"]).map((l) => (typeof l === "string" ? { name: l } : l)),
  });
  const previous: Dispatcher = getGlobalDispatcher();
  setGlobalDispatcher(shopifyRedirectDispatcher(sim.url, { refuseOthers: true }));
  const token = sim.issueAccessToken(shop);
  const { db } = await loadApp();
  const { env } = await import("../../../app/env.server");
  await db.session.upsert({
    where: { id: `offline_${shop}` },
    create: { id: `offline_${shop}`, shop, state: "", isOnline: false, scope: env().SCOPES, accessToken: token },
    update: { accessToken: token, expires: null, refreshToken: null },
  });
  return {
    sim,
    shop,
    locations: Object.fromEntries(seeded.locations.map((l) => [l.name, l.id])),
    async close() {
      setGlobalDispatcher(previous);
      await sim.close();
    },
  };
}
