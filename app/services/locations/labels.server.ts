// Location labels: each storage place's code (derived from its id) and its label queued for a kiosk
// at its Shopify location. Kiosks read scanned codes themselves, from the codes in their context.
import { createHash, randomBytes } from "node:crypto";
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

/** Where the ids of new places come from (cuid-like: a letter and 24 base-36 symbols); tests replace `next`. */
export const locationIdSource = {
  next(): string {
    let id = "c";
    for (const byte of randomBytes(24)) id += (byte % 36).toString(36);
    return id;
  },
};

/** The label codes of these places (pass every place of the shop, archived ones included). */
export function takenLocationCodes(rows: readonly { id: string }[]): Set<string> {
  return new Set(rows.map((row) => locationCodeOf(row.id)));
}

/**
 * An id for a new place whose label code no other place of the shop has: a code has 30 bits, so
 * two places of one shop could otherwise share one (about 1 in 2,000 for a shop of 1,500 places),
 * and a scan would find the wrong one. Called under the tree lock, with every place's code; the
 * new code joins `taken`, so several places made in one change differ too.
 */
export function freshLocationId(taken: Set<string>): string {
  for (let attempt = 0; attempt < 64; attempt++) {
    const id = locationIdSource.next();
    const code = locationCodeOf(id);
    if (!taken.has(code)) {
      taken.add(code);
      return id;
    }
  }
  throw new Error("no free location code after 64 ids");
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

/**
 * "Print label", on the tree or at a kiosk: one job, audited, built by the same template. From the
 * tree (`at` absent) it waits for a kiosk at the place's Shopify location; from a kiosk (`at`) it
 * is for that kiosk's own printer, born claimed by it, and only for a place of the kiosk's own
 * Shopify location (another site's place is unknown there, as a scanned label of it would be).
 */
export async function queueLocationLabel(
  shopId: string,
  input: { id: string },
  actor: Actor,
  at?: { deviceId: string; shopifyLocationGid: string; now?: Date },
): Promise<{ ok: true; jobId: string; code: string; path: string; data: TagData } | LabelRefusal> {
  const label = await locationLabel(shopId, input.id);
  if (!label.ok) return label;
  if (at && label.shopifyLocationGid !== at.shopifyLocationGid)
    return { ok: false, code: "UNKNOWN_LOCATION", field: "id" };
  const jobId = await insertLocationLabelJob(
    shopId,
    {
      locationId: input.id,
      shopifyLocationGid: label.shopifyLocationGid,
      templateId: LOCATION_LABEL_TEMPLATE_ID,
      code: label.code,
      ...(at ? { claimedBy: { deviceId: at.deviceId, at: at.now ?? new Date() } } : {}),
    },
    actor,
  );
  return { ok: true, jobId, code: label.code, path: label.path, data: label.data };
}
