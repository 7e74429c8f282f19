// Location labels: each storage place's code (derived from its id) and its label queued for a kiosk
// at its Shopify location. Kiosks read scanned codes themselves, from the codes in their context.
import { createHash } from "node:crypto";
import { locationCodeFromDigest } from "../../domain/locations/code";
import { buildLocationLabelData, LOCATION_LABEL_TEMPLATE_ID } from "../../domain/locations/label";
import type { TagData } from "../../domain/kiosk/tag-data";
import type { Actor } from "../../models/actor";
import { insertLocationLabelJob } from "../../models/kiosk-print-jobs.server";
import { shopForTags } from "../../models/kiosk-tags.server";
import { findLocation } from "../../models/locations.server";
import { tagShop } from "../kiosk/tags.server";

/** The code on a place's label: never changes, since the id does not. */
export function locationCodeOf(locationId: string): string {
  return locationCodeFromDigest(createHash("sha256").update(locationId).digest());
}

export type LabelRefusal =
  | { ok: false; code: "UNKNOWN_LOCATION" | "LOCATION_ARCHIVED"; field: "id" }
  | { ok: false; code: "TEXT_UNPRINTABLE"; field: "id"; vars: { characters: string } };

/** The label's TagData for a place of the shop (the kiosk lays it out and prints it). */
export async function locationLabel(
  shopId: string,
  locationId: string,
): Promise<{ ok: true; data: TagData; code: string; path: string; shopifyLocationGid: string } | LabelRefusal> {
  const [location, shop] = await Promise.all([findLocation(shopId, locationId), shopForTags(shopId)]);
  if (!location || !shop) return { ok: false, code: "UNKNOWN_LOCATION", field: "id" };
  if (location.archivedAt) return { ok: false, code: "LOCATION_ARCHIVED", field: "id" };
  const code = locationCodeOf(location.id);
  const built = buildLocationLabelData({ name: location.name, path: location.path, code }, tagShop(shop).locale);
  if (!built.ok)
    return {
      ok: false,
      code: "TEXT_UNPRINTABLE",
      field: "id",
      vars: { characters: built.refusal.characters.join(" ") },
    };
  return { ok: true, data: built.data, code, path: location.path, shopifyLocationGid: location.shopifyLocationGid };
}

/** "Print label" on the tree: one job for a kiosk at the place's Shopify location, audited. */
export async function queueLocationLabel(
  shopId: string,
  input: { id: string },
  actor: Actor,
): Promise<{ ok: true; jobId: string; code: string; path: string } | LabelRefusal> {
  const label = await locationLabel(shopId, input.id);
  if (!label.ok) return label;
  const jobId = await insertLocationLabelJob(
    shopId,
    {
      locationId: input.id,
      shopifyLocationGid: label.shopifyLocationGid,
      templateId: LOCATION_LABEL_TEMPLATE_ID,
      code: label.code,
    },
    actor,
  );
  return { ok: true, jobId, code: label.code, path: label.path };
}
