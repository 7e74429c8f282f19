// Pieces from the shop's existing Shopify catalogue. The catalogue is read with one bulk query
// (app/shopify/bulk/catalogue.server.ts); this page lists each variant's stock at each Shopify
// location that Loupe has fewer pieces for than Shopify has units, and makes the missing pieces:
// one per unit, linked to the product, variant and inventory item, at the site of its Shopify
// location, details still to complete. Shopify's stock is not touched: the units are already
// counted there, and each piece takes the state that counts in the quantity its unit is in
// (app/domain/catalogue/levels.ts UNIT_STATES; damaged and safety-stock units are held in their
// quantity), so the reconciler finds both sides equal. A unit committed to an order not yet
// fulfilled gets a piece recorded sold to that order's line (app/domain/catalogue/committed.ts), as
// if the order had come after the piece; committed units with no open line Loupe can read get none,
// and the answer says how many and why.
import { randomBytes } from "node:crypto";
import {
  listColumnValues,
  madeByState,
  noneMade,
  piecesToMake,
  totalToMake,
  unitsForPieces,
  UNIT_STATES,
  type MadeCounts,
  type MadeState,
} from "../../domain/catalogue/levels";
import { assignCommitted, type CommittedAssignment, type OpenOrderLine } from "../../domain/catalogue/committed";
import { generateTagCode } from "../../domain/tagcode";
import type { Actor } from "../../models/actor";
import { appendAudit, appendAuditMany, type AuditInput } from "../../models/audit.server";
import * as Bulk from "../../models/bulk-operations.server";
import {
  catalogueFacets,
  catalogueLevels,
  catalogueLevelsByKey,
  existingPiecesByLevel,
  insertCataloguePieces,
  insertIntakeMovements,
  lockShopForCatalogue,
  oneOfAKindVariants,
  sitesByShopifyLocation,
  takenTagCodesIn,
  type CatalogueFilter,
  type CatalogueLevelRow,
  type CataloguePieceRow,
} from "../../models/catalogue.server";
import { shopCurrency } from "../../models/shop.server";
import { lockShopLedger } from "../../models/materials-ledger.server";
import { unrefundedSaleCountsByLine } from "../../models/sales.server";
import { inTransaction, type Tx } from "../../models/transaction.server";
import { advanceBulkOperations } from "../../shopify/bulk-products.server";
import { newPublicToken } from "../catalog/intake.server";
import { sellPieceToLine } from "../sync/sales.server";

export type { CatalogueFilter } from "../../models/catalogue.server";

/** Units made into pieces per transaction (with their ledger rows and audit entries). */
export const CATALOGUE_CHUNK_UNITS = 1_000;
/** Rows the page shows at most; the totals and "Create pieces" for the filter cover all of them. */
export const CATALOGUE_PAGE_ROWS = 200;

const REASON = "made from the Shopify catalogue";

export const levelKey = (l: Pick<CatalogueLevelRow, "variantGid" | "shopifyLocationGid">) =>
  `${l.variantGid}|${l.shopifyLocationGid}`;

// ------------------------------------------------------------------ reading the catalogue

export type ReadRequest = { ok: true; opId: string; alreadyUnderWay: boolean };

/**
 * Queues a read of the catalogue (one at a time per shop) and starts it at once; the worker's
 * bulk loop and the finish webhook take it from there.
 */
export async function requestCatalogueRead(shopId: string, actor: Actor): Promise<ReadRequest> {
  const queued = await inTransaction(async (tx) => {
    await Bulk.lockShopForCatalogueQuery(tx, shopId);
    const underWay = await Bulk.catalogueQueryUnderWay(tx, shopId);
    if (underWay) return { opId: underWay.id, alreadyUnderWay: true };
    const op = await Bulk.insertCatalogueQuery(tx, shopId, actor.name);
    await appendAudit(tx, shopId, {
      actor,
      action: "catalogue.read_requested",
      entityType: "ShopifyBulkOperation",
      entityId: op.id,
    });
    return { opId: op.id, alreadyUnderWay: false };
  });
  // Starting is one call; a failure is retried by the worker's loop like any bulk operation's.
  if (!queued.alreadyUnderWay) await advanceBulkOperations({ shopId });
  return { ok: true, ...queued };
}

// ------------------------------------------------------------------ what is missing

export type PlannedLevel = {
  level: CatalogueLevelRow;
  existing: number;
  make: MadeCounts;
  toMake: number;
};

