/**
 * Metals and fineness. Fineness is stored in basis points of purity (parts per 10,000) so
 * that 999.9 ‰ fits an integer: 999.9 ‰ = 9999, 750 ‰ = 7500.
 */
import { DomainError, NBSP } from "./errors";

export const METALS = ["gold", "silver", "platinum", "palladium", "rhodium", "other"] as const;
export type Metal = (typeof METALS)[number];

/** Gold alloy colours; rose and red are different alloys (more copper in red). */
export const GOLD_COLOURS = ["yellow", "white", "rose", "red", "green", "grey"] as const;
export type GoldColour = (typeof GOLD_COLOURS)[number];

export type MetalsErrorCode = "INVALID" | "UNKNOWN_FINENESS" | "KARAT_GOLD_ONLY" | "NO_FINENESS";

export class MetalsError extends DomainError<MetalsErrorCode> {}

export interface Fineness {
  bp: number;
  /** Karats for gold (24 k = pure); null for other metals. */
  karat: number | null;
  /** Common name beside the number, same in English and French. */
  name: string | null;
}

/**
 * Legal or common finenesses. French legal titles (Code de commerce L832): gold 999, 916,
 * 750, 585, 375; silver 999, 925, 800; platinum 999, 950, 900, 850. UK adds silver 958
 * (Britannia) and palladium 999, 950, 500; 417 (10 k) and 583 (older 14 k) are US, 333
 * (8 k) German. Rhodium is a plating only: it has no fineness. "other" is unchecked.
 */
export const FINENESS_TABLE: Readonly<Record<Exclude<Metal, "rhodium" | "other">, readonly Fineness[]>> = {
  gold: [
    { bp: 9999, karat: 24, name: null },
    { bp: 9990, karat: 24, name: null },
    { bp: 9160, karat: 22, name: null },
    { bp: 7500, karat: 18, name: null },
    { bp: 5850, karat: 14, name: null },
    { bp: 5830, karat: 14, name: null },
    { bp: 4170, karat: 10, name: null },
    { bp: 3750, karat: 9, name: null },
    { bp: 3330, karat: 8, name: null },
  ],
  silver: [
    { bp: 9990, karat: null, name: null },
    { bp: 9580, karat: null, name: "Britannia" },
    { bp: 9250, karat: null, name: "sterling" },
    { bp: 9000, karat: null, name: null },
    { bp: 8000, karat: null, name: null },
  ],
  platinum: [
    { bp: 9990, karat: null, name: null },
    { bp: 9500, karat: null, name: null },
    { bp: 9000, karat: null, name: null },
    { bp: 8500, karat: null, name: null },
  ],
  palladium: [
    { bp: 9990, karat: null, name: null },
    { bp: 9500, karat: null, name: null },
    { bp: 5000, karat: null, name: null },
  ],
};

/** The table row for a fineness, or null when it is not legal/common for that metal. */
export function findFineness(bp: number, metal: Metal): Fineness | null {
  if (metal === "rhodium" || metal === "other") return null;
  return FINENESS_TABLE[metal].find((f) => f.bp === bp) ?? null;
}

/** Fineness a karat number stands for: the legal title, not the exact k/24 (18 k = 750). */
const KARAT_TO_BP: ReadonlyMap<number, number> = new Map([
  [24, 9990],
  [22, 9160],
  [18, 7500],
  [14, 5850],
  [10, 4170],
  [9, 3750],
  [8, 3330],
]);

/**
 * Reads a fineness as people write it: "750", "750‰", "750/1000", "0.750", "75%",
 * "999.9", "18k", "18 K", "18 kt", "18 ct", "18 carats". Returns basis points, refusing
 * finenesses that are not legal/common for the metal (gold 751, platinum 925).
 */
