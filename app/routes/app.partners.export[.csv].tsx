// GET /app/partners/export.csv — the partners register as CSV (semicolons, UTF-8 with a byte
// order mark; merged partners left out, archived ones marked). Cost roles only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { PARTNERS_EXPORT_GATE } from "../http/gates";
import { partnersCsvExport } from "../http/partners-page.server";

export const permission = { loader: PARTNERS_EXPORT_GATE } as const;

export const loader = ({ request }: LoaderFunctionArgs) => partnersCsvExport(request);
