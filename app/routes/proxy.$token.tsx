// The public provenance page: https://<shop>/apps/loupe/<token>, forwarded by Shopify's app proxy
// to /proxy/<token> with a signed query.
//
// - Every request must carry a valid proxy signature with a fresh timestamp (not older than
//   3 minutes, not more than 30 s ahead); anything else is refused with 400 before any data is read.
// - Default answer: a Liquid body (Content-Type application/liquid) that Shopify renders inside the
//   shop's theme. `?format=html` answers a standalone HTML document for the same URL (printing,
//   a broken theme, the demo); `?format=json` answers the signed record.
// - `?version=N` answers an earlier signed version exactly as it was signed, marked "superseded by
//   version M of <date>"; a number the piece never had (or the current one's successor) is 404.
// - Language: `?locale=fr|en`, else (Liquid) both languages chosen by the theme's request.locale,
//   else (HTML/JSON) Accept-Language, else the shop's language.
// - Per-client rate limit (in memory per instance, see provenance-proxy.server.ts): 429.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { provenancePage } from "../http/provenance-page.server";

export const permission = { loader: "shopify" } as const;

export const loader = ({ request, params, context }: LoaderFunctionArgs) =>
  provenancePage(request, params.token ?? "", context);
