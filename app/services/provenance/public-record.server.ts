// The public provenance of a piece: its allow-listed record, signed by the shop's key as numbered
// versions.
//
// Each signature is a version (1, 2, 3…) kept for good in ProvenanceVersion with the exact envelope
// served, plus an audit row. Version 1 is signed when the page is first viewed (or by the first edit
// that changes the record). After that, only a change made through Loupe signs: every write path that
// changes what the page shows reads the record's baseline before writing (publicBaseline) and signs
// the next version after its writes and audit row, in the same transaction (signChangeInTx). A change
// that finds the record it started from different from the newest version (someone changed the
// database behind the app's back) saves what it came to save but signs nothing: the page keeps the
// newest version's signature over the record as read now, which no longer verifies, and says so,
// until a manager confirms the current record (confirmCurrentRecord, audited with a reason). Views
// never sign after version 1. The rule and why it is sound: app/domain/provenance/changes.ts. An
// earlier version asked for by number is served as it was signed (it still verifies) and marked
// superseded by the newest.
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
  publicPieceById,
  scansByDay,
  scansByPiece,
  findRevokedToken,
  storeProvenanceVersion,
  type NewProvenanceVersion,
  type NewServiceEvent,
  type ProvenanceVersionRow,
} from "../../models/provenance.server";
import { appendAudit } from "../../models/audit.server";
import { inTransaction, type Tx } from "../../models/transaction.server";
import type { Actor } from "../../models/actor";
import { shopKey, shopKeyInTx, type ShopKey } from "./signing.server";
import { recordChanges, signDecision, type Baseline, type RecordPart } from "../../domain/provenance/changes";
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

/** Read inside a change's transaction before it writes: what it starts from (see signChangeInTx). */
export async function publicBaseline(tx: Tx, shopId: string, pieceId: string): Promise<Baseline> {
  const signed = await latestProvenanceVersion(shopId, pieceId, tx);
  const found = await publicPieceInTx(tx, shopId, pieceId);
  return { signed, digest: found ? recordDigest(publicRecord(found.source)) : null };
}

/**
 * Inside a change's transaction, after its writes and its audit row: signs the next version when the
 * public record changed and the record it started from (`baseline`) was the newest signed one. A
 * record changed behind the app's back beforehand is held: nothing is signed, the page keeps its
 * warning until a manager confirms. With `key` (read before the transaction, since making a key
 * writes on its own) the change may also sign version 1; without, the key is read through the
 * transaction. Returns the version signed, or null.
 */
export async function signChangeInTx(
  tx: Tx,
  shopId: string,
  pieceId: string,
  baseline: Baseline,
  key?: ShopKey,
): Promise<VersionStamp | null> {
  const found = await publicPieceInTx(tx, shopId, pieceId);
  if (!found) return null;
  const record = publicRecord(found.source);
  const decision = signDecision(baseline, recordDigest(record), key !== undefined);
  if (!decision.sign) return null;
  const signer = key ?? (await shopKeyInTx(tx, shopId));
  if (!signer) return null;
  const row = signVersion(signer, record, decision.version);
  await insertProvenanceVersion(tx, shopId, pieceId, row);
  return { version: row.version, signedAt: row.signature.signedAt };
}

/** The shop's key, for an edit to sign with inside its transaction. */
export const signingKeyFor = shopKey;

// One signing of version 1 at a time per piece in this process: a burst of first views signs once.
const signing = new Map<string, Promise<ProvenanceVersionRow>>();

async function signFirstVersion(shopId: string, pieceId: string, record: PublicRecord): Promise<ProvenanceVersionRow> {
  const key = await shopKey(shopId);
  const row = signVersion(key, record, 1);
  if (await storeProvenanceVersion(shopId, pieceId, row)) return row;
  // Another instance (or an edit) signed it first: serve the newest version there is.
  return (await latestProvenanceVersion(shopId, pieceId)) ?? row;
}

