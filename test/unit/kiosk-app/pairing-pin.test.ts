import { describe, expect, test } from "vitest";
import {
  formatPairingCode,
  generatePairingCode,
  normalizePairingCode,
  pairingExpired,
  PAIRING_TTL_MS,
} from "../../../app/domain/kiosk/pairing";
import {
  afterWrongPin,
  attemptsLeft,
  checkNewPin,
  DEVICE_PIN_LIMIT,
  isPinShaped,
  MAX_FAILED_PINS,
  PIN_LOCK_MS,
  SHOP_PIN_LIMIT,
  windowIsOver,
} from "../../../app/domain/kiosk/pin";
import { KIOSK_CLOCK_SKEW_MS, kioskTimeRefusal, pieceIsHere } from "../../../app/domain/kiosk/bounds";

const bytes =
  (...values: number[]) =>
  () =>
    Uint8Array.from(values);

describe("pairing codes", () => {
  test("eight Crockford symbols from the given randomness, shown as XXXX-XXXX", () => {
    const code = generatePairingCode(bytes(0, 1, 31, 32, 63, 255, 10, 20));
    expect(code).toBe("01Z0ZZAM");
    expect(formatPairingCode(code)).toBe("01Z0-ZZAM");
  });

  test("refuses too little randomness", () => {
    expect(() => generatePairingCode(bytes(1, 2, 3))).toThrow(/too few/);
  });

  test.each([
    ["01zz-0zam", "01ZZ0ZAM"],
    [" O1ZZ 0ZAM ", "01ZZ0ZAM"],
    ["iLZZ–0ZAM", "11ZZ0ZAM"],
    ["01ZZ0ZA", null],
    ["01ZZ0ZAMX", null],
    ["01ZZ0ZAU", null],
    ["01ZZ-0ZA!", null],
  ])("normalizes what a manager types: %j -> %j", (input, expected) => {
    expect(normalizePairingCode(input)).toBe(expected);
  });

  test("expires exactly at expiresAt", () => {
    const created = new Date("2026-11-26T10:00:00Z");
    const expiresAt = new Date(created.getTime() + PAIRING_TTL_MS);
    expect(pairingExpired(expiresAt, new Date(expiresAt.getTime() - 1))).toBe(false);
    expect(pairingExpired(expiresAt, expiresAt)).toBe(true);
    expect(PAIRING_TTL_MS).toBe(600_000);
  });
});

describe("PIN rules", () => {
  test.each([
    ["4821", { ok: true }],
    ["48210573", { ok: true }],
    ["482", { ok: false, code: "PIN_FORMAT" }],
    ["482105739", { ok: false, code: "PIN_FORMAT" }],
    ["48a1", { ok: false, code: "PIN_FORMAT" }],
    [" 4821", { ok: false, code: "PIN_FORMAT" }],
    ["0000", { ok: false, code: "PIN_TOO_SIMPLE" }],
    ["1234", { ok: false, code: "PIN_TOO_SIMPLE" }],
    ["98765", { ok: false, code: "PIN_TOO_SIMPLE" }],
    ["1235", { ok: true }],
  ])("new PIN %j -> %j", (pin, expected) => {
    expect(checkNewPin(pin)).toEqual(expected);
  });

  test("only digit strings of 4 to 8 can be a PIN at sign-in", () => {
    expect(isPinShaped("4821")).toBe(true);
    expect(isPinShaped("48")).toBe(false);
    expect(isPinShaped("4821' OR 1=1")).toBe(false);
  });
});

