// Reads the shop's open orders, page by page, for the lines still to fulfil of the variants pieces
// are being made for (app/domain/catalogue/committed.ts says what is done with them).
import type { OpenOrderLine } from "../domain/catalogue/committed";
import { OPEN_ORDERS_PAGE, ORDER_LINES_PAGE } from "./documents";
import type { AdminGraphql } from "./locations.server";

/** Orders per page, each with up to 50 lines: about 800 points of query cost (Shopify's limit is 1,000). */
export const OPEN_ORDERS_PAGE_SIZE = 4;

type LineNode = {
  id: string;
  currentQuantity: number;
  unfulfilledQuantity: number;
  variant: { id: string } | null;
  originalUnitPriceSet: { shopMoney: { amount: string; currencyCode: string } };
};
type Lines = { nodes: LineNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
type OrderNode = {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  currencyCode: string;
  sourceName: string | null;
  customer: { id: string } | null;
  retailLocation: { id: string } | null;
  lineItems: Lines;
};
type Page = {
  data?: { orders?: { nodes?: OrderNode[]; pageInfo?: { hasNextPage: boolean; endCursor: string | null } } };
};

class Unreadable extends Error {}

/** Every line of an order: those read with it, then the rest page by page. */
async function allLines(admin: AdminGraphql, order: OrderNode): Promise<LineNode[]> {
  const lines = [...order.lineItems.nodes];
  let page = order.lineItems.pageInfo;
  while (page.hasNextPage) {
    if (!page.endCursor) throw new Unreadable();
    const response = await admin.graphql(ORDER_LINES_PAGE, { variables: { id: order.id, after: page.endCursor } });
    const body = (await response.json()) as { data?: { order?: { lineItems?: Lines } | null } };
    const next = body.data?.order?.lineItems;
    if (!next?.nodes || !next.pageInfo) throw new Unreadable();
    lines.push(...next.nodes);
    page = next.pageInfo;
  }
  return lines;
}

/**
 * The unfulfilled lines of open orders for `variants`, or "unavailable" when a page could not be
 * read: committed units are then left without pieces, as a partial list could make a piece for a
 * unit whose line Loupe did not see.
 */
export async function readOpenOrderLines(
  admin: AdminGraphql,
  variants: ReadonlySet<string>,
  options: { pageSize?: number } = {},
): Promise<OpenOrderLine[] | "unavailable"> {
  const first = options.pageSize ?? OPEN_ORDERS_PAGE_SIZE;
  const out: OpenOrderLine[] = [];
  let after: string | null = null;
  try {
    for (;;) {
      const response = await admin.graphql(OPEN_ORDERS_PAGE, { variables: { first, after } });
      const body = (await response.json()) as Page;
      const page = body.data?.orders;
      if (!page?.nodes || !page.pageInfo) return "unavailable";
      for (const order of page.nodes) {
        for (const line of await allLines(admin, order)) {
          if (!line.variant || !variants.has(line.variant.id) || line.unfulfilledQuantity <= 0) continue;
          out.push({
            orderGid: order.id,
            orderName: order.name,
            createdAt: order.createdAt,
            updatedAt: order.updatedAt,
            currency: line.originalUnitPriceSet.shopMoney.currencyCode || order.currencyCode,
            sourceName: order.sourceName,
            customerGid: order.customer?.id ?? null,
            lineGid: line.id,
            variantGid: line.variant.id,
            locationGid: order.retailLocation?.id ?? null,
            currentQuantity: line.currentQuantity,
            unfulfilledQuantity: line.unfulfilledQuantity,
            price: line.originalUnitPriceSet.shopMoney.amount,
          });
        }
      }
      if (!page.pageInfo.hasNextPage) break;
      if (!page.pageInfo.endCursor) return "unavailable";
      after = page.pageInfo.endCursor;
    }
  } catch {
    // A refused or failed call (network, throttling beyond the client's retries, a missing scope).
    return "unavailable";
  }
  return out;
}
