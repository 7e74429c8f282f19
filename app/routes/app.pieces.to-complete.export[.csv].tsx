// GET /app/pieces/to-complete/export.csv?location=<id> — the details sheet: the "details to
// complete" list as CSV in the shop's CSV dialect (separator and decimals; BOM), headers in the
// reader's language, cost and supplier only for roles that may see cost.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireAdmin } from "../http/admin-context.server";
import { csvResponse } from "../services/catalog/csv-export.server";
import { detailsSheetName, exportDetailsCsv } from "../services/catalog/details-csv.server";
import { csvDialect } from "../domain/csv/dialect";

export const permission = { loader: "data.export" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, canSeeCost, locale } = await requireAdmin(request, permission.loader);
  const locationId = new URL(request.url).searchParams.get("location") || undefined;
  return csvResponse(
    exportDetailsCsv(
      shop.id,
      { locationId },
      { canSeeCost, locale, dialect: csvDialect(shop.csvFrenchExcel, shop.locale) },
    ),
    detailsSheetName(shop.domain),
  );
}
