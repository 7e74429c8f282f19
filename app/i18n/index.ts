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
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name in vars ? String(vars[name]) : `{${name}}`));
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
