import Decimal from "decimal.js";

export type Plan = "standard" | "advanced" | "plus";
export interface Clock {
  now(): number;
}

export const QUANTITY_NAMES = [
  "available",
  "on_hand",
  "committed",
  "reserved",
  "damaged",
  "safety_stock",
  "quality_control",
  "incoming",
] as const;
export type QuantityName = (typeof QUANTITY_NAMES)[number];
// on_hand is derived (Shopify defines it as the sum of the states an item can physically be in),
// so it is never stored: storing it too would let the two drift apart.
type StoredName = Exclude<QuantityName, "on_hand">;

export function isQuantityName(name: string): name is QuantityName {
  return (QUANTITY_NAMES as readonly string[]).includes(name);
}

export interface LocationRecord {
  id: number;
  name: string;
  isActive: boolean;
  createdAt: number;
}
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
  /** Product media (images only): what Product.media answers, in position order. */
  media: MediaImageRecord[];
  createdAt: number;
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
export interface LevelRecord {
  itemId: number;
  locationId: number;
  quantities: Record<StoredName, number>;
  createdAt: number;
  updatedAt: number;
}
export interface HistoryEntry {
  at: number;
  inventoryItemId: string;
  locationId: string;
  name: QuantityName;
  delta: number;
  quantityAfterChange: number;
  reason: string;
  referenceDocumentUri: string | null;
  ledgerDocumentUri: string | null;
  source: string;
  idempotencyKey: string | null;
}
export interface MetafieldRecord {
  id: number;
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: number;
  updatedAt: number;
}
export interface MetafieldDefinitionRecord {
  id: number;
  namespace: string;
  key: string;
  name: string;
  type: string;
  ownerType: string;
  description: string | null;
}
export interface MetaobjectFieldDefinitionRecord {
  key: string;
  name: string;
  type: string;
  required: boolean;
  description: string | null;
}
export interface MetaobjectDefinitionRecord {
  id: number;
  type: string;
  name: string;
  description: string | null;
  displayNameKey: string | null;
  fieldDefinitions: MetaobjectFieldDefinitionRecord[];
  createdAt: number;
  updatedAt: number;
}
export interface MetaobjectRecord {
  id: number;
  type: string;
  handle: string;
  fields: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}
export interface StagedUploadRecord {
  token: string;
  filename: string;
  mimeType: string;
  resourceUrl: string;
  /** StagedUploadTargetGenerateUploadResource (FILE, IMAGE, BULK_MUTATION_VARIABLES…). */
  resource: string;
  /** The `key` form parameter: for BULK_MUTATION_VARIABLES it is the `stagedUploadPath`. */
  key: string;
  body: Buffer | null;
}
export type BulkOperationStatus = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELING" | "CANCELED" | "EXPIRED";
export interface BulkOperationRecord {
  id: number;
  type: "MUTATION" | "QUERY";
  status: BulkOperationStatus;
  errorCode: "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT" | null;
  query: string;
  clientIdentifier: string | null;
  stagedUploadPath: string;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  url: string | null;
  partialDataUrl: string | null;
  createdAt: number;
  completedAt: number | null;
}
export interface FileRecord {
  id: number;
  kind: "GenericFile" | "MediaImage";
  filename: string;
  mimeType: string;
  url: string;
  alt: string | null;
  size: number;
  createdAt: number;
}
export interface OrderLineRecord {
  id: number;
  variantId: number;
  productId: number;
  sku: string | null;
  title: string;
  quantity: number;
  price: string;
  fulfilledQuantity: number;
  refundedQuantity: number;
}
export interface RefundRecord {
  id: number;
  createdAt: number;
  note: string | null;
  lines: {
    id: number;
    lineItemId: number;
    quantity: number;
    restockType: "return" | "cancel" | "no_restock";
    locationId: number | null;
  }[];
}
export interface OrderRecord {
  id: number;
  number: number;
  name: string;
  email: string | null;
  locationId: number;
  currency: string;
  financialStatus: "paid" | "pending" | "refunded" | "partially_refunded" | "voided";
  fulfillmentStatus: "fulfilled" | "partial" | null;
  cancelledAt: number | null;
  cancelReason: string | null;
  lines: OrderLineRecord[];
  refunds: RefundRecord[];
  createdAt: number;
  updatedAt: number;
}

