// Who is calling the kiosk API: the device (bearer token, stored as its sha256) and the person
// at it (a PIN, stored as an scrypt hash, exchanged for a 12-hour staff session signed with a key
// derived from the app secret and bound to the device).
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { env } from "../env.server";
import {
  afterWrongPin,
  attemptsLeft,
  DEVICE_PIN_LIMIT,
  isPinShaped,
  MAX_FAILED_PINS,
  SHOP_PIN_LIMIT,
} from "../domain/kiosk/pin";
import { findDeviceByTokenHash, touchDevice } from "../models/devices.server";
import { getStaff, recordSignIn, recordWrongPin, staffWithPins } from "../models/kiosk-staff.server";
import { deviceScope, givePinAttemptBack, SHOP_SCOPE, takePinAttempt } from "../models/pin-attempts.server";
import type { Actor } from "../models/actor";
import { verifyPin } from "../services/staff/pin-hash.server";
import { kioskError } from "./kiosk-http.server";

export const STAFF_SESSION_MS = 12 * 3600_000;
export const STAFF_HEADER = "X-Loupe-Staff";

export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** 256 random bits; the prefix lets secret scanners and people recognise a Loupe kiosk token. */
export const newDeviceToken = () => `lk_${randomBytes(32).toString("base64url")}`;
export const newSecret = () => randomBytes(32).toString("base64url");

// PINs are hashed and checked where the rules for setting them live (app/services/staff).
export { hashPin, verifyPin } from "../services/staff/pin-hash.server";

function sessionKey(): Buffer {
  return createHmac("sha256", env().SHOPIFY_API_SECRET).update("loupe kiosk staff session v1").digest();
}

// A PIN change ends the person's sessions: the session carries a short digest of the hash it was issued under.
const pinTag = (pinHash: string) => sha256(pinHash).slice(0, 12);

export function signStaffSession(payload: {
  staffId: string;
  deviceId: string;
  expiresAt: number;
  pinHash: string;
}): string {
  const body = Buffer.from(
    JSON.stringify({ s: payload.staffId, d: payload.deviceId, e: payload.expiresAt, p: pinTag(payload.pinHash) }),
  ).toString("base64url");
  const mac = createHmac("sha256", sessionKey()).update(body).digest("base64url");
  return `${body}.${mac}`;
}

function readStaffSession(
  token: string,
): { staffId: string; deviceId: string; expiresAt: number; pinTag: string } | null {
  const [body, mac] = token.split(".");
  if (!body || !mac) return null;
  const expected = createHmac("sha256", sessionKey()).update(body).digest();
  const given = Buffer.from(mac, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const p = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as {
      s?: unknown;
      d?: unknown;
      e?: unknown;
      p?: unknown;
    };
    if (typeof p.s !== "string" || typeof p.d !== "string" || typeof p.e !== "number" || typeof p.p !== "string")
      return null;
    return { staffId: p.s, deviceId: p.d, expiresAt: p.e, pinTag: p.p };
  } catch {
    return null;
  }
}

export type KioskDevice = NonNullable<Awaited<ReturnType<typeof findDeviceByTokenHash>>>;

/** The paired, unrevoked device behind `Authorization: Bearer …`, or a 401 Response thrown. */
export async function authenticateDevice(request: Request): Promise<KioskDevice> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const device = match ? await findDeviceByTokenHash(sha256(match[1]!)) : null;
  if (!device || device.shop.uninstalledAt) throw kioskError(401, "DEVICE_UNKNOWN");
  if (device.revokedAt) throw kioskError(401, "DEVICE_REVOKED");
  await touchDevice(device.shopId, device.id, new Date());
  return device;
}

export type KioskStaff = { id: string; name: string; role: string };

/** The person signed in at this device (`X-Loupe-Staff`), or a 403 Response thrown. */
export async function requireStaff(request: Request, device: KioskDevice): Promise<KioskStaff> {
  const session = readStaffSession(request.headers.get(STAFF_HEADER) ?? "");
  if (!session || session.deviceId !== device.id || session.expiresAt <= Date.now())
    throw kioskError(403, "STAFF_REQUIRED");
  const staff = await getStaff(device.shopId, session.staffId);
  if (!staff?.pinHash || pinTag(staff.pinHash) !== session.pinTag) throw kioskError(403, "STAFF_REQUIRED");
  return { id: staff.id, name: staff.name, role: staff.role };
}

/** The signed-in person when there is one (print reports may come from an unattended kiosk). */
export async function optionalStaff(request: Request, device: KioskDevice): Promise<KioskStaff | null> {
  if (!request.headers.get(STAFF_HEADER)) return null;
  return requireStaff(request, device);
}

