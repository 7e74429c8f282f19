// Provenance data: the public face of a piece, its token history, service events, signatures,
// the shop's signing key and scan counts. Every query is scoped to a shop.
//
// The public select below is an allow-list: only these columns are ever read for a customer. No
// cost, price, supplier, consignor, customer, staff, notes or internal location.
import { db, type Prisma, type Tx } from "../db.server";
import { appendAudit } from "./audit.server";
import { enqueue } from "./outbox.server";
import { SYSTEM_ACTOR, type Actor } from "./actor";
import type { ProvenanceSource, ServiceKind } from "../domain/provenance/record";

/** base64url of 16 random bytes (22 characters) or more; anything else is not a token. */
export const PUBLIC_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

export const SIGNED_ACTION = "provenance.signed";

const PUBLIC_PIECE_SELECT = {
  id: true,
  shopId: true,
  // Read to fetch the product's photos from Shopify; never shown.
  productGid: true,
  publicToken: true,
  title: true,
  madeBy: true,
  originNotes: true,
  acquiredAt: true,
  createdAt: true,
  soldAt: true,
  shop: {
    select: {
      domain: true,
      name: true,
      locale: true,
      ianaTimezone: true,
      weightUnit: true,
      // Shown around the record (how to reach the shop), never signed in it.
      publicName: true,
      publicEmail: true,
      publicPhone: true,
      publicUrl: true,
      identityReadAt: true,
    },
  },
  metals: {
    select: { metal: true, colour: true, finenessBp: true, grossWeightMg: true, fineWeightMg: true, hallmark: true },
    orderBy: { sortOrder: "asc" },
  },
  stones: {
    select: {
      type: true,
      origin: true,
      shape: true,
      millicarats: true,
      count: true,
      colour: true,
      clarity: true,
      cutGrade: true,
      measurements: true,
      treatment: true,
      position: true,
      certificate: { select: { lab: true, number: true } },
    },
    orderBy: { sortOrder: "asc" },
  },
  certificates: {
    select: { lab: true, number: true, issuedAt: true, grades: true },
    orderBy: [{ issuedAt: "asc" as const }, { number: "asc" as const }],
  },
  serviceEvents: { select: { kind: true, at: true, publicNote: true }, orderBy: { at: "asc" } },
} satisfies Prisma.PieceSelect;

export type PublicPieceRow = {
  pieceId: string;
  shopId: string;
  shopLocale: string;
  weightUnit: string;
  productGid: string | null;
  /** How customers reach the shop, as last read from Shopify (readAt null: never read). */
  identity: {
    name: string | null;
    email: string | null;
    phone: string | null;
    url: string | null;
    readAt: Date | null;
  };
  source: ProvenanceSource;
};

type PublicPieceSelected = Prisma.PieceGetPayload<{ select: typeof PUBLIC_PIECE_SELECT }>;

function publicPieceRow(row: PublicPieceSelected): PublicPieceRow {
  return {
    pieceId: row.id,
    shopId: row.shopId,
    shopLocale: row.shop.locale,
    weightUnit: row.shop.weightUnit,
    productGid: row.productGid,
    identity: {
      name: row.shop.publicName,
      email: row.shop.publicEmail,
      phone: row.shop.publicPhone,
      url: row.shop.publicUrl,
      readAt: row.shop.identityReadAt,
    },
    source: {
      token: row.publicToken,
      shop: { domain: row.shop.domain, name: row.shop.name, ianaTimezone: row.shop.ianaTimezone },
      piece: {
        title: row.title,
        madeBy: row.madeBy,
        originNotes: row.originNotes,
        acquiredAt: row.acquiredAt,
        createdAt: row.createdAt,
        soldAt: row.soldAt,
      },
      metals: row.metals,
      stones: row.stones,
      certificates: row.certificates,
      serviceEvents: row.serviceEvents,
    },
  };
}

/** The piece a token names in a shop, or null. Revoked tokens are in PublicTokenHistory instead. */
export async function findPublicPiece(shopDomain: string, token: string): Promise<PublicPieceRow | null> {
  if (!PUBLIC_TOKEN_PATTERN.test(token)) return null;
  const row = await db.piece.findFirst({
    where: { publicToken: token, shop: { domain: shopDomain } },
    select: PUBLIC_PIECE_SELECT,
  });
  return row ? publicPieceRow(row) : null;
}

