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
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db, type Tx } from "../db.server";
import { isPieceState, stockBucket } from "../domain/lifecycle";
import { minorToDecimalString } from "../domain/money";
import { appendAudit } from "../models/audit.server";
import { SYSTEM_ACTOR, type Actor } from "../models/actor";
import { enqueue, type QuantityName } from "../models/outbox.server";
import { ShopifyRefusedError, ShopifyTransientError, shopGraphql } from "./admin-client.server";
import { BULK_CANCEL, BULK_OPERATION, BULK_PRODUCT_SET, BULK_RUN_MUTATION, STAGED_UPLOADS_CREATE } from "./documents";
import { MIRROR_SELECT, productSetMetafields } from "./mirror.server";
import { productHandle } from "./products.server";

/**
 * Above this many new products an import goes through one bulk operation. Below it the outbox's
 * one-call-per-piece path is as fast (a few hundred calls fit in the rate limit's bucket within a
 * minute or two on a Standard plan) and shows each piece's progress; above it, thousands of calls
 * would keep the shop's whole API budget busy for many minutes, while a bulk operation costs a
 * handful of calls whatever its size.
 */
export const BULK_PRODUCT_THRESHOLD = 250;
/** Result lines applied per transaction. */
const APPLY_CHUNK = 100;
/** Inventory changes per inventoryAdjustQuantities call (one outbox row). */
export const STOCK_CHANGES_PER_CALL = 100;
const POLL_MS = 3_000;
/** An applier's lease, renewed after every chunk. */
const LEASE_MS = 120_000;
/**
 * A starter's lease: far longer than the upload (up to 2 minutes) plus three calls, so a live
 * starter is never taken over; only a starter that died is. Even then the row is only moved to
 * running by the worker that still holds it (see startClaimed).
 */
const START_LEASE_MS = 10 * 60_000;
/** Outbox status of a product.create row an operation carries; lockedBy names the operation. */
export const HELD_FOR_BULK = "bulk";

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
/** Shopify refused the operation for a reason of Loupe's (not Shopify's own words). */
class BulkRefusal extends ShopifyRefusedError {
  constructor(
    readonly reasonCode: BulkReasonCode,
    message: string,
  ) {
    super(message);
  }
}
type Op = Awaited<ReturnType<typeof db.shopifyBulkOperation.findFirstOrThrow>>;
type UserError = { field?: string[] | null; message: string; code?: string | null };

const holder = (opId: string) => `bulk:${opId}`;

// ------------------------------------------------------------------ collecting (the import's side)

/** Opens the operation a large import's pieces will go through (in the import's transaction). */
export async function openBulkForImport(tx: Tx, shopId: string, importBatchId: string, actor: Actor): Promise<string> {
  const op = await tx.shopifyBulkOperation.create({ data: { shopId, importBatchId, startedBy: actor.name } });
  return op.id;
}

/** The operation still collecting this import's pieces, if the import is in bulk mode. */
export async function collectingBulk(shopId: string, importBatchId: string): Promise<string | null> {
  const op = await db.shopifyBulkOperation.findFirst({
    where: { shopId, importBatchId, status: "collecting" },
    select: { id: true },
  });
  return op?.id ?? null;
}

/**
 * Takes pieces just created with a product.create outbox row (same transaction): the rows are held
 * for the operation instead of going one by one, and the pieces become lines of its file.
 */
export async function holdForBulk(tx: Tx, shopId: string, opId: string, lines: BulkLine[]): Promise<void> {
  if (lines.length === 0) return;
  await tx.outboxEntry.updateMany({
    where: {
      shopId,
      kind: "product.create",
      status: "pending",
      idempotencyKey: { in: lines.map((l) => `product-create-${l.pieceId}`) },
    },
    data: { status: HELD_FOR_BULK, lockedBy: holder(opId) },
  });
  const op = await tx.shopifyBulkOperation.findFirstOrThrow({ where: { id: opId, shopId }, select: { lines: true } });
  const all = [...(JSON.parse(op.lines) as BulkLine[]), ...lines];
  await tx.shopifyBulkOperation.updateMany({
    where: { id: opId, shopId },
    data: { lines: JSON.stringify(all), lineCount: all.length },
  });
}

