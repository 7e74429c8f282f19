// Material settings (loss rates, selling costs, negative stock, accounts, SIREN) and closed
// periods: what a period close freezes, and the check every dated write makes against it.
import type { Tx } from "../../models/transaction.server";
import { appendAudit } from "../../models/audit.server";
import { actorLabel, type Actor } from "../../models/actor";
import {
  getSettingsRow,
  insertPeriodClose,
  lastClosedThrough,
  upsertSettings,
} from "../../models/materials-periods.server";
import { lockShopLedger } from "../../models/materials-ledger.server";
import { isoDay } from "../../domain/days";
import { endOfDay } from "../../domain/materials/days";
import { ACCOUNT_ROLES, resolveAccounts, type AccountMap } from "../../domain/materials/ledger";
import { isValidSiren } from "../../domain/materials/fec";
import { inTx, refuse, Refused, type Refusal } from "./refusals.server";
import * as V from "./valuation.server";

export type MaterialSettings = {
  siren: string | null;
  normalLossBp: number;
  sellingCostBp: number;
  negativeStock: "refuse" | "allow";
  accounts: AccountMap;
};

export async function getMaterialSettings(shopId: string, tx?: Tx): Promise<MaterialSettings> {
  const row = await getSettingsRow(shopId, tx);
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
    await upsertSettings(tx, shopId, { ...input, accounts, updatedBy: actorLabel(actor) });
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
  const result = await inTx(async (tx) => {
    // Sales of finished pieces read the closed date under this lock to book on an open day.
    await lockShopLedger(tx, shopId);
    const last = await lastClosedThrough(shopId, tx);
    if (last && through.getTime() <= last.getTime())
      throw new Refused(refuse("ALREADY_CLOSED", "through", { day: isoDay(last) }));
    const row = await insertPeriodClose(tx, shopId, through, actorLabel(actor));
    await appendAudit(tx, shopId, {
      actor,
      action: "materials.period_closed",
      entityType: "MaterialPeriodClose",
      entityId: row.id,
      data: { through: throughDay },
    });
    return { ok: true as const };
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
