// The shop's settings (/app/settings): the Shop row's settings columns with their version, its
// opening hours, and what tells whether its currency may still change.
import { db, type Tx } from "../db.server";
import type { OpeningInterval } from "../domain/shop-hours";

export const SETTINGS_AUDIT_ACTION = "shop.settings_changed";

const SETTINGS_SELECT = {
  currency: true,
  weightUnit: true,
  ianaTimezone: true,
  defaultTagTemplateId: true,
  printerDpi: true,
  kioskIdleMinutes: true,
  settingsVersion: true,
  csvFrenchExcel: true,
  locale: true,
} as const;

export type StoredShopSettings = {
  currency: string;
  weightUnit: string;
  ianaTimezone: string;
  defaultTagTemplateId: string | null;
  printerDpi: number;
  kioskIdleMinutes: number;
  settingsVersion: number;
  /** Null until chosen: the shop's locale decides (app/domain/csv/dialect.ts). */
  csvFrenchExcel: boolean | null;
  locale: string;
  hours: OpeningInterval[];
};

export async function readShopSettings(shopId: string, tx: Tx = db): Promise<StoredShopSettings> {
  const [shop, hours] = await Promise.all([
    tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: SETTINGS_SELECT }),
    tx.shopOpeningHours.findMany({
      where: { shopId },
      orderBy: [{ weekday: "asc" }, { opensMinute: "asc" }],
      select: { weekday: true, opensMinute: true, closesMinute: true },
    }),
  ]);
  return { ...shop, hours: hours as OpeningInterval[] };
}

/**
 * How many amounts the shop has recorded in minor units of its currency: pieces' prices and costs,
 * consignment net prices, sales, and the materials ledger (moves with a cost, job costs,
 * impairments). Any of them makes a change of currency misread them. (Reference prices carry their
 * own currency.)
 */
export async function countAmountsInShopCurrency(shopId: string, tx: Tx = db): Promise<number> {
  const counts = await Promise.all([
    tx.piece.count({ where: { shopId, OR: [{ priceMinor: { not: null } }, { costMinor: { not: null } }] } }),
    tx.consignment.count({ where: { shopId, agreedNetMinor: { not: null } } }),
    tx.pieceSale.count({ where: { shopId } }),
    tx.materialMove.count({ where: { shopId, unitCost: { not: null } } }),
    tx.materialJobCost.count({ where: { shopId } }),
    tx.materialImpairment.count({ where: { shopId } }),
  ]);
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * Writes the settings if they are still at `expectedVersion`, and moves the version on: false when
 * another save came first (on PostgreSQL the second update waits for the first's row lock, then
 * finds the version moved), and then nothing is written.
 */
export async function updateShopSettings(
  tx: Tx,
  shopId: string,
  expectedVersion: number,
  settings: {
    currency: string;
    weightUnit: string;
    ianaTimezone: string;
    defaultTagTemplateId: string | null;
    printerDpi: number;
    kioskIdleMinutes: number;
    csvFrenchExcel?: boolean;
  },
): Promise<boolean> {
  const result = await tx.shop.updateMany({
    where: { id: shopId, settingsVersion: expectedVersion },
    data: { ...settings, settingsVersion: { increment: 1 } },
  });
  return result.count === 1;
}

/** The shop's opening hours replaced by these intervals (inside the settings' transaction). */
export async function replaceOpeningHours(tx: Tx, shopId: string, hours: readonly OpeningInterval[]): Promise<void> {
  await tx.shopOpeningHours.deleteMany({ where: { shopId } });
  if (hours.length > 0)
    await tx.shopOpeningHours.createMany({
      data: hours.map((h) => ({
        shopId,
        weekday: h.weekday,
        opensMinute: h.opensMinute,
        closesMinute: h.closesMinute,
      })),
    });
}

/** Who last saved the settings and when (the newest audit entry of a save), for a stale save's message. */
export async function lastSettingsChange(shopId: string, tx: Tx = db): Promise<{ actor: string; at: Date } | null> {
  return tx.auditLog.findFirst({
    where: { shopId, action: SETTINGS_AUDIT_ACTION },
    orderBy: { seq: "desc" },
    select: { actor: true, at: true },
  });
}
