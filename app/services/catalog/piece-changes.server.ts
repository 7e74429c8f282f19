// Changing a piece: its state (by the lifecycle rules), its location, its tag. Each change writes
// the piece, a ledger row, an audit entry and — when Shopify's stock must follow — an outbox row,
// all in one transaction. Expected refusals are results, not exceptions.
import {
  checkTransition,
  isOutOfHand,
  isPieceState,
  pieceQuantity,
  stockBucket,
  type PieceState,
  type TransitionErrorCode,
} from "../../domain/lifecycle";
import { appendAudit } from "../../models/audit.server";
import { findActiveLocation } from "../../models/locations.server";
import { insertMovement, type MovementFields } from "../../models/movements.server";
import { enqueue } from "../../models/outbox.server";
import { findPieceForChange, updatePieceIfVersion } from "../../models/pieces.server";
import { inTransaction, type Tx } from "../../models/transaction.server";
import { publicBaseline, signChangeInTx } from "../provenance/public-record.server";
import type { Actor } from "../../models/actor";

export type PieceChangeRefusal =
  TransitionErrorCode | "NOT_FOUND" | "CHANGED_MEANWHILE" | "UNKNOWN_LOCATION" | "SAME_LOCATION" | "OUT_OF_HAND";

/** `state`: the piece's state, on a refusal that names it (OUT_OF_HAND). */
export type PieceChangeResult =
  { ok: true; pieceId: string; version: number } | { ok: false; code: PieceChangeRefusal; state?: string };

export const pieceReference = (pieceId: string) => `gid://loupe/Piece/${pieceId}`;

/**
 * The two records every change of a piece leaves: its ledger row and its audit entry (which names
 * the ledger row), with one actor, reason and time.
 */
async function recordChange(
  tx: Tx,
  shopId: string,
  pieceId: string,
  actor: Actor,
  change: {
    movement: MovementFields;
    action: string;
    data: Record<string, unknown>;
    reason: string;
    source?: string;
    at?: Date;
  },
): Promise<void> {
  const at = change.at ?? new Date();
  const movement = await insertMovement(tx, shopId, pieceId, actor, {
    ...change.movement,
    reason: change.reason,
    source: change.source ?? null,
    at,
  });
  await appendAudit(tx, shopId, {
    actor,
    action: change.action,
    entityType: "Piece",
    entityId: pieceId,
    reason: change.reason,
    data: { ...change.data, movementId: movement.id },
    at,
  });
}

/**
 * Shopify follows Loupe's stock rule: a piece counts in the quantity name of its state's bucket
 * (available, reserved, quality_control) at its Shopify location, or in none; a piece made from
 * damaged or safety-stock units leaves the quantity it was held in (pieceQuantity).
 */
export async function enqueueStockFollow(
  tx: Tx,
  shopId: string,
  piece: {
    id: string;
    inventoryItemGid: string | null;
    shopifyLocationGid: string | null;
    heldInQuantity?: string | null;
  },
  from: PieceState,
  to: PieceState,
  reason: string,
  key: string,
): Promise<void> {
  if (!piece.inventoryItemGid || !piece.shopifyLocationGid) return;
  const before = pieceQuantity(from, piece.heldInQuantity);
  const after = stockBucket(to);
  if (before === after) return;
  const item = piece.inventoryItemGid;
  const location = piece.shopifyLocationGid;
  const referenceDocumentUri = pieceReference(piece.id);
  if (before && after) {
    await enqueue(
      tx,
      shopId,
      "inventory.move",
      {
        inventoryItemGid: item,
        locationGid: location,
        from: before,
        to: after,
        quantity: 1,
        reason,
        referenceDocumentUri,
      },
      key,
    );
  } else if (after || before) {
    const name = (after ?? before)!;
    await enqueue(
      tx,
      shopId,
      "inventory.adjust",
      {
        name,
        reason,
        referenceDocumentUri,
        changes: [{ inventoryItemGid: item, locationGid: location, delta: after ? 1 : -1 }],
      },
      key,
    );
  }
}

