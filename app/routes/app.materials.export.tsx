// Downloads: the accounting entries as CSV, or the French FEC file with its legal name.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { refusalText, requireMaterialsAdmin } from "../http/materials-admin.server";
import { dayToInstant, endOfDay } from "../domain/materials/days";
import { exportCsv, exportFec } from "../services/materials/accounting-export.server";
import { encodeLatin9 } from "../domain/materials/fec";
import { exportQuery } from "../domain/materials/forms";
import { startOfUtcDay } from "../domain/days";

export const permission = { loader: ["materials.view", "cost.see", "data.export"] } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, locale } = await requireMaterialsAdmin(request, permission.loader);
  const parsed = exportQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success)
    return new Response(refusalText(locale, { code: "BAD_DATE" }), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  const { format, from, to } = parsed.data;
  if (format === "fec") {
    const result = await exportFec(shop.id, from, to);
    if (!result.ok)
      return new Response(refusalText(locale, result), {
        status: 422,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    // A47 A-1 allows ASCII, ISO 8859-15 or EBCDIC: the file goes out in ISO 8859-15.
    return new Response(encodeLatin9(result.body), {
      headers: {
        "Content-Type": "text/plain; charset=iso-8859-15",
        "Content-Disposition": `attachment; filename="${result.fileName}"`,
      },
    });
  }
  const start = dayToInstant(from, new Date(0));
  const end = endOfDay(to);
  if (!start || !end || end.getTime() < start.getTime())
    return new Response(refusalText(locale, { code: "BAD_RANGE" }), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  const body = await exportCsv(shop.id, startOfUtcDay(start), end);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="loupe-materials-${from}-${to}.csv"`,
    },
  });
}
