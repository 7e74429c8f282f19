// What every view shares: the context it reads from, the View shape, and Relay connections over
// in-memory lists.
import type { BulkOperations } from "../bulk";
import type { ShopData } from "../state/shops";
import type { SimulatorState } from "../state/simulator-state";

/**
 * Views turn stored records into objects graphql-js can resolve with its default rules:
 * plain properties for plain fields, methods for fields that take arguments, `__typename`
 * for interfaces. A field a view does not define is reported as unsupported, never as null.
 */
export interface ViewContext {
  sim: SimulatorState;
  shop: ShopData;
  baseUrl: string;
  bulk?: BulkOperations;
}

export type Args = Record<string, unknown>;
export type View = Record<string, unknown> & { __typename: string };

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export function cursorFor(id: string | number): string {
  return Buffer.from(`cursor:${id}`).toString("base64");
}

/** Relay connection over an in-memory list, with Shopify's first/last/after/before semantics. */
export function connection<T>(
  all: T[],
  args: PageArgs,
  idOf: (item: T) => string | number,
  view: (item: T) => unknown,
): Record<string, unknown> {
  let items = args.reverse ? [...all].reverse() : [...all];
  const cursors = items.map((i) => cursorFor(idOf(i)));
  let start = 0;
  let end = items.length;
  if (args.after) {
    const at = cursors.indexOf(args.after);
    start = at >= 0 ? at + 1 : items.length;
  }
  if (args.before) {
    const at = cursors.indexOf(args.before);
    if (at >= 0) end = at;
  }
  let from = start;
  let to = end;
  if (typeof args.first === "number") to = Math.min(end, from + args.first);
  if (typeof args.last === "number") from = Math.max(from, to - args.last);
  const page = items.slice(from, to);
  const pageCursors = cursors.slice(from, to);
  items = page;
  const nodes = items.map(view);
  return {
    edges: nodes.map((node, i) => ({ node, cursor: pageCursors[i] })),
    nodes,
    pageInfo: {
      hasNextPage: to < end,
      hasPreviousPage: from > start,
      startCursor: pageCursors[0] ?? null,
      endCursor: pageCursors[pageCursors.length - 1] ?? null,
    },
  };
}
