import { getDirectiveValues, GraphQLError, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import { gid, handleize, money, parseGid } from "./state/ids-and-formats";
import { isQuantityName, type InventoryChangeMeta, type LevelRecord, type QuantityName } from "./state/inventory";
import type { MetafieldRecord } from "./state/metafields";
import type { ProductRecord, VariantRecord } from "./state/products";
import type { PageArgs, View, ViewContext } from "./views";
import { bulkOperationView, type BulkOperations } from "./bulk";
import {
  connection,
  fileView,
  itemView,
  levelView,
  locationView,
  metafieldDefinitionView,
  metafieldKey,
  metafieldView,
  metaobjectDefinitionView,
  metaobjectView,
  nodeById,
  productView,
  shopView,
  variantView,
} from "./views";

type Args = Record<string, any>;
type RootResolver = (args: Args, ctx: ViewContext, info: GraphQLResolveInfo) => unknown;
interface UserError {
  field: string[] | null;
  message: string;
  code?: string;
  elementIndex?: number | null;
}

/** Shopify's documented inventory reasons; anything else is INVALID_REASON. */
const INVENTORY_REASONS = new Set([
  "correction",
  "cycle_count_available",
  "damaged",
  "movement_created",
  "movement_updated",
  "movement_received",
  "movement_canceled",
  "other",
  "promotion",
  "quality_control",
  "received",
  "reservation_created",
  "reservation_deleted",
  "reservation_updated",
  "restock",
  "safety_stock",
  "shrinkage",
]);

/** Mutations that, from 2026-04, refuse to run without `@idempotent(key:)`. */
export const IDEMPOTENT_MUTATIONS = new Set([
  "inventoryAdjustQuantities",
  "inventorySetQuantities",
  "inventoryMoveQuantities",
  "inventoryActivate",
]);

const METAFIELDS_SET_LIMIT = 25;

function ue(field: string[] | null, message: string, code?: string, extra: Partial<UserError> = {}): UserError {
  return { field, message, ...(code ? { code } : {}), ...extra };
}

function idempotencyKey(schema: GraphQLSchema, info: GraphQLResolveInfo): string | null {
  const directive = schema.getDirective("idempotent");
  const node = info.fieldNodes[0];
  if (!directive || !node) return null;
  const values = getDirectiveValues(directive, node, info.variableValues);
  const key = values?.key;
  return typeof key === "string" && key.trim() !== "" ? key : null;
}

/**
 * Wraps an idempotent mutation: refuses a missing key as Shopify does, answers a repeated key
 * with the first answer, and refuses a reused key with different arguments.
 */
function idempotent(schema: GraphQLSchema, run: RootResolver): RootResolver {
  return (args, ctx, info) => {
    const key = idempotencyKey(schema, info);
    if (key === null) {
      throw new GraphQLError("The @idempotent directive is required for this mutation but was not provided.", {
        extensions: { code: "BAD_REQUEST" },
      });
    }
    const fingerprint = `${info.fieldName}:${JSON.stringify(args)}`;
    const scoped = `${info.fieldName}:${key}`;
    const previous = ctx.shop.idempotency.get(scoped);
    if (previous) {
      if (previous.fingerprint === fingerprint) return previous.result;
      return {
        inventoryAdjustmentGroup: null,
        inventoryLevel: null,
        userErrors: [
          ue(
            null,
            "The same idempotency key was used with different parameters.",
            "IDEMPOTENCY_KEY_PARAMETER_MISMATCH",
          ),
        ],
      };
    }
    const result = run(args, { ...ctx, idempotencyKey: key } as ViewContext, info) as { userErrors?: unknown[] };
    // Only an applied change is remembered: a refused one changed nothing, so a corrected retry may reuse the key.
    if (!result.userErrors || result.userErrors.length === 0) ctx.shop.idempotency.set(scoped, { fingerprint, result });
    return result;
  };
}

function keyOf(ctx: ViewContext): string | null {
  return (ctx as ViewContext & { idempotencyKey?: string }).idempotencyKey ?? null;
}

/** Throws the top-level error Shopify gives when an input omits `changeFromQuantity` (explicit null is fine). */
function requireChangeFrom(entries: Args[], inputType: string): void {
  for (const entry of entries) {
    if (!Object.prototype.hasOwnProperty.call(entry, "changeFromQuantity")) {
      throw new GraphQLError(`${inputType} must include the following argument: changeFromQuantity.`, {
        extensions: { code: "BAD_REQUEST" },
      });
    }
  }
}

interface GroupChange {
  name: QuantityName;
  delta: number;
  quantityAfterChange: number;
  level: LevelRecord;
  ledgerDocumentUri: string | null;
}

function adjustmentGroup(
  ctx: ViewContext,
  reason: string,
  referenceDocumentUri: string | null,
  changes: GroupChange[],
): View {
  const id = ctx.sim.id();
  const at = new Date(ctx.sim.now()).toISOString();
  return {
    __typename: "InventoryAdjustmentGroup",
    id: gid("InventoryAdjustmentGroup", id),
    createdAt: at,
    reason,
    referenceDocumentUri,
    app: null,
    staffMember: null,
    changes(args: Args) {
      return changes
        .filter((c) => !args.quantityNames || (args.quantityNames as string[]).includes(c.name))
        .filter(
          (c) =>
            !args.inventoryItemIds ||
            (args.inventoryItemIds as string[]).includes(gid("InventoryItem", c.level.itemId)),
        )
        .filter(
          (c) => !args.locationIds || (args.locationIds as string[]).includes(gid("Location", c.level.locationId)),
        )
        .map((c) => ({
          name: c.name,
          delta: c.delta,
          quantityAfterChange: c.quantityAfterChange,
          ledgerDocumentUri: c.ledgerDocumentUri,
          get item() {
            const item = ctx.shop.items.get(c.level.itemId);
            return item ? itemView(ctx, item) : null;
          },
          get location() {
            const l = ctx.shop.locations.get(c.level.locationId);
            return l ? locationView(ctx, l) : null;
          },
        }));
    },
  };
}

function locateLevel(
  ctx: ViewContext,
  itemRef: string,
  locationRef: string,
  field: string[],
  codes: { item: string; location: string; notStocked: string },
): LevelRecord | UserError {
  const itemId = parseGid(itemRef, "InventoryItem");
  if (itemId === null || !ctx.shop.items.has(itemId))
    return ue([...field, "inventoryItemId"], "The specified inventory item could not be found.", codes.item);
  const locationId = parseGid(locationRef, "Location");
  if (locationId === null || !ctx.shop.locations.has(locationId))
    return ue([...field, "locationId"], "The specified location could not be found.", codes.location);
  const level = ctx.sim.level(ctx.shop, itemId, locationId);
  if (!level)
    return ue(
      [...field, "locationId"],
      "The specified inventory item is not stocked at the location.",
      codes.notStocked,
    );
  return level;
}

function isError(x: unknown): x is UserError {
  return typeof x === "object" && x !== null && "message" in x && !("quantities" in x);
}

function staleMessage(expected: number | null, actual: number): string {
  return `The specified compare quantity does not match the current quantity: expected ${String(expected)}, found ${actual}.`;
}

function validUri(uri: string | null | undefined): boolean {
  return uri == null || /^[a-z][a-z0-9+.-]*:\/?\/?\S+$/i.test(uri);
}

function announce(ctx: ViewContext, levels: Iterable<LevelRecord>): void {
  for (const level of new Set(levels)) ctx.sim.announceLevel(ctx.shop, level);
}

function derivedOnHand(ctx: ViewContext, c: GroupChange): GroupChange[] {
  if (c.name === "on_hand" || c.name === "incoming" || c.name === "committed") return [];
  return [{ ...c, name: "on_hand", quantityAfterChange: ctx.sim.quantity(c.level, "on_hand") }];
}

// ------------------------------------------------------------------------------- inventory

function inventoryAdjustQuantities(args: Args, ctx: ViewContext): unknown {
  const input = args.input as { name: string; reason: string; referenceDocumentUri?: string | null; changes: Args[] };
  requireChangeFrom(input.changes, "InventoryChangeInput");
  const errors: UserError[] = [];
  const fail = (e: UserError) => ({ inventoryAdjustmentGroup: null, userErrors: [e] });
  if (!isQuantityName(input.name) || input.name === "committed")
    return fail(ue(["input", "name"], "The specified quantity name is invalid.", "INVALID_QUANTITY_NAME"));
  if (!INVENTORY_REASONS.has(input.reason))
    return fail(ue(["input", "reason"], "The specified reason is invalid.", "INVALID_REASON"));
  if (!validUri(input.referenceDocumentUri))
    return fail(
      ue(
        ["input", "referenceDocumentUri"],
        "The specified reference document URI is invalid.",
        "INVALID_REFERENCE_DOCUMENT",
      ),
    );
  const name = input.name;
  const planned: { level: LevelRecord; delta: number; ledger: string | null }[] = [];
  input.changes.forEach((change, i) => {
    const field = ["input", "changes", String(i)];
    const ledger = (change.ledgerDocumentUri as string | null | undefined) ?? null;
    if (name !== "available" && !ledger) {
      errors.push(
        ue(
          [...field, "ledgerDocumentUri"],
          "A ledger document URI is required except when adjusting available.",
          "INVALID_LEDGER_DOCUMENT",
        ),
      );
      return;
    }
    const level = locateLevel(ctx, change.inventoryItemId, change.locationId, field, {
      item: "INVALID_INVENTORY_ITEM",
      location: "INVALID_LOCATION",
      notStocked: "ITEM_NOT_STOCKED_AT_LOCATION",
    });
    if (isError(level)) return void errors.push(level);
    const current = ctx.sim.quantity(level, name);
    if (change.changeFromQuantity !== null && change.changeFromQuantity !== current) {
      errors.push(
        ue(
          [...field, "changeFromQuantity"],
          staleMessage(change.changeFromQuantity, current),
          "CHANGE_FROM_QUANTITY_STALE",
        ),
      );
      return;
    }
    planned.push({ level, delta: change.delta, ledger });
  });
  if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };
  const meta: InventoryChangeMeta = {
    reason: input.reason,
    referenceDocumentUri: input.referenceDocumentUri ?? null,
    source: "inventoryAdjustQuantities",
    idempotencyKey: keyOf(ctx),
  };
  const changes: GroupChange[] = [];
  for (const p of planned) {
    const entry = ctx.sim.applyDelta(ctx.shop, p.level, name, p.delta, { ...meta, ledgerDocumentUri: p.ledger });
    const change = {
      name,
      delta: p.delta,
      quantityAfterChange: entry.quantityAfterChange,
      level: p.level,
      ledgerDocumentUri: p.ledger,
    };
    changes.push(change, ...derivedOnHand(ctx, change));
  }
  announce(
    ctx,
    planned.map((p) => p.level),
  );
  return {
    inventoryAdjustmentGroup: adjustmentGroup(ctx, input.reason, meta.referenceDocumentUri, changes),
    userErrors: [],
  };
}

