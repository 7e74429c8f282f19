// The impairment test (classes whose market value, and pieces whose net realisable value, fell
// below cost) and the booking of what it proposes: a write-down, or a reversal of one.
import {
  insertImpairment,
  listImpairments,
  listStockPiecesWithCost,
  pieceAllowanceMinor,
} from "../../models/materials-impairments.server";
import type { Tx } from "../../models/transaction.server";
import { lockShopLedger } from "../../models/materials-ledger.server";
import { lastClosedThrough } from "../../models/materials-periods.server";
import { appendAudit } from "../../models/audit.server";
import { actorLabel, type Actor } from "../../models/actor";
import { isoDay } from "../../domain/days";
import { pieceNrvMinor, proposeImpairment } from "../../domain/materials/impairment";
import { dayToInstant } from "../../domain/materials/days";
import { allowances, stockAt } from "./stock-reports.server";
import { getMaterialSettings } from "./settings.server";
import { inTx, refuse } from "./refusals.server";

export type ImpairmentLine = {
  target: "class" | "piece";
  id: string;
  label: string;
  basis: "market" | "nrv";
  costMinor: bigint;
  marketMinor: bigint;
  allowanceMinor: bigint;
  neededMinor: bigint;
  bookMinor: bigint;
};

/**
 * Classes and pieces whose market value or net realisable value is below cost, or whose allowance
 * can be reversed, at `at` (default now): the stock, the reference prices and the allowances booked
 * as they were then.
 */
export async function impairmentTest(shopId: string, at?: Date) {
  const { lines: classes, currency } = await stockAt(shopId, at);
  const settings = await getMaterialSettings(shopId);
  const { byPiece } = await allowances(shopId, at);
  const out: ImpairmentLine[] = [];
  for (const c of classes) {
    if (c.marketMinor === null) continue;
    const proposal = proposeImpairment({
      costMinor: c.valueMinor,
      marketMinor: c.marketMinor,
      allowanceMinor: c.allowanceMinor,
    });
    if (proposal.neededMinor === 0n && c.allowanceMinor === 0n) continue;
    out.push({
      target: "class",
      id: c.id,
      label: c.label,
      basis: c.kind === "metal" ? "market" : "nrv",
      costMinor: c.valueMinor,
      marketMinor: c.marketMinor,
      allowanceMinor: c.allowanceMinor,
      ...proposal,
    });
  }
  for (const piece of await listStockPiecesWithCost(shopId)) {
    if (piece.priceMinor == null || piece.costMinor == null || piece.currency !== currency) continue;
    const nrv = pieceNrvMinor(piece.priceMinor, settings.sellingCostBp);
    const allowance = byPiece.get(piece.id) ?? 0n;
    const proposal = proposeImpairment({ costMinor: piece.costMinor, marketMinor: nrv, allowanceMinor: allowance });
    if (proposal.neededMinor === 0n && allowance === 0n) continue;
    out.push({
      target: "piece",
      id: piece.id,
      label: `${piece.tagCode} ${piece.title}`,
      basis: "nrv",
      costMinor: piece.costMinor,
      marketMinor: nrv,
      allowanceMinor: allowance,
      ...proposal,
    });
  }
  return { lines: out, currency, impairments: await listImpairments(shopId) };
}

/** Books what the test proposes for one class or piece now: a write-down, or a reversal of an earlier one. */
export async function bookImpairment(
  shopId: string,
  input: { target: "class" | "piece"; id: string; justification: string; day: string },
  actor: Actor,
  now = new Date(),
) {
  const justification = input.justification.trim();
  if (justification.length < 10) return refuse("JUSTIFICATION_REQUIRED", "justification");
  const at = dayToInstant(input.day, now);
  if (!at) return refuse("BAD_DATE", "day");
  const closed = await lastClosedThrough(shopId);
  if (closed && at.getTime() <= closed.getTime()) return refuse("PERIOD_CLOSED", "day", { day: isoDay(closed) });
  // What the test gives for that day, not for today: a write-down dated in October uses October's
  // stock, price and allowances.
  const { lines } = await impairmentTest(shopId, at);
  const line = lines.find((l) => l.target === input.target && l.id === input.id);
  if (!line || line.bookMinor === 0n) return refuse("NOTHING_TO_BOOK", "id");
  return inTx(async (tx) => {
    // Checked again under the ledger lock: a period closed while this waited stays closed.
    await lockShopLedger(tx, shopId);
    const closedNow = await lastClosedThrough(shopId, tx);
    if (closedNow && at.getTime() <= closedNow.getTime())
      return refuse("PERIOD_CLOSED", "day", { day: isoDay(closedNow) });
    const kind = line.bookMinor > 0n ? "writedown" : "reversal";
    const row = await insertImpairment(tx, shopId, {
      classId: input.target === "class" ? input.id : null,
      pieceId: input.target === "piece" ? input.id : null,
      kind,
      amountMinor: kind === "writedown" ? line.bookMinor : -line.bookMinor,
      costMinor: line.costMinor,
      marketMinor: line.marketMinor,
      reversesId: null,
      justification,
      effectiveAt: at,
      actorName: actorLabel(actor),
    });
    await appendAudit(tx, shopId, {
      actor,
      action: `materials.impairment_${kind}`,
      entityType: input.target === "class" ? "MaterialClass" : "Piece",
      entityId: input.id,
      reason: justification,
      data: {
        impairmentId: row.id,
        amountMinor: row.amountMinor,
        costMinor: line.costMinor,
        marketMinor: line.marketMinor,
      },
    });
    return { ok: true as const, kind, amountMinor: row.amountMinor };
  });
}

/**
 * A piece sold takes its allowance with it: what is still written down on it is reversed on the
 * sale's date (on the first open day when that is in a closed period), so the allowance account
 * never keeps a write-down of goods no longer held. Called in the sale's own transaction.
 */
export async function releasePieceAllowanceOnSale(
  tx: Tx,
  shopId: string,
  sale: { pieceId: string; soldAt: Date; orderName: string | null },
  actor: Actor,
): Promise<bigint> {
  const allowance = await pieceAllowanceMinor(tx, shopId, sale.pieceId);
  if (allowance <= 0n) return 0n;
  await lockShopLedger(tx, shopId);
  const closed = await lastClosedThrough(shopId, tx);
  const effectiveAt =
    closed && sale.soldAt.getTime() <= closed.getTime() ? new Date(closed.getTime() + 1) : sale.soldAt;
  const justification = `Pièce vendue${sale.orderName ? ` (commande ${sale.orderName})` : ""} : dépréciation reprise`;
  const row = await insertImpairment(tx, shopId, {
    classId: null,
    pieceId: sale.pieceId,
    kind: "reversal",
    amountMinor: allowance,
    costMinor: 0n,
    marketMinor: 0n,
    reversesId: null,
    justification,
    effectiveAt,
    actorName: actorLabel(actor),
  });
  await appendAudit(tx, shopId, {
    actor,
    action: "materials.impairment_released_on_sale",
    entityType: "Piece",
    entityId: sale.pieceId,
    reason: "a written-down piece was sold",
    data: { impairmentId: row.id, amountMinor: allowance, effectiveAt: effectiveAt.toISOString() },
  });
  return allowance;
}
