import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { env } from "../env.server";
import { signAppProxyParams } from "../domain/provenance/app-proxy";

export const permission = { loader: "public" } as const;

// Demo mode only: stands in for Shopify's app proxy. A QR's https://<shop>/apps/loupe/<token>
// cannot be reached offline, so this signs the request the way Shopify would (fresh timestamp,
// the app secret) and forwards the browser to the real provenance route.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const config = env();
  if (!config.LOUPE_DEMO) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const shop = url.searchParams.get("shop") ?? "";
  if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(shop))
    throw new Response("shop must be a *.myshopify.com domain", { status: 400 });
  const signed: Record<string, string> = {
    shop,
    logged_in_customer_id: "",
    path_prefix: `/${config.LOUPE_PROXY_PREFIX}/${config.LOUPE_PROXY_SUBPATH}`,
    timestamp: String(Math.floor(Date.now() / 1000)),
    format: url.searchParams.get("format") ?? "html",
  };
  const locale = url.searchParams.get("locale");
  if (locale) signed.locale = locale;
  const version = url.searchParams.get("version");
  if (version) signed.version = version;
  return redirect(
    `/proxy/${encodeURIComponent(params.token ?? "")}?${signAppProxyParams(signed, config.SHOPIFY_API_SECRET).toString()}`,
  );
}
