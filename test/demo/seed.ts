// Seeds the demo shop into Loupe's database through the same services staff use (intake writes
// the ledger and audit rows), so the demo's histories and audit chain are real.
import { db } from "../../app/db.server";
import { createPiece } from "../../app/services/catalog/intake.server";
import { createLocation } from "../../app/models/locations.server";
import { ensureShop } from "../../app/models/shop.server";
import type { Actor } from "../../app/models/actor";
import {
  DEMO_SHOP,
  DEMO_SHOP_NAME,
  LOCATIONS,
  SHOPIFY_LOCATIONS,
  demoCatalogue,
  type DemoPiece,
  type ShopifyLocationName,
} from "./catalogue";

export type SeededPiece = DemoPiece & { pieceId: string; tagCode: string };
export type ShopifyLink = (
  piece: DemoPiece,
  index: number,
) => Promise<{ productGid: string; variantGid: string; inventoryItemGid: string } | null>;

export type SeedOptions = {
  shop?: string;
  /** Shopify location gids by name; without Shopify, stand-in gids. */
  shopifyLocations?: Record<ShopifyLocationName, string>;
  link?: ShopifyLink;
};

export function locationOfPiece(piece: DemoPiece): ShopifyLocationName {
  return LOCATIONS.find((l) => l.key === piece.locationKey)?.shopifyLocation ?? SHOPIFY_LOCATIONS[0];
}

export async function seedDemo(options: SeedOptions = {}) {
  const domain = options.shop ?? DEMO_SHOP;
  const gids = options.shopifyLocations ?? {
    [SHOPIFY_LOCATIONS[0]]: "gid://shopify/Location/1",
    [SHOPIFY_LOCATIONS[1]]: "gid://shopify/Location/2",
  };
  const shop = await ensureShop(domain, null);
  if ((await db.piece.count({ where: { shopId: shop.id } })) > 0) {
    return { shop, created: 0, pieces: [] as SeededPiece[] };
  }
  await db.shop.update({ where: { id: shop.id }, data: { name: DEMO_SHOP_NAME, locale: "fr", currency: "EUR" } });
  const owner = await db.staffMember.create({
    data: { shopId: shop.id, name: "Camille Martin", role: "owner", email: "camille@maison-aurore.example" },
  });
  await db.staffMember.create({ data: { shopId: shop.id, name: "Léa Bernard", role: "staff" } });
  const actor: Actor = { kind: "admin", id: owner.id, name: owner.name };

  const locationIds = new Map<string, string>();
  for (const loc of LOCATIONS) {
    const result = await createLocation(
      shop.id,
      {
        name: loc.name,
        kind: loc.kind,
        parentId: loc.parent ? locationIds.get(loc.parent) : null,
        shopifyLocationGid: gids[loc.shopifyLocation],
      },
      actor,
    );
    if (!result.ok) throw new Error(`seed: location ${loc.name}: ${result.code}`);
    locationIds.set(loc.key, result.id);
  }

  const pieces: SeededPiece[] = [];
  const catalogue = demoCatalogue();
  for (const [index, item] of catalogue.entries()) {
    const link = options.link ? await options.link(item, index) : null;
    const result = await createPiece(
      shop.id,
      { ...item.input, ...(link ?? {}), locationId: locationIds.get(item.locationKey) ?? null, state: item.state },
      actor,
      "opening stock (demo seed)",
    );
    if (!result.ok) throw new Error(`seed: piece ${item.input.title}: ${JSON.stringify(result.errors)}`);
    pieces.push({ ...item, pieceId: result.pieceId, tagCode: result.tagCode });
  }
  return { shop, created: pieces.length, pieces };
}