/** The newest version; a view signs only the first. */
async function currentVersion(shopId: string, pieceId: string, record: PublicRecord): Promise<ProvenanceVersionRow> {
  const latest = await latestProvenanceVersion(shopId, pieceId);
  if (latest) return latest;
  const inFlight = signing.get(pieceId);
  if (inFlight) return inFlight;
  const work = signFirstVersion(shopId, pieceId, record).finally(() => signing.delete(pieceId));
  signing.set(pieceId, work);
  return work;
}

/** A record that differs from its newest signed version: which version, and the parts that differ. */
export type HeldRecord = { version: number; signedAt: string; parts: RecordPart[] };

/** For the admin: whether the piece's record differs from its newest signature, and where. */
export async function heldRecord(shopId: string, pieceId: string): Promise<HeldRecord | null> {
  const [latest, found] = await Promise.all([
    latestProvenanceVersion(shopId, pieceId),
    publicPieceById(shopId, pieceId),
  ]);
  if (!latest || !found) return null;
  const record = publicRecord(found.source);
  if (latest.digest === recordDigest(record)) return null;
  const signed = (JSON.parse(latest.envelope) as SignedEnvelope).record;
  return {
    version: latest.version,
    signedAt: latest.signedAt.toISOString(),
    parts: Object.keys(recordChanges(signed, record)) as RecordPart[],
  };
}

export type ConfirmResult =
  { ok: true; version: VersionStamp } | { ok: false; code: "NOT_FOUND" | "NOTHING_TO_CONFIRM" };

export const CONFIRMED_ACTION = "provenance.record_confirmed";

/**
 * A manager vouches for the record as it stands (after checking the piece: a hallmark, a report…):
 * the parts that differ from the newest signature are audited before and after with the reason, and
 * the next version is signed, in one transaction.
 */
export async function confirmCurrentRecord(
  shopId: string,
  pieceId: string,
  actor: Actor,
  reason: string,
): Promise<ConfirmResult> {
  const key = await shopKey(shopId);
  const result = await inTransaction(async (tx): Promise<ConfirmResult> => {
    const found = await publicPieceInTx(tx, shopId, pieceId);
    if (!found) return { ok: false, code: "NOT_FOUND" };
    const latest = await latestProvenanceVersion(shopId, pieceId, tx);
    const record = publicRecord(found.source);
    if (!latest || latest.digest === recordDigest(record)) return { ok: false, code: "NOTHING_TO_CONFIRM" };
    const signed = (JSON.parse(latest.envelope) as SignedEnvelope).record;
    const row = signVersion(key, record, latest.version + 1);
    await appendAudit(tx, shopId, {
      actor,
      action: CONFIRMED_ACTION,
      entityType: "Piece",
      entityId: pieceId,
      reason,
      data: { version: row.version, replaces: latest.version, changes: recordChanges(signed, record) },
    });
    await insertProvenanceVersion(tx, shopId, pieceId, row);
    return { ok: true, version: { version: row.version, signedAt: row.signature.signedAt } };
  });
  forgetProvenanceCache();
  return result;
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

/** Adds a service event shown on the public page and signs the record's next version with it. */
export async function recordServiceEvent(shopId: string, pieceId: string, input: NewServiceEvent, actor: Actor) {
  const result = await inTransaction(async (tx) => {
    const baseline = await publicBaseline(tx, shopId, pieceId);
    const added = await addServiceEvent(tx, shopId, pieceId, input, actor);
    if (added.ok) await signChangeInTx(tx, shopId, pieceId, baseline);
    return added;
  });
  forgetProvenanceCache();
  return result;
}

/** Retires the piece's token and gives it a new one (signed): the old QR then says "replaced". */
export async function replacePublicToken(shopId: string, pieceId: string, actor: Actor, reason: string | null) {
  const result = await inTransaction(async (tx) => {
    const baseline = await publicBaseline(tx, shopId, pieceId);
    const reissued = await reissueToken(tx, shopId, pieceId, newPublicToken(), actor, reason);
    if (reissued.ok) await signChangeInTx(tx, shopId, pieceId, baseline);
    return reissued;
  });
  forgetProvenanceCache();
  return result;
}
