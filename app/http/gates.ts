// The gates routes declare in their `permission` export. That export is sent to the browser with
// the route's component, so the gates live here and not in a .server module (the client build
// refuses a route whose non-server export reads one).

/** Bringing the Shopify catalogue in as pieces is an import (managers by default). */
export const CATALOGUE_GATE = "data.import";

/** The gates of the partners register's routes. */
export const PARTNERS_GATE = ["cost.see"] as const;
export const PARTNERS_IMPORT_GATE = ["cost.see", "data.import"] as const;
export const PARTNERS_EXPORT_GATE = ["cost.see", "data.export"] as const;
