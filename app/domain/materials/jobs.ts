/**
 * Manufacturing job maths: loss and yield of metal, in fine grams (alloys of different
 * fineness only add up as fine metal), and the finished piece's cost. Rates are on the net metal
 * issued (issued − returned unused): metal handed back untouched was never worked, so it neither
 * dilutes the loss rate nor the yield.
 *   net issued = issued − returned unused
 *   loss rate  = (net issued − recovered filings and sweeps − in finished piece) / net issued
 *   yield      = metal in finished piece / net issued
 * Rates are parts per 10,000, rounded half-up.
 *
 * Loss up to the normal loss rate is part of the cost of production; the loss beyond it
 * (abnormal wastage) is an expense of the period, never put in the piece's cost (IAS 2 §16 a,
 * PCG art. 213-32). The abnormal share of the loss is (loss − normal rate × net issued) / loss, in
 * fine metal; it takes that share of the cost of the metal lost in each class.
 */
import Decimal from "decimal.js";

export type JobMetalLine = {
  classId: string;
  finenessBp: number;
  issuedMg: bigint;
  returnedMg: bigint;
  recoveredMg: bigint;
  inPieceMg: bigint;
};

export type JobMetalSummary = {
  issuedFineMg: bigint;
  /** The base of the rates: issued − returned unused, in fine mg. */
  netIssuedFineMg: bigint;
  returnedFineMg: bigint;
  recoveredFineMg: bigint;
  inPieceFineMg: bigint;
  lossFineMg: bigint;
  /** null when nothing was issued. */
  lossBp: number | null;
  yieldBp: number | null;
  abnormal: boolean;
  /** Fine metal lost beyond the normal loss rate (milligrams, half-up); 0 when within it. */
  abnormalFineMg: bigint;
  /** Share of the loss that is abnormal, exactly: abnormalShare[0] / abnormalShare[1] (0/1 when none). */
  abnormalShare: readonly [bigint, bigint];
};

function fine(mg: bigint, bp: number): bigint {
  const negative = mg < 0n;
  const abs = negative ? -mg : mg;
  const value = (2n * abs * BigInt(bp) + 10000n) / 20000n;
  return negative ? -value : value;
}

/** part / whole in parts per 10,000, half away from zero. */
export function ratioBp(part: bigint, whole: bigint): number {
  if (whole <= 0n) throw new RangeError("ratioBp needs a positive whole");
  const negative = part < 0n;
  const abs = negative ? -part : part;
  const bp = (2n * abs * 10000n + whole) / (2n * whole);
  return Number(negative ? -bp : bp);
}

export function summariseJobMetal(lines: readonly JobMetalLine[], normalLossBp: number): JobMetalSummary {
  let issued = 0n;
  let returned = 0n;
  let recovered = 0n;
  let inPiece = 0n;
  // Rates from exact fine metal (mg × fineness, unrounded), so rounding each figure to the
  // milligram for display never moves a rate.
  let netExact = 0n;
  let lossExact = 0n;
  let inPieceExact = 0n;
  for (const line of lines) {
    issued += fine(line.issuedMg, line.finenessBp);
    returned += fine(line.returnedMg, line.finenessBp);
    recovered += fine(line.recoveredMg, line.finenessBp);
    inPiece += fine(line.inPieceMg, line.finenessBp);
    const bp = BigInt(line.finenessBp);
    netExact += (line.issuedMg - line.returnedMg) * bp;
    lossExact += (line.issuedMg - line.returnedMg - line.recoveredMg - line.inPieceMg) * bp;
    inPieceExact += line.inPieceMg * bp;
  }
  const loss = issued - returned - recovered - inPiece;
  const lossBp = netExact > 0n ? ratioBp(lossExact, netExact) : null;
  const yieldBp = netExact > 0n ? ratioBp(inPieceExact, netExact) : null;
  // In mg × bp × 10,000: loss beyond what the normal rate allows on the net metal issued.
  const beyond = lossExact * 10000n - netExact * BigInt(normalLossBp);
  const abnormal = lossBp !== null && lossBp > normalLossBp && beyond > 0n;
  const abnormalShare: readonly [bigint, bigint] = abnormal ? [beyond, lossExact * 10000n] : [0n, 1n];
  const abnormalFineMg = abnormal ? (2n * beyond + 100_000_000n) / 200_000_000n : 0n;
  return {
    issuedFineMg: issued,
    netIssuedFineMg: issued - returned,
    returnedFineMg: returned,
    recoveredFineMg: recovered,
    inPieceFineMg: inPiece,
    lossFineMg: loss,
    lossBp,
    yieldBp,
    abnormal,
    abnormalFineMg,
    abnormalShare,
  };
}

export type JobCostLine = {
  kind: string;
  /** Net cost of what the job consumed of this class (issues less returns and recoveries, at their cost). */
  costMinor: bigint;
  /** Alloy (metal) held by the job: issued − returned − recovered, and what went into the piece, in mg. */
  heldMg: bigint;
  inPieceMg: bigint;
};

/**
 * The cost of the metal lost abnormally: for each metal class, the cost of what the job lost
 * (cost × (held − in piece) / held), times the abnormal share of the loss; one rounding, half-up.
 */
export function abnormalLossMinor(lines: readonly JobCostLine[], share: readonly [bigint, bigint]): bigint {
  if (share[0] === 0n) return 0n;
  let lostCost = new Decimal(0);
  for (const line of lines) {
    if (line.kind !== "metal" || line.heldMg <= 0n) continue;
    const lost = line.heldMg - line.inPieceMg;
    if (lost <= 0n) continue;
    lostCost = lostCost.plus(new Decimal(line.costMinor.toString()).mul(lost.toString()).div(line.heldMg.toString()));
  }
  const value = lostCost.mul(share[0].toString()).div(share[1].toString()).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  return BigInt(value.toFixed(0));
}

export type JobCostInput = { materialsMinor: bigint; labourMinor: bigint; overheadMinor: bigint };

/** What the job cost in all: net materials (issued less returned, at their cost) + labour + overhead. */
export function jobCostMinor(input: JobCostInput): bigint {
  return input.materialsMinor + input.labourMinor + input.overheadMinor;
}

/** The finished piece's cost: what the job cost less the abnormal loss, which is expensed. */
export function finishedPieceCost(input: JobCostInput & { abnormalLossMinor: bigint }): bigint {
  return jobCostMinor(input) - input.abnormalLossMinor;
}

/** Metal put into the finished piece cannot exceed what the job still holds. */
export function checkFinishedMetal(line: JobMetalLine): "OK" | "EXCEEDS_ISSUED" {
  return line.inPieceMg > line.issuedMg - line.returnedMg - line.recoveredMg ? "EXCEEDS_ISSUED" : "OK";
}