describe("PIN lock after wrong PINs", () => {
  const now = new Date("2026-11-26T10:00:00Z");
  const at = (ms: number) => new Date(now.getTime() + ms);
  const MINUTE = 60_000;

  test("a kiosk takes five wrong PINs in a window of 15 minutes; the fifth locks it for 15 minutes from then", () => {
    expect(DEVICE_PIN_LIMIT).toMatchObject({ max: 5, windowMs: 15 * MINUTE });
    expect(MAX_FAILED_PINS).toBe(5);
    // Window opened at 10:00, filled at 10:12: locked until 10:27.
    expect(DEVICE_PIN_LIMIT.lockUntil(now, at(12 * MINUTE))).toEqual(at(27 * MINUTE));
    expect([0, 1, 4, 5, 6].map((count) => attemptsLeft(DEVICE_PIN_LIMIT, count))).toEqual([5, 4, 1, 0, 0]);
  });

  test("the shop takes twenty in an hour; the twentieth locks every kiosk until that hour is out", () => {
    expect(SHOP_PIN_LIMIT).toMatchObject({ max: 20, windowMs: 60 * MINUTE });
    // Window opened at 10:00, filled at 10:12: locked until 11:00, not 11:12.
    expect(SHOP_PIN_LIMIT.lockUntil(now, at(12 * MINUTE))).toEqual(at(60 * MINUTE));
    expect(attemptsLeft(SHOP_PIN_LIMIT, 17)).toBe(3);
  });

  test("a new window opens when there is none, when the last ran out, or when its lock did; never before", () => {
    const state = (windowStart: Date | null, lockedUntil: Date | null = null) => ({ windowStart, lockedUntil });
    expect(windowIsOver(DEVICE_PIN_LIMIT, state(null), now)).toBe(true);
    expect(windowIsOver(DEVICE_PIN_LIMIT, state(at(-15 * MINUTE)), now)).toBe(true);
    expect(windowIsOver(DEVICE_PIN_LIMIT, state(at(-15 * MINUTE + 1)), now)).toBe(false);
    // Locked: over exactly when the lock is, whatever the window.
    expect(windowIsOver(DEVICE_PIN_LIMIT, state(at(-20 * MINUTE), at(1)), now)).toBe(false);
    expect(windowIsOver(DEVICE_PIN_LIMIT, state(at(-20 * MINUTE), now), now)).toBe(true);
    expect(windowIsOver(SHOP_PIN_LIMIT, state(at(-59 * MINUTE)), now)).toBe(false);
    expect(windowIsOver(SHOP_PIN_LIMIT, state(at(-60 * MINUTE)), now)).toBe(true);
  });

  test("a staff member's own counter locks on the fifth and resets", () => {
    expect(afterWrongPin(0, now)).toEqual({ failedPins: 1, lockedUntil: null });
    expect(afterWrongPin(4, now)).toEqual({ failedPins: 0, lockedUntil: new Date(now.getTime() + PIN_LOCK_MS) });
  });
});

describe("what a kiosk may act on, and when", () => {
  const now = new Date("2026-12-07T10:00:00Z");
  const paired = new Date("2026-12-01T09:00:00Z");
  const ms = (iso: string) => new Date(iso);

  test("times from the pairing to the server's clock, with 5 minutes' allowance each way", () => {
    expect(KIOSK_CLOCK_SKEW_MS).toBe(5 * 60_000);
    expect(kioskTimeRefusal(ms("2026-12-01T08:55:00Z"), paired, now)).toBeNull();
    expect(kioskTimeRefusal(ms("2026-12-01T08:54:59.999Z"), paired, now)).toBe("TIME_BEFORE_PAIRING");
    expect(kioskTimeRefusal(ms("2026-12-03T12:00:00Z"), paired, now)).toBeNull();
    expect(kioskTimeRefusal(ms("2026-12-07T10:05:00Z"), paired, now)).toBeNull();
    expect(kioskTimeRefusal(ms("2026-12-07T10:05:00.001Z"), paired, now)).toBe("TIME_AHEAD");
  });

  test("pieces at the kiosk's Shopify location, or at none yet", () => {
    expect(pieceIsHere("gid://shopify/Location/1", "gid://shopify/Location/1")).toBe(true);
    expect(pieceIsHere(null, "gid://shopify/Location/1")).toBe(true);
    expect(pieceIsHere("gid://shopify/Location/2", "gid://shopify/Location/1")).toBe(false);
  });
});
