// Pairing a kiosk: it asks for a code (start), a manager confirms the code in the admin, the kiosk
// polls with its poll secret and collects its device token once.
import { randomBytes } from "node:crypto";
import { generatePairingCode, normalizePairingCode, pairingExpired, PAIRING_TTL_MS } from "../../domain/kiosk/pairing";
import { RateLimiter } from "../../domain/provenance/rate-limit";
import {
  collectPairing,
  confirmPairing,
  createPairingCode,
  findPairingCode,
  getDeviceWithShop,
  livePairingCodes,
  purgeExpiredPairingCodes,
  shopifyLocationsOf,
  uncollectedPairingCodes,
} from "../../models/devices.server";
import type { Actor } from "../../models/actor";
import { saveShopifyLocationNames, shopifyLocationNames, treeProgress } from "../../models/locations.server";
import { applySiteSync } from "../locations/sites.server";
import { newDeviceToken, newSecret, sha256 } from "../../http/kiosk-auth.server";
import { readShopifyLocations, type AdminGraphql } from "../../shopify/locations.server";

// Codes are short-lived and cheap to ask for; this keeps one address from filling the table or
// walking the code space. Per instance (see RateLimiter).
const startLimiter = new RateLimiter({ burst: 10, perSecond: 1 / 30, maxClients: 10_000 });

export function takePairingStart(client: string, nowMs = Date.now()) {
  return startLimiter.take(client, nowMs);
}

/**
 * Caps on codes alive at once, whatever the addresses asking: codes waiting for a manager across
 * all shops (a code has no shop until it is confirmed), and, per shop, codes confirmed whose kiosk
 * has not collected its token yet. A real shop pairs a few kiosks a year; these stop a flood from
 * filling the table or (with many instances) from walking the code space.
 */
export const MAX_LIVE_PAIRING_CODES = 200;
export const MAX_UNCOLLECTED_PER_SHOP = 10;

export type StartRefusal = { ok: false; code: "PAIRING_BUSY"; retryAfterSeconds: number };