/** Each level's pieces to make, from the pieces there now (read in `tx`, under the lock when making). */
async function plan(tx: Tx, shopId: string, levels: readonly CatalogueLevelRow[]): Promise<PlannedLevel[]> {
  const variants = [...new Set(levels.map((l) => l.variantGid))];
  const existing = await existingPiecesByLevel(shopId, variants, tx);
  // Only a variant that has pieces can be one Loupe made for one piece.
  const linked = [...new Set([...existing.keys()].map((k) => k.split("|")[0]!))];
  const oneOfAKind = await oneOfAKindVariants(tx, shopId, linked);
  return levels.map((level) => {
    const have = existing.get(levelKey(level)) ?? noneMade();
    const make = piecesToMake(level, have, oneOfAKind.has(level.variantGid));
    return { level, existing: totalToMake(have), make, toMake: totalToMake(make) };
  });
}

export type CataloguePage = Awaited<ReturnType<typeof cataloguePage>>;

/** What the page shows: the read, the filter's choices, and the levels still missing pieces. */
export async function cataloguePage(shopId: string, filter: CatalogueFilter) {
  const [latest, complete, sites] = await Promise.all([
    Bulk.latestCatalogueQuery(shopId),
    Bulk.latestCompleteCatalogueQuery(shopId),
    sitesByShopifyLocation(shopId),
  ]);
  const read = latest
    ? {
        id: latest.id,
        status: latest.status,
        shopifyStatus: latest.shopifyStatus,
        objectCount: latest.objectCount,
        lastError: latest.lastError,
        createdAt: latest.createdAt.toISOString(),
      }
    : null;
  if (!complete)
    return {
      read,
      readAt: null,
      facets: null,
      rows: [],
      totals: { rows: 0, units: 0, damaged: 0, safetyStock: 0 },
      withoutSite: [],
      committed: { rows: 0, units: 0 },
    };
  const facets = await catalogueFacets(shopId, complete.id);
  const levels = await catalogueLevels(shopId, complete.id, filter);
  const planned = (await inTransaction((tx) => plan(tx, shopId, levels), { timeout: 120_000 })).filter(
    (p) => p.toMake > 0,
  );
  // Said on the page rather than left out silently: units on orders not yet fulfilled get no piece.
  const committed = levels.filter((l) => l.committed > 0);
  const names = new Map(facets.locations.map((l) => [l.id, l.name]));
  const locationName = (gid: string) => names.get(gid) ?? gid;
  const withoutSite = new Map<string, number>();
  for (const p of planned)
    if (!sites.has(p.level.shopifyLocationGid))
      withoutSite.set(p.level.shopifyLocationGid, (withoutSite.get(p.level.shopifyLocationGid) ?? 0) + p.toMake);
  const collections = new Map<string, string>();
  for (const column of facets.collectionColumns)
    for (const c of JSON.parse(column) as { id: string; title: string }[]) collections.set(c.id, c.title);
  return {
    read,
    readAt: (complete.finishedAt ?? complete.createdAt).toISOString(),
    facets: {
      productTypes: facets.productTypes.filter((t) => t !== "").sort(),
      vendors: facets.vendors.filter((v) => v !== "").sort(),
      tags: [...new Set(facets.tagColumns.flatMap(listColumnValues))].sort(),
      collections: [...collections]
        .map(([id, title]) => ({ id, title }))
        .sort((a, b) => a.title.localeCompare(b.title)),
      locations: facets.locations,
    },
    rows: planned.slice(0, CATALOGUE_PAGE_ROWS).map((p) => ({
      key: levelKey(p.level),
      productTitle: p.level.productTitle,
      variantTitle: p.level.variantTitle,
      sku: p.level.sku,
      priceMinor: p.level.priceMinor === null ? null : p.level.priceMinor.toString(),
      vendor: p.level.vendor,
      productType: p.level.productType,
      location: locationName(p.level.shopifyLocationGid),
      site: sites.get(p.level.shopifyLocationGid)?.name ?? null,
      onHand: p.level.onHand,
      existing: p.existing,
      toMake: p.toMake,
      damaged: p.make.damaged,
      safetyStock: p.make.safetyStock,
      committed: p.level.committed,
    })),
    totals: {
      rows: planned.length,
      units: planned.reduce((n, p) => n + p.toMake, 0),
      damaged: planned.reduce((n, p) => n + p.make.damaged, 0),
      safetyStock: planned.reduce((n, p) => n + p.make.safetyStock, 0),
    },
    withoutSite: [...withoutSite].map(([gid, units]) => ({ name: locationName(gid), units })),
    committed: { rows: committed.length, units: committed.reduce((n, l) => n + l.committed, 0) },
  };
}

