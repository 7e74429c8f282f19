// The merchant's own changes to locations in Shopify's settings (test API): add, rename, deactivate,
// re-activate, delete. Each announces itself with the webhooks Shopify sends for it: a deactivation
// or re-activation is also a locations/update, as Shopify still sends both.
import { gid, iso, SimulatorError } from "./ids-and-formats";
import type { LocationRecord, ShopData } from "./shops";
import type { SimulatorState } from "./simulator-state";

export type LocationChange = { shop: string; location: string };

function payload(shop: ShopData, l: LocationRecord): Record<string, unknown> {
  return {
    id: l.id,
    name: l.name,
    active: l.isActive,
    country_code: "FR",
    legacy: false,
    created_at: iso(l.createdAt),
    updated_at: iso(l.updatedAt),
    admin_graphql_api_id: gid("Location", l.id),
    shop_domain: shop.domain,
  };
}

const answer = (l: LocationRecord) => ({ id: gid("Location", l.id), name: l.name, isActive: l.isActive });

export function createLocation(sim: SimulatorState, input: { shop: string; name: string; active?: boolean }) {
  const shop = sim.shop(input.shop);
  const name = input.name.trim();
  if (!name) throw new SimulatorError("A location needs a name", 422);
  if ([...shop.locations.values()].some((l) => l.name === name))
    throw new SimulatorError(`A location named ${name} already exists`, 422);
  const id = sim.id();
  const now = sim.now();
  const record: LocationRecord = {
    id,
    name,
    isActive: input.active ?? true,
    createdAt: now,
    updatedAt: now,
    deactivatedAt: input.active === false ? now : null,
  };
  shop.locations.set(id, record);
  sim.emit(shop.domain, "locations/create", payload(shop, record));
  return answer(record);
}

export function renameLocation(sim: SimulatorState, input: LocationChange & { name: string }) {
  const shop = sim.shop(input.shop);
  const record = shop.locations.get(sim.locationId(shop, input.location))!;
  record.name = input.name.trim();
  record.updatedAt = sim.now();
  sim.emit(shop.domain, "locations/update", payload(shop, record));
  return answer(record);
}

export function setLocationActive(sim: SimulatorState, input: LocationChange & { active: boolean }) {
  const shop = sim.shop(input.shop);
  const record = shop.locations.get(sim.locationId(shop, input.location))!;
  if (record.isActive === input.active) return answer(record);
  if (!input.active && [...shop.locations.values()].filter((l) => l.isActive).length === 1)
    throw new SimulatorError("A shop keeps at least one active location", 422);
  record.isActive = input.active;
  record.updatedAt = sim.now();
  record.deactivatedAt = input.active ? null : record.updatedAt;
  sim.emit(shop.domain, input.active ? "locations/activate" : "locations/deactivate", payload(shop, record));
  sim.emit(shop.domain, "locations/update", payload(shop, record));
  return answer(record);
}

/** As in Shopify, only a deactivated location can be deleted; the webhook carries its id alone. */
export function deleteLocation(sim: SimulatorState, input: LocationChange) {
  const shop = sim.shop(input.shop);
  const id = sim.locationId(shop, input.location);
  if (shop.locations.get(id)!.isActive) throw new SimulatorError("Deactivate the location before deleting it", 422);
  shop.locations.delete(id);
  sim.emit(shop.domain, "locations/delete", { id });
  return { id: gid("Location", id) };
}
