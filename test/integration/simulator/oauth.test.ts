import "@shopify/shopify-api/adapters/node";
import { type ApiVersion, LogSeverity, RequestedTokenType, shopifyApi } from "@shopify/shopify-api";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from "undici";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { shopifyRedirectDispatcher, startSimulator, type Simulator } from "../../simulator/index";
import { DEFAULT_ACCOUNT_OWNER_ID } from "../../simulator/state/shops";
import { adminClient } from "./client";

const STORE = "oauth-bijoux";
const SHOP = `${STORE}.myshopify.com`;
const API_KEY = "loupe-test-key";
const API_SECRET = "loupe-test-secret";
const EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
const OFFLINE = "urn:shopify:params:oauth:token-type:offline-access-token";
const ONLINE = "urn:shopify:params:oauth:token-type:online-access-token";

let sim: Simulator;
let previousDispatcher: Dispatcher;

beforeAll(async () => {
  sim = await startSimulator({ apiKey: API_KEY, apiSecret: API_SECRET, shops: [{ domain: SHOP }] });
  previousDispatcher = getGlobalDispatcher();
  setGlobalDispatcher(shopifyRedirectDispatcher(sim.url));
});
afterAll(async () => {
  setGlobalDispatcher(previousDispatcher);
  await sim.close();
});

/** The token endpoint's JSON: a grant (tokens, scopes, expiry, user) or an OAuth error. */
interface TokenAnswer {
  access_token?: string;
  refresh_token?: string;
  [field: string]: unknown;
}

async function exchange(body: Record<string, unknown>, asForm = false): Promise<{ status: number; body: TokenAnswer }> {
  const response = await fetch(`https://${SHOP}/admin/oauth/access_token`, {
    method: "POST",
    headers: {
      "content-type": asForm ? "application/x-www-form-urlencoded" : "application/json",
      accept: "application/json",
    },
    body: asForm ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as TokenAnswer };
}

async function sessionToken(secret = API_SECRET, overrides: Record<string, unknown> = {}): Promise<string> {
  // getJwt takes the store name and builds `dest` = https://<store>.myshopify.com itself.
  return (await getJwt(STORE, API_KEY, secret, overrides)).token;
}

describe("token exchange answers like Shopify", () => {
  test("an expiring offline token comes with a refresh token, and works for GraphQL", async () => {
    const answer = await exchange({
      client_id: API_KEY,
      client_secret: API_SECRET,
      grant_type: EXCHANGE,
      subject_token: await sessionToken(),
      subject_token_type: ID_TOKEN,
      requested_token_type: OFFLINE,
      expiring: "1",
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      access_token: expect.stringMatching(/^shpat_/),
      scope: expect.stringContaining("write_inventory"),
      expires_in: 3600,
      refresh_token: expect.stringMatching(/^shprt_/),
      refresh_token_expires_in: 7776000,
    });
    const shop = await adminClient(sim, SHOP, String(answer.body.access_token))("{ shop { myshopifyDomain } }");
    expect(shop.body.data?.shop.myshopifyDomain).toBe(SHOP);
  });

  test("a non-expiring offline token (form-encoded request) has only access_token and scope", async () => {
    const answer = await exchange(
      {
        client_id: API_KEY,
        client_secret: API_SECRET,
        grant_type: EXCHANGE,
        subject_token: await sessionToken(),
        subject_token_type: ID_TOKEN,
        requested_token_type: OFFLINE,
      },
      true,
    );
    expect(Object.keys(answer.body).sort()).toEqual(["access_token", "scope"]);
  });

  test("an online token names the staff member from the session token, and only the shop's owner as account owner", async () => {
    const online = async (sub: string) =>
      exchange({
        client_id: API_KEY,
        client_secret: API_SECRET,
        grant_type: EXCHANGE,
        subject_token: await sessionToken(API_SECRET, { sub }),
        subject_token_type: ID_TOKEN,
        requested_token_type: ONLINE,
      });
    const answer = await online("77");
    expect(answer.body).toMatchObject({
      expires_in: 86399,
      associated_user_scope: expect.any(String),
      associated_user: { id: 77, account_owner: false },
    });
    const owner = await online(String(DEFAULT_ACCOUNT_OWNER_ID));
    expect(owner.body).toMatchObject({ associated_user: { id: DEFAULT_ACCOUNT_OWNER_ID, account_owner: true } });
  });

  test("a refresh token gives a new pair once and is then spent", async () => {
    const first = await exchange({
      client_id: API_KEY,
      client_secret: API_SECRET,
      grant_type: EXCHANGE,
      subject_token: await sessionToken(),
      subject_token_type: ID_TOKEN,
      requested_token_type: OFFLINE,
      expiring: 1,
    });
    const refresh = {
      client_id: API_KEY,
      client_secret: API_SECRET,
      grant_type: "refresh_token",
      refresh_token: first.body.refresh_token,
    };
    const renewed = await exchange(refresh);
    expect(renewed.status).toBe(200);
    expect(renewed.body.access_token).not.toBe(first.body.access_token);
    const again = await exchange(refresh);
    expect(again).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  test.each([
    {
      name: "a session token signed with another secret",
      secret: "not-the-secret",
      overrides: {},
      clientSecret: API_SECRET,
      error: "invalid_subject_token",
    },
    {
      name: "an expired session token",
      secret: API_SECRET,
      overrides: { exp: Date.now() / 1000 - 60 },
      clientSecret: API_SECRET,
      error: "invalid_subject_token",
    },
    {
      name: "a session token for another app",
      secret: API_SECRET,
      overrides: { aud: "other-app" },
      clientSecret: API_SECRET,
      error: "invalid_subject_token",
    },
    {
      name: "a session token for another shop",
      secret: API_SECRET,
      overrides: { dest: "https://other.myshopify.com" },
      clientSecret: API_SECRET,
      error: "invalid_subject_token",
    },
    {
      name: "a wrong client secret",
      secret: API_SECRET,
      overrides: {},
      clientSecret: "wrong",
      error: "invalid_client",
    },
  ])("refuses $name with 400", async ({ secret, overrides, clientSecret, error }) => {
    const answer = await exchange({
      client_id: API_KEY,
      client_secret: clientSecret,
      grant_type: EXCHANGE,
      subject_token: await sessionToken(secret, overrides),
      subject_token_type: ID_TOKEN,
      requested_token_type: OFFLINE,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error, error_description: expect.any(String) });
  });
});

describe("Shopify's own library accepts the simulator's answers", () => {
  test("shopify.auth.tokenExchange builds an expiring offline session through the redirect dispatcher", async () => {
    const shopify = shopifyApi({
      apiKey: API_KEY,
      apiSecretKey: API_SECRET,
      apiVersion: "2026-07" as ApiVersion,
      hostName: "loupe.example",
      isEmbeddedApp: true,
      scopes: ["write_products"],
      logger: { level: LogSeverity.Error, log: async () => {} },
    });
    const { session } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: await sessionToken(),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });
    expect(session.shop).toBe(SHOP);
    expect(session.accessToken).toMatch(/^shpat_/);
    expect(session.refreshToken).toMatch(/^shprt_/);
    expect(session.expires!.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    const client = new shopify.clients.Graphql({ session });
    const response = await client.request<{ shop: { myshopifyDomain: string } }>("{ shop { myshopifyDomain } }");
    expect(response.data?.shop.myshopifyDomain).toBe(SHOP);
  });
});