// Shopify's inventory reasons (InventoryAdjustQuantitiesInput.reason) for each kind of change.
function shopifyReason(from: PieceState, to: PieceState): string {
  if (from === "receiving" && to === "active") return "received";
  if (to === "lost") return "shrinkage";
  if (to === "written_off") return "damaged";
  if (to === "at_repair" || from === "at_repair") return "quality_control";
  if (to === "on_hold" || to === "shown" || from === "on_hold" || from === "shown") return "reservation_created";
  if (from === "lost" && to === "active") return "correction";
  if (to === "to_inspect" || from === "to_inspect") return "quality_control";
  return "other";
}

export type TransitionOptions = {
  reason: string;
  /** False when the change comes from Shopify itself (an order already moved the stock). */
  syncStock?: boolean;
  refund?: boolean;
  /** A person allowed to release a returned piece (pieces.stateSensitive) asks it, with a reason. */
  release?: boolean;
  /**
   * With syncStock false: the quantity Shopify already counts the piece in, as if it were in this
   * state (a refund with restock puts the unit back in `available`); Shopify then follows from
   * there to the new state's quantity.
   */
  shopifyCountsAs?: PieceState;
  expectedVersion?: number;
  /** Idempotency: the same source (webhook id, kiosk operation) never applies twice. */
  source?: string;
  tx?: Tx;
};

export async function transitionPiece(
  shopId: string,
  pieceId: string,
  to: string,
  actor: Actor,
  options: TransitionOptions,
): Promise<PieceChangeResult> {
  const work = async (tx: Tx): Promise<PieceChangeResult> => {
    const piece = await findPieceForChange(tx, shopId, pieceId);
    if (!piece) return { ok: false, code: "NOT_FOUND" };
    if (options.expectedVersion !== undefined && options.expectedVersion !== piece.version)
      return { ok: false, code: "CHANGED_MEANWHILE" };
    const from = piece.state;
    if (!isPieceState(from) || !isPieceState(to)) return { ok: false, code: "UNKNOWN_STATE" };
    const check = checkTransition(from, to, {
      consigned: Boolean(piece.consignment),
      tagged: piece.taggedAt !== null,
      refund: options.refund,
      release: options.release,
    });
    if (!check.ok) return { ok: false, code: check.code };
    const now = new Date();
    // The sale day is on the public record: a sale or its undoing signs the record's next version.
    const unsold = to === "to_inspect" && (from === "sold" || from === "archived");
    const baseline = to === "sold" || unsold ? await publicBaseline(tx, shopId, pieceId) : null;
    const version = await updatePieceIfVersion(tx, shopId, piece, {
      state: to,
      // Held in damaged or safety stock only until it changes state: then it counts as its state does.
      ...(piece.heldInQuantity ? { heldInQuantity: null } : {}),
      ...(to === "sold" ? { soldAt: now } : {}),
      ...(to === "archived" ? { archivedAt: now } : {}),
      ...(unsold ? { soldAt: null, archivedAt: null } : {}),
    });
    if (version === null) return { ok: false, code: "CHANGED_MEANWHILE" };
    await recordChange(tx, shopId, pieceId, actor, {
      movement: {
        kind: "state",
        fromState: from,
        toState: to,
        fromLocationId: piece.locationId,
        toLocationId: piece.locationId,
      },
      action: "piece.state_changed",
      data: { from, to },
      reason: options.reason,
      source: options.source,
      at: now,
    });
    if (baseline) await signChangeInTx(tx, shopId, pieceId, baseline);
    if (options.syncStock !== false) {
      await enqueueStockFollow(tx, shopId, piece, from, to, shopifyReason(from, to), `piece-${pieceId}-v${version}`);
    } else if (options.shopifyCountsAs) {
      const counted = { ...piece, heldInQuantity: null };
      await enqueueStockFollow(
        tx,
        shopId,
        counted,
        options.shopifyCountsAs,
        to,
        shopifyReason(from, to),
        `piece-${pieceId}-v${version}`,
      );
    }
    return { ok: true, pieceId, version };
  };
  return options.tx ? work(options.tx) : inTransaction(work);
}

