// The public provenance page behind /proxy/<token> (app/routes/proxy.$token.tsx states the contract):
// proxy signature and rate limit first, then the cached record in the format and language asked for.
import { cachedProvenance, countScan, loadProvenance } from "../services/provenance/public-record.server";
import { messageBody, provenanceBody, STANDALONE_STYLE_CSP, standaloneDocument } from "../domain/provenance/page";
import {
  browserLocale,
  checkProxyRequest,
  explicitLocale,
  requestedFormat,
  takeRateToken,
  waitForFloor,
  type Format,
} from "./provenance-proxy.server";
import type { RequestContext } from "./client-address.server";
import { shopByDomain } from "../models/provenance.server";
import { canonicalJson } from "../domain/audit";
import { LOCALES, resolveLocale, translate, type Locale, type MessageKey } from "../i18n";
import { isStaffPreview, PREVIEW_PARAM } from "../domain/provenance/staff-preview";
import { env } from "../env.server";

const nowSeconds = () => Math.floor(Date.now() / 1000);

const NO_STORE = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex", "X-Content-Type-Options": "nosniff" };

/**
 * The standalone page (?format=html) is a document of Loupe's own: no script, no form, nothing
 * from another origin but https images (Shopify's CDN), its one inline style allowed by hash, and
 * never inside a frame (a framed page could be dressed up as another shop's). The Liquid variant
 * is drawn by Shopify inside the shop's theme, whose headers and scripts are the theme's: it only
 * gets nosniff. The JSON record loads nothing.
 */
const STANDALONE_HEADERS = () => ({
  "Content-Security-Policy": [
    "default-src 'none'",
    `style-src ${STANDALONE_STYLE_CSP}`,
    // The demo's photos come from the local Shopify simulator over plain http.
    env().LOUPE_DEMO ? "img-src https: data: http://127.0.0.1:*" : "img-src https: data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; "),
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
});
const JSON_HEADERS = { "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'" };

function headersOf(contentType: string): Record<string, string> {
  if (contentType.startsWith("text/html")) return { "Content-Type": contentType, ...NO_STORE, ...STANDALONE_HEADERS() };
  if (contentType.startsWith("application/json")) return { "Content-Type": contentType, ...NO_STORE, ...JSON_HEADERS };
  return { "Content-Type": contentType, ...NO_STORE };
}

type Document = { body: string; contentType: string };

function documentFor(
  format: Exclude<Format, "json">,
  bodyFor: (locale: Locale) => string,
  title: (locale: Locale) => string,
  locale: Locale | null,
  fallback: Locale,
): Document {
  if (format === "liquid") {
    if (locale) return { body: bodyFor(locale), contentType: "application/liquid" };
    // Both languages; the theme's language decides. The other language is the shop's default.
    const other = LOCALES.find((l) => l !== fallback)!;
    return {
      body: `{%- assign loupe_lang = request.locale.iso_code | slice: 0, 2 -%}\n{%- if loupe_lang == '${other}' -%}\n${bodyFor(other)}\n{%- else -%}\n${bodyFor(fallback)}\n{%- endif -%}`,
      contentType: "application/liquid",
    };
  }
  const chosen = locale ?? fallback;
  return { body: standaloneDocument(bodyFor(chosen), chosen, title(chosen)), contentType: "text/html; charset=utf-8" };
}

function respond(status: number, doc: Document): Response {
  return new Response(doc.body, { status, headers: headersOf(doc.contentType) });
}

function refusal(
  status: number,
  key: MessageKey,
  request: Request,
  url: URL,
  extra: Record<string, string> = {},
): Response {
  const locale = explicitLocale(url) ?? browserLocale(request, "en");
  return new Response(translate(locale, key), {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", ...NO_STORE, ...extra },
  });
}

/** `?version=N`: an earlier signed version by its number; anything but a plain positive number is none. */
function requestedVersion(url: URL): number | "bad" | undefined {
  const raw = url.searchParams.get("version");
  if (raw === null || raw === "") return undefined;
  return /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : "bad";
}

