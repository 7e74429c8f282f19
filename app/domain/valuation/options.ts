import { ValuationError } from "./errors";
import { VALUATION_METHODS, type ResolvedOptions, type ValuationMethod, type ValuationOptions } from "./types";

export function resolveOptions(method: unknown, options: ValuationOptions | undefined): ResolvedOptions {
  if (typeof method !== "string" || !(VALUATION_METHODS as readonly string[]).includes(method)) {
    throw new ValuationError(
      "BAD_OPTION",
      null,
      `Unknown valuation method ${JSON.stringify(method)}; use one of ${VALUATION_METHODS.join(", ")}`,
    );
  }
  const currencyDecimals = options?.currencyDecimals ?? 2;
  if (currencyDecimals !== 0 && currencyDecimals !== 2 && currencyDecimals !== 3) {
    throw new ValuationError("BAD_OPTION", null, `currencyDecimals must be 0, 2 or 3, got ${String(currencyDecimals)}`);
  }
  const rounding = options?.rounding ?? "half-up";
  if (rounding !== "half-up" && rounding !== "half-even") {
    throw new ValuationError("BAD_OPTION", null, `rounding must be "half-up" or "half-even", got ${String(rounding)}`);
  }
  const negativeStock = options?.negativeStock ?? "refuse";
  if (negativeStock !== "refuse" && negativeStock !== "allow") {
    throw new ValuationError(
      "BAD_OPTION",
      null,
      `negativeStock must be "refuse" or "allow", got ${String(negativeStock)}`,
    );
  }
  return { currencyDecimals, rounding, negativeStock };
}

export function isMethod(method: unknown): method is ValuationMethod {
  return typeof method === "string" && (VALUATION_METHODS as readonly string[]).includes(method);
}

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * Checks a decimal string field and returns it. Quantities must be > 0; costs >= 0.
 * Only strings are accepted: a JS number may already carry a binary rounding error.
 */
export function checkDecimalText(raw: unknown, field: string, kind: "qty" | "cost", moveIndex: number): string {
  if (typeof raw !== "string" || !DECIMAL_TEXT.test(raw)) {
    throw new ValuationError(
      "INVALID_NUMBER",
      moveIndex,
      `${field} ${JSON.stringify(raw) ?? String(raw)} is not a decimal number written as a string like "12.5"`,
    );
  }
  const isZero = /^-?[0.]+$/.test(raw);
  if (raw.startsWith("-") && !isZero) {
    if (kind === "cost") {
      throw new ValuationError(
        "NEGATIVE_COST",
        moveIndex,
        `${field} ${raw} is negative; a unit cost cannot be below zero`,
      );
    }
    throw new ValuationError(
      "NEGATIVE_QUANTITY",
      moveIndex,
      `${field} ${raw} is negative; record goods coming back with a return or a receipt instead`,
    );
  }
  if (kind === "qty" && isZero) {
    throw new ValuationError("ZERO_QUANTITY", moveIndex, `${field} must be greater than zero`);
  }
  return raw;
}
