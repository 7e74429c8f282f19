// The lines of a bulk product operation and what becomes of them: the thresholds that decide when
// an import goes through one, the reasons a line fails, and how Shopify's result file is read.
// Pure: the operation itself lives in app/shopify/bulk/, its rows in app/models/bulk-operations.

/**
 * Above this many new products an import goes through one bulk operation. Below it the outbox's
 * one-call-per-piece path is as fast (a few hundred calls fit in the rate limit's bucket within a
 * minute or two on a Standard plan) and shows each piece's progress; above it, thousands of calls
 * would keep the shop's whole API budget busy for many minutes, while a bulk operation costs a
 * handful of calls whatever its size.
 */
export const BULK_PRODUCT_THRESHOLD = 250;
/** Inventory changes per inventoryAdjustQuantities call (one outbox row). */
export const STOCK_CHANGES_PER_CALL = 100;

/** A piece of the import and its row in the file; line n of the JSONL is lines[n]. */
export type BulkLine = { pieceId: string; row: number };

/**
 * Why Loupe itself gave up on a line (translated where the page shows it). Absent when `reason` is
 * Shopify's own text (a userError, a GraphQL error, a stopped operation's status and error code).
 */
export const BULK_REASON_CODES = [
  "MISSING_RESULT",
  "NO_ANSWER",
  "NO_VARIANT",
  "UNKNOWN_OPERATION",
  "NO_UPLOAD_TARGET",
] as const;
export type BulkReasonCode = (typeof BULK_REASON_CODES)[number];

export type FailedLine = {
  row: number;
  pieceId: string;
  tagCode: string;
  code: "REFUSED" | "NOT_RUN";
  reason: string;
  reasonCode?: BulkReasonCode;
};

type UserError = { field?: string[] | null; message: string; code?: string | null };

/** One line of the result file: the productSet answer for the JSONL line numbered __lineNumber. */
export type ResultLine = {
  __lineNumber: number;
  data?: {
    productSet?: {
      product: { id: string; variants: { nodes: { id: string; inventoryItem: { id: string } | null }[] } } | null;
      userErrors: UserError[];
    } | null;
  } | null;
  errors?: { message: string }[];
};

/** The result file's lines by line number (blank lines skipped). */
export function parseResultFile(text: string): Map<number, ResultLine> {
  const results = new Map<number, ResultLine>();
  for (const raw of text.split("\n")) {
    if (raw.trim() === "") continue;
    const line = JSON.parse(raw) as ResultLine;
    results.set(line.__lineNumber, line);
  }
  return results;
}

/** Why Shopify did not create a line: its own words, or a code of Loupe's when it said nothing. */
export function resultRefusal(line: ResultLine): { reason: string; reasonCode?: BulkReasonCode } | null {
  if (line.errors?.length) return { reason: line.errors.map((e) => e.message).join("; ") };
  const payload = line.data?.productSet;
  if (!payload) return { reason: "no answer for this line", reasonCode: "NO_ANSWER" };
  if (payload.userErrors.length)
    return {
      reason: payload.userErrors
        .map((e) => (e.field?.length ? `${e.field.join(".")}: ${e.message}` : e.message))
        .join("; "),
    };
  if (!payload.product?.variants.nodes[0]?.inventoryItem)
    return { reason: "the product came back without its variant", reasonCode: "NO_VARIANT" };
  return null;
}
