// HTML of the public provenance page, from the signed record only (so the page can never show
// more than the record does). Used as a Liquid body inside the shop's theme and as a standalone
// HTML document. Every value is escaped, including Liquid's braces, so text typed by staff can
// never become Liquid or HTML.
import { createHash } from "node:crypto";
import { reportCheckUrl } from "../certificates";
import { withoutBidiControls } from "../bidi";
import { finenessLabel, hallmarkName, type Metal } from "../metals";
import { caratTotal } from "../units";
import type { PublicEvent, PublicPhoto, PublicRecord } from "./record";
import type { SignedEnvelope } from "./signature";
import { canonicalJson } from "../audit";
import {
  finishGradeKey,
  fluorescenceKey,
  gradeNameKey,
  hallmarkKey,
  shapeKey,
  stoneColourKey,
  treatmentKey,
} from "./trade-words";
import { formatDate, hasMessage, intlLocale, translate, type Locale, type MessageKey } from "../../i18n";
import { carats, label, weight } from "../../ui/format";

/** Escaped for HTML and Liquid, without direction-control characters (app/domain/bidi.ts). */
export const escapeHtml = (s: string) => withoutBidiControls(s).replace(/[&<>"'{}]/g, (c) => `&#${c.charCodeAt(0)};`);

const t = (locale: Locale, key: MessageKey, vars: Record<string, string | number> = {}) => {
  const escaped: Record<string, string> = {};
  for (const [k, v] of Object.entries(vars)) escaped[k] = escapeHtml(String(v));
  return translate(locale, key, escaped);
};

/** A calendar day "2026-11-26" in the reader's language, without shifting it by a time zone. */
function day(date: string, locale: Locale): string {
  return escapeHtml(formatDate(`${date}T12:00:00Z`, locale, "UTC"));
}

function eventLine(e: PublicEvent, locale: Locale): string {
  switch (e.kind) {
    case "certified":
      return t(locale, "prov.event.certified", { lab: e.lab, number: e.number });
    case "service":
      return (
        t(locale, "prov.event.service", { service: label(locale, "prov.service", e.service) }) +
        (e.note ? ` — ${escapeHtml(e.note)}` : "")
      );
    default:
      return t(locale, `prov.event.${e.kind}`);
  }
}

/** How customers reach the shop (Shopify's shop details, not part of the signed record). */
export type ShopContact = { name: string | null; email: string | null; phone: string | null; url: string | null };

export type PageOptions = {
  locale: Locale;
  photos?: readonly PublicPhoto[];
  weightUnit: string;
  matchesSignature: boolean;
  /** The newest version when this envelope is an earlier one, and the relative link to it. */
  supersededBy?: { version: number; signedAt: string; href: string } | null;
  contact?: ShopContact | null;
  /**
   * The body Shopify renders inside the shop's theme (app proxy, Liquid): the theme keeps its fonts
   * and colours (only the layout of the record is styled, under .loupe-provenance), and the shop's
   * brand logo comes from Liquid's `shop.brand` (the Admin API has none).
   */
  inTheme?: boolean;
};

// ------------------------------------------------------------------ words in the reader's language

const capitalise = (s: string, locale: Locale) => s.charAt(0).toLocaleUpperCase(intlLocale(locale)) + s.slice(1);

/** "White gold 750 ‰ (18 k)" / "Or blanc 750 ‰ (18 carats)". */
function metalName(metal: string, colour: string | null, finenessBp: number, locale: Locale): string {
  const name = hasMessage(`metal.${metal}`) ? translate(locale, `metal.${metal}` as MessageKey) : metal;
  const coloured = colour
    ? capitalise(
        translate(locale, "trade.metalColour", {
          metal: name.toLocaleLowerCase(intlLocale(locale)),
          colour: label(locale, "colour", colour).toLocaleLowerCase(intlLocale(locale)),
        }),
        locale,
      )
    : name;
  try {
    return `${coloured} ${finenessLabel(finenessBp, metal as Metal, intlLocale(locale))}`;
  } catch {
    return coloured;
  }
}

/** A known trade word in the reader's language, else the value as staff typed it. */
function word(locale: Locale, key: string | null, typed: string): string {
  return key && hasMessage(key) ? translate(locale, key) : typed;
}

function stoneName(s: PublicRecord["stones"][number], locale: Locale): string {
  const typeKey = `trade.stone.${s.type}.${s.origin}`;
  const base = hasMessage(typeKey)
    ? translate(locale, typeKey)
    : `${label(locale, "stone", s.type)} ${label(locale, "origin", s.origin)}`;
  const shape = s.shape ? word(locale, `trade.shape.${shapeKey(s.type, s.shape)}`, s.shape) : null;
  return `${s.count > 1 ? `${s.count} × ` : ""}${base}${shape ? `, ${shape}` : ""}`;
}

function finish(locale: Locale, typed: string): string {
  const key = finishGradeKey(typed);
  return key ? translate(locale, `trade.finish.${key}`) : typed;
}

/** A report's grade in the reader's language: known names and words translated, codes (G, SI1) kept. */
function grade(locale: Locale, name: string, value: string): [string, string] {
  const key = gradeNameKey(name);
  if (!key) return [name, value];
  const title = translate(locale, `trade.grade.${key}`);
  if (key === "cut" || key === "polish" || key === "symmetry") return [title, finish(locale, value)];
  if (key === "fluorescence") {
    const f = fluorescenceKey(value);
    return [title, f ? translate(locale, `trade.fluorescence.${f}`) : value];
  }
  if (key === "colour") return [title, word(locale, `trade.colour.${stoneColourKey(value)}`, value)];
  return [title, value];
}

// ------------------------------------------------------------------ markup

/** A card's facts as a description list; rows without a value are left out. */
function facts(rows: readonly [string, string | null | undefined][]): string {
  const items = rows
    .filter((r): r is [string, string] => Boolean(r[1]))
    .map(([term, value]) => `<div><dt>${term}</dt><dd>${value}</dd></div>`)
    .join("");
  return items ? `<dl>${items}</dl>` : "";
}

const card = (title: string, body: string, note = "") =>
  `<li class="loupe-card"><h3>${title}</h3>${note ? `<p class="loupe-note">${note}</p>` : ""}${body}</li>`;

const cards = (items: string[]) => `<ul class="loupe-cards">${items.join("")}</ul>`;

function contactLinks(contact: ShopContact, locale: Locale): string {
  const links: string[] = [];
  if (contact.email)
    links.push(
      `<li><span class="loupe-label">${t(locale, "prov.page.email")}</span> <a href="mailto:${escapeHtml(contact.email)}">${escapeHtml(contact.email)}</a></li>`,
    );
  if (contact.phone)
    links.push(
      `<li><span class="loupe-label">${t(locale, "prov.page.phone")}</span> <a href="tel:${escapeHtml(contact.phone.replace(/[^\d+]/g, ""))}">${escapeHtml(contact.phone)}</a></li>`,
    );
  if (contact.url)
    links.push(
      `<li><span class="loupe-label">${t(locale, "prov.page.website")}</span> <a href="${escapeHtml(contact.url)}">${escapeHtml(contact.url.replace(/^https?:\/\//, "").replace(/\/$/, ""))}</a></li>`,
    );
  return links.length ? `<ul class="loupe-contact">${links.join("")}</ul>` : "";
}

// The brand logo inside the theme, from Liquid (Shopify renders it; the Admin API has no brand).
const LIQUID_LOGO = `{%- if shop.brand.logo -%}<img class="loupe-logo" src="{{ shop.brand.logo | image_url: width: 240 }}" alt="{{ shop.name | escape }}" width="120" loading="lazy">{%- endif -%}`;

/** The signed record as a data: link, so the download works wherever the page is shown. */
export function recordDownload(envelope: SignedEnvelope): { href: string; filename: string } {
  const version = envelope.version !== undefined ? `-v${envelope.version}` : "";
  return {
    href: `data:application/json;charset=utf-8,${encodeURIComponent(canonicalJson(envelope))}`,
    filename: `provenance-${envelope.record.token}${version}.json`,
  };
}

export function provenanceBody(envelope: SignedEnvelope, options: PageOptions): string {
  const { locale, weightUnit } = options;
  const r: PublicRecord = envelope.record;
  const contact = options.contact ?? null;
  const shopName = contact?.name ?? r.shop.name ?? r.shop.domain;
  const parts: string[] = [];
  parts.push(`<article class="loupe-provenance" lang="${locale}">`);
  if (options.inTheme) parts.push(`<style>${RECORD_STYLE}</style>`);
  parts.push(
    `<header class="loupe-head"><p class="loupe-kicker">${t(locale, "prov.page.kicker")} · ${escapeHtml(shopName)}</p><h1>${escapeHtml(r.title)}</h1></header>`,
  );
  if (!options.matchesSignature)
    parts.push(`<p class="loupe-warning" role="alert"><strong>${t(locale, "prov.page.mismatch")}</strong></p>`);
  const longDay = (iso: string) =>
    new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "long", timeZone: "UTC" }).format(new Date(iso));
  const later = options.supersededBy;
  if (later && envelope.version !== undefined)
    parts.push(
      `<p class="loupe-superseded" role="status"><strong>${t(locale, "prov.page.superseded", {
        version: envelope.version,
        date: longDay(envelope.signedAt),
        latest: later.version,
        latestDate: longDay(later.signedAt),
      })}</strong> <a href="${escapeHtml(later.href)}">${t(locale, "prov.page.current")}</a></p>`,
    );
  if (options.photos?.length) {
    const images = options.photos
      .map(
        (p, i) =>
          `<img src="${escapeHtml(p.url)}" alt="${escapeHtml(p.alt ?? r.title)}"${i === 0 ? "" : ' loading="lazy"'} decoding="async">`,
      )
      .join("");
    parts.push(`<section class="loupe-photos" aria-label="${t(locale, "prov.page.photos")}">${images}</section>`);
  }

  if (r.metals.length) {
    const items = r.metals.map((m) => {
      // A French hallmark's name in the reader's language ("tête d'aigle" / "eagle's head").
      const hallmarkWord = (name: string) => word(locale, `trade.hallmark.${hallmarkKey(name)}`, name);
      const state = hallmarkName(m.metal as Metal, m.finenessBp);
      const hallmark = m.hallmark
        ? escapeHtml(hallmarkWord(m.hallmark))
        : state
          ? t(locale, "prov.page.hallmarkState", { name: hallmarkWord(state) })
          : null;
      return card(
        escapeHtml(metalName(m.metal, m.colour, m.finenessBp, locale)),
        facts([
          [t(locale, "prov.page.hallmark"), hallmark],
          [t(locale, "prov.page.gross"), escapeHtml(weight(BigInt(m.grossWeightMg), weightUnit, locale))],
          [t(locale, "prov.page.fine"), escapeHtml(weight(BigInt(m.fineWeightMg), weightUnit, locale))],
        ]),
      );
    });
    parts.push(`<section><h2>${t(locale, "prov.page.metals")}</h2>${cards(items)}</section>`);
  }

  if (r.stones.length) {
    const total = caratTotal(r.stones);
    const items = r.stones.map((s) => {
      const colour = s.colour ? word(locale, `trade.colour.${stoneColourKey(s.colour)}`, s.colour) : null;
      const treatment = s.treatment ? word(locale, `trade.treatment.${treatmentKey(s.treatment)}`, s.treatment) : null;
      return card(
        escapeHtml(stoneName(s, locale)),
        facts([
          [
            t(locale, s.count > 1 ? "prov.page.totalWeight" : "prov.page.weight"),
            // A weight of 0 is "not weighed" (pearls are often sold by size): nothing to show.
            s.millicarats > 0 ? escapeHtml(carats(s.millicarats * s.count, locale)) : null,
          ],
          [t(locale, "trade.grade.colour"), colour && escapeHtml(colour)],
          [t(locale, "trade.grade.clarity"), s.clarity && escapeHtml(s.clarity)],
          [t(locale, "trade.grade.cut"), s.cutGrade && escapeHtml(finish(locale, s.cutGrade))],
          [t(locale, "prov.page.treatment"), treatment && escapeHtml(treatment)],
          [t(locale, "prov.page.measurements"), s.measurements && escapeHtml(s.measurements)],
          [t(locale, "prov.page.certificate"), s.certificate && escapeHtml(s.certificate)],
        ]),
        escapeHtml(label(locale, "trade.position", s.position)),
      );
    });
    parts.push(
      `<section><h2>${t(locale, "prov.page.stonesTotal", { total: carats(total, locale) })}</h2>${cards(items)}</section>`,
    );
  }

  if (r.certificates.length) {
    const items = r.certificates.map((c) => {
      const check = reportCheckUrl(c.lab, c.number);
      const grades = Object.entries(c.grades).map(([k, v]): [string, string] => {
        const [name, value] = grade(locale, k, v);
        return [escapeHtml(name), escapeHtml(value)];
      });
      return card(
        t(locale, "prov.page.certificateLine", { lab: c.lab, number: c.number }),
        facts([[t(locale, "prov.page.issuedOn"), c.issuedOn ? day(c.issuedOn, locale) : null], ...grades]) +
          (check
            ? `<p><a href="${escapeHtml(check)}" rel="noopener noreferrer" target="_blank">${t(locale, "prov.page.checkReport")}</a></p>`
            : ""),
      );
    });
    parts.push(`<section><h2>${t(locale, "prov.page.certificates")}</h2>${cards(items)}</section>`);
  }

  if (r.madeBy || r.originNotes) {
    parts.push(
      `<section><h2>${t(locale, "prov.page.maker")}</h2>${r.madeBy ? `<p>${t(locale, "prov.page.madeBy", { maker: r.madeBy })}</p>` : ""}${r.originNotes ? `<p>${escapeHtml(r.originNotes)}</p>` : ""}</section>`,
    );
  }

  if (r.events.length) {
    const items = r.events
      .map((e) => `<li><time datetime="${e.date}">${day(e.date, locale)}</time> ${eventLine(e, locale)}</li>`)
      .join("");
    parts.push(`<section><h2>${t(locale, "prov.page.history")}</h2><ol class="loupe-events">${items}</ol></section>`);
  }

  // Authenticity: who signed and how to reach them first; the technical check one click away.
  const signedOn = longDay(envelope.signedAt);
  const download = recordDownload(envelope);
  const fingerprint = envelope.signature.fingerprint;
  parts.push(
    `<section class="loupe-verify"><h2>${t(locale, "prov.page.verify")}</h2>${options.inTheme ? LIQUID_LOGO : ""}<p class="loupe-signer">${t(locale, "prov.page.signedBy", { shop: shopName })} ${
      envelope.version !== undefined
        ? t(locale, "prov.page.versionSigned", { version: envelope.version, date: signedOn })
        : t(locale, "prov.page.signedOn", { date: signedOn })
    }</p>`,
  );
  const reach = contact ? contactLinks(contact, locale) : "";
  if (reach) parts.push(`<p>${t(locale, "prov.page.contact", { shop: shopName })}</p>${reach}`);
  parts.push(
    `<details class="loupe-technical"><summary>${t(locale, "prov.page.technical")}</summary>` +
      `<p>${t(locale, "prov.page.fingerprint", { fingerprint })}</p>` +
      `<p>${t(locale, "prov.page.publicKey")} <code class="loupe-key">${escapeHtml(envelope.signature.publicKey)}</code></p>` +
      `<p><a href="${escapeHtml(download.href)}" download="${escapeHtml(download.filename)}" type="application/json" rel="nofollow">${t(locale, "prov.page.download")}</a></p>` +
      `<p>${t(locale, "prov.page.verifyHow")}</p><pre><code>npm run verify -- ${escapeHtml(download.filename)} --fingerprint ${escapeHtml(fingerprint)}</code></pre>` +
      `<p>${t(locale, "prov.page.verifyCompare")}</p></details></section>`,
  );
  parts.push(`</article>`);
  return parts.join("\n");
}