// ------------------------------------------------------------------ making the pieces

export type CatalogueSelection = { filter: CatalogueFilter } | { keys: string[] };

export type CreateResult =
  | {
      ok: true;
      created: number;
      byState: Record<MadeState, number>;
      /** The same pieces by the Shopify quantity their units are in (damaged, safety stock…). */
      byQuantity: MadeCounts;
      /** Pieces made for units committed to open orders, each recorded sold to its order line. */
      soldToOrders: number;
      /** Committed units with no open order line Loupe could read: no piece is made for them. */
      committedNotMade: number;
      /** The open orders could not be read: no piece was made for any committed unit. */
      ordersUnavailable: boolean;
      /** Shopify locations with units to make but no site: nothing was made there. */
      withoutSite: { shopifyLocationGid: string; name: string; units: number }[];
    }
  | { ok: false; code: "NO_CATALOGUE" | "EMPTY_SELECTION" | "UNKNOWN_LOCATION"; field?: string };

function titleOf(level: CatalogueLevelRow): string {
  const variant = level.variantTitle.trim();
  return variant && variant !== "Default Title" ? `${level.productTitle} — ${variant}` : level.productTitle;
}

async function freshTagCodes(tx: Tx, shopId: string, n: number): Promise<string[]> {
  const codes = new Set<string>();
  // 32^6 codes: a collision is rare, but a shop with many pieces must never get a duplicate.
  for (let attempt = 0; codes.size < n; attempt++) {
    if (attempt > 10) throw new Error("Could not find free tag codes after 10 attempts");
    const wanted = n - codes.size;
    const batch = new Set<string>();
    while (batch.size < wanted) {
      const code = generateTagCode((k) => randomBytes(k));
      if (!codes.has(code)) batch.add(code);
    }
    const taken = await takenTagCodesIn(tx, shopId, [...batch]);
    for (const code of batch) if (!taken.has(code)) codes.add(code);
  }
  return [...codes];
}

/**
 * Makes the missing pieces of the selection: the filtered levels, or the ticked ones
 * ("variantGid|locationGid"). Chunks of about CATALOGUE_CHUNK_UNITS units, each one transaction
 * under the shop's lock that counts the pieces already there first, so a second run (or a second
 * click at the same moment) makes nothing more. No outbox row: Shopify already counts these units.
 */