export interface ShopData {
  domain: string;
  id: number;
  name: string;
  currencyCode: string;
  plan: Plan;
  installed: boolean;
  locations: Map<number, LocationRecord>;
  products: Map<number, ProductRecord>;
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

export type WebhookEmitter = (shop: string, topic: string, payload: unknown) => void;

export class SimulatorError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

export function parseGid(value: string, type: string): number | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?.*)?$/.exec(value);
  if (!match || match[1] !== type) return null;
  return Number(match[2]);
}

export function money(value: string | number): string {
  return new Decimal(value).toFixed(2);
}

export function levelKey(itemId: number, locationId: number): string {
  return `${itemId}:${locationId}`;
}

export function handleize(title: string): string {
  return (
    title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "product"
  );
}

export interface SeedLocation {
  name: string;
}
export interface SeedShop {
  domain: string;
  name?: string;
  currencyCode?: string;
  plan?: Plan;
  locations?: SeedLocation[];
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
  variants?: SeedVariant[];
}

export interface InventoryChangeMeta {
  reason: string;
  referenceDocumentUri: string | null;
  ledgerDocumentUri?: string | null;
  source: string;
  idempotencyKey?: string | null;
}

/**
 * The simulator's whole world: shops and everything in them. GraphQL resolvers and the test
 * API both change it through these methods, so both follow the same inventory rules.
 */
export class SimulatorState {
  readonly shops = new Map<string, ShopData>();
  private nextId = 1_000_001;
  emit: WebhookEmitter = () => {};

  constructor(
    readonly clock: Clock,
    readonly defaultPlan: Plan,
    readonly appId: number,
  ) {}

  id(): number {
    return this.nextId++;
  }

  now(): number {
    return this.clock.now();
  }

  // ---------------------------------------------------------------- shops and locations

  seedShop(seed: SeedShop): { domain: string; locations: { id: string; name: string }[] } {
    const domain = normalizeShopDomain(seed.domain);
    let shop = this.shops.get(domain);
    if (!shop) {
      shop = {
        domain,
        id: this.id(),
        name: seed.name ?? domain.replace(/\.myshopify\.com$/, ""),
        currencyCode: seed.currencyCode ?? "EUR",
        plan: seed.plan ?? this.defaultPlan,
        installed: true,
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
        idempotency: new Map(),
        requestCounts: new Map(),
        nextOrderNumber: 1001,
      };
      this.shops.set(domain, shop);
    }
    for (const location of seed.locations ?? []) {
      const exists = [...shop.locations.values()].some((l) => l.name === location.name);
      if (!exists) {
        const id = this.id();
        shop.locations.set(id, { id, name: location.name, isActive: true, createdAt: this.now() });
      }
    }
    if (shop.locations.size === 0) {
      const id = this.id();
      shop.locations.set(id, { id, name: "Shop location", isActive: true, createdAt: this.now() });
    }
    return {
      domain,
      locations: [...shop.locations.values()].map((l) => ({ id: gid("Location", l.id), name: l.name })),
    };
  }

  shop(domain: string): ShopData {
    const shop = this.shops.get(normalizeShopDomain(domain));
    if (!shop) throw new SimulatorError(`Unknown shop ${domain}: seed it first`, 404);
    return shop;
  }

  findShop(domain: string): ShopData | undefined {
    return this.shops.get(normalizeShopDomain(domain));
  }

  locationId(shop: ShopData, ref: string): number {
    const byGid = parseGid(ref, "Location");
    if (byGid !== null && shop.locations.has(byGid)) return byGid;
    const byName = [...shop.locations.values()].find((l) => l.name === ref);
    if (byName) return byName.id;
    throw new SimulatorError(`Unknown location ${ref} in ${shop.domain}`, 404);
  }

  // ---------------------------------------------------------------- products

