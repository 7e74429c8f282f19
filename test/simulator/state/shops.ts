// Shops and their locations: everything else a shop holds hangs off ShopData.
import type { BulkOperationRecord } from "./bulk-operations";
import type { FileRecord, StagedUploadRecord } from "./files";
import { gid, normalizeShopDomain, parseGid, SimulatorError } from "./ids-and-formats";
import type { HistoryEntry, LevelRecord } from "./inventory";
import type {
  MetafieldDefinitionRecord,
  MetafieldRecord,
  MetaobjectDefinitionRecord,
  MetaobjectRecord,
} from "./metafields";
import type { OrderRecord } from "./orders";
import type { CollectionRecord, InventoryItemRecord, ProductRecord, VariantRecord } from "./products";
import type { SimulatorState } from "./simulator-state";

export type Plan = "standard" | "advanced" | "plus";

export interface LocationRecord {
  id: number;
  name: string;
  isActive: boolean;
  createdAt: number;
  updatedAt: number;
  deactivatedAt: number | null;
}

export interface ShopData {
  domain: string;
  id: number;
  name: string;
  /** Shop.contactEmail: the address customers write to (default owner@<domain>). */
  contactEmail: string;
  /** Shop.shopAddress, the address "as it will appear to buyers" (phone in E.164). */
  address: ShopAddressRecord;
  /** Shop.primaryDomain's host (default the myshopify domain). */
  primaryHost: string;
  currencyCode: string;
  plan: Plan;
  installed: boolean;
  /** The Shopify user who owns the shop: the one online token exchanges call `account_owner`. */
  accountOwnerId: number;
  locations: Map<number, LocationRecord>;
  products: Map<number, ProductRecord>;
  /** Manual collections, by id; products name theirs in `collectionIds`. */
  collections: Map<number, CollectionRecord>;
  variants: Map<number, VariantRecord>;
  items: Map<number, InventoryItemRecord>;
  levels: Map<string, LevelRecord>;
  history: HistoryEntry[];
  metafields: Map<string, MetafieldRecord>;
  metafieldDefinitions: MetafieldDefinitionRecord[];
  metaobjectDefinitions: Map<string, MetaobjectDefinitionRecord>;
  metaobjects: Map<number, MetaobjectRecord>;
  stagedUploads: Map<string, StagedUploadRecord>;
  files: Map<number, FileRecord>;
  orders: Map<number, OrderRecord>;
  bulkOperations: Map<number, BulkOperationRecord>;
  /** Result files of bulk operations, by the token in their download URL. */
  bulkResults: Map<string, string>;
  /** idempotency key -> what the first call with that key answered */
  idempotency: Map<string, { fingerprint: string; result: unknown }>;
  requestCounts: Map<string, number>;
  nextOrderNumber: number;
}

export interface ShopAddressRecord {
  address1: string | null;
  city: string | null;
  zip: string | null;
  countryCode: string | null;
  phone: string | null;
}

export interface SeedLocation {
  name: string;
  /** false: a deactivated location (default true). */
  active?: boolean;
}
export interface SeedShop {
  domain: string;
  name?: string;
  contactEmail?: string;
  address?: Partial<ShopAddressRecord>;
  primaryHost?: string;
  currencyCode?: string;
  plan?: Plan;
  locations?: SeedLocation[];
  /** The shop owner's user id (default DEFAULT_ACCOUNT_OWNER_ID). */
  accountOwnerId?: number;
}

/** The user Loupe's demo and tests sign session tokens for unless they name another. */
export const DEFAULT_ACCOUNT_OWNER_ID = 9001;

