// Demo mode's stand-in for App Bridge: real session tokens (HS256 JWTs signed with the app's secret,
// the same claims Shopify puts in them), so the server checks them exactly as in production.
import { createHmac, randomUUID } from "node:crypto";

export const DEMO_USER_ID = "9001";

function b64url(input: string | Buffer): string {
  return Buffer.from(input).toString("base64url");
}

export function mintSessionToken(shop: string, apiKey: string, apiSecret: string, userId = DEMO_USER_ID): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = b64url(
    JSON.stringify({
      iss: `https://${shop}/admin`,
      dest: `https://${shop}`,
      aud: apiKey,
      sub: userId,
      exp: now + 60,
      nbf: now - 5,
      iat: now,
      jti: randomUUID(),
      sid: randomUUID(),
    }),
  );
  const signature = createHmac("sha256", apiSecret).update(`${header}.${payload}`).digest("base64url");
  return `${header}.${payload}.${signature}`;
}

/**
 * The script served at /demo/app-bridge.js. It defines the parts of `window.shopify` Loupe uses,
 * answers the library's bounce page (shopify-reload) with a fresh session token, and adds
 * `Authorization: Bearer <token>` to same-origin fetches, as App Bridge does in the admin.
 */
export function demoAppBridgeScript(origin: string): string {
  return `(() => {
  const origin = ${JSON.stringify(origin)};
  const params = new URLSearchParams(location.search);
  const shop = params.get("shop") || sessionStorage.getItem("loupe-demo-shop") || "";
  if (shop) sessionStorage.setItem("loupe-demo-shop", shop);
  // ?demoUser=<Shopify user id> acts as another admin user for this tab (someone new starts as staff).
  const user = params.get("demoUser") || sessionStorage.getItem("loupe-demo-user") || "";
  if (user) sessionStorage.setItem("loupe-demo-user", user);
  async function idToken() {
    const res = await fetch(origin + "/demo/session-token?shop=" + encodeURIComponent(shop) + (user ? "&user=" + encodeURIComponent(user) : ""), { headers: { "X-Loupe-Demo": "1" } });
    if (!res.ok) throw new Error("demo session token refused: " + res.status);
    return (await res.json()).token;
  }
  const reload = params.get("shopify-reload");
  if (reload) {
    idToken().then((token) => {
      const target = new URL(reload, origin);
      target.searchParams.set("id_token", token);
      location.replace(target.toString());
    });
    return;
  }
  const nativeFetch = window.fetch.bind(window);
  window.fetch = async (input, init = {}) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url, location.href);
    if (url.origin !== origin || url.pathname.startsWith("/demo/")) return nativeFetch(input, init);
    const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
    headers.set("Authorization", "Bearer " + (await idToken()));
    return nativeFetch(input, { ...init, headers });
  };
  // The admin draws the app's navigation from <ui-nav-menu>; outside it the demo bar does.
  const style = document.createElement("style");
  style.textContent = "ui-nav-menu{display:none}";
  document.head.appendChild(style);
  const toasts = [];
  window.shopify = {
    config: { apiKey: document.currentScript && document.currentScript.dataset.apiKey, shop, locale: params.get("locale") || "en" },
    environment: { embedded: false, mobile: false, pos: false },
    idToken,
    toast: {
      show(message, opts) {
        toasts.push(message);
        const el = document.createElement("div");
        el.setAttribute("role", "status");
        el.dataset.testid = "toast";
        el.textContent = message;
        el.style.cssText = "position:fixed;bottom:16px;left:50%;transform:translateX(-50%);background:#303030;color:#fff;padding:8px 16px;border-radius:8px;z-index:1000";
        document.body.appendChild(el);
        setTimeout(() => el.remove(), (opts && opts.duration) || 4000);
      },
      hide() {},
    },
    loading() {},
    resourcePicker: async () => undefined,
    saveBar: { show() {}, hide() {}, toggle() {} },
    modal: { show() {}, hide() {}, toggle() {} },
  };
})();
`;
}