export function messageBody(
  locale: Locale,
  title: MessageKey,
  help: MessageKey | null,
  vars: Record<string, string> = {},
): string {
  return `<article class="loupe-provenance" lang="${locale}"><h1>${t(locale, title)}</h1>${help ? `<p>${t(locale, help, vars)}</p>` : ""}</article>`;
}

// The record's own layout, every rule under .loupe-provenance, with no fonts or colours of its own:
// inside the shop's theme (app proxy) the theme's typography and colours apply; nothing page-wide.
// Cards stack on a phone and sit side by side when there is room; long codes wrap instead of
// widening the page.
export const RECORD_STYLE = `.loupe-provenance{max-width:48rem;margin:0 auto;overflow-wrap:break-word}
.loupe-provenance *{box-sizing:border-box}
.loupe-provenance .loupe-kicker{margin:0 0 .25rem;font-size:.8rem;letter-spacing:.12em;text-transform:uppercase;opacity:.75}
.loupe-provenance h1{margin:0 0 1.5rem;line-height:1.2}
.loupe-provenance section{margin:2rem 0}
.loupe-provenance h2{margin:0 0 .75rem;line-height:1.25}
.loupe-provenance h3{margin:0;font-size:1.15rem;line-height:1.35}
.loupe-provenance .loupe-photos{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.75rem}
.loupe-provenance .loupe-photos img{display:block;width:100%;height:auto;border-radius:.25rem}
.loupe-provenance .loupe-photos img:first-child{grid-column:1/-1}
.loupe-provenance .loupe-cards{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:1rem}
.loupe-provenance .loupe-card{border:1px solid rgba(127,127,127,.35);border-radius:.375rem;padding:1rem 1.125rem;min-width:0}
.loupe-provenance .loupe-note{margin:.2rem 0 0;font-size:.9rem;opacity:.8}
.loupe-provenance dl{margin:.75rem 0 0;display:grid;gap:.35rem}
.loupe-provenance dl>div{display:grid;grid-template-columns:minmax(6.5rem,40%) 1fr;gap:.75rem}
.loupe-provenance dt{opacity:.75}
.loupe-provenance dd{margin:0;min-width:0}
.loupe-provenance .loupe-card p{margin:.75rem 0 0}
.loupe-provenance .loupe-events{list-style:none;margin:0;padding:0}
.loupe-provenance .loupe-events li{padding:.4rem 0 .4rem 1rem;border-left:2px solid rgba(127,127,127,.35)}
.loupe-provenance .loupe-events time{display:block;font-size:.85rem;opacity:.75}
.loupe-provenance .loupe-warning,.loupe-provenance .loupe-superseded{border:1px solid #b45309;border-left-width:4px;padding:.75rem 1rem;border-radius:.25rem}
.loupe-provenance .loupe-logo{display:block;max-width:7.5rem;height:auto;margin:0 0 .75rem}
.loupe-provenance .loupe-contact{list-style:none;margin:.5rem 0 0;padding:0}
.loupe-provenance .loupe-contact li{margin:.25rem 0}
.loupe-provenance .loupe-label{display:inline-block;min-width:6rem;opacity:.75}
.loupe-provenance details{margin-top:1.25rem;border-top:1px solid rgba(127,127,127,.35);padding-top:.75rem}
.loupe-provenance summary{cursor:pointer;min-height:44px;display:flex;align-items:center}
.loupe-provenance code{overflow-wrap:anywhere;font-size:.9em}
.loupe-provenance pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:.5rem 0;padding:.75rem;border-radius:.25rem;background:rgba(127,127,127,.1)}`;

