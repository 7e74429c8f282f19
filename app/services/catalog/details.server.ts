// Pieces whose details are still to enter: marking them complete, and editing the fields many of
// them share (metal and fineness, supplier, place) in one go. A submitted batch is one transaction:
// every piece is written, or — when any piece is refused — none, with each refusal reported.
// Each piece changed gets its version bumped and an audit entry with before and after; a move
// follows the move rules and ledger of piece-changes.server.ts. A piece linked to a product gets
// its mirror queued when marked complete, and when a bulk edit changes what the mirror shows.
import { detailsCompletion, missingFields } from "../../domain/details";
import { fineWeightMg } from "../../domain/metals";
import type { CheckedBulkMetal } from "../../domain/schemas/details";
import { appendAudit } from "../../models/audit.server";
import { publicBaseline, signChangeInTx } from "../provenance/public-record.server";
import {
  findPieceDetailsState,
  findPlaceInTree,
  findSupplier,
  setDetailsPendingIfVersion,
} from "../../models/details.server";
import { enqueue } from "../../models/outbox.server";
import {
  deletePieceMetals,
  findPieceForEdit,
  insertPieceMetals,
  setPieceSupplier,
  tagCodesOf,
  updatePieceIfVersion,
} from "../../models/pieces.server";
import { inTransaction, type Tx } from "../../models/transaction.server";
import type { Actor } from "../../models/actor";
import { movePiece } from "./piece-changes.server";

export type DetailsRefusalCode =
  | "NOT_FOUND"
  | "CHANGED_MEANWHILE"
  | "UNKNOWN_LOCATION"
  | "LOCATION_OTHER_SITE"
  | "UNKNOWN_SUPPLIER"
  | "NOTHING_TO_CHANGE";

export type DetailsRefusal = { pieceId: string; tagCode: string; code: DetailsRefusalCode };

export type BatchOutcome = { ok: true; done: number } | { ok: false; refusals: DetailsRefusal[] };

export type PieceRef = { id: string; version: number };

/** Thrown inside the transaction to undo the whole batch once a piece is refused. */
class BatchRefused extends Error {
  constructor(readonly refused: { pieceId: string; code: DetailsRefusalCode }[]) {
    super("batch refused");
  }
}

async function allOrNothing(
  shopId: string,
  pieces: readonly PieceRef[],
  one: (tx: Tx, piece: PieceRef) => Promise<DetailsRefusalCode | null>,
): Promise<BatchOutcome> {
  const unique = [...new Map(pieces.map((p) => [p.id, p])).values()];
  try {
    return await inTransaction(async (tx) => {
      const refused: { pieceId: string; code: DetailsRefusalCode }[] = [];
      for (const piece of unique) {
        const code = await one(tx, piece);
        if (code) refused.push({ pieceId: piece.id, code });
      }
      if (refused.length) throw new BatchRefused(refused);
      return { ok: true as const, done: unique.length };
    });
  } catch (error) {
    if (!(error instanceof BatchRefused)) throw error;
    // Named once the transaction is undone (SQLite would make this read wait for its lock).
    const tags = await tagCodesOf(
      shopId,
      error.refused.map((r) => r.pieceId),
    );
    return { ok: false, refusals: error.refused.map((r) => ({ ...r, tagCode: tags.get(r.pieceId) ?? "?" })) };
  }
}

/**
 * Clears one piece's mark under the version read before, with an audit entry naming what was
 * still missing. A piece already complete is left as it is (someone else finished it).
 */
export async function completeInTx(
  tx: Tx,
  shopId: string,
  piece: PieceRef,
  actor: Actor,
  reason: string,
  options: { canSeeCost: boolean; source: string },
): Promise<DetailsRefusalCode | null> {
  const state = await findPieceDetailsState(tx, shopId, piece.id);
  if (!state) return "NOT_FOUND";
  if (state.version !== piece.version) return "CHANGED_MEANWHILE";
  if (!state.detailsPendingAt) return null;
  const next = await setDetailsPendingIfVersion(tx, shopId, state, null);
  if (next === null) return "CHANGED_MEANWHILE";
  const completion = detailsCompletion(
    {
      metals: state.metals,
      stones: state.stones,
      certificateCount: state._count.certificates,
      photoCount: null,
      ...(options.canSeeCost ? { costMinor: state.costMinor } : {}),
    },
    options,
  );
  await appendAudit(tx, shopId, {
    actor,
    action: "piece.details_completed",
    entityType: "Piece",
    entityId: piece.id,
    reason,
    data: {
      version: next,
      source: options.source,
      changes: { detailsPendingAt: { before: state.detailsPendingAt.toISOString(), after: null } },
      stillMissing: missingFields(completion),
    },
  });
  // A piece made from the catalogue was not mirrored while its details were being entered: its
  // product gets the public record now (the worker reads the piece as it is when it delivers).
  if (state.productGid) await enqueue(tx, shopId, "piece.mirror", { pieceId: piece.id }, `mirror-${piece.id}-v${next}`);
  return null;
}

export async function markDetailsComplete(
  shopId: string,
  pieces: readonly PieceRef[],
  actor: Actor,
  reason: string,
  options: { canSeeCost: boolean },
): Promise<BatchOutcome> {
  return allOrNothing(shopId, pieces, (tx, piece) =>
    completeInTx(tx, shopId, piece, actor, reason, { ...options, source: "details-page" }),
  );
}

