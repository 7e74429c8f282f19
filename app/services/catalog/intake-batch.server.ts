// Receiving many pieces at once (a CSV import's chunk of rows) inside the caller's transaction: the
// same refusals as one piece at a time (app/services/catalog/intake.server.ts), judged in order as
// if the pieces came one after another, then written with one statement per table and ONE audit
// entry listing the pieces. A 100-row chunk makes about fifteen queries instead of a thousand.
import { randomBytes } from "node:crypto";
import { generateTagCode } from "../../domain/tagcode";
import { fineWeightMg } from "../../domain/metals";
import { appendAudit } from "../../models/audit.server";
import { certificatesNumbered, insertCertificatesOfPieces } from "../../models/certificates.server";
import { locationsByIds } from "../../models/locations.server";
import { insertMovements } from "../../models/movements.server";
import { enqueueMany, type NewOutboxEntry } from "../../models/outbox.server";
import { findOrCreateParties, insertConsignments } from "../../models/parties.server";
import { insertMetalsOfPieces, insertPieces, takenTagCodes } from "../../models/pieces.server";
import { insertStonesOfPieces } from "../../models/stones.server";
import type { Tx } from "../../models/transaction.server";
import type { Actor } from "../../models/actor";
import {
  certificateKey,
  intakeRefusals,
  pieceRowOf,
  oneOfAKindOwner,
  pieceAuditData,
  productCreateKey,
  stonesGradedByReports,
  type IntakeResult,
  type NewPiece,
} from "./intake.server";

export type BatchPiece = {
  input: NewPiece;
  /** Create the Shopify product and variant from the piece (through the outbox). */
  createShopifyProduct?: boolean;
  /** Named beside the piece in the audit entry (the import's CSV row). */
  row?: number;
};

/** The one audit entry of the batch: what it is about; the pieces are listed in its data. */
export type BatchAudit = { action: string; entityType: string; entityId: string; data?: Record<string, unknown> };

/** Lookups by IN (...) are cut in slices so a query never carries thousands of parameters. */
const SLICE = 500;

async function inSlices<T, R>(values: readonly T[], read: (slice: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < values.length; i += SLICE) out.push(...(await read(values.slice(i, i + SLICE))));
  return out;
}

/** Free tag codes for `count` pieces: none the shop holds, none twice, none in `claimed`. */
async function freeTagCodes(tx: Tx, shopId: string, count: number, claimed: Set<string>): Promise<string[]> {
  const codes: string[] = [];
  // 32^6 codes: a collision is rare, but a shop with many pieces must never get a duplicate.
  for (let attempt = 0; attempt < 10 && codes.length < count; attempt++) {
    const fresh = new Set<string>();
    while (fresh.size < count - codes.length) {
      const code = generateTagCode((n) => randomBytes(n));
      if (!claimed.has(code)) fresh.add(code);
    }
    const taken = new Set(await inSlices([...fresh], (slice) => takenTagCodes(shopId, slice, tx)));
    for (const code of fresh)
      if (!taken.has(code)) {
        codes.push(code);
        claimed.add(code);
      }
  }
  if (codes.length < count) throw new Error("Could not find free tag codes after 10 attempts");
  return codes;
}

/**
 * createPieceInTx for each item, in order: a refused item writes nothing and the others go on.
 * Results come back in the items' order. The audit entry (one, and none when nothing was created)
 * lists each created piece with what the single-piece entry records.
 */
