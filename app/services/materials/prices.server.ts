// Reference prices of metals: one typed in, or many from a CSV (all checked before any is written).
import { shopCurrency } from "../../models/materials-ledger.server";
import { upsertPrice } from "../../models/materials-prices.server";
import { parse } from "csv-parse/sync";
import { appendAudit } from "../../models/audit.server";
import { actorLabel, type Actor } from "../../models/actor";
import { METALS } from "../../domain/metals";
import { normaliseUnitCost } from "../../domain/materials/classes";
import { dayToInstant } from "../../domain/materials/days";
import { inTx, refuse } from "./refusals.server";

export async function setPrice(
  shopId: string,
  input: { metal: string; day: string; price: string; source?: string | null },
  actor: Actor,
  now = new Date(),
) {
  if (!(METALS as readonly string[]).includes(input.metal) || input.metal === "rhodium")
    return refuse("BAD_METAL", "metal");
  const day = dayToInstant(input.day, new Date(0));
  if (!day) return refuse("BAD_DATE", "day");
  if (day.getTime() > now.getTime()) return refuse("FUTURE_DATE", "day");
  const price = normaliseUnitCost(input.price);
  if (!price.ok) return refuse(price.code === "NEGATIVE" ? "NEGATIVE_COST" : "BAD_COST", "price");
  const currency = await shopCurrency(shopId);
  return inTx(async (tx) => {
    const row = await upsertPrice(tx, shopId, {
      metal: input.metal,
      day,
      pricePerGram: price.value,
      currency,
      source: input.source?.trim() || null,
      actorName: actorLabel(actor),
    });
    await appendAudit(tx, shopId, {
      actor,
      action: "materials.price_set",
      entityType: "MaterialPrice",
      entityId: row.id,
      data: { metal: input.metal, day: input.day, pricePerGram: price.value },
    });
    return { ok: true as const };
  });
}

export type CsvRowError = { row: number; code: string };

/** CSV with a header: metal,date,price_per_gram[,source]. All rows are checked first; any error imports nothing. */
export async function importPricesCsv(shopId: string, text: string, actor: Actor, now = new Date()) {
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      delimiter: text.includes(";") && !text.includes(",") ? ";" : ",",
    }) as Record<string, string>[];
  } catch {
    return refuse("CSV_UNREADABLE", "file");
  }
  if (records.length === 0) return refuse("CSV_EMPTY", "file");
  if (records.length > 5000) return refuse("CSV_TOO_LONG", "file");
  const errors: CsvRowError[] = [];
  const rows: { metal: string; day: Date; dayText: string; price: string; source: string | null }[] = [];
  for (const [i, record] of records.entries()) {
    const metal = (record.metal ?? "").toLowerCase();
    const dayText = record.date ?? "";
    const day = dayToInstant(dayText, new Date(0));
    const price = normaliseUnitCost(record.price_per_gram ?? record.price ?? "");
    if (!(METALS as readonly string[]).includes(metal) || metal === "rhodium")
      errors.push({ row: i + 2, code: "BAD_METAL" });
    else if (!day || day.getTime() > now.getTime()) errors.push({ row: i + 2, code: "BAD_DATE" });
    else if (!price.ok) errors.push({ row: i + 2, code: price.code === "NEGATIVE" ? "NEGATIVE_COST" : "BAD_COST" });
    else rows.push({ metal, day, dayText, price: price.value, source: record.source?.trim() || null });
  }
  if (errors.length) return { ok: false as const, code: "CSV_ERRORS", errors };
  const currency = await shopCurrency(shopId);
  return inTx(async (tx) => {
    for (const row of rows) {
      await upsertPrice(tx, shopId, {
        metal: row.metal,
        day: row.day,
        pricePerGram: row.price,
        currency,
        source: row.source ?? "CSV import",
        actorName: actorLabel(actor),
      });
    }
    await appendAudit(tx, shopId, {
      actor,
      action: "materials.prices_imported",
      entityType: "MaterialPrice",
      entityId: shopId,
      data: { rows: rows.length },
    });
    return { ok: true as const, imported: rows.length };
  });
}
