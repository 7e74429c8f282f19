// GET /app/pieces/export.csv?<the list's parameters> — the list view as a CSV file.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "../http/admin-context.server";
import { pieceListQuery } from "../models/pieces.server";
import { parseListQuery } from "../domain/schemas/list";
import { isoDay } from "../domain/days";
import { csvResponse, exportPiecesCsv } from "../services/catalog/csv-export.server";
import { csvDialect } from "../domain/csv/dialect";

export const permission = { loader: "data.export" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, canSeeCost } = await requireAdmin(request, permission.loader);
  const query = parseListQuery(new URL(request.url).searchParams);
  const name = `loupe-${shop.domain.replace(/\.myshopify\.com$/, "")}-${isoDay(new Date())}.csv`;
  return csvResponse(
    exportPiecesCsv(shop.id, pieceListQuery(query), {
      canSeeCost,
      dialect: csvDialect(shop.csvFrenchExcel, shop.locale),
    }),
    name,
  );
}
