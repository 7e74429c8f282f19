// English and French from the start. The locale comes from the Shopify admin (its `locale`
// parameter on every embedded page load), then the shop's setting.
import { en, type MessageKey } from "./en";
import { fr } from "./fr";

export const LOCALES = ["en", "fr"] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, fr };

/** "fr-FR", "fr", "FR" → "fr"; anything unknown → the fallback. */
export function resolveLocale(input: string | null | undefined, fallback: Locale = "en"): Locale {
  const lang = (input ?? "").trim().toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(lang ?? "") ? (lang as Locale) : fallback;
}

/** The BCP 47 tag Intl formatting uses for a locale. */
export function intlLocale(locale: Locale): string {
  return locale === "fr" ? "fr-FR" : "en-GB";
}

export function translate(locale: Locale, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const template = catalogs[locale][key] ?? en[key];
  return plurals(template, locale, vars).replace(/\{(\w+)\}/g, (_, name: string) =>
    name in vars ? String(vars[name]) : `{${name}}`,
  );
}

// "{count, plural, one {# pièce} other {# pièces}}": the form the language's plural rule picks for
// the number ("1 pièce", "0 pièce" and "3 pièces" in French), "#" standing for the value as given.
const PLURAL = /\{(\w+), plural,((?:\s*[\w=]+\s*\{[^{}]*\})+)\s*\}/g;
const rules = new Map<Locale, Intl.PluralRules>();

function plurals(template: string, locale: Locale, vars: Record<string, string | number>): string {
  if (!template.includes(", plural,")) return template;
  let rule = rules.get(locale);
  if (!rule) rules.set(locale, (rule = new Intl.PluralRules(intlLocale(locale))));
  return template.replace(PLURAL, (whole, name: string, body: string) => {
    if (!(name in vars)) return whole;
    const value = vars[name]!;
    // Counts often arrive already formatted ("1 234", "1,234"): their digits are the number.
    const n = typeof value === "number" ? value : Number(String(value).replace(/[^\d-]/g, ""));
    const forms = new Map([...body.matchAll(/([\w=]+)\s*\{([^{}]*)\}/g)].map((m) => [m[1]!, m[2]!]));
    const form = forms.get(`=${n}`) ?? forms.get(rule.select(n)) ?? forms.get("other") ?? "";
    return form.replace(/#/g, String(value));
  });
}

export function hasMessage(key: string): key is MessageKey {
  return key in en;
}

export function formatDateTime(date: Date | string, locale: Locale, timeZone = "Europe/Paris"): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "medium", timeStyle: "short", timeZone }).format(
    new Date(date),
  );
}

export function formatDate(date: Date | string, locale: Locale, timeZone = "Europe/Paris"): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "medium", timeZone }).format(new Date(date));
}

export function formatInteger(value: number | bigint, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 0 }).format(value);
}