  createProduct(
    shop: ShopData,
    input: {
      title: string;
      status?: ProductRecord["status"];
      vendor?: string;
      productType?: string;
      tags?: string[];
      handle?: string;
      descriptionHtml?: string;
    },
  ): ProductRecord {
    const at = this.now();
    const product: ProductRecord = {
      id: this.id(),
      title: input.title,
      handle: this.uniqueHandle(shop, handleize(input.handle ?? input.title)),
      status: input.status ?? "ACTIVE",
      vendor: input.vendor ?? shop.name,
      productType: input.productType ?? "",
      descriptionHtml: input.descriptionHtml ?? "",
      tags: input.tags ?? [],
      variantIds: [],
      media: [],
      createdAt: at,
      updatedAt: at,
    };
    shop.products.set(product.id, product);
    return product;
  }

  private uniqueHandle(shop: ShopData, base: string): string {
    const taken = new Set([...shop.products.values()].map((p) => p.handle));
    if (!taken.has(base)) return base;
    for (let n = 1; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  addVariant(
    shop: ShopData,
    product: ProductRecord,
    input: {
      title?: string;
      sku?: string | null;
      price?: string | number;
      barcode?: string | null;
      tracked?: boolean;
      compareAtPrice?: string | null;
      inventoryPolicy?: "DENY" | "CONTINUE";
    },
  ): VariantRecord {
    const at = this.now();
    const itemId = this.id();
    const variant: VariantRecord = {
      id: this.id(),
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

  removeVariant(shop: ShopData, variant: VariantRecord): void {
    shop.variants.delete(variant.id);
    shop.items.delete(variant.itemId);
    for (const key of [...shop.levels.keys()]) if (key.startsWith(`${variant.itemId}:`)) shop.levels.delete(key);
    const product = shop.products.get(variant.productId);
    if (product) product.variantIds = product.variantIds.filter((id) => id !== variant.id);
  }

  deleteProduct(shop: ShopData, product: ProductRecord): void {
    for (const variantId of [...product.variantIds]) {
      const variant = shop.variants.get(variantId);
      if (variant) this.removeVariant(shop, variant);
    }
    shop.products.delete(product.id);
    this.emit(shop.domain, "products/delete", { id: product.id });
  }

  /** Test API: a product with variants and stock, as a merchant would have set it up. */
  seedProduct(seed: SeedProduct): {
    productId: string;
    variants: { variantId: string; inventoryItemId: string; sku: string | null }[];
  } {
    const shop = this.shop(seed.shop);
    const product = this.createProduct(shop, seed);
    const variants = seed.variants && seed.variants.length > 0 ? seed.variants : [{}];
    const out: { variantId: string; inventoryItemId: string; sku: string | null }[] = [];
    variants.forEach((v, index) => {
      const variant = this.addVariant(shop, product, {
        title: v.title ?? (variants.length === 1 ? "Default Title" : `Variant ${index + 1}`),
        sku: v.sku ?? null,
        price: v.price ?? "0",
        barcode: v.barcode ?? null,
        tracked: v.tracked ?? true,
      });
      for (const [locationRef, available] of Object.entries(v.inventory ?? {})) {
        const locationId = this.locationId(shop, locationRef);
        const level = this.activate(shop, variant.itemId, locationId);
        level.quantities.available = available;
      }
      out.push({
        variantId: gid("ProductVariant", variant.id),
        inventoryItemId: gid("InventoryItem", variant.itemId),
        sku: v.sku ?? null,
      });
    });
    this.emit(shop.domain, "products/create", this.productPayload(shop, product));
    return { productId: gid("Product", product.id), variants: out };
  }

  /** Test API: an image in the product's media, as a merchant would upload it in the admin. */
  attachProductImage(input: {
    shop: string;
    productId: string;
    url: string;
    alt?: string | null;
    width?: number;
    height?: number;
  }): { mediaId: string; url: string } {
    const shop = this.shop(input.shop);
    const productId = parseGid(input.productId, "Product");
    const product = productId === null ? undefined : shop.products.get(productId);
    if (!product) throw new SimulatorError(`Unknown product ${input.productId}`, 404);
    if (!/^https?:\/\//.test(input.url)) throw new SimulatorError("Image url must be http(s)");
    const media: MediaImageRecord = {
      id: this.id(),
      url: input.url,
      alt: input.alt ?? null,
      width: input.width ?? null,
      height: input.height ?? null,
      createdAt: this.now(),
    };
    product.media.push(media);
    product.updatedAt = this.now();
    return { mediaId: gid("MediaImage", media.id), url: media.url };
  }

  productPayload(shop: ShopData, product: ProductRecord): Record<string, unknown> {
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
            inventory_quantity: this.variantInventoryQuantity(shop, v),
          },
        ];
      }),
    };
  }

