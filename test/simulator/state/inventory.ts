// Inventory levels and their quantities, and the history every change leaves, as Shopify keeps
// them in 2026-07.
import { gid, iso, parseGid } from "./ids-and-formats";
import type { ShopData } from "./shops";
import type { SimulatorState } from "./simulator-state";

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

export interface InventoryChangeMeta {
  reason: string;
  referenceDocumentUri: string | null;
  ledgerDocumentUri?: string | null;
  source: string;
  idempotencyKey?: string | null;
}

export function levelKey(itemId: number, locationId: number): string {
  return `${itemId}:${locationId}`;
}

export function level(shop: ShopData, itemId: number, locationId: number): LevelRecord | undefined {
  return shop.levels.get(levelKey(itemId, locationId));
}

/** Stocks the item at the location (all quantities zero), or answers the level it already has there. */
export function activate(sim: SimulatorState, shop: ShopData, itemId: number, locationId: number): LevelRecord {
  const existing = level(shop, itemId, locationId);
  if (existing) return existing;
  const at = sim.now();
  const created: LevelRecord = {
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
  shop.levels.set(levelKey(itemId, locationId), created);
  return created;
}

export function quantity(level: LevelRecord, name: QuantityName): number {
  if (name === "on_hand") {
    const q = level.quantities;
    return q.available + q.committed + q.reserved + q.damaged + q.safety_stock + q.quality_control;
  }
  return level.quantities[name];
}

/** Applies one change and records it; changing on_hand moves `available` with it, as in Shopify. */
export function applyDelta(
  sim: SimulatorState,
  shop: ShopData,
  level: LevelRecord,
  name: QuantityName,
  delta: number,
  meta: InventoryChangeMeta,
): HistoryEntry {
  const stored: StoredName = name === "on_hand" ? "available" : name;
  level.quantities[stored] += delta;
  level.updatedAt = sim.now();
  const entry: HistoryEntry = {
    at: sim.now(),
    inventoryItemId: gid("InventoryItem", level.itemId),
    locationId: gid("Location", level.locationId),
    name,
    delta,
    quantityAfterChange: quantity(level, name),
    reason: meta.reason,
    referenceDocumentUri: meta.referenceDocumentUri,
    ledgerDocumentUri: meta.ledgerDocumentUri ?? null,
    source: meta.source,
    idempotencyKey: meta.idempotencyKey ?? null,
  };
  shop.history.push(entry);
  return entry;
}

/** The inventory_levels/update webhook for a level that changed. */
export function announceLevel(sim: SimulatorState, shop: ShopData, level: LevelRecord): void {
  sim.emit(shop.domain, "inventory_levels/update", {
    inventory_item_id: level.itemId,
    location_id: level.locationId,
    available: level.quantities.available,
    updated_at: iso(level.updatedAt),
    admin_graphql_api_id: `${gid("InventoryLevel", level.locationId)}?inventory_item_id=${level.itemId}`,
  });
}

/** Test API: every level of the shop (or of one item) with all its quantities, on_hand included. */
export function inventoryLevels(
  sim: SimulatorState,
  input: { shop: string; inventoryItemId?: string },
): {
  inventoryItemId: string;
  locationId: string;
  quantities: Record<QuantityName, number>;
}[] {
  const shop = sim.shop(input.shop);
  const itemId = input.inventoryItemId ? parseGid(input.inventoryItemId, "InventoryItem") : null;
  return [...shop.levels.values()]
    .filter((l) => itemId === null || l.itemId === itemId)
    .map((l) => ({
      inventoryItemId: gid("InventoryItem", l.itemId),
      locationId: gid("Location", l.locationId),
      quantities: Object.fromEntries(QUANTITY_NAMES.map((n) => [n, quantity(l, n)])) as Record<QuantityName, number>,
    }));
}

/** Test API: every inventory change of the shop, oldest first. */
export function inventoryHistory(sim: SimulatorState, input: { shop: string }): HistoryEntry[] {
  return [...sim.shop(input.shop).history];
}
