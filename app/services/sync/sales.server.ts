// Sales from Shopify: an order marks the right pieces sold (and archives them), a cancellation or
// a refund with restock brings them back, to be inspected before they are on sale again. Webhooks arrive at least once and in any order, so:
// each order's last applied view is kept (OrderSync) and an older view is ignored; units already
// handled for an order line are counted, never handled twice; a refund seen before its order is
// remembered so the late order does not sell the refunded units.
import { z } from "zod";
import { restId, shopifyGid } from "../../shopify/ids";
import { parseMoney } from "../../domain/money";
import { appendAudit } from "../../models/audit.server";
import type { Actor } from "../../models/actor";
import { transitionPiece } from "../catalog/piece-changes.server";
import { bookFinishedPieceReturn, bookFinishedPieceSale } from "../materials/sales.server";
import { releasePieceAllowanceOnSale } from "../materials/impairment.server";
import { lockShopLedger } from "../../models/materials.server";
import {
  findOrderSync,
  findUnusedSaleHint,
  insertPieceSale,
  markSaleHintUsed,
  markSaleRefunded,
  oldestSellablePiece,
  pieceStateOf,
  salesOfOrder,
  saveOrderRestocked,
  saveOrderView,
  unrefundedSalesOfLine,
} from "../../models/sales.server";
import { findShopByDomain } from "../../models/shop.server";
import { inTransaction, type Tx } from "../../models/transaction.server";

const id = restId;

export const orderPayload = z
  .object({
    id,
    admin_graphql_api_id: z.string().optional(),
    name: z.string().nullish(),
    created_at: z.string(),
    updated_at: z.string(),
    cancelled_at: z.string().nullish(),
    currency: z.string().default("EUR"),
    source_name: z.string().nullish(),
    location_id: id.nullish(),
    user_id: id.nullish(),
    customer: z.object({ id }).passthrough().nullish(),
    line_items: z.array(
      z
        .object({
          id,
          variant_id: id.nullish(),
          quantity: z.number().int().nonnegative(),
          price: z.union([z.string(), z.number()]).transform((v) => String(v)),
          sku: z.string().nullish(),
        })
        .passthrough(),
    ),
  })
  .passthrough();

export const refundPayload = z
  .object({
    id,
    order_id: id,
    created_at: z.string(),
    refund_line_items: z.array(
      z
        .object({
          id,
          line_item_id: id,
          quantity: z.number().int().nonnegative(),
          restock_type: z.string().nullish(),
          location_id: id.nullish(),
          line_item: z.object({ variant_id: id.nullish() }).passthrough().optional(),
        })
        .passthrough(),
    ),
  })
  .passthrough();

type OrderPayload = z.infer<typeof orderPayload>;
type RefundPayload = z.infer<typeof refundPayload>;

const orderGid = (orderId: string) => shopifyGid("Order", orderId);
const lineGid = (lineId: string) => shopifyGid("LineItem", lineId);
const variantGid = (variantId: string) => shopifyGid("ProductVariant", variantId);
const locationGid = (locationId: string) => shopifyGid("Location", locationId);

type Restocked = Record<string, number>; // refund line item id -> units; "line:<id>" -> total units restocked on that order line

function restockedOnLine(restocked: Restocked, lineId: string): number {
  return restocked[`line:${lineId}`] ?? 0;
}

export type SaleOutcome = {
  ignored?: "unknown shop" | "older view";
  sold: string[];
  returned: string[];
  unmatched: { line: string; units: number }[];
};

/** Picks the piece a sale of this variant takes: the one scanned at the till, else the oldest on sale. */
async function pickPiece(
  tx: Tx,
  shopId: string,
  variant: string,
  location: string | null,
): Promise<{ id: string; hintId?: string } | null> {
  const hint = await findUnusedSaleHint(tx, shopId, variant);
  if (hint) return { id: hint.pieceId, hintId: hint.id };
  const atLocation = location ? await oldestSellablePiece(tx, shopId, variant, location) : null;
  if (atLocation) return { id: atLocation.id };
  const anywhere = await oldestSellablePiece(tx, shopId, variant, null);
  return anywhere ? { id: anywhere.id } : null;
}

