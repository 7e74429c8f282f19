/**
 * How long a person signed in at a kiosk may leave it untouched before it signs them out: a
 * shop's setting (Settings page), in whole minutes. A counter tablet left signed in lets anyone
 * print and receive in that person's name, so the default is short; the bounds keep the setting
 * meaningful (a minute is enough to fetch a piece from the safe; four hours is a shift).
 */
export const KIOSK_IDLE_MINUTES = { default: 10, min: 1, max: 240 } as const;

/** The idle time the kiosk applies: the shop's setting, or the default when the app sent none or nonsense. */
export function kioskIdleMs(minutes: unknown): number {
  const m =
    typeof minutes === "number" &&
    Number.isInteger(minutes) &&
    minutes >= KIOSK_IDLE_MINUTES.min &&
    minutes <= KIOSK_IDLE_MINUTES.max
      ? minutes
      : KIOSK_IDLE_MINUTES.default;
  return m * 60_000;
}
