// Pieces as Shopify sees them: the reads that build a piece's product or its mirror (metafields
// and metaobjects), and linking a piece to the product, variant and inventory item made from it.
// Every call takes the shop.
import { db, type Prisma, type Tx } from "../db.server";

/** What a mirror of the public record reads of a piece. */
export const MIRROR_SELECT = {
  id: true,
  productGid: true,
  variantGid: true,
  publicToken: true,
  tagCode: true,
  metals: { orderBy: { sortOrder: "asc" } },
  stones: { orderBy: { sortOrder: "asc" } },
  certificates: { orderBy: { createdAt: "asc" } },
} as const satisfies Prisma.PieceSelect;

export type MirrorPiece = Prisma.PieceGetPayload<{ select: typeof MIRROR_SELECT }>;

/** What a piece becoming its own product in a bulk operation reads: its mirror and the product's fields. */
const PRODUCT_PIECE_SELECT = {
  ...MIRROR_SELECT,
  title: true,
  description: true,
  priceMinor: true,
  currency: true,
  sku: true,
  state: true,
  shopifyLocationGid: true,
  version: true,
} as const satisfies Prisma.PieceSelect;

export type ProductPiece = Prisma.PieceGetPayload<{ select: typeof PRODUCT_PIECE_SELECT }>;

export type ShopifyLink = { productGid: string; variantGid: string; inventoryItemGid: string };

/** Ids per query: SQLite (libsql) refuses statements with more than about a thousand parameters. */
export const IDS_PER_QUERY = 400;

export async function piecesToMirror(shopId: string, pieceIds: string[]): Promise<MirrorPiece[]> {
  return db.piece.findMany({ where: { shopId, id: { in: pieceIds } }, select: MIRROR_SELECT });
}

/** How many pieces, other than those in `excludedStates`, each of these products stocks. */
export async function piecesPerProduct(
  shopId: string,
  productGids: string[],
  excludedStates: string[],
): Promise<Map<string | null, number>> {
  if (productGids.length === 0) return new Map();
  const counts = await db.piece.groupBy({
    by: ["productGid"],
    where: { shopId, productGid: { in: productGids }, state: { notIn: excludedStates } },
    _count: { _all: true },
  });
  return new Map(counts.map((c) => [c.productGid, c._count._all]));
}

/** Pieces by id for a bulk operation's lines, in as many queries as the id count needs. */
export async function productPieces(shopId: string, pieceIds: string[], tx?: Tx): Promise<Map<string, ProductPiece>> {
  const client = tx ?? db;
  const out: ProductPiece[] = [];
  for (let i = 0; i < pieceIds.length; i += IDS_PER_QUERY)
    out.push(
      ...(await client.piece.findMany({
        where: { shopId, id: { in: pieceIds.slice(i, i + IDS_PER_QUERY) } },
        select: PRODUCT_PIECE_SELECT,
      })),
    );
  return new Map(out.map((p) => [p.id, p]));
}

export async function findProductPiece(shopId: string, pieceId: string, tx?: Tx): Promise<ProductPiece | null> {
  return (tx ?? db).piece.findFirst({ where: { id: pieceId, shopId }, select: PRODUCT_PIECE_SELECT });
}

/** The whole piece row, for creating its product one call at a time. */
export async function findPieceToLink(shopId: string, pieceId: string) {
  return db.piece.findFirst({ where: { shopId, id: pieceId } });
}

/**
 * Links a piece that has no variant yet to its product, raising its version; false when it is
 * linked already or (with `version`) was changed since it was read.
 */
export async function linkPieceToProduct(
  tx: Tx,
  shopId: string,
  pieceId: string,
  link: ShopifyLink,
  expectedVersion?: number,
): Promise<boolean> {
  const updated = await tx.piece.updateMany({
    where: {
      id: pieceId,
      shopId,
      variantGid: null,
      ...(expectedVersion !== undefined ? { version: expectedVersion } : {}),
    },
    data: { ...link, version: { increment: 1 } },
  });
  return updated.count > 0;
}