  variantInventoryQuantity(shop: ShopData, variant: VariantRecord): number {
    let total = 0;
    for (const level of shop.levels.values()) if (level.itemId === variant.itemId) total += level.quantities.available;
    return total;
  }

  // ---------------------------------------------------------------- inventory

  level(shop: ShopData, itemId: number, locationId: number): LevelRecord | undefined {
    return shop.levels.get(levelKey(itemId, locationId));
  }

  activate(shop: ShopData, itemId: number, locationId: number): LevelRecord {
    const existing = this.level(shop, itemId, locationId);
    if (existing) return existing;
    const at = this.now();
    const level: LevelRecord = {
      itemId,
      locationId,
      quantities: {
        available: 0,
        committed: 0,
        reserved: 0,
        damaged: 0,
        safety_stock: 0,
        quality_control: 0,
        incoming: 0,
      },
      createdAt: at,
      updatedAt: at,
    };
    shop.levels.set(levelKey(itemId, locationId), level);
    return level;
  }

  quantity(level: LevelRecord, name: QuantityName): number {
    if (name === "on_hand") {
      const q = level.quantities;
      return q.available + q.committed + q.reserved + q.damaged + q.safety_stock + q.quality_control;
    }
    return level.quantities[name];
  }

  /** Applies one change and records it; changing on_hand moves `available` with it, as in Shopify. */
  applyDelta(
    shop: ShopData,
    level: LevelRecord,
    name: QuantityName,
    delta: number,
    meta: InventoryChangeMeta,
  ): HistoryEntry {
    const stored: StoredName = name === "on_hand" ? "available" : name;
    level.quantities[stored] += delta;
    level.updatedAt = this.now();
    const entry: HistoryEntry = {
      at: this.now(),
      inventoryItemId: gid("InventoryItem", level.itemId),
      locationId: gid("Location", level.locationId),
      name,
      delta,
      quantityAfterChange: this.quantity(level, name),
      reason: meta.reason,
      referenceDocumentUri: meta.referenceDocumentUri,
      ledgerDocumentUri: meta.ledgerDocumentUri ?? null,
      source: meta.source,
      idempotencyKey: meta.idempotencyKey ?? null,
    };
    shop.history.push(entry);
    return entry;
  }

  announceLevel(shop: ShopData, level: LevelRecord): void {
    this.emit(shop.domain, "inventory_levels/update", {
      inventory_item_id: level.itemId,
      location_id: level.locationId,
      available: level.quantities.available,
      updated_at: iso(level.updatedAt),
      admin_graphql_api_id: `${gid("InventoryLevel", level.locationId)}?inventory_item_id=${level.itemId}`,
    });
  }

  // ---------------------------------------------------------------- orders (test API)

