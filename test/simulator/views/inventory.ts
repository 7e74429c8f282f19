// Inventory items and their levels at locations.
import { gid, iso, parseGid } from "../state/ids-and-formats";
import { isQuantityName, type LevelRecord, type QuantityName } from "../state/inventory";
import type { InventoryItemRecord } from "../state/products";
import { variantView } from "./products";
import { type Args, connection, type PageArgs, type View, type ViewContext } from "./shared";
import { locationView } from "./shop";

export function itemView(ctx: ViewContext, item: InventoryItemRecord): View {
  return {
    __typename: "InventoryItem",
    id: gid("InventoryItem", item.id),
    legacyResourceId: String(item.id),
    sku: item.sku,
    tracked: item.tracked,
    requiresShipping: item.requiresShipping,
    unitCost: item.unitCost === null ? null : { amount: item.unitCost, currencyCode: ctx.shop.currencyCode },
    createdAt: iso(item.createdAt),
    updatedAt: iso(item.updatedAt),
    get duplicateSkuCount() {
      return item.sku === null
        ? 0
        : [...ctx.shop.items.values()].filter((i) => i.id !== item.id && i.sku === item.sku).length;
    },
    countryCodeOfOrigin: null,
    harmonizedSystemCode: null,
    provinceCodeOfOrigin: null,
    inventoryHistoryUrl: `https://admin.shopify.com/store/${ctx.shop.domain.replace(/\.myshopify\.com$/, "")}/products/inventory/${item.id}/inventory_history`,
    get variant() {
      const v = ctx.shop.variants.get(item.variantId);
      return v ? variantView(ctx, v) : null;
    },
    inventoryLevel(args: Args) {
      const locationId = parseGid(String(args.locationId), "Location");
      const level = locationId === null ? undefined : ctx.sim.level(ctx.shop, item.id, locationId);
      return level ? levelView(ctx, level) : null;
    },
    inventoryLevels(args: PageArgs) {
      const list = levelsOfItem(ctx, item.id);
      return connection(
        list,
        args,
        (lv) => `${lv.itemId}-${lv.locationId}`,
        (lv) => levelView(ctx, lv),
      );
    },
    get locationsCount() {
      return { count: levelsOfItem(ctx, item.id).length, precision: "EXACT" };
    },
  };
}

/** The item's levels, by location order: looked up by key, not by scanning every level of the shop. */
function levelsOfItem(ctx: ViewContext, itemId: number): LevelRecord[] {
  return [...ctx.shop.locations.keys()].flatMap((locationId) => {
    const level = ctx.sim.level(ctx.shop, itemId, locationId);
    return level ? [level] : [];
  });
}

export function levelGid(level: LevelRecord): string {
  return `${gid("InventoryLevel", level.locationId)}?inventory_item_id=${level.itemId}`;
}

export function levelView(ctx: ViewContext, level: LevelRecord): View {
  return {
    __typename: "InventoryLevel",
    id: levelGid(level),
    isActive: true,
    canDeactivate: true,
    deactivationAlert: null,
    createdAt: iso(level.createdAt),
    updatedAt: iso(level.updatedAt),
    get item() {
      const item = ctx.shop.items.get(level.itemId);
      return item ? itemView(ctx, item) : null;
    },
    get location() {
      const l = ctx.shop.locations.get(level.locationId);
      return l ? locationView(ctx, l) : null;
    },
    quantities(args: Args) {
      const names = (args.names as string[]).filter(isQuantityName) as QuantityName[];
      return names.map((name) => ({
        __typename: "InventoryQuantity",
        id: `gid://shopify/InventoryQuantity/${level.locationId}?inventory_item_id=${level.itemId}&name=${name}`,
        name,
        quantity: ctx.sim.quantity(level, name),
        updatedAt: iso(level.updatedAt),
      }));
    },
  };
}
