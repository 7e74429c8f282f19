// Orders, made through the test API (a sale at the till, fulfilled, cancelled or refunded), with
// the stock moves and webhooks Shopify makes for each.
import Decimal from "decimal.js";
import { gid, iso, money, parseGid, SimulatorError } from "./ids-and-formats";
import type { LevelRecord } from "./inventory";
import type { ShopData } from "./shops";
import type { SimulatorState } from "./simulator-state";

export interface OrderLineRecord {
  id: number;
  variantId: number;
  productId: number;
  sku: string | null;
  title: string;
  quantity: number;
  price: string;
  fulfilledQuantity: number;
  refundedQuantity: number;
}
export interface RefundRecord {
  id: number;
  createdAt: number;
  note: string | null;
  lines: {
    id: number;
    lineItemId: number;
    quantity: number;
    restockType: "return" | "cancel" | "no_restock";
    locationId: number | null;
  }[];
}
export interface OrderRecord {
  id: number;
  number: number;
  name: string;
  email: string | null;
  locationId: number;
  currency: string;
  financialStatus: "paid" | "pending" | "refunded" | "partially_refunded" | "voided";
  fulfillmentStatus: "fulfilled" | "partial" | null;
  cancelledAt: number | null;
  cancelReason: string | null;
  lines: OrderLineRecord[];
  refunds: RefundRecord[];
  createdAt: number;
  updatedAt: number;
}

export interface NewOrder {
  shop: string;
  location: string;
  lines: { variantId: string; quantity: number; price?: string | number }[];
  email?: string | null;
  paid?: boolean;
}
export interface OrderCancellation {
  shop: string;
  orderId: string | number;
  restock?: boolean;
  reason?: string;
}
export interface NewRefund {
  shop: string;
  orderId: string | number;
  lines: { lineItemId: number; quantity: number; restock?: boolean }[];
  note?: string;
}

export function createOrder(sim: SimulatorState, input: NewOrder): { orderId: string; id: number; name: string } {
  const shop = sim.shop(input.shop);
  const locationId = sim.locationId(shop, input.location);
  const at = sim.now();
  const lines: OrderLineRecord[] = input.lines.map((line) => {
    const variantId = parseGid(line.variantId, "ProductVariant");
    const variant = variantId === null ? undefined : shop.variants.get(variantId);
    if (!variant) throw new SimulatorError(`Unknown variant ${line.variantId}`, 404);
    if (!Number.isInteger(line.quantity) || line.quantity <= 0)
      throw new SimulatorError(`Quantity must be a positive integer`);
    const product = shop.products.get(variant.productId);
    return {
      id: sim.id(),
      variantId: variant.id,
      productId: variant.productId,
      sku: shop.items.get(variant.itemId)?.sku ?? null,
      title: product?.title ?? "",
      quantity: line.quantity,
      price: money(line.price ?? variant.price),
      fulfilledQuantity: 0,
      refundedQuantity: 0,
    };
  });
  const number = shop.nextOrderNumber++;
  const order: OrderRecord = {
    id: sim.id(),
    number,
    name: `#${number}`,
    email: input.email ?? null,
    locationId,
    currency: shop.currencyCode,
    financialStatus: input.paid === false ? "pending" : "paid",
    fulfillmentStatus: null,
    cancelledAt: null,
    cancelReason: null,
    lines,
    refunds: [],
    createdAt: at,
    updatedAt: at,
  };
  shop.orders.set(order.id, order);
  // A sale commits stock: available goes down, committed goes up, on_hand stays until fulfilment.
  const touched = new Set<LevelRecord>();
  for (const line of lines) {
    const item = shop.items.get(shop.variants.get(line.variantId)!.itemId)!;
    if (!item.tracked) continue;
    const level = sim.activate(shop, item.id, locationId);
    const meta = { reason: "order", referenceDocumentUri: gid("Order", order.id), source: "order" };
    sim.applyDelta(shop, level, "available", -line.quantity, meta);
    sim.applyDelta(shop, level, "committed", line.quantity, meta);
    touched.add(level);
  }
  const payload = orderPayload(order);
  sim.emit(shop.domain, "orders/create", payload);
  if (order.financialStatus === "paid") sim.emit(shop.domain, "orders/paid", payload);
  for (const level of touched) sim.announceLevel(shop, level);
  return { orderId: gid("Order", order.id), id: order.id, name: order.name };
}

