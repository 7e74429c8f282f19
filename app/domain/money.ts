/**
 * Money as integer minor units (bigint), exactly as the BIGINT database column holds it.
 * No binary floating point anywhere: parsing works on digit strings, formatting hands Intl a
 * decimal string (exact since Node 22 / ICU's string formatting).
 */
import { readDecimalInput, scaledToDecimalText } from "./decimal-input";
import { minorUnitOf } from "./currencies";
import { DomainError, INT64_MAX } from "./errors";

export type MoneyErrorCode =
  "INVALID" | "AMBIGUOUS" | "TOO_MANY_DECIMALS" | "NEGATIVE" | "OUT_OF_RANGE" | "INVALID_CURRENCY";

export class MoneyError extends DomainError<MoneyErrorCode> {}

/** Largest amount in minor units; the range is symmetric (the column's -2^63 is not used). */
export const MAX_MINOR = INT64_MAX;

/** ISO 4217 minor-unit exponent: EUR 2, JPY 0, KWD 3. Throws INVALID_CURRENCY unless "AAA". */
export function currencyDecimals(currency: string): number {
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new MoneyError("INVALID_CURRENCY", `Not an ISO 4217 currency code: "${currency}"`, { currency });
  }
  // A well-formed code the table does not list gets 2, which is also what Shopify assumes for
  // currencies it does not list.
  return minorUnitOf(currency) ?? 2;
}

export interface ParseMoneyOptions {
  allowNegative?: boolean;
  /** Decides "1,250" / "1.250" (see decimal-input.ts). Default "en". */
  locale?: string;
}

const marksCache = new Map<string, string[]>();

/** What may stand beside an amount of the currency: "EUR", "€" (and the locale's own symbol). */
export function currencyMarks(currency: string, locale: string): string[] {
  const key = `${currency}|${locale}`;
  let marks = marksCache.get(key);
  if (marks === undefined) {
    const found = new Set([currency]);
    for (const currencyDisplay of ["symbol", "narrowSymbol"] as const) {
      for (const loc of [locale, "en"]) {
        const part = new Intl.NumberFormat(loc, { style: "currency", currency, currencyDisplay })
          .formatToParts(1)
          .find((p) => p.type === "currency");
        if (part) found.add(part.value);
      }
    }
    marks = [...found];
    marksCache.set(key, marks);
  }
  return marks;
}

function checkRange(minor: bigint): bigint {
  if (minor > MAX_MINOR || minor < -MAX_MINOR) {
    throw new MoneyError("OUT_OF_RANGE", `Amount out of range (±${MAX_MINOR} minor units)`);
  }
  return minor;
}

/**
 * "4 850,00 €" / "1,250.50" / "12345678901234567.89" -> minor units. Refuses more decimals than
 * the currency has, even zeros ("12.500" EUR): extra digits usually mean a misread separator.
 */
export function parseMoney(input: string, currency: string, options: ParseMoneyOptions = {}): bigint {
  const decimals = currencyDecimals(currency);
  const locale = options.locale ?? "en";
  const parts = readDecimalInput(input, { locale, units: currencyMarks(currency, locale) });
  if ("refused" in parts) {
    const [thousands = "", decimal = ""] = parts.readings ?? [];
    throw new MoneyError(parts.refused, `Not an amount: "${input}"`, { input, thousands, decimal });
  }
  if (parts.fracDigits.length > decimals) {
    throw new MoneyError("TOO_MANY_DECIMALS", `${currency} has ${decimals} decimal(s): "${input}"`, {
      input,
      decimals,
    });
  }
  const magnitude = BigInt((parts.intDigits || "0") + parts.fracDigits.padEnd(decimals, "0"));
  if (parts.negative && magnitude !== 0n && !options.allowNegative) {
    throw new MoneyError("NEGATIVE", `Negative amount refused: "${input}"`, { input });
  }
  return checkRange(parts.negative ? -magnitude : magnitude);
}

/** 1234567890123456789n EUR -> "12345678901234567.89"; JPY 1250n -> "1250". */
export function minorToDecimalString(minor: bigint, currency: string): string {
  const decimals = currencyDecimals(currency);
  checkRange(minor);
  return scaledToDecimalText(minor, decimals);
}

/** Locale formatting, exact for any BIGINT amount: fr-FR EUR "12 345 678 901 234 567,89 €". */
export function formatMoney(minor: bigint, currency: string, locale: string): string {
  const decimals = currencyDecimals(currency);
  const text = minorToDecimalString(minor, currency) as `${number}`;
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(text);
}