  createOrder(input: {
    shop: string;
    location: string;
    lines: { variantId: string; quantity: number; price?: string | number }[];
    email?: string | null;
    paid?: boolean;
  }): { orderId: string; id: number; name: string } {
    const shop = this.shop(input.shop);
    const locationId = this.locationId(shop, input.location);
    const at = this.now();
    const lines: OrderLineRecord[] = input.lines.map((line) => {
      const variantId = parseGid(line.variantId, "ProductVariant");
      const variant = variantId === null ? undefined : shop.variants.get(variantId);
      if (!variant) throw new SimulatorError(`Unknown variant ${line.variantId}`, 404);
      if (!Number.isInteger(line.quantity) || line.quantity <= 0)
        throw new SimulatorError(`Quantity must be a positive integer`);
      const product = shop.products.get(variant.productId);
      return {
        id: this.id(),
        variantId: variant.id,
        productId: variant.productId,
        sku: shop.items.get(variant.itemId)?.sku ?? null,
        title: product?.title ?? "",
        quantity: line.quantity,
        price: money(line.price ?? variant.price),
        fulfilledQuantity: 0,
        refundedQuantity: 0,
      };
    });
    const number = shop.nextOrderNumber++;
    const order: OrderRecord = {
      id: this.id(),
      number,
      name: `#${number}`,
      email: input.email ?? null,
      locationId,
      currency: shop.currencyCode,
      financialStatus: input.paid === false ? "pending" : "paid",
      fulfillmentStatus: null,
      cancelledAt: null,
      cancelReason: null,
      lines,
      refunds: [],
      createdAt: at,
      updatedAt: at,
    };
    shop.orders.set(order.id, order);
    // A sale commits stock: available goes down, committed goes up, on_hand stays until fulfilment.
    const touched = new Set<LevelRecord>();
    for (const line of lines) {
      const item = shop.items.get(shop.variants.get(line.variantId)!.itemId)!;
      if (!item.tracked) continue;
      const level = this.activate(shop, item.id, locationId);
      const meta = { reason: "order", referenceDocumentUri: gid("Order", order.id), source: "order" };
      this.applyDelta(shop, level, "available", -line.quantity, meta);
      this.applyDelta(shop, level, "committed", line.quantity, meta);
      touched.add(level);
    }
    const payload = this.orderPayload(shop, order);
    this.emit(shop.domain, "orders/create", payload);
    if (order.financialStatus === "paid") this.emit(shop.domain, "orders/paid", payload);
    for (const level of touched) this.announceLevel(shop, level);
    return { orderId: gid("Order", order.id), id: order.id, name: order.name };
  }

  private order(shop: ShopData, ref: string | number): OrderRecord {
    const id = typeof ref === "number" ? ref : (parseGid(ref, "Order") ?? Number(ref));
    const order = shop.orders.get(id);
    if (!order) throw new SimulatorError(`Unknown order ${ref}`, 404);
    return order;
  }

  fulfillOrder(input: { shop: string; orderId: string | number }): { orderId: string } {
    const shop = this.shop(input.shop);
    const order = this.order(shop, input.orderId);
    if (order.cancelledAt !== null) throw new SimulatorError("Order is cancelled");
    for (const line of order.lines) {
      const open = line.quantity - line.fulfilledQuantity - line.refundedQuantity;
      if (open <= 0) continue;
      const item = shop.items.get(shop.variants.get(line.variantId)?.itemId ?? -1);
      if (item?.tracked) {
        const level = this.activate(shop, item.id, order.locationId);
        this.applyDelta(shop, level, "committed", -open, {
          reason: "fulfillment",
          referenceDocumentUri: gid("Order", order.id),
          source: "fulfillment",
        });
      }
      line.fulfilledQuantity += open;
    }
    order.fulfillmentStatus = "fulfilled";
    order.updatedAt = this.now();
    return { orderId: gid("Order", order.id) };
  }

  cancelOrder(input: { shop: string; orderId: string | number; restock?: boolean; reason?: string }): {
    orderId: string;
  } {
    const shop = this.shop(input.shop);
    const order = this.order(shop, input.orderId);
    if (order.cancelledAt !== null) throw new SimulatorError("Order is already cancelled");
    const touched = new Set<LevelRecord>();
    if (input.restock !== false) {
      for (const line of order.lines) {
        const open = line.quantity - line.fulfilledQuantity - line.refundedQuantity;
        if (open <= 0) continue;
        const item = shop.items.get(shop.variants.get(line.variantId)?.itemId ?? -1);
        if (!item?.tracked) continue;
        const level = this.activate(shop, item.id, order.locationId);
        const meta = { reason: "restock", referenceDocumentUri: gid("Order", order.id), source: "order_cancel" };
        this.applyDelta(shop, level, "committed", -open, meta);
        this.applyDelta(shop, level, "available", open, meta);
        touched.add(level);
      }
    }
    order.cancelledAt = this.now();
    order.cancelReason = input.reason ?? "customer";
    order.updatedAt = this.now();
    this.emit(shop.domain, "orders/cancelled", this.orderPayload(shop, order));
    for (const level of touched) this.announceLevel(shop, level);
    return { orderId: gid("Order", order.id) };
  }

