// Pieces: reads for the list and the piece page. Every query takes the shop.
import { db, type Prisma, type Tx } from "../db.server";
import { insertRows, newRowId } from "./bulk-insert.server";
import type { AgeBucket, ListQuery, ListSort } from "../domain/schemas/list";
import { DAY_MS } from "../domain/days";
import { certificateNumberSearches, foldForSearch, searchWords } from "../domain/search-text";

export const PIECE_PAGE_SIZE = 50;

export type PieceListQuery = {
  search?: string;
  state?: string;
  metal?: string;
  finenessBp?: number;
  stoneType?: string;
  lab?: string;
  /** Pieces in this location or anywhere below it (Safe 1 includes Safe 1 > Tray 5). */
  locationId?: string;
  consigned?: boolean;
  age?: AgeBucket;
  sort?: ListSort;
  cursor?: string;
  take?: number;
};

/** A list view from its URL form (app/domain/schemas/list.ts). */
export function pieceListQuery(q: ListQuery): PieceListQuery {
  return {
    search: q.q,
    state: q.state,
    metal: q.metal,
    finenessBp: q.fineness,
    stoneType: q.stone,
    lab: q.lab,
    locationId: q.location,
    consigned: q.consigned === undefined ? undefined : q.consigned === "yes",
    age: q.age,
    sort: q.sort,
    cursor: q.cursor,
  };
}

function ageRange(age: AgeBucket, now: Date): { gte?: Date; lt?: Date } {
  const daysAgo = (n: number) => new Date(now.getTime() - n * DAY_MS);
  switch (age) {
    case "lt30":
      return { gte: daysAgo(30) };
    case "30to90":
      return { gte: daysAgo(90), lt: daysAgo(30) };
    case "90to365":
      return { gte: daysAgo(365), lt: daysAgo(90) };
    case "gt365":
      return { lt: daysAgo(365) };
  }
}

const ORDER: Record<ListSort, Prisma.PieceOrderByWithRelationInput[]> = {
  newest: [{ createdAt: "desc" }, { id: "desc" }],
  oldest: [{ createdAt: "asc" }, { id: "asc" }],
  title: [{ title: "asc" }, { id: "asc" }],
  tag: [{ tagCode: "asc" }],
  priceHigh: [{ priceMinor: { sort: "desc", nulls: "last" } }, { id: "desc" }],
  priceLow: [{ priceMinor: { sort: "asc", nulls: "last" } }, { id: "asc" }],
};

/**
 * The WHERE of a list view. Search uses prefix matches where an index can serve them (tag code,
 * SKU, certificate number: people type the start of a code) and a substring match on the title.
 */
async function listWhere(shopId: string, q: PieceListQuery, now = new Date()): Promise<Prisma.PieceWhereInput> {
  const and: Prisma.PieceWhereInput[] = [];
  if (q.state) and.push({ state: q.state });
  if (q.metal || q.finenessBp) {
    and.push({
      metals: {
        some: { shopId, ...(q.metal ? { metal: q.metal } : {}), ...(q.finenessBp ? { finenessBp: q.finenessBp } : {}) },
      },
    });
  }
  if (q.stoneType) and.push({ stones: { some: { shopId, type: q.stoneType } } });
  if (q.lab) and.push({ certificates: { some: { shopId, lab: q.lab } } });
  if (q.locationId) {
    const place = await db.location.findFirst({ where: { shopId, id: q.locationId }, select: { path: true } });
    // An unknown location matches nothing rather than everything.
    and.push(
      place
        ? { OR: [{ locationId: q.locationId }, { location: { path: { startsWith: `${place.path} > ` } } }] }
        : { id: "" },
    );
  }
  if (q.consigned !== undefined)
    and.push(q.consigned ? { consignment: { isNot: null } } : { consignment: { is: null } });
  if (q.age) {
    const range = ageRange(q.age, now);
    and.push({ OR: [{ acquiredAt: range }, { acquiredAt: null, createdAt: range }] });
  }
  const term = q.search?.trim();
  if (term) {
    const compact = term.replace(/[\s-]/g, "").toUpperCase();
    const words = searchWords(term);
    and.push({
      OR: [
        ...(compact ? [{ tagCode: { startsWith: compact } }] : []),
        { sku: { startsWith: term } },
        // Resolved first, on the certificates' (shopId, number) index: a relation filter here
        // becomes a subquery per piece row, seconds on 50,000 pieces.
        { id: { in: await pieceIdsByCertificatePrefix(shopId, term) } },
        // Every word somewhere in the folded title, in any order ("bague or jaune").
        ...(words.length ? [{ AND: words.map((w) => ({ searchTitle: { contains: w } })) }] : []),
      ],
    });
  }
  return and.length ? { shopId, AND: and } : { shopId };
}

