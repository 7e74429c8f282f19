// Saving the shop's settings (/app/settings): one transaction that checks the version the page was
// loaded at, refuses a change of currency once amounts are recorded in the old one, writes the
// settings and the opening hours, and appends one audit entry with each changed setting's before
// and after. A save that changes nothing writes nothing.
import { currencyDecimals } from "../../domain/money";
import { formatClock, sortIntervals, type OpeningInterval } from "../../domain/shop-hours";
import type { ShopSettingsInput } from "../../domain/schemas/shop-settings";
import { defaultTagTemplate } from "../../domain/shop-defaults";
import { frenchExcelOn } from "../../domain/csv/dialect";
import { TEMPLATES } from "../../domain/tags";
import type { Actor } from "../../models/actor";
import { appendAudit } from "../../models/audit.server";
import { rfidSettings } from "../../models/kiosk-tags.server";
import {
  countAmountsInShopCurrency,
  lastSettingsChange,
  readShopSettings,
  replaceOpeningHours,
  SETTINGS_AUDIT_ACTION,
  updateShopSettings,
  type StoredShopSettings,
} from "../../models/shop-settings.server";
import { inTransaction } from "../../models/transaction.server";

export type SettingsRefusal = {
  ok: false;
  code: "SETTINGS_STALE" | "CURRENCY_LOCKED" | "TEMPLATE_NEEDS_RFID";
  field?: string;
  vars?: Record<string, string | number>;
  /** SETTINGS_STALE: who saved last and when, for the message. */
  lastChange?: { actor: string; at: Date } | null;
};

export type SettingsSaved = { ok: true; changed: string[]; version: number };

/** The hours as the audit log keeps them: "1 09:30-12:30" (ISO weekday, then the interval). */
function hoursText(hours: readonly OpeningInterval[]): string[] {
  return sortIntervals(hours).map((h) => `${h.weekday} ${formatClock(h.opensMinute)}-${formatClock(h.closesMinute)}`);
}

type Comparable = {
  currency: string;
  weightUnit: string;
  ianaTimezone: string;
  defaultTagTemplateId: string;
  printerDpi: number;
  kioskIdleMinutes: number;
  hours: string[];
  csvFrenchExcel: boolean;
};

function comparable(
  s: Omit<StoredShopSettings, "settingsVersion"> | ShopSettingsInput,
  stored: StoredShopSettings,
): Comparable {
  // The setting as it acts (a shop that never chose follows its locale); absent from a form: unchanged.
  const csv = "locale" in s ? frenchExcelOn(s.csvFrenchExcel, s.locale) : s.csvFrenchExcel;
  return {
    currency: s.currency,
    weightUnit: s.weightUnit,
    ianaTimezone: s.ianaTimezone,
    defaultTagTemplateId: defaultTagTemplate(s.defaultTagTemplateId),
    printerDpi: s.printerDpi,
    kioskIdleMinutes: s.kioskIdleMinutes,
    hours: hoursText(s.hours),
    csvFrenchExcel: csv ?? frenchExcelOn(stored.csvFrenchExcel, stored.locale),
  };
}

export async function saveShopSettings(
  shopId: string,
  input: ShopSettingsInput,
  actor: Actor,
): Promise<SettingsSaved | SettingsRefusal> {
  // A default template on RFID stock prints nothing while RFID is off (read before the transaction:
  // it is the RFID page's setting, not this page's).
  const needsRfid = TEMPLATES.find((t) => t.id === input.defaultTagTemplateId)?.rfidCapable === true;
  const rfidOn = needsRfid ? (await rfidSettings(shopId))?.enabled === true : false;
  return inTransaction(async (tx) => {
    const stored = await readShopSettings(shopId, tx);
    const stale = async (): Promise<SettingsRefusal> => ({
      ok: false,
      code: "SETTINGS_STALE",
      lastChange: await lastSettingsChange(shopId, tx),
    });
    if (stored.settingsVersion !== input.version) return stale();
    const before = comparable(stored, stored);
    const after = comparable(input, stored);
    const changed = (Object.keys(after) as (keyof Comparable)[]).filter(
      (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
    );
    if (changed.length === 0) return { ok: true, changed: [], version: stored.settingsVersion };

    if (changed.includes("currency")) {
      const count = await countAmountsInShopCurrency(shopId, tx);
      if (count > 0)
        return {
          ok: false,
          code: "CURRENCY_LOCKED",
          field: "currency",
          vars: { from: stored.currency, to: input.currency, count, decimals: currencyDecimals(stored.currency) },
        };
    }
    if (changed.includes("defaultTagTemplateId") && needsRfid && !rfidOn)
      return { ok: false, code: "TEMPLATE_NEEDS_RFID", field: "defaultTagTemplateId" };

    const written = await updateShopSettings(tx, shopId, input.version, {
      currency: input.currency,
      weightUnit: input.weightUnit,
      ianaTimezone: input.ianaTimezone,
      defaultTagTemplateId: input.defaultTagTemplateId,
      printerDpi: input.printerDpi,
      kioskIdleMinutes: input.kioskIdleMinutes,
      ...(changed.includes("csvFrenchExcel") ? { csvFrenchExcel: after.csvFrenchExcel } : {}),
    });
    if (!written) return stale();
    if (changed.includes("hours")) await replaceOpeningHours(tx, shopId, input.hours);
    await appendAudit(tx, shopId, {
      actor,
      action: SETTINGS_AUDIT_ACTION,
      entityType: "Shop",
      entityId: shopId,
      reason: input.reason === "" ? null : input.reason,
      data: {
        before: Object.fromEntries(changed.map((key) => [key, before[key]])),
        after: Object.fromEntries(changed.map((key) => [key, after[key]])),
        version: input.version + 1,
      },
    });
    return { ok: true, changed, version: input.version + 1 };
  });
}