/** Test API: a shop with the app installed, and the named locations it lacks (at least one). */
export function seedShop(
  sim: SimulatorState,
  seed: SeedShop,
): { domain: string; locations: { id: string; name: string }[] } {
  const domain = normalizeShopDomain(seed.domain);
  let shop = sim.shops.get(domain);
  if (!shop) {
    shop = {
      domain,
      id: sim.id(),
      name: seed.name ?? domain.replace(/\.myshopify\.com$/, ""),
      contactEmail: seed.contactEmail ?? `owner@${domain}`,
      address: { address1: null, city: null, zip: null, countryCode: null, phone: null, ...seed.address },
      primaryHost: seed.primaryHost ?? domain,
      currencyCode: seed.currencyCode ?? "EUR",
      plan: seed.plan ?? sim.defaultPlan,
      installed: true,
      accountOwnerId: seed.accountOwnerId ?? DEFAULT_ACCOUNT_OWNER_ID,
      locations: new Map(),
      products: new Map(),
      variants: new Map(),
      items: new Map(),
      levels: new Map(),
      history: [],
      metafields: new Map(),
      metafieldDefinitions: [],
      metaobjectDefinitions: new Map(),
      metaobjects: new Map(),
      stagedUploads: new Map(),
      files: new Map(),
      orders: new Map(),
      bulkOperations: new Map(),
      bulkResults: new Map(),
      collections: new Map(),
      idempotency: new Map(),
      requestCounts: new Map(),
      nextOrderNumber: 1001,
    };
    sim.shops.set(domain, shop);
  }
  for (const location of seed.locations ?? []) {
    const exists = [...shop.locations.values()].some((l) => l.name === location.name);
    if (!exists) {
      const id = sim.id();
      const active = location.active ?? true;
      const now = sim.now();
      shop.locations.set(id, {
        id,
        name: location.name,
        isActive: active,
        createdAt: now,
        updatedAt: now,
        deactivatedAt: active ? null : now,
      });
    }
  }
  if (shop.locations.size === 0) {
    const id = sim.id();
    const now = sim.now();
    shop.locations.set(id, {
      id,
      name: "Shop location",
      isActive: true,
      createdAt: now,
      updatedAt: now,
      deactivatedAt: null,
    });
  }
  return {
    domain,
    locations: [...shop.locations.values()].map((l) => ({ id: gid("Location", l.id), name: l.name })),
  };
}

/** Test API: the shop's details changed in Shopify's settings (Shopify then sends shop/update). */
export function updateShopDetails(
  sim: SimulatorState,
  input: { shop: string; name?: string; contactEmail?: string; address?: Partial<ShopAddressRecord> },
): void {
  const shop = sim.shop(input.shop);
  if (input.name !== undefined) shop.name = input.name;
  if (input.contactEmail !== undefined) shop.contactEmail = input.contactEmail;
  if (input.address) shop.address = { ...shop.address, ...input.address };
  // The REST-shaped payload Shopify sends for shop/update (the fields Loupe could use).
  sim.emit(shop.domain, "shop/update", {
    id: shop.id,
    name: shop.name,
    email: `owner@${shop.domain}`,
    customer_email: shop.contactEmail,
    domain: shop.primaryHost,
    myshopify_domain: shop.domain,
    phone: shop.address.phone,
    city: shop.address.city,
    currency: shop.currencyCode,
  });
}

/** A location by gid or by name. */
export function locationId(shop: ShopData, ref: string): number {
  const byGid = parseGid(ref, "Location");
  if (byGid !== null && shop.locations.has(byGid)) return byGid;
  const byName = [...shop.locations.values()].find((l) => l.name === ref);
  if (byName) return byName.id;
  throw new SimulatorError(`Unknown location ${ref} in ${shop.domain}`, 404);
}

/** Test API: the Admin API root fields each shop was asked for, and how often. */
export function requestCounts(sim: SimulatorState, input: { shop: string }): Record<string, number> {
  return Object.fromEntries(sim.shop(input.shop).requestCounts);
}

/** Test API: the merchant uninstalls the app (its tokens are revoked by the caller). */
export function uninstallApp(sim: SimulatorState, input: { shop: string }): { shop: string } {
  const shop = sim.shop(input.shop);
  shop.installed = false;
  sim.emit(shop.domain, "app/uninstalled", {
    id: shop.id,
    name: shop.name,
    domain: shop.domain,
    myshopify_domain: shop.domain,
    currency: shop.currencyCode,
    plan_name: shop.plan,
  });
  return { shop: shop.domain };
}