/** The import has finished: the operation starts at the next advance (or is closed if empty). */
export async function sealBulk(tx: Tx, shopId: string, opId: string, actor: Actor): Promise<void> {
  const op = await tx.shopifyBulkOperation.findFirstOrThrow({ where: { id: opId, shopId } });
  // Only a collecting operation is sealed: a second "run" must not move a started one back.
  const sealed = await tx.shopifyBulkOperation.updateMany({
    where: { id: opId, shopId, status: "collecting" },
    data: op.lineCount > 0 ? { status: "ready", nextCheckAt: new Date() } : { status: "done", finishedAt: new Date() },
  });
  if (sealed.count === 0) return;
  await appendAudit(tx, shopId, {
    actor,
    action: "bulk.queued",
    entityType: "ShopifyBulkOperation",
    entityId: opId,
    reason: "large import: products created in one Shopify bulk operation",
    data: { lines: op.lineCount, importBatchId: op.importBatchId },
  });
}

// ------------------------------------------------------------------ what the import page shows

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

export async function bulkForImport(shopId: string, importBatchId: string): Promise<BulkView[]> {
  const ops = await db.shopifyBulkOperation.findMany({
    where: { shopId, importBatchId },
    orderBy: { createdAt: "asc" },
  });
  return ops.map((op) => ({
    id: op.id,
    status: op.status,
    shopifyStatus: op.shopifyStatus,
    errorCode: op.errorCode,
    lineCount: op.lineCount,
    objectCount: op.objectCount,
    appliedLines: op.appliedLines,
    linkedCount: op.linkedCount,
    failed: JSON.parse(op.failedLines) as FailedLine[],
    lastError: op.lastError,
    startedBy: op.startedBy,
  }));
}

// ------------------------------------------------------------------ starting

type StagedTarget = { url: string; parameters: { name: string; value: string }[] };

/** A multipart/form-data body written by hand: the target's parameters first, the file last. */
function multipart(
  parameters: { name: string; value: string }[],
  file: Buffer,
  filename: string,
): { body: Buffer; type: string } {
  const boundary = `----loupe-${randomUUID()}`;
  const parts: Buffer[] = [];
  for (const p of parameters)
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/jsonl\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

const PIECE_SELECT = {
  ...MIRROR_SELECT,
  title: true,
  description: true,
  priceMinor: true,
  currency: true,
  sku: true,
  state: true,
  shopifyLocationGid: true,
  version: true,
} as const;

/** Ids per query: SQLite (libsql) refuses statements with more than about a thousand parameters. */
const IDS_PER_QUERY = 400;

async function piecesOf(shopId: string, ids: string[], client: Tx = db) {
  const out = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY)
    out.push(
      ...(await client.piece.findMany({
        where: { shopId, id: { in: ids.slice(i, i + IDS_PER_QUERY) } },
        select: PIECE_SELECT,
      })),
    );
  return new Map(out.map((p) => [p.id, p]));
}

type BulkPiece = NonNullable<Awaited<ReturnType<typeof piecesOf>> extends Map<string, infer P> ? P : never>;

/** One JSONL line: the piece as its own product (draft, one variant, overselling denied). */
export function productSetLine(
  shop: string,
  piece: BulkPiece,
): { identifier: { handle: string }; input: Record<string, unknown> } {
  const handle = productHandle(piece.tagCode);
  const metafields = productSetMetafields(shop, piece);
  return {
    identifier: { handle },
    input: {
      title: piece.title,
      handle,
      status: "DRAFT",
      productType: "Jewelry",
      ...(piece.description ? { descriptionHtml: piece.description } : {}),
      productOptions: [{ name: "Title", values: [{ name: "Default Title" }] }],
      variants: [
        {
          optionValues: [{ optionName: "Title", name: "Default Title" }],
          price: piece.priceMinor != null ? minorToDecimalString(piece.priceMinor, piece.currency) : "0",
          sku: piece.sku ?? piece.tagCode,
          // A piece is one physical item: never sell more than there are.
          inventoryPolicy: "DENY",
          inventoryItem: { tracked: true },
          // Stocks the item at the piece's location with nothing in it: the quantity itself comes
          // through the inventory API (compare-and-set, idempotency key) like every other change.
          ...(piece.shopifyLocationGid
            ? { inventoryQuantities: [{ locationId: piece.shopifyLocationGid, name: "available", quantity: 0 }] }
            : {}),
        },
      ],
      ...(metafields ? { metafields } : {}),
    },
  };
}

