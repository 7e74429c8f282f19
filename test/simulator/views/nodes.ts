import { bulkOperationView } from "../bulk";
import { fileView } from "./files";
import { itemView, levelView } from "./inventory";
import { metafieldView } from "./metafields";
import { metaobjectDefinitionView, metaobjectView } from "./metaobjects";
import { collectionView, productMediaView, productView, variantView } from "./products";
import type { View, ViewContext } from "./shared";
import { locationView, shopView } from "./shop";

/** The `node`/`nodes` lookup: every record type the simulator keeps. */
export function nodeById(ctx: ViewContext, id: string): View | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?inventory_item_id=(\d+))?$/.exec(id);
  if (!match) return null;
  const [, type, rawId, itemRaw] = match;
  const n = Number(rawId);
  const s = ctx.shop;
  switch (type) {
    case "Shop":
      return n === s.id ? shopView(ctx) : null;
    case "Product": {
      const p = s.products.get(n);
      return p ? productView(ctx, p) : null;
    }
    case "Collection": {
      const c = s.collections.get(n);
      return c ? collectionView(ctx, c) : null;
    }
    case "ProductVariant": {
      const v = s.variants.get(n);
      return v ? variantView(ctx, v) : null;
    }
    case "Location": {
      const l = s.locations.get(n);
      return l ? locationView(ctx, l) : null;
    }
    case "InventoryItem": {
      const i = s.items.get(n);
      return i ? itemView(ctx, i) : null;
    }
    case "InventoryLevel": {
      const level = itemRaw === undefined ? undefined : ctx.sim.level(s, Number(itemRaw), n);
      return level ? levelView(ctx, level) : null;
    }
    case "Metafield": {
      const m = [...s.metafields.values()].find((x) => x.id === n);
      return m ? metafieldView(ctx, m) : null;
    }
    case "Metaobject": {
      const m = s.metaobjects.get(n);
      return m ? metaobjectView(ctx, m) : null;
    }
    case "MetaobjectDefinition": {
      const d = [...s.metaobjectDefinitions.values()].find((x) => x.id === n);
      return d ? metaobjectDefinitionView(ctx, d) : null;
    }
    case "GenericFile":
    case "MediaImage": {
      const f = s.files.get(n);
      if (f && f.kind === type) return fileView(f);
      if (type !== "MediaImage") return null;
      for (const p of s.products.values()) {
        const m = p.media.find((x) => x.id === n);
        if (m) return productMediaView(m);
      }
      return null;
    }
    case "BulkOperation": {
      const o = s.bulkOperations.get(n);
      return o ? bulkOperationView(o) : null;
    }
    default:
      return null;
  }
}
