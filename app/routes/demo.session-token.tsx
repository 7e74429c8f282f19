import type { LoaderFunctionArgs } from "@remix-run/node";
import { env } from "../env.server";
import { mintSessionToken } from "../http/demo-session.server";

export const permission = { loader: "public" } as const;

// Demo mode only: stands in for the session token App Bridge gets from the Shopify admin.
export async function loader({ request }: LoaderFunctionArgs) {
  const config = env();
  if (!config.LOUPE_DEMO) throw new Response("Not found", { status: 404 });
  const query = new URL(request.url).searchParams;
  const shop = query.get("shop") ?? "";
  if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(shop)) {
    return Response.json({ error: "shop must be a *.myshopify.com domain" }, { status: 400 });
  }
  // Another admin user of the demo shop (the launcher's is its account owner), to see what a role sees.
  const user = query.get("user");
  if (user !== null && !/^[1-9]\d{0,11}$/.test(user))
    return Response.json({ error: "user must be a Shopify user id" }, { status: 400 });
  return Response.json({
    token: mintSessionToken(shop, config.SHOPIFY_API_KEY, config.SHOPIFY_API_SECRET, user ?? undefined),
  });
}
