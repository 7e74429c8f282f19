// Changes of a class's valuation method, each with its justification and the day it applies from.
// Insert-only. Every call takes the shop.
import { db, type Tx } from "../db.server";
import type { MethodChangeRow } from "../domain/materials/replay";
import type { ValuationMethod } from "../domain/valuation/index";

const client = (tx?: Tx): Tx => tx ?? db;

export async function listMethodChanges(shopId: string, classId: string, tx?: Tx) {
  return client(tx).materialMethodChange.findMany({ where: { shopId, classId }, orderBy: { effectiveFrom: "asc" } });
}

export async function listAllMethodChanges(shopId: string, tx?: Tx) {
  return client(tx).materialMethodChange.findMany({ where: { shopId }, orderBy: { effectiveFrom: "asc" } });
}

export function asChangeRow(row: {
  fromMethod: string;
  toMethod: string;
  effectiveFrom: Date;
  retrospective?: boolean;
}): MethodChangeRow {
  return {
    fromMethod: row.fromMethod as ValuationMethod,
    toMethod: row.toMethod as ValuationMethod,
    effectiveFrom: row.effectiveFrom,
    retrospective: row.retrospective ?? false,
  };
}

export async function insertMethodChange(
  tx: Tx,
  shopId: string,
  data: {
    classId: string;
    fromMethod: string;
    toMethod: string;
    justification: string;
    effectiveFrom: Date;
    retrospective: boolean;
    actorName: string;
  },
) {
  return tx.materialMethodChange.create({ data: { ...data, shopId } });
}