async function start(op: Op, shop: string, workerId: string): Promise<boolean> {
  // Two workers (or instances) must not both upload and run the same lines.
  const now = new Date();
  const claimed = await db.shopifyBulkOperation.updateMany({
    where: {
      id: op.id,
      shopId: op.shopId,
      OR: [{ status: "ready" }, { status: "starting", lockedUntil: { lt: now } }],
    },
    data: { status: "starting", lockedBy: workerId, lockedUntil: new Date(now.getTime() + START_LEASE_MS) },
  });
  if (claimed.count === 0) return false;
  try {
    return await startClaimed(op, shop, workerId);
  } catch (error) {
    await db.shopifyBulkOperation.updateMany({
      where: { id: op.id, shopId: op.shopId, status: "starting", lockedBy: workerId },
      data: { status: "ready", lockedBy: null, lockedUntil: null },
    });
    throw error;
  }
}

/** Uploads and starts the claimed operation; false when the claim was lost meanwhile. */
async function startClaimed(op: Op, shop: string, workerId: string): Promise<boolean> {
  const mine = { id: op.id, shopId: op.shopId, status: "starting", lockedBy: workerId };
  const planned = JSON.parse(op.lines) as BulkLine[];
  const pieces = await piecesOf(
    op.shopId,
    planned.map((l) => l.pieceId),
  );
  // A piece deleted or linked by hand since the import is left out; line n must stay lines[n].
  const lines = planned.filter((l) => pieces.get(l.pieceId) && pieces.get(l.pieceId)!.variantGid === null);
  if (lines.length === 0) {
    const closed = await db.shopifyBulkOperation.updateMany({
      where: mine,
      data: { status: "done", lines: "[]", lineCount: 0, lockedBy: null, lockedUntil: null, finishedAt: new Date() },
    });
    return closed.count > 0;
  }
  const jsonl = Buffer.from(
    `${lines.map((l) => JSON.stringify(productSetLine(shop, pieces.get(l.pieceId)!))).join("\n")}\n`,
  );
  const staged = await shopGraphql<{
    stagedUploadsCreate: { stagedTargets: StagedTarget[] | null; userErrors: UserError[] };
  }>(shop, STAGED_UPLOADS_CREATE, {
    input: [
      {
        resource: "BULK_MUTATION_VARIABLES",
        filename: `loupe-${op.id}.jsonl`,
        mimeType: "text/jsonl",
        httpMethod: "POST",
      },
    ],
  });
  const target = staged.data.stagedUploadsCreate.stagedTargets?.[0];
  const path = target?.parameters.find((p) => p.name === "key")?.value;
  if (!target || !path) {
    const messages = staged.data.stagedUploadsCreate.userErrors.map((e) => e.message).join("; ");
    throw messages
      ? new ShopifyRefusedError(`stagedUploadsCreate: ${messages}`)
      : new BulkRefusal("NO_UPLOAD_TARGET", "stagedUploadsCreate: no target");
  }
  const form = multipart(target.parameters, jsonl, `loupe-${op.id}.jsonl`);
  let uploaded: Response;
  try {
    uploaded = await fetch(target.url, {
      method: "POST",
      headers: { "Content-Type": form.type },
      body: new Uint8Array(form.body),
      signal: AbortSignal.timeout(120_000),
    });
  } catch (error) {
    throw new ShopifyTransientError(`The JSONL upload did not answer: ${(error as Error).message}`);
  }
  if (!uploaded.ok) throw new ShopifyTransientError(`The JSONL upload answered ${uploaded.status}`);
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
  const kept = await db.$transaction(async (tx) => {
    const moved = await tx.shopifyBulkOperation.updateMany({
      where: mine,
      data: {
        status: "running",
        lockedBy: null,
        lockedUntil: null,
        shopifyGid: bulkOperation.id,
        shopifyStatus: bulkOperation.status,
        stagedUploadPath: path,
        lines: JSON.stringify(lines),
        lineCount: lines.length,
        startedAt: new Date(),
        nextCheckAt: new Date(Date.now() + POLL_MS),
        lastError: null,
      },
    });
    if (moved.count === 0) return false;
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

// ------------------------------------------------------------------ finishing

type RemoteOp = {
  id: string;
  status: string;
  errorCode: string | null;
  objectCount: string;
  url: string | null;
  partialDataUrl: string | null;
};
type ResultLine = {
  __lineNumber: number;
  data?: {
    productSet?: {
      product: { id: string; variants: { nodes: { id: string; inventoryItem: { id: string } | null }[] } } | null;
      userErrors: UserError[];
    } | null;
  } | null;
  errors?: { message: string }[];
};

async function readResults(url: string | null): Promise<Map<number, ResultLine>> {
  const results = new Map<number, ResultLine>();
  if (!url) return results;
  let text: string;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(120_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    text = await response.text();
  } catch (error) {
    throw new ShopifyTransientError(`The bulk operation's result file could not be read: ${(error as Error).message}`);
  }
  for (const raw of text.split("\n")) {
    if (raw.trim() === "") continue;
    const line = JSON.parse(raw) as ResultLine;
    results.set(line.__lineNumber, line);
  }
  return results;
}

/** Why Shopify did not create a line: its own words, or a code of Loupe's when it said nothing. */
function refusal(line: ResultLine): { reason: string; reasonCode?: BulkReasonCode } | null {
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

/**
 * Applies a finished operation's results, once: the caller that moves the row from running to
 * applying does it; any other (the webhook and the poller racing, a second instance) stops there.
 */
async function apply(op: Op, remote: RemoteOp, workerId: string, now: Date): Promise<"applied" | "not-mine"> {
  const claimed = await db.shopifyBulkOperation.updateMany({
    where: {
      id: op.id,
      shopId: op.shopId,
      OR: [{ status: "running" }, { status: "applying", lockedUntil: { lt: now } }],
    },
    data: {
      status: "applying",
      lockedBy: workerId,
      lockedUntil: new Date(now.getTime() + LEASE_MS),
      shopifyStatus: remote.status,
      errorCode: remote.errorCode,
      objectCount: Number(remote.objectCount),
    },
  });
  if (claimed.count === 0) return "not-mine";
  const fresh = await db.shopifyBulkOperation.findFirstOrThrow({ where: { id: op.id, shopId: op.shopId } });
  const results = await readResults(remote.status === "COMPLETED" ? remote.url : remote.partialDataUrl);
  const lines = JSON.parse(fresh.lines) as BulkLine[];
  const stoppedReason =
    remote.status === "COMPLETED" ? null : `${remote.status}${remote.errorCode ? ` ${remote.errorCode}` : ""}`;
  for (let from = fresh.appliedLines; from < lines.length; from += APPLY_CHUNK) {
    const slice = lines.slice(from, from + APPLY_CHUNK);
    await db.$transaction(
      async (tx) => {
        const pieces = await piecesOf(
          op.shopId,
          slice.map((l) => l.pieceId),
          tx,
        );
        const failed: FailedLine[] = [];
        const stock = new Map<QuantityName, { inventoryItemGid: string; locationGid: string; delta: number }[]>();
        let linked = 0;
        for (const [i, line] of slice.entries()) {
          const piece = pieces.get(line.pieceId);
          if (!piece) continue;
          const result = results.get(from + i);
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
          const refused = refusal(result);
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
          const product = result.data!.productSet!.product!;
          const variant = product.variants.nodes[0]!;
          const link = { productGid: product.id, variantGid: variant.id, inventoryItemGid: variant.inventoryItem!.id };
          // Compare-and-set on the version: a piece tagged (made active) meanwhile is read again,
          // so its stock is counted from the state it really has when it gets its inventory item.
          let current: typeof piece | null = piece;
          let updated = 0;
          for (let attempt = 0; attempt < 3 && current && current.variantGid === null && updated === 0; attempt++) {
            updated = (
              await tx.piece.updateMany({
                where: { id: current.id, shopId: op.shopId, variantGid: null, version: current.version },
                data: { ...link, version: { increment: 1 } },
              })
            ).count;
            if (updated === 0)
              current = await tx.piece.findFirst({ where: { id: piece.id, shopId: op.shopId }, select: PIECE_SELECT });
          }
          // Linked already (this chunk applied before a crash, or by hand): nothing more to do.
          if (updated === 0 || !current) continue;
          linked++;
          await appendAudit(tx, op.shopId, {
            actor: SYSTEM_ACTOR,
            action: "piece.linked_to_shopify",
            entityType: "Piece",
            entityId: piece.id,
            reason: "product created from the piece (bulk import)",
            data: { ...link, bulkOperation: fresh.shopifyGid },
          });
          await tx.outboxEntry.updateMany({
            where: {
              shopId: op.shopId,
              kind: "product.create",
              idempotencyKey: `product-create-${piece.id}`,
              status: HELD_FOR_BULK,
            },
            data: {
              status: "done",
              doneAt: new Date(),
              lockedBy: null,
              result: JSON.stringify({ ...link, bulkOperation: fresh.shopifyGid }),
            },
          });
          const version = current.version + 1;
          // Stones and certificates reference metaobjects made from the product id: mirrored now.
          if (current.stones.length > 0 || current.certificates.length > 0)
            await enqueue(tx, op.shopId, "piece.mirror", { pieceId: piece.id }, `mirror-${piece.id}-v${version}`);
          const bucket = isPieceState(current.state) ? stockBucket(current.state) : null;
          if (bucket && current.shopifyLocationGid)
            stock.set(bucket, [
              ...(stock.get(bucket) ?? []),
              { inventoryItemGid: link.inventoryItemGid, locationGid: current.shopifyLocationGid, delta: 1 },
            ]);
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
              `bulk-stock-${op.id}-${from}-${name}-${c}`,
            );
          }
        }
        const current = await tx.shopifyBulkOperation.findFirstOrThrow({
          where: { id: op.id, shopId: op.shopId },
          select: { failedLines: true },
        });
        const moved = await tx.shopifyBulkOperation.updateMany({
          where: { id: op.id, shopId: op.shopId, lockedBy: workerId, appliedLines: from },
          data: {
            appliedLines: from + slice.length,
            linkedCount: { increment: linked },
            failedLines: JSON.stringify([...(JSON.parse(current.failedLines) as FailedLine[]), ...failed]),
            lockedUntil: new Date(Date.now() + LEASE_MS),
          },
        });
        // Another applier took over (our lease ran out): roll this chunk back, it applies it.
        if (moved.count === 0) throw new LostLease();
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }
  await db.$transaction(async (tx) => {
    const done = await tx.shopifyBulkOperation.updateMany({
      where: { id: op.id, shopId: op.shopId, lockedBy: workerId },
      data: { status: "done", finishedAt: new Date(), lockedBy: null, lockedUntil: null },
    });
    if (done.count === 0) throw new LostLease();
    const final = await tx.shopifyBulkOperation.findFirstOrThrow({ where: { id: op.id, shopId: op.shopId } });
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
        failed: (JSON.parse(final.failedLines) as unknown[]).length,
      },
    });
  });
  return "applied";
}

class LostLease extends Error {}

/** Asks Shopify how the operation stands; applies it when it has finished. */
async function check(op: Op, shop: string, workerId: string, now = new Date()): Promise<string> {
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
      return await apply(op, remote, workerId, now);
    } catch (error) {
      if (error instanceof LostLease) return "not-mine";
      throw error;
    }
  }
  await db.shopifyBulkOperation.updateMany({
    where: { id: op.id, shopId: op.shopId, status: "running" },
    data: {
      shopifyStatus: remote.status,
      objectCount: Number(remote.objectCount),
      nextCheckAt: new Date(Date.now() + POLL_MS),
    },
  });
  return remote.status.toLowerCase();
}

