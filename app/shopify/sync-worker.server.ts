// Delivers outbox rows to Shopify. Each row is tried until Shopify has applied it exactly once:
// - an answer that never came (timeout, 5xx) is retried with the same arguments and the same
//   @idempotent key, so if the first try did land Shopify returns its result instead of applying
//   it again;
// - a compare-and-set refusal (CHANGE_FROM_QUANTITY_STALE) proves nothing was applied: the row
//   reads the quantity again and tries under a new key;
// - any other refusal parks the row as "dead" for a person to look at; it is never dropped.
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import {
  claimDueAcrossShops,
  inFlightLeaseHolders,
  releaseLeasesOf,
  markDead,
  markDone,
  markManyDone,
  markRetry,
  saveAttemptArgs,
  type OutboxKind,
  type OutboxPayloads,
  type OutboxRow,
} from "../models/outbox.server";
import { shopDomainsById } from "../models/shop.server";
import { ShopifyRefusedError, ShopifyTransientError, shopGraphql } from "./admin-client.server";
import { INVENTORY_ACTIVATE, INVENTORY_ADJUST, INVENTORY_LEVEL, INVENTORY_MOVE } from "./documents";
import {
  ensureNoOverselling,
  METAFIELDS_PER_CALL,
  planMirrors,
  sendMetafields,
  type MetafieldEntry,
} from "./mirror.server";
import { createProductForPiece } from "./products.server";
import { advanceBulkOperations } from "./bulk-products.server";

/** How often the worker looks at bulk operations (starts ready ones, polls running ones). */
const BULK_EVERY_MS = 3_000;

type UserError = { field?: string[] | null; message: string; code?: string | null };

/** Shopify refused the attempt and applied nothing: try again under a new key, now. */
class StaleAttempt extends Error {}

export type DeliveryContext = { shop: string; row: OutboxRow; workerId: string };

type Handler<K extends OutboxKind> = (payload: OutboxPayloads[K], ctx: DeliveryContext) => Promise<unknown>;

function userErrorsOrThrow(errors: UserError[] | undefined): void {
  if (!errors || errors.length === 0) return;
  if (errors.some((e) => e.code === "CHANGE_FROM_QUANTITY_STALE"))
    throw new StaleAttempt(errors.map((e) => e.message).join("; "));
  throw new ShopifyRefusedError(errors.map((e) => `${e.code ?? "ERROR"}: ${e.message}`).join("; "));
}

function key(ctx: DeliveryContext, generation: number): string {
  return `loupe-${ctx.row.idempotencyKey}-${generation}`;
}

async function readQuantity(shop: string, item: string, location: string, name: string): Promise<number | null> {
  const answer = await shopGraphql<{
    inventoryItem: { inventoryLevel: { quantities: { name: string; quantity: number }[] } | null } | null;
  }>(shop, INVENTORY_LEVEL, { item, location, names: [name] }, { estimatedCost: 3 });
  if (!answer.data.inventoryItem) throw new ShopifyRefusedError(`Inventory item ${item} does not exist in Shopify`);
  const level = answer.data.inventoryItem.inventoryLevel;
  return level ? (level.quantities.find((q) => q.name === name)?.quantity ?? 0) : null;
}

async function ensureStocked(ctx: DeliveryContext, item: string, location: string, name: string): Promise<number> {
  const current = await readQuantity(ctx.shop, item, location, name);
  if (current !== null) return current;
  const answer = await shopGraphql<{ inventoryActivate: { userErrors: UserError[] } }>(ctx.shop, INVENTORY_ACTIVATE, {
    item,
    location,
    key: `loupe-activate-${ctx.row.idempotencyKey}`,
  });
  userErrorsOrThrow(answer.data.inventoryActivate.userErrors);
  return (await readQuantity(ctx.shop, item, location, name)) ?? 0;
}

type FrozenArgs = { changeFromQuantities: number[] };

/** The arguments of the attempt under way, or new ones read from Shopify for a new attempt. */
async function attemptArgs(
  ctx: DeliveryContext,
  read: () => Promise<FrozenArgs>,
): Promise<{ args: FrozenArgs; generation: number }> {
  if (ctx.row.attemptArgs)
    return { args: JSON.parse(ctx.row.attemptArgs) as FrozenArgs, generation: ctx.row.generation };
  const args = await read();
  await saveAttemptArgs(ctx.row.shopId, ctx.row.id, ctx.workerId, JSON.stringify(args), ctx.row.generation);
  return { args, generation: ctx.row.generation };
}

