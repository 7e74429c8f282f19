// Material stock: classes, moves, method changes, closed periods and settings. Every write
// replays the class with the new move(s) before committing: a move the engine refuses (stock
// too small, a return of more than was received or issued…) writes nothing, and a back-dated
// move reports which later figures it changed. Expected refusals come back as results.
import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import { inTransaction, type Tx } from "../../models/transaction.server";
import { appendAudit } from "../../models/audit.server";
import { actorLabel, type Actor } from "../../models/actor";
import * as M from "../../models/materials.server";
import { findFineness, type Metal } from "../../domain/metals";
import {
  CHOOSABLE_METHODS,
  CLASS_UNITS,
  classCode,
  normaliseQty,
  normaliseUnitCost,
  type ClassKind,
} from "../../domain/materials/classes";
import {
  diffReplays,
  unitCostOf,
  type ReplayChange,
  type ReplayResult,
  type StoredMove,
} from "../../domain/materials/replay";
import * as V from "./valuation.server";
import { costJob } from "../../domain/materials/costing";
import { ACCOUNT_ROLES, resolveAccounts, type AccountMap } from "../../domain/materials/ledger";
import { isValidSiren } from "../../domain/materials/fec";
import type { ValuationMethod } from "../../domain/valuation/index";

export type Refusal = { ok: false; code: string; field?: string; vars?: Record<string, string | number> };
const refuse = (code: string, field?: string, vars?: Record<string, string | number>): Refusal => ({
  ok: false,
  code,
  field,
  vars,
});

/** Refusals that carry no transaction away: thrown inside a transaction so it rolls back, caught outside. */
class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.code);
  }
}

async function inTx<T>(work: (tx: Tx) => Promise<T>): Promise<T | Refusal> {
  try {
    return await inTransaction(work, { timeout: 20_000 });
  } catch (error) {
    if (error instanceof Refused) return error.refusal;
    throw error;
  }
}

// ---------------------------------------------------------------- dates

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A day typed in a form ("2026-11-03") as the instant moves are dated with: today keeps the
 * current time (so today's moves stay in the order they were entered); another day is noon UTC,
 * the same calendar day everywhere in Europe.
 */
export function dayToInstant(day: string, now = new Date()): Date | null {
  const match = DAY.exec(day);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) return null;
  if (day === now.toISOString().slice(0, 10)) return now;
  return date;
}

/** The last instant of a day, for "up to and including this day". */
export function endOfDay(day: string): Date | null {
  const match = DAY.exec(day);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59, 999));
  return date.toISOString().slice(0, 10) === day ? date : null;
}

