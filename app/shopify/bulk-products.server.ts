// Large imports create their Shopify products with ONE bulk mutation instead of one outbox row
// per piece: a JSONL file of productSet inputs (upsert by handle loupe-<tag code>, so running the
// same line twice changes nothing twice) is uploaded, Shopify runs it in the background, and its
// result file links each piece to its product, variant and inventory item.
//
// The life of a ShopifyBulkOperation row:
//   collecting  the import's chunks add their pieces (their product.create outbox rows are held
//               with status "bulk", so the one-by-one worker leaves them alone)
//   ready       the import has finished: upload and start at the next advance
//   starting    claimed by one worker, uploading; a dead worker's lease runs out and it is ready again
//   running     Shopify has it; polled every few seconds, or told by bulk_operations/finish
//   applying    one process claimed the finished operation and applies its result file, chunk by
//               chunk; a crashed applier's lease runs out and another one resumes at appliedLines
//   done        every line is applied or recorded as failed (failedLines) for the page to show
//   failed      Shopify would not start it; every line is failed and can be retried
// Stock follows through the existing outbox kinds (inventory.adjust, many changes per row), the
// public record through the metafields sent with productSet or a piece.mirror row.
//
// This file is what the rest of the app uses (the import, its page, the webhook, the worker); each
// stage lives in app/shopify/bulk/, the rows in app/models/bulk-operations.server.ts, the line and
// result-file rules in app/domain/bulk/lines.ts.
export {
  BULK_PRODUCT_THRESHOLD,
  BULK_REASON_CODES,
  STOCK_CHANGES_PER_CALL,
  type BulkLine,
  type BulkReasonCode,
  type FailedLine,
} from "../domain/bulk/lines";
export { HELD_FOR_BULK } from "../models/bulk-operations.server";
export {
  bulkForImport,
  collectingBulk,
  holdForBulk,
  openBulkForImport,
  sealBulk,
  type BulkView,
} from "./bulk/collect.server";
export { productSetLine } from "./bulk/jsonl.server";
export { advanceBulkOperations, bulkFinishPayload, handleBulkFinish, type AdvanceResult } from "./bulk/advance.server";
export { retryBulkLines, type RetryResult } from "./bulk/retry.server";