function inventorySetQuantities(args: Args, ctx: ViewContext): unknown {
  const input = args.input as {
    name: string;
    reason: string;
    referenceDocumentUri?: string | null;
    quantities: Args[];
  };
  requireChangeFrom(input.quantities, "InventoryQuantityInput");
  const fail = (e: UserError) => ({ inventoryAdjustmentGroup: null, userErrors: [e] });
  if (input.name !== "available" && input.name !== "on_hand")
    return fail(ue(["input", "name"], "The quantity name must be either 'available' or 'on_hand'.", "INVALID_NAME"));
  if (!INVENTORY_REASONS.has(input.reason))
    return fail(ue(["input", "reason"], "The specified reason is invalid.", "INVALID_REASON"));
  if (!validUri(input.referenceDocumentUri))
    return fail(
      ue(
        ["input", "referenceDocumentUri"],
        "The specified reference document URI is invalid.",
        "INVALID_REFERENCE_DOCUMENT",
      ),
    );
  const name: QuantityName = input.name;
  const errors: UserError[] = [];
  const planned: { level: LevelRecord; delta: number }[] = [];
  const seen = new Set<LevelRecord>();
  input.quantities.forEach((q, i) => {
    const field = ["input", "quantities", String(i)];
    if (q.quantity < 0 && name === "on_hand")
      return void errors.push(
        ue([...field, "quantity"], "The quantity can't be negative.", "INVALID_QUANTITY_NEGATIVE"),
      );
    const level = locateLevel(ctx, q.inventoryItemId, q.locationId, field, {
      item: "INVALID_INVENTORY_ITEM",
      location: "INVALID_LOCATION",
      notStocked: "ITEM_NOT_STOCKED_AT_LOCATION",
    });
    if (isError(level)) return void errors.push(level);
    if (seen.has(level))
      return void errors.push(
        ue(
          field,
          "The combination of inventoryItemId and locationId must be unique.",
          "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR",
        ),
      );
    seen.add(level);
    const current = ctx.sim.quantity(level, name);
    if (q.changeFromQuantity !== null && q.changeFromQuantity !== current) {
      return void errors.push(
        ue([...field, "changeFromQuantity"], staleMessage(q.changeFromQuantity, current), "CHANGE_FROM_QUANTITY_STALE"),
      );
    }
    planned.push({ level, delta: q.quantity - current });
  });
  if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };
  const meta: InventoryChangeMeta = {
    reason: input.reason,
    referenceDocumentUri: input.referenceDocumentUri ?? null,
    source: "inventorySetQuantities",
    idempotencyKey: keyOf(ctx),
  };
  const changes: GroupChange[] = [];
  for (const p of planned) {
    const entry = ctx.sim.applyDelta(ctx.shop, p.level, name, p.delta, meta);
    const change = {
      name,
      delta: p.delta,
      quantityAfterChange: entry.quantityAfterChange,
      level: p.level,
      ledgerDocumentUri: null,
    };
    changes.push(change, ...derivedOnHand(ctx, change));
  }
  announce(
    ctx,
    planned.map((p) => p.level),
  );
  return {
    inventoryAdjustmentGroup: adjustmentGroup(ctx, input.reason, meta.referenceDocumentUri, changes),
    userErrors: [],
  };
}

