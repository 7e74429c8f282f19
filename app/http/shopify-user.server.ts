// Who a Shopify admin user is. Loupe works with offline tokens, so the session authenticate.admin
// gives has no associated user; an online token exchange (the same session token, asking for an
// online access token) answers with `associated_user`, whose `account_owner` says who owns the shop.
// Asked once per person (StaffMember.accountOwner remembers the answer); the token itself is not kept.
import { env } from "../env.server";
import type { ShopifyUser } from "../models/staff.server";

const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";
const TIMEOUT_MS = Number(process.env.LOUPE_SHOPIFY_TIMEOUT_MS ?? 15_000);

/** The request's session token, where App Bridge puts it: the bearer header, or ?id_token= on document loads. */
function sessionTokenOf(request: Request): string | null {
  const header = request.headers.get("Authorization") ?? "";
  const bearer = /^Bearer (.+)$/.exec(header)?.[1];
  return bearer ?? new URL(request.url).searchParams.get("id_token");
}

type AssociatedUser = { first_name?: string; last_name?: string; email?: string; account_owner?: boolean };

/** What Shopify says of the request's user, or null when it could not be asked (then nobody is raised). */
export async function askShopifyWhoIs(request: Request, shopDomain: string): Promise<ShopifyUser | null> {
  const subjectToken = sessionTokenOf(request);
  if (!subjectToken) return null;
  const config = env();
  try {
    const response = await fetch(`https://${shopDomain}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        client_id: config.SHOPIFY_API_KEY,
        client_secret: config.SHOPIFY_API_SECRET,
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: subjectToken,
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        requested_token_type: ONLINE_TOKEN_TYPE,
      }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) return null;
    const user = ((await response.json()) as { associated_user?: AssociatedUser }).associated_user;
    if (!user || typeof user.account_owner !== "boolean") return null;
    const name = [user.first_name, user.last_name].filter(Boolean).join(" ").trim();
    return { accountOwner: user.account_owner, name: name || null, email: user.email ?? null };
  } catch {
    return null;
  }
}
