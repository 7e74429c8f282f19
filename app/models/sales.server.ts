// Sales of pieces from Shopify orders: each sale (PieceSale), the last view of each order applied
// (OrderSync), and the pieces staff scanned at the till for the next sale of their variant
// (SaleHint). Every call takes the shop.
import { db, type Tx } from "../db.server";

// ---------------------------------------------------------------- orders as last applied

export async function findOrderSync(tx: Tx, shopId: string, orderGid: string) {
  return tx.orderSync.findUnique({ where: { shopId_orderGid: { shopId, orderGid } } });
}

/** Keeps the view of an order just applied, so an older view arriving later is ignored. */
export async function saveOrderView(
  tx: Tx,
  shopId: string,
  orderGid: string,
  view: { orderName: string | null; updatedAt: Date; cancelledAt: Date | null; lastTopic: string },
) {
  await tx.orderSync.upsert({
    where: { shopId_orderGid: { shopId, orderGid } },
    create: { shopId, orderGid, ...view },
    update: view,
  });
}

/**
 * Keeps the units of an order restocked by its refunds (JSON). A refund seen before its order
 * creates the row with the oldest possible view: the order's own webhook brings the real updated_at.
 */
export async function saveOrderRestocked(tx: Tx, shopId: string, orderGid: string, restocked: string) {
  const lastTopic = "refunds/create";
  await tx.orderSync.upsert({
    where: { shopId_orderGid: { shopId, orderGid } },
    create: { shopId, orderGid, updatedAt: new Date(0), restocked, lastTopic },
    update: { restocked, lastTopic },
  });
}

// ---------------------------------------------------------------- sales

/** The sales of an order, oldest first. */
export async function salesOfOrder(tx: Tx, shopId: string, orderGid: string) {
  return tx.pieceSale.findMany({ where: { shopId, orderGid }, orderBy: { soldAt: "asc" } });
}

/** Up to `take` sales of an order line not refunded yet, latest first. */
export async function unrefundedSalesOfLine(
  tx: Tx,
  shopId: string,
  orderGid: string,
  lineItemGid: string,
  take: number,
) {
  return tx.pieceSale.findMany({
    where: { shopId, orderGid, lineItemGid, refundedAt: null },
    orderBy: { soldAt: "desc" },
    take,
  });
}

/** How many unrefunded sales each of these order lines has. */
export async function unrefundedSaleCountsByLine(tx: Tx, shopId: string, lineItemGids: readonly string[]) {
  const counts = new Map<string, number>();
  if (lineItemGids.length === 0) return counts;
  const rows = await tx.pieceSale.groupBy({
    by: ["lineItemGid"],
    where: { shopId, lineItemGid: { in: [...lineItemGids] }, refundedAt: null },
    _count: { _all: true },
  });
  for (const r of rows) if (r.lineItemGid) counts.set(r.lineItemGid, r._count._all);
  return counts;
}

export async function insertPieceSale(
  tx: Tx,
  shopId: string,
  data: {
    pieceId: string;
    orderGid: string;
    orderName: string | null;
    lineItemGid: string;
    customerGid: string | null;
    priceMinor: bigint;
    currency: string;
    channel: string | null;
    staffName: string | null;
    soldAt: Date;
  },
) {
  return tx.pieceSale.create({ data: { ...data, shopId } });
}

export async function markSaleRefunded(tx: Tx, shopId: string, saleId: string): Promise<boolean> {
  const result = await tx.pieceSale.updateMany({ where: { id: saleId, shopId }, data: { refundedAt: new Date() } });
  return result.count === 1;
}

// ---------------------------------------------------------------- which piece a sale takes

/** The latest piece scanned at the till for this variant, not used by an order yet and still on sale. */
export async function findUnusedSaleHint(tx: Tx, shopId: string, variantGid: string) {
  return tx.saleHint.findFirst({
    where: { shopId, variantGid, usedByOrderGid: null, piece: { state: { in: ["active", "on_hold", "shown"] } } },
    orderBy: { scannedAt: "desc" },
  });
}

export async function markSaleHintUsed(tx: Tx, shopId: string, hintId: string, orderGid: string): Promise<boolean> {
  const result = await tx.saleHint.updateMany({ where: { id: hintId, shopId }, data: { usedByOrderGid: orderGid } });
  return result.count === 1;
}

const SELLABLE = ["active", "on_hold", "shown", "memo_out"];

/** The oldest piece of the variant a sale can take, at one Shopify location or (null) anywhere. */
export async function oldestSellablePiece(tx: Tx, shopId: string, variantGid: string, locationGid: string | null) {
  return tx.piece.findFirst({
    where: {
      shopId,
      variantGid,
      ...(locationGid ? { shopifyLocationGid: locationGid } : {}),
      state: { in: SELLABLE },
    },
    orderBy: [{ acquiredAt: "asc" }, { createdAt: "asc" }],
    select: { id: true },
  });
}

export async function pieceStateOf(tx: Tx, shopId: string, pieceId: string): Promise<string> {
  const piece = await tx.piece.findFirstOrThrow({ where: { shopId, id: pieceId }, select: { state: true } });
  return piece.state;
}

// ---------------------------------------------------------------- customers (privacy webhooks)

/** How a customer's sales are found: by the customer's id, and by some of their orders. */
export type CustomerLink = { customerGid: string | null; orderGids: readonly string[] };

/** Sales linked to a customer, or to some of their orders; none when neither is given. */
function customerSalesWhere(shopId: string, customer: CustomerLink) {
  const or: object[] = [];
  if (customer.customerGid) or.push({ customerGid: customer.customerGid });
  if (customer.orderGids.length) or.push({ orderGid: { in: [...customer.orderGids] } });
  return or.length ? { shopId, OR: or } : null;
}

/** What Loupe holds on a customer: their purchases, with the piece's tag and title, oldest first. */
export async function customerSales(shopId: string, customer: CustomerLink) {
  const where = customerSalesWhere(shopId, customer);
  if (!where) return [];
  return db.pieceSale.findMany({
    where,
    include: { piece: { select: { tagCode: true, title: true } } },
    orderBy: { soldAt: "asc" },
  });
}

/** Removes the customer's link from their sales (the sales stay, anonymous); returns how many. */
export async function anonymiseCustomerSales(tx: Tx, shopId: string, customer: CustomerLink): Promise<number> {
  const where = customerSalesWhere(shopId, customer);
  if (!where) return 0;
  const result = await tx.pieceSale.updateMany({ where, data: { customerGid: null } });
  return result.count;
}
