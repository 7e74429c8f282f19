// The shop's Shopify catalogue as its last read found it (CatalogueLevel rows), and the pieces made
// from it: counts of the pieces already there, sites by Shopify location, and chunk inserts of
// pieces and their ledger rows. Every call takes the shop.
import { db, dbProvider, type Prisma, type Tx } from "../db.server";
import { listColumn, noneMade, type CatalogueLevel, type ExistingPieces } from "../domain/catalogue/levels";
import { isPieceState, pieceQuantity } from "../domain/lifecycle";
import { actorLabel, type Actor } from "./actor";
import { insertChainedMovements } from "./audit.server";

export type CatalogueLevelRow = Prisma.CatalogueLevelGetPayload<object>;

/** What the page filters on; every field optional. `contains ",x,"` matches one list entry exactly. */
export type CatalogueFilter = {
  productType?: string | null;
  vendor?: string | null;
  tag?: string | null;
  collection?: string | null;
  shopifyLocationGid?: string | null;
};

function whereOf(shopId: string, readId: string, f: CatalogueFilter): Prisma.CatalogueLevelWhereInput {
  return {
    shopId,
    readId,
    ...(f.productType ? { productType: f.productType } : {}),
    ...(f.vendor ? { vendor: f.vendor } : {}),
    ...(f.tag ? { tags: { contains: `,${f.tag},` } } : {}),
    ...(f.collection ? { collections: { contains: `,${f.collection},` } } : {}),
    ...(f.shopifyLocationGid ? { shopifyLocationGid: f.shopifyLocationGid } : {}),
  };
}

/** Rows of one read, in chunks of the caller's transaction. */
export async function insertCatalogueLevels(
  tx: Tx,
  shopId: string,
  readId: string,
  levels: readonly CatalogueLevel[],
): Promise<void> {
  if (levels.length === 0) return;
  await tx.catalogueLevel.createMany({
    data: levels.map((l) => ({
      shopId,
      readId,
      productGid: l.productGid,
      productTitle: l.productTitle,
      variantGid: l.variantGid,
      variantTitle: l.variantTitle,
      inventoryItemGid: l.inventoryItemGid,
      sku: l.sku,
      priceMinor: l.priceMinor,
      vendor: l.vendor,
      productType: l.productType,
      tags: listColumn(l.tags),
      collections: listColumn(l.collections.map((c) => c.id)),
      collectionTitles: JSON.stringify(l.collections),
      variantsOfProduct: l.variantsOfProduct,
      shopifyLocationGid: l.shopifyLocationGid,
      locationName: l.locationName,
      available: l.available,
      reserved: l.reserved,
      qualityControl: l.qualityControl,
      committed: l.committed,
      damaged: l.damaged,
      safetyStock: l.safetyStock,
      onHand: l.onHand,
    })),
  });
}

/** Rows of the read being written again (an applier that took over starts the read afresh). */
export async function deleteCatalogueLevelsOfRead(tx: Tx, shopId: string, readId: string): Promise<void> {
  await tx.catalogueLevel.deleteMany({ where: { shopId, readId } });
}

/** Rows of every other read: a newer complete read replaces them. */
export async function deleteOlderCatalogueLevels(tx: Tx, shopId: string, keepReadId: string): Promise<number> {
  const deleted = await tx.catalogueLevel.deleteMany({ where: { shopId, readId: { not: keepReadId } } });
  return deleted.count;
}

/** The read's rows that match the filter (all of them: the service works out what is missing). */
export async function catalogueLevels(
  shopId: string,
  readId: string,
  filter: CatalogueFilter,
  tx?: Tx,
): Promise<CatalogueLevelRow[]> {
  return (tx ?? db).catalogueLevel.findMany({
    where: whereOf(shopId, readId, filter),
    orderBy: [{ productTitle: "asc" }, { variantGid: "asc" }, { shopifyLocationGid: "asc" }],
  });
}