/** Shopify will not run the operation: every line is reported, none is lost (retry sends them again). */
async function failAll(op: Op, message: string, reasonCode?: BulkReasonCode): Promise<void> {
  const lines = JSON.parse(op.lines) as BulkLine[];
  const pieces = await piecesOf(
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
  await db.$transaction(async (tx) => {
    const moved = await tx.shopifyBulkOperation.updateMany({
      where: { id: op.id, shopId: op.shopId, status: { in: ["ready", "starting", "running"] } },
      data: {
        status: "failed",
        lockedBy: null,
        lockedUntil: null,
        failedLines: JSON.stringify(failed),
        lastError: message.slice(0, 1000),
        finishedAt: new Date(),
      },
    });
    if (moved.count === 0) return;
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

// ------------------------------------------------------------------ the loop

export type AdvanceResult = { started: number; checked: number; applied: number; failed: number };

/**
 * One pass over the operations that are due: start the ready ones, ask Shopify about the running
 * ones, take over an applier that died. The worker runs it every few seconds, so a restarted
 * server picks up where it was; the finish webhook only makes it sooner.
 */
export async function advanceBulkOperations(
  options: { shopId?: string; workerId?: string; now?: Date } = {},
): Promise<AdvanceResult> {
  const now = options.now ?? new Date();
  const workerId = options.workerId ?? `bulk-${process.pid}-${randomUUID().slice(0, 8)}`;
  const due = await db.shopifyBulkOperation.findMany({
    where: {
      ...(options.shopId ? { shopId: options.shopId } : {}),
      OR: [
        { status: { in: ["ready", "running"] }, nextCheckAt: { lte: now } },
        { status: { in: ["starting", "applying"] }, lockedUntil: { lt: now } },
      ],
    },
    orderBy: { createdAt: "asc" },
    take: 20,
    include: { shop: { select: { domain: true } } },
  });
  const result: AdvanceResult = { started: 0, checked: 0, applied: 0, failed: 0 };
  for (const { shop, ...op } of due) {
    try {
      if (op.status === "ready" || op.status === "starting") {
        if (await start(op, shop.domain, workerId)) result.started++;
      } else {
        const outcome = await check(op, shop.domain, workerId, now);
        result.checked++;
        if (outcome === "applied") result.applied++;
      }
    } catch (error) {
      if (error instanceof ShopifyRefusedError) {
        await failAll(op, error.message, error instanceof BulkRefusal ? error.reasonCode : undefined);
        result.failed++;
      } else {
        // Unknown outcome or a bug: try again later, with a longer wait each time.
        const wait = Math.min(2 ** op.attempts * 5_000, 10 * 60_000);
        await db.shopifyBulkOperation.updateMany({
          where: { id: op.id, shopId: op.shopId },
          data: {
            attempts: { increment: 1 },
            lastError: (error as Error).message.slice(0, 1000),
            nextCheckAt: new Date(Date.now() + wait),
          },
        });
        if (!(error instanceof ShopifyTransientError)) console.error(`bulk operation ${op.id} failed:`, error);
      }
    }
  }
  return result;
}

export const bulkFinishPayload = z
  .object({ admin_graphql_api_id: z.string().startsWith("gid://shopify/BulkOperation/"), status: z.string() })
  .passthrough();

/**
 * bulk_operations/finish: the operation is looked up by its Shopify id (one Loupe did not start,
 * e.g. another app's or a bulk query, is ignored) and checked at once. The webhook carries no
 * result URL, so Shopify is asked, exactly as the poller asks.
 */
export async function handleBulkFinish(shopDomain: string, payload: unknown): Promise<string> {
  const parsed = bulkFinishPayload.safeParse(payload);
  if (!parsed.success) throw new Response("bulk_operations/finish payload is malformed", { status: 400 });
  const op = await db.shopifyBulkOperation.findFirst({
    where: { shopifyGid: parsed.data.admin_graphql_api_id, shop: { domain: shopDomain } },
  });
  if (!op) return "unknown";
  if (op.status !== "running" && op.status !== "applying") return op.status;
  const workerId = `webhook-${randomUUID().slice(0, 8)}`;
  // Shopify waits five seconds for a webhook's answer: a large result is applied after answering
  // (the claim still makes it once; if this process dies, the poller takes over when the lease ends).
  if (op.lineCount > WEBHOOK_INLINE_LINES) {
    void check(op, shopDomain, workerId).catch((error: unknown) =>
      console.error(`bulk operation ${op.id} (webhook) failed:`, error),
    );
    return "applying";
  }
  return check(op, shopDomain, workerId);
}

/** Results up to this many lines are applied before the webhook answers (about two seconds' work). */
const WEBHOOK_INLINE_LINES = 1_000;

// ------------------------------------------------------------------ retry

export type RetryResult =
  { ok: true; retried: number; mode: "bulk" | "one-by-one" } | { ok: false; code: "NOT_FOUND" | "NOTHING_TO_RETRY" };

/**
 * Sends the failed lines again: many go through a new bulk operation, a few through the outbox one
 * by one. Either way each product is found by its handle first, so nothing is created twice.
 */
export async function retryBulkLines(shopId: string, opId: string, actor: Actor): Promise<RetryResult> {
  const op = await db.shopifyBulkOperation.findFirst({ where: { id: opId, shopId } });
  if (!op) return { ok: false, code: "NOT_FOUND" };
  if (op.status !== "done" && op.status !== "failed") return { ok: false, code: "NOTHING_TO_RETRY" };
  const failed = JSON.parse(op.failedLines) as FailedLine[];
  const pieces = await piecesOf(
    shopId,
    failed.map((f) => f.pieceId),
  );
  const lines = failed
    .filter((f) => pieces.get(f.pieceId)?.variantGid === null)
    .map((f) => ({ pieceId: f.pieceId, row: f.row }));
  if (lines.length === 0) return { ok: false, code: "NOTHING_TO_RETRY" };
  const keys = lines.map((l) => `product-create-${l.pieceId}`);
  const mode = lines.length > BULK_PRODUCT_THRESHOLD ? "bulk" : "one-by-one";
  const retried = await db.$transaction(async (tx) => {
    const cleared = await tx.shopifyBulkOperation.updateMany({
      where: { id: op.id, shopId, failedLines: op.failedLines },
      data: { failedLines: "[]" },
    });
    if (cleared.count === 0) return 0; // retried meanwhile by someone else
    if (mode === "bulk") {
      const next = await tx.shopifyBulkOperation.create({
        data: {
          shopId,
          importBatchId: op.importBatchId,
          status: "ready",
          lines: JSON.stringify(lines),
          lineCount: lines.length,
          startedBy: actor.name,
        },
      });
      for (let i = 0; i < keys.length; i += IDS_PER_QUERY) {
        await tx.outboxEntry.updateMany({
          where: { shopId, idempotencyKey: { in: keys.slice(i, i + IDS_PER_QUERY) }, status: HELD_FOR_BULK },
          data: { lockedBy: holder(next.id) },
        });
      }
    } else {
      for (let i = 0; i < keys.length; i += IDS_PER_QUERY) {
        await tx.outboxEntry.updateMany({
          where: { shopId, idempotencyKey: { in: keys.slice(i, i + IDS_PER_QUERY) }, status: HELD_FOR_BULK },
          data: { status: "pending", lockedBy: null, nextAttemptAt: new Date(), attempts: 0, lastError: null },
        });
      }
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
