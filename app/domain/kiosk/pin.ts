/**
 * Staff PINs at the kiosk. A PIN names a person (sign-in is by PIN alone), so two people of one
 * shop never share one; it is short enough to type at a counter and refused when trivially
 * guessable. Wrong PINs lock (see PinLimit).
 */

export const PIN_MIN_LENGTH = 4;
export const PIN_MAX_LENGTH = 8;
export const MAX_FAILED_PINS = 5;
export const PIN_LOCK_MS = 15 * 60_000;

export type PinRefusal = "PIN_FORMAT" | "PIN_TOO_SIMPLE";

export function checkNewPin(pin: string): { ok: true } | { ok: false; code: PinRefusal } {
  if (!/^[0-9]+$/.test(pin) || pin.length < PIN_MIN_LENGTH || pin.length > PIN_MAX_LENGTH)
    return { ok: false, code: "PIN_FORMAT" };
  const digits = [...pin].map(Number);
  const same = digits.every((d) => d === digits[0]);
  const steps = digits.slice(1).map((d, i) => d - digits[i]!);
  const ascending = steps.every((s) => s === 1);
  const descending = steps.every((s) => s === -1);
  if (same || ascending || descending) return { ok: false, code: "PIN_TOO_SIMPLE" };
  return { ok: true };
}

/** A PIN as typed: digits only, within the length limits (anything else cannot match). */
export function isPinShaped(pin: string): boolean {
  return /^[0-9]+$/.test(pin) && pin.length >= PIN_MIN_LENGTH && pin.length <= PIN_MAX_LENGTH;
}

/**
 * How many wrong PINs a scope takes before sign-in locks there. Wrong PINs are counted in a window
 * opened by the first of them; a successful sign-in never clears them (whoever signs in), so a
 * person cannot spend their own PIN to reset someone else's guesses.
 * - one kiosk: five in a window of 15 minutes lock that kiosk for 15 minutes from the fifth;
 * - the shop: twenty in an hour lock sign-in on every kiosk of the shop until that hour is out
 *   (guesses spread over many kiosks, or over many windows, still meet a limit).
 */
export type PinLimit = {
  readonly scope: "device" | "shop";
  readonly max: number;
  readonly windowMs: number;
  /** When the lock started by the attempt that fills the window ends. */
  readonly lockUntil: (windowStart: Date, failedAt: Date) => Date;
};

export const SHOP_WRONG_PINS_PER_HOUR = 20;
const HOUR_MS = 3600_000;

export const DEVICE_PIN_LIMIT: PinLimit = {
  scope: "device",
  max: MAX_FAILED_PINS,
  windowMs: PIN_LOCK_MS,
  lockUntil: (_windowStart, failedAt) => new Date(failedAt.getTime() + PIN_LOCK_MS),
};

export const SHOP_PIN_LIMIT: PinLimit = {
  scope: "shop",
  max: SHOP_WRONG_PINS_PER_HOUR,
  windowMs: HOUR_MS,
  lockUntil: (windowStart) => new Date(windowStart.getTime() + HOUR_MS),
};

/** The next attempt opens a new window: none yet, the last ran out, or its lock did. */
export function windowIsOver(
  limit: PinLimit,
  state: { windowStart: Date | null; lockedUntil: Date | null },
  now: Date,
): boolean {
  if (state.lockedUntil) return state.lockedUntil.getTime() <= now.getTime();
  return state.windowStart === null || state.windowStart.getTime() <= now.getTime() - limit.windowMs;
}

/** Attempts left in a window holding `count` (wrong PINs and PINs being checked). */
export function attemptsLeft(limit: PinLimit, count: number): number {
  return Math.max(0, limit.max - count);
}

/** A staff member's own counter (StaffMember.failedPins / lockedUntil) after one more wrong PIN. */
export function afterWrongPin(failedPins: number, now: Date): { failedPins: number; lockedUntil: Date | null } {
  const next = failedPins + 1;
  return next >= MAX_FAILED_PINS
    ? { failedPins: 0, lockedUntil: new Date(now.getTime() + PIN_LOCK_MS) }
    : { failedPins: next, lockedUntil: null };
}
