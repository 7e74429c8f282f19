// Material classes: creating one (its code from what it is), its net realisable value, and one
// class's replay for its page.
import type { Tx } from "../../models/transaction.server";
import { appendAudit } from "../../models/audit.server";
import type { Actor } from "../../models/actor";
import { findClassByCode, getClass, insertClass, updateClassNrv } from "../../models/materials-classes.server";
import { findFineness, type Metal } from "../../domain/metals";
import {
  CHOOSABLE_METHODS,
  CLASS_UNITS,
  classCode,
  investmentGoldFineness,
  normaliseQty,
  normaliseUnitCost,
  type ClassKind,
} from "../../domain/materials/classes";
import type { ReplayResult, StoredMove } from "../../domain/materials/replay";
import type { ValuationMethod } from "../../domain/valuation/index";
import * as V from "./valuation.server";
import { inTx, refuse, Refused } from "./refusals.server";

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
    if (input.investment) {
      const rule = investmentGoldFineness(input.finenessBp, input.form);
      if (!rule.ok)
        return refuse(rule.coin ? "INVESTMENT_COIN_FINENESS" : "INVESTMENT_BAR_FINENESS", "fineness", {
          min: rule.minBp / 10,
        });
    }
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
    if (await findClassByCode(shopId, code, tx)) throw new Refused(refuse("DUPLICATE_CLASS", "code", { code }));
    const row = await insertClass(tx, shopId, {
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
    const cls = await getClass(shopId, classId, tx);
    if (!cls) throw new Refused(refuse("NOT_FOUND"));
    await updateClassNrv(tx, shopId, classId, nrv?.ok ? nrv.value : null);
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

export type ClassRecord = NonNullable<Awaited<ReturnType<typeof getClass>>>;

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
