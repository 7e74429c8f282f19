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
  checkNewPin,
  isPinShaped,
  MAX_FAILED_PINS,
  PIN_LOCK_MS,
  pinLockState,
} from "../../../app/domain/kiosk/pin";

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
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const failures = (n: number, newestAgo = 0) => Array.from({ length: n }, (_, i) => ago(newestAgo + i * 1000));

  test("counts down the attempts left", () => {
    expect(pinLockState([], now)).toEqual({ locked: false, attemptsLeft: 5 });
    expect(pinLockState(failures(1), now)).toEqual({ locked: false, attemptsLeft: 4 });
    expect(pinLockState(failures(4), now)).toEqual({ locked: false, attemptsLeft: 1 });
  });

  test("the fifth wrong PIN locks for 15 minutes from that attempt", () => {
    expect(MAX_FAILED_PINS).toBe(5);
    expect(pinLockState(failures(5), now)).toEqual({ locked: true, until: new Date(now.getTime() + PIN_LOCK_MS) });
    expect(pinLockState(failures(5, PIN_LOCK_MS - 1), now)).toMatchObject({ locked: true });
  });

  test("after the lock runs out the count starts again", () => {
    expect(pinLockState(failures(5, PIN_LOCK_MS), now)).toEqual({ locked: false, attemptsLeft: 5 });
    expect(pinLockState(failures(6), now)).toEqual({ locked: false, attemptsLeft: 4 });
    expect(pinLockState(failures(10), now)).toMatchObject({ locked: true });
  });

  test("a staff member's own counter locks on the fifth and resets", () => {
    expect(afterWrongPin(0, now)).toEqual({ failedPins: 1, lockedUntil: null });
    expect(afterWrongPin(4, now)).toEqual({ failedPins: 0, lockedUntil: new Date(now.getTime() + PIN_LOCK_MS) });
  });
});
