// Recording material moves. Every write replays the classes it can change with the new move(s)
// before committing: a move the engine refuses (stock too small, a return of more than was
// received or issued…) writes nothing, and a back-dated move reports which later figures, classes
// and jobs it changed. Expected refusals come back as results.
import { randomUUID } from "node:crypto";
import type { Tx } from "../../models/transaction.server";
import { appendAudit } from "../../models/audit.server";
import { actorLabel, type Actor } from "../../models/actor";
import { getClass, lockClass } from "../../models/materials-classes.server";
import { lockShopLedger, ledgerFingerprint } from "../../models/materials-ledger.server";
import { asStoredMove, hasMovesAfter, insertMove, type NewMove } from "../../models/materials-moves.server";
import { lastClosedThrough } from "../../models/materials-periods.server";
import { isoDay } from "../../domain/days";
import { normaliseQty } from "../../domain/materials/classes";
import { dayToInstant } from "../../domain/materials/days";
import { diffReplays, unitCostOf, type ReplayChange } from "../../domain/materials/replay";
import * as V from "./valuation.server";
import { checkOpen } from "./settings.server";
import { recordReceiptDocument } from "./entries.server";
import { recostJobs, type AffectedJob } from "./recost.server";
import { draftMoves, type DraftedMove, type MoveInput } from "./move-drafts.server";
import { engineRefusal, inTx, refuse, Refused, type Refusal } from "./refusals.server";

export type { MoveInput };

export type MoveResult = {
  ok: true;
  moveIds: string[];
  /** For back-dated moves: the later figures that changed. */
  changes: ReplayChange[];
  valueBefore: string;
  valueAfter: string;
  backDated: boolean;
  /** Every class whose quantity, value or move costs changed, with before/after figures. */
  affectedClasses: AffectedClass[];
  /** Every job whose cost changed (finished ones re-costed with their piece). */
  affectedJobs: AffectedJob[];
};

/** A class whose figures a move changed (itself, or a class its transfers feed, directly or not). */
export type AffectedClass = {
  classId: string;
  code: string;
  label: string;
  qtyBefore: string;
  qtyAfter: string;
  valueBefore: string;
  valueAfter: string;
  movesChanged: number;
};

export async function recordMove(
  shopId: string,
  input: MoveInput,
  actor: Actor,
  now = new Date(),
): Promise<MoveResult | Refusal> {
  const at = dayToInstant(input.day, now);
  if (!at) return refuse("BAD_DATE", "day");
  if (at.getTime() > now.getTime()) return refuse("FUTURE_DATE", "day");
  if ("reason" in input && (input.kind === "count" || input.kind === "transfer") && !input.reason?.trim())
    return refuse("REASON_REQUIRED", "reason");

  let kept: V.ValuedShop | null = null;
  const result = await inTx(async (tx) => {
    // The closed date is read under the ledger lock closePeriod takes: a close committed while this
    // move waited for the lock is seen, and the move refused.
    await lockShopLedger(tx, shopId);
    const closed = await checkOpen(shopId, at, "day", tx);
    if (closed) throw new Refused(closed);
    await lockClass(tx, shopId, input.classId);
    const cls = await getClass(shopId, input.classId, tx);
    if (!cls) throw new Refused(refuse("NOT_FOUND", "classId"));
    const unit = cls.unit as "g" | "ct" | "pc";
    const qtyField = input.kind === "count" ? "countedQty" : "qty";
    // A standard-cost revision moves no quantity: it revalues what is on hand.
    const rawQty = input.kind === "count" ? input.countedQty : input.kind === "standard_cost" ? "0" : input.qty;
    const qty =
      (input.kind === "count" || input.kind === "standard_cost") && /^\s*0+([.,]0*)?\s*$/.test(rawQty)
        ? "0"
        : normaliseQty(rawQty, unit);
    if (qty === null) throw new Refused(refuse("BAD_QTY", qtyField, { unit }));

    const drafts = await draftMoves(input, { shopId, tx, cls, qty, at, actor });
    const posted = await post(tx, shopId, drafts, at, now, actor, (valued) => {
      kept = valued;
    });
    // The supplier's invoice or delivery note number: the receipt's PieceRef in the FEC.
    const document = input.kind === "receive" ? input.document?.trim() : "";
    if (document) await recordReceiptDocument(tx, shopId, posted.moveIds[0]!, document, actor);
    return posted;
  });
  // Committed: the next page reads the shop as this write left it, without a replay.
  if (result.ok && kept) V.remember(shopId, kept);
  if (result.ok) await V.afterCommit(shopId, () => V.snapshotIfDue(shopId));
  return result;
}

