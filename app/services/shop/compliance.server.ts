// The mandatory privacy webhooks. Loupe holds customer data in one place only: the sale of a piece
// (PieceSale.customerGid, linked to the order). Audit entries never carry customer data.
import { z } from "zod";
import { restId, shopifyGid } from "../../shopify/ids";
import { appendAudit } from "../../models/audit.server";
import { deleteCustomerComplianceRequests, insertComplianceRequest } from "../../models/compliance-requests.server";
import { anonymiseCustomerSales, customerSales } from "../../models/sales.server";
import { deleteShopData, findShopByDomain } from "../../models/shop.server";
import { inTransaction } from "../../models/transaction.server";
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

/** The customer as their sales are linked: by customer id, and by the orders the request names. */
function customerOf(customerId: string | undefined, orderIds: string[]) {
  return { customerGid: customerId ? customerGid(customerId) : null, orderGids: orderIds.map(orderGid) };
}

/** Compiles what Loupe holds on the customer and keeps it for the merchant to send on. */
export async function answerDataRequest(payload: z.infer<typeof dataRequestPayload>, actor: Actor) {
  const shop = await findShopByDomain(payload.shop_domain);
  if (!shop) return null;
  const sales = await customerSales(shop.id, customerOf(payload.customer.id, payload.orders_requested));
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
  return inTransaction(async (tx) => {
    const row = await insertComplianceRequest(tx, shop.id, {
      topic: "customers/data_request",
      customerGid: payload.customer.id ? customerGid(payload.customer.id) : null,
      requestId: payload.data_request?.id ?? null,
      report: JSON.stringify(report),
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
  const shop = await findShopByDomain(payload.shop_domain);
  if (!shop) return { redacted: 0 };
  const customer = customerOf(payload.customer.id, payload.orders_to_redact);
  return inTransaction(async (tx) => {
    const sales = await anonymiseCustomerSales(tx, shop.id, customer);
    const reports = customer.customerGid
      ? await deleteCustomerComplianceRequests(tx, shop.id, customer.customerGid)
      : 0;
    await appendAudit(tx, shop.id, {
      actor,
      action: "compliance.customer_redacted",
      entityType: "Shop",
      entityId: shop.id,
      data: { sales, reports },
    });
    return { redacted: sales + reports };
  });
}

export async function redactShop(payload: z.infer<typeof shopRedactPayload>) {
  return deleteShopData(payload.shop_domain);
}
