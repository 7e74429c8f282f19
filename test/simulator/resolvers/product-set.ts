import { gid, parseGid } from "../state/ids-and-formats";
import type { LevelRecord, QuantityName } from "../state/inventory";
import type { ProductRecord, VariantRecord } from "../state/products";
import { productView } from "../views/products";
import type { ViewContext } from "../views/shared";
import { announce } from "./inventory-changes";
import { writeMetafields } from "./metafields";
import { applyVariantInput, findProduct, productInputFields } from "./products";
import { ue, type Args, type RootResolver, type UserError } from "./shared";

/**
 * productSet: a declarative create-or-update of a product with its options and variants, found by
 * `identifier` (id or handle; a handle that matches nothing creates the product with that handle)
 * or `input.id`. Variants absent from the input are deleted; a variant is matched by id or by its
 * option values. Everything is checked before anything is written.
 */
function productSet(args: Args, ctx: ViewContext): unknown {
  const input = args.input as Args;
  const identifier = (args.identifier as Args | null | undefined) ?? null;
  const fail = (errors: UserError[]) => ({ product: null, productSetOperation: null, userErrors: errors });
  let product: ProductRecord | undefined;
  if (identifier?.customId)
    return fail([
      ue(
        ["identifier", "customId"],
        "The Loupe simulator does not model custom ids; use id or handle.",
        "INVALID_INPUT",
      ),
    ]);
  if (identifier?.id) {
    product = findProduct(ctx, identifier.id);
    if (!product) return fail([ue(["identifier", "id"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST")]);
  } else if (identifier?.handle) {
    // Shopify stores a handle in its URL form (lower case, hyphens) but looks it up as given: no
    // normalising here, so an app that asks for another spelling than the stored one is caught
    // (its retry would create a second product, here as in Shopify).
    const handle = String(identifier.handle);
    product = [...ctx.shop.products.values()].find((p) => p.handle === handle);
  } else if (input.id) {
    product = findProduct(ctx, input.id);
    if (!product) return fail([ue(["input", "id"], "Product does not exist", "PRODUCT_DOES_NOT_EXIST")]);
  }
  if (!product && (typeof input.title !== "string" || input.title.trim() === ""))
    return fail([ue(["input", "title"], "Title can't be blank", "INVALID_PRODUCT")]);
  if (typeof input.title === "string" && input.title.trim() === "")
    return fail([ue(["input", "title"], "Title can't be blank", "INVALID_PRODUCT")]);

  const options = input.productOptions as Args[] | null | undefined;
  const variants = input.variants as Args[] | null | undefined;
  if (variants && !options)
    return fail([
      ue(
        ["input", "productOptions"],
        "Product options input is required when updating variants.",
        "PRODUCT_OPTIONS_INPUT_MISSING",
      ),
    ]);
  if (options && !variants)
    return fail([
      ue(["input", "variants"], "Variants input is required when updating product options.", "VARIANTS_INPUT_MISSING"),
    ]);
  const errors: UserError[] = [];
  const optionValues = new Map<string, Set<string>>();
  if (options) {
    if (options.length > 3)
      errors.push(ue(["input", "productOptions"], "Can only specify a maximum of 3 options", "OPTIONS_OVER_LIMIT"));
    options.forEach((o, i) => {
      const name = String(o.name ?? "");
      if (optionValues.has(name))
        errors.push(
          ue(
            ["input", "productOptions", String(i), "name"],
            `Duplicated option name '${name}'`,
            "DUPLICATED_OPTION_NAME",
          ),
        );
      const values = ((o.values as Args[] | null | undefined) ?? []).map((v) => String(v.name ?? ""));
      if (values.length === 0)
        errors.push(
          ue(
            ["input", "productOptions", String(i), "values"],
            "Option values must be specified",
            "OPTION_VALUES_MISSING",
          ),
        );
      optionValues.set(name, new Set(values));
    });
  }
  const titles: string[] = [];
  let quantities = 0;
  (variants ?? []).forEach((v, i) => {
    const field = ["input", "variants", String(i)];
    const chosen = new Map<string, string>();
    for (const [j, ov] of ((v.optionValues as Args[]) ?? []).entries()) {
      const optionName = String(ov.optionName ?? "");
      if (!optionValues.has(optionName))
        errors.push(
          ue(
            [...field, "optionValues", String(j), "optionName"],
            `Option '${optionName}' does not exist`,
            "OPTION_DOES_NOT_EXIST",
          ),
        );
      else if (!optionValues.get(optionName)!.has(String(ov.name ?? "")))
        errors.push(
          ue(
            [...field, "optionValues", String(j), "name"],
            `Option value '${String(ov.name)}' does not exist`,
            "OPTION_VALUE_DOES_NOT_EXIST",
          ),
        );
      chosen.set(optionName, String(ov.name ?? ""));
    }
    if (chosen.size !== optionValues.size)
      errors.push(
        ue([...field, "optionValues"], "The variant must have a value for each product option", "INVALID_VARIANT"),
      );
    const title = [...optionValues.keys()].map((k) => chosen.get(k) ?? "").join(" / ");
    if (titles.includes(title)) errors.push(ue(field, `The variant '${title}' already exists.`, "INVALID_VARIANT"));
    titles.push(title);
    if (v.price !== undefined && v.price !== null && Number(v.price) < 0)
      errors.push(ue([...field, "price"], "Price must be greater than or equal to 0", "INVALID_VARIANT"));
    for (const [j, q] of ((v.inventoryQuantities as Args[] | null | undefined) ?? []).entries()) {
      const locationId = parseGid(String(q.locationId), "Location");
      if (locationId === null || !ctx.shop.locations.has(locationId))
        errors.push(
          ue([...field, "inventoryQuantities", String(j), "locationId"], "Location does not exist", "INVALID_INPUT"),
        );
      if (q.name !== "available" && q.name !== "on_hand")
        errors.push(
          ue(
            [...field, "inventoryQuantities", String(j), "name"],
            "The quantity name must be either 'available' or 'on_hand'.",
            "INVALID_INPUT",
          ),
        );
      quantities += 1;
    }
  });
  if (quantities > 50_000)
    errors.push(
      ue(
        ["input", "variants"],
        "The total number of inventory quantities can't exceed 50000.",
        "INVENTORY_QUANTITIES_LIMIT_EXCEEDED",
      ),
    );
  if (errors.length > 0) return fail(errors);

  // Matched variants keep their inventory item (and its stock); quantities may only be set where it is stocked.
  const existing = product
    ? product.variantIds.map((id) => ctx.shop.variants.get(id)).filter((v): v is VariantRecord => v !== undefined)
    : [];
  const matches = (variants ?? []).map((v, i) =>
    typeof v.id === "string"
      ? existing.find((x) => gid("ProductVariant", x.id) === v.id)
      : existing.find((x) => x.title === titles[i]),
  );
  (variants ?? []).forEach((v, i) => {
    if (typeof v.id === "string" && !matches[i])
      errors.push(
        ue(["input", "variants", String(i), "id"], "Product variant does not exist", "PRODUCT_VARIANT_DOES_NOT_EXIST"),
      );
    const match = matches[i];
    if (!match) return;
    for (const [j, q] of ((v.inventoryQuantities as Args[] | null | undefined) ?? []).entries()) {
      if (!ctx.sim.level(ctx.shop, match.itemId, parseGid(String(q.locationId), "Location")!)) {
        errors.push(
          ue(
            ["input", "variants", String(i), "inventoryQuantities", String(j), "locationId"],
            "The variant is not stocked at this location; quantities of an existing variant can only be set where it is stocked.",
            "INVALID_INPUT",
          ),
        );
      }
    }
  });
  if (errors.length > 0) return fail(errors);

  const created = !product;
  const target =
    product ??
    ctx.sim.createProduct(ctx.shop, {
      ...productInputFields(input),
      title: String(input.title),
      handle: (input.handle as string | undefined) ?? (identifier?.handle as string | undefined),
    });
  if (input.metafields) {
    const metaErrors = writeMetafields(
      ctx,
      (input.metafields as Args[]).map((m) => ({ ...m, ownerId: gid("Product", target.id) })),
    );
    if (metaErrors.length > 0) {
      if (created) ctx.shop.products.delete(target.id);
      return fail(metaErrors.map((e) => ({ ...e, field: ["input", ...(e.field ?? [])] })));
    }
  }
  if (!created) Object.assign(target, productInputFields(input));
  if (variants) {
    const kept = new Set(matches.filter((m): m is VariantRecord => m !== undefined).map((m) => m.id));
    for (const v of existing) if (!kept.has(v.id)) ctx.sim.removeVariant(ctx.shop, v);
    const touched: LevelRecord[] = [];
    const ordered: VariantRecord[] = [];
    variants.forEach((v, i) => {
      const variant = matches[i] ?? ctx.sim.addVariant(ctx.shop, target, { title: titles[i] });
      ordered.push(variant);
      applyVariantInput(ctx, variant, v);
      variant.title = titles[i]!;
      if (v.sku !== undefined) ctx.shop.items.get(variant.itemId)!.sku = (v.sku as string | null) ?? null;
      for (const q of (v.inventoryQuantities as Args[] | null | undefined) ?? []) {
        const level = ctx.sim.activate(ctx.shop, variant.itemId, parseGid(String(q.locationId), "Location")!);
        const current = ctx.sim.quantity(level, q.name as QuantityName);
        if (q.quantity !== current)
          ctx.sim.applyDelta(ctx.shop, level, q.name as QuantityName, Number(q.quantity) - current, {
            reason: "correction",
            referenceDocumentUri: null,
            source: "productSet",
          });
        touched.push(level);
      }
      if (v.metafields)
        writeMetafields(
          ctx,
          (v.metafields as Args[]).map((m) => ({ ...m, ownerId: gid("ProductVariant", variant.id) })),
        );
    });
    announce(ctx, touched);
    // The variants take the order of the input.
    target.variantIds = ordered.map((v) => v.id);
  } else if (created) {
    ctx.sim.addVariant(ctx.shop, target, { title: "Default Title" });
  }
  target.updatedAt = ctx.sim.now();
  ctx.sim.emit(
    ctx.shop.domain,
    created ? "products/create" : "products/update",
    ctx.sim.productPayload(ctx.shop, target),
  );
  if (args.synchronous === false) {
    return {
      product: null,
      productSetOperation: {
        __typename: "ProductSetOperation",
        id: gid("ProductSetOperation", ctx.sim.id()),
        status: "COMPLETE",
        product: productView(ctx, target),
        userErrors: [],
      },
      userErrors: [],
    };
  }
  return { product: productView(ctx, target), productSetOperation: null, userErrors: [] };
}

export const productSetMutations: Record<string, RootResolver> = { productSet };
