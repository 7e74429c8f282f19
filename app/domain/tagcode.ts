/**
 * Tag codes: 6 random Crockford base32 symbols + 1 Luhn mod 32 check symbol, e.g. "7K3QX9M"
 * (shown "7K3Q-X9M"). 32^6 ≈ 1.07 billion codes per shop; uniqueness is the database's job.
 *
 * Luhn mod N (N = 32) catches every single-symbol substitution (doubling is a permutation of
 * 0..31) and every adjacent transposition except "0Z" <-> "Z0": the transposition of a and b
 * goes unnoticed exactly when f(a) - a = f(b) - b, f being the doubling step, and 0 and 31
 * ("Z") are the only code points where that difference coincides (it is 0 for both).
 */

export const TAG_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const TAG_PAYLOAD_LENGTH = 6;
export const TAG_CODE_LENGTH = TAG_PAYLOAD_LENGTH + 1;

const N = TAG_ALPHABET.length;

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
 * A new code from caller-supplied randomness (crypto.randomBytes in production, a fixed
 * sequence in tests). 256 is a multiple of 32, so `byte % 32` is unbiased.
 */
export function generateTagCode(randomBytes: (n: number) => Uint8Array): string {
  const bytes = randomBytes(TAG_PAYLOAD_LENGTH);
  if (bytes.length < TAG_PAYLOAD_LENGTH) throw new Error("randomBytes returned too few bytes");
  let payload = "";
  for (let i = 0; i < TAG_PAYLOAD_LENGTH; i++) payload += TAG_ALPHABET.charAt((bytes[i] ?? 0) % N);
  return payload + luhnCheckSymbol(payload);
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

export function validateTagCode(input: string): TagCodeValidation {
  const code = normalizeTagCode(input);
  if (code.length !== TAG_CODE_LENGTH) return { ok: false, reason: "LENGTH" };
  if ([...code].some((c) => codePoint(c) < 0)) return { ok: false, reason: "CHARACTER" };
  if (luhnCheckSymbol(code.slice(0, TAG_PAYLOAD_LENGTH)) !== code.charAt(TAG_PAYLOAD_LENGTH)) {
    return { ok: false, reason: "CHECK" };
  }
  return { ok: true, code };
}

/** "7K3QX9M" -> "7K3Q-X9M": easier to read aloud; normalizeTagCode removes the hyphen. */
export function displayTagCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