// The standalone page only: a jeweler's page of its own. System serif for headings (no web font:
// the page works offline and under a strict CSP), a quiet warm palette, generous spacing.
const PAGE_STYLE = `html{-webkit-text-size-adjust:100%}
body{margin:0;padding:2.5rem 1.25rem 4rem;background:#fbf9f6;color:#231f1c;font:1rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.loupe-provenance h1,.loupe-provenance h2,.loupe-provenance h3{font-family:"Iowan Old Style","Palatino Linotype",Palatino,"Book Antiqua",Georgia,"Times New Roman",serif;font-weight:500;color:#1a1613}
.loupe-provenance h1{font-size:clamp(1.75rem,6vw,2.6rem);letter-spacing:.01em}
.loupe-provenance h2{font-size:1.35rem;padding-bottom:.4rem;border-bottom:1px solid #e4dccf}
.loupe-provenance .loupe-kicker{color:#8a6d3b;opacity:1}
.loupe-provenance .loupe-card{background:#fff;border-color:#e4dccf}
.loupe-provenance dt,.loupe-provenance .loupe-label,.loupe-provenance .loupe-note,.loupe-provenance .loupe-events time{color:#6b6158;opacity:1}
.loupe-provenance a{color:#6f4e1e}
.loupe-provenance .loupe-warning,.loupe-provenance .loupe-superseded{background:#fff7eb}
@media (max-width:30rem){body{padding:1.5rem 1rem 3rem}}`;

/** The one <style> of the standalone document (a strict CSP allows it by this text's hash). */
export const STANDALONE_STYLE = `${RECORD_STYLE}\n${PAGE_STYLE}`;

/**
 * The CSP source that allows the standalone page's only <style> ("'sha256-…'"), for a policy such
 * as `default-src 'none'; style-src <this>; img-src https: data:`; the page has no script, font,
 * frame or form. (Or pass a nonce to standaloneDocument and allow 'nonce-…' instead.)
 */
export const STANDALONE_STYLE_CSP = `'sha256-${createHash("sha256").update(STANDALONE_STYLE, "utf8").digest("base64")}'`;

/** The standalone document: the same body with a page around it. `nonce`: for a CSP that uses one. */
export function standaloneDocument(body: string, locale: Locale, title: string, nonce?: string): string {
  const nonceAttr = nonce ? ` nonce="${escapeHtml(nonce)}"` : "";
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style${nonceAttr}>${STANDALONE_STYLE}</style></head><body>${body}</body></html>`;
}
