// The material ledger of a shop as a whole: the lock that serialises its writes, and the
// fingerprint of everything its valuation depends on. Every call takes the shop.
import { db, dbProvider, type Tx } from "../db.server";

const client = (tx?: Tx): Tx => tx ?? db;

/**
 * Serialises a shop's material ledger writes across app instances (PostgreSQL; SQLite writes are
 * serial anyway): a move re-costs the classes its transfers feed and the jobs they supply, so two
 * writes in linked classes must not each compute that from a view without the other.
 */
export async function lockShopLedger(tx: Tx, shopId: string) {
  if (dbProvider() === "postgresql") {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`materials:${shopId}`}, 0))`;
  }
}

/**
 * What the valuation of a shop's material stock depends on, cheaply: moves, method changes and
 * period closes are insert-only (the database refuses updates and deletes), so their counts
 * change with every write; classes (method, standard cost) and settings are compared as read.
 */
export async function ledgerFingerprint(shopId: string, tx?: Tx): Promise<string> {
  const c = client(tx);
  const [moves, changes, closes, settings, classes, shop] = await Promise.all([
    c.materialMove.count({ where: { shopId } }),
    c.materialMethodChange.count({ where: { shopId } }),
    c.materialPeriodClose.count({ where: { shopId } }),
    c.materialSettings.findUnique({ where: { shopId }, select: { negativeStock: true } }),
    c.materialClass.findMany({
      where: { shopId },
      select: { id: true, method: true, standardUnitCost: true },
      orderBy: { id: "asc" },
    }),
    c.shop.findUnique({ where: { id: shopId }, select: { currency: true } }),
  ]);
  const classText = classes.map((k) => `${k.id}:${k.method}:${k.standardUnitCost ?? ""}`).join(",");
  return `${moves}|${changes}|${closes}|${settings?.negativeStock ?? "refuse"}|${shop?.currency ?? ""}|${classText}`;
}

export async function shopCurrency(shopId: string, tx?: Tx): Promise<string> {
  const shop = await client(tx).shop.findUniqueOrThrow({ where: { id: shopId }, select: { currency: true } });
  return shop.currency;
}

export async function shopInfo(shopId: string, tx?: Tx) {
  return client(tx).shop.findUniqueOrThrow({
    where: { id: shopId },
    select: { currency: true, ianaTimezone: true, name: true, domain: true },
  });
}
