// Products, their variants, and product media.
import { gid, iso } from "../state/ids-and-formats";
import type { CollectionRecord, MediaImageRecord, ProductRecord, VariantRecord } from "../state/products";
import { itemView } from "./inventory";
import { metafieldMembers } from "./metafields";
import { connection, type PageArgs, type View, type ViewContext } from "./shared";

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
    // Getters: worked out only when a query asks (a bulk query reads thousands of products).
    get totalInventory() {
      return variants().reduce((sum, v) => sum + ctx.sim.variantInventoryQuantity(ctx.shop, v), 0);
    },
    get tracksInventory() {
      return variants().some((v) => ctx.shop.items.get(v.itemId)?.tracked ?? false);
    },
    get hasOnlyDefaultVariant() {
      return variants().length === 1 && variants()[0]?.title === "Default Title";
    },
    get variantsCount() {
      return { count: variants().length, precision: "EXACT" };
    },
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
    collections(args: PageArgs) {
      return connection(
        p.collectionIds.flatMap((id) => (ctx.shop.collections.has(id) ? [ctx.shop.collections.get(id)!] : [])),
        args,
        (c) => c.id,
        (c) => collectionView(ctx, c),
      );
    },
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
    get inventoryQuantity() {
      return ctx.sim.variantInventoryQuantity(ctx.shop, v);
    },
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

/** A manual collection: its products are those that name it. */
export function collectionView(ctx: ViewContext, c: CollectionRecord): View {
  const products = () => [...ctx.shop.products.values()].filter((p) => p.collectionIds.includes(c.id));
  return {
    __typename: "Collection",
    id: gid("Collection", c.id),
    legacyResourceId: String(c.id),
    title: c.title,
    handle: c.handle,
    updatedAt: iso(c.updatedAt),
    productsCount: { count: products().length, precision: "EXACT" },
    products(args: PageArgs) {
      return connection(
        products(),
        args,
        (p) => p.id,
        (p) => productView(ctx, p),
      );
    },
  };
}
