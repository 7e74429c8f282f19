// Pieces: reads for the list and the piece page. Every query takes the shop.
import { db, type Prisma } from "../db.server";

export const PIECE_PAGE_SIZE = 50;

export type PieceListQuery = {
  search?: string;
  state?: string;
  metal?: string;
  finenessBp?: number;
  locationId?: string;
  consigned?: boolean;
  cursor?: string;
  take?: number;
};

function listWhere(shopId: string, q: PieceListQuery): Prisma.PieceWhereInput {
  const where: Prisma.PieceWhereInput = { shopId };
  const and: Prisma.PieceWhereInput[] = [];
  if (q.state) and.push({ state: q.state });
  if (q.metal || q.finenessBp) {
    and.push({ metals: { some: { metal: q.metal, finenessBp: q.finenessBp } } });
  }
  if (q.locationId) and.push({ locationId: q.locationId });
  if (q.consigned !== undefined) and.push(q.consigned ? { consignment: { isNot: null } } : { consignment: { is: null } });
  const term = q.search?.trim();
  if (term) {
    const compact = term.replace(/[\s-]/g, "").toUpperCase();
    and.push({
      OR: [
        { tagCode: { startsWith: compact } },
        { sku: { contains: term } },
        { title: { contains: term } },
        { certificates: { some: { number: { startsWith: term } } } },
      ],
    });
  }
  if (and.length) where.AND = and;
  return where;
}

export async function listPieces(shopId: string, q: PieceListQuery = {}) {
  const take = Math.min(q.take ?? PIECE_PAGE_SIZE, 250);
  const where = listWhere(shopId, q);
  const [rows, total] = await Promise.all([
    db.piece.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: take + 1,
      ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
      select: {
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
      },
    }),
    db.piece.count({ where }),
  ]);
  const hasNext = rows.length > take;
  const page = hasNext ? rows.slice(0, take) : rows;
  return { pieces: page, total, nextCursor: hasNext ? page[page.length - 1]?.id : undefined };
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
      movements: { orderBy: { at: "asc" } },
    },
  });
}

export type PieceRecord = NonNullable<Awaited<ReturnType<typeof getPiece>>>;

export async function findPieceByTagCode(shopId: string, tagCode: string) {
  return db.piece.findFirst({ where: { shopId, tagCode } });
}