export async function createPiecesFromCatalogue(
  shopId: string,
  selection: CatalogueSelection,
  actor: Actor,
  options: {
    chunkUnits?: number;
    /**
     * Reads the open orders' unfulfilled lines of these variants (app/shopify/open-orders.server.ts);
     * called once, and only when the selection has committed units. Without it they get no piece.
     */
    readOpenOrders?: (variants: ReadonlySet<string>) => Promise<readonly OpenOrderLine[] | "unavailable">;
  } = {},
): Promise<CreateResult> {
  const complete = await Bulk.latestCompleteCatalogueQuery(shopId);
  if (!complete) return { ok: false, code: "NO_CATALOGUE" };
  const facets = await catalogueFacets(shopId, complete.id);
  const knownLocations = new Set(facets.locations.map((l) => l.id));
  const names = new Map(facets.locations.map((l) => [l.id, l.name]));
  let levels: CatalogueLevelRow[];
  if ("keys" in selection) {
    if (selection.keys.length === 0) return { ok: false, code: "EMPTY_SELECTION", field: "rows" };
    if (selection.keys.some((k) => !knownLocations.has(k.split("|")[1] ?? "")))
      return { ok: false, code: "UNKNOWN_LOCATION", field: "rows" };
    levels = await catalogueLevelsByKey(shopId, complete.id, selection.keys);
  } else {
    const location = selection.filter.shopifyLocationGid;
    if (location && !knownLocations.has(location)) return { ok: false, code: "UNKNOWN_LOCATION", field: "location" };
    levels = await catalogueLevels(shopId, complete.id, selection.filter);
  }
  if (levels.length === 0) return { ok: false, code: "EMPTY_SELECTION", field: "rows" };

  const [sites, currency] = await Promise.all([sitesByShopifyLocation(shopId), shopCurrency(shopId)]);
  const withSite = levels.filter((l) => sites.has(l.shopifyLocationGid));
  const withoutSite = new Map<string, number>();
  for (const l of levels) {
    if (sites.has(l.shopifyLocationGid)) continue;
    const units = unitsForPieces(l);
    if (units > 0) withoutSite.set(l.shopifyLocationGid, (withoutSite.get(l.shopifyLocationGid) ?? 0) + units);
  }

  const chunkUnits = options.chunkUnits ?? CATALOGUE_CHUNK_UNITS;
  const chunks: CatalogueLevelRow[][] = [];
  let current: CatalogueLevelRow[] = [];
  let units = 0;
  for (const l of withSite) {
    current.push(l);
    units += unitsForPieces(l) + l.committed;
    if (units >= chunkUnits) {
      chunks.push(current);
      current = [];
      units = 0;
    }
  }
  if (current.length) chunks.push(current);

  const committedVariants = new Set(withSite.filter((l) => l.committed > 0).map((l) => l.variantGid));
  const openOrders =
    committedVariants.size > 0 && options.readOpenOrders
      ? await options.readOpenOrders(committedVariants)
      : ("unavailable" as const);
  const byQuantity = noneMade();
  let soldToOrders = 0;
  let committedNotMade = levels.filter((l) => !sites.has(l.shopifyLocationGid)).reduce((n, l) => n + l.committed, 0);
  for (const chunk of chunks) {
    const made = await inTransaction(
      (tx) => makeChunk(tx, shopId, complete.id, chunk, sites, currency, actor, openOrders),
      { timeout: 300_000, maxWait: 120_000 },
    );
    for (const { quantity } of UNIT_STATES) byQuantity[quantity] += made.counts[quantity];
    soldToOrders += made.soldToOrders;
    committedNotMade += made.committedNotMade;
  }
  return {
    ok: true,
    created: totalToMake(byQuantity),
    byState: madeByState(byQuantity),
    byQuantity,
    soldToOrders,
    committedNotMade,
    ordersUnavailable: openOrders === "unavailable" && committedVariants.size > 0,
    withoutSite: [...withoutSite].map(([gid, n]) => ({
      shopifyLocationGid: gid,
      name: names.get(gid) ?? gid,
      units: n,
    })),
  };
}