export function parseFineness(input: string, metal: Metal): number {
  if (metal === "rhodium") {
    throw new MetalsError("NO_FINENESS", "Rhodium is a plating and has no fineness");
  }
  const s = input.trim().toLowerCase().replace(/\s+/g, " ");
  let bp: number | null = null;
  const karat = /^(\d{1,2}) ?(k|kt|ct|carats?|karats?)$/.exec(s);
  const permille = /^(\d{1,4})(?:[.,](\d))? ?(‰|\/ ?1000)?$/.exec(s);
  const fraction = /^0?[.,](\d{1,4})$/.exec(s);
  const percent = /^(\d{1,3})(?:[.,](\d{1,2}))? ?%$/.exec(s);
  if (karat) {
    if (metal !== "gold" && metal !== "other") {
      throw new MetalsError("KARAT_GOLD_ONLY", `Karats apply to gold only: "${input}"`, { input });
    }
    const k = Number(karat[1]);
    bp = KARAT_TO_BP.get(k) ?? null;
    if (bp === null) throw new MetalsError("UNKNOWN_FINENESS", `Unknown karat: "${input}"`, { input });
  } else if (fraction) {
    bp = Number((fraction[1] ?? "").padEnd(4, "0"));
  } else if (permille) {
    bp = Number(permille[1]) * 10 + Number(permille[2] ?? "0");
  } else if (percent) {
    bp = Number(percent[1]) * 100 + Number((percent[2] ?? "").padEnd(2, "0"));
  }
  if (bp === null || bp > 10000 || bp <= 0) {
    throw new MetalsError("INVALID", `Not a fineness: "${input}"`, { input });
  }
  if (metal !== "other" && findFineness(bp, metal) === null) {
    throw new MetalsError("UNKNOWN_FINENESS", `${formatPermille(bp, "en")} ‰ is not a known ${metal} fineness`, {
      input,
      metal,
    });
  }
  return bp;
}

function isFrench(locale: string): boolean {
  return /^fr\b/i.test(locale);
}

/** 7500 -> "750"; 9999 -> "999.9" (fr "999,9"). */
export function formatPermille(bp: number, locale: string): string {
  const int = Math.trunc(bp / 10);
  const tenth = bp % 10;
  return tenth === 0 ? String(int) : `${int}${isFrench(locale) ? "," : "."}${tenth}`;
}

/** "18 k" (en) / "18 carats" (fr), or null when the fineness is not a gold karat. */
export function karatName(bp: number, locale = "en"): string | null {
  const karat = findFineness(bp, "gold")?.karat ?? null;
  if (karat === null) return null;
  return isFrench(locale) ? `${karat}${NBSP}carats` : `${karat}${NBSP}k`;
}

/**
 * "750 ‰ (18 k)" / "750 ‰ (18 carats)" / "925 ‰ (sterling)". No-break spaces inside, so
 * a narrow tag never splits the number from its unit.
 */
export function finenessLabel(bp: number, metal: Metal, locale: string): string {
  const number = `${formatPermille(bp, locale)}${NBSP}‰`;
  const extra = metal === "gold" ? karatName(bp, locale) : (findFineness(bp, metal)?.name ?? null);
  return extra === null ? number : `${number} (${extra})`;
}

/** Fine (pure metal) weight in mg, half-up: gross × fineness / 10,000. */
export function fineWeightMg(grossMg: bigint, finenessBp: number): bigint {
  if (!Number.isInteger(finenessBp) || finenessBp < 0 || finenessBp > 10000) {
    throw new MetalsError("INVALID", `Fineness must be 0-10000 basis points, got ${finenessBp}`);
  }
  if (grossMg < 0n) throw new MetalsError("INVALID", `Gross weight must not be negative, got ${grossMg}`);
  return (2n * grossMg * BigInt(finenessBp) + 10000n) / 20000n;
}

export type HallmarkCountry = "FR" | "GB";

/**
 * Current state hallmark names. France: gold 999 hippocampe, 916 and 750 tête d'aigle (the
 * frame differs), 585 coquille Saint-Jacques, 375 trèfle; silver 999 amphore, 925 Minerve
 * 1er titre, 800 Minerve 2e titre; platinum tête de chien. UK: the traditional symbols
 * struck beside the millesimal mark. Null when no mark exists (e.g. palladium in France).
 */
const HALLMARKS: Record<HallmarkCountry, Partial<Record<Metal, Readonly<Record<number, string>>>>> = {
  FR: {
    gold: {
      9990: "hippocampe",
      9160: "tête d'aigle",
      7500: "tête d'aigle",
      5850: "coquille Saint-Jacques",
      3750: "trèfle",
    },
    silver: { 9990: "amphore", 9250: "Minerve 1er titre", 8000: "Minerve 2e titre" },
    platinum: { 9990: "tête de chien", 9500: "tête de chien", 9000: "tête de chien", 8500: "tête de chien" },
  },
  GB: {
    gold: { 9990: "crown", 9160: "crown", 7500: "crown", 5850: "crown", 3750: "crown" },
    silver: { 9580: "Britannia", 9250: "lion passant" },
    platinum: { 9990: "orb", 9500: "orb", 9000: "orb", 8500: "orb" },
    palladium: { 9500: "Pallas Athene head" },
  },
};

export function hallmarkName(metal: Metal, finenessBp: number, country: HallmarkCountry = "FR"): string | null {
  return HALLMARKS[country][metal]?.[finenessBp] ?? null;
}