/** `at`: when the order was cancelled or refunded (the date a made piece's cost comes back to finished goods). */
async function returnSale(
  tx: Tx,
  shopId: string,
  saleId: string,
  pieceId: string,
  actor: Actor,
  reason: string,
  source: string,
  at: Date,
): Promise<boolean> {
  const state = await pieceStateOf(tx, shopId, pieceId);
  if (state === "sold" || state === "archived") {
    // The piece may have been in the customer's hands (a stone swapped, a knock): it waits to be
    // inspected, out of sale. Shopify's restock put the unit back in `available`; it moves on to
    // `quality_control` as the stock rule says for to_inspect.
    const back = await transitionPiece(shopId, pieceId, "to_inspect", actor, {
      reason,
      refund: true,
      syncStock: false,
      shopifyCountsAs: "active",
      source,
      tx,
    });
    if (!back.ok) return false;
  }
  await markSaleRefunded(tx, shopId, saleId);
  await bookFinishedPieceReturn(tx, shopId, saleId, at, actor);
  return true;
}

/** One unit of an order line, as Shopify sold it. */
export type LineSale = {
  orderGid: string;
  orderName: string | null;
  lineItemGid: string;
  customerGid: string | null;
  /** Unit price, a decimal string in `currency`. */
  price: string;
  currency: string;
  channel: string | null;
  staffName: string | null;
  soldAt: Date;
};

/**
 * Records `pieceId` sold on one unit of an order line, inside the caller's transaction (which holds
 * the shop's ledger lock): sold, archived at once (it keeps its record and history, out of the
 * working list), the sale linked to the line so a cancellation or refund brings it back. Shopify's
 * stock is not touched: the order already took the unit. False when the piece may not be sold.
 */
export async function sellPieceToLine(
  tx: Tx,
  shopId: string,
  pieceId: string,
  sale: LineSale,
  actor: Actor,
  source: string,
): Promise<boolean> {
  const reason = `sold in order ${sale.orderName ?? sale.orderGid}`;
  const sold = await transitionPiece(shopId, pieceId, "sold", actor, { reason, syncStock: false, source, tx });
  if (!sold.ok) return false;
  await transitionPiece(shopId, pieceId, "archived", actor, { reason, syncStock: false, source, tx });
  const saleRow = await insertPieceSale(tx, shopId, {
    pieceId,
    orderGid: sale.orderGid,
    orderName: sale.orderName,
    lineItemGid: sale.lineItemGid,
    customerGid: sale.customerGid,
    priceMinor: parseMoney(sale.price, sale.currency),
    currency: sale.currency,
    channel: sale.channel,
    staffName: sale.staffName,
    soldAt: sale.soldAt,
  });
  // A piece made in a materials job leaves finished goods at its cost, in this transaction.
  await bookFinishedPieceSale(tx, shopId, saleRow, actor);
  // A piece written down in value is sold: its allowance is released with the sale.
  await releasePieceAllowanceOnSale(tx, shopId, saleRow, actor);
  return true;
}

// A sale of a made piece also books in the materials ledger, whose writers take the shop's ledger
// lock before touching pieces; taking it first here too keeps one lock order (a sale and a
// back-dated material move re-costing the same piece would otherwise deadlock on PostgreSQL), and
// the sale may wait behind a material write as long as that write may take (both use the
// client's transaction limit, LOUPE_DB_TX_TIMEOUT_MS).