// piece.mirror rows never come here: they are delivered together by deliverMirrors.
type SingleKind = Exclude<OutboxKind, "piece.mirror">;

const handlers: { [K in SingleKind]: Handler<K> } = {
  "inventory.adjust": async (p, ctx) => {
    const { args, generation } = await attemptArgs(ctx, async () => {
      const changeFromQuantities: number[] = [];
      for (const c of p.changes)
        changeFromQuantities.push(await ensureStocked(ctx, c.inventoryItemGid, c.locationGid, p.name));
      return { changeFromQuantities };
    });
    const answer = await shopGraphql<{
      inventoryAdjustQuantities: { inventoryAdjustmentGroup: unknown; userErrors: UserError[] };
    }>(ctx.shop, INVENTORY_ADJUST, {
      key: key(ctx, generation),
      input: {
        name: p.name,
        reason: p.reason,
        referenceDocumentUri: p.referenceDocumentUri,
        changes: p.changes.map((c, i) => ({
          inventoryItemId: c.inventoryItemGid,
          locationId: c.locationGid,
          delta: c.delta,
          changeFromQuantity: args.changeFromQuantities[i] ?? null,
          ...(p.name === "available" ? {} : { ledgerDocumentUri: p.referenceDocumentUri }),
        })),
      },
    });
    userErrorsOrThrow(answer.data.inventoryAdjustQuantities.userErrors);
    return answer.data.inventoryAdjustQuantities.inventoryAdjustmentGroup;
  },
  "inventory.move": async (p, ctx) => {
    const { args, generation } = await attemptArgs(ctx, async () => ({
      changeFromQuantities: [
        await ensureStocked(ctx, p.inventoryItemGid, p.locationGid, p.from),
        await ensureStocked(ctx, p.inventoryItemGid, p.locationGid, p.to),
      ],
    }));
    const terminal = (name: string, changeFromQuantity: number | undefined) => ({
      locationId: p.locationGid,
      name,
      changeFromQuantity: changeFromQuantity ?? null,
      ...(name === "available" ? {} : { ledgerDocumentUri: p.referenceDocumentUri }),
    });
    const answer = await shopGraphql<{
      inventoryMoveQuantities: { inventoryAdjustmentGroup: unknown; userErrors: UserError[] };
    }>(ctx.shop, INVENTORY_MOVE, {
      key: key(ctx, generation),
      input: {
        reason: p.reason,
        referenceDocumentUri: p.referenceDocumentUri,
        changes: [
          {
            inventoryItemId: p.inventoryItemGid,
            quantity: p.quantity,
            from: terminal(p.from, args.changeFromQuantities[0]),
            to: terminal(p.to, args.changeFromQuantities[1]),
          },
        ],
      },
    });
    userErrorsOrThrow(answer.data.inventoryMoveQuantities.userErrors);
    return answer.data.inventoryMoveQuantities.inventoryAdjustmentGroup;
  },
  "product.create": async (p, ctx) => createProductForPiece(ctx.shop, ctx.row.shopId, p.pieceId),
};

export function backoffMs(attempts: number): number {
  const base = Math.min(2 ** attempts * 1000, 10 * 60_000);
  return base + Math.floor(Math.random() * Math.min(1000, base / 4));
}

export type RunResult = { delivered: number; retried: number; dead: number };

/** Records the outcome of a failed attempt: retried (same or new key) or parked, never dropped. */
async function settleFailure(row: OutboxRow, workerId: string, error: unknown, result: RunResult): Promise<void> {
  const message = (error as Error).message;
  if (error instanceof StaleAttempt) {
    await markRetry(row.shopId, row.id, workerId, message, new Date(), null, row.generation + 1);
    result.retried++;
  } else if (error instanceof ShopifyTransientError) {
    await markRetry(row.shopId, row.id, workerId, message, new Date(Date.now() + backoffMs(row.attempts)));
    result.retried++;
  } else if (error instanceof ShopifyRefusedError) {
    await markDead(row.shopId, row.id, workerId, message);
    result.dead++;
  } else {
    // A bug of ours: keep the row, back off, and say so in the log.
    console.error(`outbox ${row.id} (${row.kind}) failed:`, error);
    await markRetry(row.shopId, row.id, workerId, message, new Date(Date.now() + backoffMs(row.attempts)));
    result.retried++;
  }
}

