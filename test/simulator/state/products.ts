// Products, their variants, the inventory item each variant has, and product media.
import { gid, handleize, iso, money, parseGid, SimulatorError } from "./ids-and-formats";
import type { ShopData } from "./shops";
import type { SimulatorState } from "./simulator-state";

export interface ProductRecord {
  id: number;
  title: string;
  handle: string;
  status: "ACTIVE" | "ARCHIVED" | "DRAFT" | "UNLISTED";
  vendor: string;
  productType: string;
  descriptionHtml: string;
  tags: string[];
  variantIds: number[];
  /** The manual collections the product is in (ShopData.collections). */
  collectionIds: number[];
  /** Product media (images only): what Product.media answers, in position order. */
  media: MediaImageRecord[];
  createdAt: number;
  updatedAt: number;
}
export interface CollectionRecord {
  id: number;
  title: string;
  handle: string;
  updatedAt: number;
}
export interface MediaImageRecord {
  id: number;
  url: string;
  alt: string | null;
  width: number | null;
  height: number | null;
  createdAt: number;
}
export interface VariantRecord {
  id: number;
  productId: number;
  title: string;
  price: string;
  compareAtPrice: string | null;
  barcode: string | null;
  inventoryPolicy: "DENY" | "CONTINUE";
  itemId: number;
  createdAt: number;
  updatedAt: number;
}
export interface InventoryItemRecord {
  id: number;
  variantId: number;
  sku: string | null;
  tracked: boolean;
  requiresShipping: boolean;
  unitCost: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface SeedVariant {
  sku?: string | null;
  price?: string | number;
  barcode?: string | null;
  title?: string;
  tracked?: boolean;
  /** location gid or location name -> available quantity */
  inventory?: Record<string, number>;
}
export interface SeedProduct {
  shop: string;
  title: string;
  status?: ProductRecord["status"];
  vendor?: string;
  productType?: string;
  tags?: string[];
  /** Titles of manual collections the product is in (created on first use). */
  collections?: string[];
  variants?: SeedVariant[];
}
export interface NewProduct {
  title: string;
  status?: ProductRecord["status"];
  vendor?: string;
  productType?: string;
  tags?: string[];
  handle?: string;
  descriptionHtml?: string;
}
export interface NewVariant {
  title?: string;
  sku?: string | null;
  price?: string | number;
  barcode?: string | null;
  tracked?: boolean;
  compareAtPrice?: string | null;
  inventoryPolicy?: "DENY" | "CONTINUE";
}
export interface ProductImage {
  shop: string;
  productId: string;
  url: string;
  alt?: string | null;
  width?: number;
  height?: number;
}

export function createProduct(sim: SimulatorState, shop: ShopData, input: NewProduct): ProductRecord {
  const at = sim.now();
  const product: ProductRecord = {
    id: sim.id(),
    title: input.title,
    handle: uniqueHandle(shop, handleize(input.handle ?? input.title)),
    status: input.status ?? "ACTIVE",
    vendor: input.vendor ?? shop.name,
    productType: input.productType ?? "",
    descriptionHtml: input.descriptionHtml ?? "",
    tags: input.tags ?? [],
    variantIds: [],
    collectionIds: [],
    media: [],
    createdAt: at,
    updatedAt: at,
  };
  shop.products.set(product.id, product);
  return product;
}

function uniqueHandle(shop: ShopData, base: string): string {
  const taken = new Set([...shop.products.values()].map((p) => p.handle));
  if (!taken.has(base)) return base;
  for (let n = 1; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** A variant with its own inventory item, stocked nowhere yet. */
export function addVariant(
  sim: SimulatorState,
  shop: ShopData,
  product: ProductRecord,
  input: NewVariant,
): VariantRecord {
  const at = sim.now();
  const itemId = sim.id();
  const variant: VariantRecord = {
    id: sim.id(),
    productId: product.id,
    title: input.title ?? "Default Title",
    price: money(input.price ?? "0"),
    compareAtPrice: input.compareAtPrice == null ? null : money(input.compareAtPrice),
    barcode: input.barcode ?? null,
    inventoryPolicy: input.inventoryPolicy ?? "DENY",
    itemId,
    createdAt: at,
    updatedAt: at,
  };
  shop.items.set(itemId, {
    id: itemId,
    variantId: variant.id,
    sku: input.sku ?? null,
    tracked: input.tracked ?? true,
    requiresShipping: true,
    unitCost: null,
    createdAt: at,
    updatedAt: at,
  });
  shop.variants.set(variant.id, variant);
  product.variantIds.push(variant.id);
  product.updatedAt = at;
  return variant;
}

/** Removes the variant with its inventory item and that item's levels. */
export function removeVariant(shop: ShopData, variant: VariantRecord): void {
  shop.variants.delete(variant.id);
  shop.items.delete(variant.itemId);
  for (const key of [...shop.levels.keys()]) if (key.startsWith(`${variant.itemId}:`)) shop.levels.delete(key);
  const product = shop.products.get(variant.productId);
  if (product) product.variantIds = product.variantIds.filter((id) => id !== variant.id);
}

export function deleteProduct(sim: SimulatorState, shop: ShopData, product: ProductRecord): void {
  for (const variantId of [...product.variantIds]) {
    const variant = shop.variants.get(variantId);
    if (variant) sim.removeVariant(shop, variant);
  }
  shop.products.delete(product.id);
  sim.emit(shop.domain, "products/delete", { id: product.id });
}

/** Test API: a product with variants and stock, as a merchant would have set it up. */
export function seedProduct(
  sim: SimulatorState,
  seed: SeedProduct,
): {
  productId: string;
  variants: { variantId: string; inventoryItemId: string; sku: string | null }[];
} {
  const shop = sim.shop(seed.shop);
  const product = sim.createProduct(shop, seed);
  for (const title of seed.collections ?? []) product.collectionIds.push(collectionNamed(sim, shop, title).id);
  const variants = seed.variants && seed.variants.length > 0 ? seed.variants : [{}];
  const out: { variantId: string; inventoryItemId: string; sku: string | null }[] = [];
  variants.forEach((v, index) => {
    const variant = sim.addVariant(shop, product, {
      title: v.title ?? (variants.length === 1 ? "Default Title" : `Variant ${index + 1}`),
      sku: v.sku ?? null,
      price: v.price ?? "0",
      barcode: v.barcode ?? null,
      tracked: v.tracked ?? true,
    });
    for (const [locationRef, available] of Object.entries(v.inventory ?? {})) {
      const locationId = sim.locationId(shop, locationRef);
      const level = sim.activate(shop, variant.itemId, locationId);
      level.quantities.available = available;
    }
    out.push({
      variantId: gid("ProductVariant", variant.id),
      inventoryItemId: gid("InventoryItem", variant.itemId),
      sku: v.sku ?? null,
    });
  });
  sim.emit(shop.domain, "products/create", sim.productPayload(shop, product));
  return { productId: gid("Product", product.id), variants: out };
}

/** The shop's manual collection with this title, made on first use. */
export function collectionNamed(sim: SimulatorState, shop: ShopData, title: string): CollectionRecord {
  for (const c of shop.collections.values()) if (c.title === title) return c;
  const taken = new Set([...shop.collections.values()].map((c) => c.handle));
  let handle = handleize(title);
  for (let n = 1; taken.has(handle); n++) handle = `${handleize(title)}-${n}`;
  const created: CollectionRecord = { id: sim.id(), title, handle, updatedAt: sim.now() };
  shop.collections.set(created.id, created);
  return created;
}

/** Test API: an image in the product's media, as a merchant would upload it in the admin. */
export function attachProductImage(sim: SimulatorState, input: ProductImage): { mediaId: string; url: string } {
  const shop = sim.shop(input.shop);
  const productId = parseGid(input.productId, "Product");
  const product = productId === null ? undefined : shop.products.get(productId);
  if (!product) throw new SimulatorError(`Unknown product ${input.productId}`, 404);
  if (!/^https?:\/\//.test(input.url)) throw new SimulatorError("Image url must be http(s)");
  const media: MediaImageRecord = {
    id: sim.id(),
    url: input.url,
    alt: input.alt ?? null,
    width: input.width ?? null,
    height: input.height ?? null,
    createdAt: sim.now(),
  };
  product.media.push(media);
  product.updatedAt = sim.now();
  return { mediaId: gid("MediaImage", media.id), url: media.url };
}

/** The body of the products/create and products/update webhooks. */
export function productPayload(shop: ShopData, product: ProductRecord): Record<string, unknown> {
  return {
    id: product.id,
    admin_graphql_api_id: gid("Product", product.id),
    title: product.title,
    handle: product.handle,
    status: product.status.toLowerCase(),
    vendor: product.vendor,
    product_type: product.productType,
    tags: product.tags.join(", "),
    created_at: iso(product.createdAt),
    updated_at: iso(product.updatedAt),
    variants: product.variantIds.flatMap((id) => {
      const v = shop.variants.get(id);
      if (!v) return [];
      const item = shop.items.get(v.itemId);
      return [
        {
          id: v.id,
          admin_graphql_api_id: gid("ProductVariant", v.id),
          product_id: product.id,
          title: v.title,
          sku: item?.sku ?? null,
          price: v.price,
          barcode: v.barcode,
          inventory_item_id: v.itemId,
          inventory_quantity: variantInventoryQuantity(shop, v),
        },
      ];
    }),
  };
}

/** The variant's `available` summed over its locations, as Shopify's inventoryQuantity. */
export function variantInventoryQuantity(shop: ShopData, variant: VariantRecord): number {
  let total = 0;
  // By key per location, not a scan of every level: seeding a large catalogue calls this per product.
  for (const locationId of shop.locations.keys())
    total += shop.levels.get(`${variant.itemId}:${locationId}`)?.quantities.available ?? 0;
  return total;
}