/** The same public face of a piece, by id, inside a transaction (an edit signs what it wrote). */
export async function publicPieceInTx(tx: Tx, shopId: string, pieceId: string): Promise<PublicPieceRow | null> {
  const row = await tx.piece.findFirst({ where: { id: pieceId, shopId }, select: PUBLIC_PIECE_SELECT });
  return row ? publicPieceRow(row) : null;
}

/** The public face of a piece by id (the admin compares it with the newest signed version). */
export async function publicPieceById(shopId: string, pieceId: string): Promise<PublicPieceRow | null> {
  const row = await db.piece.findFirst({ where: { id: pieceId, shopId }, select: PUBLIC_PIECE_SELECT });
  return row ? publicPieceRow(row) : null;
}

/** A token that used to name a piece of this shop (its tag was replaced). */
export async function findRevokedToken(shopDomain: string, token: string) {
  if (!PUBLIC_TOKEN_PATTERN.test(token)) return null;
  return db.publicTokenHistory.findFirst({
    where: { token, shop: { domain: shopDomain } },
    select: { revokedAt: true, shop: { select: { name: true, publicName: true, locale: true } } },
  });
}

export async function shopByDomain(shopDomain: string) {
  return db.shop.findUnique({
    where: { domain: shopDomain },
    select: { id: true, name: true, publicName: true, locale: true },
  });
}

export type SignatureRecord = {
  digest: string;
  signedAt: string;
  fingerprint: string;
  publicKey: string;
  value: string;
};

// ---------------------------------------------------------------- signed versions

export type ProvenanceVersionRow = { version: number; signedAt: Date; digest: string; envelope: string };

const VERSION_SELECT = { version: true, signedAt: true, digest: true, envelope: true } as const;

/** The piece's newest signed version, or null before its first signature. */
export async function latestProvenanceVersion(
  shopId: string,
  pieceId: string,
  tx?: Tx,
): Promise<ProvenanceVersionRow | null> {
  return (tx ?? db).provenanceVersion.findFirst({
    where: { shopId, pieceId },
    orderBy: { version: "desc" },
    select: VERSION_SELECT,
  });
}

/** One signed version of the piece's record, by its number. */
export async function findProvenanceVersion(
  shopId: string,
  pieceId: string,
  version: number,
): Promise<ProvenanceVersionRow | null> {
  return db.provenanceVersion.findFirst({ where: { shopId, pieceId, version }, select: VERSION_SELECT });
}

/** Every version's number and date, newest first (the admin lists them; nothing else is read). */
export async function provenanceVersions(shopId: string, pieceId: string) {
  return db.provenanceVersion.findMany({
    where: { shopId, pieceId },
    orderBy: { version: "desc" },
    select: { version: true, signedAt: true },
  });
}

export type NewProvenanceVersion = ProvenanceVersionRow & { signature: SignatureRecord };

/**
 * A new signed version and its signature audit row, in the caller's transaction. Two signers of
 * the same version number: the unique (piece, version) index refuses the second (P2002).
 */
export async function insertProvenanceVersion(
  tx: Tx,
  shopId: string,
  pieceId: string,
  row: NewProvenanceVersion,
): Promise<void> {
  await tx.provenanceVersion.create({
    data: {
      shopId,
      pieceId,
      version: row.version,
      signedAt: row.signedAt,
      digest: row.digest,
      envelope: row.envelope,
    },
  });
  await appendAudit(tx, shopId, {
    actor: SYSTEM_ACTOR,
    action: SIGNED_ACTION,
    entityType: "Piece",
    entityId: pieceId,
    at: row.signedAt,
    data: { ...row.signature, version: row.version },
  });
}

/** insertProvenanceVersion in its own transaction; false when another signer took the number first. */
export async function storeProvenanceVersion(
  shopId: string,
  pieceId: string,
  row: NewProvenanceVersion,
): Promise<boolean> {
  try {
    await db.$transaction((tx) => insertProvenanceVersion(tx, shopId, pieceId, row));
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return false;
    throw error;
  }
}

