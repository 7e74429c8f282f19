// What each kind of move a person records writes to the ledger, before it is replayed: one drafter
// per kind, each checking what only it knows (the supplier of a receipt, the job of an issue, the
// classes of a transfer…) and refusing with the field at fault.
import { randomUUID } from "node:crypto";
import Decimal from "decimal.js";
import type { Tx } from "../../models/transaction.server";
import { getClass, lockClass } from "../../models/materials-classes.server";
import { getJob } from "../../models/materials-jobs.server";
import { listMoves, type NewMove } from "../../models/materials-moves.server";
import { findOrCreateParty, usablePartner } from "../../models/parties.server";
import type { Actor } from "../../models/actor";
import { DAY_MS } from "../../domain/days";
import { normaliseUnitCost } from "../../domain/materials/classes";
import { methodAt } from "../../domain/materials/replay";
import { asChangeRow, listMethodChanges } from "../../models/materials-method-changes.server";
import * as V from "./valuation.server";
import type { ClassRecord } from "./classes.server";
import type { ValuationMethod } from "../../domain/valuation/index";
import { refuse, Refused } from "./refusals.server";

export type MoveInput =
  | {
      kind: "receive";
      classId: string;
      qty: string;
      unitCost: string;
      supplier: string;
      /** The register's partner chosen (app/components/PartnerChooser.tsx); else `supplier` is a typed name. */
      supplierId?: string | null;
      /** The supplier's invoice or delivery note number (needed for the FEC; can be added later). */
      document?: string | null;
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
      /** The shortfall's unit cost when negative stock is allowed and nothing gives it one (never costed at zero). */
      unitCost?: string | null;
      day: string;
      reason?: string | null;
    }
  | { kind: "transfer"; classId: string; toClassId: string; qty: string; day: string; reason: string }
  | { kind: "return"; classId: string; ofMoveId: string; qty: string; day: string; reason?: string | null }
  | { kind: "count"; classId: string; countedQty: string; day: string; reason: string }
  /** A revision of a standard-cost class's standard, from a day, with its justification (in `reason`). */
  | { kind: "standard_cost"; classId: string; unitCost: string; day: string; reason: string }
  | {
      kind: "job_return";
      classId: string;
      jobId: string;
      qty: string;
      recovery: boolean;
      day: string;
      reason?: string | null;
    };

export type Draft = Omit<NewMove, "id" | "createdAt" | "actorName" | "effectiveAt">;
export type DraftedMove = { classId: string; cls: ClassRecord; draft: Draft };

/** What every drafter is given: the class (locked), the quantity already checked in its unit, the move's instant. */
export type DraftContext = { shopId: string; tx: Tx; cls: ClassRecord; qty: string; at: Date; actor: Actor };

type Drafter<K extends MoveInput["kind"]> = (
  input: Extract<MoveInput, { kind: K }>,
  context: DraftContext,
) => Promise<DraftedMove[]>;

const NOTHING = {
  ofMoveId: null,
  transferId: null,
  jobId: null,
  supplier: null,
  partnerId: null,
  lot: null,
  jobRef: null,
  reason: null,
} as const;

/** A draft in `cls`, every optional column empty unless given. */
function inClass(cls: ClassRecord, draft: Pick<Draft, "type" | "purpose" | "qty" | "unitCost"> & Partial<Draft>) {
  return { classId: cls.id, cls, draft: { ...NOTHING, ...draft, classId: cls.id } };
}

const note = (reason: string | null | undefined) => reason?.trim() || null;

