/**
 * Reads a decimal number typed or pasted by a person, in English or French (or any locale's)
 * notation, without ever going through binary floating point. Shared by money and weights.
 *
 * Rules:
 * - spaces (incl. U+00A0, U+202F, U+2009) and apostrophes are group separators;
 * - with both "," and ".", the last one is the decimal separator and the other groups;
 * - one kind used more than once groups ("1,250,000");
 * - one separator used once is decimal, except when it is followed by exactly three digits
 *   and preceded by 1-3 digits not starting with 0 ("1,250", "1.250"): that is ambiguous, and
 *   the locale's own decimal separator wins (fr: "1,250" = 1.25 and "1.250" = 1250; en: the
 *   reverse). When spaces already group the integer part, the separator is decimal;
 * - grouping must be regular (1-3 digits, then groups of 3), so typos like "12,50,0" fail.
 */
import { GROUP_SPACES } from "./errors";

export interface DecimalParts {
  negative: boolean;
  /** Integer digits without leading zeros ("" for zero). */
  intDigits: string;
  /** Fraction digits exactly as typed (trailing zeros kept: they count as decimals). */
  fracDigits: string;
}

const decimalSeparatorCache = new Map<string, string>();

/** The decimal separator a locale writes: "." for en, "," for fr, de, es… */
export function localeDecimalSeparator(locale: string): string {
  let sep = decimalSeparatorCache.get(locale);
  if (sep === undefined) {
    const part = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === "decimal");
    sep = part?.value === "," ? "," : ".";
    decimalSeparatorCache.set(locale, sep);
  }
  return sep;
}

const SPACE_CLASS = new RegExp(GROUP_SPACES.source, "g");

/** Returns the parts, or null when the text is not a number at all. */
export function parseDecimalInput(input: string, locale = "en"): DecimalParts | null {
  let s = input.trim();
  let negative = false;
  if (s.startsWith("-") || s.startsWith("\u2212")) {
    negative = true;
    s = s.slice(1);
  }
  s = s.replace(SPACE_CLASS, " ");
  if (!/^[0-9 .,]*[0-9][0-9 .,]*$/.test(s)) return null;

  const commas = s.split(",").length - 1;
  const dots = s.split(".").length - 1;
  let decimal: "," | "." | null = null;
  if (commas > 0 && dots > 0) {
    decimal = s.lastIndexOf(",") > s.lastIndexOf(".") ? "," : ".";
  } else if (commas + dots === 1) {
    const sep = commas === 1 ? "," : ".";
    const [before = "", after = ""] = s.split(sep);
    const ambiguous = /^[1-9]\d{0,2}$/.test(before) && /^\d{3}$/.test(after);
    if (!ambiguous || before.includes(" ")) decimal = sep;
    else decimal = localeDecimalSeparator(locale) === sep ? sep : null;
  }

  let intRaw = s;
  let fracDigits = "";
  if (decimal !== null) {
    const at = s.lastIndexOf(decimal);
    intRaw = s.slice(0, at);
    fracDigits = s.slice(at + 1);
    if (!/^\d+$/.test(fracDigits)) return null;
  }
  const separators = new Set(intRaw.replace(/\d/g, ""));
  if (separators.size > 1) return null;
  if (separators.size === 1) {
    const sep = [...separators][0] === " " ? " " : `\\${[...separators][0]}`;
    if (!new RegExp(`^\\d{1,3}(${sep}\\d{3})+$`).test(intRaw)) return null;
  }
  const intDigits = intRaw.replace(/\D/g, "").replace(/^0+/, "");
  if (intRaw === "" && fracDigits === "") return null;
  return { negative, intDigits, fracDigits };
}

/**
 * The exact decimal text of an integer counted in 10^-places units: (123456n, 2) → "1234.56",
 * (-5n, 3) → "-0.005". With trimZeros, trailing fractional zeros go ("3.420" → "3.42", "750.0" →
 * "750"). The counterpart of parseDecimalInput; no binary floating point on the way.
 */
export function scaledToDecimalText(scaled: bigint, places: number, options: { trimZeros?: boolean } = {}): string {
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, "0");
  const int = digits.slice(0, digits.length - places);
  let frac = digits.slice(digits.length - places);
  if (options.trimZeros) frac = frac.replace(/0+$/, "");
  return `${negative ? "-" : ""}${int}${frac ? `.${frac}` : ""}`;
}