/** Staff confirm the printed tag is on the piece (required before it goes on sale). */
export async function markTagged(
  shopId: string,
  pieceId: string,
  actor: Actor,
  reason = "tag attached",
  options: { tx?: Tx } = {},
): Promise<PieceChangeResult> {
  const work = async (tx: Tx): Promise<PieceChangeResult> => {
    const piece = await findPieceForChange(tx, shopId, pieceId);
    if (!piece) return { ok: false, code: "NOT_FOUND" };
    const version = await updatePieceIfVersion(tx, shopId, piece, { taggedAt: new Date() });
    if (version === null) return { ok: false, code: "CHANGED_MEANWHILE" };
    await appendAudit(tx, shopId, { actor, action: "piece.tagged", entityType: "Piece", entityId: pieceId, reason });
    return { ok: true, pieceId, version };
  };
  return options.tx ? work(options.tx) : inTransaction(work);
}

/**
 * Moves a piece to another internal location. Within one Shopify location only Loupe's ledger
 * changes; to another Shopify location the stock follows through inventoryMoveQuantities.
 */
export async function movePiece(
  shopId: string,
  pieceId: string,
  toLocationId: string,
  actor: Actor,
  reason: string,
  options: { tx?: Tx; source?: string } = {},
): Promise<PieceChangeResult> {
  const work = async (tx: Tx): Promise<PieceChangeResult> => {
    const piece = await findPieceForChange(tx, shopId, pieceId);
    if (!piece) return { ok: false, code: "NOT_FOUND" };
    // Sold, returned or written off: the piece is not on the premises to be put anywhere.
    if (isOutOfHand(piece.state)) return { ok: false, code: "OUT_OF_HAND", state: piece.state };
    const target = await findActiveLocation(shopId, toLocationId, tx);
    if (!target) return { ok: false, code: "UNKNOWN_LOCATION" };
    if (piece.locationId === target.id) return { ok: false, code: "SAME_LOCATION" };
    const version = await updatePieceIfVersion(tx, shopId, piece, {
      locationId: target.id,
      shopifyLocationGid: target.shopifyLocationGid,
    });
    if (version === null) return { ok: false, code: "CHANGED_MEANWHILE" };
    const crossesShopify = piece.shopifyLocationGid !== null && piece.shopifyLocationGid !== target.shopifyLocationGid;
    await recordChange(tx, shopId, pieceId, actor, {
      movement: {
        kind: crossesShopify ? "shopify_location" : "location",
        fromState: piece.state,
        toState: piece.state,
        fromLocationId: piece.locationId,
        toLocationId: target.id,
        fromShopifyLocationGid: piece.shopifyLocationGid,
        toShopifyLocationGid: target.shopifyLocationGid,
      },
      action: "piece.moved",
      data: { from: piece.locationId, to: target.id, toPath: target.path },
      reason,
      source: options.source,
    });
    const bucket = isPieceState(piece.state) ? pieceQuantity(piece.state, piece.heldInQuantity) : null;
    if (crossesShopify && bucket && piece.inventoryItemGid && piece.shopifyLocationGid) {
      // One adjustment with both changes: the piece leaves one Shopify location and enters the
      // other in the same Shopify operation (inventoryMoveQuantities stays within a location).
      await enqueue(
        tx,
        shopId,
        "inventory.adjust",
        {
          name: bucket,
          reason: "movement_created",
          referenceDocumentUri: pieceReference(pieceId),
          changes: [
            { inventoryItemGid: piece.inventoryItemGid, locationGid: piece.shopifyLocationGid, delta: -1 },
            { inventoryItemGid: piece.inventoryItemGid, locationGid: target.shopifyLocationGid, delta: 1 },
          ],
        },
        `piece-${pieceId}-v${version}`,
      );
    }
    return { ok: true, pieceId, version };
  };
  return options.tx ? work(options.tx) : inTransaction(work);
}
