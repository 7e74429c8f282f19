// Who is calling the kiosk API: the device (bearer token, stored as its sha256) and the person
// at it (a PIN, stored as an scrypt hash, exchanged for a 12-hour staff session signed with a key
// derived from the app secret and bound to the device).
import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { env } from "../env.server";
import { afterWrongPin, isPinShaped, MAX_FAILED_PINS, pinLockState } from "../domain/kiosk/pin";
import { findDeviceByTokenHash, touchDevice } from "../models/devices.server";
import {
  devicePinHistory,
  getStaff,
  PIN_FAILED,
  recordSignInAttempt,
  recordStaffWrongPin,
  staffWithPins,
} from "../models/kiosk-staff.server";
import type { Actor } from "../models/actor";
import { kioskError } from "./kiosk-http.server";

export const STAFF_SESSION_MS = 12 * 3600_000;
export const STAFF_HEADER = "X-Loupe-Staff";

export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** 256 random bits; the prefix lets secret scanners and people recognise a Loupe kiosk token. */
export const newDeviceToken = () => `lk_${randomBytes(32).toString("base64url")}`;
export const newSecret = () => randomBytes(32).toString("base64url");

// scrypt N=2^14, r=8, p=1: ~30-50 ms a check here, so guessing a 4-digit PIN offline from a stolen
// hash still costs minutes, while five staff at sign-in stay well under a second.
const SCRYPT: ScryptOptions = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function scryptAsync(secret: string, salt: Buffer, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, length, SCRYPT, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(pin, salt, 32);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, , , , salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await scryptAsync(pin, Buffer.from(salt, "base64url"), expected.length);
  return timingSafeEqual(key, expected);
}

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
  | { ok: false; code: "PIN_LOCKED"; until: Date };

/**
 * Sign-in by PIN alone. Wrong PINs count per device (read back from the audit log); with `staffId`
 * (a kiosk that lets the person pick their name first) they also count on that person, whose own
 * lock then applies on every device.
 */
export async function signIn(
  device: KioskDevice,
  pin: string,
  staffId?: string,
  now = new Date(),
): Promise<SignInResult> {
  const deviceActor: Actor = { kind: "kiosk", name: device.name };
  const history = await devicePinHistory(device.shopId, device.id, MAX_FAILED_PINS * 20);
  const lastSuccess = history.findIndex((h) => h.action !== PIN_FAILED);
  const failures = (lastSuccess === -1 ? history : history.slice(0, lastSuccess)).map((h) => h.at);
  const deviceLock = pinLockState(failures, now);
  if (deviceLock.locked) return { ok: false, code: "PIN_LOCKED", until: deviceLock.until };

  const candidates = await staffWithPins(device.shopId);
  const chosen = staffId ? candidates.find((c) => c.id === staffId) : undefined;
  if (chosen?.lockedUntil && chosen.lockedUntil > now)
    return { ok: false, code: "PIN_LOCKED", until: chosen.lockedUntil };

  const pool = staffId ? (chosen ? [chosen] : []) : candidates;
  let matched: (typeof candidates)[number] | undefined;
  if (isPinShaped(pin)) {
    const checks = await Promise.all(pool.map(async (c) => ((await verifyPin(pin, c.pinHash!)) ? c : undefined)));
    matched = checks.find(Boolean);
  }
  if (matched?.lockedUntil && matched.lockedUntil > now)
    return { ok: false, code: "PIN_LOCKED", until: matched.lockedUntil };

  if (!matched) {
    await recordSignInAttempt(device.shopId, device.id, deviceActor, false, now, chosen?.id);
    const after = pinLockState([now, ...failures], now);
    let personal: { failedPins: number; lockedUntil: Date | null } | null = null;
    if (chosen) {
      personal = afterWrongPin(chosen.lockedUntil && chosen.lockedUntil <= now ? 0 : chosen.failedPins, now);
      await recordStaffWrongPin(device.shopId, chosen.id, personal);
    }
    if (after.locked) return { ok: false, code: "PIN_LOCKED", until: after.until };
    if (personal?.lockedUntil) return { ok: false, code: "PIN_LOCKED", until: personal.lockedUntil };
    const attemptsLeft = Math.min(
      after.attemptsLeft,
      personal ? MAX_FAILED_PINS - personal.failedPins : MAX_FAILED_PINS,
    );
    return { ok: false, code: "PIN_WRONG", attemptsLeft };
  }

  await recordSignInAttempt(
    device.shopId,
    device.id,
    { kind: "kiosk", id: matched.id, name: `${matched.name} @ ${device.name}` },
    true,
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
