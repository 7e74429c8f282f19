/**
 * Signed provenance records. The signed message is the canonical JSON (sorted keys, no spaces,
 * see app/domain/audit.ts) of { format, record, signedAt } (format 1) or { format, record,
 * signedAt, version } (format 2: a numbered version of the piece's record); the signature is
 * Ed25519 over its UTF-8 bytes. Anyone holding the envelope can check it with the public key inside it, and
 * compare that key's fingerprint with the one the shop shows on its pages.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { canonicalJson } from "../audit";
import { PROVENANCE_FORMAT, PROVENANCE_FORMAT_VERSIONED, type PublicRecord } from "./record";

export type SignedEnvelope = {
  format: typeof PROVENANCE_FORMAT | typeof PROVENANCE_FORMAT_VERSIONED;
  record: PublicRecord;
  signedAt: string;
  /** The record's version number (format 2): 1 for the first signature, one more at each change. */
  version?: number;
  signature: { algorithm: "Ed25519"; publicKey: string; fingerprint: string; value: string };
};

// DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it.
const SPKI_ED25519_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export function publicKeyFromRaw(rawBase64: string): KeyObject {
  const raw = Buffer.from(rawBase64, "base64");
  if (raw.length !== 32) throw new TypeError("An Ed25519 public key is 32 bytes");
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: "der", type: "spki" });
}

export function rawPublicKey(key: KeyObject): string {
  const der = key.export({ format: "der", type: "spki" });
  return der.subarray(der.length - 32).toString("base64");
}

export function privateKeyFromPkcs8(der: Buffer): KeyObject {
  return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
}

/** A short, readable fingerprint of a public key: the first 80 bits of its SHA-256, in 4 groups. */
export function fingerprintOf(rawPublicKeyBase64: string): string {
  const hex = createHash("sha256")
    .update(Buffer.from(rawPublicKeyBase64, "base64"))
    .digest("hex")
    .slice(0, 20)
    .toUpperCase();
  return hex.match(/.{5}/g)!.join("-");
}

/** The exact bytes that are signed: with a version number, format 2. */
export function signedMessage(record: PublicRecord, signedAt: string, version?: number): string {
  return version === undefined
    ? canonicalJson({ format: PROVENANCE_FORMAT, record, signedAt })
    : canonicalJson({ format: PROVENANCE_FORMAT_VERSIONED, record, signedAt, version });
}

/** SHA-256 of the record alone: what the shop stores to notice a record changed after signing. */
export function recordDigest(record: PublicRecord): string {
  return createHash("sha256").update(canonicalJson(record)).digest("hex");
}

export function signRecord(
  record: PublicRecord,
  signedAt: string,
  privateKey: KeyObject,
  publicKeyRaw: string,
  version?: number,
): SignedEnvelope {
  const value = sign(null, Buffer.from(signedMessage(record, signedAt, version), "utf8"), privateKey).toString(
    "base64",
  );
  return {
    format: version === undefined ? PROVENANCE_FORMAT : PROVENANCE_FORMAT_VERSIONED,
    record,
    signedAt,
    ...(version === undefined ? {} : { version }),
    signature: { algorithm: "Ed25519", publicKey: publicKeyRaw, fingerprint: fingerprintOf(publicKeyRaw), value },
  };
}

export type VerifyFailure =
  "MALFORMED" | "UNKNOWN_FORMAT" | "FINGERPRINT_MISMATCH" | "UNEXPECTED_KEY" | "BAD_SIGNATURE";
export type VerifyResult =
  { ok: true; fingerprint: string; signedAt: string; version: number | null } | { ok: false; reason: VerifyFailure };

/**
 * Checks an envelope as received (parsed JSON of unknown shape). `expectedFingerprint`, when
 * given, is the shop's fingerprint obtained elsewhere (its page, its admin): without it the check
 * proves only that the record was not changed since someone signed it.
 */
export function verifyEnvelope(input: unknown, expectedFingerprint?: string | null): VerifyResult {
  if (!input || typeof input !== "object") return { ok: false, reason: "MALFORMED" };
  const env = input as Partial<SignedEnvelope>;
  if (env.format !== PROVENANCE_FORMAT && env.format !== PROVENANCE_FORMAT_VERSIONED)
    return { ok: false, reason: "UNKNOWN_FORMAT" };
  const versioned = env.format === PROVENANCE_FORMAT_VERSIONED;
  if (versioned && !(Number.isSafeInteger(env.version) && (env.version as number) >= 1))
    return { ok: false, reason: "MALFORMED" };
  const sig = env.signature;
  if (
    !env.record ||
    typeof env.record !== "object" ||
    typeof env.signedAt !== "string" ||
    !sig ||
    sig.algorithm !== "Ed25519" ||
    typeof sig.publicKey !== "string" ||
    typeof sig.value !== "string" ||
    typeof sig.fingerprint !== "string"
  ) {
    return { ok: false, reason: "MALFORMED" };
  }
  let key: KeyObject;
  let message: string;
  try {
    key = publicKeyFromRaw(sig.publicKey);
    message = signedMessage(env.record, env.signedAt, versioned ? env.version : undefined);
  } catch {
    return { ok: false, reason: "MALFORMED" };
  }
  const fingerprint = fingerprintOf(sig.publicKey);
  if (fingerprint !== sig.fingerprint) return { ok: false, reason: "FINGERPRINT_MISMATCH" };
  if (expectedFingerprint && normaliseFingerprint(expectedFingerprint) !== fingerprint)
    return { ok: false, reason: "UNEXPECTED_KEY" };
  const good = verify(null, Buffer.from(message, "utf8"), key, Buffer.from(sig.value, "base64"));
  return good
    ? { ok: true, fingerprint, signedAt: env.signedAt, version: versioned ? env.version! : null }
    : { ok: false, reason: "BAD_SIGNATURE" };
}

/** People type fingerprints with spaces, lower case or no dashes. */
export function normaliseFingerprint(input: string): string {
  const hex = input.replace(/[^0-9a-f]/gi, "").toUpperCase();
  return hex.match(/.{1,5}/g)?.join("-") ?? "";
}
