// authenticate.admin with one gap closed: a session token correctly signed with the app's secret
// whose `dest` is not a shop's URL (missing, not a URL, another host) made the Shopify library
// throw a plain error after checking the signature (500 with the error's text). Such a token
// proves nothing about a shop: it is answered 401 like any other bad token.
import { authenticate } from "../shopify.server";
import { env } from "../env.server";

const SHOP_HOST = /^[a-zA-Z0-9][a-zA-Z0-9-_]*\.(myshopify\.com|shopify\.com|myshopify\.io|shop\.dev)$/;

function presentedToken(request: Request): string | null {
  const header = request.headers.get("Authorization") ?? "";
  const bearer = /^Bearer (.+)$/i.exec(header)?.[1];
  return bearer ?? new URL(request.url).searchParams.get("id_token");
}

/** True when the request carries a session token whose `dest` names no shop (whatever its signature). */
export function tokenDestMalformed(request: Request): boolean {
  const token = presentedToken(request);
  if (!token) return false;
  let dest: unknown;
  try {
    dest = (JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { dest?: unknown })
      .dest;
  } catch {
    return false; // not a JWT at all: the library refuses it with its own 401
  }
  if (typeof dest !== "string") return true;
  let url: URL;
  try {
    url = new URL(dest);
  } catch {
    return true;
  }
  const custom = env().SHOP_CUSTOM_DOMAIN;
  return !(
    url.protocol === "https:" &&
    (SHOP_HOST.test(url.hostname) || (custom !== undefined && url.hostname.endsWith(custom)))
  );
}

export async function authenticateAdmin(request: Request) {
  try {
    return await authenticate.admin(request);
  } catch (error) {
    if (!(error instanceof Response) && tokenDestMalformed(request))
      throw new Response("Unauthorized: the session token does not name a shop", {
        status: 401,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    throw error;
  }
}
