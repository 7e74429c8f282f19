import type { FileRecord } from "./state/files";
import { gid, iso, parseGid } from "./state/ids-and-formats";
import { isQuantityName, type LevelRecord, type QuantityName } from "./state/inventory";
import type {
  MetafieldDefinitionRecord,
  MetafieldRecord,
  MetaobjectDefinitionRecord,
  MetaobjectRecord,
} from "./state/metafields";
import type { InventoryItemRecord, MediaImageRecord, ProductRecord, VariantRecord } from "./state/products";
import type { LocationRecord, ShopData } from "./state/shops";
import type { SimulatorState } from "./state/simulator-state";
import { bulkOperationView } from "./bulk";

/**
 * Views turn stored records into objects graphql-js can resolve with its default rules:
 * plain properties for plain fields, methods for fields that take arguments, `__typename`
 * for interfaces. A field a view does not define is reported as unsupported, never as null.
 */
export interface ViewContext {
  sim: SimulatorState;
  shop: ShopData;
  baseUrl: string;
  bulk?: import("./bulk").BulkOperations;
}

type Args = Record<string, unknown>;
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

function metafieldMembers(ctx: ViewContext, ownerId: string): Record<string, unknown> {
  return {
    metafield(args: Args) {
      const ns = ctx.sim.resolveNamespace(args.namespace as string | null | undefined);
      const found = ctx.shop.metafields.get(metafieldKey(ownerId, ns, String(args.key)));
      return found ? metafieldView(ctx, found) : null;
    },
    metafields(args: Args & PageArgs) {
      const ns = args.namespace ? ctx.sim.resolveNamespace(args.namespace as string) : null;
      const keys = (args.keys as string[] | null | undefined)?.map((k) => {
        const dot = k.lastIndexOf(".");
        return `${ctx.sim.resolveNamespace(k.slice(0, dot))}.${k.slice(dot + 1)}`;
      });
      const list = [...ctx.shop.metafields.values()].filter(
        (m) =>
          m.ownerId === ownerId &&
          (ns === null || m.namespace === ns) &&
          (!keys || keys.includes(`${m.namespace}.${m.key}`)),
      );
      return connection(
        list,
        args,
        (m) => m.id,
        (m) => metafieldView(ctx, m),
      );
    },
  };
}

export function metafieldKey(ownerId: string, namespace: string, key: string): string {
  return `${ownerId}|${namespace}|${key}`;
}