/** The rows of these (variant, location) pairs, "variantGid|locationGid". */
export async function catalogueLevelsByKey(
  shopId: string,
  readId: string,
  keys: readonly string[],
): Promise<CatalogueLevelRow[]> {
  const out: CatalogueLevelRow[] = [];
  const variants = [...new Set(keys.map((k) => k.split("|")[0]!))];
  const wanted = new Set(keys);
  for (let i = 0; i < variants.length; i += 400) {
    const rows = await db.catalogueLevel.findMany({
      where: { shopId, readId, variantGid: { in: variants.slice(i, i + 400) } },
    });
    out.push(...rows.filter((r) => wanted.has(`${r.variantGid}|${r.shopifyLocationGid}`)));
  }
  return out;
}

/** The filter's choices: product types, vendors, tags, collections and locations found in the read. */
export async function catalogueFacets(shopId: string, readId: string) {
  const where = { shopId, readId };
  const [types, vendors, tags, collections, locations] = await Promise.all([
    db.catalogueLevel.findMany({ where, distinct: ["productType"], select: { productType: true } }),
    db.catalogueLevel.findMany({ where, distinct: ["vendor"], select: { vendor: true } }),
    db.catalogueLevel.findMany({ where, distinct: ["tags"], select: { tags: true } }),
    db.catalogueLevel.findMany({ where, distinct: ["collectionTitles"], select: { collectionTitles: true } }),
    db.catalogueLevel.findMany({
      where,
      distinct: ["shopifyLocationGid"],
      select: { shopifyLocationGid: true, locationName: true },
    }),
  ]);
  return {
    productTypes: types.map((t) => t.productType),
    vendors: vendors.map((v) => v.vendor),
    tagColumns: tags.map((t) => t.tags),
    collectionColumns: collections.map((c) => c.collectionTitles),
    locations: locations.map((l) => ({ id: l.shopifyLocationGid, name: l.locationName })),
  };
}

const QUANTITY_FIELD = {
  available: "available",
  reserved: "reserved",
  quality_control: "qualityControl",
  damaged: "damaged",
  safety_stock: "safetyStock",
} as const;

/**
 * Pieces Loupe has for these variants, by Shopify location and the quantity they count in
 * ("variantGid|locationGid" → counts); states that count in no Shopify quantity are left out.
 */
export async function existingPiecesByLevel(
  shopId: string,
  variantGids: readonly string[],
  tx?: Tx,
): Promise<Map<string, ExistingPieces>> {
  const out = new Map<string, ExistingPieces>();
  for (let i = 0; i < variantGids.length; i += 400) {
    const groups = await (tx ?? db).piece.groupBy({
      by: ["variantGid", "shopifyLocationGid", "state", "heldInQuantity"],
      where: { shopId, variantGid: { in: variantGids.slice(i, i + 400) }, shopifyLocationGid: { not: null } },
      _count: { _all: true },
    });
    for (const g of groups) {
      const quantity = isPieceState(g.state) ? pieceQuantity(g.state, g.heldInQuantity) : null;
      if (!quantity) continue;
      const key = `${g.variantGid}|${g.shopifyLocationGid}`;
      const counts = out.get(key) ?? noneMade();
      counts[QUANTITY_FIELD[quantity]] += g._count._all;
      out.set(key, counts);
    }
  }
  return out;
}

/** Every variant of the shop that some piece is linked to (a piece elsewhere still makes it "known"). */
export async function variantsWithPieces(
  shopId: string,
  variantGids: readonly string[],
  tx?: Tx,
): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < variantGids.length; i += 400) {
    const rows = await (tx ?? db).piece.findMany({
      where: { shopId, variantGid: { in: variantGids.slice(i, i + 400) } },
      distinct: ["variantGid"],
      select: { variantGid: true },
    });
    for (const r of rows) if (r.variantGid) out.add(r.variantGid);
  }
  return out;
}

/**
 * Of these variants, those Loupe created for one piece (a product.create outbox row exists for one
 * of its pieces): the rule of oneOfAKindOwner in app/services/catalog/intake.server.ts, for many
 * variants in a few queries.
 */
