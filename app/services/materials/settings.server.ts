// Material settings (loss rates, selling costs, negative stock, accounts, SIREN, the supplier-account
// mode, journal codes, the fiscal year) and closed periods: what a period close freezes (it
// validates the entries through its day), and the check every dated write makes against it.
import type { Tx } from "../../models/transaction.server";
import { appendAudit } from "../../models/audit.server";
import { actorLabel, type Actor } from "../../models/actor";
import { insertPeriodClose, lastClosedThrough, upsertSettings } from "../../models/materials-periods.server";
import { lockShopLedger } from "../../models/materials-ledger.server";
import { isoDay } from "../../domain/days";
import { endOfDay } from "../../domain/materials/days";
import { ACCOUNT_ROLES, JOURNAL_KINDS } from "../../domain/materials/ledger";
import { isFiscalYearEnd } from "../../domain/materials/validation";
import { countValidatedEntries } from "../../models/materials-entries.server";
import { isValidSiren } from "../../domain/materials/fec";
import { inTx, refuse, Refused, type Refusal } from "./refusals.server";
import { getMaterialSettings } from "./settings-read.server";
import { validateInTx } from "./entries.server";

import * as V from "./valuation.server";

export { getMaterialSettings, type MaterialSettings } from "./settings-read.server";

const JOURNAL_CODE = /^[A-Z0-9]{1,8}$/;

export async function saveMaterialSettings(
  shopId: string,
  input: {
    siren: string | null;
    normalLossBp: number;
    sellingCostBp: number;
    negativeStock: "refuse" | "allow";
    accounts: Partial<Record<string, string>>;
    /** Left out: kept as they are. */
    supplierAccounts?: boolean;
    journals?: Partial<Record<string, string>>;
    fiscalYearEnd?: string;
  },
  actor: Actor,
) {
  if (input.siren && !isValidSiren(input.siren)) return refuse("BAD_SIREN", "siren");
  for (const kind of JOURNAL_KINDS) {
    const code = input.journals?.[kind];
    if (code && !JOURNAL_CODE.test(code)) return refuse("BAD_JOURNAL", `journal.${kind}`);
  }
  if (input.fiscalYearEnd !== undefined && !isFiscalYearEnd(input.fiscalYearEnd))
    return refuse("BAD_FISCAL_YEAR_END", "fiscalYearEnd");
  for (const role of ACCOUNT_ROLES) {
    const number = input.accounts[role];
    if (number && !/^\d{3}[0-9A-Z]{0,9}$/.test(number)) return refuse("BAD_ACCOUNT", `account.${role}`);
  }
  return inTx(async (tx) => {
    const current = await getMaterialSettings(shopId, tx);
    const fiscalYearEnd = input.fiscalYearEnd ?? current.fiscalYearEnd;
    // Validated entries are numbered within their fiscal year: moving its end would split a year's sequence.
    if (fiscalYearEnd !== current.fiscalYearEnd && (await countValidatedEntries(shopId, tx)) > 0)
      throw new Refused(refuse("FISCAL_YEAR_LOCKED", "fiscalYearEnd"));
    const accounts = JSON.stringify(
      Object.fromEntries(ACCOUNT_ROLES.filter((r) => input.accounts[r]).map((r) => [r, input.accounts[r]])),
    );
    const journals = JSON.stringify(
      input.journals
        ? Object.fromEntries(JOURNAL_KINDS.filter((k) => input.journals![k]).map((k) => [k, input.journals![k]]))
        : current.journals,
    );
    const supplierAccounts = input.supplierAccounts ?? current.supplierAccounts;
    await upsertSettings(tx, shopId, {
      siren: input.siren,
      normalLossBp: input.normalLossBp,
      sellingCostBp: input.sellingCostBp,
      negativeStock: input.negativeStock,
      accounts,
      supplierAccounts,
      journals,
      fiscalYearEnd,
      updatedBy: actorLabel(actor),
    });
    await appendAudit(tx, shopId, {
      actor,
      action: "materials.settings_changed",
      entityType: "MaterialSettings",
      entityId: shopId,
      data: { ...input, supplierAccounts, fiscalYearEnd, journals: JSON.parse(journals) as unknown },
    });
    return { ok: true as const };
  });
}

export async function closePeriod(shopId: string, throughDay: string, actor: Actor, now = new Date()) {
  const through = endOfDay(throughDay);
  if (!through) return refuse("BAD_DATE", "through");
  if (through.getTime() >= now.getTime()) return refuse("CLOSE_IN_FUTURE", "through");
  const result = await inTx(async (tx) => {
    // Sales of finished pieces read the closed date under this lock to book on an open day.
    await lockShopLedger(tx, shopId);
    const last = await lastClosedThrough(shopId, tx);
    if (last && through.getTime() <= last.getTime())
      throw new Refused(refuse("ALREADY_CLOSED", "through", { day: isoDay(last) }));
    const row = await insertPeriodClose(tx, shopId, through, actorLabel(actor));
    // Closing validates: every entry through the day is numbered and frozen with the close.
    const validated = await validateInTx(tx, shopId, throughDay, through, actor, now);
    await appendAudit(tx, shopId, {
      actor,
      action: "materials.period_closed",
      entityType: "MaterialPeriodClose",
      entityId: row.id,
      data: { through: throughDay, entries: validated.entries, corrections: validated.corrections },
    });
    return { ok: true as const, ...validated };
  });
  // Each close leaves a snapshot at its end: a cold start resumes from there.
  if (result.ok) await V.afterCommit(shopId, () => V.writeSnapshot(shopId, "period_close", through));
  return result;
}

/** A refusal when `at` falls in a closed period; inside a write, read under the ledger lock. */
export async function checkOpen(shopId: string, at: Date, field: string, tx: Tx): Promise<Refusal | null> {
  const closed = await lastClosedThrough(shopId, tx);
  if (closed && at.getTime() <= closed.getTime()) return refuse("PERIOD_CLOSED", field, { day: isoDay(closed) });
  return null;
}