async function pieceIdsByCertificatePrefix(shopId: string, term: string): Promise<string[]> {
  const searches = certificateNumberSearches(term).map((s) => ({
    number: { startsWith: s.number },
    ...(s.lab ? { lab: s.lab } : {}),
  }));
  const rows = await db.certificate.findMany({
    where: { shopId, OR: searches, pieceId: { not: null } },
    select: { pieceId: true },
    take: 1000,
  });
  return rows.flatMap((r) => (r.pieceId ? [r.pieceId] : []));
}

const LIST_SELECT = {
  id: true,
  tagCode: true,
  title: true,
  sku: true,
  state: true,
  priceMinor: true,
  currency: true,
  createdAt: true,
  location: { select: { path: true } },
  metals: { select: { metal: true, finenessBp: true, grossWeightMg: true }, orderBy: { sortOrder: "asc" } },
  stones: { select: { type: true, millicarats: true, count: true } },
  consignment: { select: { id: true } },
} satisfies Prisma.PieceSelect;

export async function listPieces(shopId: string, q: PieceListQuery = {}) {
  const take = Math.min(q.take ?? PIECE_PAGE_SIZE, 250);
  const where = await listWhere(shopId, q);
  const [rows, total] = await Promise.all([
    db.piece.findMany({
      where,
      orderBy: ORDER[q.sort ?? "newest"],
      take: take + 1,
      ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
      select: LIST_SELECT,
    }),
    db.piece.count({ where }),
  ]);
  const hasNext = rows.length > take;
  const page = hasNext ? rows.slice(0, take) : rows;
  return { pieces: page, total, nextCursor: hasNext ? page[page.length - 1]?.id : undefined };
}

/** Only the number of pieces a view matches (the list's header; the benchmark's baseline). */
export async function countPieces(shopId: string, q: PieceListQuery = {}) {
  return db.piece.count({ where: await listWhere(shopId, q) });
}

const EXPORT_SELECT = {
  id: true,
  tagCode: true,
  title: true,
  sku: true,
  gtin: true,
  description: true,
  state: true,
  currency: true,
  priceMinor: true,
  costMinor: true,
  acquiredAt: true,
  createdAt: true,
  notes: true,
  productGid: true,
  variantGid: true,
  supplier: { select: { name: true } },
  location: { select: { path: true } },
  metals: {
    select: { metal: true, colour: true, finenessBp: true, grossWeightMg: true, fineWeightMg: true, hallmark: true },
    orderBy: { sortOrder: "asc" },
  },
  stones: {
    select: {
      type: true,
      origin: true,
      shape: true,
      millicarats: true,
      count: true,
      colour: true,
      clarity: true,
      cutGrade: true,
      measurements: true,
      treatment: true,
      position: true,
      certificate: { select: { lab: true, number: true } },
    },
    orderBy: { sortOrder: "asc" },
  },
  certificates: {
    select: { lab: true, number: true, issuedAt: true, grades: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  },
  consignment: {
    select: {
      commissionBp: true,
      agreedNetMinor: true,
      receivedAt: true,
      dueAt: true,
      returnConditions: true,
      consignor: { select: { name: true } },
    },
  },
} satisfies Prisma.PieceSelect;

export type ExportPiece = Prisma.PieceGetPayload<{ select: typeof EXPORT_SELECT }>;

/** Every piece of a view, in pages, for the CSV export (memory stays flat on 50,000 pieces). */
export async function* piecesForExport(
  shopId: string,
  q: PieceListQuery,
  pageSize = 1000,
): AsyncGenerator<ExportPiece[]> {
  const where = await listWhere(shopId, q);
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.piece.findMany({
      where,
      orderBy: ORDER[q.sort ?? "newest"],
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: EXPORT_SELECT,
    });
    if (rows.length) yield rows;
    if (rows.length < pageSize) return;
    cursor = rows[rows.length - 1]!.id;
  }
}

