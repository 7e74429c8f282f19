// The public provenance of a piece: its allow-listed record, signed by the shop's key as numbered
// versions.
//
// Each signature is a version (1, 2, 3…) kept for good in ProvenanceVersion with the exact envelope
// served, plus an audit row. An edit through Loupe that changes what the public page shows signs the
// next version in its own transaction (signVersionInTx). Other changes (a sale, a service event, a
// replaced tag) are signed when the page is next viewed: when the newest audit row about the piece is
// not a signature and the record now differs from the newest version, the next version is signed.
// When the newest row IS a signature but the record read now differs from what was signed, the
// database was changed behind the app's back: the page says so, and the served signature (the
// stored one) no longer verifies against the served record. An earlier version asked for by number
// is served as it was signed (it still verifies) and marked superseded by the newest.
import { randomBytes } from "node:crypto";
import { publicRecord, dayIn, type PublicRecord } from "../../domain/provenance/record";
import { recordDigest, signRecord, verifyEnvelope, type SignedEnvelope } from "../../domain/provenance/signature";
import { canonicalJson } from "../../domain/audit";
import {
  addScans,
  addServiceEvent,
  reissueToken,
  findPublicPiece,
  findProvenanceVersion,
  insertProvenanceVersion,
  latestProvenanceVersion,
  publicPieceInTx,
  scansByDay,
  scansByPiece,
  findRevokedToken,
  latestPieceAudit,
  SIGNED_ACTION,
  storeProvenanceVersion,
  type NewProvenanceVersion,
  type NewServiceEvent,
  type ProvenanceVersionRow,
} from "../../models/provenance.server";
import type { Tx } from "../../models/transaction.server";
import type { Actor } from "../../models/actor";
import { shopKey, type ShopKey } from "./signing.server";
import { env } from "../../env.server";
import { photosFor, type PublicPhoto } from "./photos.server";
import { DAY_MS } from "../../domain/days";
import type { ShopContact } from "../../domain/provenance/page";
import { identityForPage } from "../shop/identity.server";
import { PREVIEW_PARAM, previewMark } from "../../domain/provenance/staff-preview";

/** A signed version as the page names it: its number and when it was signed. */
export type VersionStamp = { version: number; signedAt: string };

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
      /** How customers reach the shop, from Shopify's shop details (not part of the signed record). */
      contact: ShopContact | null;
      envelope: SignedEnvelope;
      /** False when the record was changed after it was signed without going through the app. */
      matchesSignature: boolean;
      /** The newest version, when the envelope served is an earlier one (asked for by number). */
      supersededBy: VersionStamp | null;
    }
  | { kind: "replaced"; shopName: string | null; shopLocale: string }
  | { kind: "not_found" };

/** Opaque, 128 bits of randomness, unrelated to the tag code or the database id. */
export function newPublicToken(): string {
  return randomBytes(16).toString("base64url");
}

/** Version `version` of a record, signed now: the row to store and the envelope it holds. */
function signVersion(key: ShopKey, record: PublicRecord, version: number): NewProvenanceVersion {
  const signedAt = new Date();
  const envelope = signRecord(record, signedAt.toISOString(), key.privateKey, key.publicKey, version);
  const digest = recordDigest(record);
  return {
    version,
    signedAt,
    digest,
    envelope: canonicalJson(envelope),
    signature: {
      digest,
      signedAt: envelope.signedAt,
      fingerprint: envelope.signature.fingerprint,
      publicKey: envelope.signature.publicKey,
      value: envelope.signature.value,
    },
  };
}

/**
 * Inside an edit's transaction, after its writes and its audit row: signs the next version when the
 * public record now differs from the newest one (the key is read before the transaction, since
 * making it writes on its own). Returns the version signed, or null when the public record did not
 * change.
 */
export async function signVersionInTx(
  tx: Tx,
  shopId: string,
  pieceId: string,
  key: ShopKey,
): Promise<VersionStamp | null> {
  const found = await publicPieceInTx(tx, shopId, pieceId);
  if (!found) return null;
  const record = publicRecord(found.source);
  const latest = await latestProvenanceVersion(shopId, pieceId, tx);
  if (latest && latest.digest === recordDigest(record)) return null;
  const row = signVersion(key, record, (latest?.version ?? 0) + 1);
  await insertProvenanceVersion(tx, shopId, pieceId, row);
  return { version: row.version, signedAt: row.signature.signedAt };
}