const receive: Drafter<"receive"> = async (input, { shopId, tx, cls, qty, actor }) => {
  const cost = normaliseUnitCost(input.unitCost);
  if (!cost.ok) throw new Refused(refuse(cost.code === "NEGATIVE" ? "NEGATIVE_COST" : "BAD_COST", "unitCost"));
  if (!input.supplierId && !input.supplier.trim()) throw new Refused(refuse("SUPPLIER_REQUIRED", "supplier"));
  // The receipt names a partner of the register: the one chosen (this shop's, usable, a supplier),
  // else the one of this name, added to the register (audited) when there is none.
  const partner = input.supplierId
    ? await usablePartner(tx, shopId, input.supplierId, "supplier")
    : await findOrCreateParty(tx, shopId, input.supplier.trim(), "supplier", {
        actor,
        reason: "name typed on a materials receipt",
      });
  if (!partner) throw new Refused(refuse("UNKNOWN_PARTNER", "supplier"));
  return [
    inClass(cls, {
      type: "in",
      purpose: "receipt",
      qty,
      unitCost: cost.value,
      supplier: partner.name,
      partnerId: partner.id,
      lot: input.lot?.trim() || null,
      reason: note(input.reason),
    }),
  ];
};

const issue: Drafter<"issue"> = async (input, { shopId, tx, cls, qty, at }) => {
  let jobId: string | null = null;
  if (input.to === "job") {
    const job = input.jobId ? await getJob(shopId, input.jobId, tx) : null;
    if (!job) throw new Refused(refuse("JOB_REQUIRED", "jobId"));
    if (job.status !== "open") throw new Refused(refuse("JOB_FINISHED", "jobId"));
    if (at.getTime() < job.openedAt.getTime() - DAY_MS) throw new Refused(refuse("BEFORE_JOB", "day"));
    jobId = job.id;
  }
  const given = input.unitCost?.trim() ? normaliseUnitCost(input.unitCost) : null;
  if (given && !given.ok)
    throw new Refused(refuse(given.code === "NEGATIVE" ? "NEGATIVE_COST" : "BAD_COST", "unitCost"));
  return [
    inClass(cls, {
      type: "out",
      purpose: input.to === "job" ? "issue_job" : "issue_sale",
      qty,
      unitCost: given?.ok ? given.value : null,
      jobId,
      jobRef: input.ref?.trim() || null,
      reason: note(input.reason),
    }),
  ];
};

const transfer: Drafter<"transfer"> = async (input, { shopId, tx, cls, qty }) => {
  if (input.toClassId === cls.id) throw new Refused(refuse("SAME_CLASS", "toClassId"));
  await lockClass(tx, shopId, input.toClassId);
  const target = await getClass(shopId, input.toClassId, tx);
  if (!target) throw new Refused(refuse("NOT_FOUND", "toClassId"));
  if (target.unit !== cls.unit || target.kind !== cls.kind) throw new Refused(refuse("TRANSFER_UNIT", "toClassId"));
  // Metal moves between classes of one fineness only (a change of fineness is a melt: issue + receipt).
  if (cls.kind === "metal" && (target.metal !== cls.metal || target.finenessBp !== cls.finenessBp))
    throw new Refused(refuse("TRANSFER_FINENESS", "toClassId"));
  // Investment gold is VAT-exempt and jewelry gold is not: a change of use is an issue and a receipt, on the record.
  if (target.investment !== cls.investment) throw new Refused(refuse("TRANSFER_INVESTMENT", "toClassId"));
  const transferId = randomUUID();
  const reason = input.reason.trim();
  return [
    inClass(cls, { type: "out", purpose: "transfer_out", qty, unitCost: null, transferId, reason }),
    inClass(target, { type: "in", purpose: "transfer_in", qty, unitCost: "0", transferId, reason }),
  ];
};

const returnOf: Drafter<"return"> = async (input, { shopId, tx, cls, qty, at }) => {
  const original = (await listMoves(shopId, cls.id, tx)).find((m) => m.id === input.ofMoveId);
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
  return [
    inClass(cls, {
      type: original.type === "in" ? "return_out" : "return_in",
      purpose: original.type === "in" ? "return_supplier" : fromJob ? "return_job" : "return_customer",
      qty,
      unitCost: null,
      ofMoveId: original.id,
      jobId: original.jobId,
      supplier: original.supplier,
      partnerId: original.partnerId,
      reason: note(input.reason),
    }),
  ];
};