/**
 * The most metals, stones and certificates one piece of a view has: the export's numbered column
 * groups (one query each, whatever the number of pieces).
 */
export async function exportElementCounts(
  shopId: string,
  q: PieceListQuery,
): Promise<{ metals: number; stones: number; certificates: number }> {
  const piece = await listWhere(shopId, q);
  const most = (rows: { _count: { pieceId: number } }[]) => rows[0]?._count.pieceId ?? 0;
  const [metals, stones, certificates] = await Promise.all([
    db.pieceMetal.groupBy({
      by: ["pieceId"],
      where: { shopId, piece },
      _count: { pieceId: true },
      orderBy: { _count: { pieceId: "desc" } },
      take: 1,
    }),
    db.stone.groupBy({
      by: ["pieceId"],
      where: { shopId, piece },
      _count: { pieceId: true },
      orderBy: { _count: { pieceId: "desc" } },
      take: 1,
    }),
    db.certificate.groupBy({
      by: ["pieceId"],
      where: { shopId, piece },
      _count: { pieceId: true },
      orderBy: { _count: { pieceId: "desc" } },
      take: 1,
    }),
  ]);
  return { metals: most(metals), stones: most(stones), certificates: most(certificates) };
}

/** Tag codes of pieces, for naming them in per-piece refusals of bulk actions. */
export async function tagCodesOf(shopId: string, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.piece.findMany({
    where: { shopId, id: { in: [...ids] } },
    select: { id: true, tagCode: true },
  });
  return new Map(rows.map((r) => [r.id, r.tagCode]));
}

export async function getPiece(shopId: string, id: string) {
  return db.piece.findFirst({
    where: { shopId, id },
    include: {
      location: true,
      supplier: true,
      metals: { orderBy: { sortOrder: "asc" } },
      stones: { orderBy: { sortOrder: "asc" }, include: { certificate: true } },
      certificates: { orderBy: { createdAt: "asc" } },
      consignment: { include: { consignor: true } },
      movements: { orderBy: [{ at: "asc" }, { seq: "asc" }] },
    },
  });
}

export type PieceRecord = NonNullable<Awaited<ReturnType<typeof getPiece>>>;

export async function findPieceByTagCode(shopId: string, tagCode: string) {
  return db.piece.findFirst({ where: { shopId, tagCode } });
}

// ── Used by Shopify sync
// Shopify owns merchandising: its product webhooks bring prices and titles back to the pieces
// linked to a product, and a deleted product unlinks them.

/** The pieces linked to a Shopify product, with what a product update may change. */
export async function piecesOfProduct(tx: Tx, shopId: string, productGid: string) {
  return tx.piece.findMany({
    where: { shopId, productGid },
    select: { id: true, variantGid: true, priceMinor: true, title: true, currency: true, state: true },
  });
}

/** A piece's price and title as Shopify has them now (the caller writes the audit row). */
export async function setPriceAndTitleFromShopify(
  tx: Tx,
  shopId: string,
  pieceId: string,
  data: { priceMinor: bigint | null; title: string },
): Promise<boolean> {
  const result = await tx.piece.updateMany({
    where: { id: pieceId, shopId },
    data: { ...data, searchTitle: foldForSearch(data.title), version: { increment: 1 } },
  });
  return result.count === 1;
}

