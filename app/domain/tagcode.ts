/**
 * Tag codes: 6 Crockford base32 symbols + 1 Luhn mod 32 check symbol, e.g. "7K3PX9M" (printed and
 * shown "7K3P-X9M"). Every code ever issued, old or new, is read and checked the same way, so
 * printed tags and codes in the database keep scanning and verifying.
 *
 * New codes use only UNAMBIGUOUS_SYMBOLS, and their check symbol too: on a small printed tag "Q"
 * and "D" read as "0", "Z" as "2", "S" as "5", "G" as "6", "B" as "8". Codes issued before
 * (any Crockford symbol) stay valid; a person reading a new tag can no longer type the wrong one
 * of such a pair. 26^6 ≈ 309 million payloads, about 80 % of which have a check symbol in the set:
 * ≈ 250 million new codes per shop; uniqueness is the database's job.
 *
 * Luhn mod N (N = 32) catches every single-symbol substitution (doubling is a permutation of
 * 0..31) and every adjacent transposition except "0Z" <-> "Z0": the transposition of a and b
 * goes unnoticed exactly when f(a) - a = f(b) - b, f being the doubling step, and 0 and 31
 * ("Z") are the only code points where that difference coincides (it is 0 for both). New codes
 * never contain "Z", so on them every adjacent transposition is caught.
 */

export const TAG_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** The symbols a new code is made of: TAG_ALPHABET without B D G Q S Z (see above). */
export const UNAMBIGUOUS_SYMBOLS = "0123456789ACEFHJKMNPRTVWXY";
export const TAG_PAYLOAD_LENGTH = 6;
export const TAG_CODE_LENGTH = TAG_PAYLOAD_LENGTH + 1;

const N = TAG_ALPHABET.length;
const M = UNAMBIGUOUS_SYMBOLS.length;
/** Bytes at or above this are rejected so that `byte % M` is unbiased (234 = 9 × 26). */
const UNBIASED_BYTE_LIMIT = 256 - (256 % M);
/** A source of randomness that fails this often in a row is not random (odds ≈ 10^-56). */
const MAX_ATTEMPTS = 200;

function codePoint(symbol: string): number {
  return TAG_ALPHABET.indexOf(symbol);
}

/** Luhn mod N: double every second code point from the right (check symbol excluded). */
export function luhnCheckSymbol(payload: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = payload.length - 1; i >= 0; i--) {
    const cp = codePoint(payload.charAt(i));
    if (cp < 0) throw new Error(`Not a tag code symbol: "${payload.charAt(i)}"`);
    const doubled = cp * factor;
    sum += Math.trunc(doubled / N) + (doubled % N);
    factor = factor === 2 ? 1 : 2;
  }
  return TAG_ALPHABET.charAt((N - (sum % N)) % N);
}

/**
 * A new code from caller-supplied randomness (crypto.randomBytes in production, a seeded
 * sequence in tests): each attempt takes 6 bytes; a byte that would bias the choice, or a check
 * symbol outside UNAMBIGUOUS_SYMBOLS, means another attempt, so every new code is equally likely.
 */
export function generateTagCode(randomBytes: (n: number) => Uint8Array): string {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const bytes = randomBytes(TAG_PAYLOAD_LENGTH);
    if (bytes.length < TAG_PAYLOAD_LENGTH) throw new Error("randomBytes returned too few bytes");
    const picked = Array.from(bytes.subarray(0, TAG_PAYLOAD_LENGTH));
    if (picked.some((b) => b >= UNBIASED_BYTE_LIMIT)) continue;
    const payload = picked.map((b) => UNAMBIGUOUS_SYMBOLS.charAt(b % M)).join("");
    const check = luhnCheckSymbol(payload);
    if (UNAMBIGUOUS_SYMBOLS.includes(check)) return payload + check;
  }
  throw new Error(`randomBytes gave no usable tag code in ${MAX_ATTEMPTS} attempts: it is not random`);
}

/** Crockford reading of what was typed or scanned: case, spaces, hyphens, O/I/L. */
export function normalizeTagCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s\-\u2010-\u2015]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
}

export type TagCodeValidation = { ok: true; code: string } | { ok: false; reason: "LENGTH" | "CHARACTER" | "CHECK" };

/**
 * What was typed, scanned or imported, read as a tag code (any code Loupe ever issued, the
 * display form "7K3P-X9M" included). The one reading for every input: kiosk, admin search, CSV.
 */
export function validateTagCode(input: string): TagCodeValidation {
  const code = normalizeTagCode(input);
  if (code.length !== TAG_CODE_LENGTH) return { ok: false, reason: "LENGTH" };
  if ([...code].some((c) => codePoint(c) < 0)) return { ok: false, reason: "CHARACTER" };
  if (luhnCheckSymbol(code.slice(0, TAG_PAYLOAD_LENGTH)) !== code.charAt(TAG_PAYLOAD_LENGTH)) {
    return { ok: false, reason: "CHECK" };
  }
  return { ok: true, code };
}

/** "7K3PX9M" -> "7K3P-X9M": easier to read aloud; normalizeTagCode removes the hyphen. */
export function displayTagCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

const CANONICAL = new RegExp(`^[${TAG_ALPHABET}]{${TAG_CODE_LENGTH}}$`);

/**
 * The human-readable line under a tag's barcode: a Loupe tag code grouped "7K3P-X9M"; any other
 * code (imported from an older system, a location's "L-…") exactly as stored, since that is what
 * its barcode carries and what staff search for.
 */
export function printedTagCode(code: string): string {
  return CANONICAL.test(code) && validateTagCode(code).ok ? displayTagCode(code) : code;
}
