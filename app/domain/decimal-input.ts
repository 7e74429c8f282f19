/**
 * THE parser for a decimal number a person types or pastes (a price, a weight, a carat weight, a
 * cost, a percentage), in English or French (or any locale's) notation, on every form and in the
 * CSV import. Pure, and never goes through binary floating point: it returns the digits.
 *
 * Accepted:
 * - "4 850,00 €", "4,12 g", "4850.00", "1,250.50", "1.250,50", "€4,850.00": the unit or currency
 *   the caller names (`units`) may stand before or after the number, with or without a space;
 * - spaces (incl. U+00A0 no-break and U+202F narrow no-break, as Intl writes fr-FR, and U+2009)
 *   and apostrophes group digits; grouping must be regular (1-3 digits, then groups of 3);
 * - with both "," and ".", the last one is the decimal separator and the other groups
 *   ("1.234,5" = 1234.5 and "1,234.5" = 1234.5: the order settles it, nothing is guessed);
 * - one kind used more than once groups ("1,250,000", "1.250.000");
 * - one separator used once is decimal ("4,12", "4850.00", "0.125", "1250,500").
 *
 * Refused as AMBIGUOUS (the person is asked to type it the way they mean it): one separator, used
 * once, before exactly three digits, after 1-3 digits not starting with 0 ("1.250", "12,500"),
 * when it is NOT a separator of the reader's locale. Such a text reads as 1250 to some people and
 * as 1.25 to others. When it is the locale's decimal separator it is decimal ("1,250" in French =
 * 1,25); when it is the locale's group separator it groups ("1,250" in English = 1250). French
 * groups with a space, so a French reader's "1.250" is refused rather than read as 1.25 or 1250.
 * When spaces already group the integer part ("1 250.500"), the separator can only be decimal.
 * Without a locale (a caller that does not know its reader, such as a price feed), a lone
 * separator is decimal.
 *
 * Refused as INVALID: anything else (letters other than the named units, "12,", "1e3", "+5",
 * irregular grouping such as "12,50,0" or "12 50,5").
 */
import { GROUP_SPACES } from "./errors";

export interface DecimalParts {
  negative: boolean;
  /** Integer digits without leading zeros ("" for zero). */
  intDigits: string;
  /** Fraction digits exactly as typed (trailing zeros kept: they count as decimals). */
  fracDigits: string;
}

export type DecimalRefusalCode = "INVALID" | "AMBIGUOUS";

export interface DecimalRefusal {
  refused: DecimalRefusalCode;
  /** For AMBIGUOUS: the two readings as plain decimal text, grouping first ("1250", "1.25"). */
  readings?: [string, string];
}

export interface DecimalInputOptions {
  /** The reader's locale: it settles a lone separator before three digits (see above). */
  locale?: string | null;
  /**
   * Units or currency marks the text may carry before or after the number ("€", "EUR", "g",
   * "ct"); matched without regard to case.
   */
  units?: readonly string[];
}

const separatorCache = new Map<string, { decimal: string; group: string }>();

function localeSeparators(locale: string): { decimal: string; group: string } {
  let seps = separatorCache.get(locale);
  if (seps === undefined) {
    const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(12345.5);
    seps = {
      decimal: parts.find((p) => p.type === "decimal")?.value ?? ".",
      group: parts.find((p) => p.type === "group")?.value ?? ",",
    };
    separatorCache.set(locale, seps);
  }
  return seps;
}

/** The decimal separator a locale writes: "." for en, "," for fr, de, es… */
export function localeDecimalSeparator(locale: string): string {
  return localeSeparators(locale).decimal === "," ? "," : ".";
}

const SPACE_CLASS = new RegExp(GROUP_SPACES.source, "g");

function withoutUnit(text: string, units: readonly string[]): string {
  const lower = text.toLowerCase();
  // Longest first, so "EUR" is not read as "E" + "UR" and "carats" not as "carat" + "s".
  for (const unit of [...units].sort((a, b) => b.length - a.length)) {
    const mark = unit.toLowerCase();
    if (!mark) continue;
    if (lower.endsWith(mark)) return text.slice(0, text.length - mark.length).trim();
    if (lower.startsWith(mark)) return text.slice(mark.length).trim();
  }
  return text;
}

