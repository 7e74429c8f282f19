// The shop, its locations, and `node` / `nodes` lookups by gid.
import { parseGid } from "../state/ids-and-formats";
import { nodeById } from "../views/nodes";
import { connection, type PageArgs } from "../views/shared";
import { locationView, shopView } from "../views/shop";
import type { RootResolver } from "./shared";

export const shopQueries: Record<string, RootResolver> = {
  shop: (_a, ctx) => shopView(ctx),
  locations: (a, ctx) => {
    const list = [...ctx.shop.locations.values()].filter((l) => a.includeInactive || l.isActive);
    return connection(
      list,
      a as PageArgs,
      (l) => l.id,
      (l) => locationView(ctx, l),
    );
  },
  location: (a, ctx) => {
    if (a.id == null) {
      const first = ctx.shop.locations.values().next().value;
      return first ? locationView(ctx, first) : null;
    }
    const id = parseGid(String(a.id), "Location");
    const l = id === null ? undefined : ctx.shop.locations.get(id);
    return l ? locationView(ctx, l) : null;
  },
  node: (a, ctx) => nodeById(ctx, String(a.id)),
  nodes: (a, ctx) => (a.ids as string[]).map((id) => nodeById(ctx, id)),
};