async function makeChunk(
  tx: Tx,
  shopId: string,
  readId: string,
  chunk: readonly CatalogueLevelRow[],
  sites: Map<string, { id: string; name: string }>,
  currency: string,
  actor: Actor,
  openOrders: readonly OpenOrderLine[] | "unavailable",
): Promise<{ counts: MadeCounts; soldToOrders: number; committedNotMade: number }> {
  const committedLevels = chunk
    .filter((l) => l.committed > 0)
    .map((l) => ({
      key: levelKey(l),
      variantGid: l.variantGid,
      shopifyLocationGid: l.shopifyLocationGid,
      committed: l.committed,
    }));
  // A sale takes the shop's ledger lock before any piece (app/services/sync/sales.server.ts): taken
  // first here too, so making pieces and an order arriving at that moment wait for each other in one
  // order; the order then finds the lines already sold, and this finds the order's own sales.
  if (committedLevels.length > 0) await lockShopLedger(tx, shopId);
  await lockShopForCatalogue(tx, shopId);
  const planned = await plan(tx, shopId, chunk);
  let orderUnits: CommittedAssignment[] = [];
  let committedNotMade = committedLevels.reduce((n, l) => n + l.committed, 0);
  if (committedLevels.length > 0 && openOrders !== "unavailable") {
    const variants = new Set(committedLevels.map((l) => l.variantGid));
    const lines = openOrders.filter((l) => variants.has(l.variantGid));
    const sold = await unrefundedSaleCountsByLine(
      tx,
      shopId,
      lines.map((l) => l.lineGid),
    );
    const matched = assignCommitted(committedLevels, lines, sold);
    orderUnits = matched.assignments;
    committedNotMade = [...matched.unmatched.values()].reduce((n, u) => n + u, 0);
  }
  const forOrders = orderUnits.reduce((n, a) => n + a.units, 0);
  const total = planned.reduce((n, p) => n + p.toMake, 0) + forOrders;
  const counts = noneMade();
  if (total === 0) return { counts, soldToOrders: 0, committedNotMade };
  const codes = await freshTagCodes(tx, shopId, total);
  const now = new Date();
  const rows: CataloguePieceRow[] = [];
  for (const p of planned) {
    const site = sites.get(p.level.shopifyLocationGid)!;
    for (const { quantity, state, heldIn } of UNIT_STATES) {
      for (let i = 0; i < p.make[quantity]; i++) {
        rows.push({
          tagCode: codes[rows.length]!,
          publicToken: newPublicToken(),
          title: titleOf(p.level),
          sku: p.level.sku,
          productGid: p.level.productGid,
          variantGid: p.level.variantGid,
          inventoryItemGid: p.level.inventoryItemGid,
          currency,
          priceMinor: p.level.priceMinor,
          locationId: site.id,
          shopifyLocationGid: p.level.shopifyLocationGid,
          state,
          heldInQuantity: heldIn,
          detailsPendingAt: now,
        });
        counts[quantity]++;
      }
    }
  }
  // A committed unit's piece is made on sale, then sold to its line below, in this transaction.
  const saleOf: (CommittedAssignment["line"] | null)[] = rows.map(() => null);
  const levelsByKey = new Map(chunk.map((l) => [levelKey(l), l]));
  for (const { levelKey: key, line, units } of orderUnits) {
    const level = levelsByKey.get(key)!;
    const site = sites.get(level.shopifyLocationGid)!;
    for (let i = 0; i < units; i++) {
      rows.push({
        tagCode: codes[rows.length]!,
        publicToken: newPublicToken(),
        title: titleOf(level),
        sku: level.sku,
        productGid: level.productGid,
        variantGid: level.variantGid,
        inventoryItemGid: level.inventoryItemGid,
        currency,
        priceMinor: level.priceMinor,
        locationId: site.id,
        shopifyLocationGid: level.shopifyLocationGid,
        state: "active",
        heldInQuantity: null,
        detailsPendingAt: now,
      });
      saleOf.push(line);
    }
  }
  const pieces = await insertCataloguePieces(tx, shopId, rows);
  await insertIntakeMovements(
    tx,
    shopId,
    actor,
    pieces.map((piece, i) => ({
      pieceId: piece.id,
      toState: rows[i]!.state,
      toLocationId: rows[i]!.locationId,
      toShopifyLocationGid: rows[i]!.shopifyLocationGid,
      reason: REASON,
      source: readId,
    })),
  );
  const entries: AuditInput[] = pieces.map((piece, i) => ({
    actor,
    action: "piece.created",
    entityType: "Piece",
    entityId: piece.id,
    reason: REASON,
    at: now,
    data: {
      tagCode: piece.tagCode,
      title: rows[i]!.title,
      state: rows[i]!.state,
      ...(rows[i]!.heldInQuantity ? { heldInQuantity: rows[i]!.heldInQuantity } : {}),
      variantGid: rows[i]!.variantGid,
      shopifyLocationGid: rows[i]!.shopifyLocationGid,
      detailsPending: true,
      ...(saleOf[i] ? { forOrder: saleOf[i]!.orderName, lineItemGid: saleOf[i]!.lineGid } : {}),
    },
  }));
  entries.push({
    actor,
    action: "catalogue.pieces_created",
    entityType: "ShopifyBulkOperation",
    entityId: readId,
    reason: REASON,
    at: now,
    data: {
      pieces: pieces.length,
      ...madeByState(counts),
      damaged: counts.damaged,
      safetyStock: counts.safetyStock,
      levels: planned.filter((p) => p.toMake > 0).length,
      soldToOrders: forOrders,
    },
  });
  await appendAuditMany(tx, shopId, entries);
  let soldToOrders = 0;
  for (const [i, piece] of pieces.entries()) {
    const line = saleOf[i];
    if (!line) continue;
    const sold = await sellPieceToLine(
      tx,
      shopId,
      piece.id,
      {
        orderGid: line.orderGid,
        orderName: line.orderName,
        lineItemGid: line.lineGid,
        customerGid: line.customerGid,
        price: line.price,
        currency: line.currency,
        channel: line.sourceName,
        staffName: null,
        soldAt: new Date(line.createdAt),
      },
      actor,
      readId,
    );
    // A piece just made on sale can always be sold; anything else is a fault, and undoes the chunk.
    if (!sold) throw new Error(`A piece made for order ${line.orderName} could not be sold to its line`);
    soldToOrders++;
  }
  return { counts, soldToOrders, committedNotMade };
}
