// The app's modules for an integration file. They are loaded when the file asks, not imported at the
// top: a static import is hoisted above the file's own settings (the app reads some environment
// variables, such as LOUPE_SHOPIFY_TIMEOUT_MS, when first imported), so loading late keeps a
// file's settings in force. The database client itself follows DATABASE_URL on every query.
import type { Provider } from "../../../app/db/providers";
import { useFreshDatabase } from "../../setup/databases";

async function load() {
  const [database, shops, locations, intake, pieces, worker, adminClient] = await Promise.all([
    import("../../../app/db.server"),
    import("../../../app/models/shop.server"),
    import("../../../app/models/locations.server"),
    import("../../../app/services/catalog/intake.server"),
    import("../../../app/services/catalog/piece-changes.server"),
    import("../../../app/shopify/sync-worker.server"),
    import("../../../app/shopify/admin-client.server"),
  ]);
  return {
    db: database.db,
    dbProvider: database.dbProvider,
    disconnectDb: database.disconnectDb,
    ensureShop: shops.ensureShop,
    deleteShopData: shops.deleteShopData,
    createLocation: locations.createLocation,
    createPiece: intake.createPiece,
    /** Changes to existing pieces (state, location, tagging). */
    pieces,
    /** The outbox worker that mirrors pieces to Shopify. */
    worker,
    /** The app's Admin GraphQL client, for what a test reads or changes in Shopify as the app would. */
    shopGraphql: adminClient.shopGraphql,
  };
}

export type App = Awaited<ReturnType<typeof load>>;

let loaded: Promise<App> | undefined;

/** The shared app modules (loaded once per test file; Node caches them anyway). */
export function loadApp(): Promise<App> {
  loaded ??= load();
  return loaded;
}

/** Points the app at a fresh database of `engine`, then loads its modules: what each file's beforeAll does first. */
export async function appOn(engine: Provider): Promise<App> {
  await useFreshDatabase(engine);
  return loadApp();
}