async function deliver(row: OutboxRow, shop: string, workerId: string, result: RunResult): Promise<void> {
  const handler = handlers[row.kind as SingleKind] as Handler<SingleKind> | undefined;
  if (!handler) {
    await markDead(row.shopId, row.id, workerId, `Unknown outbox kind ${row.kind}`);
    result.dead++;
    return;
  }
  try {
    const outcome = await handler(JSON.parse(row.payload) as OutboxPayloads[SingleKind], { shop, row, workerId });
    await markDone(row.shopId, row.id, workerId, outcome);
    result.delivered++;
  } catch (error) {
    await settleFailure(row, workerId, error, result);
  }
}

const MIRROR_BATCH = 24;

/**
 * Several pieces' mirrors in as few metafieldsSet calls as possible (25 entries each): a call
 * costs the same points whatever it carries. A piece's entries never straddle two calls, so each
 * row succeeds or fails as a whole; a later mirror of the same piece supersedes an earlier one.
 */
async function deliverMirrors(rows: OutboxRow[], shop: string, workerId: string, result: RunResult): Promise<void> {
  const latest = new Map<string, OutboxRow>();
  for (const row of rows) {
    const { pieceId } = JSON.parse(row.payload) as OutboxPayloads["piece.mirror"];
    const earlier = latest.get(pieceId);
    if (earlier) {
      await markDone(earlier.shopId, earlier.id, workerId, { superseded: row.id });
      result.delivered++;
    }
    latest.set(pieceId, row);
  }
  const planned: { row: OutboxRow; entries: MetafieldEntry[]; variantGid: string | null; summary: unknown }[] = [];
  const plans = await planMirrors(shop, rows[0]!.shopId, [...latest.keys()]).catch((error: unknown) => error as Error);
  for (const [pieceId, row] of latest) {
    const plan =
      plans instanceof Error
        ? plans
        : (plans.get(pieceId) ?? new ShopifyRefusedError(`Piece ${pieceId} no longer exists`));
    if (plan instanceof Error) {
      await settleFailure(row, workerId, plan, result);
    } else if ("skipped" in plan) {
      await markDone(row.shopId, row.id, workerId, plan);
      result.delivered++;
    } else {
      planned.push({ row, entries: plan.entries, variantGid: plan.variantGid, summary: plan.summary });
    }
  }
  try {
    await ensureNoOverselling(shop, [
      ...new Set(planned.map((p) => p.variantGid).filter((v): v is string => v !== null)),
    ]);
  } catch (error) {
    for (const p of planned) await settleFailure(p.row, workerId, error, result);
    return;
  }
  const calls: (typeof planned)[] = [];
  for (const item of planned) {
    const last = calls[calls.length - 1];
    const used = last ? last.reduce((n, p) => n + p.entries.length, 0) : Infinity;
    if (last && used + item.entries.length <= METAFIELDS_PER_CALL) last.push(item);
    else calls.push([item]);
  }
  for (const call of calls) {
    try {
      await sendMetafields(
        shop,
        call.flatMap((p) => p.entries),
      );
      await markManyDone(
        call[0]!.row.shopId,
        call.map((p) => p.row.id),
        workerId,
        { mirrored: true, batchedWith: call.length },
      );
      result.delivered += call.length;
    } catch (error) {
      for (const p of call) await settleFailure(p.row, workerId, error, result);
    }
  }
}

/** One pass: claims due rows and delivers them, one shop after another, rows in order. */
export async function runOutboxOnce(
  options: { workerId?: string; limit?: number; shopId?: string } = {},
): Promise<RunResult> {
  const workerId = options.workerId ?? newWorkerId();
  const rows = await claimDueAcrossShops(workerId, options.limit ?? 100, new Date(), options.shopId);
  const result: RunResult = { delivered: 0, retried: 0, dead: 0 };
  if (rows.length === 0) return result;
  const shops = await shopDomainsById([...new Set(rows.map((r) => r.shopId))]);
  const byShop = new Map<string, OutboxRow[]>();
  for (const row of rows) byShop.set(row.shopId, [...(byShop.get(row.shopId) ?? []), row]);
  await Promise.all(
    [...byShop.entries()].map(async ([shopId, shopRows]) => {
      const shop = shops.get(shopId);
      for (let i = 0; i < shopRows.length; i++) {
        const row = shopRows[i]!;
        if (!shop) {
          await markDead(row.shopId, row.id, workerId, "The shop no longer exists");
          result.dead++;
          continue;
        }
        if (row.kind === "piece.mirror") {
          // Consecutive mirrors go together; rows keep their order with respect to other kinds.
          let end = i;
          while (end + 1 < shopRows.length && shopRows[end + 1]!.kind === "piece.mirror" && end + 1 - i < MIRROR_BATCH)
            end++;
          await deliverMirrors(shopRows.slice(i, end + 1), shop, workerId, result);
          i = end;
          continue;
        }
        await deliver(row, shop, workerId, result);
      }
    }),
  );
  return result;
}

