// Starting a ready operation: one worker claims it, builds and uploads its file, asks Shopify to
// run it, and records it as running, all only while it still holds the claim.
import { SYSTEM_ACTOR } from "../../models/actor";
import { appendAudit } from "../../models/audit.server";
import * as Bulk from "../../models/bulk-operations.server";
import { productPieces } from "../../models/piece-links.server";
import { inTransaction } from "../../models/transaction.server";
import { ShopifyRefusedError, ShopifyTransientError, shopGraphql } from "../admin-client.server";
import { BULK_CANCEL, BULK_PRODUCT_SET, BULK_RUN_MUTATION } from "../documents";
import { startCatalogueQuery } from "./catalogue.server";
import { productSetJsonl } from "./jsonl.server";
import { POLL_MS } from "./poll.server";
import { uploadBulkFile } from "./upload.server";

type UserError = { field?: string[] | null; message: string; code?: string | null };

/**
 * A starter's lease: far longer than the upload (up to 2 minutes) plus three calls, so a live
 * starter is never taken over; only a starter that died is. Even then the row is only moved to
 * running by the worker that still holds it (see startClaimed).
 */
const START_LEASE_MS = 10 * 60_000;

/** Claims the operation and starts it; false when another worker has it. */
export async function start(op: Bulk.BulkOperationRow, shop: string, workerId: string): Promise<boolean> {
  // Two workers (or instances) must not both upload and run the same lines.
  const now = new Date();
  const claimed = await Bulk.claimForStart(op.shopId, op.id, workerId, now, new Date(now.getTime() + START_LEASE_MS));
  if (!claimed) return false;
  try {
    if (op.kind === Bulk.CATALOGUE_QUERY) return await startCatalogueQuery(op, shop, workerId);
    return await startClaimed(op, shop, workerId);
  } catch (error) {
    await Bulk.releaseStart(op.shopId, op.id, workerId);
    throw error;
  }
}

/** Uploads and starts the claimed operation; false when the claim was lost meanwhile. */
async function startClaimed(op: Bulk.BulkOperationRow, shop: string, workerId: string): Promise<boolean> {
  const planned = Bulk.linesOf(op);
  const pieces = await productPieces(
    op.shopId,
    planned.map((l) => l.pieceId),
  );
  // A piece deleted or linked by hand since the import is left out; line n must stay lines[n].
  const lines = planned.filter((l) => pieces.get(l.pieceId) && pieces.get(l.pieceId)!.variantGid === null);
  if (lines.length === 0) return Bulk.closeEmptyStart(op.shopId, op.id, workerId);
  const path = await uploadBulkFile(
    shop,
    `loupe-${op.id}.jsonl`,
    productSetJsonl(
      shop,
      lines.map((l) => pieces.get(l.pieceId)!),
    ),
  );
  const run = await shopGraphql<{
    bulkOperationRunMutation: {
      bulkOperation: { id: string; status: string } | null;
      userErrors: (UserError & { code?: string | null })[];
    };
  }>(shop, BULK_RUN_MUTATION, {
    mutation: BULK_PRODUCT_SET,
    stagedUploadPath: path,
    clientIdentifier: `loupe-bulk-${op.id}`,
  });
  const { bulkOperation, userErrors } = run.data.bulkOperationRunMutation;
  if (!bulkOperation) {
    const message = userErrors.map((e) => `${e.code ?? "ERROR"}: ${e.message}`).join("; ");
    // Too many operations at once, or a file Shopify could not read yet (its storage may not show
    // a file just uploaded for a moment): try again shortly, the next attempt uploads it afresh.
    if (
      userErrors.some(
        (e) =>
          e.code === "LIMIT_REACHED" ||
          e.code === "OPERATION_IN_PROGRESS" ||
          e.code === "INTERNAL_FILE_SERVER_ERROR" ||
          e.code === "NO_SUCH_FILE",
      )
    )
      throw new ShopifyTransientError(message);
    throw new ShopifyRefusedError(`bulkOperationRunMutation: ${message}`);
  }
  // Only the worker still holding the claim records its operation: had the lease run out and
  // another worker started the same lines, two operations would race on the same handles.
  const kept = await inTransaction(async (tx) => {
    const moved = await Bulk.recordRunning(tx, op.shopId, op.id, workerId, {
      shopifyGid: bulkOperation.id,
      shopifyStatus: bulkOperation.status,
      stagedUploadPath: path,
      lines,
      nextCheckAt: new Date(Date.now() + POLL_MS),
    });
    if (!moved) return false;
    await appendAudit(tx, op.shopId, {
      actor: SYSTEM_ACTOR,
      action: "bulk.started",
      entityType: "ShopifyBulkOperation",
      entityId: op.id,
      data: { shopifyGid: bulkOperation.id, lines: lines.length, startedBy: op.startedBy },
    });
    return true;
  });
  if (!kept) await cancelRemote(shop, op.id, bulkOperation.id);
  return kept;
}

/** Stops an operation Loupe started but no longer owns; the owner's own operation runs the lines. */
async function cancelRemote(shop: string, opId: string, shopifyGid: string): Promise<void> {
  try {
    const answer = await shopGraphql<{
      bulkOperationCancel: { bulkOperation: { id: string; status: string } | null; userErrors: UserError[] };
    }>(shop, BULK_CANCEL, { id: shopifyGid });
    const { userErrors } = answer.data.bulkOperationCancel;
    // Mostly: it finished already. Its products carry the same handles, so the owner's operation
    // finds and updates them instead of making second ones.
    if (userErrors.length)
      console.warn(
        `bulk operation ${opId}: ${shopifyGid} started after the claim was lost could not be canceled: ${userErrors.map((e) => e.message).join("; ")}`,
      );
  } catch (error) {
    console.error(
      `bulk operation ${opId}: ${shopifyGid} started after the claim was lost could not be canceled:`,
      error,
    );
  }
}
