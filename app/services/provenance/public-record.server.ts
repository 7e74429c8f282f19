// The public provenance of a piece: its allow-listed record, signed by the shop's key.
//
// Signatures are made when the record legitimately changes, not on every view: every change to a
// piece writes an audit row about it (the project's rule), so when the newest audit row about the
// piece is not a signature, the record is signed afresh and the signature stored as an audit row.
// When the newest row IS a signature but the record read now differs from what was signed, the
// database was changed behind the app's back: the page says so, and the served signature (the
// stored one) no longer verifies against the served record.
import { randomBytes } from "node:crypto";
import { publicRecord, dayIn, PROVENANCE_FORMAT, type PublicRecord } from "../../domain/provenance/record";
import { recordDigest, signRecord, type SignedEnvelope } from "../../domain/provenance/signature";
import {
  addScans,
  addServiceEvent,
  reissueToken,
  findPublicPiece,
  scansByDay,
  scansByPiece,
  findRevokedToken,
  latestPieceAudit,
  SIGNED_ACTION,
  storeSignature,
  type NewServiceEvent,
  type SignatureRecord,
} from "../../models/provenance.server";
import type { Actor } from "../../models/actor";
import { shopKey } from "./signing.server";
import { env } from "../../env.server";
import { photosFor, type PublicPhoto } from "./photos.server";
import { DAY_MS } from "../../domain/days";

export type ProvenanceView =
  | {
      kind: "found";
      shopId: string;
      pieceId: string;
      shopLocale: string;
      weightUnit: string;
      timeZone: string;
      /** The Shopify product's images (not part of the signed record: Shopify owns them). */
      photos: PublicPhoto[];
      envelope: SignedEnvelope;
      /** False when the record was changed after it was signed without going through the app. */
      matchesSignature: boolean;
    }
  | { kind: "replaced"; shopName: string | null; shopLocale: string }
  | { kind: "not_found" };

/** Opaque, 128 bits of randomness, unrelated to the tag code or the database id. */
export function newPublicToken(): string {
  return randomBytes(16).toString("base64url");
}

function parseSignature(data: string): SignatureRecord | null {
  try {
    const s = JSON.parse(data) as Partial<SignatureRecord>;
    return typeof s.digest === "string" &&
      typeof s.value === "string" &&
      typeof s.publicKey === "string" &&
      typeof s.signedAt === "string" &&
      typeof s.fingerprint === "string"
      ? (s as SignatureRecord)
      : null;
  } catch {
    return null;
  }
}

// One signing at a time per piece in this process: a burst of views right after a change
// signs once instead of once per request.
const signing = new Map<string, Promise<SignatureRecord>>();

async function signNow(shopId: string, pieceId: string, record: PublicRecord): Promise<SignatureRecord> {
  const key = await shopKey(shopId);
  const signedAt = new Date().toISOString();
  const envelope = signRecord(record, signedAt, key.privateKey, key.publicKey);
  const signature: SignatureRecord = {
    digest: recordDigest(record),
    signedAt,
    fingerprint: envelope.signature.fingerprint,
    publicKey: envelope.signature.publicKey,
    value: envelope.signature.value,
  };
  await storeSignature(shopId, pieceId, signature);
  return signature;
}

async function currentSignature(shopId: string, pieceId: string, record: PublicRecord): Promise<SignatureRecord> {
  const last = await latestPieceAudit(shopId, pieceId);
  const stored = last?.action === SIGNED_ACTION ? parseSignature(last.data) : null;
  if (stored) return stored;
  const inFlight = signing.get(pieceId);
  if (inFlight) return inFlight;
  const work = signNow(shopId, pieceId, record).finally(() => signing.delete(pieceId));
  signing.set(pieceId, work);
  return work;
}

// ---------------------------------------------------------------- short-lived cache

/**
 * A found page is kept in this process's memory for a few seconds (LOUPE_PROVENANCE_CACHE_SECONDS,
 * default 10, 0 turns it off), with the bodies rendered from it, so a piece being scanned again
 * and again costs no database work. Changes made through Loupe on this instance (service events,
 * token replacement) clear it at once; changes made elsewhere (another instance, a sale webhook,
 * an edit straight in the database) show after at most that many seconds. Unknown and replaced
 * tokens are never cached, so guessing tokens cannot fill it.
 */
const CACHE_LIMIT = 5_000;
export type RenderedBody = { bytes: Uint8Array<ArrayBuffer>; contentType: string };
type Cached = {
  view: Extract<ProvenanceView, { kind: "found" }>;
  expires: number;
  rendered: Map<string, RenderedBody>;
};
const cache = new Map<string, Cached>();
const loading = new Map<string, Promise<ProvenanceView>>();
let cacheVersion = 0;

let ttlMs: number | undefined;

function cacheMs(): number {
  ttlMs ??= readCacheMs();
  return ttlMs;
}

function readCacheMs(): number {
  const raw = process.env.LOUPE_PROVENANCE_CACHE_SECONDS;
  const seconds = raw === undefined || raw === "" ? 10 : Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new Error(`LOUPE_PROVENANCE_CACHE_SECONDS must be a number of seconds (0 = off), got "${raw}"`);
  return seconds * 1000;
}

/** Drops every cached page of this process (after a change made through Loupe). */
export function forgetProvenanceCache(): void {
  ttlMs = undefined;
  cache.clear();
  loading.clear();
  cacheVersion += 1;
}

export type CachedProvenance = { view: ProvenanceView; rendered: Map<string, RenderedBody> | null };

