// Display formatting shared by admin pages and the kiosk: one place turns stored integers into text.
import { currencyDecimals, formatMoney } from "../domain/money";
import { scaledToDecimalText } from "../domain/decimal-input";
import { formatCarats, formatWeight, type WeightUnit } from "../domain/units";
import { finenessLabel, type Metal } from "../domain/metals";
import { intlLocale, translate, type Locale, type MessageKey, hasMessage } from "../i18n";

export function money(minor: bigint | null | undefined, currency: string, locale: Locale): string {
  return minor == null ? "—" : formatMoney(minor, currency, intlLocale(locale));
}

/**
 * An amount held as decimal text with more precision than the currency has (a unit cost, a price
 * per gram), shown to the currency's minor unit: "53.2818190204" EUR per g → "53,28 €/g" (fr).
 * Intl rounds the decimal string itself (half away from zero), no binary fraction on the way.
 */
export function moneyOfDecimal(
  decimal: string | null | undefined,
  currency: string,
  locale: Locale,
  perUnit?: string,
): string {
  if (decimal == null || decimal === "") return "—";
  const decimals = currencyDecimals(currency);
  const text = new Intl.NumberFormat(intlLocale(locale), {
    style: "currency",
    currency,
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(decimal as `${number}`);
  return perUnit ? `${text}/${perUnit}` : text;
}

export function weight(mg: bigint | null | undefined, unit: string, locale: Locale): string {
  return mg == null ? "—" : formatWeight(mg, unit as WeightUnit, intlLocale(locale));
}

export function carats(millicarats: number, locale: Locale): string {
  return formatCarats(millicarats, intlLocale(locale));
}

export function metalLine(metal: string, finenessBp: number, locale: Locale): string {
  const name = hasMessage(`metal.${metal}`) ? translate(locale, `metal.${metal}` as MessageKey) : metal;
  try {
    return `${name} ${finenessLabel(finenessBp, metal as Metal, intlLocale(locale))}`;
  } catch {
    return name;
  }
}

export function label(locale: Locale, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return hasMessage(key) ? translate(locale, key) : value;
}

/** 1250 parts per 10,000 → "12,5 %" (fr) / "12.5%" (en), without going through a binary fraction. */
export function percentFromBp(bp: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: "percent", maximumFractionDigits: 2 }).format(
    `${scaledToDecimalText(BigInt(bp), 2)}E-2` as `${number}`,
  );
}
