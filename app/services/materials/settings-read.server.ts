// The material settings as the ledger reads them (defaults filled in). Apart from their writes
// (settings.server.ts) so that the accounting entries can read them without importing the period
// close, which validates those entries.
import type { Tx } from "../../models/transaction.server";
import { getSettingsRow } from "../../models/materials-periods.server";
import {
  DEFAULT_JOURNALS,
  JOURNAL_KINDS,
  resolveAccounts,
  type AccountMap,
  type JournalCodes,
} from "../../domain/materials/ledger";

export type MaterialSettings = {
  siren: string | null;
  normalLossBp: number;
  sellingCostBp: number;
  negativeStock: "refuse" | "allow";
  accounts: AccountMap;
  /** Receipts credit 401 + the supplier's account instead of 603x (agreed with the accountant). */
  supplierAccounts: boolean;
  journals: JournalCodes;
  /** The fiscal year's closing day, MM-DD. */
  fiscalYearEnd: string;
};

function parseJson(text: string | undefined): Record<string, string> {
  try {
    return text ? (JSON.parse(text) as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export async function getMaterialSettings(shopId: string, tx?: Tx): Promise<MaterialSettings> {
  const row = await getSettingsRow(shopId, tx);
  const stored = parseJson(row?.accounts);
  const journals = parseJson(row?.journals);
  return {
    siren: row?.siren ?? null,
    normalLossBp: row?.normalLossBp ?? 300,
    sellingCostBp: row?.sellingCostBp ?? 1500,
    negativeStock: row?.negativeStock === "allow" ? "allow" : "refuse",
    accounts: resolveAccounts(stored),
    supplierAccounts: row?.supplierAccounts ?? false,
    journals: Object.fromEntries(JOURNAL_KINDS.map((k) => [k, journals[k] || DEFAULT_JOURNALS[k]])) as JournalCodes,
    fiscalYearEnd: row?.fiscalYearEnd ?? "12-31",
  };
}
