// What moves bulk operations along: the worker's pass every few seconds, and the
// bulk_operations/finish webhook that makes a finished one apply sooner.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import * as Bulk from "../../models/bulk-operations.server";
import { findShopByDomain } from "../../models/shop.server";
import { ShopifyRefusedError, ShopifyTransientError } from "../admin-client.server";
import { check, failAll } from "./poll.server";
import { start } from "./start.server";
import { BulkRefusal } from "./upload.server";

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
  const due = await Bulk.dueOperationsOfAllShops(now, options.shopId);
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
        await Bulk.recordAttemptFailed(op.shopId, op.id, (error as Error).message, new Date(Date.now() + wait));
        if (!(error instanceof ShopifyTransientError)) console.error(`bulk operation ${op.id} failed:`, error);
      }
    }
  }
  return result;
}

export const bulkFinishPayload = z
  .object({ admin_graphql_api_id: z.string().startsWith("gid://shopify/BulkOperation/"), status: z.string() })
  .passthrough();

/** Results up to this many lines are applied before the webhook answers (about two seconds' work). */
const WEBHOOK_INLINE_LINES = 1_000;

/**
 * bulk_operations/finish: the operation is looked up by its Shopify id (one Loupe did not start,
 * e.g. another app's or a bulk query, is ignored) and checked at once. The webhook carries no
 * result URL, so Shopify is asked, exactly as the poller asks.
 */
export async function handleBulkFinish(shopDomain: string, payload: unknown): Promise<string> {
  const parsed = bulkFinishPayload.safeParse(payload);
  if (!parsed.success) throw new Response("bulk_operations/finish payload is malformed", { status: 400 });
  const shop = await findShopByDomain(shopDomain);
  const op = shop ? await Bulk.findOperationByShopifyGid(shop.id, parsed.data.admin_graphql_api_id) : null;
  if (!op) return "unknown";
  if (op.status !== "running" && op.status !== "applying") return op.status;
  const workerId = `webhook-${randomUUID().slice(0, 8)}`;
  // Shopify waits five seconds for a webhook's answer: a large result is applied after answering
  // (the claim still makes it once; if this process dies, the poller takes over when the lease ends).
  // A catalogue read's size is known only from its file, so it is always applied after answering.
  if (op.lineCount > WEBHOOK_INLINE_LINES || op.kind === Bulk.CATALOGUE_QUERY) {
    void check(op, shopDomain, workerId).catch((error: unknown) =>
      console.error(`bulk operation ${op.id} (webhook) failed:`, error),
    );
    return "applying";
  }
  return check(op, shopDomain, workerId);
}
