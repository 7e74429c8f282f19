/**
 * Impairment: stock is carried at cost unless its market value (metal: fine grams × the
 * reference price of the day) or net realisable value (stones, pieces: expected price less
 * costs to sell) falls below it. The write-down is an allowance booked apart from cost
 * (dotation 6817 / reprise 7817): cost history never changes, and a recovery reverses the
 * allowance, never beyond what was written down.
 */
import Decimal from "decimal.js";

/** fine mg × price per gram of fine metal, in minor units (half-up). */
export function metalMarketMinor(fineMg: bigint, pricePerGram: string, currencyDecimals: number): bigint {
  return BigInt(
    new Decimal(fineMg.toString())
      .div(1000)
      .mul(pricePerGram)
      .mul(new Decimal(10).pow(currencyDecimals))
      .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
      .toFixed(0),
  );
}

/** qty × value per unit, in minor units (half-up). */
export function unitValueMinor(qty: string, unitValue: string, currencyDecimals: number): bigint {
  return BigInt(
    new Decimal(qty)
      .mul(unitValue)
      .mul(new Decimal(10).pow(currencyDecimals))
      .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
      .toFixed(0),
  );
}

/** A piece's net realisable value: price less the share of costs to sell (parts per 10,000). */
export function pieceNrvMinor(priceMinor: bigint, sellingCostBp: number): bigint {
  const keep = BigInt(10000 - sellingCostBp);
  return (2n * priceMinor * keep + 10000n) / 20000n;
}

export type ImpairmentLine = {
  costMinor: bigint;
  marketMinor: bigint;
  /** Allowance already booked (write-downs less reversals). */
  allowanceMinor: bigint;
};

export type ImpairmentProposal = {
  /** What the allowance should be: max(0, cost − market). */
  neededMinor: bigint;
  /** Positive: write down this much more; negative: reverse this much; zero: nothing to book. */
  bookMinor: bigint;
};

export function proposeImpairment(line: ImpairmentLine): ImpairmentProposal {
  const shortfall = line.costMinor - line.marketMinor;
  const neededMinor = shortfall > 0n ? shortfall : 0n;
  return { neededMinor, bookMinor: neededMinor - line.allowanceMinor };
}
