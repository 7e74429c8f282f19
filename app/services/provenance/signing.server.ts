// Each shop's Ed25519 signing key. Created on first use; the private half is stored sealed with
// AES-256-GCM under a key derived (HKDF-SHA256) from the app secret and the shop's id, so a copy of
// the database alone cannot sign. The unsealed key is kept in this process's memory.
import {
  createCipheriv,
  createDecipheriv,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from "node:crypto";
import { env } from "../../env.server";
import { fingerprintOf, privateKeyFromPkcs8, rawPublicKey } from "../../domain/provenance/signature";
import { findSigningKey, insertSigningKey, replaceSigningKey } from "../../models/provenance.server";
import type { Tx } from "../../models/transaction.server";

const SEAL_VERSION = "v1";

function sealingKey(secret: string, shopId: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, `loupe-shop:${shopId}`, "loupe/provenance-signing-key/v1", 32));
}

export function sealPrivateKey(pkcs8: Buffer, secret: string, shopId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(secret, shopId), iv);
  cipher.setAAD(Buffer.from(shopId));
  const body = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  return [SEAL_VERSION, iv.toString("base64"), cipher.getAuthTag().toString("base64"), body.toString("base64")].join(
    ".",
  );
}

/** Throws when the secret or the shop differs from the ones it was sealed with, or it was altered. */
export function unsealPrivateKey(sealed: string, secret: string, shopId: string): Buffer {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== SEAL_VERSION || !iv || !tag || !body) throw new Error("Unknown sealed key format");
  const decipher = createDecipheriv("aes-256-gcm", sealingKey(secret, shopId), Buffer.from(iv, "base64"));
  decipher.setAAD(Buffer.from(shopId));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64")), decipher.final()]);
}

export type ShopKey = { publicKey: string; fingerprint: string; privateKey: KeyObject };

const cache = new Map<string, ShopKey>();

function newKeyRow(shopId: string, secret: string) {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = rawPublicKey(publicKey);
  const pkcs8 = privateKey.export({ format: "der", type: "pkcs8" });
  return {
    row: {
      shopId,
      publicKey: raw,
      sealedPrivate: sealPrivateKey(pkcs8, secret, shopId),
      fingerprint: fingerprintOf(raw),
    },
    key: { publicKey: raw, fingerprint: fingerprintOf(raw), privateKey },
  };
}

/**
 * The shop's key, created on first use. Two instances creating it at once: the second insert
 * fails on the primary key and that instance reads the winner's key.
 * When the app secret was rotated the old key can no longer be opened: a new key replaces it
 * (records are re-signed with it; the shop's fingerprint changes, see README).
 */
export async function shopKey(shopId: string): Promise<ShopKey> {
  const secret = env().SHOPIFY_API_SECRET;
  const cacheKey = `${shopId}\u0000${secret}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  let row = await findSigningKey(shopId);
  if (!row) {
    const fresh = newKeyRow(shopId, secret);
    const inserted = await insertSigningKey(fresh.row);
    if (inserted) {
      cache.set(cacheKey, fresh.key);
      return fresh.key;
    }
    row = await findSigningKey(shopId);
    if (!row) throw new Error("The shop's signing key vanished while being created");
  }
  let key: ShopKey;
  try {
    key = {
      publicKey: row.publicKey,
      fingerprint: row.fingerprint,
      privateKey: privateKeyFromPkcs8(unsealPrivateKey(row.sealedPrivate, secret, shopId)),
    };
  } catch {
    const fresh = newKeyRow(shopId, secret);
    await replaceSigningKey(fresh.row);
    key = fresh.key;
  }
  cache.set(cacheKey, key);
  return key;
}

/**
 * The shop's key inside a transaction, without writing: from this process's memory, or its row read
 * through the transaction and unsealed. Null when the shop has no key yet or the sealed key cannot be
 * opened with the current app secret (making or replacing a key writes on its own; the caller signs
 * nothing then).
 */
export async function shopKeyInTx(tx: Tx, shopId: string): Promise<ShopKey | null> {
  const secret = env().SHOPIFY_API_SECRET;
  const cacheKey = `${shopId}\u0000${secret}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const row = await findSigningKey(shopId, tx);
  if (!row) return null;
  try {
    const key = {
      publicKey: row.publicKey,
      fingerprint: row.fingerprint,
      privateKey: privateKeyFromPkcs8(unsealPrivateKey(row.sealedPrivate, secret, shopId)),
    };
    cache.set(cacheKey, key);
    return key;
  } catch {
    return null;
  }
}

/** The public half only (admin pages, the key endpoint). */
export async function shopPublicKey(shopId: string): Promise<{ publicKey: string; fingerprint: string }> {
  const { publicKey, fingerprint } = await shopKey(shopId);
  return { publicKey, fingerprint };
}

/** Tests: forget unsealed keys (e.g. after changing the secret). */
export function forgetCachedKeys(): void {
  cache.clear();
}
