// The import's side of a bulk operation: it opens one, adds each chunk's new pieces to it, seals it
// when the import has finished, and shows it on the import page.
import type { BulkLine, FailedLine } from "../../domain/bulk/lines";
import { appendAudit } from "../../models/audit.server";
import type { Actor } from "../../models/actor";
import * as Bulk from "../../models/bulk-operations.server";
import type { Tx } from "../../models/transaction.server";

/** Opens the operation a large import's pieces will go through (in the import's transaction). */
export async function openBulkForImport(tx: Tx, shopId: string, importBatchId: string, actor: Actor): Promise<string> {
  return Bulk.insertCollectingOperation(tx, shopId, importBatchId, actor.name);
}

/** The operation still collecting this import's pieces, if the import is in bulk mode. */
export async function collectingBulk(shopId: string, importBatchId: string): Promise<string | null> {
  return Bulk.collectingOperationId(shopId, importBatchId);
}

/**
 * Takes pieces just created with a product.create outbox row (same transaction): the rows are held
 * for the operation instead of going one by one, and the pieces become lines of its file.
 */
export async function holdForBulk(tx: Tx, shopId: string, opId: string, lines: BulkLine[]): Promise<void> {
  if (lines.length === 0) return;
  await Bulk.holdProductCreates(
    tx,
    shopId,
    opId,
    lines.map((l) => l.pieceId),
  );
  await Bulk.appendLines(tx, shopId, opId, lines);
}

/** The import has finished: the operation starts at the next advance (or is closed if empty). */
export async function sealBulk(tx: Tx, shopId: string, opId: string, actor: Actor): Promise<void> {
  const op = await Bulk.bulkOperationOrThrow(shopId, opId, tx);
  // Only a collecting operation is sealed: a second "run" must not move a started one back.
  const sealed = await Bulk.closeCollecting(tx, shopId, opId, op.lineCount > 0 ? "ready" : "done");
  if (!sealed) return;
  await appendAudit(tx, shopId, {
    actor,
    action: "bulk.queued",
    entityType: "ShopifyBulkOperation",
    entityId: opId,
    reason: "large import: products created in one Shopify bulk operation",
    data: { lines: op.lineCount, importBatchId: op.importBatchId },
  });
}

export type BulkView = {
  id: string;
  status: string;
  shopifyStatus: string | null;
  errorCode: string | null;
  lineCount: number;
  objectCount: number;
  appliedLines: number;
  linkedCount: number;
  failed: FailedLine[];
  lastError: string | null;
  startedBy: string;
};

/** What the import page shows of its operations. */
export async function bulkForImport(shopId: string, importBatchId: string): Promise<BulkView[]> {
  const ops = await Bulk.operationsOfImport(shopId, importBatchId);
  return ops.map((op) => ({
    id: op.id,
    status: op.status,
    shopifyStatus: op.shopifyStatus,
    errorCode: op.errorCode,
    lineCount: op.lineCount,
    objectCount: op.objectCount,
    appliedLines: op.appliedLines,
    linkedCount: op.linkedCount,
    failed: Bulk.failedLinesOf(op),
    lastError: op.lastError,
    startedBy: op.startedBy,
  }));
}