function inventoryMoveQuantities(args: Args, ctx: ViewContext): unknown {
  const input = args.input as { reason: string; referenceDocumentUri: string; changes: Args[] };
  requireChangeFrom(
    input.changes.flatMap((c) => [c.from as Args, c.to as Args]),
    "InventoryMoveQuantityTerminalInput",
  );
  const fail = (e: UserError) => ({ inventoryAdjustmentGroup: null, userErrors: [e] });
  if (!INVENTORY_REASONS.has(input.reason))
    return fail(ue(["input", "reason"], "The specified reason is invalid.", "INVALID_REASON"));
  if (!validUri(input.referenceDocumentUri))
    return fail(
      ue(
        ["input", "referenceDocumentUri"],
        "The specified reference document URI is invalid.",
        "INVALID_REFERENCE_DOCUMENT",
      ),
    );
  const errors: UserError[] = [];
  const planned: {
    from: LevelRecord;
    to: LevelRecord;
    fromName: QuantityName;
    toName: QuantityName;
    quantity: number;
    fromLedger: string | null;
    toLedger: string | null;
  }[] = [];
  input.changes.forEach((change, i) => {
    const field = ["input", "changes", String(i)];
    const from = change.from as Args;
    const to = change.to as Args;
    if (
      !isQuantityName(from.name) ||
      !isQuantityName(to.name) ||
      from.name === "committed" ||
      to.name === "committed" ||
      from.name === "on_hand" ||
      to.name === "on_hand"
    ) {
      return void errors.push(ue(field, "The specified quantity name is invalid.", "INVALID_QUANTITY_NAME"));
    }
    if (from.name === to.name && from.locationId === to.locationId)
      return void errors.push(ue(field, "The quantity names for each change can't be the same.", "SAME_QUANTITY_NAME"));
    if (from.name !== to.name && from.locationId !== to.locationId)
      return void errors.push(
        ue(field, "The quantities can't be moved between different locations.", "DIFFERENT_LOCATIONS"),
      );
    for (const [side, terminal] of [
      ["from", from],
      ["to", to],
    ] as const) {
      if (terminal.name !== "available" && !terminal.ledgerDocumentUri) {
        return void errors.push(
          ue(
            [...field, side, "ledgerDocumentUri"],
            "A ledger document URI is required except when adjusting available.",
            "INVALID_LEDGER_DOCUMENT",
          ),
        );
      }
    }
    if (errors.length > 0) return;
    const codes = {
      item: "INVALID_INVENTORY_ITEM",
      location: "INVALID_LOCATION",
      notStocked: "ITEM_NOT_STOCKED_AT_LOCATION",
    };
    const fromLevel = locateLevel(ctx, change.inventoryItemId, from.locationId, [...field, "from"], codes);
    if (isError(fromLevel)) return void errors.push(fromLevel);
    const toLevel = locateLevel(ctx, change.inventoryItemId, to.locationId, [...field, "to"], codes);
    if (isError(toLevel)) return void errors.push(toLevel);
    for (const [side, terminal, level] of [
      ["from", from, fromLevel],
      ["to", to, toLevel],
    ] as const) {
      const current = ctx.sim.quantity(level, terminal.name as QuantityName);
      if (terminal.changeFromQuantity !== null && terminal.changeFromQuantity !== current) {
        return void errors.push(
          ue(
            [...field, side, "changeFromQuantity"],
            staleMessage(terminal.changeFromQuantity, current),
            "CHANGE_FROM_QUANTITY_STALE",
          ),
        );
      }
    }
    planned.push({
      from: fromLevel,
      to: toLevel,
      fromName: from.name,
      toName: to.name,
      quantity: change.quantity,
      fromLedger: from.ledgerDocumentUri ?? null,
      toLedger: to.ledgerDocumentUri ?? null,
    });
  });
  if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };
  const meta: InventoryChangeMeta = {
    reason: input.reason,
    referenceDocumentUri: input.referenceDocumentUri,
    source: "inventoryMoveQuantities",
    idempotencyKey: keyOf(ctx),
  };
  const changes: GroupChange[] = [];
  for (const p of planned) {
    const out = ctx.sim.applyDelta(ctx.shop, p.from, p.fromName, -p.quantity, {
      ...meta,
      ledgerDocumentUri: p.fromLedger,
    });
    const into = ctx.sim.applyDelta(ctx.shop, p.to, p.toName, p.quantity, { ...meta, ledgerDocumentUri: p.toLedger });
    changes.push(
      {
        name: p.fromName,
        delta: -p.quantity,
        quantityAfterChange: out.quantityAfterChange,
        level: p.from,
        ledgerDocumentUri: p.fromLedger,
      },
      {
        name: p.toName,
        delta: p.quantity,
        quantityAfterChange: into.quantityAfterChange,
        level: p.to,
        ledgerDocumentUri: p.toLedger,
      },
    );
  }
  announce(
    ctx,
    planned.flatMap((p) => [p.from, p.to]).filter((l, _i, all) => all.includes(l)),
  );
  return {
    inventoryAdjustmentGroup: adjustmentGroup(ctx, input.reason, input.referenceDocumentUri, changes),
    userErrors: [],
  };
}

