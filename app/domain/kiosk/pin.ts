/**
 * Staff PINs at the kiosk. A PIN names a person (sign-in is by PIN alone), so two people of one
 * shop never share one; it is short enough to type at a counter and refused when trivially
 * guessable. Wrong PINs lock: five in a row lock for fifteen minutes.
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

export type PinLockState = { locked: true; until: Date } | { locked: false; attemptsLeft: number };

/**
 * The lock after a run of failures. `failures` are the times of the wrong PINs since the last
 * successful sign-in, newest first. Locked when the newest MAX_FAILED_PINS all happened and the
 * lock that the last of them started has not yet run out; once it has, the count starts again.
 */
export function pinLockState(failures: readonly Date[], now: Date): PinLockState {
  // Failures come in runs of MAX_FAILED_PINS, each run ended by a lock: this is the current run.
  const run = failures.length === 0 ? 0 : ((failures.length - 1) % MAX_FAILED_PINS) + 1;
  const newest = failures[0];
  if (run === MAX_FAILED_PINS && newest) {
    const until = new Date(newest.getTime() + PIN_LOCK_MS);
    if (until.getTime() > now.getTime()) return { locked: true, until };
    return { locked: false, attemptsLeft: MAX_FAILED_PINS };
  }
  return { locked: false, attemptsLeft: MAX_FAILED_PINS - run };
}

/** A staff member's own counter (StaffMember.failedPins / lockedUntil) after one more wrong PIN. */
export function afterWrongPin(failedPins: number, now: Date): { failedPins: number; lockedUntil: Date | null } {
  const next = failedPins + 1;
  return next >= MAX_FAILED_PINS
    ? { failedPins: 0, lockedUntil: new Date(now.getTime() + PIN_LOCK_MS) }
    : { failedPins: next, lockedUntil: null };
}
