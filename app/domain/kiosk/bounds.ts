/**
 * What a kiosk may act on, and when it may say it acted. A kiosk stands at one Shopify location:
 * whatever it does (tag, print, receive, give an RFID serial) is about pieces there, or pieces not
 * yet at any location (a new arrival, received into this kiosk's location). The time it sends with
 * an operation is when the person acted (delivered late after being offline): believed only from
 * the moment the kiosk was paired up to the server's clock, with a few minutes' allowance each way
 * for a kiosk clock that drifts.
 */

export const KIOSK_CLOCK_SKEW_MS = 5 * 60_000;

export type KioskTimeRefusal = "TIME_BEFORE_PAIRING" | "TIME_AHEAD";

export function kioskTimeRefusal(at: Date, pairedAt: Date, now: Date): KioskTimeRefusal | null {
  if (at.getTime() < pairedAt.getTime() - KIOSK_CLOCK_SKEW_MS) return "TIME_BEFORE_PAIRING";
  if (at.getTime() > now.getTime() + KIOSK_CLOCK_SKEW_MS) return "TIME_AHEAD";
  return null;
}

/** Whether a piece (its Shopify location, null when it has none yet) is one this kiosk may act on. */
export function pieceIsHere(pieceLocationGid: string | null, kioskLocationGid: string): boolean {
  return pieceLocationGid === null || pieceLocationGid === kioskLocationGid;
}