function inventoryActivate(args: Args, ctx: ViewContext): unknown {
  const itemId = parseGid(String(args.inventoryItemId), "InventoryItem");
  const locationId = parseGid(String(args.locationId), "Location");
  if (itemId === null || !ctx.shop.items.has(itemId))
    return { inventoryLevel: null, userErrors: [ue(["inventoryItemId"], "Inventory item does not exist")] };
  if (locationId === null || !ctx.shop.locations.has(locationId))
    return { inventoryLevel: null, userErrors: [ue(["locationId"], "Location does not exist")] };
  const existed = ctx.sim.level(ctx.shop, itemId, locationId) !== undefined;
  const level = ctx.sim.activate(ctx.shop, itemId, locationId);
  if (!existed && (typeof args.available === "number" || typeof args.onHand === "number")) {
    const meta: InventoryChangeMeta = {
      reason: "correction",
      referenceDocumentUri: null,
      source: "inventoryActivate",
      idempotencyKey: keyOf(ctx),
    };
    const target = typeof args.available === "number" ? args.available : args.onHand;
    if (target !== 0) ctx.sim.applyDelta(ctx.shop, level, "available", target, meta);
    announce(ctx, [level]);
  }
  return { inventoryLevel: levelView(ctx, level), userErrors: [] };
}

