import type { InventoryChangeMeta, LevelRecord, QuantityName } from "./inventory";
import * as inventory from "./inventory";
import type { LocationChange } from "./locations";
import * as locations from "./locations";
import * as metafields from "./metafields";
import type { OrderCancellation, NewOrder, NewRefund } from "./orders";
import * as orders from "./orders";
import type { NewProduct, NewVariant, ProductImage, ProductRecord, SeedProduct, VariantRecord } from "./products";
import * as products from "./products";
import { normalizeShopDomain, SimulatorError } from "./ids-and-formats";
import type { Plan, SeedShop, ShopData } from "./shops";
import * as shops from "./shops";

export interface Clock {
  now(): number;
}

export type WebhookEmitter = (shop: string, topic: string, payload: unknown) => void;

/**
 * The simulator's whole world: shops and everything in them. GraphQL resolvers and the test
 * API both change it through these methods, so both follow the same inventory rules. Each
 * method is written in the file of its resource (state/products.ts, state/orders.ts…); this
 * class only holds the shops, hands out ids and time, and names every operation in one place.
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

  seedShop(seed: SeedShop) {
    return shops.seedShop(this, seed);
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
    return shops.locationId(shop, ref);
  }

  // The merchant's changes to locations (test API), each with its webhooks.

  createLocation(input: { shop: string; name: string; active?: boolean }) {
    return locations.createLocation(this, input);
  }

  renameLocation(input: LocationChange & { name: string }) {
    return locations.renameLocation(this, input);
  }

  deactivateLocation(input: LocationChange) {
    return locations.setLocationActive(this, { ...input, active: false });
  }

  activateLocation(input: LocationChange) {
    return locations.setLocationActive(this, { ...input, active: true });
  }

  deleteLocation(input: LocationChange) {
    return locations.deleteLocation(this, input);
  }

  requestCounts(input: { shop: string }) {
    return shops.requestCounts(this, input);
  }

  /** The merchant edits the store's details (name, contact email, address): shop/update follows. */
  updateShopDetails(input: Parameters<typeof shops.updateShopDetails>[1]) {
    return shops.updateShopDetails(this, input);
  }

  uninstallApp(input: { shop: string }) {
    return shops.uninstallApp(this, input);
  }

  // ---------------------------------------------------------------- products

  createProduct(shop: ShopData, input: NewProduct): ProductRecord {
    return products.createProduct(this, shop, input);
  }

  addVariant(shop: ShopData, product: ProductRecord, input: NewVariant): VariantRecord {
    return products.addVariant(this, shop, product, input);
  }

  removeVariant(shop: ShopData, variant: VariantRecord): void {
    products.removeVariant(shop, variant);
  }

  deleteProduct(shop: ShopData, product: ProductRecord): void {
    products.deleteProduct(this, shop, product);
  }

  seedProduct(seed: SeedProduct) {
    return products.seedProduct(this, seed);
  }

  attachProductImage(input: ProductImage) {
    return products.attachProductImage(this, input);
  }

  productPayload(shop: ShopData, product: ProductRecord): Record<string, unknown> {
    return products.productPayload(shop, product);
  }

  variantInventoryQuantity(shop: ShopData, variant: VariantRecord): number {
    return products.variantInventoryQuantity(shop, variant);
  }

  // ---------------------------------------------------------------- inventory

  level(shop: ShopData, itemId: number, locationId: number): LevelRecord | undefined {
    return inventory.level(shop, itemId, locationId);
  }

  activate(shop: ShopData, itemId: number, locationId: number): LevelRecord {
    return inventory.activate(this, shop, itemId, locationId);
  }

  quantity(level: LevelRecord, name: QuantityName): number {
    return inventory.quantity(level, name);
  }

  applyDelta(shop: ShopData, level: LevelRecord, name: QuantityName, delta: number, meta: InventoryChangeMeta) {
    return inventory.applyDelta(this, shop, level, name, delta, meta);
  }

  announceLevel(shop: ShopData, level: LevelRecord): void {
    inventory.announceLevel(this, shop, level);
  }

  inventoryLevels(input: { shop: string; inventoryItemId?: string }) {
    return inventory.inventoryLevels(this, input);
  }

  inventoryHistory(input: { shop: string }) {
    return inventory.inventoryHistory(this, input);
  }

  // ---------------------------------------------------------------- orders (test API)

  createOrder(input: NewOrder) {
    return orders.createOrder(this, input);
  }

  fulfillOrder(input: { shop: string; orderId: string | number }) {
    return orders.fulfillOrder(this, input);
  }

  cancelOrder(input: OrderCancellation) {
    return orders.cancelOrder(this, input);
  }

  refundOrder(input: NewRefund) {
    return orders.refundOrder(this, input);
  }

  // ---------------------------------------------------------------- metafields and metaobjects

  metafields(input: { shop: string; ownerId?: string }) {
    return metafields.metafields(this, input);
  }

  metaobjects(input: { shop: string; type?: string }) {
    return metafields.metaobjects(this, input);
  }

  resolveNamespace(namespace: string | null | undefined): string {
    return metafields.resolveNamespace(this.appId, namespace);
  }
}