/** Forgets a piece's Shopify product, variant and inventory item; the piece itself stays. */
export async function unlinkFromShopify(tx: Tx, shopId: string, pieceId: string): Promise<boolean> {
  const result = await tx.piece.updateMany({
    where: { id: pieceId, shopId },
    data: { productGid: null, variantGid: null, inventoryItemGid: null, version: { increment: 1 } },
  });
  return result.count === 1;
}

// ── Used by catalog services

/** Whether a piece of the shop already carries this tag code (unique per shop). */
export async function isTagCodeTaken(tx: Tx, shopId: string, tagCode: string): Promise<boolean> {
  const taken = await tx.piece.findFirst({ where: { shopId, tagCode }, select: { id: true } });
  return taken !== null;
}

/** Those of these tag codes that pieces of the shop already carry (the import's dry run, in slices). */
export async function takenTagCodes(shopId: string, tagCodes: readonly string[], tx: Tx = db): Promise<string[]> {
  const rows = await tx.piece.findMany({
    where: { shopId, tagCode: { in: [...tagCodes] } },
    select: { tagCode: true },
  });
  return rows.map((r) => r.tagCode);
}

/** Pieces linked to a Shopify variant (identical pieces may share one; at most `take` of them). */
export async function piecesOnVariant(tx: Tx, shopId: string, variantGid: string, take = 500) {
  return tx.piece.findMany({ where: { shopId, variantGid }, select: { id: true, tagCode: true }, take });
}

export type NewPieceRow = {
  tagCode: string;
  publicToken: string;
  title: string;
  description: string | null;
  sku: string | null;
  gtin: string | null;
  productGid: string | null;
  variantGid: string | null;
  inventoryItemGid: string | null;
  currency: string;
  priceMinor: bigint | null;
  costMinor: bigint | null;
  supplierId: string | null;
  acquiredAt: Date | null;
  locationId: string | null;
  shopifyLocationGid: string | null;
  madeBy: string | null;
  originNotes: string | null;
  notes: string | null;
  state: string;
  taggedAt: Date | null;
};

export async function insertPiece(tx: Tx, shopId: string, data: NewPieceRow) {
  return tx.piece.create({ data: { shopId, ...data, searchTitle: foldForSearch(data.title) } });
}

/** Many pieces in one statement (an import's chunk); their ids by tag code (unique in the shop). */
export async function insertPieces(
  tx: Tx,
  shopId: string,
  rows: readonly NewPieceRow[],
  at: Date = new Date(),
): Promise<Map<string, string>> {
  const data = rows.map((r) => ({
    id: newRowId(),
    shopId,
    ...r,
    searchTitle: foldForSearch(r.title),
    // The columns Prisma fills in itself (a raw insert must write them): as insertPiece gives them.
    version: 1,
    createdAt: at,
    updatedAt: at,
  }));
  await insertRows(tx, "Piece", data);
  return new Map(data.map((p) => [p.tagCode, p.id]));
}

export type NewPieceMetalRow = {
  metal: string;
  colour?: string | null;
  finenessBp: number;
  grossWeightMg: bigint;
  fineWeightMg: bigint;
  enteredWeight: string;
  enteredUnit: string;
  hallmark?: string | null;
};

const metalRow = (shopId: string, pieceId: string, m: NewPieceMetalRow, sortOrder: number) => ({
  shopId,
  pieceId,
  metal: m.metal,
  colour: m.colour ?? null,
  finenessBp: m.finenessBp,
  grossWeightMg: m.grossWeightMg,
  fineWeightMg: m.fineWeightMg,
  enteredWeight: m.enteredWeight,
  enteredUnit: m.enteredUnit,
  hallmark: m.hallmark ?? null,
  sortOrder,
});

/** Writes the piece's metals one by one; each one's place in the list is its sort order. */
export async function insertPieceMetals(
  tx: Tx,
  shopId: string,
  pieceId: string,
  metals: readonly NewPieceMetalRow[],
): Promise<void> {
  for (const [i, m] of metals.entries()) await tx.pieceMetal.create({ data: metalRow(shopId, pieceId, m, i) });
}