export async function startPairing(
  deviceName: string,
  now = new Date(),
): Promise<{ ok: true; code: string; pollSecret: string; expiresAt: Date } | StartRefusal> {
  // Expired codes go first, so they neither count against the cap nor stay in the table.
  await purgeExpiredPairingCodes(now);
  const live = await livePairingCodes(now);
  if (live.count >= MAX_LIVE_PAIRING_CODES) {
    const wait = live.nextExpiry ? Math.ceil((live.nextExpiry.getTime() - now.getTime()) / 1000) : 60;
    return { ok: false, code: "PAIRING_BUSY", retryAfterSeconds: Math.max(1, wait) };
  }
  const pollSecret = newSecret();
  const expiresAt = new Date(now.getTime() + PAIRING_TTL_MS);
  // A collision with a live code is astronomically rare; the unique index refuses it, so retry.
  for (let attempt = 0; ; attempt++) {
    const code = generatePairingCode((n) => randomBytes(n));
    try {
      await createPairingCode({ code, pollSecretHash: sha256(pollSecret), deviceName, expiresAt });
      return { ok: true, code, pollSecret, expiresAt };
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

export type PollResult =
  | { status: "waiting" }
  | {
      status: "paired";
      deviceToken: string;
      deviceId: string;
      shop: string;
      shopifyLocationGid: string;
      locationName: string;
    }
  | { status: "error"; code: "PAIRING_UNKNOWN" | "PAIRING_EXPIRED" | "PAIRING_COLLECTED" };

export async function pollPairing(codeInput: string, pollSecret: string, now = new Date()): Promise<PollResult> {
  const code = normalizePairingCode(codeInput);
  const row = code ? await findPairingCode(code) : null;
  // A wrong poll secret looks exactly like an unknown code: the code alone gives nothing away.
  if (!row || row.pollSecretHash !== sha256(pollSecret)) return { status: "error", code: "PAIRING_UNKNOWN" };
  if (row.collectedAt) return { status: "error", code: "PAIRING_COLLECTED" };
  if (!row.confirmedAt || !row.deviceId || !row.shopId) {
    return pairingExpired(row.expiresAt, now) ? { status: "error", code: "PAIRING_EXPIRED" } : { status: "waiting" };
  }
  const device = await getDeviceWithShop(row.shopId, row.deviceId);
  if (!device || device.revokedAt) return { status: "error", code: "PAIRING_EXPIRED" };
  const deviceToken = newDeviceToken();
  if (!(await collectPairing(row.id, device.id, sha256(deviceToken), now)))
    return { status: "error", code: "PAIRING_COLLECTED" };
  const locations = await shopifyLocationsOf(row.shopId);
  return {
    status: "paired",
    deviceToken,
    deviceId: device.id,
    shop: device.shop.domain,
    shopifyLocationGid: device.shopifyLocationGid,
    locationName: locations.find((l) => l.gid === device.shopifyLocationGid)?.name ?? device.shopifyLocationGid,
  };
}

export type ConfirmRefusal =
  | "CODE_INVALID"
  | "PAIRING_UNKNOWN"
  | "PAIRING_EXPIRED"
  | "PAIRING_CONFIRMED"
  | "LOCATION_INVALID"
  | "PAIRING_SHOP_BUSY";

export async function confirmPairingCode(
  shopId: string,
  input: { code: string; name: string; shopifyLocationGid: string },
  actor: Actor,
  now = new Date(),
): Promise<{ ok: true; deviceId: string } | { ok: false; code: ConfirmRefusal }> {
  const code = normalizePairingCode(input.code);
  if (!code) return { ok: false, code: "CODE_INVALID" };
  const row = await findPairingCode(code);
  if (!row) return { ok: false, code: "PAIRING_UNKNOWN" };
  if (row.confirmedAt) return { ok: false, code: "PAIRING_CONFIRMED" };
  if (pairingExpired(row.expiresAt, now)) return { ok: false, code: "PAIRING_EXPIRED" };
  const locations = await shopifyLocationsOf(shopId);
  if (!locations.some((l) => l.gid === input.shopifyLocationGid)) return { ok: false, code: "LOCATION_INVALID" };
  if ((await uncollectedPairingCodes(shopId, now)) >= MAX_UNCOLLECTED_PER_SHOP)
    return { ok: false, code: "PAIRING_SHOP_BUSY" };
  return confirmPairing(
    shopId,
    {
      pairingId: row.id,
      name: input.name,
      shopifyLocationGid: input.shopifyLocationGid,
      placeholderTokenHash: sha256(newSecret()),
      now,
    },
    actor,
  );
}

// ---------------------------------------------------------------- Shopify location names

/** Names are read again after this long, when a page that shows them is opened. */
export const LOCATION_NAMES_TTL_MS = 10 * 60_000;

/**
 * Reads Shopify's names for the shop's locations when Loupe has none or they are older than the
 * TTL (the merchant may have renamed one in Shopify), or always with `force`. Best effort for a
 * page (it shows Loupe's site names if Shopify does not answer); a webhook retries on "unavailable".
 */
export async function refreshShopifyLocationNames(
  shopId: string,
  admin: AdminGraphql,
  options: { now?: Date; force?: boolean } = {},
): Promise<"fresh" | "read" | "unavailable"> {
  const now = options.now ?? new Date();
  const known = await shopifyLocationNames(shopId);
  const fresh =
    known.size > 0 && [...known.values()].every((n) => now.getTime() - n.updatedAt.getTime() < LOCATION_NAMES_TTL_MS);
  if (fresh && !options.force) return "fresh";
  // Every page of them, as the set-up reads them: a shop may have more locations than one page.
  const locations = await readShopifyLocations(admin);
  if (locations === "unavailable" || locations.length === 0) return "unavailable";
  // Once the shop has sites, the names Loupe keeps are also what tells a site renamed in Shopify
  // from one the shop renamed: they are only ever changed together with the sites, by the site sync
  // (which is what a missed locations/* webhook would have run).
  if ((await treeProgress(shopId)).sites > 0) await applySiteSync(shopId, locations, NAMES_REFRESH, now);
  else
    await saveShopifyLocationNames(
      shopId,
      locations.map((l) => ({ gid: l.gid, name: l.name })),
    );
  return "read";
}

const NAMES_REFRESH: Actor = { kind: "system", name: "Shopify location names (kiosks page)" };