function isDecimalParts(value: DecimalParts | DecimalRefusal): value is DecimalParts {
  return !("refused" in value);
}

/** The parts of the number, or why it is refused. */
export function readDecimalInput(input: string, options: DecimalInputOptions = {}): DecimalParts | DecimalRefusal {
  const locale = options.locale ?? null;
  let s = withoutUnit(input.trim(), options.units ?? []);
  let negative = false;
  if (s.startsWith("-") || s.startsWith("\u2212")) {
    negative = true;
    s = withoutUnit(s.slice(1).trim(), options.units ?? []);
  }
  s = s.replace(SPACE_CLASS, " ");
  if (!/^[0-9 .,]*[0-9][0-9 .,]*$/.test(s)) return { refused: "INVALID" };

  const commas = s.split(",").length - 1;
  const dots = s.split(".").length - 1;
  let decimal: "," | "." | null = null;
  if (commas > 0 && dots > 0) {
    decimal = s.lastIndexOf(",") > s.lastIndexOf(".") ? "," : ".";
  } else if (commas + dots === 1) {
    const sep = commas === 1 ? "," : ".";
    const [before = "", after = ""] = s.split(sep);
    const ambiguous = /^[1-9]\d{0,2}$/.test(before) && /^\d{3}$/.test(after);
    const seps = locale === null ? { decimal: sep, group: "" } : localeSeparators(locale);
    if (!ambiguous || seps.decimal === sep) decimal = sep;
    else if (seps.group !== sep) return { refused: "AMBIGUOUS", readings: [`${before}${after}`, `${before}.${after}`] };
  }

  let intRaw = s;
  let fracDigits = "";
  if (decimal !== null) {
    const at = s.lastIndexOf(decimal);
    intRaw = s.slice(0, at);
    fracDigits = s.slice(at + 1);
    if (!/^\d+$/.test(fracDigits)) return { refused: "INVALID" };
  }
  const separators = new Set(intRaw.replace(/\d/g, ""));
  if (separators.size > 1) return { refused: "INVALID" };
  if (separators.size === 1) {
    const sep = [...separators][0] === " " ? " " : `\\${[...separators][0]}`;
    if (!new RegExp(`^\\d{1,3}(${sep}\\d{3})+$`).test(intRaw)) return { refused: "INVALID" };
  }
  const intDigits = intRaw.replace(/\D/g, "").replace(/^0+/, "");
  if (intRaw === "" && fracDigits === "") return { refused: "INVALID" };
  return { negative, intDigits, fracDigits };
}

/** The parts, or null for any refusal (callers that need not say why). */
export function parseDecimalInput(input: string, options: DecimalInputOptions = {}): DecimalParts | null {
  const read = readDecimalInput(input, options);
  return isDecimalParts(read) ? read : null;
}

/**
 * The exact decimal text of an integer counted in 10^-places units: (123456n, 2) → "1234.56",
 * (-5n, 3) → "-0.005". With trimZeros, trailing fractional zeros go ("3.420" → "3.42", "750.0" →
 * "750"). The counterpart of readDecimalInput; no binary floating point on the way.
 */
export function scaledToDecimalText(scaled: bigint, places: number, options: { trimZeros?: boolean } = {}): string {
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, "0");
  const int = digits.slice(0, digits.length - places);
  let frac = digits.slice(digits.length - places);
  if (options.trimZeros) frac = frac.replace(/0+$/, "");
  return `${negative ? "-" : ""}${int}${frac ? `.${frac}` : ""}`;
}

/** Plain decimal text ("-1250.5") of parts, as decimal.js and the database read it. */
export function partsToDecimalText(parts: DecimalParts): string {
  const text = `${parts.intDigits || "0"}${parts.fracDigits ? `.${parts.fracDigits}` : ""}`;
  return parts.negative && /[1-9]/.test(text) ? `-${text}` : text;
}
