// Finished pieces sold: a piece made by a materials job is carried in finished goods at its cost
// from the day its job finished; when a Shopify order sells it, that cost leaves finished goods on
// the sale's date, and a cancellation or a refund with restock brings it back on its own date. The
// sales webhooks call these inside their own transaction, right after they write or return the
// PieceSale, so each sale and each return is booked exactly once (one row per sale and kind, and the
// sale handling already ignores repeated and out-of-order webhooks). Nothing is ever rewritten: a
// return is a new row. A Shopify sale cannot be refused, so one dated in a closed materials period is
// booked on the first open day, and its label says so.
import type { Tx } from "../../models/transaction.server";
import { appendAudit } from "../../models/audit.server";
import { actorLabel, type Actor } from "../../models/actor";
import * as M from "../../models/materials.server";

/** The instant an event is booked at: its own, unless that falls in a closed period (then the first instant after it). */
function bookingDate(at: Date, closedThrough: Date | null): { effectiveAt: Date; deferredFrom: Date | null } {
  if (closedThrough && at.getTime() <= closedThrough.getTime())
    return { effectiveAt: new Date(closedThrough.getTime() + 1), deferredFrom: at };
  return { effectiveAt: at, deferredFrom: null };
}

const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);

export type FinishedSaleOutcome =
  { booked: false } | { booked: true; entryId: string; costMinor: bigint; effectiveAt: Date; deferred: boolean };

const AUDIT = {
  sale: {
    action: "materials.finished_sold",
    reason: "a piece made in a job was sold",
    deferred: "sold in a closed materials period: booked on the first open day",
  },
  return: {
    action: "materials.finished_returned",
    reason: "a sold piece made in a job came back to stock",
    deferred: "returned in a closed materials period: booked on the first open day",
  },
} as const;

/** Writes a sale or return entry on its booking date (the event's, or after a closed period) and its audit row. */
async function bookEntry(
  tx: Tx,
  shopId: string,
  entry: {
    saleId: string;
    kind: "sale" | "return";
    pieceId: string;
    jobId: string;
    orderName: string | null;
    costMinor: bigint;
    eventAt: Date;
  },
  actor: Actor,
): Promise<FinishedSaleOutcome> {
  const { effectiveAt, deferredFrom } = bookingDate(entry.eventAt, await M.lastClosedThrough(shopId, tx));
  const row = await M.insertPieceSaleEntry(tx, shopId, {
    ...entry,
    effectiveAt,
    deferredFrom,
    actorName: actorLabel(actor),
  });
  const words = AUDIT[entry.kind];
  await appendAudit(tx, shopId, {
    actor,
    action: words.action,
    entityType: "Piece",
    entityId: entry.pieceId,
    reason: deferredFrom ? words.deferred : words.reason,
    data: {
      entryId: row.id,
      saleId: entry.saleId,
      jobId: entry.jobId,
      costMinor: entry.costMinor,
      effectiveAt: effectiveAt.toISOString(),
      deferredFrom: deferredFrom?.toISOString() ?? null,
    },
  });
  return { booked: true, entryId: row.id, costMinor: entry.costMinor, effectiveAt, deferred: deferredFrom !== null };
}

/**
 * A PieceSale just written: if its piece came from a materials job, its cost leaves finished goods.
 * An ordinary piece (bought, not made) books nothing here.
 */
export async function bookFinishedPieceSale(
  tx: Tx,
  shopId: string,
  sale: { id: string; pieceId: string; soldAt: Date; orderName: string | null },
  actor: Actor,
): Promise<FinishedSaleOutcome> {
  const job = await M.findJobOfPiece(tx, shopId, sale.pieceId);
  if (!job || job.costMinor == null || !job.finishedAt) return { booked: false };
  // After any re-cost in flight (they hold this lock while they rewrite the job's cost).
  await M.lockShopLedger(tx, shopId);
  if (await M.findPieceSaleEntry(tx, shopId, sale.id, "sale")) return { booked: false };
  const fresh = await M.findJobOfPiece(tx, shopId, sale.pieceId);
  const costMinor = fresh?.costMinor ?? job.costMinor;
  // A piece cannot leave finished goods before it entered them.
  const eventAt = later(sale.soldAt, job.finishedAt);
  return bookEntry(
    tx,
    shopId,
    {
      saleId: sale.id,
      kind: "sale",
      pieceId: sale.pieceId,
      jobId: job.id,
      orderName: sale.orderName,
      costMinor,
      eventAt,
    },
    actor,
  );
}

/**
 * A sale undone (order cancelled, or refunded with restock) at `at`: the piece's cost comes back
 * into finished goods with the opposite of the sale's entry, never before it, and never in a closed
 * period. Nothing when the sale booked nothing or its return is booked already.
 */
export async function bookFinishedPieceReturn(
  tx: Tx,
  shopId: string,
  saleId: string,
  at: Date,
  actor: Actor,
): Promise<FinishedSaleOutcome> {
  const sold = await M.findPieceSaleEntry(tx, shopId, saleId, "sale");
  if (!sold) return { booked: false };
  await M.lockShopLedger(tx, shopId);
  if (await M.findPieceSaleEntry(tx, shopId, saleId, "return")) return { booked: false };
  // Re-read under the lock: a re-cost may have changed the sale's cost meanwhile.
  const sale = (await M.findPieceSaleEntry(tx, shopId, saleId, "sale")) ?? sold;
  const eventAt = later(at, sale.effectiveAt);
  return bookEntry(
    tx,
    shopId,
    {
      saleId,
      kind: "return",
      pieceId: sale.pieceId,
      jobId: sale.jobId,
      orderName: sale.orderName,
      costMinor: sale.costMinor,
      eventAt,
    },
    actor,
  );
}
