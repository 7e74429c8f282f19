// Signed provenance links for the demo and the tests: the URL Shopify's app proxy would forward
// to the app for https://<shop>/apps/loupe/<token>, signed with the app secret as Shopify signs it.
// A link is valid for PROXY_MAX_AGE_SECONDS (3 minutes) after it is made: print a fresh one when
// it is needed, or serve a small redirect that signs on each click.
import { signAppProxyParams } from "../../app/domain/provenance/app-proxy";

export type ProvenanceFormat = "html" | "json" | "liquid";

export function signedProxyUrl(
  appUrl: string,
  shop: string,
  token: string,
  secret: string,
  locale: "fr" | "en" | null = null,
  options: { format?: ProvenanceFormat; pathPrefix?: string; now?: Date } = {},
): string {
  // In a browser outside Shopify the Liquid body would show raw; the standalone page is the default here.
  const format = options.format ?? "html";
  const params: Record<string, string> = {
    shop,
    logged_in_customer_id: "",
    path_prefix: options.pathPrefix ?? "/apps/loupe",
    timestamp: String(Math.floor((options.now ?? new Date()).getTime() / 1000)),
  };
  if (locale) params.locale = locale;
  if (format !== "liquid") params.format = format;
  return `${appUrl.replace(/\/+$/, "")}/proxy/${encodeURIComponent(token)}?${signAppProxyParams(params, secret).toString()}`;
}
