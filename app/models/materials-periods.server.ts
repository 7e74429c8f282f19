// Closed material periods and the shop's material settings (loss rates, accounts, SIREN).
// Every call takes the shop.
import { db, type Tx } from "../db.server";

const client = (tx?: Tx): Tx => tx ?? db;

export async function listPeriodCloses(shopId: string, tx?: Tx) {
  return client(tx).materialPeriodClose.findMany({ where: { shopId }, orderBy: { closedThrough: "asc" } });
}

export async function lastClosedThrough(shopId: string, tx?: Tx): Promise<Date | null> {
  const last = await client(tx).materialPeriodClose.findFirst({
    where: { shopId },
    orderBy: { closedThrough: "desc" },
  });
  return last?.closedThrough ?? null;
}

export async function insertPeriodClose(tx: Tx, shopId: string, closedThrough: Date, actorName: string) {
  return tx.materialPeriodClose.create({ data: { shopId, closedThrough, actorName } });
}

export async function getSettingsRow(shopId: string, tx?: Tx) {
  return client(tx).materialSettings.findUnique({ where: { shopId } });
}

export async function upsertSettings(
  tx: Tx,
  shopId: string,
  data: {
    siren: string | null;
    normalLossBp: number;
    sellingCostBp: number;
    negativeStock: string;
    accounts: string;
    supplierAccounts: boolean;
    journals: string;
    fiscalYearEnd: string;
    updatedBy: string;
  },
) {
  return tx.materialSettings.upsert({ where: { shopId }, create: { shopId, ...data }, update: data });
}
