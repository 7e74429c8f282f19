// Reading the shop's catalogue with one bulk query (bulkOperationRunQuery): a ShopifyBulkOperation
// of kind catalogue_query goes through the same stages as an import's productSet operation — the
// worker's advance starts it, the poller and the bulk_operations/finish webhook follow it (see
// start.server.ts and poll.server.ts) — and its result file becomes CatalogueLevel rows, in chunks,
// once, by the worker holding the applier's claim. A finished read replaces the previous one.
import { catalogueLevelsFromLines, type CatalogueLevel } from "../../domain/catalogue/levels";
import { SYSTEM_ACTOR } from "../../models/actor";
import { appendAudit } from "../../models/audit.server";
import * as Bulk from "../../models/bulk-operations.server";
import {
  deleteCatalogueLevelsOfRead,
  deleteOlderCatalogueLevels,
  insertCatalogueLevels,
} from "../../models/catalogue.server";
import { shopCurrency } from "../../models/shop.server";
import { inTransaction } from "../../models/transaction.server";
import { ShopifyRefusedError, ShopifyTransientError, shopGraphql } from "../admin-client.server";
import { BULK_RUN_QUERY, CATALOGUE_BULK_QUERY } from "../documents";
import { APPLY_LEASE_MS, LostLease, type RemoteOp } from "./apply.server";
import { POLL_MS } from "./poll.server";

/** Levels written per transaction. */
const LEVELS_PER_CHUNK = 1_000;

type UserError = { field?: string[] | null; message: string; code?: string | null };

/** Asks Shopify to run the catalogue query for a claimed operation; false when the claim was lost. */
export async function startCatalogueQuery(op: Bulk.BulkOperationRow, shop: string, workerId: string): Promise<boolean> {
  const run = await shopGraphql<{
    bulkOperationRunQuery: { bulkOperation: { id: string; status: string } | null; userErrors: UserError[] };
  }>(shop, BULK_RUN_QUERY, { query: CATALOGUE_BULK_QUERY });
  const { bulkOperation, userErrors } = run.data.bulkOperationRunQuery;
  if (!bulkOperation) {
    const message = userErrors.map((e) => `${e.code ?? "ERROR"}: ${e.message}`).join("; ");
    if (userErrors.some((e) => e.code === "LIMIT_REACHED" || e.code === "OPERATION_IN_PROGRESS"))
      throw new ShopifyTransientError(message);
    throw new ShopifyRefusedError(`bulkOperationRunQuery: ${message}`);
  }
  return inTransaction(async (tx) => {
    const moved = await Bulk.recordRunning(tx, op.shopId, op.id, workerId, {
      shopifyGid: bulkOperation.id,
      shopifyStatus: bulkOperation.status,
      stagedUploadPath: "",
      lines: [],
      nextCheckAt: new Date(Date.now() + POLL_MS),
    });
    if (!moved) return false;
    await appendAudit(tx, op.shopId, {
      actor: SYSTEM_ACTOR,
      action: "catalogue.read_started",
      entityType: "ShopifyBulkOperation",
      entityId: op.id,
      data: { shopifyGid: bulkOperation.id, startedBy: op.startedBy },
    });
    return true;
  });
}

async function readLines(url: string | null): Promise<Record<string, unknown>[]> {
  if (!url) return [];
  let text: string;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(300_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    text = await response.text();
  } catch (error) {
    throw new ShopifyTransientError(`The catalogue's result file could not be read: ${(error as Error).message}`);
  }
  const lines: Record<string, unknown>[] = [];
  for (const raw of text.split("\n")) if (raw.trim() !== "") lines.push(JSON.parse(raw) as Record<string, unknown>);
  return lines;
}

/**
 * Applies a finished catalogue read, once (the caller that moves the row to applying does it). A
 * read that did not complete keeps the previous catalogue: a partial list would show variants as
 * having no stock.
 */
export async function applyCatalogueRead(
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
  let levels: CatalogueLevel[] = [];
  let lineCount = 0;
  if (remote.status === "COMPLETED") {
    const lines = await readLines(remote.url);
    lineCount = lines.length;
    levels = catalogueLevelsFromLines(lines, await shopCurrency(op.shopId));
    // A successor to an applier that died part-way starts the read's rows afresh.
    await inTransaction((tx) => deleteCatalogueLevelsOfRead(tx, op.shopId, op.id));
    for (let from = 0; from < levels.length; from += LEVELS_PER_CHUNK) {
      await inTransaction(
        async (tx) => {
          await insertCatalogueLevels(tx, op.shopId, op.id, levels.slice(from, from + LEVELS_PER_CHUNK));
          const kept = await Bulk.recordCatalogueProgress(tx, op.shopId, op.id, workerId, {
            lines: lineCount,
            levels: Math.min(levels.length, from + LEVELS_PER_CHUNK),
            lockedUntil: new Date(Date.now() + APPLY_LEASE_MS),
          });
          if (!kept) throw new LostLease();
        },
        { timeout: 120_000, maxWait: 30_000 },
      );
    }
  }
  await inTransaction(
    async (tx) => {
      if (!(await Bulk.finishApplying(tx, op.shopId, op.id, workerId))) throw new LostLease();
      const replaced = remote.status === "COMPLETED" ? await deleteOlderCatalogueLevels(tx, op.shopId, op.id) : 0;
      await appendAudit(tx, op.shopId, {
        actor: SYSTEM_ACTOR,
        action: remote.status === "COMPLETED" ? "catalogue.read" : "catalogue.read_failed",
        entityType: "ShopifyBulkOperation",
        entityId: op.id,
        data: {
          shopifyGid: remote.id,
          shopifyStatus: remote.status,
          errorCode: remote.errorCode,
          lines: lineCount,
          levels: levels.length,
          replacedLevels: replaced,
        },
      });
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return "applied";
}
