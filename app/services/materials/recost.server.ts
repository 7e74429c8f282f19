// Re-costing: when what a job's materials cost changes (a back-dated move, a method change), the
// job's cost follows, and a finished job's piece and the entries of its sale with it.
import type { Tx } from "../../models/transaction.server";
import { appendAudit } from "../../models/audit.server";
import type { Actor } from "../../models/actor";
import { listJobsWithMoves, recostFinishedJob, setPieceCost } from "../../models/materials-jobs.server";
import { countClosedPieceSaleEntries, recostPieceSaleEntries } from "../../models/materials-piece-sales.server";
import type { NewMove } from "../../models/materials-moves.server";
import { isoDay } from "../../domain/days";
import { costJob } from "../../domain/materials/costing";
import type { ReplayResult } from "../../domain/materials/replay";
import type { ValuedShop } from "./valuation.server";
import { getMaterialSettings } from "./settings.server";
import { refuse, Refused } from "./refusals.server";

/** A job whose cost a move changed; a finished job's piece is re-costed with it. */
export type AffectedJob = {
  jobId: string;
  number: string;
  status: string;
  /** Open job: what it has cost so far (work in progress); finished job: its piece's cost. */
  costBefore: bigint;
  costAfter: bigint;
  abnormalLossBefore: bigint;
  abnormalLossAfter: bigint;
  pieceId: string | null;
};

/**
 * Follows a change of what jobs' materials cost (replayed in `results`) into the jobs: an open job
 * is only reported (its cost is derived), a finished one has its cost and its piece's cost
 * re-costed with an audit row each, unless it was finished in a closed period, which is refused
 * (RECOST_CLOSED). The rule: a piece is carried at its cost of production, which follows its
 * materials until its period is closed; after that, nothing rewrites it.
 */
export async function recostJobs(
  tx: Tx,
  shopId: string,
  input: {
    base: ValuedShop;
    results: ReadonlyMap<string, ReplayResult>;
    jobIds: ReadonlySet<string>;
    newMoves?: readonly NewMove[];
    closedThrough: Date | null;
    actor: Actor;
    why: string;
    refs: Record<string, unknown>;
  },
): Promise<AffectedJob[]> {
  const { base, results, closedThrough, actor, why } = input;
  const settings = await getMaterialSettings(shopId, tx);
  const classInfo = new Map(base.ledger.classes.map((c) => [c.id, c]));
  const affected: AffectedJob[] = [];
  for (const job of await listJobsWithMoves(shopId, [...input.jobIds], tx)) {
    const added = (input.newMoves ?? [])
      .filter((m) => m.jobId === job.id)
      .map((m) => ({ id: m.id, classId: m.classId, purpose: m.purpose, qty: m.qty, type: m.type }));
    const was = costJob(job, classInfo, base.results, base.ledger.decimals, settings.normalLossBp);
    const now = costJob(
      { ...job, moves: [...job.moves, ...added] },
      classInfo,
      results,
      base.ledger.decimals,
      settings.normalLossBp,
    );
    if (job.status !== "finished") {
      if (was.totalMinor !== now.totalMinor && job.moves.length > 0) {
        affected.push({
          jobId: job.id,
          number: job.number,
          status: job.status,
          costBefore: was.totalMinor,
          costAfter: now.totalMinor,
          abnormalLossBefore: 0n,
          abnormalLossAfter: 0n,
          pieceId: null,
        });
      }
      continue;
    }
    if (now.pieceCostMinor === was.pieceCostMinor && now.abnormalLossMinor === was.abnormalLossMinor) continue;
    if (job.finishedAt && closedThrough && job.finishedAt.getTime() <= closedThrough.getTime()) {
      throw new Refused(refuse("RECOST_CLOSED", "day", { day: isoDay(closedThrough), what: job.number }));
    }
    const costBefore = job.costMinor ?? was.pieceCostMinor;
    const abnormalBefore = job.abnormalLossMinor ?? 0n;
    // The piece's sale (and its return) leave and re-enter finished goods at its cost: they follow it
    // while they are in an open period. One in a closed period would have to be rewritten: refused.
    if (
      closedThrough &&
      (await countClosedPieceSaleEntries(tx, shopId, job.id, closedThrough, now.pieceCostMinor)) > 0
    ) {
      throw new Refused(refuse("RECOST_CLOSED", "day", { day: isoDay(closedThrough), what: job.number }));
    }
    await recostFinishedJob(tx, shopId, job.id, {
      costMinor: now.pieceCostMinor,
      abnormalLossMinor: now.abnormalLossMinor,
    });
    if (job.pieceId) await setPieceCost(tx, shopId, job.pieceId, now.pieceCostMinor);
    const saleEntries = await recostPieceSaleEntries(tx, shopId, job.id, now.pieceCostMinor, closedThrough);
    const change = {
      costBefore: String(costBefore),
      costAfter: String(now.pieceCostMinor),
      abnormalLossBefore: String(abnormalBefore),
      abnormalLossAfter: String(now.abnormalLossMinor),
      saleEntriesRecosted: saleEntries,
      ...input.refs,
    };
    await appendAudit(tx, shopId, {
      actor,
      action: "materials.job_recosted",
      entityType: "MaterialJob",
      entityId: job.id,
      reason: why,
      data: change,
    });
    if (job.pieceId)
      await appendAudit(tx, shopId, {
        actor,
        action: "piece.cost_recosted",
        entityType: "Piece",
        entityId: job.pieceId,
        reason: why,
        data: { jobId: job.id, ...change },
      });
    affected.push({
      jobId: job.id,
      number: job.number,
      status: job.status,
      costBefore,
      costAfter: now.pieceCostMinor,
      abnormalLossBefore: abnormalBefore,
      abnormalLossAfter: now.abnormalLossMinor,
      pieceId: job.pieceId,
    });
  }
  return affected;
}

/** Jobs with material moves in any of these classes. */
export function jobsOf(valued: ValuedShop, classIds: Iterable<string>): Set<string> {
  const wanted = new Set(classIds);
  const jobs = new Set<string>();
  for (const input of valued.ledger.inputs)
    if (wanted.has(input.id)) for (const move of input.moves) if (move.jobId) jobs.add(move.jobId);
  return jobs;
}
