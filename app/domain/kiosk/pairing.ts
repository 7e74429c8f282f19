/**
 * Pairing codes: 8 Crockford base32 symbols shown "XXXX-XXXX". A kiosk shows one, a manager types
 * it in the admin. 32^8 ≈ 1.1 × 10^12 codes, valid 10 minutes, and typed by a person, so no check
 * symbol: a mistyped code simply matches nothing (the admin says so) and the manager retypes it.
 */
import { TAG_ALPHABET } from "../tagcode";

export const PAIRING_CODE_LENGTH = 8;
export const PAIRING_TTL_MS = 10 * 60_000;

/** From caller-supplied randomness; 256 is a multiple of 32, so `byte % 32` is unbiased. */
export function generatePairingCode(randomBytes: (n: number) => Uint8Array): string {
  const bytes = randomBytes(PAIRING_CODE_LENGTH);
  if (bytes.length < PAIRING_CODE_LENGTH) throw new Error("randomBytes returned too few bytes");
  let code = "";
  for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += TAG_ALPHABET.charAt((bytes[i] ?? 0) % TAG_ALPHABET.length);
  return code;
}

/** "7K3QX9M2" -> "7K3Q-X9M2". */
export function formatPairingCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * What a manager typed, read the Crockford way (case, spaces, hyphens, O -> 0, I/L -> 1);
 * null when it cannot be a pairing code at all.
 */
export function normalizePairingCode(input: string): string | null {
  const code = input
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (code.length !== PAIRING_CODE_LENGTH) return null;
  return [...code].every((c) => TAG_ALPHABET.includes(c)) ? code : null;
}

export function pairingExpired(expiresAt: Date, now: Date): boolean {
  return now.getTime() >= expiresAt.getTime();
}
