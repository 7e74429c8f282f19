// Gates shared by a route file's `permission` declaration and the server glue that checks it.
// Kept out of *.server modules: a route's `permission` export reaches the client bundle.
import type { Permission } from "./permissions";

/** The partners register names the shop's suppliers: it is for those who see cost and supplier. */
export const PARTNERS_GATE = ["cost.see"] as const satisfies readonly Permission[];
export const PARTNERS_IMPORT_GATE = ["cost.see", "data.import"] as const satisfies readonly Permission[];
export const PARTNERS_EXPORT_GATE = ["cost.see", "data.export"] as const satisfies readonly Permission[];

/** Bringing the Shopify catalogue in as pieces is an import (managers by default). */
export const CATALOGUE_GATE = "data.import" as const satisfies Permission;
