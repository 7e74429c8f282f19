// Applying a finished operation's result file to the pieces, once: each line that made a product
// links its piece (compare-and-set on the piece's version), marks the piece's held product.create
// row done and queues its mirror and stock; each line that did not is recorded as failed for the
// import page. Chunks of lines commit one by one, so a crashed applier's successor resumes at
// appliedLines.
import {
  parseResultFile,
  resultRefusal,
  STOCK_CHANGES_PER_CALL,
  type BulkLine,
  type FailedLine,
  type ResultLine,
} from "../../domain/bulk/lines";
import { isPieceState, stockBucket } from "../../domain/lifecycle";
import { SYSTEM_ACTOR } from "../../models/actor";
import { appendAudit } from "../../models/audit.server";
import * as Bulk from "../../models/bulk-operations.server";
import { enqueue, type QuantityName } from "../../models/outbox.server";
import {
  findProductPiece,
  linkPieceToProduct,
  productPieces,
  type ProductPiece,
  type ShopifyLink,
} from "../../models/piece-links.server";
import { inTransaction, type Tx } from "../../models/transaction.server";
import { ShopifyTransientError } from "../admin-client.server";

/** Result lines applied per transaction. */
const APPLY_CHUNK = 100;
/** An applier's lease, renewed after every chunk. */
export const APPLY_LEASE_MS = 120_000;

/** How Shopify answers for a bulk operation (the BULK_OPERATION query). */
export type RemoteOp = {
  id: string;
  status: string;
  errorCode: string | null;
  objectCount: string;
  url: string | null;
  partialDataUrl: string | null;
};

/** Another applier took the operation over (this one's lease ran out): the chunk under way rolls back. */
export class LostLease extends Error {}

type StockChange = { inventoryItemGid: string; locationGid: string; delta: number };

async function readResults(url: string | null): Promise<Map<number, ResultLine>> {
  if (!url) return new Map();
  let text: string;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    text = await response.text();
  } catch (error) {
    throw new ShopifyTransientError(`The bulk operation's result file could not be read: ${(error as Error).message}`);
  }
  return parseResultFile(text);
}

/**
 * Applies a finished operation's results, once: the caller that moves the row from running to
 * applying does it; any other (the webhook and the poller racing, a second instance) stops there.
 */
export async function apply(
  op: Bulk.BulkOperationRow,
  remote: RemoteOp,
  workerId: string,
  now: Date,
): Promise<"applied" | "not-mine"> {
  const claimed = await Bulk.claimForApply(op.shopId, op.id, workerId, now, new Date(now.getTime() + APPLY_LEASE_MS), {
    shopifyStatus: remote.status,
    errorCode: remote.errorCode,
    objectCount: Number(remote.objectCount),
  });
  if (!claimed) return "not-mine";
  const fresh = await Bulk.bulkOperationOrThrow(op.shopId, op.id);
  const results = await readResults(remote.status === "COMPLETED" ? remote.url : remote.partialDataUrl);
  const lines = Bulk.linesOf(fresh);
  const stoppedReason =
    remote.status === "COMPLETED" ? null : `${remote.status}${remote.errorCode ? ` ${remote.errorCode}` : ""}`;
  for (let from = fresh.appliedLines; from < lines.length; from += APPLY_CHUNK) {
    const chunk = { from, lines: lines.slice(from, from + APPLY_CHUNK) };
    await inTransaction((tx) => applyChunk(tx, fresh, chunk, results, stoppedReason, workerId), {
      timeout: 120_000,
      maxWait: 30_000,
    });
  }
  await inTransaction(async (tx) => {
    if (!(await Bulk.finishApplying(tx, op.shopId, op.id, workerId))) throw new LostLease();
    const final = await Bulk.bulkOperationOrThrow(op.shopId, op.id, tx);
    await appendAudit(tx, op.shopId, {
      actor: SYSTEM_ACTOR,
      action: "bulk.finished",
      entityType: "ShopifyBulkOperation",
      entityId: op.id,
      data: {
        shopifyGid: final.shopifyGid,
        shopifyStatus: remote.status,
        errorCode: remote.errorCode,
        linked: final.linkedCount,
        failed: Bulk.failedLinesOf(final).length,
      },
    });
  });
  return "applied";
}