// ---------------------------------------------------------------- signing key

export async function findSigningKey(shopId: string, tx?: Tx) {
  return (tx ?? db).shopSigningKey.findUnique({ where: { shopId } });
}

type KeyRow = { shopId: string; publicKey: string; sealedPrivate: string; fingerprint: string };

/** False when another instance created the shop's key first. */
export async function insertSigningKey(row: KeyRow): Promise<boolean> {
  try {
    await db.$transaction(async (tx) => {
      await tx.shopSigningKey.create({ data: row });
      await appendAudit(tx, row.shopId, {
        actor: SYSTEM_ACTOR,
        action: "provenance.key_created",
        entityType: "Shop",
        entityId: row.shopId,
        data: { fingerprint: row.fingerprint, publicKey: row.publicKey },
      });
    });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return false;
    throw error;
  }
}

export async function replaceSigningKey(row: KeyRow): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.shopSigningKey.update({
      where: { shopId: row.shopId },
      data: {
        publicKey: row.publicKey,
        sealedPrivate: row.sealedPrivate,
        fingerprint: row.fingerprint,
        createdAt: new Date(),
      },
    });
    await appendAudit(tx, row.shopId, {
      actor: SYSTEM_ACTOR,
      action: "provenance.key_replaced",
      entityType: "Shop",
      entityId: row.shopId,
      reason: "the sealed key could not be opened with the current app secret",
      data: { fingerprint: row.fingerprint, publicKey: row.publicKey },
    });
  });
}

// ---------------------------------------------------------------- tokens

export type ReissueResult = { ok: true; token: string } | { ok: false; code: "NOT_FOUND" };

/**
 * Retires the piece's token (its old QR then says the tag was replaced) and gives it a new one, in
 * the caller's transaction (which signs the record's next version with it).
 */
export async function reissueToken(
  tx: Tx,
  shopId: string,
  pieceId: string,
  newToken: string,
  actor: Actor,
  reason: string | null,
): Promise<ReissueResult> {
  const piece = await tx.piece.findFirst({
    where: { id: pieceId, shopId },
    select: { id: true, publicToken: true, version: true, productGid: true },
  });
  if (!piece) return { ok: false as const, code: "NOT_FOUND" as const };
  await tx.publicTokenHistory.create({
    data: { token: piece.publicToken, shopId, pieceId, revokedBy: `${actor.name} (${actor.kind})`, reason },
  });
  const updated = await tx.piece.update({
    where: { id: piece.id },
    data: { publicToken: newToken, version: { increment: 1 } },
    select: { version: true },
  });
  // The product's provenance_url metafield carries the token: mirror the new one to Shopify.
  if (piece.productGid) await enqueue(tx, shopId, "piece.mirror", { pieceId }, `mirror-${pieceId}-v${updated.version}`);
  await appendAudit(tx, shopId, {
    actor,
    action: "provenance.token_reissued",
    entityType: "Piece",
    entityId: pieceId,
    reason,
    // Tokens are not secret once printed, but the log needs no copy of them.
    data: { retired: "token replaced" },
  });
  return { ok: true as const, token: newToken };
}

// ---------------------------------------------------------------- service events

export type NewServiceEvent = { kind: ServiceKind; at: Date; publicNote: string | null };

/** A service event shown on the public page, in the caller's transaction (which signs the record). */
export async function addServiceEvent(tx: Tx, shopId: string, pieceId: string, input: NewServiceEvent, actor: Actor) {
  const piece = await tx.piece.findFirst({ where: { id: pieceId, shopId }, select: { id: true } });
  if (!piece) return { ok: false as const, code: "NOT_FOUND" as const };
  const event = await tx.serviceEvent.create({
    data: {
      shopId,
      pieceId,
      kind: input.kind,
      at: input.at,
      publicNote: input.publicNote,
      createdBy: `${actor.name} (${actor.kind})`,
    },
  });
  await appendAudit(tx, shopId, {
    actor,
    action: "provenance.service_event_added",
    entityType: "Piece",
    entityId: pieceId,
    data: { kind: input.kind, at: input.at, publicNote: input.publicNote },
  });
  return { ok: true as const, id: event.id };
}

