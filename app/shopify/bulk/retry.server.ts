// Retrying an operation's failed lines, from the import page.
import { BULK_PRODUCT_THRESHOLD } from "../../domain/bulk/lines";
import type { Actor } from "../../models/actor";
import { appendAudit } from "../../models/audit.server";
import * as Bulk from "../../models/bulk-operations.server";
import { productPieces } from "../../models/piece-links.server";
import { inTransaction } from "../../models/transaction.server";

export type RetryResult =
  { ok: true; retried: number; mode: "bulk" | "one-by-one" } | { ok: false; code: "NOT_FOUND" | "NOTHING_TO_RETRY" };

/**
 * Sends the failed lines again: many go through a new bulk operation, a few through the outbox one
 * by one. Either way each product is found by its handle first, so nothing is created twice.
 */
export async function retryBulkLines(shopId: string, opId: string, actor: Actor): Promise<RetryResult> {
  const op = await Bulk.findBulkOperation(shopId, opId);
  if (!op) return { ok: false, code: "NOT_FOUND" };
  if (op.status !== "done" && op.status !== "failed") return { ok: false, code: "NOTHING_TO_RETRY" };
  const failed = Bulk.failedLinesOf(op);
  const pieces = await productPieces(
    shopId,
    failed.map((f) => f.pieceId),
  );
  const lines = failed
    .filter((f) => pieces.get(f.pieceId)?.variantGid === null)
    .map((f) => ({ pieceId: f.pieceId, row: f.row }));
  if (lines.length === 0) return { ok: false, code: "NOTHING_TO_RETRY" };
  const pieceIds = lines.map((l) => l.pieceId);
  const mode = lines.length > BULK_PRODUCT_THRESHOLD ? "bulk" : "one-by-one";
  const retried = await inTransaction(async (tx) => {
    if (!(await Bulk.clearFailedLines(tx, shopId, op))) return 0; // retried meanwhile by someone else
    if (mode === "bulk") {
      const next = await Bulk.insertReadyOperation(tx, shopId, {
        importBatchId: op.importBatchId,
        lines,
        startedBy: actor.name,
      });
      await Bulk.moveHeldProductCreates(tx, shopId, pieceIds, next);
    } else {
      await Bulk.releaseHeldProductCreates(tx, shopId, pieceIds);
    }
    await appendAudit(tx, shopId, {
      actor,
      action: "bulk.retried",
      entityType: "ShopifyBulkOperation",
      entityId: op.id,
      data: { lines: lines.length, mode },
    });
    return lines.length;
  });
  return retried === 0 ? { ok: false, code: "NOTHING_TO_RETRY" } : { ok: true, retried, mode };
}
