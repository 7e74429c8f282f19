// The pieces list as CSV: the same query as the list on screen, every matching piece, streamed in
// pages so 50,000 pieces never sit in memory at once. Cells are protected against formula
// injection (app/domain/csv/cells.ts). Headers are names the import recognises, so an export can
// be edited and imported into another shop. Numbers use "." decimals, machine-readable.
import { piecesForExport, type ExportPiece, type PieceListQuery } from "../../models/pieces.server";
import { csvLine, UTF8_BOM } from "../../domain/csv/cells";
import { minorToDecimalString } from "../../domain/money";
import { fromMilligrams, caratTotal } from "../../domain/units";
import { isoDay } from "../../domain/days";

export const EXPORT_HEADERS = [
  "Tag code",
  "Title",
  "SKU",
  "GTIN",
  "State",
  "Price",
  "Currency",
  "Cost",
  "Supplier",
  "Acquisition date",
  "Location",
  "Metal",
  "Colour",
  "Fineness",
  "Weight",
  "Weight unit",
  "Fine weight",
  "Hallmark",
  "Stone",
  "Stone origin",
  "Shape",
  "Carats",
  "Stone count",
  "Stone colour",
  "Clarity",
  "Cut grade",
  "Carat total",
  "Lab",
  "Certificate number",
  "Certificate date",
  "Consignor",
  "Commission %",
  "Agreed net price",
  "Due date",
  "Notes",
  "Shopify variant",
  "Created",
] as const;

// Columns only roles with cost.see get: the agreed net price of a consigned piece is its cost.
const COST_COLUMNS = new Set(["Cost", "Supplier", "Agreed net price"]);

const day = (d: Date | null | undefined) => (d ? isoDay(d) : "");
const carats = (millicarats: number) =>
  `${Math.trunc(millicarats / 1000)}.${String(millicarats % 1000).padStart(3, "0")}`;
const percent = (bp: number) => `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, "0")}`;

export function exportRow(p: ExportPiece, canSeeCost: boolean): (string | null)[] {
  const metal = p.metals[0];
  const stone = p.stones[0];
  const cert = p.certificates[0];
  const c = p.consignment;
  const row: Record<(typeof EXPORT_HEADERS)[number], string | null> = {
    "Tag code": p.tagCode,
    Title: p.title,
    SKU: p.sku,
    GTIN: p.gtin,
    State: p.state,
    Price: p.priceMinor == null ? null : minorToDecimalString(p.priceMinor, p.currency),
    Currency: p.currency,
    Cost: p.costMinor == null ? null : minorToDecimalString(p.costMinor, p.currency),
    Supplier: p.supplier?.name ?? null,
    "Acquisition date": day(p.acquiredAt),
    Location: p.location?.path ?? null,
    Metal: metal?.metal ?? null,
    Colour: metal?.colour ?? null,
    Fineness: metal ? String(metal.finenessBp / 10) : null,
    Weight: metal ? fromMilligrams(metal.grossWeightMg, "g") : null,
    "Weight unit": metal ? "g" : null,
    "Fine weight": metal ? fromMilligrams(metal.fineWeightMg, "g") : null,
    Hallmark: metal?.hallmark ?? null,
    Stone: stone?.type ?? null,
    "Stone origin": stone?.origin ?? null,
    Shape: stone?.shape ?? null,
    Carats: stone ? carats(stone.millicarats) : null,
    "Stone count": stone ? String(stone.count) : null,
    "Stone colour": stone?.colour ?? null,
    Clarity: stone?.clarity ?? null,
    "Cut grade": stone?.cutGrade ?? null,
    "Carat total": p.stones.length ? carats(caratTotal(p.stones)) : null,
    Lab: cert?.lab ?? null,
    "Certificate number": cert?.number ?? null,
    "Certificate date": day(cert?.issuedAt),
    Consignor: c?.consignor.name ?? null,
    "Commission %": c?.commissionBp != null ? percent(c.commissionBp) : null,
    "Agreed net price": c?.agreedNetMinor != null ? minorToDecimalString(c.agreedNetMinor, p.currency) : null,
    "Due date": day(c?.dueAt),
    Notes: p.notes,
    "Shopify variant": p.variantGid,
    Created: p.createdAt.toISOString(),
  };
  return EXPORT_HEADERS.filter((h) => canSeeCost || !COST_COLUMNS.has(h)).map((h) => row[h]);
}

/** The CSV text, chunk by chunk (a BOM first, so Excel reads accents). */
export async function* exportPiecesCsv(
  shopId: string,
  query: PieceListQuery,
  options: { canSeeCost: boolean },
): AsyncGenerator<string> {
  yield UTF8_BOM + csvLine(EXPORT_HEADERS.filter((h) => options.canSeeCost || !COST_COLUMNS.has(h)));
  for await (const page of piecesForExport(shopId, { ...query, cursor: undefined })) {
    yield page.map((p) => csvLine(exportRow(p, options.canSeeCost))).join("");
  }
}

export function csvResponse(chunks: AsyncGenerator<string>, fileName: string): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
