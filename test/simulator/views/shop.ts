// The shop and its locations.
import { gid, iso, parseGid } from "../state/ids-and-formats";
import type { LocationRecord } from "../state/shops";
import { levelView } from "./inventory";
import { metafieldMembers } from "./metafields";
import { type Args, connection, type PageArgs, type View, type ViewContext } from "./shared";

export function shopView(ctx: ViewContext): View {
  const s = ctx.shop;
  return {
    __typename: "Shop",
    id: gid("Shop", s.id),
    name: s.name,
    myshopifyDomain: s.domain,
    email: `owner@${s.domain}`,
    contactEmail: s.contactEmail,
    shopAddress: {
      __typename: "ShopAddress",
      id: gid("ShopAddress", s.id),
      address1: s.address.address1,
      address2: null,
      city: s.address.city,
      zip: s.address.zip,
      countryCodeV2: s.address.countryCode,
      phone: s.address.phone,
      coordinatesValidated: false,
    },
    currencyCode: s.currencyCode,
    enabledPresentmentCurrencies: [s.currencyCode],
    ianaTimezone: "Europe/Paris",
    timezoneAbbreviation: "CET",
    weightUnit: "GRAMS",
    url: `https://${s.primaryHost}`,
    description: null,
    primaryDomain: {
      __typename: "Domain",
      id: gid("Domain", s.id),
      host: s.primaryHost,
      url: `https://${s.primaryHost}`,
      sslEnabled: true,
    },
    plan: {
      displayName: s.plan === "plus" ? "Shopify Plus" : s.plan === "advanced" ? "Advanced" : "Basic",
      publicDisplayName: s.plan === "plus" ? "Shopify Plus" : s.plan === "advanced" ? "Advanced" : "Basic",
      partnerDevelopment: false,
      shopifyPlus: s.plan === "plus",
    },
    ...metafieldMembers(ctx, gid("Shop", s.id)),
  };
}

export function locationView(ctx: ViewContext, l: LocationRecord): View {
  return {
    __typename: "Location",
    id: gid("Location", l.id),
    legacyResourceId: String(l.id),
    name: l.name,
    isActive: l.isActive,
    activatable: true,
    deactivatable: true,
    deletable: !l.isActive,
    fulfillsOnlineOrders: true,
    // A getter: a bulk query reads a location per inventory level, and this scans every level.
    get hasActiveInventory() {
      for (const lv of ctx.shop.levels.values()) if (lv.locationId === l.id) return true;
      return false;
    },
    shipsInventory: true,
    isFulfillmentService: false,
    createdAt: iso(l.createdAt),
    updatedAt: iso(l.updatedAt),
    deactivatedAt: l.deactivatedAt === null ? null : iso(l.deactivatedAt),
    inventoryLevel(args: Args) {
      const itemId = parseGid(String(args.inventoryItemId), "InventoryItem");
      const level = itemId === null ? undefined : ctx.sim.level(ctx.shop, itemId, l.id);
      return level ? levelView(ctx, level) : null;
    },
    inventoryLevels(args: PageArgs) {
      const list = [...ctx.shop.levels.values()].filter((lv) => lv.locationId === l.id);
      return connection(
        list,
        args,
        (lv) => `${lv.itemId}-${lv.locationId}`,
        (lv) => levelView(ctx, lv),
      );
    },
    ...metafieldMembers(ctx, gid("Location", l.id)),
  };
}
