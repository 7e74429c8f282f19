// Orders as the Admin API shows them: what Loupe reads of an open order (its lines, what is still
// to fulfil, the till's location) when it makes pieces for units Shopify holds as committed.
import { gid, iso } from "../state/ids-and-formats";
import type { OrderLineRecord, OrderRecord } from "../state/orders";
import { locationView } from "./shop";
import { connection, type PageArgs, type View, type ViewContext } from "./shared";

/** What is left to fulfil on a line: ordered, less fulfilled, less refunded (removed). */
export const unfulfilledOf = (line: OrderLineRecord) =>
  Math.max(0, line.quantity - line.fulfilledQuantity - line.refundedQuantity);

function moneyBag(amount: string, currencyCode: string) {
  const money = { amount, currencyCode };
  return { shopMoney: money, presentmentMoney: money };
}

export function lineItemView(order: OrderRecord, line: OrderLineRecord): View {
  return {
    __typename: "LineItem",
    id: gid("LineItem", line.id),
    name: line.title,
    sku: line.sku,
    quantity: line.quantity,
    currentQuantity: line.quantity - line.refundedQuantity,
    unfulfilledQuantity: unfulfilledOf(line),
    variant: { __typename: "ProductVariant", id: gid("ProductVariant", line.variantId) },
    originalUnitPriceSet: moneyBag(line.price, order.currency),
  };
}

export function orderView(ctx: ViewContext, order: OrderRecord): View {
  const location = ctx.shop.locations.get(order.locationId);
  return {
    __typename: "Order",
    id: gid("Order", order.id),
    legacyResourceId: String(order.id),
    name: order.name,
    createdAt: iso(order.createdAt),
    updatedAt: iso(order.updatedAt),
    cancelledAt: order.cancelledAt === null ? null : iso(order.cancelledAt),
    closed: order.fulfillmentStatus === "fulfilled",
    currencyCode: order.currency,
    // Every simulated order is a sale at a till (test API `orders`): Shopify names its location.
    sourceName: "pos",
    retailLocation: location ? locationView(ctx, location) : null,
    customer: null,
    lineItems(args: PageArgs) {
      return connection(
        order.lines,
        args,
        (l) => l.id,
        (l) => lineItemView(order, l),
      );
    },
  };
}

/**
 * The subset of Shopify's order search syntax the simulator understands: `status:open` (not
 * cancelled, not closed — Shopify closes an order once fulfilled, by the default setting) and
 * `status:any`. Any other term is refused so that a query Loupe relies on is never half-honoured.
 */
export function matchesOrderQuery(order: OrderRecord, query: string | null | undefined): boolean | "unsupported" {
  const terms = (query ?? "").trim().split(/\s+/).filter(Boolean);
  let ok = true;
  for (const term of terms) {
    if (term === "status:any") continue;
    if (term === "status:open") ok &&= order.cancelledAt === null && order.fulfillmentStatus !== "fulfilled";
    else return "unsupported";
  }
  return ok;
}
