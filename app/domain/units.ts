/**
 * Weights. Metal weights are stored as integer milligrams (bigint, BIGINT column); stone
 * weights as integer thousandths of a carat ("millicarats", a plain number: an INT column).
 * Conversions use exact rationals, never floating point.
 */
import { readDecimalInput, scaledToDecimalText } from "./decimal-input";
import { DomainError, INT64_MAX, NBSP } from "./errors";

export type UnitsErrorCode =
  "INVALID" | "AMBIGUOUS" | "TOO_MANY_DECIMALS" | "NEGATIVE" | "OUT_OF_RANGE" | "UNKNOWN_UNIT";

export class UnitsError extends DomainError<UnitsErrorCode> {}

export const WEIGHT_UNITS = ["g", "mg", "dwt", "ozt", "ct"] as const;
export type WeightUnit = (typeof WEIGHT_UNITS)[number];

interface UnitDef {
  /** Milligrams per unit as numerator / denominator (exact). */
  mgNum: bigint;
  mgDen: bigint;
  /**
   * Most decimals accepted on input, also the default shown: enough to reach about 1 mg and
   * no more (finer digits would be precision the scale never had). g: 0.001 g = 1 mg;
   * dwt: 0.001 dwt = 1.555 mg; ozt: 0.0001 ozt = 3.1 mg; ct: 0.001 ct, the stone scale.
   */
  decimals: number;
  symbol: string;
}

const UNITS: Record<WeightUnit, UnitDef> = {
  mg: { mgNum: 1n, mgDen: 1n, decimals: 0, symbol: "mg" },
  g: { mgNum: 1000n, mgDen: 1n, decimals: 3, symbol: "g" },
  // 1 dwt = 24 grains = 1.55517384 g exactly (1 grain = 64.79891 mg).
  dwt: { mgNum: 155517384n, mgDen: 100000n, decimals: 3, symbol: "dwt" },
  // 1 troy ounce = 20 dwt = 31.1034768 g exactly.
  ozt: { mgNum: 311034768n, mgDen: 10000n, decimals: 4, symbol: "oz t" },
  // Metric carat, 200 mg.
  ct: { mgNum: 200n, mgDen: 1n, decimals: 3, symbol: "ct" },
};

/** What a person may type after a weight in the unit ("4,12 g", "0,52 ct", "1.5 dwt"). */
const UNIT_MARKS: Record<WeightUnit, readonly string[]> = {
  mg: ["mg"],
  g: ["g", "gr", "grammes", "grams"],
  dwt: ["dwt"],
  ozt: ["oz t", "ozt", "oz"],
  ct: ["ct", "carat", "carats"],
};

function unitDef(unit: string): UnitDef {
  const def = (UNITS as Record<string, UnitDef | undefined>)[unit];
  if (def === undefined) throw new UnitsError("UNKNOWN_UNIT", `Unknown weight unit: "${unit}"`, { unit });
  return def;
}

/** Half-up division of non-negative integers. */
function divHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

/** Half away from zero, for display of possibly negative differences. */
function divRound(numerator: bigint, denominator: bigint): bigint {
  return numerator < 0n ? -divHalfUp(-numerator, denominator) : divHalfUp(numerator, denominator);
}

/** Digits of a decimal input, checked for sign, garbage and decimal count. */
function readDecimal(
  value: string,
  maxDecimals: number,
  what: string,
  locale: string,
  units: readonly string[],
): { scaled: bigint; decimals: number } {
  const parts = readDecimalInput(value, { locale, units });
  if ("refused" in parts) {
    const [thousands = "", decimal = ""] = parts.readings ?? [];
    throw new UnitsError(parts.refused, `Not a ${what}: "${value}"`, { input: value, thousands, decimal });
  }
  if (parts.fracDigits.length > maxDecimals) {
    throw new UnitsError("TOO_MANY_DECIMALS", `At most ${maxDecimals} decimal(s) for ${what}: "${value}"`, {
      input: value,
      decimals: maxDecimals,
    });
  }
  const scaled = BigInt((parts.intDigits || "0") + parts.fracDigits);
  if (parts.negative && scaled !== 0n) {
    throw new UnitsError("NEGATIVE", `Negative ${what} refused: "${value}"`, { input: value });
  }
  return { scaled, decimals: parts.fracDigits.length };
}

/**
 * "1.5" dwt -> 2333 mg. Exact; rounds half-up to the milligram only when the conversion
 * itself produces a fraction of a mg (dwt, ozt, ct), never for g input, which may have at
 * most 3 decimals. `locale` only settles "1,250" vs "1.250" (see decimal-input.ts).
 */