export function shopView(ctx: ViewContext): View {
  const s = ctx.shop;
  return {
    __typename: "Shop",
    id: gid("Shop", s.id),
    name: s.name,
    myshopifyDomain: s.domain,
    email: `owner@${s.domain}`,
    contactEmail: `owner@${s.domain}`,
    currencyCode: s.currencyCode,
    enabledPresentmentCurrencies: [s.currencyCode],
    ianaTimezone: "Europe/Paris",
    timezoneAbbreviation: "CET",
    weightUnit: "GRAMS",
    url: `https://${s.domain}`,
    description: null,
    primaryDomain: {
      __typename: "Domain",
      id: gid("Domain", s.id),
      host: s.domain,
      url: `https://${s.domain}`,
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
    deletable: false,
    fulfillsOnlineOrders: true,
    hasActiveInventory: [...ctx.shop.levels.values()].some((lv) => lv.locationId === l.id),
    shipsInventory: true,
    isFulfillmentService: false,
    createdAt: iso(l.createdAt),
    updatedAt: iso(l.createdAt),
    deactivatedAt: null,
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

export function productView(ctx: ViewContext, p: ProductRecord): View {
  const variants = () => p.variantIds.flatMap((id) => (ctx.shop.variants.has(id) ? [ctx.shop.variants.get(id)!] : []));
  return {
    __typename: "Product",
    id: gid("Product", p.id),
    legacyResourceId: String(p.id),
    title: p.title,
    handle: p.handle,
    status: p.status,
    vendor: p.vendor,
    productType: p.productType,
    descriptionHtml: p.descriptionHtml,
    description: p.descriptionHtml.replace(/<[^>]*>/g, ""),
    tags: p.tags,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
    publishedAt: p.status === "ACTIVE" ? iso(p.createdAt) : null,
    onlineStoreUrl: null,
    totalInventory: variants().reduce((sum, v) => sum + ctx.sim.variantInventoryQuantity(ctx.shop, v), 0),
    tracksInventory: variants().some((v) => ctx.shop.items.get(v.itemId)?.tracked ?? false),
    hasOnlyDefaultVariant: variants().length === 1 && variants()[0]?.title === "Default Title",
    variantsCount: { count: variants().length, precision: "EXACT" },
    variants(args: PageArgs) {
      return connection(
        variants(),
        args,
        (v) => v.id,
        (v) => variantView(ctx, v),
      );
    },
    media(args: PageArgs) {
      return connection(
        p.media,
        args,
        (m) => m.id,
        (m) => productMediaView(m),
      );
    },
    mediaCount: { count: p.media.length, precision: "EXACT" },
    get featuredMedia() {
      return p.media[0] ? productMediaView(p.media[0]) : null;
    },
    ...metafieldMembers(ctx, gid("Product", p.id)),
  };
}

export function variantView(ctx: ViewContext, v: VariantRecord): View {
  const item = ctx.shop.items.get(v.itemId);
  const product = ctx.shop.products.get(v.productId);
  return {
    __typename: "ProductVariant",
    id: gid("ProductVariant", v.id),
    legacyResourceId: String(v.id),
    title: v.title,
    displayName: `${product?.title ?? ""} - ${v.title}`,
    sku: item?.sku ?? null,
    barcode: v.barcode,
    price: v.price,
    compareAtPrice: v.compareAtPrice,
    inventoryPolicy: v.inventoryPolicy,
    inventoryQuantity: ctx.sim.variantInventoryQuantity(ctx.shop, v),
    availableForSale: product?.status === "ACTIVE",
    taxable: true,
    position: (product?.variantIds.indexOf(v.id) ?? 0) + 1,
    createdAt: iso(v.createdAt),
    updatedAt: iso(v.updatedAt),
    selectedOptions: [{ name: "Title", value: v.title }],
    get product() {
      return product ? productView(ctx, product) : null;
    },
    get inventoryItem() {
      return item ? itemView(ctx, item) : null;
    },
    ...metafieldMembers(ctx, gid("ProductVariant", v.id)),
  };
}

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
    duplicateSkuCount:
      item.sku === null ? 0 : [...ctx.shop.items.values()].filter((i) => i.id !== item.id && i.sku === item.sku).length,
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
      const list = [...ctx.shop.levels.values()].filter((lv) => lv.itemId === item.id);
      return connection(
        list,
        args,
        (lv) => `${lv.itemId}-${lv.locationId}`,
        (lv) => levelView(ctx, lv),
      );
    },
    locationsCount: {
      count: [...ctx.shop.levels.values()].filter((lv) => lv.itemId === item.id).length,
      precision: "EXACT",
    },
  };
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

export function metafieldView(ctx: ViewContext, m: MetafieldRecord): View {
  return {
    __typename: "Metafield",
    id: gid("Metafield", m.id),
    legacyResourceId: String(m.id),
    namespace: m.namespace,
    key: m.key,
    type: m.type,
    value: m.value,
    get jsonValue() {
      return jsonValueOf(m.type, m.value);
    },
    compareDigest: Buffer.from(`${m.id}:${m.updatedAt}:${m.value}`).toString("base64url"),
    createdAt: iso(m.createdAt),
    updatedAt: iso(m.updatedAt),
    ownerType: ownerTypeOf(m.ownerId),
    definition: null,
    description: null,
    get owner() {
      return nodeById(ctx, m.ownerId);
    },
  };
}

export function jsonValueOf(type: string, value: string): unknown {
  if (type.startsWith("number_integer")) return Number.parseInt(value, 10);
  if (type === "boolean") return value === "true";
  if (
    type === "json" ||
    type.startsWith("list.") ||
    type === "dimension" ||
    type === "weight" ||
    type === "money" ||
    type === "rating" ||
    type === "volume"
  )
    return JSON.parse(value) as unknown;
  return value;
}

export function ownerTypeOf(ownerId: string): string {
  const type = /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(ownerId)?.[1] ?? "";
  return type === "ProductVariant" ? "PRODUCTVARIANT" : type === "MediaImage" ? "MEDIA_IMAGE" : type.toUpperCase();
}

export function metafieldDefinitionView(d: MetafieldDefinitionRecord): View {
  return {
    __typename: "MetafieldDefinition",
    id: gid("MetafieldDefinition", d.id),
    namespace: d.namespace,
    key: d.key,
    name: d.name,
    description: d.description,
    ownerType: d.ownerType,
    type: {
      name: d.type,
      category: "TEXT",
      supportsDefinitionMigrations: true,
      supportedValidations: [],
      valueType: "STRING",
    },
    pinnedPosition: null,
    validations: [],
  };
}

export function metaobjectDefinitionView(ctx: ViewContext, d: MetaobjectDefinitionRecord): View {
  return {
    __typename: "MetaobjectDefinition",
    id: gid("MetaobjectDefinition", d.id),
    type: d.type,
    name: d.name,
    description: d.description,
    displayNameKey: d.displayNameKey,
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
    hasThumbnailField: false,
    metaobjectsCount: [...ctx.shop.metaobjects.values()].filter((m) => m.type === d.type).length,
    fieldDefinitions: d.fieldDefinitions.map((f) => ({
      key: f.key,
      name: f.name,
      description: f.description,
      required: f.required,
      type: {
        name: f.type,
        category: "TEXT",
        supportsDefinitionMigrations: true,
        supportedValidations: [],
        valueType: "STRING",
      },
      validations: [],
    })),
    metaobjects(args: PageArgs) {
      const list = [...ctx.shop.metaobjects.values()].filter((m) => m.type === d.type);
      return connection(
        list,
        args,
        (m) => m.id,
        (m) => metaobjectView(ctx, m),
      );
    },
  };
}

export function metaobjectView(ctx: ViewContext, m: MetaobjectRecord): View {
  const definition = ctx.shop.metaobjectDefinitions.get(m.type);
  const fieldType = (key: string) =>
    definition?.fieldDefinitions.find((f) => f.key === key)?.type ?? "single_line_text_field";
  const fieldView = (key: string) => {
    const value = m.fields[key] ?? null;
    return {
      key,
      type: fieldType(key),
      value,
      jsonValue: value === null ? null : jsonValueOf(fieldType(key), value),
      reference: null,
    };
  };
  const displayKey = definition?.displayNameKey;
  return {
    __typename: "Metaobject",
    id: gid("Metaobject", m.id),
    type: m.type,
    handle: m.handle,
    displayName: (displayKey && m.fields[displayKey]) || m.handle,
    createdAt: iso(m.createdAt),
    updatedAt: iso(m.updatedAt),
    fields: (definition?.fieldDefinitions.map((f) => f.key) ?? Object.keys(m.fields)).map(fieldView),
    field(args: Args) {
      const key = String(args.key);
      return definition?.fieldDefinitions.some((f) => f.key === key) || key in m.fields ? fieldView(key) : null;
    },
    get definition() {
      return definition ? metaobjectDefinitionView(ctx, definition) : null;
    },
    capabilities: { publishable: null, onlineStore: null },
  };
}

export function fileView(f: FileRecord): View {
  const common = {
    __typename: f.kind,
    id: gid(f.kind, f.id),
    alt: f.alt,
    createdAt: iso(f.createdAt),
    updatedAt: iso(f.createdAt),
    fileStatus: "READY",
    fileErrors: [],
    mimeType: f.mimeType,
    preview: null,
  };
  if (f.kind === "MediaImage") {
    return {
      ...common,
      status: "READY",
      mediaContentType: "IMAGE",
      mediaErrors: [],
      mediaWarnings: [],
      image: { url: f.url, altText: f.alt, width: null, height: null, id: gid("ImageSource", f.id) },
      originalSource: { url: f.url, fileSize: f.size },
    };
  }
  return { ...common, url: f.url, originalFileSize: f.size };
}

/** A product's image as Product.media answers it: a MediaImage whose `image` carries the URL and alt text. */
export function productMediaView(m: MediaImageRecord): View {
  const image = {
    __typename: "Image",
    id: gid("ImageSource", m.id),
    altText: m.alt,
    width: m.width,
    height: m.height,
    url: () => m.url,
    src: m.url,
    originalSrc: m.url,
  };
  return {
    __typename: "MediaImage",
    id: gid("MediaImage", m.id),
    alt: m.alt,
    mediaContentType: "IMAGE",
    status: "READY",
    fileStatus: "READY",
    mediaErrors: [],
    mediaWarnings: [],
    fileErrors: [],
    mimeType: m.url.endsWith(".png") ? "image/png" : "image/jpeg",
    createdAt: iso(m.createdAt),
    updatedAt: iso(m.createdAt),
    image,
    preview: { image, status: "READY" },
    originalSource: { url: m.url, fileSize: null },
  };
}

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
