/**
 * Location codes, printed on the labels of safes, showcases and trays: "L-" + 6 Crockford base32
 * symbols + 1 Luhn mod 32 check symbol (the tag code alphabet and check, see ../tagcode.ts), e.g.
 * "L-4F7QK2M".
 *
 * A scan is never confused with a piece's tag code: a tag code is 7 symbols with no prefix, and
 * read as one a location code is 8 symbols ("L" reads as "1"), so it fails the length check. The
 * code is derived from the location's id (a digest of it), so it never changes, needs no column,
 * and a label printed twice carries the same code.
 */
import { TAG_ALPHABET, TAG_PAYLOAD_LENGTH, luhnCheckSymbol } from "../tagcode";

export const LOCATION_CODE_PREFIX = "L-";

/** From the first bytes of a digest of the location's id (sha256 on the server). */
export function locationCodeFromDigest(digest: Uint8Array): string {
  if (digest.length < TAG_PAYLOAD_LENGTH) throw new Error("digest too short for a location code");
  let payload = "";
  // 256 is a multiple of 32, so `byte % 32` is unbiased.
  for (let i = 0; i < TAG_PAYLOAD_LENGTH; i++) payload += TAG_ALPHABET.charAt(digest[i]! % TAG_ALPHABET.length);
  return LOCATION_CODE_PREFIX + payload + luhnCheckSymbol(payload);
}

export type LocationCodeReading =
  | { kind: "location"; code: string }
  | { kind: "invalid-location"; reason: "LENGTH" | "CHARACTER" | "CHECK" }
  | { kind: "not-a-location" };

/**
 * What was scanned or typed, read as a location code: case, spaces and hyphens do not matter, and
 * O, I and L after the prefix read as 0, 1 and 1 as in tag codes. Text that starts with "L-" is
 * meant as a location code, so a wrong one is reported as such; other text (a piece's tag code, an
 * imported code such as "LP-000123") is a location code only when it is one exactly, check symbol
 * included, and is otherwise left for the piece lookup.
 */
export function readLocationCode(input: string): LocationCodeReading {
  const trimmed = input.trim().toUpperCase();
  const meant = trimmed.startsWith(LOCATION_CODE_PREFIX);
  const compact = trimmed.replace(/[\s\-\u2010-\u2015]/g, "");
  if (!compact.startsWith("L")) return { kind: "not-a-location" };
  const body = compact.slice(1).replace(/O/g, "0").replace(/[IL]/g, "1");
  const refuse = (reason: "LENGTH" | "CHARACTER" | "CHECK"): LocationCodeReading =>
    meant ? { kind: "invalid-location", reason } : { kind: "not-a-location" };
  if (body.length !== TAG_PAYLOAD_LENGTH + 1) return refuse("LENGTH");
  if ([...body].some((c) => !TAG_ALPHABET.includes(c))) return refuse("CHARACTER");
  if (luhnCheckSymbol(body.slice(0, TAG_PAYLOAD_LENGTH)) !== body.charAt(TAG_PAYLOAD_LENGTH)) return refuse("CHECK");
  return { kind: "location", code: LOCATION_CODE_PREFIX + body };
}
