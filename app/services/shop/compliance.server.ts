// The mandatory privacy webhooks. Loupe holds customer data in one place only: the sale of a piece
// (PieceSale.customerGid, linked to the order). Audit entries never carry customer data.
import { z } from "zod";
import { restId, shopifyGid } from "../../shopify/ids";
import { db } from "../../db.server";
import { appendAudit } from "../../models/audit.server";
import { deleteShopData } from "../../models/shop.server";
import type { Actor } from "../../models/actor";

const id = restId;

export const dataRequestPayload = z.object({
  shop_domain: z.string(),
  customer: z.object({ id: id.optional(), email: z.string().nullish(), phone: z.string().nullish() }).passthrough(),
  orders_requested: z.array(id).default([]),
  data_request: z.object({ id: id }).partial().optional(),
});

export const customerRedactPayload = z.object({
  shop_domain: z.string(),
  customer: z.object({ id: id.optional(), email: z.string().nullish(), phone: z.string().nullish() }).passthrough(),
  orders_to_redact: z.array(id).default([]),
});

export const shopRedactPayload = z.object({ shop_domain: z.string() });

const customerGid = (customerId: string) => shopifyGid("Customer", customerId);
const orderGid = (orderId: string) => shopifyGid("Order", orderId);

function salesWhere(shopId: string, customerId: string | undefined, orderIds: string[]) {
  const or: object[] = [];
  if (customerId) or.push({ customerGid: customerGid(customerId) });
  if (orderIds.length) or.push({ orderGid: { in: orderIds.map(orderGid) } });
  return or.length ? { shopId, OR: or } : null;
}

/** Compiles what Loupe holds on the customer and keeps it for the merchant to send on. */
export async function answerDataRequest(payload: z.infer<typeof dataRequestPayload>, actor: Actor) {
  const shop = await db.shop.findUnique({ where: { domain: payload.shop_domain } });
  if (!shop) return null;
  const where = salesWhere(shop.id, payload.customer.id, payload.orders_requested);
  const sales = where
    ? await db.pieceSale.findMany({
        where,
        include: { piece: { select: { tagCode: true, title: true } } },
        orderBy: { soldAt: "asc" },
      })
    : [];
  const report = {
    customer: { id: payload.customer.id ?? null },
    ordersRequested: payload.orders_requested,
    heldByLoupe: {
      purchases: sales.map((s) => ({
        order: s.orderGid,
        orderName: s.orderName,
        piece: { tagCode: s.piece.tagCode, title: s.piece.title },
        price: s.priceMinor.toString(),
        currency: s.currency,
        soldAt: s.soldAt.toISOString(),
        refundedAt: s.refundedAt?.toISOString() ?? null,
      })),
    },
    note: "Loupe stores no customer name, e-mail, phone or address; purchases are linked by Shopify ids only.",
  };
  return db.$transaction(async (tx) => {
    const row = await tx.complianceRequest.create({
      data: {
        shopId: shop.id,
        topic: "customers/data_request",
        customerGid: payload.customer.id ? customerGid(payload.customer.id) : null,
        requestId: payload.data_request?.id ?? null,
        report: JSON.stringify(report),
      },
    });
    await appendAudit(tx, shop.id, {
      actor,
      action: "compliance.data_request",
      entityType: "ComplianceRequest",
      entityId: row.id,
      data: { purchases: sales.length },
    });
    return { id: row.id, report };
  });
}

/** Removes the customer's link from Loupe's records; the sales stay (accounting) but anonymous. */
export async function redactCustomer(payload: z.infer<typeof customerRedactPayload>, actor: Actor) {
  const shop = await db.shop.findUnique({ where: { domain: payload.shop_domain } });
  if (!shop) return { redacted: 0 };
  const where = salesWhere(shop.id, payload.customer.id, payload.orders_to_redact);
  return db.$transaction(async (tx) => {
    const sales = where ? await tx.pieceSale.updateMany({ where, data: { customerGid: null } }) : { count: 0 };
    const reports = payload.customer.id
      ? await tx.complianceRequest.deleteMany({
          where: { shopId: shop.id, customerGid: customerGid(payload.customer.id) },
        })
      : { count: 0 };
    await appendAudit(tx, shop.id, {
      actor,
      action: "compliance.customer_redacted",
      entityType: "Shop",
      entityId: shop.id,
      data: { sales: sales.count, reports: reports.count },
    });
    return { redacted: sales.count + reports.count };
  });
}

export async function redactShop(payload: z.infer<typeof shopRedactPayload>) {
  return deleteShopData(payload.shop_domain);
}