export async function listServiceEvents(shopId: string, pieceId: string) {
  return db.serviceEvent.findMany({
    where: { shopId, pieceId },
    orderBy: { at: "desc" },
    select: { id: true, kind: true, at: true, publicNote: true, createdBy: true },
  });
}

// ---------------------------------------------------------------- pieces for the admin

export async function findPieceForAdmin(shopId: string, pieceId: string) {
  return db.piece.findFirst({
    where: { id: pieceId, shopId },
    select: { id: true, title: true, tagCode: true, publicToken: true, state: true, soldAt: true },
  });
}

export async function findPieceByTagCode(shopId: string, tagCode: string) {
  return db.piece.findFirst({ where: { shopId, tagCode }, select: { id: true } });
}

export async function tokenHistory(shopId: string, pieceId: string) {
  return db.publicTokenHistory.findMany({
    where: { shopId, pieceId },
    orderBy: { revokedAt: "desc" },
    select: { revokedAt: true, revokedBy: true, reason: true },
  });
}

// ---------------------------------------------------------------- scans

/**
 * Adds counted scans; one upsert per (piece, day), all in one transaction (one commit, not one per
 * row). If the batch fails (a piece or shop was deleted meanwhile), the rows are retried one by
 * one so the others are kept; the number of rows that could not be saved is returned.
 */
export async function addScans(
  rows: readonly { shopId: string; pieceId: string; day: string; count: number }[],
): Promise<number> {
  const upsert = (r: (typeof rows)[number]) =>
    db.scanStat.upsert({
      where: { shopId_pieceId_day: { shopId: r.shopId, pieceId: r.pieceId, day: r.day } },
      create: { shopId: r.shopId, pieceId: r.pieceId, day: r.day, count: r.count },
      update: { count: { increment: r.count } },
    });
  try {
    await db.$transaction(rows.map(upsert));
    return 0;
  } catch {
    let failed = 0;
    for (const r of rows) {
      try {
        await upsert(r);
      } catch {
        failed += 1;
      }
    }
    return failed;
  }
}

export async function scansByDay(shopId: string, fromDay: string) {
  const rows = await db.scanStat.groupBy({
    by: ["day"],
    where: { shopId, day: { gte: fromDay } },
    _sum: { count: true },
    orderBy: { day: "asc" },
  });
  return rows.map((r) => ({ day: r.day, count: Number(r._sum.count ?? 0) }));
}

export async function scansByPiece(shopId: string, fromDay: string, take = 50) {
  const rows = await db.scanStat.groupBy({
    by: ["pieceId"],
    where: { shopId, day: { gte: fromDay } },
    _sum: { count: true },
    orderBy: { _sum: { count: "desc" } },
    take,
  });
  const pieces = await db.piece.findMany({
    where: { shopId, id: { in: rows.map((r) => r.pieceId) } },
    select: { id: true, title: true, tagCode: true, state: true },
  });
  const byId = new Map(pieces.map((p) => [p.id, p]));
  return rows.flatMap((r) => {
    const p = byId.get(r.pieceId);
    return p ? [{ ...p, count: Number(r._sum.count ?? 0) }] : [];
  });
}

// ---------------------------------------------------------------- pieces of a product (admin block)

export async function piecesOfProduct(shopId: string, productGid: string) {
  return db.piece.findMany({
    where: { shopId, productGid },
    orderBy: { createdAt: "asc" },
    take: 50,
    select: {
      id: true,
      tagCode: true,
      title: true,
      state: true,
      publicToken: true,
      shopifyLocationGid: true,
      location: { select: { path: true } },
      metals: { select: { metal: true, finenessBp: true, grossWeightMg: true }, orderBy: { sortOrder: "asc" } },
      stones: { select: { type: true, origin: true, millicarats: true, count: true }, orderBy: { sortOrder: "asc" } },
      certificates: { select: { lab: true, number: true } },
    },
  });
}
