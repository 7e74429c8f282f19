// Attaching a piece to an existing Shopify variant after intake, and detaching it. The rules are
// intake's: many identical pieces may share a variant, but a variant Loupe created for a
// one-of-a-kind piece stays that piece's. Shopify's stock keeps the stock rule (available = active
// pieces of the variant at the location; on hold and shown as reserved, at repair as
// quality_control): attaching a piece that counts somewhere adds it to its variant's quantity there,
// detaching takes it off — queued through the outbox in the same transaction as the link, the
// audit entry (before/after) and the mirror, exactly as linking a created product does.
import { isPieceState, pieceQuantity } from "../../domain/lifecycle";
import { appendAudit, lastAuditFor } from "../../models/audit.server";
import { enqueue } from "../../models/outbox.server";
import { findPieceForChange, piecesOnVariant, updatePieceIfVersion } from "../../models/pieces.server";
import { inTransaction, type Tx } from "../../models/transaction.server";
import type { Actor } from "../../models/actor";
import type { LinkedVariant } from "../../shopify/variants.server";
import { oneOfAKindOwner } from "./intake.server";
import { pieceReference } from "./piece-changes.server";

export type LinkRefusal =
  | { code: "PIECE_NOT_FOUND" }
  | { code: "PIECE_STALE"; by: string | null; at: Date | null }
  | { code: "ALREADY_LINKED"; field: "variantRef" }
  | { code: "NOT_LINKED" }
  | { code: "VARIANT_ONE_OF_A_KIND"; field: "variantRef"; tagCode: string }
  /** A sold piece stays on the variant it was sold from (refunds and restocks find it there). */
  | { code: "PIECE_SOLD" };

export type LinkResult = { ok: true; version: number } | ({ ok: false } & LinkRefusal);

type LinkInput = { version: number; reason: string };

const SOLD_STATES = new Set(["sold", "archived"]);

/** The quantity name the piece counts in (a catalogue piece may be held in damaged or safety stock). */
const quantityOf = (piece: { state: string; heldInQuantity: string | null }) =>
  isPieceState(piece.state) ? pieceQuantity(piece.state, piece.heldInQuantity) : null;

async function stale(tx: Tx, shopId: string, pieceId: string): Promise<LinkResult> {
  const last = await lastAuditFor(tx, shopId, "Piece", pieceId);
  return { ok: false, code: "PIECE_STALE", by: last?.actor ?? null, at: last?.at ?? null };
}

/** One unit of the piece's quantity name at its Shopify location, added (+1) or taken off (-1). */
async function enqueueStock(
  tx: Tx,
  shopId: string,
  piece: { id: string; state: string; shopifyLocationGid: string | null; heldInQuantity: string | null },
  inventoryItemGid: string | null,
  delta: 1 | -1,
  key: string,
): Promise<boolean> {
  const bucket = quantityOf(piece);
  if (!bucket || !piece.shopifyLocationGid || !inventoryItemGid) return false;
  await enqueue(
    tx,
    shopId,
    "inventory.adjust",
    {
      name: bucket,
      // Shopify's reasons: the piece enters the variant's count as stock received; leaving it is a
      // correction of what the variant counts, not a loss.
      reason: delta > 0 ? "received" : "correction",
      referenceDocumentUri: pieceReference(piece.id),
      changes: [{ inventoryItemGid, locationGid: piece.shopifyLocationGid, delta }],
    },
    key,
  );
  return true;
}

export async function attachPieceToVariant(
  shopId: string,
  pieceId: string,
  variant: LinkedVariant,
  input: LinkInput,
  actor: Actor,
): Promise<LinkResult> {
  return inTransaction(async (tx) => {
    const piece = await findPieceForChange(tx, shopId, pieceId);
    if (!piece) return { ok: false, code: "PIECE_NOT_FOUND" };
    if (piece.version !== input.version) return stale(tx, shopId, pieceId);
    if (piece.variantGid) return { ok: false, code: "ALREADY_LINKED", field: "variantRef" };
    if (SOLD_STATES.has(piece.state)) return { ok: false, code: "PIECE_SOLD" };
    const owner = await oneOfAKindOwner(tx, shopId, variant.variantGid);
    if (owner) return { ok: false, code: "VARIANT_ONE_OF_A_KIND", field: "variantRef", tagCode: owner.tagCode };
    const link = {
      productGid: variant.productGid,
      variantGid: variant.variantGid,
      inventoryItemGid: variant.inventoryItemGid,
      // A piece on a variant carries its SKU, as at intake; one without a SKU in Shopify keeps its own.
      sku: variant.sku ?? piece.sku,
    };
    const version = await updatePieceIfVersion(tx, shopId, piece, link);
    if (version === null) return stale(tx, shopId, pieceId);
    const stocked = await enqueueStock(tx, shopId, piece, variant.inventoryItemGid, 1, `stock-${pieceId}-v${version}`);
    await appendAudit(tx, shopId, {
      actor,
      action: "piece.linked_to_shopify",
      entityType: "Piece",
      entityId: pieceId,
      reason: input.reason,
      data: {
        version,
        before: { productGid: null, variantGid: null, inventoryItemGid: null, sku: piece.sku },
        after: link,
        stock: stocked ? { name: quantityOf(piece), delta: 1 } : null,
      },
    });
    await enqueue(tx, shopId, "piece.mirror", { pieceId }, `mirror-${pieceId}-v${version}`);
    return { ok: true, version };
  });
}

export async function detachPieceFromVariant(
  shopId: string,
  pieceId: string,
  input: LinkInput,
  actor: Actor,
): Promise<LinkResult> {
  return inTransaction(async (tx) => {
    const piece = await findPieceForChange(tx, shopId, pieceId);
    if (!piece) return { ok: false, code: "PIECE_NOT_FOUND" };
    if (piece.version !== input.version) return stale(tx, shopId, pieceId);
    if (!piece.variantGid) return { ok: false, code: "NOT_LINKED" };
    if (SOLD_STATES.has(piece.state)) return { ok: false, code: "PIECE_SOLD" };
    const was = {
      productGid: piece.productGid,
      variantGid: piece.variantGid,
      inventoryItemGid: piece.inventoryItemGid,
    };
    const version = await updatePieceIfVersion(tx, shopId, piece, {
      productGid: null,
      variantGid: null,
      inventoryItemGid: null,
      // Off the variant it counts in nothing; attached again, it counts as its state does.
      heldInQuantity: null,
    });
    if (version === null) return stale(tx, shopId, pieceId);
    const stocked = await enqueueStock(tx, shopId, piece, piece.inventoryItemGid, -1, `stock-${pieceId}-v${version}`);
    await appendAudit(tx, shopId, {
      actor,
      action: "piece.unlinked_from_shopify",
      entityType: "Piece",
      entityId: pieceId,
      reason: input.reason,
      data: {
        version,
        before: was,
        after: { productGid: null, variantGid: null, inventoryItemGid: null },
        stock: stocked ? { name: quantityOf(piece), delta: -1 } : null,
      },
    });
    // The product's mirror now describes the pieces still on it: one of them is mirrored again
    // (a product left with one piece shows that piece's certificate and provenance link).
    const [sibling] = await piecesOnVariant(tx, shopId, piece.variantGid, 1);
    if (sibling)
      await enqueue(
        tx,
        shopId,
        "piece.mirror",
        { pieceId: sibling.id },
        `mirror-${sibling.id}-detach-${pieceId}-v${version}`,
      );
    return { ok: true, version };
  });
}