export function toMilligrams(value: string, unit: WeightUnit, locale = "en"): bigint {
  const def = unitDef(unit);
  const { scaled, decimals } = readDecimal(value, def.decimals, `weight in ${unit}`, locale, UNIT_MARKS[unit]);
  const mg = divHalfUp(scaled * def.mgNum, def.mgDen * 10n ** BigInt(decimals));
  if (mg > INT64_MAX) throw new UnitsError("OUT_OF_RANGE", `Weight out of range: "${value}" ${unit}`);
  return mg;
}

/** 2333n mg in dwt -> "1.500"; rounds half away from zero to `decimals` (default per unit). */
export function fromMilligrams(mg: bigint, unit: WeightUnit, decimals?: number): string {
  const def = unitDef(unit);
  const places = decimals ?? def.decimals;
  if (!Number.isInteger(places) || places < 0 || places > 12) {
    throw new UnitsError("INVALID", `Decimals must be an integer 0-12, got ${places}`);
  }
  return scaledToDecimalText(divRound(mg * def.mgDen * 10n ** BigInt(places), def.mgNum), places);
}

function formatDecimal(decimal: string, places: number, locale: string): string {
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: places,
    maximumFractionDigits: places,
  }).format(decimal as `${number}`);
}

/** 12345n mg, "g", "fr-FR" -> "12,345 g" (no-break space before the unit). */
export function formatWeight(mg: bigint, unit: WeightUnit, locale: string, decimals?: number): string {
  const def = unitDef(unit);
  const places = decimals ?? def.decimals;
  return `${formatDecimal(fromMilligrams(mg, unit, places), places, locale)}${NBSP}${def.symbol}`;
}

// ---------------------------------------------------------------- stones (millicarats)

/** Stones weigh up to this many millicarats: the INT column's limit (2,147,483 ct). */
export const MAX_MILLICARATS = 2_147_483_647;

/** "0.523" -> 523 millicarats; at most 3 decimals (stones are weighed to 0.001 ct). */
export function parseCarats(input: string, locale = "en"): number {
  const { scaled, decimals } = readDecimal(input, 3, "carat weight", locale, UNIT_MARKS.ct);
  const millicarats = scaled * 10n ** BigInt(3 - decimals);
  if (millicarats > BigInt(MAX_MILLICARATS)) {
    throw new UnitsError("OUT_OF_RANGE", `Carat weight out of range: "${input}"`, { input });
  }
  return Number(millicarats);
}

function checkMillicarats(millicarats: number, what: string): void {
  if (!Number.isSafeInteger(millicarats) || millicarats < 0) {
    throw new UnitsError("INVALID", `${what} must be a non-negative integer, got ${millicarats}`);
  }
}

/** 523 -> "0.523 ct" (en) / "0,523 ct" (fr), always 3 decimals, no-break space. */
export function formatCarats(millicarats: number, locale: string): string {
  checkMillicarats(millicarats, "Millicarats");
  return `${formatDecimal(scaledToDecimalText(BigInt(millicarats), 3), 3, locale)}${NBSP}ct`;
}

/** Total weight of stones in millicarats: a melee lot counts `count` stones of `millicarats` each. */
export function caratTotal(stones: readonly { millicarats: number; count: number }[]): number {
  let total = 0;
  for (const stone of stones) {
    checkMillicarats(stone.millicarats, "Millicarats");
    checkMillicarats(stone.count, "Stone count");
    total += stone.millicarats * stone.count;
    if (!Number.isSafeInteger(total)) throw new UnitsError("OUT_OF_RANGE", "Carat total out of range");
  }
  return total;
}

/** Milligrams to millicarats exactly when possible (1 ct = 200 mg, so 1 mg = 5 millicarats). */
export function milligramsToMillicarats(mg: bigint): number {
  const millicarats = mg * 5n;
  if (millicarats > BigInt(MAX_MILLICARATS) || millicarats < 0n) {
    throw new UnitsError("OUT_OF_RANGE", `Weight out of range for carats: ${mg} mg`);
  }
  return Number(millicarats);
}

// ---------------------------------------------------------------- plausibility

/** A single piece heavier than this is a typing error (2 kg: a heavy torque is ~500 g). */
export const MAX_PIECE_WEIGHT_MG = 2_000_000n;

export type PieceWeightCheck = { ok: true } | { ok: false; code: "ZERO_WEIGHT" | "NEGATIVE" | "ABSURD_WEIGHT" };

export function checkPieceWeight(mg: bigint): PieceWeightCheck {
  if (mg < 0n) return { ok: false, code: "NEGATIVE" };
  if (mg === 0n) return { ok: false, code: "ZERO_WEIGHT" };
  if (mg > MAX_PIECE_WEIGHT_MG) return { ok: false, code: "ABSURD_WEIGHT" };
  return { ok: true };
}
