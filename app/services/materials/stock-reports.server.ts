// Material reports, read-only: stock at cost and at market at a date, the methods side by side,
// work in progress and finished goods, finished jobs and pieces sold, the movements journal.
import { listAllClasses, listClasses } from "../../models/materials-classes.server";
import { listImpairments, listStockPiecesWithCost } from "../../models/materials-impairments.server";
import { listJobs, listJobsWithMoves } from "../../models/materials-jobs.server";
import { shopCurrency } from "../../models/materials-ledger.server";
import { listMovesBetween } from "../../models/materials-moves.server";
import { listPieceSaleEntries } from "../../models/materials-piece-sales.server";
import { pricesAt } from "../../models/materials-prices.server";
import { currencyDecimals } from "../../domain/money";
import { fineMgOf } from "../../domain/materials/classes";
import { metalMarketMinor, unitValueMinor } from "../../domain/materials/impairment";
import { toMinor, type ReplayResult } from "../../domain/materials/replay";
import type { ValuationMethod } from "../../domain/valuation/index";
import { costJob } from "../../domain/materials/costing";
import { classResult, currentValuation, valuedShop } from "./valuation.server";
import { getMaterialSettings } from "./settings.server";

const COMPARED: ValuationMethod[] = ["fifo", "lifo", "moving_average", "periodic_average"];

export type ClassLine = {
  id: string;
  code: string;
  label: string;
  kind: string;
  unit: string;
  method: string;
  metal: string | null;
  finenessBp: number | null;
  investment: boolean;
  qty: string;
  fineMg: bigint | null;
  valueMinor: bigint;
  marketMinor: bigint | null;
  allowanceMinor: bigint;
  error: string | null;
};

/** Impairment allowances at a date (default now), by class and by piece: write-downs less reversals. */
export async function allowances(shopId: string, until?: Date) {
  const byClass = new Map<string, bigint>();
  const byPiece = new Map<string, bigint>();
  for (const row of await listImpairments(shopId)) {
    if (until && row.effectiveAt.getTime() > until.getTime()) continue;
    const signed = row.kind === "writedown" ? row.amountMinor : -row.amountMinor;
    if (row.classId) byClass.set(row.classId, (byClass.get(row.classId) ?? 0n) + signed);
    if (row.pieceId) byPiece.set(row.pieceId, (byPiece.get(row.pieceId) ?? 0n) + signed);
  }
  return { byClass, byPiece };
}

/** Every class at a date (default now): quantity, fine metal, value at cost with its method, value at market. */
export async function stockAt(shopId: string, at?: Date) {
  const [classes, currency] = await Promise.all([listClasses(shopId), shopCurrency(shopId)]);
  const decimals = currencyDecimals(currency);
  const prices = await pricesAt(shopId, at ?? new Date());
  const { byClass } = await allowances(shopId, at);
  const lines: ClassLine[] = [];
  // Today's figures need no history: after a cold start they come from the latest snapshot and the
  // moves after it (valuation.server.ts), not from a replay of every move.
  const current = at ? null : await currentValuation(shopId);
  const valued = current ? null : await valuedShop(shopId);
  for (const cls of classes) {
    const replay: ReplayResult = current
      ? (current.results.get(cls.id) ?? { ok: false, moveId: null, code: "NOT_FOUND", message: cls.id, rows: [] })
      : classResult(valued!, cls.id, at);
    const state = replay.ok ? replay.final : null;
    const qty = state?.qty ?? "0";
    const fineMg = cls.kind === "metal" && cls.finenessBp !== null ? fineMgOf(qty, cls.finenessBp) : null;
    const price = cls.metal ? prices.get(cls.metal) : undefined;
    let marketMinor: bigint | null = null;
    if (fineMg !== null && price) marketMinor = metalMarketMinor(fineMg, price.pricePerGram, decimals);
    else if (cls.kind !== "metal" && cls.nrvUnitValue) marketMinor = unitValueMinor(qty, cls.nrvUnitValue, decimals);
    lines.push({
      id: cls.id,
      code: cls.code,
      label: cls.label,
      kind: cls.kind,
      unit: cls.unit,
      method: replay.ok ? replay.method : cls.method,
      metal: cls.metal,
      finenessBp: cls.finenessBp,
      investment: cls.investment,
      qty,
      fineMg,
      valueMinor: state ? toMinor(state.value, decimals) : 0n,
      marketMinor,
      allowanceMinor: byClass.get(cls.id) ?? 0n,
      error: replay.ok ? null : replay.message,
    });
  }
  return { lines, currency, prices };
}

/** Work in progress (open jobs) and finished goods (pieces in stock at cost). */
export async function wipAndFinished(shopId: string) {
  const [current, settings, jobs, allClasses, currency] = await Promise.all([
    currentValuation(shopId),
    getMaterialSettings(shopId),
    listJobs(shopId),
    listAllClasses(shopId),
    shopCurrency(shopId),
  ]);
  const classes = new Map(allClasses.map((c) => [c.id, c]));
  const decimals = currencyDecimals(currency);
  let wipMinor = 0n;
  const open = jobs.filter((j) => j.status === "open").map((j) => j.id);
  const openJobs = await listJobsWithMoves(shopId, open);
  // Resumed from a snapshot, rows cover only the moves after its cut: open jobs with earlier moves
  // need the full replay.
  let results = current.results;
  if (!current.full) {
    const rowIds = new Set<string>();
    for (const result of results.values()) for (const row of result.rows) rowIds.add(row.move.id);
    if (openJobs.some((job) => job.moves.some((m) => !rowIds.has(m.id)))) results = (await valuedShop(shopId)).results;
  }
  for (const job of openJobs) {
    wipMinor += costJob(job, classes, results, decimals, settings.normalLossBp).totalMinor;
  }
  const pieces = await listStockPiecesWithCost(shopId);
  const finishedMinor = pieces.reduce((sum, p) => sum + (p.costMinor ?? 0n), 0n);
  return { wipMinor, finishedMinor, finishedCount: pieces.length };
}