  refundOrder(input: {
    shop: string;
    orderId: string | number;
    lines: { lineItemId: number; quantity: number; restock?: boolean }[];
    note?: string;
  }): { refundId: number } {
    const shop = this.shop(input.shop);
    const order = this.order(shop, input.orderId);
    const refund: RefundRecord = { id: this.id(), createdAt: this.now(), note: input.note ?? null, lines: [] };
    const touched = new Set<LevelRecord>();
    for (const requested of input.lines) {
      const line = order.lines.find((l) => l.id === requested.lineItemId);
      if (!line) throw new SimulatorError(`Unknown line item ${requested.lineItemId}`, 404);
      if (requested.quantity > line.quantity - line.refundedQuantity)
        throw new SimulatorError("Refund quantity exceeds what is left on the line");
      const unfulfilled = line.quantity - line.fulfilledQuantity - line.refundedQuantity;
      // Restocking an unfulfilled unit releases the commitment ("cancel"); a fulfilled one comes back on hand ("return").
      const restockType: RefundRecord["lines"][number]["restockType"] =
        requested.restock === false ? "no_restock" : unfulfilled >= requested.quantity ? "cancel" : "return";
      const item = shop.items.get(shop.variants.get(line.variantId)?.itemId ?? -1);
      if (item?.tracked) {
        const level = this.activate(shop, item.id, order.locationId);
        const meta = { reason: "restock", referenceDocumentUri: gid("Refund", refund.id), source: "refund" };
        if (restockType === "cancel") {
          this.applyDelta(shop, level, "committed", -requested.quantity, meta);
          this.applyDelta(shop, level, "available", requested.quantity, meta);
          touched.add(level);
        } else if (restockType === "return") {
          this.applyDelta(shop, level, "available", requested.quantity, meta);
          touched.add(level);
        } else if (unfulfilled >= requested.quantity) {
          // Not restocked and never shipped: the commitment goes away without coming back to available.
          this.applyDelta(shop, level, "committed", -requested.quantity, meta);
        }
      }
      line.refundedQuantity += requested.quantity;
      refund.lines.push({
        id: this.id(),
        lineItemId: line.id,
        quantity: requested.quantity,
        restockType,
        locationId: restockType === "no_restock" ? null : order.locationId,
      });
    }
    order.refunds.push(refund);
    order.financialStatus = order.lines.every((l) => l.refundedQuantity === l.quantity)
      ? "refunded"
      : "partially_refunded";
    order.updatedAt = this.now();
    this.emit(shop.domain, "refunds/create", this.refundPayload(shop, order, refund));
    for (const level of touched) this.announceLevel(shop, level);
    return { refundId: refund.id };
  }

  orderPayload(shop: ShopData, order: OrderRecord): Record<string, unknown> {
    const subtotal = order.lines.reduce((sum, l) => sum.plus(new Decimal(l.price).times(l.quantity)), new Decimal(0));
    return {
      id: order.id,
      admin_graphql_api_id: gid("Order", order.id),
      name: order.name,
      order_number: order.number,
      email: order.email,
      created_at: iso(order.createdAt),
      updated_at: iso(order.updatedAt),
      cancelled_at: order.cancelledAt === null ? null : iso(order.cancelledAt),
      cancel_reason: order.cancelledAt === null ? null : order.cancelReason,
      currency: order.currency,
      financial_status: order.financialStatus,
      fulfillment_status: order.fulfillmentStatus,
      location_id: order.locationId,
      subtotal_price: subtotal.toFixed(2),
      total_price: subtotal.toFixed(2),
      line_items: order.lines.map((l) => this.lineItemPayload(l)),
      refunds: order.refunds.map((r) => this.refundPayload(shop, order, r)),
    };
  }