export async function createPiecesInTx(
  tx: Tx,
  shopId: string,
  items: readonly BatchPiece[],
  actor: Actor,
  reason: string,
  audit: BatchAudit,
): Promise<IntakeResult[]> {
  // Facts for every item, one query per kind.
  const givenTags = items.flatMap((i) => (i.input.tagCode ? [i.input.tagCode] : []));
  const claimedTags = new Set(await inSlices(givenTags, (slice) => takenTagCodes(shopId, slice, tx)));
  const numbers = [...new Set(items.flatMap((i) => i.input.certificates.map((c) => c.number)))];
  const claimedCerts = new Set(
    (await inSlices(numbers, (slice) => certificatesNumbered(shopId, slice, tx))).map((c) =>
      certificateKey(c.lab, c.number),
    ),
  );
  const locations = await locationsByIds(
    shopId,
    items.flatMap((i) => (i.input.locationId ? [i.input.locationId] : [])),
    tx,
  );

  const results: (IntakeResult | null)[] = [];
  const accepted: { index: number; item: BatchPiece; state: string; tagCode?: string }[] = [];
  for (const [index, item] of items.entries()) {
    const { input } = item;
    const errors = intakeRefusals(input, {
      tagCodeTaken: input.tagCode ? claimedTags.has(input.tagCode) : false,
      // Never in an import (its rows name no variant); kept so the rules stay those of one piece.
      variantOwner: input.variantGid ? await oneOfAKindOwner(tx, shopId, input.variantGid) : null,
      locationFound: input.locationId ? locations.has(input.locationId) : true,
      certificateTaken: (lab, number) => claimedCerts.has(certificateKey(lab, number)),
    });
    if (errors.length) {
      results.push({ ok: false, errors });
      continue;
    }
    // What this piece takes, a later one in the batch finds taken, as it would one piece at a time.
    if (input.tagCode) claimedTags.add(input.tagCode);
    for (const c of input.certificates) claimedCerts.add(certificateKey(c.lab, c.number));
    results.push(null);
    accepted.push({ index, item, state: input.state ?? "receiving" });
  }
  if (accepted.length === 0) return results as IntakeResult[];

  // Suppliers before consignors, as one piece at a time does: a name in both gets both roles.
  const suppliers = await findOrCreateParties(
    tx,
    shopId,
    accepted.flatMap((a) => (a.item.input.supplierName ? [a.item.input.supplierName] : [])),
    "supplier",
    { actor, reason },
  );
  const consignors = await findOrCreateParties(
    tx,
    shopId,
    accepted.flatMap((a) => (a.item.input.consignment ? [a.item.input.consignment.consignorName] : [])),
    "consignor",
    { actor, reason },
  );
  const generated = await freeTagCodes(tx, shopId, accepted.filter((a) => !a.item.input.tagCode).length, claimedTags);
  for (const a of accepted) a.tagCode = a.item.input.tagCode ?? generated.shift()!;

  const now = new Date();
  const pieceIds = await insertPieces(
    tx,
    shopId,
    accepted.map(({ item: { input }, tagCode, state }) =>
      pieceRowOf(input, {
        tagCode: tagCode!,
        state,
        supplierId: input.supplierName ? (suppliers.get(input.supplierName) ?? null) : null,
        shopifyLocationGid:
          (input.locationId ? locations.get(input.locationId) : undefined)?.shopifyLocationGid ?? null,
        at: now,
      }),
    ),
    now,
  );
  const created = accepted.map((a) => ({ ...a, pieceId: pieceIds.get(a.tagCode!)! }));

  await insertMetalsOfPieces(
    tx,
    shopId,
    created.map((c) => ({
      pieceId: c.pieceId,
      metals: c.item.input.metals.map((m) => ({ ...m, fineWeightMg: fineWeightMg(m.grossWeightMg, m.finenessBp) })),
    })),
  );
  const certificateIds = new Map(
    (
      await insertCertificatesOfPieces(
        tx,
        shopId,
        created.flatMap((c) => c.item.input.certificates.map((cert) => ({ ...cert, pieceId: c.pieceId }))),
      )
    ).map((cert) => [certificateKey(cert.lab, cert.number), cert.id]),
  );
  await insertStonesOfPieces(
    tx,
    shopId,
    created.map(({ pieceId, item: { input } }) => ({
      pieceId,
      stones: stonesGradedByReports(input).map(({ certificateIndex, ...s }) => {
        const cert = certificateIndex != null ? input.certificates[certificateIndex] : undefined;
        return {
          ...s,
          certificateId: cert ? (certificateIds.get(certificateKey(cert.lab, cert.number)) ?? null) : null,
        };
      }),
    })),
  );
  await insertConsignments(
    tx,
    shopId,
    created.flatMap(({ pieceId, item: { input } }) => {
      if (!input.consignment) return [];
      const { consignorName, ...terms } = input.consignment;
      return [{ ...terms, pieceId, consignorId: consignors.get(consignorName)! }];
    }),
  );
  await insertMovements(
    tx,
    shopId,
    actor,
    created.map(({ pieceId, state, item: { input } }) => ({
      pieceId,
      kind: "intake",
      toState: state,
      toLocationId: input.locationId ?? null,
      toShopifyLocationGid: input.locationId ? (locations.get(input.locationId)?.shopifyLocationGid ?? null) : null,
      reason,
    })),
  );
  await appendAudit(tx, shopId, {
    actor,
    action: audit.action,
    entityType: audit.entityType,
    entityId: audit.entityId,
    reason,
    data: {
      ...audit.data,
      pieces: created.map(({ pieceId, tagCode, state, item }) => ({
        id: pieceId,
        ...(item.row !== undefined ? { row: item.row } : {}),
        ...pieceAuditData(item.input, tagCode!, state),
      })),
    },
  });
  await enqueueMany(
    tx,
    shopId,
    created.flatMap(({ pieceId, item }): NewOutboxEntry[] =>
      item.createShopifyProduct && !item.input.variantGid
        ? [{ kind: "product.create" as const, payload: { pieceId }, idempotencyKey: productCreateKey(pieceId) }]
        : item.input.productGid
          ? [{ kind: "piece.mirror" as const, payload: { pieceId }, idempotencyKey: `mirror-${pieceId}-v1` }]
          : [],
    ),
  );
  for (const c of created) results[c.index] = { ok: true, pieceId: c.pieceId, tagCode: c.tagCode! };
  return results as IntakeResult[];
}