/** Runs until nothing is due (tests and scripts); gives up after `maxPasses`. */
export async function drainOutbox(options: { shopId?: string; maxPasses?: number } = {}): Promise<RunResult> {
  const total: RunResult = { delivered: 0, retried: 0, dead: 0 };
  for (let pass = 0; pass < (options.maxPasses ?? 50); pass++) {
    const r = await runOutboxOnce({ shopId: options.shopId });
    total.delivered += r.delivered;
    total.retried += r.retried;
    total.dead += r.dead;
    if (r.delivered + r.retried + r.dead === 0) break;
  }
  return total;
}

/**
 * Runs `pass` every `intervalMs` after the previous pass ended, until stopped; returns a stop
 * function that waits for the pass in progress.
 */
function loop(pass: () => Promise<unknown>, intervalMs: number, label: string): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    if (stopped) return;
    running = pass().catch((error: unknown) => console.error(`${label} pass failed:`, error));
    await running;
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  let timer = setTimeout(tick, intervalMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}

// ---------------------------------------------------------------- leases left by a killed worker

/**
 * A worker's id names where it runs: `<instance>:<pid>:<random>`. The instance is
 * LOUPE_INSTANCE_ID, else the host name (a container's or pod's own, kept across a restart of
 * the process inside it).
 */
export function instanceName(): string {
  return process.env.LOUPE_INSTANCE_ID || hostname();
}

export function newWorkerId(): string {
  return `${instanceName()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * At start-up, rows left in flight by this instance's previous run (kill -9, a crash) are made due
 * at once instead of waiting out their 60 s lease. Only leases whose holder is certainly gone are
 * taken back, because on PostgreSQL other instances deliver at the same time and a row taken from
 * a live worker would be sent twice at once:
 * - the holder ran on this instance (same instance name), so its process is visible here; and
 * - its process no longer exists, or it had this very process id (a container's process restarted
 *   as pid 1 again: the earlier holder of our pid cannot be running beside us, and this process has
 *   claimed nothing yet).
 * Leases of other instances, of live processes here, and ids in the older `worker-<pid>-…` form are
 * left to expire as before. Sending a taken-back row again is safe: it keeps its idempotency key,
 * so if the killed worker's call did reach Shopify, Shopify answers with that result.
 */
export async function recoverAbandonedLeases(now = new Date()): Promise<number> {
  const instance = instanceName();
  const gone = (await inFlightLeaseHolders()).filter((holder) => {
    const [name, pidText] = holder.split(":");
    const pid = Number(pidText);
    if (name !== instance || !Number.isInteger(pid) || pid <= 0) return false;
    return pid === process.pid || !processAlive(pid);
  });
  return releaseLeasesOf(gone, now);
}

/**
 * The background loops the server starts (LOUPE_WORKER=1); returns one stop function for both.
 * Bulk operations have their own loop: an upload or a large result file takes minutes, and stock,
 * sale and mirror rows must not wait for it.
 */
export function startOutboxWorker(intervalMs = 500): () => Promise<void> {
  const workerId = newWorkerId();
  // The first pass first takes back what a killed previous run of this instance left in flight.
  let recovered: Promise<unknown> | undefined;
  const stopOutbox = loop(
    async () => {
      recovered ??= recoverAbandonedLeases().then(
        (count) => {
          if (count > 0)
            console.log(`outbox worker: ${count} row(s) left in flight by a stopped worker, sent again now`);
        },
        (error: unknown) => console.error("outbox worker: leases left by a stopped worker were not checked:", error),
      );
      await recovered;
      return runOutboxOnce({ workerId });
    },
    intervalMs,
    "outbox worker",
  );
  // Bulk operations in flight when the server stopped are picked up again here.
  const stopBulk = loop(() => advanceBulkOperations({ workerId }), BULK_EVERY_MS, "bulk operations");
  return async () => {
    await Promise.all([stopOutbox(), stopBulk()]);
  };
}
