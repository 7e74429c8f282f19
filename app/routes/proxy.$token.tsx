import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { publicPiece } from "../models/provenance.server";
import { reportCheckUrl } from "../domain/certificates";
import { caratTotal } from "../domain/units";
import { resolveLocale, translate } from "../i18n";
import { carats, label, metalLine, weight } from "../ui/format";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"'{}]/g, (c) => `&#${c.charCodeAt(0)};`);

// Served through the Shopify app proxy: https://<shop>/apps/loupe/<token>. The signature is checked
// before anything is read; an unsigned or altered request gets 400 and no data.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { liquid } = await authenticate.public.appProxy(request);
  const url = new URL(request.url);
  const shop = url.searchParams.get("shop") ?? "";
  const piece = await publicPiece(shop, params.token ?? "");
  const locale = resolveLocale(url.searchParams.get("locale"), resolveLocale(piece?.shop.locale ?? "fr"));
  if (!piece) {
    return liquid(`<main class="loupe-provenance"><h1>${escapeHtml(translate(locale, "error.notFound"))}</h1></main>`, { status: 404 });
  }
  const total = caratTotal(piece.stones);
  const metals = piece.metals
    .map((m) => `<li>${escapeHtml(metalLine(m.metal, m.finenessBp, locale))} — ${escapeHtml(weight(m.grossWeightMg, "g", locale))}</li>`)
    .join("");
  const stones = piece.stones
    .map(
      (s) =>
        `<li>${s.count > 1 ? `${s.count} × ` : ""}${escapeHtml(label(locale, "stone", s.type))} ${escapeHtml(label(locale, "origin", s.origin))} ${escapeHtml(carats(s.millicarats * s.count, locale))} ${escapeHtml([s.colour, s.clarity].filter(Boolean).join(" "))}</li>`,
    )
    .join("");
  const certificates = piece.certificates
    .map((c) => {
      const check = reportCheckUrl(c.lab, c.number);
      const text = `${escapeHtml(c.lab)} ${escapeHtml(c.number)}`;
      return `<li>${check ? `<a href="${escapeHtml(check)}" rel="noopener">${text}</a>` : text}</li>`;
    })
    .join("");
  return liquid(
    `<main class="loupe-provenance">
  <h1>${escapeHtml(piece.title)}</h1>
  <h2>${escapeHtml(translate(locale, "piece.section.metals"))}</h2><ul>${metals}</ul>
  ${stones ? `<h2>${escapeHtml(translate(locale, "piece.section.stones"))}${total ? ` (${escapeHtml(carats(total, locale))})` : ""}</h2><ul>${stones}</ul>` : ""}
  ${certificates ? `<h2>${escapeHtml(translate(locale, "piece.section.certificates"))}</h2><ul>${certificates}</ul>` : ""}
</main>`,
  );
}
