import Decimal from "decimal.js";
import type { TextPart } from "./fontMetrics";

export type MetalType = "gold" | "silver" | "platinum" | "palladium";
export type WeightUnit = "g" | "dwt" | "ozt";

export interface StoneRow {
  /** Already in the tag's language, e.g. "Diamant", "Sapphire". */
  type: string;
  /** Decimal string, up to 3 places: "0.520". */
  carat: string;
  color?: string;
  clarity?: string;
  lab?: string;
  certificateNumber?: string;
}

export interface TagContent {
  /** BCP 47 locale of the tag text: "fr-FR", "en-US"… */
  locale: string;
  /** Price in minor units of `currency` (cents for EUR); formatted with Intl, never by hand. */
  priceMinor: bigint;
  currency: string;
  tagCode: string;
  metal?: { type: MetalType; fineness: number };
  /** Decimal string, e.g. "3.42". */
  weight?: { value: string; unit: WeightUnit };
  /** Decimal string, e.g. "0.52". */
  caratTotal?: string;
  /** The main stone, printed as a short line; the certificate part is dropped first. */
  stone?: StoneRow;
  provenanceUrl?: string;
  title?: string;
  /** A location label's path. */
  locationPath?: string;
  /** Rows of the certificate card's table. */
  stones?: StoneRow[];
  rfid?: { gtin: string; serial: bigint; companyPrefixLength: number; filter?: number };
}

export function isFrench(locale: string): boolean {
  return locale.toLowerCase().startsWith("fr");
}

const TAG_CODE = /^[A-Za-z0-9._/+-]{1,32}$/;

/** Tag codes stay within Code128 subset B and away from ZPL's `>` invocation codes. */
export function isValidTagCode(code: string): boolean {
  return TAG_CODE.test(code);
}

/** The public URL must be plain ASCII https: a QR scanner app opens exactly these bytes. */
export function isValidProvenanceUrl(url: string): boolean {
  if (!/^https:\/\/[\x21-\x7E]+$/.test(url) || /[\\^~]/.test(url)) return false;
  try {
    return new URL(url).protocol === "https:";
  } catch {
    return false;
  }
}

function minorUnitDigits(locale: string, currency: string): number {
  return new Intl.NumberFormat(locale, { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** The amount as an exact decimal string ("1250.00") built from bigint minor units. */
export function minorToDecimalString(minor: bigint, digits: number): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const s = abs.toString().padStart(digits + 1, "0");
  const whole = s.slice(0, s.length - digits);
  const frac = s.slice(s.length - digits);
  return (negative ? "-" : "") + whole + (digits > 0 ? "." + frac : "");
}

/** "1 250,00 €" in fr-FR, "€1,250.00" in en-US: Intl with a decimal string, so no float ever. */
export function formatPrice(minor: bigint, currency: string, locale: string): string {
  const digits = minorUnitDigits(locale, currency);
  const fmt = new Intl.NumberFormat(locale, { style: "currency", currency });
  // Intl accepts a decimal string and formats it exactly (ECMA-402 Intl.NumberFormat v3).
  return fmt.format(minorToDecimalString(minor, digits) as unknown as number);
}

function formatDecimal(value: string, places: number, locale: string): string {
  const rounded = new Decimal(value).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places);
  const fmt = new Intl.NumberFormat(locale, { minimumFractionDigits: places, maximumFractionDigits: places });
  return fmt.format(rounded as unknown as number);
}

export function formatWeight(weight: { value: string; unit: WeightUnit }, locale: string): string {
  return `${formatDecimal(weight.value, 2, locale)}\u00A0${weight.unit}`;
}

export function formatCarat(carat: string, locale: string): string {
  return `${formatCaratNumber(carat, locale)}\u00A0ct`;
}

/** "0,52": a carat weight where the unit is already said (the stones table's "Carats" column). */
export function formatCaratNumber(carat: string, locale: string): string {
  return formatDecimal(carat, 2, locale);
}

const METAL_NAMES: Record<MetalType, { fr: string; en: string }> = {
  gold: { fr: "Or", en: "Gold" },
  silver: { fr: "Argent", en: "Silver" },
  platinum: { fr: "Platine", en: "Platinum" },
  palladium: { fr: "Palladium", en: "Palladium" },
};

/** Karat is a name for gold fineness only: 750 → 18, 585 → 14, 375 → 9, 916 → 22. */
export function karatOf(fineness: number): number {
  return new Decimal(fineness).mul(24).div(1000).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

/**
 * "Or 750 ‰ · 18 ct" / "Gold 750 · 18k"; the karat part is optional (dropped first). French
 * says carats for gold too ("or 18 carats"); "k" is English only.
 */
export function metalParts(metal: { type: MetalType; fineness: number }, locale: string): TextPart[] {
  const fr = isFrench(locale);
  const name = METAL_NAMES[metal.type][fr ? "fr" : "en"];
  const parts: TextPart[] = [{ text: fr ? `${name} ${metal.fineness}\u00A0‰` : `${name} ${metal.fineness}` }];
  if (metal.type === "gold") {
    const k = karatOf(metal.fineness);
    parts.push({ text: fr ? `${k}\u00A0ct` : `${k}k`, optional: true, separator: " · " });
  }
  return parts;
}

export const METAL_ABBREVIATIONS: ReadonlyArray<readonly [string, string]> = [
  ["Platinum", "Pt"],
  ["Platine", "Pt"],
  ["Palladium", "Pd"],
  ["Argent", "Ag"],
  ["Silver", "Ag"],
  ["Gold", "Au"],
  ["\u00A0‰", "‰"],
];

/** "0,52 ct G VS1 · GIA 2141234567": the certificate part is optional. */
export function stoneParts(stone: StoneRow, locale: string): TextPart[] {
  const main = [formatCarat(stone.carat, locale), stone.color, stone.clarity].filter(Boolean).join(" ");
  const parts: TextPart[] = [{ text: main }];
  const cert = [stone.lab, stone.certificateNumber].filter(Boolean).join(" ");
  if (cert !== "") parts.push({ text: cert, optional: true, separator: " · " });
  return parts;
}

export const STONE_ABBREVIATIONS: ReadonlyArray<readonly [string, string]> = [["\u00A0ct", "ct"]];

/** A stone's name in the stones table, origin included, when the column is too narrow. */
export const STONE_NAME_ABBREVIATIONS: ReadonlyArray<readonly [string, string]> = [
  [" de synthèse", " synth."],
  [" naturelle", " nat."],
  [" naturel", " nat."],
  ["Lab-grown ", "Lab "],
  ["Natural ", "Nat. "],
];

/**
 * The total carat weight says nothing more when the piece has one stone and the tag already
 * prints that stone's weight (its stone line or its row in the stones table): printing it again
 * read "0,20 ct … 0,20 ct".
 */
export function caratTotalRepeatsStone(
  content: TagContent,
  printsStoneLine: boolean,
  printsStonesTable: boolean,
): boolean {
  if (content.caratTotal === undefined) return false;
  const same = (s: StoneRow | undefined) => s !== undefined && new Decimal(s.carat).eq(content.caratTotal!);
  const only = content.stones?.length === 1 ? content.stones[0] : undefined;
  return (
    (printsStoneLine && same(content.stone) && (content.stones ?? []).length <= 1) || (printsStonesTable && same(only))
  );
}
