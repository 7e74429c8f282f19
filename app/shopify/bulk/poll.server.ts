// Following a running operation: Shopify is asked how it stands (by the poller every few seconds,
// or at once by the bulk_operations/finish webhook); a finished one is applied, one Shopify no
// longer knows or will not run is failed with every line reported.
import type { BulkReasonCode, FailedLine } from "../../domain/bulk/lines";
import { SYSTEM_ACTOR } from "../../models/actor";
import { appendAudit } from "../../models/audit.server";
import * as Bulk from "../../models/bulk-operations.server";
import { productPieces } from "../../models/piece-links.server";
import { inTransaction } from "../../models/transaction.server";
import { shopGraphql } from "../admin-client.server";
import { BULK_OPERATION } from "../documents";
import { apply, LostLease, type RemoteOp } from "./apply.server";
import { applyCatalogueRead } from "./catalogue.server";

/** How long a running operation waits before Shopify is asked about it again. */
export const POLL_MS = 3_000;

/** Asks Shopify how the operation stands; applies it when it has finished. */
export async function check(
  op: Bulk.BulkOperationRow,
  shop: string,
  workerId: string,
  now = new Date(),
): Promise<string> {
  const answer = await shopGraphql<{ bulkOperation: RemoteOp | null }>(
    shop,
    BULK_OPERATION,
    { id: op.shopifyGid },
    { estimatedCost: 1 },
  );
  const remote = answer.data.bulkOperation;
  if (!remote) {
    await failAll(op, "Shopify no longer knows this bulk operation", "UNKNOWN_OPERATION");
    return "failed";
  }
  if (["COMPLETED", "FAILED", "CANCELED", "EXPIRED"].includes(remote.status)) {
    try {
      return op.kind === Bulk.CATALOGUE_QUERY
        ? await applyCatalogueRead(op, remote, workerId, now)
        : await apply(op, remote, workerId, now);
    } catch (error) {
      if (error instanceof LostLease) return "not-mine";
      throw error;
    }
  }
  await Bulk.recordRemoteStatus(op.shopId, op.id, {
    shopifyStatus: remote.status,
    objectCount: Number(remote.objectCount),
    nextCheckAt: new Date(Date.now() + POLL_MS),
  });
  return remote.status.toLowerCase();
}

/** Shopify will not run the operation: every line is reported, none is lost (retry sends them again). */
export async function failAll(op: Bulk.BulkOperationRow, message: string, reasonCode?: BulkReasonCode): Promise<void> {
  const lines = Bulk.linesOf(op);
  const pieces = await productPieces(
    op.shopId,
    lines.map((l) => l.pieceId),
  );
  const failed: FailedLine[] = lines.flatMap((l) => {
    const p = pieces.get(l.pieceId);
    return p && p.variantGid === null
      ? [
          {
            row: l.row,
            pieceId: p.id,
            tagCode: p.tagCode,
            code: "NOT_RUN" as const,
            reason: message.slice(0, 500),
            ...(reasonCode ? { reasonCode } : {}),
          },
        ]
      : [];
  });
  await inTransaction(async (tx) => {
    if (!(await Bulk.failOperation(tx, op.shopId, op.id, failed, message))) return;
    await appendAudit(tx, op.shopId, {
      actor: SYSTEM_ACTOR,
      action: "bulk.failed",
      entityType: "ShopifyBulkOperation",
      entityId: op.id,
      reason: message.slice(0, 500),
      data: { lines: failed.length },
    });
  });
}