/**
 * Finished goods (account 355) at a date: the pieces jobs finished by then at their cost, less those
 * sold by then, plus those that came back. The same rows as the accounting entries, so the figure is
 * the account's balance.
 */
export async function finishedGoodsAt(shopId: string, at: Date) {
  const [jobs, sales] = await Promise.all([listJobs(shopId), listPieceSaleEntries(shopId)]);
  let valueMinor = 0n;
  let count = 0;
  for (const job of jobs) {
    if (
      job.status !== "finished" ||
      !job.finishedAt ||
      job.costMinor == null ||
      job.finishedAt.getTime() > at.getTime()
    )
      continue;
    valueMinor += job.costMinor;
    count++;
  }
  for (const row of sales) {
    if (row.effectiveAt.getTime() > at.getTime()) continue;
    const sign = row.kind === "sale" ? -1n : 1n;
    valueMinor += sign * row.costMinor;
    count += Number(sign);
  }
  return { valueMinor, count };
}

/** Made pieces sold (and brought back) whose entries fall in a date range, for the reports page. */
export async function finishedSales(shopId: string, from: Date | null, to: Date | null) {
  const inRange = (at: Date) => (!from || at.getTime() >= from.getTime()) && (!to || at.getTime() <= to.getTime());
  return (await listPieceSaleEntries(shopId))
    .filter((r) => inRange(r.effectiveAt))
    .map((r) => ({
      id: r.id,
      kind: r.kind as "sale" | "return",
      effectiveAt: r.effectiveAt,
      deferredFrom: r.deferredFrom,
      tagCode: r.tagCode,
      title: r.title,
      orderName: r.orderName,
      jobNumber: r.job.number,
      costMinor: r.costMinor,
    }));
}

/** Valuation at a date: each class at its own method, and FIFO / LIFO / averages side by side. */
export async function valuationAt(shopId: string, at: Date) {
  const { lines, currency } = await stockAt(shopId, at);
  const decimals = currencyDecimals(currency);
  const classes = await listClasses(shopId);
  const comparison: Record<string, Record<string, bigint | null>> = {};
  for (const cls of classes) comparison[cls.id] = {};
  for (const method of COMPARED) {
    const valued = await valuedShop(shopId, { methodOverride: method });
    for (const cls of classes) {
      const replay: ReplayResult = classResult(valued, cls.id, at, method);
      comparison[cls.id]![method] = replay.ok ? toMinor(replay.final.value, decimals) : null;
    }
  }
  return { lines, comparison, currency, methods: COMPARED, finished: await finishedGoodsAt(shopId, at) };
}

/** Finished jobs of a date range: the piece's cost, the loss rate against the normal rate, the abnormal loss expensed. */
export async function finishedJobs(shopId: string, from: Date | null, to: Date | null) {
  const [valued, settings, jobs] = await Promise.all([
    valuedShop(shopId),
    getMaterialSettings(shopId),
    listJobs(shopId),
  ]);
  const classes = new Map(valued.ledger.classes.map((c) => [c.id, c]));
  const inRange = (at: Date) => (!from || at.getTime() >= from.getTime()) && (!to || at.getTime() <= to.getTime());
  const wanted = jobs.filter((j) => j.status === "finished" && j.finishedAt && inRange(j.finishedAt));
  const full = new Map(
    (
      await listJobsWithMoves(
        shopId,
        wanted.map((j) => j.id),
      )
    ).map((j) => [j.id, j]),
  );
  return wanted.map((job) => {
    const costing = costJob(full.get(job.id)!, classes, valued.results, valued.ledger.decimals, settings.normalLossBp);
    return {
      id: job.id,
      number: job.number,
      title: job.title,
      finishedAt: job.finishedAt!,
      pieceCostMinor: job.costMinor ?? costing.pieceCostMinor,
      abnormalLossMinor: job.abnormalLossMinor ?? 0n,
      lossBp: costing.metal?.lossBp ?? null,
      normalLossBp: costing.normalLossBp,
      abnormal: costing.metal?.abnormal ?? false,
    };
  });
}

export async function journal(shopId: string, from: Date | null, to: Date | null) {
  const classes = await listClasses(shopId);
  const currency = await shopCurrency(shopId);
  const decimals = currencyDecimals(currency);
  const valued = new Map<string, { costMinor: bigint | null; valueMinor: bigint; qtyAfter: string }>();
  const shop = await valuedShop(shopId);
  for (const cls of classes) {
    const replay = classResult(shop, cls.id);
    for (const row of replay.rows) {
      valued.set(row.move.id, {
        costMinor: row.state.cost !== undefined ? toMinor(row.state.cost, decimals) : null,
        valueMinor: toMinor(row.state.value, decimals),
        qtyAfter: row.state.qty,
      });
    }
  }
  const moves = await listMovesBetween(shopId, from, to);
  return { currency, rows: moves.map((m) => ({ ...m, valued: valued.get(m.id) ?? null })) };
}
