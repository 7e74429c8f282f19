// The inventory mutations (2026-07: changeFromQuantity and @idempotent mandatory) and the
// inventory item and level queries.
import type { GraphQLSchema } from "graphql";
import { money, parseGid } from "../state/ids-and-formats";
import { isQuantityName, type InventoryChangeMeta, type LevelRecord, type QuantityName } from "../state/inventory";
import { itemView, levelView } from "../views/inventory";
import { nodeById } from "../views/nodes";
import type { ViewContext } from "../views/shared";
import { idempotent, keyOf } from "./idempotency";
import {
  adjustmentGroup,
  announce,
  derivedOnHand,
  INVENTORY_REASONS,
  isError,
  locateLevel,
  requireChangeFrom,
  staleMessage,
  validUri,
  type GroupChange,
} from "./inventory-changes";
import { ue, type Args, type RootResolver, type UserError } from "./shared";

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

export const inventoryQueries: Record<string, RootResolver> = {
  inventoryItem: (a, ctx) => {
    const id = parseGid(String(a.id), "InventoryItem");
    const item = id === null ? undefined : ctx.shop.items.get(id);
    return item ? itemView(ctx, item) : null;
  },
  inventoryLevel: (a, ctx) => {
    const node = nodeById(ctx, String(a.id));
    return node?.__typename === "InventoryLevel" ? node : null;
  },
};

export function inventoryMutations(schema: GraphQLSchema): Record<string, RootResolver> {
  return {
    inventoryAdjustQuantities: idempotent(schema, inventoryAdjustQuantities),
    inventorySetQuantities: idempotent(schema, inventorySetQuantities),
    inventoryMoveQuantities: idempotent(schema, inventoryMoveQuantities),
    inventoryActivate: idempotent(schema, inventoryActivate),
    inventoryItemUpdate,
  };
}