function findOrder(shop: ShopData, ref: string | number): OrderRecord {
  const id = typeof ref === "number" ? ref : (parseGid(ref, "Order") ?? Number(ref));
  const order = shop.orders.get(id);
  if (!order) throw new SimulatorError(`Unknown order ${ref}`, 404);
  return order;
}

export function fulfillOrder(
  sim: SimulatorState,
  input: { shop: string; orderId: string | number },
): { orderId: string } {
  const shop = sim.shop(input.shop);
  const order = findOrder(shop, input.orderId);
  if (order.cancelledAt !== null) throw new SimulatorError("Order is cancelled");
  for (const line of order.lines) {
    const open = line.quantity - line.fulfilledQuantity - line.refundedQuantity;
    if (open <= 0) continue;
    const item = shop.items.get(shop.variants.get(line.variantId)?.itemId ?? -1);
    if (item?.tracked) {
      const level = sim.activate(shop, item.id, order.locationId);
      sim.applyDelta(shop, level, "committed", -open, {
        reason: "fulfillment",
        referenceDocumentUri: gid("Order", order.id),
        source: "fulfillment",
      });
    }
    line.fulfilledQuantity += open;
  }
  order.fulfillmentStatus = "fulfilled";
  order.updatedAt = sim.now();
  return { orderId: gid("Order", order.id) };
}

export function cancelOrder(sim: SimulatorState, input: OrderCancellation): { orderId: string } {
  const shop = sim.shop(input.shop);
  const order = findOrder(shop, input.orderId);
  if (order.cancelledAt !== null) throw new SimulatorError("Order is already cancelled");
  const touched = new Set<LevelRecord>();
  if (input.restock !== false) {
    for (const line of order.lines) {
      const open = line.quantity - line.fulfilledQuantity - line.refundedQuantity;
      if (open <= 0) continue;
      const item = shop.items.get(shop.variants.get(line.variantId)?.itemId ?? -1);
      if (!item?.tracked) continue;
      const level = sim.activate(shop, item.id, order.locationId);
      const meta = { reason: "restock", referenceDocumentUri: gid("Order", order.id), source: "order_cancel" };
      sim.applyDelta(shop, level, "committed", -open, meta);
      sim.applyDelta(shop, level, "available", open, meta);
      touched.add(level);
    }
  }
  order.cancelledAt = sim.now();
  order.cancelReason = input.reason ?? "customer";
  order.updatedAt = sim.now();
  sim.emit(shop.domain, "orders/cancelled", orderPayload(order));
  for (const level of touched) sim.announceLevel(shop, level);
  return { orderId: gid("Order", order.id) };
}