/** Writes drafted moves after replaying what they change; refuses (thrown) what the ledger cannot take. */
async function post(
  tx: Tx,
  shopId: string,
  drafts: DraftedMove[],
  at: Date,
  now: Date,
  actor: Actor,
  keep: (valued: V.ValuedShop) => void,
): Promise<MoveResult> {
  const actorName = actorLabel(actor);
  const moves: NewMove[] = drafts.map((d, i) => ({
    ...d.draft,
    id: randomUUID(),
    createdAt: new Date(now.getTime() + i),
    effectiveAt: at,
    actorName,
  }));
  const newIds = new Set(moves.map((m) => m.id));
  const backDated = await hasMovesAfter(tx, shopId, drafts[0]!.classId, at);

  // The shop as it is (kept between writes), then the classes these moves can change, replayed
  // with them: the moves' own classes and every class their transfers feed.
  const base = await V.valuedShop(shopId, { tx });
  const extra = moves.map((m) => ({
    ...asStoredMove({ ...m, ofMoveId: m.ofMoveId ?? null, jobId: m.jobId ?? null, transferId: m.transferId ?? null }),
    classId: m.classId,
  }));
  const after = V.replayLedger(base.ledger, { extra, only: [...new Set(moves.map((m) => m.classId))] });
  for (const [classId, result] of after) {
    if (!result.ok) {
      // A refusal in a class the move only feeds names that class.
      const refusal = engineRefusal(result);
      if (!drafts.some((d) => d.classId === classId)) {
        const cls = base.ledger.classes.find((c) => c.id === classId);
        throw new Refused(refuse("REFUSED_DOWNSTREAM", refusal.field, { ...refusal.vars, code: cls?.code ?? classId }));
      }
      throw new Refused(refusal);
    }
  }
  // A transfer's receiving half is stored with what the sending half costs now (for reading;
  // every replay takes it from the sending half, so a later back-dated move re-costs it).
  for (const [i, move] of moves.entries()) {
    if (move.purpose !== "transfer_in") continue;
    const out = moves.find((m) => m.transferId === move.transferId && m.purpose === "transfer_out")!;
    const result = after.get(out.classId);
    const row = result?.ok ? result.rows.find((r) => r.move.id === out.id) : undefined;
    moves[i] = { ...move, unitCost: unitCostOf(row?.state.cost ?? "0", move.qty!) };
    extra[i] = { ...extra[i]!, unitCost: moves[i]!.unitCost };
  }

  const closedThrough = await lastClosedThrough(shopId, tx);
  const closedDay = closedThrough ? isoDay(closedThrough) : "";
  const isClosed = (when: Date) => closedThrough !== null && when.getTime() <= closedThrough.getTime();

  const allChanges: ReplayChange[] = [];
  const affectedClasses: AffectedClass[] = [];
  let valueBefore = "0";
  let valueAfter = "0";
  const effectiveOf = new Map<string, Date>();
  for (const [classId, result] of after) {
    const before = base.results.get(classId);
    if (!result.ok) continue;
    const cls = base.ledger.classes.find((c) => c.id === classId)!;
    const empty = { qty: "0", value: (0).toFixed(base.ledger.decimals), unitCost: "0" };
    const diff = before?.ok
      ? diffReplays(before, result, newIds)
      : {
          changes: [],
          valueBefore: empty.value,
          valueAfter: result.final.value,
          qtyBefore: "0",
          qtyAfter: result.final.qty,
        };
    for (const row of result.rows) effectiveOf.set(row.move.id, row.move.effectiveAt);
    if (classId === drafts[0]!.classId) {
      valueBefore = diff.valueBefore;
      valueAfter = diff.valueAfter;
    }
    allChanges.push(...diff.changes);
    if (diff.changes.length || diff.valueBefore !== diff.valueAfter || diff.qtyBefore !== diff.qtyAfter) {
      affectedClasses.push({
        classId,
        code: cls.code,
        label: cls.label,
        qtyBefore: diff.qtyBefore,
        qtyAfter: diff.qtyAfter,
        valueBefore: diff.valueBefore,
        valueAfter: diff.valueAfter,
        movesChanged: diff.changes.length,
      });
    }
  }
  // Closed periods stay as they were reported: a move whose effects reach into one is refused.
  for (const change of allChanges) {
    const when = effectiveOf.get(change.moveId);
    if (when && isClosed(when))
      throw new Refused(refuse("RECOST_CLOSED", "day", { day: closedDay, what: change.moveId }));
  }

  // Jobs whose material moves are in the replayed classes: their cost follows.
  const results = new Map(base.results);
  for (const [classId, result] of after) results.set(classId, result);
  const jobIds = new Set<string>();
  for (const classId of after.keys()) {
    for (const move of base.ledger.inputs.find((i) => i.id === classId)?.moves ?? [])
      if (move.jobId) jobIds.add(move.jobId);
  }
  for (const move of moves) if (move.jobId) jobIds.add(move.jobId);
  const affectedJobs = await recostJobs(tx, shopId, {
    base,
    results,
    jobIds,
    newMoves: moves,
    closedThrough,
    actor,
    why: `re-costed: a move dated ${isoDay(at)} changed what its materials cost`,
    refs: { moveIds: [...newIds] },
  });

  for (const move of moves) {
    await insertMove(tx, shopId, move);
    await appendAudit(tx, shopId, {
      actor,
      action: `materials.move.${move.purpose}`,
      entityType: "MaterialMove",
      entityId: move.id,
      reason: move.reason ?? null,
      data: {
        classId: move.classId,
        type: move.type,
        qty: move.qty,
        unitCost: move.unitCost,
        effectiveAt: move.effectiveAt.toISOString(),
        ofMoveId: move.ofMoveId ?? null,
        jobId: move.jobId ?? null,
        supplier: move.supplier ?? null,
        lot: move.lot ?? null,
        backDated,
        changed: allChanges.length,
        // What a back-dated move changed, as the person was shown it.
        classes: affectedClasses
          .filter((c) => c.movesChanged > 0 || !moves.some((m) => m.classId === c.classId))
          .map((c) => ({ classId: c.classId, valueBefore: c.valueBefore, valueAfter: c.valueAfter })),
        jobs: affectedJobs.map((j) => ({
          jobId: j.jobId,
          costBefore: String(j.costBefore),
          costAfter: String(j.costAfter),
        })),
      },
    });
  }
  // If nothing else was written meanwhile, the shop after this write is `base` plus what was replayed.
  const expected = V.fingerprintAfter(base.ledger.fingerprint, moves.length);
  if ((await ledgerFingerprint(shopId, tx)) === expected) keep(V.withWrittenMoves(base, extra, after, expected));
  return {
    ok: true,
    moveIds: moves.map((m) => m.id),
    changes: allChanges,
    valueBefore,
    valueAfter,
    backDated: backDated || allChanges.length > 0,
    affectedClasses,
    affectedJobs,
  };
}