function inventoryItemUpdate(args: Args, ctx: ViewContext): unknown {
  const itemId = parseGid(String(args.id), "InventoryItem");
  const item = itemId === null ? undefined : ctx.shop.items.get(itemId);
  if (!item) return { inventoryItem: null, userErrors: [ue(["id"], "Inventory item does not exist")] };
  const input = args.input as Args;
  if (typeof input.tracked === "boolean") item.tracked = input.tracked;
  if (input.sku !== undefined) item.sku = input.sku;
  if (input.cost !== undefined) item.unitCost = input.cost === null ? null : money(input.cost);
  if (typeof input.requiresShipping === "boolean") item.requiresShipping = input.requiresShipping;
  item.updatedAt = ctx.sim.now();
  return { inventoryItem: itemView(ctx, item), userErrors: [] };
}

// ------------------------------------------------------------------------------- products

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

function productInputFields(input: Args): Partial<ProductRecord> {
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

function findProduct(ctx: ViewContext, id: unknown): ProductRecord | undefined {
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

function applyVariantInput(ctx: ViewContext, variant: VariantRecord, input: Args): void {
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

// ------------------------------------------------------------------------------- metafields

function ownerExists(ctx: ViewContext, ownerId: string): boolean {
  return nodeById(ctx, ownerId) !== null;
}

function valueError(type: string, value: string): string | null {
  if (type === "number_integer" && !/^-?\d+$/.test(value)) return "Value must be an integer.";
  if (type === "number_decimal" && !/^-?\d+(\.\d+)?$/.test(value)) return "Value must be a decimal.";
  if (type === "boolean" && value !== "true" && value !== "false") return "Value must be true or false.";
  if (type === "json" || type.startsWith("list.")) {
    try {
      JSON.parse(value);
    } catch {
      return "Value is invalid JSON.";
    }
  }
  return null;
}

/** Validates every entry first and writes nothing if one is wrong, as metafieldsSet is atomic. */
function writeMetafields(
  ctx: ViewContext,
  inputs: Args[],
): (UserError & { elementIndex: number | null; code: string })[] {
  const errors: (UserError & { elementIndex: number | null; code: string })[] = [];
  const resolved = inputs.map((input, i) => {
    const namespace = ctx.sim.resolveNamespace(input.namespace);
    const definition = ctx.shop.metafieldDefinitions.find((d) => d.namespace === namespace && d.key === input.key);
    const type = (input.type as string | undefined) ?? definition?.type;
    if (!ownerExists(ctx, String(input.ownerId)))
      errors.push({
        field: ["metafields", String(i), "ownerId"],
        message: "Owner does not exist.",
        code: "INVALID",
        elementIndex: i,
      });
    else if (!type)
      errors.push({
        field: ["metafields", String(i), "type"],
        message: "Type can't be blank.",
        code: "BLANK",
        elementIndex: i,
      });
    else if (definition && definition.type !== type)
      errors.push({
        field: ["metafields", String(i), "type"],
        message: `Type must be ${definition.type}.`,
        code: "INVALID_TYPE",
        elementIndex: i,
      });
    else {
      const problem = valueError(type, String(input.value));
      if (problem)
        errors.push({
          field: ["metafields", String(i), "value"],
          message: problem,
          code: "INVALID_VALUE",
          elementIndex: i,
        });
    }
    return {
      ownerId: String(input.ownerId),
      namespace,
      key: String(input.key),
      type: type ?? "",
      value: String(input.value),
    };
  });
  if (errors.length > 0) return errors;
  saveMetafields(ctx, resolved);
  return [];
}

function saveMetafields(
  ctx: ViewContext,
  entries: { ownerId: string; namespace: string; key: string; type: string; value: string }[],
): MetafieldRecord[] {
  return entries.map((e) => {
    const k = metafieldKey(e.ownerId, e.namespace, e.key);
    const existing = ctx.shop.metafields.get(k);
    const at = ctx.sim.now();
    if (existing) {
      existing.value = e.value;
      existing.type = e.type;
      existing.updatedAt = at;
      return existing;
    }
    const record: MetafieldRecord = { id: ctx.sim.id(), ...e, createdAt: at, updatedAt: at };
    ctx.shop.metafields.set(k, record);
    return record;
  });
}

function metafieldsSet(args: Args, ctx: ViewContext): unknown {
  const inputs = args.metafields as Args[];
  if (inputs.length > METAFIELDS_SET_LIMIT) {
    throw new GraphQLError(
      `The input array size of ${inputs.length} is greater than the maximum allowed of ${METAFIELDS_SET_LIMIT}.`,
      {
        extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" },
      },
    );
  }
  const errors = writeMetafields(ctx, inputs);
  if (errors.length > 0) return { metafields: [], userErrors: errors };
  const records = inputs.map((input) =>
    ctx.shop.metafields.get(
      metafieldKey(String(input.ownerId), ctx.sim.resolveNamespace(input.namespace), String(input.key)),
    )!,
  );
  return { metafields: records.map((m) => metafieldView(ctx, m)), userErrors: [] };
}

function metafieldsDelete(args: Args, ctx: ViewContext): unknown {
  const deleted = (args.metafields as Args[]).map((input) => {
    const namespace = ctx.sim.resolveNamespace(input.namespace);
    const k = metafieldKey(String(input.ownerId), namespace, String(input.key));
    if (!ctx.shop.metafields.delete(k)) return null;
    return { ownerId: input.ownerId, namespace: input.namespace, key: input.key };
  });
  return { deletedMetafields: deleted, userErrors: [] };
}

function metafieldDefinitionCreate(args: Args, ctx: ViewContext): unknown {
  const d = args.definition as Args;
  const namespace = ctx.sim.resolveNamespace(d.namespace);
  if (
    ctx.shop.metafieldDefinitions.some(
      (x) => x.ownerType === d.ownerType && x.namespace === namespace && x.key === d.key,
    )
  ) {
    return {
      createdDefinition: null,
      userErrors: [
        {
          field: ["definition", "key"],
          message: "Key is in use for Product metafields on the '" + namespace + "' namespace.",
          code: "TAKEN",
          elementIndex: null,
          elementKey: null,
        },
      ],
    };
  }
  const record = {
    id: ctx.sim.id(),
    namespace,
    key: String(d.key),
    name: String(d.name),
    type: String(d.type),
    ownerType: String(d.ownerType),
    description: (d.description as string | undefined) ?? null,
  };
  ctx.shop.metafieldDefinitions.push(record);
  return { createdDefinition: metafieldDefinitionView(record), userErrors: [] };
}

// ------------------------------------------------------------------------------- metaobjects

function metaobjectDefinitionCreate(args: Args, ctx: ViewContext): unknown {
  const d = args.definition as Args;
  const type = ctx.sim.resolveNamespace(String(d.type));
  if (ctx.shop.metaobjectDefinitions.has(type)) {
    return {
      metaobjectDefinition: null,
      userErrors: [
        {
          field: ["definition", "type"],
          message: "Type has already been taken",
          code: "TAKEN",
          elementIndex: null,
          elementKey: null,
        },
      ],
    };
  }
  const at = ctx.sim.now();
  const record = {
    id: ctx.sim.id(),
    type,
    name: (d.name as string | undefined) ?? type,
    description: (d.description as string | undefined) ?? null,
    displayNameKey: (d.displayNameKey as string | undefined) ?? null,
    fieldDefinitions: ((d.fieldDefinitions as Args[] | undefined) ?? []).map((f) => ({
      key: String(f.key),
      name: (f.name as string | undefined) ?? String(f.key),
      type: String(f.type),
      required: Boolean(f.required),
      description: (f.description as string | undefined) ?? null,
    })),
    createdAt: at,
    updatedAt: at,
  };
  ctx.shop.metaobjectDefinitions.set(type, record);
  return { metaobjectDefinition: metaobjectDefinitionView(ctx, record), userErrors: [] };
}

function metaobjectErr(field: string[], message: string, code: string, elementKey: string | null = null) {
  return { field, message, code, elementIndex: null, elementKey };
}

function writeMetaobject(
  ctx: ViewContext,
  typeRaw: string,
  handle: string | null,
  fields: Args[],
  mode: "create" | "upsert",
  fieldPrefix: string[],
): unknown {
  const type = ctx.sim.resolveNamespace(typeRaw);
  const definition = ctx.shop.metaobjectDefinitions.get(type);
  if (!definition)
    return {
      metaobject: null,
      userErrors: [
        metaobjectErr(
          [...fieldPrefix, "type"],
          'No metaobject definition exists for type "' + typeRaw + '"',
          "UNDEFINED_OBJECT_TYPE",
        ),
      ],
    };
  for (const f of fields) {
    const def = definition.fieldDefinitions.find((x) => x.key === f.key);
    if (!def)
      return {
        metaobject: null,
        userErrors: [
          metaobjectErr(
            [...fieldPrefix, "fields"],
            `Field definition "${String(f.key)}" does not exist`,
            "UNDEFINED_OBJECT_FIELD",
            String(f.key),
          ),
        ],
      };
    const problem = valueError(def.type, String(f.value));
    if (problem)
      return {
        metaobject: null,
        userErrors: [metaobjectErr([...fieldPrefix, "fields"], problem, "INVALID_VALUE", String(f.key))],
      };
  }
  const existing =
    handle === null
      ? undefined
      : [...ctx.shop.metaobjects.values()].find((m) => m.type === type && m.handle === handle);
  if (existing && mode === "create")
    return {
      metaobject: null,
      userErrors: [metaobjectErr([...fieldPrefix, "handle"], "Handle has already been taken", "TAKEN")],
    };
  const at = ctx.sim.now();
  const values = Object.fromEntries(fields.map((f) => [String(f.key), String(f.value)]));
  if (existing) {
    Object.assign(existing.fields, values);
    existing.updatedAt = at;
    return { metaobject: metaobjectView(ctx, existing), userErrors: [] };
  }
  const missing = definition.fieldDefinitions.find((f) => f.required && !(f.key in values));
  if (missing)
    return {
      metaobject: null,
      userErrors: [
        metaobjectErr(
          [...fieldPrefix, "fields"],
          `${missing.name} can't be blank`,
          "OBJECT_FIELD_REQUIRED",
          missing.key,
        ),
      ],
    };
  const id = ctx.sim.id();
  const record = {
    id,
    type,
    handle: handle ?? `${handleize(type)}-${id}`,
    fields: values,
    createdAt: at,
    updatedAt: at,
  };
  ctx.shop.metaobjects.set(id, record);
  return { metaobject: metaobjectView(ctx, record), userErrors: [] };
}

// ------------------------------------------------------------------------------- files

function stagedUploadsCreate(args: Args, ctx: ViewContext): unknown {
  const targets = (args.input as Args[]).map((input) => {
    const token = `${ctx.sim.id()}-${Math.random().toString(36).slice(2, 10)}`;
    const url = `${ctx.baseUrl}/_sim/uploads/${token}`;
    const resource = String(input.resource);
    const filename = String(input.filename);
    // A bulk mutation's variables are addressed by this key (the `stagedUploadPath`), not by a URL.
    const bulk = resource === "BULK_MUTATION_VARIABLES";
    const key = bulk ? `tmp/${ctx.shop.id}/bulk/${token}/${filename}` : `tmp/${token}/${filename}`;
    ctx.shop.stagedUploads.set(token, {
      token,
      filename,
      mimeType: String(input.mimeType),
      resourceUrl: url,
      resource,
      key,
      body: null,
    });
    return {
      url,
      resourceUrl: bulk ? null : url,
      parameters: [
        { name: "Content-Type", value: String(input.mimeType) },
        { name: "success_action_status", value: "201" },
        { name: "acl", value: "private" },
        { name: "key", value: key },
      ],
    };
  });
  return { stagedTargets: targets, userErrors: [] };
}

function fileCreate(args: Args, ctx: ViewContext): unknown {
  const errors: { field: string[]; message: string; code: string }[] = [];
  const files = (args.files as Args[]).map((input, i) => {
    const source = String(input.originalSource);
    const staged = [...ctx.shop.stagedUploads.values()].find((s) => s.resourceUrl === source);
    if (staged && staged.body === null) {
      errors.push({
        field: ["files", String(i), "originalSource"],
        message: "The staged upload has not received a file.",
        code: "INVALID",
      });
      return null;
    }
    const mimeType = staged?.mimeType ?? "application/octet-stream";
    const isImage = input.contentType === "IMAGE" || (input.contentType == null && mimeType.startsWith("image/"));
    const id = ctx.sim.id();
    const filename = (input.filename as string | undefined) ?? staged?.filename ?? source.split("/").pop() ?? "file";
    const record = {
      id,
      kind: isImage ? ("MediaImage" as const) : ("GenericFile" as const),
      filename,
      mimeType,
      url: `https://cdn.shopify.com/s/files/1/sim/${id}/${encodeURIComponent(filename)}`,
      alt: (input.alt as string | undefined) ?? null,
      size: staged?.body?.length ?? 0,
      createdAt: ctx.sim.now(),
    };
    ctx.shop.files.set(id, record);
    return record;
  });
  if (errors.length > 0) return { files: null, userErrors: errors };
  return { files: files.map((f) => fileView(f!)), userErrors: [] };
}

function bulkOf(ctx: ViewContext): BulkOperations {
  if (!ctx.bulk)
    throw new GraphQLError("Bulk operations cannot be nested inside a bulk operation.", {
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
  return ctx.bulk;
}

// ------------------------------------------------------------------------------- root maps

export function buildRootResolvers(schema: GraphQLSchema): {
  query: Record<string, RootResolver>;
  mutation: Record<string, RootResolver>;
} {
  const query: Record<string, RootResolver> = {
    shop: (_a, ctx) => shopView(ctx),
    locations: (a, ctx) => {
      const list = [...ctx.shop.locations.values()].filter((l) => a.includeInactive || l.isActive);
      return connection(
        list,
        a as PageArgs,
        (l) => l.id,
        (l) => locationView(ctx, l),
      );
    },
    location: (a, ctx) => {
      if (a.id == null) {
        const first = ctx.shop.locations.values().next().value;
        return first ? locationView(ctx, first) : null;
      }
      const id = parseGid(String(a.id), "Location");
      const l = id === null ? undefined : ctx.shop.locations.get(id);
      return l ? locationView(ctx, l) : null;
    },
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
    node: (a, ctx) => nodeById(ctx, String(a.id)),
    nodes: (a, ctx) => (a.ids as string[]).map((id) => nodeById(ctx, id)),
    inventoryItem: (a, ctx) => {
      const id = parseGid(String(a.id), "InventoryItem");
      const item = id === null ? undefined : ctx.shop.items.get(id);
      return item ? itemView(ctx, item) : null;
    },
    inventoryLevel: (a, ctx) => {
      const node = nodeById(ctx, String(a.id));
      return node?.__typename === "InventoryLevel" ? node : null;
    },
    metaobjects: (a, ctx) => {
      const type = ctx.sim.resolveNamespace(String(a.type));
      const list = [...ctx.shop.metaobjects.values()].filter((m) => m.type === type);
      return connection(
        list,
        a as PageArgs,
        (m) => m.id,
        (m) => metaobjectView(ctx, m),
      );
    },
    metaobject: (a, ctx) => {
      const node = nodeById(ctx, String(a.id));
      return node?.__typename === "Metaobject" ? node : null;
    },
    metaobjectByHandle: (a, ctx) => {
      const type = ctx.sim.resolveNamespace(String(a.handle.type));
      const m = [...ctx.shop.metaobjects.values()].find((x) => x.type === type && x.handle === a.handle.handle);
      return m ? metaobjectView(ctx, m) : null;
    },
    bulkOperation: (a, ctx) => {
      const o = bulkOf(ctx).find(ctx.shop, String(a.id));
      return o ? bulkOperationView(o) : null;
    },
    currentBulkOperation: (a, ctx) => {
      const o = bulkOf(ctx).current(ctx.shop, (a.type as "MUTATION" | "QUERY" | undefined) ?? "QUERY");
      return o ? bulkOperationView(o) : null;
    },
    metaobjectDefinitionByType: (a, ctx) => {
      const d = ctx.shop.metaobjectDefinitions.get(ctx.sim.resolveNamespace(String(a.type)));
      return d ? metaobjectDefinitionView(ctx, d) : null;
    },
  };
  const mutation: Record<string, RootResolver> = {
    inventoryAdjustQuantities: idempotent(schema, inventoryAdjustQuantities),
    inventorySetQuantities: idempotent(schema, inventorySetQuantities),
    inventoryMoveQuantities: idempotent(schema, inventoryMoveQuantities),
    inventoryActivate: idempotent(schema, inventoryActivate),
    inventoryItemUpdate,
    productCreate,
    productUpdate,
    productDelete,
    productVariantsBulkCreate,
    productVariantsBulkUpdate,
    metafieldsSet,
    metafieldsDelete,
    metafieldDefinitionCreate,
    metaobjectDefinitionCreate,
    metaobjectUpsert: (a, ctx) =>
      writeMetaobject(
        ctx,
        String(a.handle.type),
        String(a.handle.handle),
        (a.metaobject?.fields as Args[] | undefined) ?? [],
        "upsert",
        ["metaobject"],
      ),
    metaobjectCreate: (a, ctx) =>
      writeMetaobject(
        ctx,
        String(a.metaobject.type),
        (a.metaobject.handle as string | undefined) ?? null,
        (a.metaobject.fields as Args[] | undefined) ?? [],
        "create",
        ["metaobject"],
      ),
    stagedUploadsCreate,
    fileCreate,
    productSet,
    bulkOperationRunMutation: (a, ctx) =>
      bulkOf(ctx).run(ctx.shop, {
        mutation: String(a.mutation),
        stagedUploadPath: String(a.stagedUploadPath),
        clientIdentifier: (a.clientIdentifier as string | null | undefined) ?? null,
      }),
    bulkOperationCancel: (a, ctx) => bulkOf(ctx).cancel(ctx.shop, String(a.id)),
  };
  return { query, mutation };
}