export function refundOrder(sim: SimulatorState, input: NewRefund): { refundId: number } {
  const shop = sim.shop(input.shop);
  const order = findOrder(shop, input.orderId);
  const refund: RefundRecord = { id: sim.id(), createdAt: sim.now(), note: input.note ?? null, lines: [] };
  const touched = new Set<LevelRecord>();
  for (const requested of input.lines) {
    const line = order.lines.find((l) => l.id === requested.lineItemId);
    if (!line) throw new SimulatorError(`Unknown line item ${requested.lineItemId}`, 404);
    if (requested.quantity > line.quantity - line.refundedQuantity)
      throw new SimulatorError("Refund quantity exceeds what is left on the line");
    const unfulfilled = line.quantity - line.fulfilledQuantity - line.refundedQuantity;
    // Restocking an unfulfilled unit releases the commitment ("cancel"); a fulfilled one comes back on hand ("return").
    const restockType: RefundRecord["lines"][number]["restockType"] =
      requested.restock === false ? "no_restock" : unfulfilled >= requested.quantity ? "cancel" : "return";
    const item = shop.items.get(shop.variants.get(line.variantId)?.itemId ?? -1);
    if (item?.tracked) {
      const level = sim.activate(shop, item.id, order.locationId);
      const meta = { reason: "restock", referenceDocumentUri: gid("Refund", refund.id), source: "refund" };
      if (restockType === "cancel") {
        sim.applyDelta(shop, level, "committed", -requested.quantity, meta);
        sim.applyDelta(shop, level, "available", requested.quantity, meta);
        touched.add(level);
      } else if (restockType === "return") {
        sim.applyDelta(shop, level, "available", requested.quantity, meta);
        touched.add(level);
      } else if (unfulfilled >= requested.quantity) {
        // Not restocked and never shipped: the commitment goes away without coming back to available.
        sim.applyDelta(shop, level, "committed", -requested.quantity, meta);
      }
    }
    line.refundedQuantity += requested.quantity;
    refund.lines.push({
      id: sim.id(),
      lineItemId: line.id,
      quantity: requested.quantity,
      restockType,
      locationId: restockType === "no_restock" ? null : order.locationId,
    });
  }
  order.refunds.push(refund);
  order.financialStatus = order.lines.every((l) => l.refundedQuantity === l.quantity)
    ? "refunded"
    : "partially_refunded";
  order.updatedAt = sim.now();
  sim.emit(shop.domain, "refunds/create", refundPayload(order, refund));
  for (const level of touched) sim.announceLevel(shop, level);
  return { refundId: refund.id };
}

/** The body of the orders/create, orders/paid and orders/cancelled webhooks. */
export function orderPayload(order: OrderRecord): Record<string, unknown> {
  const subtotal = order.lines.reduce((sum, l) => sum.plus(new Decimal(l.price).times(l.quantity)), new Decimal(0));
  return {
    id: order.id,
    admin_graphql_api_id: gid("Order", order.id),
    name: order.name,
    order_number: order.number,
    email: order.email,
    created_at: iso(order.createdAt),
    updated_at: iso(order.updatedAt),
    cancelled_at: order.cancelledAt === null ? null : iso(order.cancelledAt),
    cancel_reason: order.cancelledAt === null ? null : order.cancelReason,
    currency: order.currency,
    financial_status: order.financialStatus,
    fulfillment_status: order.fulfillmentStatus,
    location_id: order.locationId,
    subtotal_price: subtotal.toFixed(2),
    total_price: subtotal.toFixed(2),
    line_items: order.lines.map((l) => lineItemPayload(l)),
    refunds: order.refunds.map((r) => refundPayload(order, r)),
  };
}

function lineItemPayload(line: OrderLineRecord): Record<string, unknown> {
  return {
    id: line.id,
    admin_graphql_api_id: gid("LineItem", line.id),
    variant_id: line.variantId,
    product_id: line.productId,
    sku: line.sku,
    title: line.title,
    name: line.title,
    quantity: line.quantity,
    price: line.price,
    fulfillable_quantity: Math.max(0, line.quantity - line.fulfilledQuantity - line.refundedQuantity),
    fulfillment_status: line.fulfilledQuantity >= line.quantity ? "fulfilled" : null,
  };
}

/** The body of the refunds/create webhook. */
export function refundPayload(order: OrderRecord, refund: RefundRecord): Record<string, unknown> {
  return {
    id: refund.id,
    admin_graphql_api_id: gid("Refund", refund.id),
    order_id: order.id,
    created_at: iso(refund.createdAt),
    processed_at: iso(refund.createdAt),
    note: refund.note,
    restock: refund.lines.some((l) => l.restockType !== "no_restock"),
    refund_line_items: refund.lines.map((l) => {
      const line = order.lines.find((x) => x.id === l.lineItemId)!;
      return {
        id: l.id,
        line_item_id: l.lineItemId,
        quantity: l.quantity,
        restock_type: l.restockType,
        location_id: l.locationId,
        subtotal: new Decimal(line.price).times(l.quantity).toFixed(2),
        line_item: lineItemPayload(line),
      };
    }),
    transactions: [],
  };
}
