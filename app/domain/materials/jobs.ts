/**
 * Manufacturing job maths: loss and yield of metal, in fine grams (alloys of different
 * fineness only add up as fine metal), and the finished piece's cost.
 *   loss rate = (issued − returned − in finished piece) / issued   (returned includes recovered filings and sweeps)
 *   yield     = metal in finished piece / metal issued
 * Rates are parts per 10,000, rounded half-up.
 */
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
  returnedFineMg: bigint;
  recoveredFineMg: bigint;
  inPieceFineMg: bigint;
  lossFineMg: bigint;
  /** null when nothing was issued. */
  lossBp: number | null;
  yieldBp: number | null;
  abnormal: boolean;
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
  let issuedExact = 0n;
  let lossExact = 0n;
  let inPieceExact = 0n;
  for (const line of lines) {
    issued += fine(line.issuedMg, line.finenessBp);
    returned += fine(line.returnedMg, line.finenessBp);
    recovered += fine(line.recoveredMg, line.finenessBp);
    inPiece += fine(line.inPieceMg, line.finenessBp);
    const bp = BigInt(line.finenessBp);
    issuedExact += line.issuedMg * bp;
    lossExact += (line.issuedMg - line.returnedMg - line.recoveredMg - line.inPieceMg) * bp;
    inPieceExact += line.inPieceMg * bp;
  }
  const loss = issued - returned - recovered - inPiece;
  const lossBp = issuedExact > 0n ? ratioBp(lossExact, issuedExact) : null;
  const yieldBp = issuedExact > 0n ? ratioBp(inPieceExact, issuedExact) : null;
  return {
    issuedFineMg: issued,
    returnedFineMg: returned,
    recoveredFineMg: recovered,
    inPieceFineMg: inPiece,
    lossFineMg: loss,
    lossBp,
    yieldBp,
    abnormal: lossBp !== null && lossBp > normalLossBp,
  };
}

export type JobCostInput = { materialsMinor: bigint; labourMinor: bigint; overheadMinor: bigint };

/** The finished piece's cost: net materials (issued less returned, at their cost) + labour + overhead. */
export function jobCostMinor(input: JobCostInput): bigint {
  return input.materialsMinor + input.labourMinor + input.overheadMinor;
}

/** Metal put into the finished piece cannot exceed what the job still holds. */
export function checkFinishedMetal(line: JobMetalLine): "OK" | "EXCEEDS_ISSUED" {
  return line.inPieceMg > line.issuedMg - line.returnedMg - line.recoveredMg ? "EXCEEDS_ISSUED" : "OK";
}
