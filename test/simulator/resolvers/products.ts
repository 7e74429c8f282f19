// Products and variants: the product queries (with a subset of Shopify's search syntax) and the
// product and variant mutations. productSet has its own file.
import { gid, handleize, money, parseGid } from "../state/ids-and-formats";
import type { LevelRecord } from "../state/inventory";
import type { ProductRecord, VariantRecord } from "../state/products";
import { productView, variantView } from "../views/products";
import { connection, type PageArgs, type ViewContext } from "../views/shared";
import { shopView } from "../views/shop";
import { announce } from "./inventory-changes";
import { writeMetafields } from "./metafields";
import { ue, type Args, type RootResolver, type UserError } from "./shared";

/** A subset of Shopify's search syntax: `title:`, `sku:`, `status:`, `handle:`, `vendor:`, `id:`, bare words; `*` suffix wildcards. */
function matchesProductQuery(ctx: ViewContext, p: ProductRecord, query: string | null | undefined): boolean {
  if (!query) return true;
  const terms = query.match(/(?:[^\s"]+:)?(?:"[^"]*"|[^\s"]+)/g) ?? [];
  return terms.every((term) => {
    if (/^(AND|OR)$/i.test(term)) return true;
    const negate = term.startsWith("-") || term.startsWith("NOT ");
    const t = term.replace(/^-/, "");
    const colon = t.indexOf(":");
    const field = colon > 0 ? t.slice(0, colon).toLowerCase() : "title";
    const raw = (colon > 0 ? t.slice(colon + 1) : t).replace(/^"|"$/g, "");
    const test = (value: string | null | undefined) => {
      if (value == null) return false;
      const v = value.toLowerCase();
      const r = raw.toLowerCase();
      if (r.endsWith("*")) return v.startsWith(r.slice(0, -1));
      return field === "title" && colon <= 0 ? v.includes(r) : v === r;
    };
    const variants = p.variantIds
      .map((id) => ctx.shop.variants.get(id))
      .filter((v): v is VariantRecord => v !== undefined);
    let ok: boolean;
    switch (field) {
      case "title":
        ok =
          colon > 0
            ? test(p.title) || p.title.toLowerCase().includes(raw.toLowerCase().replace(/\*$/, ""))
            : test(p.title);
        break;
      case "sku":
        ok = variants.some((v) => test(ctx.shop.items.get(v.itemId)?.sku));
        break;
      case "barcode":
        ok = variants.some((v) => test(v.barcode));
        break;
      case "status":
        ok = raw.split(",").some((s) => s.trim().toUpperCase() === p.status);
        break;
      case "handle":
        ok = test(p.handle);
        break;
      case "vendor":
        ok = test(p.vendor);
        break;
      case "product_type":
        ok = test(p.productType);
        break;
      case "tag":
        ok = p.tags.some((tag) => test(tag));
        break;
      case "id":
        ok = String(p.id) === raw;
        break;
      default:
        ok = false;
    }
    return negate ? !ok : ok;
  });
}

export function productInputFields(input: Args): Partial<ProductRecord> {
  const out: Partial<ProductRecord> = {};
  if (typeof input.title === "string") out.title = input.title;
  if (typeof input.status === "string") out.status = input.status as ProductRecord["status"];
  if (typeof input.vendor === "string") out.vendor = input.vendor;
  if (typeof input.productType === "string") out.productType = input.productType;
  if (typeof input.descriptionHtml === "string") out.descriptionHtml = input.descriptionHtml;
  if (Array.isArray(input.tags)) out.tags = input.tags as string[];
  if (typeof input.handle === "string") out.handle = handleize(input.handle);
  return out;
}

function productCreate(args: Args, ctx: ViewContext): unknown {
  const input = (args.product ?? args.input ?? {}) as Args;
  if (!input.title || String(input.title).trim() === "")
    return { product: null, shop: shopView(ctx), userErrors: [ue(["title"], "Title can't be blank")] };
  const product = ctx.sim.createProduct(ctx.shop, { ...productInputFields(input), title: String(input.title) });
  ctx.sim.addVariant(ctx.shop, product, { title: "Default Title" });
  const metaErrors = input.metafields
    ? writeMetafields(
        ctx,
        (input.metafields as Args[]).map((m) => ({ ...m, ownerId: gid("Product", product.id) })),
      )
    : [];
  ctx.sim.emit(ctx.shop.domain, "products/create", ctx.sim.productPayload(ctx.shop, product));
  return { product: productView(ctx, product), shop: shopView(ctx), userErrors: metaErrors };
}

export function findProduct(ctx: ViewContext, id: unknown): ProductRecord | undefined {
  const n = typeof id === "string" ? parseGid(id, "Product") : null;
  return n === null ? undefined : ctx.shop.products.get(n);
}

function productUpdate(args: Args, ctx: ViewContext): unknown {
  const input = (args.product ?? args.input ?? {}) as Args;
  const product = findProduct(ctx, input.id ?? args.identifier?.id);
  if (!product) return { product: null, userErrors: [ue(["id"], "Product does not exist")] };
  const fields = productInputFields(input);
  if (fields.title !== undefined && fields.title.trim() === "")
    return { product: null, userErrors: [ue(["title"], "Title can't be blank")] };
  Object.assign(product, fields);
  if (fields.handle === undefined && fields.title !== undefined && product.handle === "")
    product.handle = handleize(fields.title);
  product.updatedAt = ctx.sim.now();
  const metaErrors = input.metafields
    ? writeMetafields(
        ctx,
        (input.metafields as Args[]).map((m) => ({ ...m, ownerId: gid("Product", product.id) })),
      )
    : [];
  ctx.sim.emit(ctx.shop.domain, "products/update", ctx.sim.productPayload(ctx.shop, product));
  return { product: productView(ctx, product), userErrors: metaErrors };
}

function productDelete(args: Args, ctx: ViewContext): unknown {
  const product = findProduct(ctx, args.input?.id);
  if (!product)
    return {
      deletedProductId: null,
      productDeleteOperation: null,
      shop: shopView(ctx),
      userErrors: [ue(["id"], "Product does not exist")],
    };
  ctx.sim.deleteProduct(ctx.shop, product);
  return {
    deletedProductId: gid("Product", product.id),
    productDeleteOperation: null,
    shop: shopView(ctx),
    userErrors: [],
  };
}

export function applyVariantInput(ctx: ViewContext, variant: VariantRecord, input: Args): void {
  if (input.price !== undefined && input.price !== null) variant.price = money(input.price);
  if (input.compareAtPrice !== undefined)
    variant.compareAtPrice = input.compareAtPrice === null ? null : money(input.compareAtPrice);
  if (input.barcode !== undefined) variant.barcode = input.barcode;
  if (input.inventoryPolicy) variant.inventoryPolicy = input.inventoryPolicy;
  const item = ctx.shop.items.get(variant.itemId)!;
  const itemInput = input.inventoryItem as Args | undefined;
  if (itemInput) {
    if (itemInput.sku !== undefined) item.sku = itemInput.sku;
    if (typeof itemInput.tracked === "boolean") item.tracked = itemInput.tracked;
    if (itemInput.cost !== undefined) item.unitCost = itemInput.cost === null ? null : money(itemInput.cost);
    if (typeof itemInput.requiresShipping === "boolean") item.requiresShipping = itemInput.requiresShipping;
    item.updatedAt = ctx.sim.now();
  }
  if (Array.isArray(input.optionValues) && input.optionValues.length > 0) {
    variant.title = (input.optionValues as Args[]).map((o) => String(o.name ?? "")).join(" / ");
  }
  variant.updatedAt = ctx.sim.now();
}

function productVariantsBulkCreate(args: Args, ctx: ViewContext): unknown {
  const product = findProduct(ctx, args.productId);
  if (!product)
    return {
      product: null,
      productVariants: null,
      userErrors: [ue(["productId"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST")],
    };
  const inputs = args.variants as Args[];
  const errors: UserError[] = [];
  inputs.forEach((input, i) => {
    for (const [j, q] of ((input.inventoryQuantities as Args[] | undefined) ?? []).entries()) {
      const locationId = parseGid(String(q.locationId), "Location");
      if (locationId === null || !ctx.shop.locations.has(locationId)) {
        errors.push(
          ue(
            ["variants", String(i), "inventoryQuantities", String(j), "locationId"],
            "Location does not exist",
            "TRACKED_VARIANT_LOCATION_NOT_FOUND",
          ),
        );
      }
    }
    if (input.price !== undefined && input.price !== null && Number(input.price) < 0)
      errors.push(
        ue(["variants", String(i), "price"], "Price must be greater than or equal to 0", "GREATER_THAN_OR_EQUAL_TO"),
      );
  });
  if (errors.length > 0) return { product: productView(ctx, product), productVariants: null, userErrors: errors };
  const strategy = (args.strategy as string | undefined) ?? "DEFAULT";
  const standalone = product.variantIds.length === 1 ? ctx.shop.variants.get(product.variantIds[0]!) : undefined;
  if (standalone && standalone.title === "Default Title" && strategy !== "PRESERVE_STANDALONE_VARIANT")
    ctx.sim.removeVariant(ctx.shop, standalone);
  const created = inputs.map((input) => {
    const variant = ctx.sim.addVariant(ctx.shop, product, { title: "Default Title" });
    applyVariantInput(ctx, variant, input);
    const touched: LevelRecord[] = [];
    for (const q of (input.inventoryQuantities as Args[] | undefined) ?? []) {
      const level = ctx.sim.activate(ctx.shop, variant.itemId, parseGid(String(q.locationId), "Location")!);
      if (q.availableQuantity !== 0) {
        ctx.sim.applyDelta(ctx.shop, level, "available", q.availableQuantity, {
          reason: "correction",
          referenceDocumentUri: null,
          source: "productVariantsBulkCreate",
        });
      }
      touched.push(level);
    }
    announce(ctx, touched);
    if (input.metafields)
      writeMetafields(
        ctx,
        (input.metafields as Args[]).map((m) => ({ ...m, ownerId: gid("ProductVariant", variant.id) })),
      );
    return variant;
  });
  product.updatedAt = ctx.sim.now();
  ctx.sim.emit(ctx.shop.domain, "products/update", ctx.sim.productPayload(ctx.shop, product));
  return {
    product: productView(ctx, product),
    productVariants: created.map((v) => variantView(ctx, v)),
    userErrors: [],
  };
}

function productVariantsBulkUpdate(args: Args, ctx: ViewContext): unknown {
  const product = findProduct(ctx, args.productId);
  if (!product)
    return {
      product: null,
      productVariants: null,
      userErrors: [ue(["productId"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST")],
    };
  const inputs = args.variants as Args[];
  const errors: UserError[] = [];
  const targets = inputs.map((input, i) => {
    const id = typeof input.id === "string" ? parseGid(input.id, "ProductVariant") : null;
    const variant = id === null ? undefined : ctx.shop.variants.get(id);
    if (!variant || variant.productId !== product.id)
      errors.push(
        ue(["variants", String(i), "id"], "Product variant does not exist", "PRODUCT_VARIANT_DOES_NOT_EXIST"),
      );
    return variant;
  });
  if (errors.length > 0) return { product: productView(ctx, product), productVariants: null, userErrors: errors };
  inputs.forEach((input, i) => {
    applyVariantInput(ctx, targets[i]!, input);
    if (input.metafields)
      writeMetafields(
        ctx,
        (input.metafields as Args[]).map((m) => ({ ...m, ownerId: gid("ProductVariant", targets[i]!.id) })),
      );
  });
  product.updatedAt = ctx.sim.now();
  ctx.sim.emit(ctx.shop.domain, "products/update", ctx.sim.productPayload(ctx.shop, product));
  return {
    product: productView(ctx, product),
    productVariants: targets.map((v) => variantView(ctx, v!)),
    userErrors: [],
  };
}

export const productQueries: Record<string, RootResolver> = {
  products: (a, ctx) => {
    const list = [...ctx.shop.products.values()].filter((p) => matchesProductQuery(ctx, p, a.query));
    return connection(
      list,
      a as PageArgs,
      (p) => p.id,
      (p) => productView(ctx, p),
    );
  },
  productsCount: (a, ctx) => ({
    count: [...ctx.shop.products.values()].filter((p) => matchesProductQuery(ctx, p, a.query)).length,
    precision: "EXACT",
  }),
  product: (a, ctx) => {
    const p = findProduct(ctx, a.id);
    return p ? productView(ctx, p) : null;
  },
  productByIdentifier: (a, ctx) => {
    const id = a.identifier?.id;
    const handle = a.identifier?.handle;
    const p = id ? findProduct(ctx, id) : [...ctx.shop.products.values()].find((x) => x.handle === handle);
    return p ? productView(ctx, p) : null;
  },
  productVariant: (a, ctx) => {
    const id = parseGid(String(a.id), "ProductVariant");
    const v = id === null ? undefined : ctx.shop.variants.get(id);
    return v ? variantView(ctx, v) : null;
  },
  productVariants: (a, ctx) => {
    const q = (a.query as string | undefined) ?? "";
    const sku = /sku:"?([^\s"]+)"?/.exec(q)?.[1];
    const productId = /product_id:(\d+)/.exec(q)?.[1];
    const list = [...ctx.shop.variants.values()].filter(
      (v) => (!sku || ctx.shop.items.get(v.itemId)?.sku === sku) && (!productId || String(v.productId) === productId),
    );
    return connection(
      list,
      a as PageArgs,
      (v) => v.id,
      (v) => variantView(ctx, v),
    );
  },
};

export const productMutations: Record<string, RootResolver> = {
  productCreate,
  productUpdate,
  productDelete,
  productVariantsBulkCreate,
  productVariantsBulkUpdate,
};
