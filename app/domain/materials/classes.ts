/**
 * Material stock classes: metal by type and fineness (grams of alloy; fine grams derived),
 * small stones by lot (type × size range × quality, carats, average cost), loose stones one by
 * one (specific identification, pieces), work in progress and finished goods (derived from jobs
 * and pieces). Quantities are decimal strings in the class unit.
 */
import Decimal from "decimal.js";
import { fineWeightMg } from "../metals";
import { parseDecimalInput, partsToDecimalText } from "../decimal-input";
import type { ValuationMethod } from "../valuation/index";

export const CLASS_KINDS = ["metal", "stone_lot", "stone_single"] as const;
export type ClassKind = (typeof CLASS_KINDS)[number];

export const CLASS_UNITS: Record<ClassKind, "g" | "ct" | "pc"> = { metal: "g", stone_lot: "ct", stone_single: "pc" };

/** Decimals a quantity may have in each unit: milligrams, thousandths of a carat, whole stones. */
export const UNIT_DECIMALS: Record<"g" | "ct" | "pc", number> = { g: 3, ct: 3, pc: 0 };

/** Methods a person may choose; LIFO is only a comparison, a single stone is always itself. */
export const CHOOSABLE_METHODS: readonly ValuationMethod[] = ["fifo", "moving_average", "periodic_average", "standard"];

export function slug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

export type ClassCodeInput =
  | { kind: "metal"; metal: string; finenessBp: number; investment?: boolean; form?: string | null }
  | { kind: "stone_lot"; stoneType: string; sizeRange: string; quality: string }
  | { kind: "stone_single"; stoneType: string; reference: string };

/** "gold-7500", "gold-9999-investment", "silver-9250-sheet", "lot-diamond-0.01-0.03-gh-si", "stone-gia-2141438167". */
export function classCode(input: ClassCodeInput): string {
  switch (input.kind) {
    case "metal":
      return [
        input.metal,
        String(input.finenessBp),
        input.investment ? "investment" : null,
        input.form ? slug(input.form) : null,
      ]
        .filter(Boolean)
        .join("-");
    case "stone_lot":
      return ["lot", slug(input.stoneType), slug(input.sizeRange), slug(input.quality)].join("-");
    case "stone_single":
      return ["stone", slug(input.stoneType), slug(input.reference)].join("-");
  }
}

/** Forms that make investment gold a coin (the class's `form`, as slug() writes it). */
const COIN_FORMS = new Set(["coin", "coins", "piece", "pieces", "monnaie", "monnaies"]);

/**
 * Investment gold (CGI art. 298 sexdecies A, VAT directive 2006/112/EC art. 344): a bar or wafer
 * of at least 995 ‰ fine; a coin of at least 900 ‰ (its other conditions, minted after 1800 and
 * legal tender in its country, are the coin's own and not checked here). The minimum fineness in
 * parts per 10,000 for a class of this form, and whether it is met.
 */
export function investmentGoldFineness(
  finenessBp: number,
  form: string | null | undefined,
): { ok: boolean; minBp: number; coin: boolean } {
  const coin = form ? COIN_FORMS.has(slug(form)) : false;
  const minBp = coin ? 9000 : 9950;
  return { ok: finenessBp >= minBp, minBp, coin };
}

/**
 * A quantity as the engine wants it ("12.5", no trailing zeros), or null when not valid for the
 * unit. Read by the one number parser (app/domain/decimal-input.ts): "1 250,5 g", "4,12".
 */
export function normaliseQty(raw: string, unit: "g" | "ct" | "pc", locale?: string): string | null {
  const parts = parseDecimalInput(raw, { locale, units: unit === "pc" ? [] : [unit] });
  if (!parts || parts.negative) return null;
  if (parts.fracDigits.replace(/0+$/, "").length > UNIT_DECIMALS[unit]) return null;
  const value = new Decimal(partsToDecimalText(parts));
  if (value.lte(0)) return null;
  return value.toFixed();
}

/**
 * A unit cost or price typed by a person ("62,35", "62.35", "4 850,00 €"), at most 6 decimals,
 * never negative.
 */
export function normaliseUnitCost(
  raw: string,
  locale?: string,
): { ok: true; value: string } | { ok: false; code: "INVALID" | "NEGATIVE" } {
  const parts = parseDecimalInput(raw, { locale, units: ["€", "EUR", "/g", "€/g"] });
  if (!parts || parts.fracDigits.length > 6) return { ok: false, code: "INVALID" };
  if (parts.negative) return { ok: false, code: "NEGATIVE" };
  return { ok: true, value: new Decimal(partsToDecimalText(parts)).toFixed() };
}

/** Grams (decimal string) to milligrams, exact (metal quantities have at most 3 decimals). */
export function gramsToMg(qty: string): bigint {
  return BigInt(new Decimal(qty).mul(1000).toFixed(0));
}

export function mgToGrams(mg: bigint): string {
  return new Decimal(mg.toString()).div(1000).toFixed();
}

/** Fine metal in a quantity of alloy of a metal class. */
export function fineMgOf(qty: string, finenessBp: number): bigint {
  const mg = gramsToMg(qty);
  return mg < 0n ? -fineWeightMg(-mg, finenessBp) : fineWeightMg(mg, finenessBp);
}

/** "12.5" g in fr-FR -> "12,50 g"; 2 to 3 decimals, never rounded away below a milligram. */
export function formatQty(qty: string, unit: string, intlLocale: string): string {
  // Grams and carats at least to the hundredth, as the scales show them ("6,20 g", not "6,2 g").
  const text = new Intl.NumberFormat(intlLocale, {
    minimumFractionDigits: unit === "pc" ? 0 : 2,
    maximumFractionDigits: 3,
  }).format(qty as `${number}`);
  return `${text}\u00a0${unit === "pc" ? "pc" : unit}`;
}