/** The metals of many pieces in one statement; each one's place in its piece's list is its sort order. */
export async function insertMetalsOfPieces(
  tx: Tx,
  shopId: string,
  pieces: readonly { pieceId: string; metals: readonly NewPieceMetalRow[] }[],
): Promise<void> {
  await insertRows(
    tx,
    "PieceMetal",
    pieces.flatMap((p) => p.metals.map((m, i) => ({ id: newRowId(), ...metalRow(shopId, p.pieceId, m, i) }))),
  );
}

/** What a change of state, location or tag reads first (and checks its version against). */
export async function findPieceForChange(tx: Tx, shopId: string, pieceId: string) {
  return tx.piece.findFirst({
    where: { shopId, id: pieceId },
    select: {
      id: true,
      state: true,
      version: true,
      taggedAt: true,
      productGid: true,
      variantGid: true,
      inventoryItemGid: true,
      sku: true,
      shopifyLocationGid: true,
      heldInQuantity: true,
      locationId: true,
      consignment: { select: { id: true } },
    },
  });
}

export type PieceForChange = NonNullable<Awaited<ReturnType<typeof findPieceForChange>>>;

export type PieceChange = {
  state?: string;
  soldAt?: Date | null;
  archivedAt?: Date | null;
  taggedAt?: Date;
  locationId?: string;
  shopifyLocationGid?: string | null;
  /** The Shopify quantity a catalogue piece is held in (damaged, safety_stock); null once its state changes. */
  heldInQuantity?: string | null;
  // The descriptive fields, edited after intake:
  title?: string;
  description?: string | null;
  madeBy?: string | null;
  originNotes?: string | null;
  gtin?: string | null;
  sku?: string | null;
  acquiredAt?: Date | null;
  notes?: string | null;
  costMinor?: bigint | null;
  // Attaching to or detaching from a Shopify variant (edited after intake):
  productGid?: string | null;
  variantGid?: string | null;
  inventoryItemGid?: string | null;
};

/**
 * Compare-and-set on the version read before: a concurrent change makes this one refuse (null),
 * never overwrite. Returns the piece's new version.
 */
export async function updatePieceIfVersion(
  tx: Tx,
  shopId: string,
  piece: { id: string; version: number },
  data: PieceChange,
): Promise<number | null> {
  const updated = await tx.piece.updateMany({
    where: { id: piece.id, shopId, version: piece.version },
    data: {
      ...data,
      ...(data.title === undefined ? {} : { searchTitle: foldForSearch(data.title) }),
      version: { increment: 1 },
    },
  });
  return updated.count === 1 ? piece.version + 1 : null;
}

/** What editing a piece reads first: its descriptive fields and rows, and the version to check. */
export async function findPieceForEdit(tx: Tx, shopId: string, pieceId: string) {
  return tx.piece.findFirst({
    where: { shopId, id: pieceId },
    include: {
      supplier: { select: { name: true } },
      metals: { orderBy: { sortOrder: "asc" } },
      stones: { orderBy: { sortOrder: "asc" } },
      certificates: { orderBy: { createdAt: "asc" } },
      consignment: { include: { consignor: { select: { id: true, name: true } } } },
    },
  });
}

export type PieceForEdit = NonNullable<Awaited<ReturnType<typeof findPieceForEdit>>>;

/** Removes a piece's metals (an edit writes the new list after). */
export async function deletePieceMetals(tx: Tx, shopId: string, pieceId: string): Promise<void> {
  await tx.pieceMetal.deleteMany({ where: { shopId, pieceId } });
}

/** The piece's supplier, as part of a change whose version was already checked and bumped. */
export async function setPieceSupplier(tx: Tx, shopId: string, pieceId: string, supplierId: string | null) {
  await tx.piece.updateMany({ where: { id: pieceId, shopId }, data: { supplierId } });
}