/** Every kiosk change names the person and the device: "Léa @ Comptoir Paris (kiosk)". */
export function kioskActor(device: { name: string }, staff: KioskStaff | null): Actor {
  return staff
    ? { kind: "kiosk", id: staff.id, name: `${staff.name} @ ${device.name}` }
    : { kind: "kiosk", name: device.name };
}

export type SignInResult =
  | { ok: true; staffSession: string; staffId: string; name: string; expiresAt: Date }
  | { ok: false; code: "PIN_WRONG"; attemptsLeft: number }
  | { ok: false; code: "PIN_LOCKED" | "PIN_SHOP_LOCKED"; until: Date };

/**
 * Sign-in by PIN alone. Before any PIN is checked the attempt takes a place in the kiosk's window
 * of wrong PINs and in the shop's hourly one (app/models/pin-attempts): a full window refuses it
 * unchecked, so PINs sent at once are not all checked. A right PIN gives its places back; a wrong
 * one keeps them, and fills the window that locks. Nobody's success clears anyone's wrong PINs.
 * With `staffId` (a kiosk that lets the person pick their name first) wrong PINs also count on
 * that person, whose own lock then applies on every device.
 */
export async function signIn(
  device: KioskDevice,
  pin: string,
  staffId?: string,
  now = new Date(),
): Promise<SignInResult> {
  const candidates = await staffWithPins(device.shopId);
  const chosen = staffId ? candidates.find((c) => c.id === staffId) : undefined;
  if (chosen?.lockedUntil && chosen.lockedUntil > now)
    return { ok: false, code: "PIN_LOCKED", until: chosen.lockedUntil };

  const onDevice = await takePinAttempt(device.shopId, deviceScope(device.id), DEVICE_PIN_LIMIT, now);
  if (!onDevice.ok) return { ok: false, code: "PIN_LOCKED", until: onDevice.until };
  const inShop = await takePinAttempt(device.shopId, SHOP_SCOPE, SHOP_PIN_LIMIT, now);
  if (!inShop.ok) {
    await givePinAttemptBack(device.shopId, onDevice.slot);
    return { ok: false, code: "PIN_SHOP_LOCKED", until: inShop.until };
  }
  const slots = [onDevice.slot, inShop.slot];

  const pool = staffId ? (chosen ? [chosen] : []) : candidates;
  let matched: (typeof candidates)[number] | undefined;
  if (isPinShaped(pin)) {
    const checks = await Promise.all(pool.map(async (c) => ((await verifyPin(pin, c.pinHash!)) ? c : undefined)));
    matched = checks.find(Boolean);
  }

  if (!matched) {
    const personal = chosen
      ? afterWrongPin(chosen.lockedUntil && chosen.lockedUntil <= now ? 0 : chosen.failedPins, now)
      : null;
    const outcomes = await recordWrongPin(device.shopId, {
      device,
      actor: { kind: "kiosk", name: device.name },
      slots,
      now,
      chosen: chosen && personal ? { id: chosen.id, next: personal } : undefined,
    });
    const deviceOutcome = outcomes.find((o) => o.scope === "device")!;
    const shopOutcome = outcomes.find((o) => o.scope === "shop")!;
    if (shopOutcome.until) return { ok: false, code: "PIN_SHOP_LOCKED", until: shopOutcome.until };
    if (deviceOutcome.until) return { ok: false, code: "PIN_LOCKED", until: deviceOutcome.until };
    if (personal?.lockedUntil) return { ok: false, code: "PIN_LOCKED", until: personal.lockedUntil };
    return {
      ok: false,
      code: "PIN_WRONG",
      attemptsLeft: Math.min(
        attemptsLeft(DEVICE_PIN_LIMIT, deviceOutcome.count),
        attemptsLeft(SHOP_PIN_LIMIT, shopOutcome.count),
        personal ? MAX_FAILED_PINS - personal.failedPins : MAX_FAILED_PINS,
      ),
    };
  }

  await Promise.all(slots.map((slot) => givePinAttemptBack(device.shopId, slot)));
  if (matched.lockedUntil && matched.lockedUntil > now)
    return { ok: false, code: "PIN_LOCKED", until: matched.lockedUntil };
  await recordSignIn(
    device.shopId,
    device.id,
    { kind: "kiosk", id: matched.id, name: `${matched.name} @ ${device.name}` },
    now,
    matched.id,
  );
  const expiresAt = new Date(now.getTime() + STAFF_SESSION_MS);
  return {
    ok: true,
    staffSession: signStaffSession({
      staffId: matched.id,
      deviceId: device.id,
      expiresAt: expiresAt.getTime(),
      pinHash: matched.pinHash!,
    }),
    staffId: matched.id,
    name: matched.name,
    expiresAt,
  };
}