export function todayDay(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- settings

export type MaterialSettings = {
  siren: string | null;
  normalLossBp: number;
  sellingCostBp: number;
  negativeStock: "refuse" | "allow";
  accounts: AccountMap;
};

export async function getMaterialSettings(shopId: string, tx?: Tx): Promise<MaterialSettings> {
  const row = await M.getSettingsRow(shopId, tx);
  let stored: Record<string, string> = {};
  try {
    stored = row ? (JSON.parse(row.accounts) as Record<string, string>) : {};
  } catch {
    stored = {};
  }
  return {
    siren: row?.siren ?? null,
    normalLossBp: row?.normalLossBp ?? 300,
    sellingCostBp: row?.sellingCostBp ?? 1500,
    negativeStock: row?.negativeStock === "allow" ? "allow" : "refuse",
    accounts: resolveAccounts(stored),
  };
}

export async function saveMaterialSettings(
  shopId: string,
  input: {
    siren: string | null;
    normalLossBp: number;
    sellingCostBp: number;
    negativeStock: "refuse" | "allow";
    accounts: Partial<Record<string, string>>;
  },
  actor: Actor,
) {
  if (input.siren && !isValidSiren(input.siren)) return refuse("BAD_SIREN", "siren");
  for (const role of ACCOUNT_ROLES) {
    const number = input.accounts[role];
    if (number && !/^\d{3}[0-9A-Z]{0,9}$/.test(number)) return refuse("BAD_ACCOUNT", `account.${role}`);
  }
  return inTx(async (tx) => {
    const accounts = JSON.stringify(
      Object.fromEntries(ACCOUNT_ROLES.filter((r) => input.accounts[r]).map((r) => [r, input.accounts[r]])),
    );
    await M.upsertSettings(tx, shopId, { ...input, accounts, updatedBy: actorLabel(actor) });
    await appendAudit(tx, shopId, {
      actor,
      action: "materials.settings_changed",
      entityType: "MaterialSettings",
      entityId: shopId,
      data: { ...input },
    });
    return { ok: true as const };
  });
}

export async function closePeriod(shopId: string, throughDay: string, actor: Actor, now = new Date()) {
  const through = endOfDay(throughDay);
  if (!through) return refuse("BAD_DATE", "through");
  if (through.getTime() >= now.getTime()) return refuse("CLOSE_IN_FUTURE", "through");
  return inTx(async (tx) => {
    // Sales of finished pieces read the closed date under this lock to book on an open day.
    await M.lockShopLedger(tx, shopId);
    const last = await M.lastClosedThrough(shopId, tx);
    if (last && through.getTime() <= last.getTime())
      throw new Refused(refuse("ALREADY_CLOSED", "through", { day: last.toISOString().slice(0, 10) }));
    const row = await M.insertPeriodClose(tx, shopId, through, actorLabel(actor));
    await appendAudit(tx, shopId, {
      actor,
      action: "materials.period_closed",
      entityType: "MaterialPeriodClose",
      entityId: row.id,
      data: { through: throughDay },
    });
    return { ok: true as const };
  });
}

async function checkOpen(shopId: string, at: Date, field: string, tx: Tx): Promise<Refusal | null> {
  const closed = await M.lastClosedThrough(shopId, tx);
  if (closed && at.getTime() <= closed.getTime())
    return refuse("PERIOD_CLOSED", field, { day: closed.toISOString().slice(0, 10) });
  return null;
}

// ---------------------------------------------------------------- classes

export type NewClassInput =
  | {
      kind: "metal";
      metal: Metal;
      finenessBp: number;
      investment: boolean;
      form?: string | null;
      label?: string | null;
      method: ValuationMethod;
      standardUnitCost?: string | null;
    }
  | {
      kind: "stone_lot";
      stoneType: string;
      sizeRange: string;
      quality: string;
      label?: string | null;
      method: ValuationMethod;
      nrvUnitValue?: string | null;
    }
  | {
      kind: "stone_single";
      stoneType: string;
      reference: string;
      carats: string;
      lab?: string | null;
      certificate?: string | null;
      label?: string | null;
      nrvUnitValue?: string | null;
    };

export async function createMaterialClass(shopId: string, input: NewClassInput, actor: Actor) {
  const kind: ClassKind = input.kind;
  let code: string;
  let label: string;
  let attributes: Record<string, string> = {};
  // A single stone is its own class: specific identification. FIFO over one stone is exactly that.
  const method: ValuationMethod = input.kind === "stone_single" ? "fifo" : input.method;
  if (input.kind !== "stone_single" && !CHOOSABLE_METHODS.includes(input.method)) return refuse("BAD_METHOD", "method");
  if (input.kind === "metal") {
    if (input.metal !== "other" && !findFineness(input.finenessBp, input.metal))
      return refuse("BAD_FINENESS", "fineness");
    if (input.investment && input.metal !== "gold") return refuse("INVESTMENT_GOLD_ONLY", "investment");
    code = classCode({
      kind: "metal",
      metal: input.metal,
      finenessBp: input.finenessBp,
      investment: input.investment,
      form: input.form,
    });
    label =
      input.label ||
      `${input.metal} ${input.finenessBp / 10}${input.form ? ` ${input.form}` : ""}${input.investment ? " (investment)" : ""}`;
    attributes = input.form ? { form: input.form } : {};
  } else if (input.kind === "stone_lot") {
    code = classCode({
      kind: "stone_lot",
      stoneType: input.stoneType,
      sizeRange: input.sizeRange,
      quality: input.quality,
    });
    label = input.label || `${input.stoneType} ${input.sizeRange} ${input.quality}`;
    attributes = { stoneType: input.stoneType, sizeRange: input.sizeRange, quality: input.quality };
  } else {
    if (!normaliseQty(input.carats, "ct")) return refuse("BAD_QTY", "carats");
    code = classCode({ kind: "stone_single", stoneType: input.stoneType, reference: input.reference });
    label = input.label || `${input.stoneType} ${input.carats} ct ${input.reference}`;
    attributes = {
      stoneType: input.stoneType,
      reference: input.reference,
      carats: input.carats,
      ...(input.lab ? { lab: input.lab } : {}),
      ...(input.certificate ? { certificate: input.certificate } : {}),
    };
  }
  const standard = input.kind === "metal" && input.standardUnitCost ? normaliseUnitCost(input.standardUnitCost) : null;
  if (standard && !standard.ok)
    return refuse(standard.code === "NEGATIVE" ? "NEGATIVE_COST" : "BAD_COST", "standardUnitCost");
  const nrv = input.kind !== "metal" && input.nrvUnitValue ? normaliseUnitCost(input.nrvUnitValue) : null;
  if (nrv && !nrv.ok) return refuse(nrv.code === "NEGATIVE" ? "NEGATIVE_COST" : "BAD_COST", "nrvUnitValue");
  return inTx(async (tx) => {
    if (await M.findClassByCode(shopId, code, tx)) throw new Refused(refuse("DUPLICATE_CLASS", "code", { code }));
    const row = await M.insertClass(tx, shopId, {
      kind,
      code,
      label,
      metal: input.kind === "metal" ? input.metal : null,
      finenessBp: input.kind === "metal" ? input.finenessBp : null,
      investment: input.kind === "metal" ? input.investment : false,
      unit: CLASS_UNITS[kind],
      method,
      standardUnitCost: standard?.ok ? standard.value : null,
      attributes,
      nrvUnitValue: nrv?.ok ? nrv.value : null,
    });
    await appendAudit(tx, shopId, {
      actor,
      action: "materials.class_created",
      entityType: "MaterialClass",
      entityId: row.id,
      data: { code, kind, method },
    });
    return { ok: true as const, classId: row.id, code };
  });
}

export async function setClassNrv(shopId: string, classId: string, raw: string, actor: Actor) {
  const nrv = raw.trim() ? normaliseUnitCost(raw) : null;
  if (nrv && !nrv.ok) return refuse(nrv.code === "NEGATIVE" ? "NEGATIVE_COST" : "BAD_COST", "nrvUnitValue");
  return inTx(async (tx) => {
    const cls = await M.getClass(shopId, classId, tx);
    if (!cls) throw new Refused(refuse("NOT_FOUND"));
    await M.updateClassNrv(tx, shopId, classId, nrv?.ok ? nrv.value : null);
    await appendAudit(tx, shopId, {
      actor,
      action: "materials.nrv_set",
      entityType: "MaterialClass",
      entityId: classId,
      data: { nrvUnitValue: nrv?.ok ? nrv.value : null },
    });
    return { ok: true as const };
  });
}

// ---------------------------------------------------------------- replay

export type ClassRecord = NonNullable<Awaited<ReturnType<typeof M.getClass>>>;

/**
 * One class's replay (linked classes replayed with it), cut at `until` when given. Outside a
 * transaction and without extra moves, from the shop's kept valuation (materials-valuation).
 */
export async function replayOf(
  shopId: string,
  cls: ClassRecord,
  options: { extra?: StoredMove[]; until?: Date; tx?: Tx; method?: ValuationMethod; ignoreChanges?: boolean } = {},
): Promise<ReplayResult> {
  const override = options.ignoreChanges ? (options.method ?? (cls.method as ValuationMethod)) : undefined;
  if (!options.extra?.length && !options.tx && (!options.method || options.ignoreChanges)) {
    const valued = await V.valuedShop(shopId, { methodOverride: override });
    return V.classResult(valued, cls.id, options.until, override);
  }
  const valued = options.tx ? await V.valuedShopFresh(shopId, options.tx) : await V.valuedShop(shopId);
  const ledger =
    options.method && !options.ignoreChanges
      ? {
          ...valued.ledger,
          inputs: valued.ledger.inputs.map((i) => (i.id === cls.id ? { ...i, method: options.method! } : i)),
        }
      : valued.ledger;
  const extra = (options.extra ?? []).map((m) => ({ ...m, classId: cls.id }));
  return V.replayLedger(ledger, { extra, only: [cls.id], until: options.until, methodOverride: override }).get(cls.id)!;
}

// ---------------------------------------------------------------- moves

export type MoveInput =
  | {
      kind: "receive";
      classId: string;
      qty: string;
      unitCost: string;
      supplier: string;
      lot?: string | null;
      day: string;
      reason?: string | null;
    }
  | {
      kind: "issue";
      classId: string;
      qty: string;
      to: "job" | "sale";
      jobId?: string | null;
      ref?: string | null;
      day: string;
      reason?: string | null;
    }
  | { kind: "transfer"; classId: string; toClassId: string; qty: string; day: string; reason: string }
  | { kind: "return"; classId: string; ofMoveId: string; qty: string; day: string; reason?: string | null }
  | { kind: "count"; classId: string; countedQty: string; day: string; reason: string }
  | {
      kind: "job_return";
      classId: string;
      jobId: string;
      qty: string;
      recovery: boolean;
      day: string;
      reason?: string | null;
    };

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

type Draft = Omit<M.NewMove, "id" | "createdAt" | "actorName" | "effectiveAt">;

const ENGINE_REFUSALS: Record<string, string> = {
  INSUFFICIENT_STOCK: "INSUFFICIENT_STOCK",
  RETURN_EXCEEDS: "RETURN_EXCEEDS",
  NEGATIVE_COST: "NEGATIVE_COST",
  BAD_REFERENCE: "BAD_RETURN",
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
    await M.lockShopLedger(tx, shopId);
    const closed = await checkOpen(shopId, at, "day", tx);
    if (closed) throw new Refused(closed);
    await M.lockClass(tx, shopId, input.classId);
    const cls = await M.getClass(shopId, input.classId, tx);
    if (!cls) throw new Refused(refuse("NOT_FOUND", "classId"));
    const unit = cls.unit as "g" | "ct" | "pc";
    const qtyField = input.kind === "count" ? "countedQty" : "qty";
    const rawQty = input.kind === "count" ? input.countedQty : input.qty;
    const qty = input.kind === "count" && /^\s*0+([.,]0*)?\s*$/.test(rawQty) ? "0" : normaliseQty(rawQty, unit);
    if (qty === null) throw new Refused(refuse("BAD_QTY", qtyField, { unit }));

    const drafts: { classId: string; cls: ClassRecord; draft: Draft }[] = [];
    const base = {
      ofMoveId: null,
      transferId: null,
      jobId: null,
      supplier: null,
      lot: null,
      jobRef: null,
      reason: null,
    } as const;
    switch (input.kind) {
      case "receive": {
        const cost = normaliseUnitCost(input.unitCost);
        if (!cost.ok) throw new Refused(refuse(cost.code === "NEGATIVE" ? "NEGATIVE_COST" : "BAD_COST", "unitCost"));
        if (!input.supplier.trim()) throw new Refused(refuse("SUPPLIER_REQUIRED", "supplier"));
        drafts.push({
          classId: cls.id,
          cls,
          draft: {
            ...base,
            classId: cls.id,
            type: "in",
            purpose: "receipt",
            qty,
            unitCost: cost.value,
            supplier: input.supplier.trim(),
            lot: input.lot?.trim() || null,
            reason: input.reason?.trim() || null,
          },
        });
        break;
      }
      case "issue": {
        let jobId: string | null = null;
        if (input.to === "job") {
          const job = input.jobId ? await M.getJob(shopId, input.jobId, tx) : null;
          if (!job) throw new Refused(refuse("JOB_REQUIRED", "jobId"));
          if (job.status !== "open") throw new Refused(refuse("JOB_FINISHED", "jobId"));
          if (at.getTime() < job.openedAt.getTime() - 86_400_000) throw new Refused(refuse("BEFORE_JOB", "day"));
          jobId = job.id;
        }
        drafts.push({
          classId: cls.id,
          cls,
          draft: {
            ...base,
            classId: cls.id,
            type: "out",
            purpose: input.to === "job" ? "issue_job" : "issue_sale",
            qty,
            unitCost: null,
            jobId,
            jobRef: input.ref?.trim() || null,
            reason: input.reason?.trim() || null,
          },
        });
        break;
      }
      case "transfer": {
        if (input.toClassId === cls.id) throw new Refused(refuse("SAME_CLASS", "toClassId"));
        await M.lockClass(tx, shopId, input.toClassId);
        const target = await M.getClass(shopId, input.toClassId, tx);
        if (!target) throw new Refused(refuse("NOT_FOUND", "toClassId"));
        if (target.unit !== cls.unit || target.kind !== cls.kind)
          throw new Refused(refuse("TRANSFER_UNIT", "toClassId"));
        // Metal moves between classes of one fineness only (a change of fineness is a melt: issue + receipt).
        if (cls.kind === "metal" && (target.metal !== cls.metal || target.finenessBp !== cls.finenessBp))
          throw new Refused(refuse("TRANSFER_FINENESS", "toClassId"));
        // Investment gold is VAT-exempt and jewelry gold is not: a change of use is an issue and a receipt, on the record.
        if (target.investment !== cls.investment) throw new Refused(refuse("TRANSFER_INVESTMENT", "toClassId"));
        const transferId = randomUUID();
        drafts.push({
          classId: cls.id,
          cls,
          draft: {
            ...base,
            classId: cls.id,
            type: "out",
            purpose: "transfer_out",
            qty,
            unitCost: null,
            transferId,
            reason: input.reason.trim(),
          },
        });
        drafts.push({
          classId: target.id,
          cls: target,
          draft: {
            ...base,
            classId: target.id,
            type: "in",
            purpose: "transfer_in",
            qty,
            unitCost: "0",
            transferId,
            reason: input.reason.trim(),
          },
        });
        break;
      }
      case "return": {
        const original = (await M.listMoves(shopId, cls.id, tx)).find((m) => m.id === input.ofMoveId);
        if (
          !original ||
          (original.type !== "in" && original.type !== "out") ||
          original.purpose.startsWith("transfer") ||
          original.purpose.startsWith("count")
        ) {
          throw new Refused(refuse("BAD_RETURN", "ofMoveId"));
        }
        if (at.getTime() < original.effectiveAt.getTime()) throw new Refused(refuse("RETURN_BEFORE_ORIGINAL", "day"));
        const fromJob = original.type === "out" && original.jobId !== null;
        drafts.push({
          classId: cls.id,
          cls,
          draft: {
            ...base,
            classId: cls.id,
            type: original.type === "in" ? "return_out" : "return_in",
            purpose: original.type === "in" ? "return_supplier" : fromJob ? "return_job" : "return_customer",
            qty,
            unitCost: null,
            ofMoveId: original.id,
            jobId: original.jobId,
            supplier: original.supplier,
            reason: input.reason?.trim() || null,
          },
        });
        break;
      }
      case "job_return": {
        const job = await M.getJob(shopId, input.jobId, tx);
        if (!job) throw new Refused(refuse("JOB_REQUIRED", "jobId"));
        if (job.status !== "open") throw new Refused(refuse("JOB_FINISHED", "jobId"));
        // Spread the return over the job's issues of this class, newest first, within what each still has out.
        let left = new Decimal(qty);
        const issues = job.moves.filter((m) => m.classId === cls.id && m.type === "out").reverse();
        for (const issue of issues) {
          if (left.lte(0)) break;
          const back = job.moves
            .filter((m) => m.type === "return_in" && m.ofMoveId === issue.id)
            .reduce((sum, m) => sum.plus(m.qty ?? "0"), new Decimal(0));
          const open = new Decimal(issue.qty ?? "0").minus(back);
          if (open.lte(0) || issue.effectiveAt.getTime() > at.getTime()) continue;
          const take = Decimal.min(open, left);
          left = left.minus(take);
          drafts.push({
            classId: cls.id,
            cls,
            draft: {
              ...base,
              classId: cls.id,
              type: "return_in",
              purpose: input.recovery ? "recovery" : "return_job",
              qty: take.toFixed(),
              unitCost: null,
              ofMoveId: issue.id,
              jobId: job.id,
              reason: input.reason?.trim() || null,
            },
          });
        }
        if (left.gt(0)) throw new Refused(refuse("RETURN_EXCEEDS", "qty", { qty: input.qty }));
        break;
      }
      case "count": {
        // Nothing written yet in this transaction: the kept valuation (checked against the database) serves.
        const current = V.classResult(await V.valuedShop(shopId, { tx }), cls.id, at);
        if (!current.ok) throw new Refused(refuse("HISTORY_INVALID", undefined, { message: current.message }));
        const diff = new Decimal(qty).minus(current.final.qty);
        if (diff.isZero()) throw new Refused(refuse("COUNT_NO_DIFFERENCE", "countedQty"));
        drafts.push({
          classId: cls.id,
          cls,
          draft: diff.gt(0)
            ? {
                ...base,
                classId: cls.id,
                type: "in",
                purpose: "count_gain",
                qty: diff.toFixed(),
                unitCost: current.final.unitCost,
                reason: input.reason.trim(),
              }
            : {
                ...base,
                classId: cls.id,
                type: "out",
                purpose: "count_loss",
                qty: diff.neg().toFixed(),
                unitCost: null,
                reason: input.reason.trim(),
              },
        });
        break;
      }
    }
    return post(tx, shopId, drafts, at, now, actor, (valued) => {
      kept = valued;
    });
  });
  // Committed: the next page reads the shop as this write left it, without a replay.
  if (result.ok && kept) V.remember(shopId, kept);
  return result;
}