/** The shop's key, for an edit to sign with inside its transaction. */
export const signingKeyFor = shopKey;

// One signing at a time per piece in this process: a burst of views right after a change
// signs once instead of once per request.
const signing = new Map<string, Promise<ProvenanceVersionRow>>();

async function signNextVersion(
  shopId: string,
  pieceId: string,
  record: PublicRecord,
  latest: ProvenanceVersionRow | null,
): Promise<ProvenanceVersionRow> {
  const key = await shopKey(shopId);
  const row = signVersion(key, record, (latest?.version ?? 0) + 1);
  if (await storeProvenanceVersion(shopId, pieceId, row)) return row;
  // Another instance signed this number first: serve the newest version there is.
  return (await latestProvenanceVersion(shopId, pieceId)) ?? row;
}

async function currentVersion(shopId: string, pieceId: string, record: PublicRecord): Promise<ProvenanceVersionRow> {
  const [latest, last] = await Promise.all([
    latestProvenanceVersion(shopId, pieceId),
    latestPieceAudit(shopId, pieceId),
  ]);
  // Nothing happened through the app since the last signature: serve it, matching or not.
  if (latest && last?.action === SIGNED_ACTION) return latest;
  // A change that left the public record as it was (a move, a note) needs no new version.
  if (latest && latest.digest === recordDigest(record)) return latest;
  const inFlight = signing.get(pieceId);
  if (inFlight) return inFlight;
  const work = signNextVersion(shopId, pieceId, record, latest).finally(() => signing.delete(pieceId));
  signing.set(pieceId, work);
  return work;
}

const stampOf = (row: ProvenanceVersionRow): VersionStamp => ({
  version: row.version,
  signedAt: row.signedAt.toISOString(),
});

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

/**
 * The page for a token: the newest signed version, or (with `version`) an earlier one exactly as it
 * was signed, marked superseded by the newest. A version number the piece never had is not found.
 */
export async function loadProvenance(
  shopDomain: string,
  token: string,
  options: { version?: number } = {},
): Promise<ProvenanceView> {
  // Both lookups always run, so a revoked, unknown or valid token costs the same queries.
  const [found, revoked] = await Promise.all([findPublicPiece(shopDomain, token), findRevokedToken(shopDomain, token)]);
  if (found) {
    const record = publicRecord(found.source);
    const [current, photos, contact] = await Promise.all([
      currentVersion(found.shopId, found.pieceId, record),
      photosFor(shopDomain, found.productGid),
      identityForPage(shopDomain, found.identity),
    ]);
    const base = {
      kind: "found" as const,
      shopId: found.shopId,
      pieceId: found.pieceId,
      shopLocale: found.shopLocale,
      weightUnit: found.weightUnit,
      photos,
      contact,
      timeZone: found.source.shop.ianaTimezone,
    };
    if (options.version !== undefined && options.version !== current.version) {
      const earlier =
        options.version < current.version
          ? await findProvenanceVersion(found.shopId, found.pieceId, options.version)
          : null;
      if (!earlier) return { kind: "not_found" };
      const envelope = JSON.parse(earlier.envelope) as SignedEnvelope;
      return {
        ...base,
        envelope,
        // An earlier version is shown as it was signed: it must still verify as stored.
        matchesSignature: verifyEnvelope(envelope).ok,
        supersededBy: stampOf(current),
      };
    }
    // The record as read now under the newest signature: changed behind the app's back, it no
    // longer verifies, and the page says so.
    const signed = JSON.parse(current.envelope) as SignedEnvelope;
    return {
      ...base,
      envelope: { ...signed, record },
      matchesSignature: current.digest === recordDigest(record),
      supersededBy: null,
    };
  }
  if (revoked)
    return {
      kind: "replaced",
      // The name customers know the shop by (from Shopify), else the one Loupe holds.
      shopName: revoked.shop.publicName ?? revoked.shop.name,
      shopLocale: revoked.shop.locale,
    };
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

/**
 * The same address for a link in Loupe's admin: it carries a staff preview mark, so a view from the
 * admin is not counted as a customer scan (app/domain/provenance/staff-preview.ts says why).
 */
export function staffPreviewUrl(shopDomain: string, token: string, now = new Date()): string {
  const mark = previewMark(env().SHOPIFY_API_SECRET, shopDomain, token, Math.floor(now.getTime() / 1000));
  return `${publicProvenanceUrl(shopDomain, token)}?${PREVIEW_PARAM}=${encodeURIComponent(mark)}`;
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
