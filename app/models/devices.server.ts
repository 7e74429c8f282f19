// Paired kiosks and their pairing codes. Only hashes of secrets are stored: the device token's
// sha256 (Device.tokenHash) and the poll secret's (PairingCode.pollSecretHash).
// Pairing codes and token lookups take no shop: they run before the shop is known (a kiosk that is
// not yet paired, a bearer token to resolve). Everything after that is scoped by the device's shop.
import { db, type Tx } from "../db.server";
import { appendAudit } from "./audit.server";
import type { Actor } from "./actor";
import { shopifyLocationNames } from "./locations.server";

export async function createPairingCode(input: {
  code: string;
  pollSecretHash: string;
  deviceName: string;
  expiresAt: Date;
}) {
  return db.pairingCode.create({ data: input });
}

/**
 * Codes nobody will use any more: unconfirmed ones past their expiry, and any code a day after its
 * expiry (collected, or confirmed for a kiosk that never came back for its token). A day's grace
 * keeps "already collected" answers for a kiosk that polls again.
 */
export async function purgeExpiredPairingCodes(now: Date): Promise<number> {
  const { count } = await db.pairingCode.deleteMany({
    where: {
      OR: [
        { confirmedAt: null, expiresAt: { lte: now } },
        { expiresAt: { lte: new Date(now.getTime() - 24 * 3600_000) } },
      ],
    },
  });
  return count;
}

/** Codes waiting for a manager, across every shop (none has a shop yet), and the soonest to expire. */
export async function livePairingCodes(now: Date): Promise<{ count: number; nextExpiry: Date | null }> {
  const where = { confirmedAt: null, expiresAt: { gt: now } };
  const [count, next] = await Promise.all([
    db.pairingCode.count({ where }),
    db.pairingCode.findFirst({ where, orderBy: { expiresAt: "asc" }, select: { expiresAt: true } }),
  ]);
  return { count, nextExpiry: next?.expiresAt ?? null };
}

/** The shop's codes confirmed but not collected yet (a device made, its token not handed over). */
export async function uncollectedPairingCodes(shopId: string, now: Date): Promise<number> {
  return db.pairingCode.count({
    where: {
      shopId,
      confirmedAt: { not: null },
      collectedAt: null,
      expiresAt: { gt: new Date(now.getTime() - 24 * 3600_000) },
    },
  });
}

export async function findPairingCode(code: string) {
  return db.pairingCode.findUnique({ where: { code } });
}

/**
 * A manager confirms a code: the device is created for the shop and location with a token hash
 * nobody knows yet (the real token is minted when the kiosk collects it, so it never rests in
 * the database). Conditional on the code being unconfirmed: two managers confirming at once
 * create one device.
 */
export async function confirmPairing(
  shopId: string,
  input: { pairingId: string; name: string; shopifyLocationGid: string; placeholderTokenHash: string; now: Date },
  actor: Actor,
): Promise<{ ok: true; deviceId: string } | { ok: false; code: "PAIRING_CONFIRMED" }> {
  return db
    .$transaction(async (tx) => {
      const device = await tx.device.create({
        data: {
          shopId,
          name: input.name,
          shopifyLocationGid: input.shopifyLocationGid,
          tokenHash: input.placeholderTokenHash,
          createdBy: actor.name,
        },
      });
      const claimed = await tx.pairingCode.updateMany({
        where: { id: input.pairingId, confirmedAt: null, expiresAt: { gt: input.now } },
        data: {
          shopId,
          confirmedAt: input.now,
          confirmedBy: actor.name,
          deviceId: device.id,
          shopifyLocationGid: input.shopifyLocationGid,
          deviceName: input.name,
        },
      });
      if (claimed.count !== 1) throw new ConfirmRace();
      await appendAudit(tx, shopId, {
        actor,
        action: "kiosk.paired",
        entityType: "Device",
        entityId: device.id,
        data: { name: input.name, shopifyLocationGid: input.shopifyLocationGid },
        at: input.now,
      });
      return { ok: true as const, deviceId: device.id };
    })
    .catch((error: unknown) => {
      if (error instanceof ConfirmRace) return { ok: false as const, code: "PAIRING_CONFIRMED" as const };
      throw error;
    });
}