/** The answer to one request for a provenance page (see the route for the contract). */
export async function provenancePage(request: Request, token: string, context: RequestContext): Promise<Response> {
  const startedAt = performance.now();
  const url = new URL(request.url);
  const limited = takeRateToken(request, context);
  if (!limited.ok)
    return refusal(429, "prov.page.tooMany", request, url, { "Retry-After": String(limited.retryAfterSeconds) });
  const check = checkProxyRequest(url);
  if (!check.ok) return refusal(400, "prov.page.refused", request, url);

  const format = requestedFormat(url);
  const chosen = explicitLocale(url);
  const version = requestedVersion(url);
  // An earlier version is read as it was stored (never cached: it is asked for rarely); the current
  // page goes through the short-lived cache.
  const { view, rendered } =
    version === undefined
      ? await cachedProvenance(check.shop, token)
      : version === "bad"
        ? { view: { kind: "not_found" as const }, rendered: null }
        : { view: await loadProvenance(check.shop, token, { version }), rendered: null };

  if (view.kind === "found") {
    // Staff's views from the admin's links are not customer scans (staff-preview.ts says how).
    if (!isStaffPreview(url.searchParams.get(PREVIEW_PARAM), env().SHOPIFY_API_SECRET, check.shop, token, nowSeconds()))
      countScan(view.shopId, view.pieceId, view.timeZone);
    const fallback = resolveLocale(view.shopLocale, "fr");
    const locale = format === "liquid" ? chosen : (chosen ?? browserLocale(request, fallback));
    // The bytes of each format and language are made once per cached page.
    const key = `${format}:${locale ?? "both"}`;
    let made = rendered?.get(key);
    if (!made) {
      const doc: Document =
        format === "json"
          ? { body: canonicalJson(view.envelope), contentType: "application/json; charset=utf-8" }
          : documentFor(
              format,
              (l) =>
                provenanceBody(view.envelope, {
                  locale: l,
                  weightUnit: view.weightUnit,
                  matchesSignature: view.matchesSignature,
                  photos: view.photos,
                  contact: view.contact,
                  inTheme: format === "liquid",
                  supersededBy: view.supersededBy
                    ? {
                        ...view.supersededBy,
                        // Relative to /apps/loupe/ (or /proxy/): the same token without ?version.
                        href: `${encodeURIComponent(token)}${format === "html" ? "?format=html" : ""}`,
                      }
                    : null,
                }),
              (l) => translate(l, "prov.page.title", { title: view.envelope.record.title }),
              locale,
              fallback,
            );
      made = { bytes: new TextEncoder().encode(doc.body), contentType: doc.contentType };
      rendered?.set(key, made);
    }
    const headers: Record<string, string> = headersOf(made.contentType);
    if (format === "json") headers["Content-Disposition"] = `inline; filename="provenance-${token}.json"`;
    return new Response(made.bytes, { headers });
  }

  const known = view.kind === "replaced" ? null : await shopByDomain(check.shop);
  // The name customers know the shop by (from Shopify), else the one Loupe holds.
  const shop =
    view.kind === "replaced"
      ? { name: view.shopName, locale: view.shopLocale }
      : known && { name: known.publicName ?? known.name, locale: known.locale };
  await waitForFloor(startedAt);
  const fallback = resolveLocale(shop?.locale ?? "en", "en");
  const status = view.kind === "replaced" ? 410 : 404;
  const [title, help]: [MessageKey, MessageKey] =
    view.kind === "replaced"
      ? ["prov.page.replaced", "prov.page.replacedHelp"]
      : ["prov.page.notFound", "prov.page.notFoundHelp"];
  if (format === "json") {
    const locale = chosen ?? browserLocale(request, fallback);
    return new Response(
      JSON.stringify({ error: view.kind === "replaced" ? "REPLACED" : "NOT_FOUND", message: translate(locale, title) }),
      { status, headers: headersOf("application/json; charset=utf-8") },
    );
  }
  return respond(
    status,
    documentFor(
      format,
      (locale) => messageBody(locale, title, help, { shop: shop?.name ?? check.shop }),
      (locale) => translate(locale, title),
      format === "liquid" ? chosen : (chosen ?? browserLocale(request, fallback)),
      fallback,
    ),
  );
}