export async function oneOfAKindVariants(tx: Tx, shopId: string, variantGids: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < variantGids.length; i += 400) {
    const pieces = await tx.piece.findMany({
      where: { shopId, variantGid: { in: variantGids.slice(i, i + 400) } },
      select: { id: true, variantGid: true },
    });
    const variantOf = new Map(pieces.map((p) => [`product-create-${p.id}`, p.variantGid]));
    const keys = [...variantOf.keys()];
    for (let k = 0; k < keys.length; k += 400) {
      const rows = await tx.outboxEntry.findMany({
        where: { shopId, kind: "product.create", idempotencyKey: { in: keys.slice(k, k + 400) } },
        select: { idempotencyKey: true },
      });
      for (const r of rows) {
        const variant = variantOf.get(r.idempotencyKey);
        if (variant) out.add(variant);
      }
    }
  }
  return out;
}

/** The shop's active sites (the roots of its location tree) by their Shopify location. */
export async function sitesByShopifyLocation(
  shopId: string,
  tx?: Tx,
): Promise<Map<string, { id: string; name: string }>> {
  const sites = await (tx ?? db).location.findMany({
    where: { shopId, parentId: null, archivedAt: null },
    select: { id: true, name: true, shopifyLocationGid: true },
    orderBy: { createdAt: "asc" },
  });
  const out = new Map<string, { id: string; name: string }>();
  for (const s of sites) if (!out.has(s.shopifyLocationGid)) out.set(s.shopifyLocationGid, { id: s.id, name: s.name });
  return out;
}

/**
 * Serialises piece making from the catalogue per shop across app instances: counts of existing
 * pieces are read after this lock, so two clicks at once cannot both make the same pieces.
 * (SQLite has one writer at a time already.)
 */
export async function lockShopForCatalogue(tx: Tx, shopId: string): Promise<void> {
  if (dbProvider() === "postgresql")
    await tx.$executeRaw`SELECT 1 FROM "Shop" WHERE "id" = ${shopId} FOR NO KEY UPDATE`;
}

/** Which of these tag codes the shop has already given. */
export async function takenTagCodesIn(tx: Tx, shopId: string, codes: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < codes.length; i += 400) {
    const rows = await tx.piece.findMany({
      where: { shopId, tagCode: { in: codes.slice(i, i + 400) } },
      select: { tagCode: true },
    });
    for (const r of rows) out.add(r.tagCode);
  }
  return out;
}

export type CataloguePieceRow = {
  tagCode: string;
  publicToken: string;
  title: string;
  sku: string | null;
  productGid: string;
  variantGid: string;
  inventoryItemGid: string;
  currency: string;
  priceMinor: bigint | null;
  locationId: string;
  shopifyLocationGid: string;
  state: string;
  /** The Shopify quantity it counts in when not its state's: "damaged" or "safety_stock". */
  heldInQuantity: string | null;
  detailsPendingAt: Date;
};

/** Inserts a chunk of pieces; answers their ids and tag codes in the order given. */
export async function insertCataloguePieces(
  tx: Tx,
  shopId: string,
  rows: readonly CataloguePieceRow[],
): Promise<{ id: string; tagCode: string }[]> {
  const out: { id: string; tagCode: string }[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const made = await tx.piece.createManyAndReturn({
      data: rows.slice(i, i + 500).map((r) => ({ shopId, ...r })),
      select: { id: true, tagCode: true },
    });
    const byTag = new Map(made.map((m) => [m.tagCode, m.id]));
    for (const r of rows.slice(i, i + 500)) out.push({ id: byTag.get(r.tagCode)!, tagCode: r.tagCode });
  }
  return out;
}

/** One intake ledger row per piece made, in the caller's transaction. */
export async function insertIntakeMovements(
  tx: Tx,
  shopId: string,
  actor: Actor,
  rows: readonly {
    pieceId: string;
    toState: string;
    toLocationId: string;
    toShopifyLocationGid: string;
    reason: string;
    source: string;
  }[],
): Promise<void> {
  await insertChainedMovements(
    tx,
    shopId,
    rows.map((r) => ({ kind: "intake", actorId: actor.id ?? null, actorName: actorLabel(actor), ...r })),
  );
}
