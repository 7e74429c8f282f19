// Orders, read-only: Loupe reads open orders to link the pieces it makes for committed units.
import { parseGid, SimulatorError } from "../state/ids-and-formats";
import { matchesOrderQuery, orderView } from "../views/orders";
import { connection, type PageArgs } from "../views/shared";
import type { RootResolver } from "./shared";

export const orderQueries: Record<string, RootResolver> = {
  orders: (a, ctx) => {
    const all = [...ctx.shop.orders.values()];
    const list = all.filter((o) => {
      const match = matchesOrderQuery(o, a.query as string | undefined);
      if (match === "unsupported")
        throw new SimulatorError(`The simulator does not understand the order query "${a.query}"`);
      return match;
    });
    return connection(
      list,
      a as PageArgs,
      (o) => o.id,
      (o) => orderView(ctx, o),
    );
  },
  order: (a, ctx) => {
    const id = parseGid(String(a.id), "Order");
    const o = id === null ? undefined : ctx.shop.orders.get(id);
    return o ? orderView(ctx, o) : null;
  },
};