const jobReturn: Drafter<"job_return"> = async (input, { shopId, tx, cls, qty, at }) => {
  const job = await getJob(shopId, input.jobId, tx);
  if (!job) throw new Refused(refuse("JOB_REQUIRED", "jobId"));
  if (job.status !== "open") throw new Refused(refuse("JOB_FINISHED", "jobId"));
  // Spread the return over the job's issues of this class, newest first, within what each still has out.
  const drafts: DraftedMove[] = [];
  let left = new Decimal(qty);
  const issues = job.moves.filter((m) => m.classId === cls.id && m.type === "out").reverse();
  for (const issued of issues) {
    if (left.lte(0)) break;
    const back = job.moves
      .filter((m) => m.type === "return_in" && m.ofMoveId === issued.id)
      .reduce((sum, m) => sum.plus(m.qty ?? "0"), new Decimal(0));
    const open = new Decimal(issued.qty ?? "0").minus(back);
    if (open.lte(0) || issued.effectiveAt.getTime() > at.getTime()) continue;
    const take = Decimal.min(open, left);
    left = left.minus(take);
    drafts.push(
      inClass(cls, {
        type: "return_in",
        purpose: input.recovery ? "recovery" : "return_job",
        qty: take.toFixed(),
        unitCost: null,
        ofMoveId: issued.id,
        jobId: job.id,
        reason: note(input.reason),
      }),
    );
  }
  if (left.gt(0)) throw new Refused(refuse("RETURN_EXCEEDS", "qty", { qty: input.qty }));
  return drafts;
};

const count: Drafter<"count"> = async (input, { shopId, tx, cls, qty, at }) => {
  // Nothing written yet in this transaction: the kept valuation (checked against the database) serves.
  const current = V.classResult(await V.valuedShop(shopId, { tx }), cls.id, at);
  if (!current.ok) throw new Refused(refuse("HISTORY_INVALID", undefined, { message: current.message }));
  const diff = new Decimal(qty).minus(current.final.qty);
  if (diff.isZero()) throw new Refused(refuse("COUNT_NO_DIFFERENCE", "countedQty"));
  const reason = input.reason.trim();
  return [
    diff.gt(0)
      ? inClass(cls, {
          type: "in",
          purpose: "count_gain",
          qty: diff.toFixed(),
          unitCost: current.final.unitCost,
          reason,
        })
      : inClass(cls, { type: "out", purpose: "count_loss", qty: diff.neg().toFixed(), unitCost: null, reason }),
  ];
};

/**
 * A new standard unit cost from a day: the stock on hand is revalued at it and the difference is
 * posted as variance (the engine's revalue). Only for a class valued at standard cost on that day:
 * other methods are never revalued upward (PCG: stock stays at historical cost; a fall in value is
 * an impairment).
 */
const standardCost: Drafter<"standard_cost"> = async (input, { shopId, tx, cls, at }) => {
  const changes = (await listMethodChanges(shopId, cls.id, tx)).map(asChangeRow);
  if (methodAt(cls.method as ValuationMethod, changes, at) !== "standard")
    throw new Refused(refuse("NOT_STANDARD", "unitCost"));
  const cost = normaliseUnitCost(input.unitCost);
  if (!cost.ok) throw new Refused(refuse(cost.code === "NEGATIVE" ? "NEGATIVE_COST" : "BAD_COST", "unitCost"));
  const justification = input.reason.trim();
  if (justification.length < 10) throw new Refused(refuse("JUSTIFICATION_REQUIRED", "reason"));
  return [
    inClass(cls, {
      type: "revalue",
      purpose: "standard_revision",
      qty: null,
      unitCost: cost.value,
      reason: justification,
    }),
  ];
};

const DRAFTERS: { [K in MoveInput["kind"]]: Drafter<K> } = {
  receive,
  issue,
  transfer,
  return: returnOf,
  job_return: jobReturn,
  count,
  standard_cost: standardCost,
};

/** The ledger rows a move input stands for (a transfer is two), or a thrown refusal. */
export function draftMoves(input: MoveInput, context: DraftContext): Promise<DraftedMove[]> {
  return (DRAFTERS[input.kind] as Drafter<MoveInput["kind"]>)(input as never, context);
}