/** One chunk of lines, in one transaction: linked, failed, stock queued, progress recorded. */
async function applyChunk(
  tx: Tx,
  op: Bulk.BulkOperationRow,
  chunk: { from: number; lines: BulkLine[] },
  results: Map<number, ResultLine>,
  stoppedReason: string | null,
  workerId: string,
): Promise<void> {
  const pieces = await productPieces(
    op.shopId,
    chunk.lines.map((l) => l.pieceId),
    tx,
  );
  const failed: FailedLine[] = [];
  const stock = new Map<QuantityName, StockChange[]>();
  let linked = 0;
  for (const [i, line] of chunk.lines.entries()) {
    const piece = pieces.get(line.pieceId);
    if (!piece) continue;
    const result = results.get(chunk.from + i);
    if (!result) {
      failed.push({
        row: line.row,
        pieceId: piece.id,
        tagCode: piece.tagCode,
        code: "NOT_RUN",
        ...(stoppedReason
          ? { reason: stoppedReason }
          : { reason: "missing from the result file", reasonCode: "MISSING_RESULT" as const }),
      });
      continue;
    }
    const refused = resultRefusal(result);
    if (refused) {
      failed.push({
        row: line.row,
        pieceId: piece.id,
        tagCode: piece.tagCode,
        code: "REFUSED",
        reason: refused.reason.slice(0, 500),
        ...(refused.reasonCode ? { reasonCode: refused.reasonCode } : {}),
      });
      continue;
    }
    const stocked = await linkFromResult(tx, op, piece, result);
    if (stocked === null) continue;
    linked++;
    if (stocked) stock.set(stocked.bucket, [...(stock.get(stocked.bucket) ?? []), stocked.change]);
  }
  for (const [name, changes] of stock) {
    for (let c = 0; c < changes.length; c += STOCK_CHANGES_PER_CALL) {
      await enqueue(
        tx,
        op.shopId,
        "inventory.adjust",
        {
          name,
          reason: "received",
          referenceDocumentUri: `gid://loupe/ShopifyBulkOperation/${op.id}`,
          changes: changes.slice(c, c + STOCK_CHANGES_PER_CALL),
        },
        `bulk-stock-${op.id}-${chunk.from}-${name}-${c}`,
      );
    }
  }
  const recorded = await Bulk.recordAppliedChunk(tx, op.shopId, op.id, workerId, {
    from: chunk.from,
    lines: chunk.lines.length,
    linked,
    failed,
    lockedUntil: new Date(Date.now() + APPLY_LEASE_MS),
  });
  // Another applier took over (our lease ran out): roll this chunk back, it applies it.
  if (!recorded) throw new LostLease();
}

/**
 * Links the piece of a line Shopify made a product for. Null when it was linked already (this
 * chunk applied before a crash, or by hand); otherwise the stock it brings, if it counts anywhere.
 */
async function linkFromResult(
  tx: Tx,
  op: Bulk.BulkOperationRow,
  piece: ProductPiece,
  result: ResultLine,
): Promise<{ bucket: QuantityName; change: StockChange } | false | null> {
  const product = result.data!.productSet!.product!;
  const variant = product.variants.nodes[0]!;
  const link: ShopifyLink = {
    productGid: product.id,
    variantGid: variant.id,
    inventoryItemGid: variant.inventoryItem!.id,
  };
  // Compare-and-set on the version: a piece tagged (made active) meanwhile is read again,
  // so its stock is counted from the state it really has when it gets its inventory item.
  let current: ProductPiece | null = piece;
  let updated = false;
  for (let attempt = 0; attempt < 3 && current && current.variantGid === null && !updated; attempt++) {
    updated = await linkPieceToProduct(tx, op.shopId, current.id, link, current.version);
    if (!updated) current = await findProductPiece(op.shopId, piece.id, tx);
  }
  if (!updated || !current) return null;
  await appendAudit(tx, op.shopId, {
    actor: SYSTEM_ACTOR,
    action: "piece.linked_to_shopify",
    entityType: "Piece",
    entityId: piece.id,
    reason: "product created from the piece (bulk import)",
    data: { ...link, bulkOperation: op.shopifyGid },
  });
  await Bulk.markHeldProductCreateDone(tx, op.shopId, piece.id, { ...link, bulkOperation: op.shopifyGid });
  const version = current.version + 1;
  // Stones and certificates reference metaobjects made from the product id: mirrored now.
  if (current.stones.length > 0 || current.certificates.length > 0)
    await enqueue(tx, op.shopId, "piece.mirror", { pieceId: piece.id }, `mirror-${piece.id}-v${version}`);
  const bucket = isPieceState(current.state) ? stockBucket(current.state) : null;
  if (!bucket || !current.shopifyLocationGid) return false;
  return {
    bucket,
    change: { inventoryItemGid: link.inventoryItemGid, locationGid: current.shopifyLocationGid, delta: 1 },
  };
}
