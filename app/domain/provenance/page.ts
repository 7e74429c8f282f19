// HTML of the public provenance page, from the signed record only (so the page can never show
// more than the record does). Used as a Liquid body inside the shop's theme and as a standalone
// HTML document. Every value is escaped, including Liquid's braces, so text typed by staff can
// never become Liquid or HTML.
import { reportCheckUrl } from "../certificates";
import { hallmarkName, type Metal } from "../metals";
import { caratTotal } from "../units";
import type { PublicEvent, PublicPhoto, PublicRecord } from "./record";
import type { SignedEnvelope } from "./signature";
import { formatDate, intlLocale, translate, type Locale, type MessageKey } from "../../i18n";
import { carats, label, metalLine, weight } from "../../ui/format";

export const escapeHtml = (s: string) => s.replace(/[&<>"'{}]/g, (c) => `&#${c.charCodeAt(0)};`);

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

export type PageOptions = {
  locale: Locale;
  photos?: readonly PublicPhoto[];
  weightUnit: string;
  matchesSignature: boolean;
  /** Relative link to the signed JSON (through the proxy it is re-signed by Shopify). */
  jsonHref: string;
  /** The newest version when this envelope is an earlier one, and the relative link to it. */
  supersededBy?: { version: number; signedAt: string; href: string } | null;
};

export function provenanceBody(envelope: SignedEnvelope, options: PageOptions): string {
  const { locale, weightUnit } = options;
  const r: PublicRecord = envelope.record;
  const parts: string[] = [];
  parts.push(`<article class="loupe-provenance" lang="${locale}">`);
  parts.push(`<h1>${escapeHtml(r.title)}</h1>`);
  if (r.shop.name) parts.push(`<p class="loupe-from">${t(locale, "prov.page.from", { shop: r.shop.name })}</p>`);
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
        (p) => `<img src="${escapeHtml(p.url)}" alt="${escapeHtml(p.alt ?? r.title)}" loading="lazy" decoding="async">`,
      )
      .join("");
    parts.push(`<section class="loupe-photos" aria-label="${t(locale, "prov.page.photos")}">${images}</section>`);
  }

  if (r.metals.length) {
    const rows = r.metals
      .map((m) => {
        const metal =
          metalLine(m.metal, m.finenessBp, locale) + (m.colour ? ` (${label(locale, "colour", m.colour)})` : "");
        const state = hallmarkName(m.metal as Metal, m.finenessBp);
        const hallmark = m.hallmark
          ? escapeHtml(m.hallmark)
          : state
            ? t(locale, "prov.page.hallmarkState", { name: state })
            : "—";
        return `<tr><td>${escapeHtml(metal)}</td><td>${hallmark}</td><td>${escapeHtml(weight(BigInt(m.grossWeightMg), weightUnit, locale))}</td><td>${escapeHtml(weight(BigInt(m.fineWeightMg), weightUnit, locale))}</td></tr>`;
      })
      .join("");
    parts.push(
      `<section><h2>${t(locale, "prov.page.metals")}</h2><table><thead><tr><th>${t(locale, "prov.page.metal")}</th><th>${t(locale, "prov.page.hallmark")}</th><th>${t(locale, "prov.page.gross")}</th><th>${t(locale, "prov.page.fine")}</th></tr></thead><tbody>${rows}</tbody></table></section>`,
    );
  }

  if (r.stones.length) {
    const total = caratTotal(r.stones);
    const rows = r.stones
      .map((s) => {
        const name = `${s.count > 1 ? `${s.count} × ` : ""}${label(locale, "stone", s.type)} ${label(locale, "origin", s.origin)}${s.shape ? `, ${s.shape}` : ""} (${label(locale, "position", s.position)})`;
        return `<tr><td>${escapeHtml(name)}</td><td>${escapeHtml(carats(s.millicarats * s.count, locale))}</td><td>${escapeHtml([s.colour, s.clarity, s.cutGrade].filter(Boolean).join(" ") || "—")}</td><td>${escapeHtml(s.treatment ?? "—")}</td><td>${escapeHtml(s.measurements ?? "—")}</td><td>${escapeHtml(s.certificate ?? "—")}</td></tr>`;
      })
      .join("");
    parts.push(
      `<section><h2>${t(locale, "prov.page.stonesTotal", { total: carats(total, locale) })}</h2><table><thead><tr><th>${t(locale, "prov.page.stone")}</th><th>${t(locale, "prov.page.weight")}</th><th>${t(locale, "prov.page.grades")}</th><th>${t(locale, "prov.page.treatment")}</th><th>${t(locale, "prov.page.measurements")}</th><th>${t(locale, "prov.page.certificate")}</th></tr></thead><tbody>${rows}</tbody></table></section>`,
    );
  }

  if (r.certificates.length) {
    const items = r.certificates
      .map((c) => {
        const check = reportCheckUrl(c.lab, c.number);
        const grades = Object.entries(c.grades)
          .map(([k, v]) => `${escapeHtml(k)}: ${escapeHtml(v)}`)
          .join(", ");
        return `<li>${t(locale, "prov.page.certificateLine", { lab: c.lab, number: c.number })}${c.issuedOn ? `, ${t(locale, "prov.page.issued", { date: day(c.issuedOn, locale) })}` : ""}${grades ? ` (${grades})` : ""}${check ? ` — <a href="${escapeHtml(check)}" rel="noopener noreferrer" target="_blank">${t(locale, "prov.page.checkReport")}</a>` : ""}</li>`;
      })
      .join("");
    parts.push(`<section><h2>${t(locale, "prov.page.certificates")}</h2><ul>${items}</ul></section>`);
  }

  if (r.madeBy || r.originNotes) {
    parts.push(
      `<section><h2>${t(locale, "prov.page.maker")}</h2>${r.madeBy ? `<p>${t(locale, "prov.page.madeBy", { maker: r.madeBy })}</p>` : ""}${r.originNotes ? `<p>${escapeHtml(r.originNotes)}</p>` : ""}</section>`,
    );
  }

  if (r.events.length) {
    const items = r.events
      .map((e) => `<li><time datetime="${e.date}">${day(e.date, locale)}</time> — ${eventLine(e, locale)}</li>`)
      .join("");
    parts.push(`<section><h2>${t(locale, "prov.page.history")}</h2><ol class="loupe-events">${items}</ol></section>`);
  }

  const signedOn = longDay(envelope.signedAt);
  parts.push(
    `<section class="loupe-verify"><h2>${t(locale, "prov.page.verify")}</h2><p>${t(locale, "prov.page.fingerprint", { fingerprint: envelope.signature.fingerprint })}</p>`,
  );
  parts.push(
    `<p class="loupe-version">${
      envelope.version !== undefined
        ? t(locale, "prov.page.versionSigned", { version: envelope.version, date: signedOn })
        : t(locale, "prov.page.signedOn", { date: signedOn })
    }</p>`,
  );
  parts.push(`<p><a href="${escapeHtml(options.jsonHref)}" rel="nofollow">${t(locale, "prov.page.download")}</a></p>`);
  parts.push(`<p><small>${t(locale, "prov.page.verifyHow")}</small></p></section>`);
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

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
.loupe-photos{display:flex;gap:.5rem;flex-wrap:wrap}.loupe-photos img{max-width:12rem;height:auto;border-radius:.25rem}.loupe-warning,.loupe-superseded{background:#fff4e5;border:1px solid #d97706;padding:.75rem;border-radius:.25rem}code{font-size:1.05em}`;

/** The standalone document: the same body with a minimal page around it. */
export function standaloneDocument(body: string, locale: Locale, title: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/** The standalone document's only style: its Content-Security-Policy allows exactly this (by hash). */
export const STANDALONE_STYLE = STYLE;