export async function applyOrder(
  shopDomain: string,
  raw: unknown,
  topic: string,
  actor: Actor,
  source: string,
): Promise<SaleOutcome> {
  const order: OrderPayload = orderPayload.parse(raw);
  const shop = await findShopByDomain(shopDomain);
  const outcome: SaleOutcome = { sold: [], returned: [], unmatched: [] };
  if (!shop) return { ...outcome, ignored: "unknown shop" };
  const gid = order.admin_graphql_api_id ?? orderGid(order.id);
  return inTransaction(async (tx) => {
    await lockShopLedger(tx, shop.id);
    const updatedAt = new Date(order.updated_at);
    const seen = await findOrderSync(tx, shop.id, gid);
    if (seen && seen.updatedAt > updatedAt) return { ...outcome, ignored: "older view" as const };
    const cancelledAt = order.cancelled_at ? new Date(order.cancelled_at) : (seen?.cancelledAt ?? null);
    const restocked = JSON.parse(seen?.restocked ?? "{}") as Restocked;
    const sales = await salesOfOrder(tx, shop.id, gid);

    if (cancelledAt) {
      for (const sale of sales.filter((s) => !s.refundedAt)) {
        if (
          await returnSale(
            tx,
            shop.id,
            sale.id,
            sale.pieceId,
            actor,
            `order ${order.name ?? gid} cancelled`,
            source,
            cancelledAt,
          )
        )
          outcome.returned.push(sale.pieceId);
      }
    } else {
      const location = order.location_id ? locationGid(order.location_id) : null;
      for (const line of order.line_items) {
        if (!line.variant_id) continue;
        const variant = variantGid(line.variant_id);
        const already = sales.filter((s) => s.lineItemGid === lineGid(line.id)).length;
        const wanted = line.quantity - restockedOnLine(restocked, line.id) - already;
        for (let unit = 0; unit < wanted; unit++) {
          const picked = await pickPiece(tx, shop.id, variant, location);
          if (!picked) {
            outcome.unmatched.push({ line: lineGid(line.id), units: wanted - unit });
            break;
          }
          const sold = await sellPieceToLine(
            tx,
            shop.id,
            picked.id,
            {
              orderGid: gid,
              orderName: order.name ?? null,
              lineItemGid: lineGid(line.id),
              customerGid: order.customer ? shopifyGid("Customer", order.customer.id) : null,
              price: line.price,
              currency: order.currency,
              channel: order.source_name ?? null,
              staffName: order.user_id ? `Shopify staff ${order.user_id}` : null,
              soldAt: new Date(order.created_at),
            },
            actor,
            source,
          );
          if (!sold) {
            outcome.unmatched.push({ line: lineGid(line.id), units: wanted - unit });
            break;
          }
          if (picked.hintId) await markSaleHintUsed(tx, shop.id, picked.hintId, gid);
          outcome.sold.push(picked.id);
        }
      }
    }
    if (outcome.unmatched.length) {
      await appendAudit(tx, shop.id, {
        actor,
        action: "sale.unmatched",
        entityType: "Order",
        entityId: gid,
        reason: "Shopify sold units Loupe has no piece on sale for; see Stock differences",
        data: { unmatched: outcome.unmatched },
      });
    }
    await saveOrderView(tx, shop.id, gid, { orderName: order.name ?? null, updatedAt, cancelledAt, lastTopic: topic });
    return outcome;
  });
}

export async function applyRefund(
  shopDomain: string,
  raw: unknown,
  actor: Actor,
  source: string,
): Promise<SaleOutcome> {
  const refund: RefundPayload = refundPayload.parse(raw);
  const shop = await findShopByDomain(shopDomain);
  const outcome: SaleOutcome = { sold: [], returned: [], unmatched: [] };
  if (!shop) return { ...outcome, ignored: "unknown shop" };
  const gid = orderGid(refund.order_id);
  return inTransaction(async (tx) => {
    await lockShopLedger(tx, shop.id);
    const seen = await findOrderSync(tx, shop.id, gid);
    const restocked = JSON.parse(seen?.restocked ?? "{}") as Restocked;
    for (const line of refund.refund_line_items) {
      // Only a refund that puts the goods back on the shelf brings the piece back.
      if (line.restock_type !== "return" && line.restock_type !== "cancel") continue;
      if (restocked[line.id] !== undefined) continue;
      restocked[line.id] = line.quantity;
      restocked[`line:${line.line_item_id}`] = restockedOnLine(restocked, line.line_item_id) + line.quantity;
      const sales = await unrefundedSalesOfLine(tx, shop.id, gid, lineGid(line.line_item_id), line.quantity);
      for (const sale of sales) {
        if (
          await returnSale(
            tx,
            shop.id,
            sale.id,
            sale.pieceId,
            actor,
            `refund with restock on order ${seen?.orderName ?? gid}`,
            source,
            new Date(refund.created_at),
          )
        )
          outcome.returned.push(sale.pieceId);
      }
    }
    await saveOrderRestocked(tx, shop.id, gid, JSON.stringify(restocked));
    return outcome;
  });
}

/** The action of an order webhook route (orders/create, orders/paid, orders/cancelled). */
export function orderWebhookAction(topic: string) {
  return async ({ request }: { request: Request }) => {
    const { handleWebhook } = await import("../../http/webhooks.server");
    return handleWebhook(request, async ({ shop, payload, actor, webhookId }) => {
      if (!orderPayload.safeParse(payload).success)
        throw new Response(`${topic} payload is malformed`, { status: 400 });
      await applyOrder(shop, payload, topic, actor, webhookId);
    });
  };
}
