// What a manufacturing job cost, from a replay of the shop's material stock: each material
// move of the job is charged at what it took out of (or brought back into) its class in that
// replay, so a back-dated move that changes those figures changes the job's cost too. Finished
// jobs split the metal lost into normal loss (kept in the piece's cost) and abnormal loss
// (expensed): see domain/materials/jobs.ts.
import Decimal from "decimal.js";
import { gramsToMg } from "./classes";
import {
  abnormalLossMinor,
  finishedPieceCost,
  jobCostMinor,
  summariseJobMetal,
  type JobMetalLine,
  type JobMetalSummary,
} from "./jobs";
import { toMinor, type ReplayResult, type ReplayRow } from "./replay";

export type JobForCosting = {
  status: string;
  finishedContent: string | null;
  normalLossBp: number | null;
  costs: readonly { kind: string; amountMinor: bigint }[];
  moves: readonly { id: string; classId: string; purpose: string; qty: string | null }[];
};

export type CostingClass = {
  id: string;
  code: string;
  label: string;
  kind: string;
  unit: string;
  metal: string | null;
  finenessBp: number | null;
};

export type JobClassLine = {
  classId: string;
  code: string;
  label: string;
  kind: string;
  unit: string;
  metal: string | null;
  finenessBp: number | null;
  issued: string;
  returned: string;
  recovered: string;
  /** What the job still holds: issued − returned − recovered. */
  held: string;
  costMinor: bigint;
};

export type JobCosting = {
  lines: JobClassLine[];
  moveCost: Map<string, bigint>;
  materialsMinor: bigint;
  labourMinor: bigint;
  overheadMinor: bigint;
  /** Materials + labour + overhead: what the job cost in all. */
  totalMinor: bigint;
  /** Finished jobs: loss and yield of metal, against the normal loss rate used. */
  metal: JobMetalSummary | null;
  normalLossBp: number;
  /** Finished jobs: the cost of the metal lost beyond the normal rate (expensed), and the piece's cost. */
  abnormalLossMinor: bigint;
  pieceCostMinor: bigint;
  /** A class's replay was refused: figures are incomplete. */
  error: string | null;
};

const rowIndex = new WeakMap<ReplayResult, Map<string, ReplayRow>>();

function rowOf(result: ReplayResult, moveId: string): ReplayRow | undefined {
  let index = rowIndex.get(result);
  if (!index) {
    index = new Map(result.rows.map((r) => [r.move.id, r]));
    rowIndex.set(result, index);
  }
  return index.get(moveId);
}

export function parseContent(raw: string | null): Record<string, string> {
  if (!raw) return {};
  try {
    return JSON.parse(raw) as Record<string, string>;
  } catch {
    return {};
  }
}

/** What a move charged the job: the stock value it took out, less what it booked as variance. */
export function chargedToJob(row: ReplayRow, decimals: number): bigint {
  const delta = toMinor(row.state.value, decimals) - toMinor(row.before.value, decimals);
  return -(delta + toMinor(row.state.variance, decimals));
}

export function costJob(
  job: JobForCosting,
  classes: ReadonlyMap<string, CostingClass>,
  results: ReadonlyMap<string, ReplayResult>,
  decimals: number,
  defaultNormalLossBp: number,
  inPieceOverride?: Record<string, string>,
): JobCosting {
  const order: string[] = [];
  for (const move of job.moves) if (!order.includes(move.classId)) order.push(move.classId);
  const moveCost = new Map<string, bigint>();
  const lines: JobClassLine[] = [];
  let error: string | null = null;
  for (const classId of order) {
    const cls = classes.get(classId);
    const result = results.get(classId);
    if (!cls || !result) continue;
    if (!result.ok) error ??= result.message;
    const mine = job.moves.filter((m) => m.classId === classId);
    let cost = 0n;
    for (const move of mine) {
      const row = rowOf(result, move.id);
      if (!row) continue;
      const charged = chargedToJob(row, decimals);
      moveCost.set(move.id, charged);
      cost += charged;
    }
    const sum = (purpose: string) =>
      mine.filter((m) => m.purpose === purpose).reduce((s, m) => s.plus(m.qty ?? "0"), new Decimal(0));
    const issued = sum("issue_job");
    const returned = sum("return_job");
    const recovered = sum("recovery");
    lines.push({
      classId,
      code: cls.code,
      label: cls.label,
      kind: cls.kind,
      unit: cls.unit,
      metal: cls.metal,
      finenessBp: cls.finenessBp,
      issued: issued.toFixed(),
      returned: returned.toFixed(),
      recovered: recovered.toFixed(),
      held: issued.minus(returned).minus(recovered).toFixed(),
      costMinor: cost,
    });
  }
  const labourMinor = job.costs.filter((c) => c.kind === "labour").reduce((s, c) => s + c.amountMinor, 0n);
  const overheadMinor = job.costs.filter((c) => c.kind === "overhead").reduce((s, c) => s + c.amountMinor, 0n);
  const materialsMinor = lines.reduce((s, l) => s + l.costMinor, 0n);
  const totalMinor = jobCostMinor({ materialsMinor, labourMinor, overheadMinor });
  const finished = job.status === "finished" || inPieceOverride !== undefined;
  const normalLossBp = job.normalLossBp ?? defaultNormalLossBp;
  if (!finished) {
    return {
      lines,
      moveCost,
      materialsMinor,
      labourMinor,
      overheadMinor,
      totalMinor,
      metal: null,
      normalLossBp,
      abnormalLossMinor: 0n,
      pieceCostMinor: totalMinor,
      error,
    };
  }
  const inPiece = inPieceOverride ?? parseContent(job.finishedContent);
  const metalLines = lines.filter((l) => l.kind === "metal" && l.finenessBp !== null);
  const metal = summariseJobMetal(
    metalLines.map((l): JobMetalLine => ({
      classId: l.classId,
      finenessBp: l.finenessBp!,
      issuedMg: gramsToMg(l.issued),
      returnedMg: gramsToMg(l.returned),
      recoveredMg: gramsToMg(l.recovered),
      inPieceMg: inPiece[l.classId] ? gramsToMg(inPiece[l.classId]!) : 0n,
    })),
    normalLossBp,
  );
  const abnormal = abnormalLossMinor(
    metalLines.map((l) => ({
      kind: l.kind,
      costMinor: l.costMinor,
      heldMg: gramsToMg(l.held),
      inPieceMg: inPiece[l.classId] ? gramsToMg(inPiece[l.classId]!) : 0n,
    })),
    metal.abnormalShare,
  );
  return {
    lines,
    moveCost,
    materialsMinor,
    labourMinor,
    overheadMinor,
    totalMinor,
    metal,
    normalLossBp,
    abnormalLossMinor: abnormal,
    pieceCostMinor: finishedPieceCost({ materialsMinor, labourMinor, overheadMinor, abnormalLossMinor: abnormal }),
    error,
  };
}
