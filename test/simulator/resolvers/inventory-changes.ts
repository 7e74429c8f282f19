// What the inventory quantity mutations share: the checks Shopify makes on every change, the
// InventoryAdjustmentGroup they answer with, and the webhooks for the levels they touched.
import { GraphQLError } from "graphql";
import { gid, parseGid } from "../state/ids-and-formats";
import type { LevelRecord, QuantityName } from "../state/inventory";
import { itemView } from "../views/inventory";
import type { View, ViewContext } from "../views/shared";
import { locationView } from "../views/shop";
import { ue, type Args, type UserError } from "./shared";

/** Shopify's documented inventory reasons; anything else is INVALID_REASON. */
export const INVENTORY_REASONS = new Set([
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

/** Throws the top-level error Shopify gives when an input omits `changeFromQuantity` (explicit null is fine). */
export function requireChangeFrom(entries: Args[], inputType: string): void {
  for (const entry of entries) {
    if (!Object.prototype.hasOwnProperty.call(entry, "changeFromQuantity")) {
      throw new GraphQLError(`${inputType} must include the following argument: changeFromQuantity.`, {
        extensions: { code: "BAD_REQUEST" },
      });
    }
  }
}

export interface GroupChange {
  name: QuantityName;
  delta: number;
  quantityAfterChange: number;
  level: LevelRecord;
  ledgerDocumentUri: string | null;
}

export function adjustmentGroup(
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

export function locateLevel(
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

export function isError(x: unknown): x is UserError {
  return typeof x === "object" && x !== null && "message" in x && !("quantities" in x);
}

export function staleMessage(expected: number | null, actual: number): string {
  return `The specified compare quantity does not match the current quantity: expected ${String(expected)}, found ${actual}.`;
}

export function validUri(uri: string | null | undefined): boolean {
  return uri == null || /^[a-z][a-z0-9+.-]*:\/?\/?\S+$/i.test(uri);
}

export function announce(ctx: ViewContext, levels: Iterable<LevelRecord>): void {
  for (const level of new Set(levels)) ctx.sim.announceLevel(ctx.shop, level);
}

export function derivedOnHand(ctx: ViewContext, c: GroupChange): GroupChange[] {
  if (c.name === "on_hand" || c.name === "incoming" || c.name === "committed") return [];
  return [{ ...c, name: "on_hand", quantityAfterChange: ctx.sim.quantity(c.level, "on_hand") }];
}