export async function cachedProvenance(shopDomain: string, token: string, now = Date.now()): Promise<CachedProvenance> {
  const ttl = cacheMs();
  if (ttl === 0) return { view: await loadProvenance(shopDomain, token), rendered: null };
  const key = `${shopDomain}\u0000${token}`;
  const hit = cache.get(key);
  if (hit && hit.expires > now) return { view: hit.view, rendered: hit.rendered };
  // One load per key at a time: a burst of scans of a cold page makes one set of queries.
  let pending = loading.get(key);
  if (!pending) {
    const version = cacheVersion;
    pending = loadProvenance(shopDomain, token).finally(() => loading.delete(key));
    loading.set(key, pending);
    const view = await pending;
    if (view.kind === "found" && version === cacheVersion) {
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(key, { view, expires: now + ttl, rendered: new Map() });
    }
  }
  const view = await pending;
  return { view, rendered: cache.get(key)?.rendered ?? null };
}

export async function loadProvenance(shopDomain: string, token: string): Promise<ProvenanceView> {
  // Both lookups always run, so a revoked, unknown or valid token costs the same queries.
  const [found, revoked] = await Promise.all([findPublicPiece(shopDomain, token), findRevokedToken(shopDomain, token)]);
  if (found) {
    const record = publicRecord(found.source);
    const [signature, photos] = await Promise.all([
      currentSignature(found.shopId, found.pieceId, record),
      photosFor(shopDomain, found.productGid),
    ]);
    const envelope: SignedEnvelope = {
      format: PROVENANCE_FORMAT,
      record,
      signedAt: signature.signedAt,
      signature: {
        algorithm: "Ed25519",
        publicKey: signature.publicKey,
        fingerprint: signature.fingerprint,
        value: signature.value,
      },
    };
    return {
      kind: "found",
      shopId: found.shopId,
      pieceId: found.pieceId,
      shopLocale: found.shopLocale,
      weightUnit: found.weightUnit,
      photos,
      timeZone: found.source.shop.ianaTimezone,
      envelope,
      matchesSignature: signature.digest === recordDigest(record),
    };
  }
  if (revoked) return { kind: "replaced", shopName: revoked.shop.name, shopLocale: revoked.shop.locale };
  return { kind: "not_found" };
}

// ---------------------------------------------------------------- scan counting

// Scans are counted in memory and written in batches: a page view never waits for a write, and a
// burst of scans of one piece becomes one upsert. At most FLUSH_MS of counts are lost if the
// process dies. Only (shop, piece, day, count) is kept: nothing about the visitor.
const FLUSH_MS = 5_000;
const FLUSH_AT = 500;
const pending = new Map<string, { shopId: string; pieceId: string; day: string; count: number }>();
let timer: ReturnType<typeof setTimeout> | null = null;
let flushing: Promise<void> = Promise.resolve();

// The day in a time zone, recomputed at most once a second (it is asked for on every page view).
const today = new Map<string, { day: string; until: number }>();

function dayNow(timeZone: string, now: Date): string {
  const known = today.get(timeZone);
  const ms = now.getTime();
  if (known && ms < known.until && ms >= known.until - 1000) return known.day;
  const day = dayIn(now, timeZone);
  today.set(timeZone, { day, until: ms - (ms % 1000) + 1000 });
  return day;
}

export function countScan(shopId: string, pieceId: string, timeZone: string, now = new Date()): void {
  const day = dayNow(timeZone, now);
  const key = `${shopId}|${pieceId}|${day}`;
  const entry = pending.get(key);
  if (entry) entry.count += 1;
  else pending.set(key, { shopId, pieceId, day, count: 1 });
  if (pending.size >= FLUSH_AT) void flushScans();
  else if (!timer) {
    timer = setTimeout(() => void flushScans(), FLUSH_MS);
    timer.unref?.();
  }
}

/** Writes the counted scans now (also used by tests and at shutdown). */
export function flushScans(): Promise<void> {
  if (timer) clearTimeout(timer);
  timer = null;
  const rows = [...pending.values()];
  pending.clear();
  flushing = flushing.then(async () => {
    if (!rows.length) return;
    const failed = await addScans(rows).catch(() => rows.length);
    // Counts are statistics: losing some must not break the page; say so in the log.
    if (failed) console.warn(`provenance: ${failed} of ${rows.length} scan counts could not be saved`);
  });
  return flushing;
}

// ---------------------------------------------------------------- admin helpers

/** The address printed in the QR and mirrored to provenance_url: https://<shop>/<prefix>/<subpath>/<token>. */
export function publicProvenanceUrl(shopDomain: string, token: string): string {
  const config = env();
  return `https://${shopDomain}/${config.LOUPE_PROXY_PREFIX}/${config.LOUPE_PROXY_SUBPATH}/${token}`;
}

export async function scanReport(shopId: string, timeZone: string, days: number, now = new Date()) {
  const from = dayIn(new Date(now.getTime() - (days - 1) * DAY_MS), timeZone);
  // Scans still in this instance's memory count too: the report should not lag by a flush.
  await flushScans();
  const [byDay, byPiece] = await Promise.all([scansByDay(shopId, from), scansByPiece(shopId, from)]);
  return { from, byDay, byPiece, total: byDay.reduce((sum, d) => sum + d.count, 0) };
}

/** Adds a service event shown on the public page (then this instance's cache is cleared). */
export async function recordServiceEvent(shopId: string, pieceId: string, input: NewServiceEvent, actor: Actor) {
  const result = await addServiceEvent(shopId, pieceId, input, actor);
  forgetProvenanceCache();
  return result;
}

/** Retires the piece's token and gives it a new one: the old QR then says "replaced". */
export async function replacePublicToken(shopId: string, pieceId: string, actor: Actor, reason: string | null) {
  const result = await reissueToken(shopId, pieceId, newPublicToken(), actor, reason);
  forgetProvenanceCache();
  return result;
}