class ConfirmRace extends Error {}

/**
 * The kiosk collects its token: exactly once (the conditional update on collectedAt), and the
 * device's token hash becomes the real token's in the same transaction.
 */
export async function collectPairing(
  pairingId: string,
  deviceId: string,
  tokenHash: string,
  now: Date,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const taken = await tx.pairingCode.updateMany({
      where: { id: pairingId, collectedAt: null, deviceId },
      data: { collectedAt: now, sealedToken: null },
    });
    if (taken.count !== 1) return false;
    await tx.device.update({ where: { id: deviceId }, data: { tokenHash } });
    return true;
  });
}

export async function findDeviceByTokenHash(tokenHash: string) {
  return db.device.findUnique({ where: { tokenHash }, include: { shop: true } });
}

export async function getDevice(shopId: string, deviceId: string) {
  return db.device.findFirst({ where: { shopId, id: deviceId } });
}

export async function getDeviceWithShop(shopId: string, deviceId: string) {
  return db.device.findFirst({ where: { shopId, id: deviceId }, include: { shop: { select: { domain: true } } } });
}

export async function listDevices(shopId: string) {
  return db.device.findMany({ where: { shopId }, orderBy: [{ revokedAt: "asc" }, { createdAt: "desc" }] });
}

/** Kiosks paired and not removed (the home page's set-up checklist). */
export async function countPairedKiosks(shopId: string): Promise<number> {
  return db.device.count({ where: { shopId, revokedAt: null } });
}

/** At most once a minute per device, so polling kiosks do not write on every request. */
export async function touchDevice(shopId: string, deviceId: string, now: Date): Promise<void> {
  await db.device.updateMany({
    where: {
      id: deviceId,
      shopId,
      OR: [{ lastSeenAt: null }, { lastSeenAt: { lt: new Date(now.getTime() - 60_000) } }],
    },
    data: { lastSeenAt: now },
  });
}

export async function revokeDevice(
  shopId: string,
  deviceId: string,
  actor: Actor,
): Promise<{ ok: true; name: string } | { ok: false; code: "NOT_FOUND" }> {
  return db.$transaction(async (tx) => {
    const device = await tx.device.findFirst({ where: { shopId, id: deviceId } });
    if (!device) return { ok: false as const, code: "NOT_FOUND" as const };
    if (device.revokedAt) return { ok: true as const, name: device.name };
    const now = new Date();
    await tx.device.update({ where: { id: device.id }, data: { revokedAt: now, revokedBy: actor.name } });
    // Jobs it had taken but not finished go back to the queue for another kiosk of the location.
    await tx.printJob.updateMany({
      where: { shopId, deviceId: device.id, status: "claimed" },
      data: { status: "queued", deviceId: null, claimedAt: null },
    });
    await appendAudit(tx, shopId, {
      actor,
      action: "kiosk.revoked",
      entityType: "Device",
      entityId: device.id,
      data: { name: device.name },
      at: now,
    });
    return { ok: true as const, name: device.name };
  });
}

/**
 * The shop's Shopify locations as Loupe knows them: the top of each internal location tree, named
 * "Site (Shopify location)" when Shopify's own name for the location is known and differs, so a
 * person choosing where a kiosk stands sees both.
 */
export async function shopifyLocationsOf(shopId: string, tx: Tx = db) {
  const [roots, shopifyNames] = await Promise.all([
    tx.location.findMany({
      where: { shopId, archivedAt: null },
      orderBy: [{ path: "asc" }],
      select: { shopifyLocationGid: true, name: true, parentId: true, path: true },
    }),
    shopifyLocationNames(shopId, tx),
  ]);
  const seen = new Map<string, string>();
  for (const r of roots.filter((r) => r.parentId === null))
    if (!seen.has(r.shopifyLocationGid)) seen.set(r.shopifyLocationGid, r.name);
  for (const r of roots) if (!seen.has(r.shopifyLocationGid)) seen.set(r.shopifyLocationGid, r.path);
  return [...seen].map(([gid, site]) => {
    const shopifyName = shopifyNames.get(gid)?.name ?? null;
    return { gid, site, shopifyName, name: shopifyName && shopifyName !== site ? `${site} (${shopifyName})` : site };
  });
}
