// Reference prices of metals per gram, one per metal and day. Every call takes the shop.
import { db, type Tx } from "../db.server";

export async function listPrices(shopId: string, take = 200) {
  return db.materialPrice.findMany({ where: { shopId }, orderBy: [{ day: "desc" }, { metal: "asc" }], take });
}

/** The latest price of each metal on or before an instant. */
export async function pricesAt(shopId: string, at: Date): Promise<Map<string, { pricePerGram: string; day: Date }>> {
  const rows = await db.materialPrice.findMany({ where: { shopId, day: { lte: at } }, orderBy: { day: "desc" } });
  const latest = new Map<string, { pricePerGram: string; day: Date }>();
  for (const row of rows)
    if (!latest.has(row.metal)) latest.set(row.metal, { pricePerGram: row.pricePerGram, day: row.day });
  return latest;
}

export async function upsertPrice(
  tx: Tx,
  shopId: string,
  data: { metal: string; day: Date; pricePerGram: string; currency: string; source: string | null; actorName: string },
) {
  return tx.materialPrice.upsert({
    where: { shopId_metal_day: { shopId, metal: data.metal, day: data.day } },
    create: { shopId, ...data },
    update: {
      pricePerGram: data.pricePerGram,
      currency: data.currency,
      source: data.source,
      actorName: data.actorName,
    },
  });
}
