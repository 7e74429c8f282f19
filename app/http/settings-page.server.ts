// The settings page's server side (/app/settings): what the form starts from, and a save. Settings
// are the owner's and managers' (as the Staff page); anyone else is answered 403 in their language.
import { CURRENCY_CODES, minorUnitOf } from "../domain/currencies";
import { formatClock, INTERVALS_PER_DAY, WEEKDAYS } from "../domain/shop-hours";
import { hoursField, shopSettingsSchema } from "../domain/schemas/shop-settings";
import { defaultDpi, defaultTagTemplate } from "../domain/shop-defaults";
import { TEMPLATES } from "../domain/tags";
import { frenchExcelOn } from "../domain/csv/dialect";
import { formatDateTime, translate } from "../i18n";
import { rfidSettings } from "../models/kiosk-tags.server";
import { countAmountsInShopCurrency, readShopSettings } from "../models/shop-settings.server";
import { saveShopSettings } from "../services/shop/settings.server";
import type { AdminContext } from "./admin-context.server";
import { invalidAnswer, parseBody, refusedAnswer } from "./admin-action.server";

/** IANA zones the runtime knows, the shop's own first among them if the list lacks it. */
function timeZones(current: string): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return [...new Set([...(zones.includes(current) ? [] : [current]), "UTC", ...zones])];
}

export async function settingsPage(context: AdminContext) {
  const shopId = context.shop.id;
  const [stored, amounts, rfid] = await Promise.all([
    readShopSettings(shopId),
    countAmountsInShopCurrency(shopId),
    rfidSettings(shopId),
  ]);
  const hours: Record<string, string> = {};
  for (const weekday of WEEKDAYS) {
    const day = stored.hours.filter((h) => h.weekday === weekday).slice(0, INTERVALS_PER_DAY);
    day.forEach((h, slot) => {
      hours[hoursField(weekday, slot, "opens")] = formatClock(h.opensMinute);
      hours[hoursField(weekday, slot, "closes")] = formatClock(h.closesMinute);
    });
  }
  return {
    version: stored.settingsVersion,
    values: {
      currency: stored.currency,
      weightUnit: stored.weightUnit,
      ianaTimezone: stored.ianaTimezone,
      defaultTagTemplateId: defaultTagTemplate(stored.defaultTagTemplateId),
      printerDpi: String(defaultDpi(stored.printerDpi)),
      kioskIdleMinutes: String(stored.kioskIdleMinutes),
      csvFrenchExcel: frenchExcelOn(stored.csvFrenchExcel, stored.locale) ? "on" : "off",
      hours,
    },
    /** Amounts recorded in the currency: above 0, the currency can no longer change. */
    amounts,
    currencies: CURRENCY_CODES.map((code) => ({ code, decimals: minorUnitOf(code)! })),
    templates: TEMPLATES.map((t) => ({ id: t.id, name: t.name, rfid: t.rfidCapable })),
    timeZones: timeZones(stored.ianaTimezone),
    rfid: { enabled: rfid?.enabled ?? false, companyPrefix: rfid?.companyPrefix ?? "", filter: rfid?.filter ?? 1 },
  };
}

export async function settingsAction(context: AdminContext, request: Request) {
  const { locale, shop } = context;
  const parsed = await parseBody(request, shopSettingsSchema);
  if (!parsed.ok) return invalidAnswer(locale, parsed.error);
  const result = await saveShopSettings(shop.id, parsed.data, context.actor);
  if (!result.ok) {
    const vars =
      result.code === "SETTINGS_STALE"
        ? {
            who: result.lastChange?.actor ?? translate(locale, "settings.error.someone"),
            when: result.lastChange ? formatDateTime(result.lastChange.at, locale, shop.ianaTimezone) : "—",
          }
        : result.vars;
    return refusedAnswer(
      locale,
      { code: result.code, field: result.field, vars },
      { prefix: "settings.error.", fallback: "settings.error.unknown", summary: "settings.error.summary" },
    );
  }
  return { ok: true as const, changed: result.changed, version: result.version };
}