export type BulkDetailsChange = {
  metal?: CheckedBulkMetal;
  supplierId?: string;
  locationId?: string;
};

const metalView = (m: { metal: string; finenessBp: number; grossWeightMg: bigint }) => ({
  metal: m.metal,
  finenessBp: m.finenessBp,
  grossWeightMg: m.grossWeightMg.toString(),
});

/** Metal and fineness (and weight when given) on the piece's first metal, or a first metal added. */
function nextMetals(stored: NonNullable<Awaited<ReturnType<typeof findPieceForEdit>>>["metals"], m: CheckedBulkMetal) {
  const rows = stored.map((s) => ({
    metal: s.metal,
    colour: s.colour,
    finenessBp: s.finenessBp,
    grossWeightMg: s.grossWeightMg,
    enteredWeight: s.enteredWeight,
    enteredUnit: s.enteredUnit,
    hallmark: s.hallmark,
  }));
  const first = rows[0];
  const weighed =
    m.grossWeightMg !== null
      ? { grossWeightMg: m.grossWeightMg, enteredWeight: m.enteredWeight, enteredUnit: m.enteredUnit }
      : first
        ? { grossWeightMg: first.grossWeightMg, enteredWeight: first.enteredWeight, enteredUnit: first.enteredUnit }
        : { grossWeightMg: 0n, enteredWeight: "", enteredUnit: "g" };
  const colour = first && first.metal === m.metal ? first.colour : null;
  const changed = { metal: m.metal, colour, finenessBp: m.finenessBp, hallmark: first?.hallmark ?? null, ...weighed };
  return [changed, ...rows.slice(1)];
}

export async function bulkEditDetails(
  shopId: string,
  pieces: readonly PieceRef[],
  change: BulkDetailsChange,
  actor: Actor,
  reason: string,
): Promise<BatchOutcome> {
  return allOrNothing(shopId, pieces, async (tx, ref): Promise<DetailsRefusalCode | null> => {
    const piece = await findPieceForEdit(tx, shopId, ref.id);
    if (!piece) return "NOT_FOUND";
    if (piece.version !== ref.version) return "CHANGED_MEANWHILE";
    let target: Awaited<ReturnType<typeof findPlaceInTree>> = null;
    if (change.locationId) {
      target = await findPlaceInTree(tx, shopId, change.locationId);
      if (!target) return "UNKNOWN_LOCATION";
      // A place of the piece's own Shopify location: moving stock between Shopify locations is a
      // move on the list, not a correction of details.
      if (piece.shopifyLocationGid && target.shopifyLocationGid !== piece.shopifyLocationGid)
        return "LOCATION_OTHER_SITE";
    }
    const supplier = change.supplierId ? await findSupplier(tx, shopId, change.supplierId) : null;
    if (change.supplierId && !supplier) return "UNKNOWN_SUPPLIER";

    const changes: Record<string, { before: unknown; after: unknown }> = {};
    const metals = change.metal ? nextMetals(piece.metals, change.metal) : null;
    if (metals) {
      const before = piece.metals.map(metalView);
      const after = metals.map(metalView);
      if (JSON.stringify(before) !== JSON.stringify(after)) changes.metals = { before, after };
    }
    if (supplier && piece.supplierId !== supplier.id)
      changes.supplier = { before: piece.supplier?.name ?? null, after: supplier.name };
    const moves = target !== null && target.id !== piece.locationId;
    if (!moves && Object.keys(changes).length === 0) return null;

    let version = piece.version;
    // Metals are on the public record: read what it starts from, sign its next version after.
    const baseline = changes.metals ? await publicBaseline(tx, shopId, piece.id) : null;
    if (Object.keys(changes).length) {
      const next = await updatePieceIfVersion(tx, shopId, piece, {});
      if (next === null) return "CHANGED_MEANWHILE";
      version = next;
      if (changes.metals && metals) {
        await deletePieceMetals(tx, shopId, piece.id);
        await insertPieceMetals(
          tx,
          shopId,
          piece.id,
          metals.map((m) => ({ ...m, fineWeightMg: fineWeightMg(m.grossWeightMg, m.finenessBp) })),
        );
      }
      if (changes.supplier && supplier) await setPieceSupplier(tx, shopId, piece.id, supplier.id);
      await appendAudit(tx, shopId, {
        actor,
        action: "piece.edited",
        entityType: "Piece",
        entityId: piece.id,
        reason,
        data: { version, source: "details-bulk", changes },
      });
      if (baseline) await signChangeInTx(tx, shopId, piece.id, baseline);
    }
    if (moves && target) {
      const moved = await movePiece(shopId, piece.id, target.id, actor, reason, { tx });
      if (!moved.ok) return moved.code === "NOT_FOUND" ? "NOT_FOUND" : "CHANGED_MEANWHILE";
      version = moved.version;
    }
    if (changes.metals && piece.productGid)
      await enqueue(tx, shopId, "piece.mirror", { pieceId: piece.id }, `mirror-${piece.id}-v${version}`);
    return null;
  });
}
