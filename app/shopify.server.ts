// The one place that calls shopifyApp(). Everything else imports authenticate, unauthenticated,
// login and the helpers below from here.
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { env } from "./env.server";
import { LoupeSessionStorage } from "./models/session-storage.server";
import { ensureShop } from "./models/shop.server";

/** The Admin API version Loupe is written and tested against (the simulator loads the same schema). */
export const API_VERSION = ApiVersion.July26;

const config = env();

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: config.SCOPES.split(","),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new LoupeSessionStorage(),
  distribution: AppDistribution.AppStore,
  isEmbeddedApp: true,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    afterAuth: async ({ session, admin }) => {
      await ensureShop(session.shop, session.scope ?? null);
      // The shop's name and contact for its provenance pages; a failure is retried on first view.
      // Imported here (not at the top) because the service imports this module.
      const { refreshShopIdentityOf } = await import("./services/shop/identity.server");
      await refreshShopIdentityOf(session.shop, admin);
    },
  },
  logger: { level: { error: 0, warn: 1, info: 2, debug: 3 }[config.LOG_LEVEL] },
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const apiVersion = API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