  private lineItemPayload(line: OrderLineRecord): Record<string, unknown> {
    return {
      id: line.id,
      admin_graphql_api_id: gid("LineItem", line.id),
      variant_id: line.variantId,
      product_id: line.productId,
      sku: line.sku,
      title: line.title,
      name: line.title,
      quantity: line.quantity,
      price: line.price,
      fulfillable_quantity: Math.max(0, line.quantity - line.fulfilledQuantity - line.refundedQuantity),
      fulfillment_status: line.fulfilledQuantity >= line.quantity ? "fulfilled" : null,
    };
  }

  refundPayload(_shop: ShopData, order: OrderRecord, refund: RefundRecord): Record<string, unknown> {
    return {
      id: refund.id,
      admin_graphql_api_id: gid("Refund", refund.id),
      order_id: order.id,
      created_at: iso(refund.createdAt),
      processed_at: iso(refund.createdAt),
      note: refund.note,
      restock: refund.lines.some((l) => l.restockType !== "no_restock"),
      refund_line_items: refund.lines.map((l) => {
        const line = order.lines.find((x) => x.id === l.lineItemId)!;
        return {
          id: l.id,
          line_item_id: l.lineItemId,
          quantity: l.quantity,
          restock_type: l.restockType,
          location_id: l.locationId,
          subtotal: new Decimal(line.price).times(l.quantity).toFixed(2),
          line_item: this.lineItemPayload(line),
        };
      }),
      transactions: [],
    };
  }

  // ---------------------------------------------------------------- reads for tests

  inventoryLevels(input: { shop: string; inventoryItemId?: string }): {
    inventoryItemId: string;
    locationId: string;
    quantities: Record<QuantityName, number>;
  }[] {
    const shop = this.shop(input.shop);
    const itemId = input.inventoryItemId ? parseGid(input.inventoryItemId, "InventoryItem") : null;
    return [...shop.levels.values()]
      .filter((l) => itemId === null || l.itemId === itemId)
      .map((l) => ({
        inventoryItemId: gid("InventoryItem", l.itemId),
        locationId: gid("Location", l.locationId),
        quantities: Object.fromEntries(QUANTITY_NAMES.map((n) => [n, this.quantity(l, n)])) as Record<
          QuantityName,
          number
        >,
      }));
  }

  inventoryHistory(input: { shop: string }): HistoryEntry[] {
    return [...this.shop(input.shop).history];
  }

  metafields(input: { shop: string; ownerId?: string }): MetafieldRecord[] {
    return [...this.shop(input.shop).metafields.values()].filter((m) => !input.ownerId || m.ownerId === input.ownerId);
  }

  metaobjects(input: { shop: string; type?: string }): MetaobjectRecord[] {
    return [...this.shop(input.shop).metaobjects.values()].filter((m) => !input.type || m.type === input.type);
  }

  requestCounts(input: { shop: string }): Record<string, number> {
    return Object.fromEntries(this.shop(input.shop).requestCounts);
  }

  uninstallApp(input: { shop: string }): { shop: string } {
    const shop = this.shop(input.shop);
    shop.installed = false;
    this.emit(shop.domain, "app/uninstalled", {
      id: shop.id,
      name: shop.name,
      domain: shop.domain,
      myshopify_domain: shop.domain,
      currency: shop.currencyCode,
      plan_name: shop.plan,
    });
    return { shop: shop.domain };
  }

  /** `$app` is how an app names its own reserved namespace; Shopify stores it as app--<id>. */
  resolveNamespace(namespace: string | null | undefined): string {
    const ns = namespace ?? "$app";
    if (ns === "$app") return `app--${this.appId}`;
    if (ns.startsWith("$app:")) return `app--${this.appId}--${ns.slice(5)}`;
    return ns;
  }
}

export function normalizeShopDomain(domain: string): string {
  const bare = domain
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/.*$/, "")
    .replace(/:\d+$/, "");
  return bare.endsWith(".myshopify.com") ? bare : `${bare}.myshopify.com`;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