/**
 * Follows a change of what jobs' materials cost (replayed in `results`) into the jobs: an open job
 * is only reported (its cost is derived), a finished one has its cost and its piece's cost
 * re-costed with an audit row each, unless it was finished in a closed period, which is refused
 * (RECOST_CLOSED). The rule: a piece is carried at its cost of production, which follows its
 * materials until its period is closed; after that, nothing rewrites it.
 */
async function recostJobs(
  tx: Tx,
  shopId: string,
  input: {
    base: V.ValuedShop;
    results: ReadonlyMap<string, ReplayResult>;
    jobIds: ReadonlySet<string>;
    newMoves?: readonly M.NewMove[];
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
  for (const job of await M.listJobsWithMoves(shopId, [...input.jobIds], tx)) {
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
      throw new Refused(
        refuse("RECOST_CLOSED", "day", { day: closedThrough.toISOString().slice(0, 10), what: job.number }),
      );
    }
    const costBefore = job.costMinor ?? was.pieceCostMinor;
    const abnormalBefore = job.abnormalLossMinor ?? 0n;
    // The piece's sale (and its return) leave and re-enter finished goods at its cost: they follow it
    // while they are in an open period. One in a closed period would have to be rewritten: refused.
    if (
      closedThrough &&
      (await M.countClosedPieceSaleEntries(tx, shopId, job.id, closedThrough, now.pieceCostMinor)) > 0
    ) {
      throw new Refused(
        refuse("RECOST_CLOSED", "day", { day: closedThrough.toISOString().slice(0, 10), what: job.number }),
      );
    }
    await M.recostFinishedJob(tx, shopId, job.id, {
      costMinor: now.pieceCostMinor,
      abnormalLossMinor: now.abnormalLossMinor,
    });
    if (job.pieceId) await M.setPieceCost(tx, shopId, job.pieceId, now.pieceCostMinor);
    const saleEntries = await M.recostPieceSaleEntries(tx, shopId, job.id, now.pieceCostMinor, closedThrough);
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
function jobsOf(valued: V.ValuedShop, classIds: Iterable<string>): Set<string> {
  const wanted = new Set(classIds);
  const jobs = new Set<string>();
  for (const input of valued.ledger.inputs)
    if (wanted.has(input.id)) for (const move of input.moves) if (move.jobId) jobs.add(move.jobId);
  return jobs;
}

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

async function post(
  tx: Tx,
  shopId: string,
  drafts: { classId: string; cls: ClassRecord; draft: Draft }[],
  at: Date,
  now: Date,
  actor: Actor,
  keep: (valued: V.ValuedShop) => void,
): Promise<MoveResult> {
  const actorName = actorLabel(actor);
  const moves: M.NewMove[] = drafts.map((d, i) => ({
    ...d.draft,
    id: randomUUID(),
    createdAt: new Date(now.getTime() + i),
    effectiveAt: at,
    actorName,
  }));
  const newIds = new Set(moves.map((m) => m.id));
  const backDated = await M.hasMovesAfter(tx, shopId, drafts[0]!.classId, at);

  // The shop as it is (kept between writes), then the classes these moves can change, replayed
  // with them: the moves' own classes and every class their transfers feed.
  const base = await V.valuedShop(shopId, { tx });
  const extra = moves.map((m) => ({
    ...M.asStoredMove({ ...m, ofMoveId: m.ofMoveId ?? null, jobId: m.jobId ?? null, transferId: m.transferId ?? null }),
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

  const closedThrough = await M.lastClosedThrough(shopId, tx);
  const closedDay = closedThrough?.toISOString().slice(0, 10) ?? "";
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
    why: `re-costed: a move dated ${at.toISOString().slice(0, 10)} changed what its materials cost`,
    refs: { moveIds: [...newIds] },
  });

  for (const move of moves) {
    await M.insertMove(tx, shopId, move);
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
  if ((await M.ledgerFingerprint(shopId, tx)) === expected) keep(V.withWrittenMoves(base, extra, after, expected));
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

function engineRefusal(result: Extract<ReplayResult, { ok: false }>): Refusal {
  const code = ENGINE_REFUSALS[result.code] ?? "REFUSED";
  return refuse(code, code === "RETURN_EXCEEDS" || code === "INSUFFICIENT_STOCK" ? "qty" : undefined, {
    message: result.message.replace(/^Move \d+: /, ""),
  });
}

// ---------------------------------------------------------------- method changes

export async function changeMethod(
  shopId: string,
  input: { classId: string; toMethod: string; justification: string; day: string },
  actor: Actor,
  now = new Date(),
) {
  const justification = input.justification.trim();
  if (justification.length < 20) return refuse("JUSTIFICATION_REQUIRED", "justification");
  if (!(CHOOSABLE_METHODS as readonly string[]).includes(input.toMethod)) return refuse("BAD_METHOD", "toMethod");
  const from = dayToInstant(input.day, now);
  if (!from) return refuse("BAD_DATE", "day");
  return inTx(async (tx) => {
    await M.lockShopLedger(tx, shopId);
    await M.lockClass(tx, shopId, input.classId);
    const cls = await M.getClass(shopId, input.classId, tx);
    if (!cls) throw new Refused(refuse("NOT_FOUND"));
    if (cls.kind === "stone_single") throw new Refused(refuse("SINGLE_STONE_METHOD", "toMethod"));
    if (cls.method === input.toMethod) throw new Refused(refuse("SAME_METHOD", "toMethod"));
    const closed = await checkOpen(shopId, from, "day", tx);
    if (closed) throw new Refused(closed);
    const changes = await M.listMethodChanges(shopId, cls.id, tx);
    const latest = changes.at(-1);
    if (latest && from.getTime() <= latest.effectiveFrom.getTime())
      throw new Refused(refuse("BEFORE_LAST_CHANGE", "day"));
    const base = await V.valuedShop(shopId, { tx });
    const row = await M.insertMethodChange(tx, shopId, {
      classId: cls.id,
      fromMethod: cls.method,
      toMethod: input.toMethod,
      justification,
      effectiveFrom: from,
      actorName: actorLabel(actor),
    });
    await M.updateClassMethod(tx, shopId, cls.id, input.toMethod);
    const after = await V.valuedShopFresh(shopId, tx);
    for (const [classId, result] of after.results) {
      if (!result.ok && base.results.get(classId)?.ok) throw new Refused(engineRefusal(result));
    }
    // The new method re-costs issues after its date, so the jobs they fed (and their pieces) follow.
    const linked = V.linkedTo(after.ledger.inputs, [cls.id]);
    const jobs = await recostJobs(tx, shopId, {
      base,
      results: after.results,
      jobIds: jobsOf(after, linked),
      closedThrough: await M.lastClosedThrough(shopId, tx),
      actor,
      why: `re-costed: ${cls.code} valued by ${input.toMethod} from ${input.day}`,
      refs: { methodChangeId: row.id },
    });
    await appendAudit(tx, shopId, {
      actor,
      action: "materials.method_changed",
      entityType: "MaterialClass",
      entityId: cls.id,
      reason: justification,
      data: {
        changeId: row.id,
        from: cls.method,
        to: input.toMethod,
        effectiveFrom: from.toISOString(),
        jobsRecosted: jobs.filter((j) => j.status === "finished").map((j) => j.jobId),
      },
    });
    return { ok: true as const, affectedJobs: jobs };
  });
}

export { Refused, inTx, refuse };
