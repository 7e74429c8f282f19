// Material reports: stock at cost and at market, valuation at a date with the methods side by
// side, the movements journal, reference prices, the impairment test, and the accounting
// export (CSV and the French FEC).
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import Decimal from "decimal.js";
import { appendAudit } from "../../models/audit.server";
import { actorLabel, type Actor } from "../../models/actor";
import * as M from "../../models/materials.server";
import { currencyDecimals } from "../../domain/money";
import { METALS } from "../../domain/metals";
import { fineMgOf, normaliseUnitCost } from "../../domain/materials/classes";
import { metalMarketMinor, pieceNrvMinor, proposeImpairment, unitValueMinor } from "../../domain/materials/impairment";
import { toMinor, type ReplayResult } from "../../domain/materials/replay";
import {
  DEFAULT_ACCOUNTS,
  finishedSaleEntry,
  finishEntry,
  JOURNAL_LABELS,
  moveEntry,
  simpleEntry,
  type AccountRole,
  type Entry,
} from "../../domain/materials/ledger";
import { fecDate, fecFileName, formatFec, type FecLine } from "../../domain/materials/fec";
import type { ValuationMethod } from "../../domain/valuation/index";
import { dayToInstant, endOfDay, getMaterialSettings, inTx, refuse, type ClassRecord } from "./stock.server";
import { classResult, valuedShop } from "./valuation.server";
import { costJob } from "../../domain/materials/costing";

const COMPARED: ValuationMethod[] = ["fifo", "lifo", "moving_average", "periodic_average"];

function stockRole(cls: ClassRecord): AccountRole {
  if (cls.kind === "metal") return cls.investment ? "stockInvestmentGold" : "stockMetal";
  return "stockStones";
}

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

async function allowances(shopId: string, until?: Date) {
  const byClass = new Map<string, bigint>();
  const byPiece = new Map<string, bigint>();
  for (const row of await M.listImpairments(shopId)) {
    if (until && row.effectiveAt.getTime() > until.getTime()) continue;
    const signed = row.kind === "writedown" ? row.amountMinor : -row.amountMinor;
    if (row.classId) byClass.set(row.classId, (byClass.get(row.classId) ?? 0n) + signed);
    if (row.pieceId) byPiece.set(row.pieceId, (byPiece.get(row.pieceId) ?? 0n) + signed);
  }
  return { byClass, byPiece };
}

/** Every class at a date (default now): quantity, fine metal, value at cost with its method, value at market. */
export async function stockAt(shopId: string, at?: Date) {
  const [classes, currency] = await Promise.all([M.listClasses(shopId), M.shopCurrency(shopId)]);
  const decimals = currencyDecimals(currency);
  const prices = await M.pricesAt(shopId, at ?? new Date());
  const { byClass } = await allowances(shopId, at);
  const lines: ClassLine[] = [];
  const valued = await valuedShop(shopId);
  for (const cls of classes) {
    const replay = classResult(valued, cls.id, at);
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
  const [valued, settings, jobs] = await Promise.all([
    valuedShop(shopId),
    getMaterialSettings(shopId),
    M.listJobs(shopId),
  ]);
  const classes = new Map(valued.ledger.classes.map((c) => [c.id, c]));
  let wipMinor = 0n;
  const open = jobs.filter((j) => j.status === "open").map((j) => j.id);
  for (const job of await M.listJobsWithMoves(shopId, open)) {
    wipMinor += costJob(job, classes, valued.results, valued.ledger.decimals, settings.normalLossBp).totalMinor;
  }
  const pieces = await M.listStockPiecesWithCost(shopId);
  const finishedMinor = pieces.reduce((sum, p) => sum + (p.costMinor ?? 0n), 0n);
  return { wipMinor, finishedMinor, finishedCount: pieces.length };
}

/**
 * Finished goods (account 355) at a date: the pieces jobs finished by then at their cost, less those
 * sold by then, plus those that came back. The same rows as the accounting entries, so the figure is
 * the account's balance.
 */
export async function finishedGoodsAt(shopId: string, at: Date) {
  const [jobs, sales] = await Promise.all([M.listJobs(shopId), M.listPieceSaleEntries(shopId)]);
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
  return (await M.listPieceSaleEntries(shopId))
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
  const classes = await M.listClasses(shopId);
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
    M.listJobs(shopId),
  ]);
  const classes = new Map(valued.ledger.classes.map((c) => [c.id, c]));
  const inRange = (at: Date) => (!from || at.getTime() >= from.getTime()) && (!to || at.getTime() <= to.getTime());
  const wanted = jobs.filter((j) => j.status === "finished" && j.finishedAt && inRange(j.finishedAt));
  const full = new Map(
    (
      await M.listJobsWithMoves(
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
  const classes = await M.listClasses(shopId);
  const currency = await M.shopCurrency(shopId);
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
  const moves = await M.listMovesBetween(shopId, from, to);
  return { currency, rows: moves.map((m) => ({ ...m, valued: valued.get(m.id) ?? null })) };
}

// ---------------------------------------------------------------- reference prices

export async function setPrice(
  shopId: string,
  input: { metal: string; day: string; price: string; source?: string | null },
  actor: Actor,
  now = new Date(),
) {
  if (!(METALS as readonly string[]).includes(input.metal) || input.metal === "rhodium")
    return refuse("BAD_METAL", "metal");
  const day = dayToInstant(input.day, new Date(0));
  if (!day) return refuse("BAD_DATE", "day");
  if (day.getTime() > now.getTime()) return refuse("FUTURE_DATE", "day");
  const price = normaliseUnitCost(input.price);
  if (!price.ok) return refuse(price.code === "NEGATIVE" ? "NEGATIVE_COST" : "BAD_COST", "price");
  const currency = await M.shopCurrency(shopId);
  return inTx(async (tx) => {
    const row = await M.upsertPrice(tx, shopId, {
      metal: input.metal,
      day,
      pricePerGram: price.value,
      currency,
      source: input.source?.trim() || null,
      actorName: actorLabel(actor),
    });
    await appendAudit(tx, shopId, {
      actor,
      action: "materials.price_set",
      entityType: "MaterialPrice",
      entityId: row.id,
      data: { metal: input.metal, day: input.day, pricePerGram: price.value },
    });
    return { ok: true as const };
  });
}

export type CsvRowError = { row: number; code: string };

/** CSV with a header: metal,date,price_per_gram[,source]. All rows are checked first; any error imports nothing. */
export async function importPricesCsv(shopId: string, text: string, actor: Actor, now = new Date()) {
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      delimiter: text.includes(";") && !text.includes(",") ? ";" : ",",
    }) as Record<string, string>[];
  } catch {
    return refuse("CSV_UNREADABLE", "file");
  }
  if (records.length === 0) return refuse("CSV_EMPTY", "file");
  if (records.length > 5000) return refuse("CSV_TOO_LONG", "file");
  const errors: CsvRowError[] = [];
  const rows: { metal: string; day: Date; dayText: string; price: string; source: string | null }[] = [];
  for (const [i, record] of records.entries()) {
    const metal = (record.metal ?? "").toLowerCase();
    const dayText = record.date ?? "";
    const day = dayToInstant(dayText, new Date(0));
    const price = normaliseUnitCost(record.price_per_gram ?? record.price ?? "");
    if (!(METALS as readonly string[]).includes(metal) || metal === "rhodium")
      errors.push({ row: i + 2, code: "BAD_METAL" });
    else if (!day || day.getTime() > now.getTime()) errors.push({ row: i + 2, code: "BAD_DATE" });
    else if (!price.ok) errors.push({ row: i + 2, code: price.code === "NEGATIVE" ? "NEGATIVE_COST" : "BAD_COST" });
    else rows.push({ metal, day, dayText, price: price.value, source: record.source?.trim() || null });
  }
  if (errors.length) return { ok: false as const, code: "CSV_ERRORS", errors };
  const currency = await M.shopCurrency(shopId);
  return inTx(async (tx) => {
    for (const row of rows) {
      await M.upsertPrice(tx, shopId, {
        metal: row.metal,
        day: row.day,
        pricePerGram: row.price,
        currency,
        source: row.source ?? "CSV import",
        actorName: actorLabel(actor),
      });
    }
    await appendAudit(tx, shopId, {
      actor,
      action: "materials.prices_imported",
      entityType: "MaterialPrice",
      entityId: shopId,
      data: { rows: rows.length },
    });
    return { ok: true as const, imported: rows.length };
  });
}

// ---------------------------------------------------------------- impairment

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

/** Classes and pieces whose market value or net realisable value is below cost, or whose allowance can be reversed. */
export async function impairmentTest(shopId: string) {
  const { lines: classes, currency } = await stockAt(shopId);
  const settings = await getMaterialSettings(shopId);
  const { byPiece } = await allowances(shopId);
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
  for (const piece of await M.listStockPiecesWithCost(shopId)) {
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
  return { lines: out, currency, impairments: await M.listImpairments(shopId) };
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
  const closed = await M.lastClosedThrough(shopId);
  if (closed && at.getTime() <= closed.getTime())
    return refuse("PERIOD_CLOSED", "day", { day: closed.toISOString().slice(0, 10) });
  const { lines } = await impairmentTest(shopId);
  const line = lines.find((l) => l.target === input.target && l.id === input.id);
  if (!line || line.bookMinor === 0n) return refuse("NOTHING_TO_BOOK", "id");
  return inTx(async (tx) => {
    // Checked again under the ledger lock: a period closed while this waited stays closed.
    await M.lockShopLedger(tx, shopId);
    const closedNow = await M.lastClosedThrough(shopId, tx);
    if (closedNow && at.getTime() <= closedNow.getTime())
      return refuse("PERIOD_CLOSED", "day", { day: closedNow.toISOString().slice(0, 10) });
    const kind = line.bookMinor > 0n ? "writedown" : "reversal";
    const row = await M.insertImpairment(tx, shopId, {
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

// ---------------------------------------------------------------- accounting export

const PURPOSE_LABELS: Record<string, string> = {
  receipt: "Réception",
  issue_job: "Sortie vers fabrication",
  issue_sale: "Sortie vente",
  transfer_out: "Transfert sortant",
  transfer_in: "Transfert entrant",
  return_job: "Retour de fabrication",
  recovery: "Récupération limailles/balayures",
  return_customer: "Retour client",
  return_supplier: "Retour fournisseur",
  count_gain: "Inventaire: excédent",
  count_loss: "Inventaire: manquant",
  revalue: "Réévaluation",
};

/** The accounting entries of a date range, balanced, in date order. */
export async function accountingEntries(shopId: string, from: Date | null, to: Date | null) {
  const classes = await M.listClasses(shopId);
  const currency = await M.shopCurrency(shopId);
  const decimals = currencyDecimals(currency);
  const inRange = (at: Date) => (!from || at.getTime() >= from.getTime()) && (!to || at.getTime() <= to.getTime());
  const entries: Entry[] = [];
  const moveRows = new Map((await M.listAllMoves(shopId)).map((m) => [m.id, m]));
  const valued = await valuedShop(shopId);
  // When each period was closed: the validation date of its periodic-average closing entries.
  const closedAt = new Map((await M.listPeriodCloses(shopId)).map((p) => [p.closedThrough.getTime(), p.at]));
  for (const cls of classes) {
    const replay = classResult(valued, cls.id);
    for (const row of replay.rows) {
      if (!inRange(row.move.effectiveAt)) continue;
      const stored = moveRows.get(row.move.id);
      const label =
        `${PURPOSE_LABELS[row.move.purpose] ?? row.move.purpose} ${cls.code} ${row.move.qty ?? ""} ${cls.unit}`.trim();
      const entry = moveEntry(
        {
          id: row.move.id,
          purpose: row.move.purpose,
          effectiveAt: row.move.effectiveAt,
          createdAt: row.move.createdAt,
          supplier: stored?.supplier ?? null,
          label,
        },
        row.before,
        row.state,
        stockRole(cls),
        decimals,
      );
      if (entry) entries.push(entry);
    }
    // A periodic-average close revalues the period's issues and the closing stock at the period
    // average: the difference from the provisional costs goes to the stock variation account.
    if (replay.ok) {
      for (const mark of replay.marks) {
        if (mark.kind !== "close" || !inRange(mark.at)) continue;
        const day = mark.at.toISOString().slice(0, 10);
        const entry = moveEntry(
          {
            id: `${cls.id}:close:${day}`,
            purpose: "period_close",
            effectiveAt: mark.at,
            createdAt: closedAt.get(mark.at.getTime()) ?? mark.at,
            label: `Clôture CUMP période ${cls.code} au ${day}`,
          },
          mark.before,
          mark.state,
          stockRole(cls),
          decimals,
        );
        if (entry) entries.push(entry);
      }
    }
  }
  for (const cost of await M.listJobCosts(shopId)) {
    if (!inRange(cost.effectiveAt)) continue;
    const entry = simpleEntry(
      cost.effectiveAt,
      cost.createdAt,
      "STK",
      cost.id,
      `${cost.kind === "labour" ? "Main-d'oeuvre" : "Frais indirects"} ${cost.job.number}`,
      "wip",
      "productionStored",
      cost.amountMinor,
    );
    if (entry) entries.push(entry);
  }
  // A finish is validated when it was recorded, not on the (possibly earlier) day it is dated:
  // numbering it by finishedAt would renumber entries already exported.
  const finishRecordedAt = await M.jobFinishesRecordedAt(shopId);
  for (const job of await M.listJobs(shopId)) {
    if (job.status !== "finished" || !job.finishedAt || job.costMinor == null || !inRange(job.finishedAt)) continue;
    const abnormal = job.abnormalLossMinor ?? 0n;
    const label =
      abnormal > 0n ? `Fin de fabrication ${job.number} (dont perte anormale)` : `Fin de fabrication ${job.number}`;
    const entry = finishEntry(
      job.finishedAt,
      finishRecordedAt.get(job.id) ?? job.finishedAt,
      job.id,
      label,
      job.costMinor,
      abnormal,
    );
    if (entry) entries.push(entry);
  }
  const { ianaTimezone } = await M.shopInfo(shopId);
  const shopDay = (at: Date) => fecDate(at, ianaTimezone).replace(/^(\d{4})(\d{2})(\d{2})$/, "$1-$2-$3");
  for (const row of await M.listPieceSaleEntries(shopId)) {
    if (!inRange(row.effectiveAt)) continue;
    const entry = finishedSaleEntry({ ...row, jobNumber: row.job.number }, shopDay);
    if (entry) entries.push(entry);
  }
  const classById = new Map(classes.map((c) => [c.id, c]));
  for (const imp of await M.listImpairments(shopId)) {
    if (!inRange(imp.effectiveAt)) continue;
    const allowance: AccountRole = imp.pieceId ? "allowanceFinished" : "allowanceMaterials";
    const what = imp.classId ? (classById.get(imp.classId)?.code ?? imp.classId) : `pièce ${imp.pieceId}`;
    const entry =
      imp.kind === "writedown"
        ? simpleEntry(
            imp.effectiveAt,
            imp.createdAt,
            "OD",
            imp.id,
            `Dépréciation ${what}`,
            "impairmentExpense",
            allowance,
            imp.amountMinor,
          )
        : simpleEntry(
            imp.effectiveAt,
            imp.createdAt,
            "OD",
            imp.id,
            `Reprise dépréciation ${what}`,
            allowance,
            "impairmentReversal",
            imp.amountMinor,
          );
    if (entry) entries.push(entry);
  }
  // The FEC is kept "par ordre chronologique de validation" (A47 A-1): a back-dated move is numbered
  // after what was recorded before it, with its own (earlier) EcritureDate.
  entries.sort(
    (a, b) =>
      a.recordedAt.getTime() - b.recordedAt.getTime() ||
      a.at.getTime() - b.at.getTime() ||
      (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0),
  );
  return { entries, currency, decimals };
}

export async function exportCsv(shopId: string, from: Date | null, to: Date | null): Promise<string> {
  const [{ entries, decimals }, settings, shop] = await Promise.all([
    accountingEntries(shopId, from, to),
    getMaterialSettings(shopId),
    M.shopInfo(shopId),
  ]);
  const rows: string[][] = [];
  const numbers = numberEntries(entries);
  for (const [i, entry] of entries.entries()) {
    for (const line of entry.lines) {
      rows.push([
        fecDate(entry.at, shop.ianaTimezone).replace(/^(\d{4})(\d{2})(\d{2})$/, "$1-$2-$3"),
        entry.journal,
        numbers[i]!,
        settings.accounts[line.role],
        DEFAULT_ACCOUNTS[line.role].label,
        line.aux ?? "",
        entry.ref,
        entry.label,
        new Decimal(line.debitMinor.toString()).div(10 ** decimals).toFixed(decimals),
        new Decimal(line.creditMinor.toString()).div(10 ** decimals).toFixed(decimals),
        shop.currency,
      ]);
    }
  }
  return stringify(rows, {
    header: true,
    columns: [
      "date",
      "journal",
      "entry",
      "account",
      "account_label",
      "auxiliary",
      "reference",
      "label",
      "debit",
      "credit",
      "currency",
    ],
  });
}

/** Entry numbers: a continuous sequence per journal, in the order entries were validated. */
function numberEntries(entries: readonly Entry[]): string[] {
  const counters = new Map<string, number>();
  return entries.map((entry) => {
    const next = (counters.get(entry.journal) ?? 0) + 1;
    counters.set(entry.journal, next);
    return `${entry.journal}${String(next).padStart(6, "0")}`;
  });
}

function auxCode(name: string): string {
  return `F${name
    .normalize("NFD")
    .replace(/[^A-Za-z0-9]/g, "")
    .toUpperCase()
    .slice(0, 16)}`;
}

export async function exportFec(shopId: string, fromDay: string, toDay: string) {
  const settings = await getMaterialSettings(shopId);
  if (!settings.siren) return refuse("SIREN_REQUIRED", "siren");
  const from = dayToInstant(fromDay, new Date(0));
  const to = endOfDay(toDay);
  if (!from || !to) return refuse("BAD_DATE", "to");
  if (to.getTime() < from.getTime()) return refuse("BAD_RANGE", "to");
  const [{ entries, decimals }, shop] = await Promise.all([
    accountingEntries(shopId, new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate())), to),
    M.shopInfo(shopId),
  ]);
  const numbers = numberEntries(entries);
  const lines: FecLine[] = [];
  for (const [i, entry] of entries.entries()) {
    for (const line of entry.lines) {
      lines.push({
        journalCode: entry.journal,
        journalLib: JOURNAL_LABELS[entry.journal],
        ecritureNum: numbers[i]!,
        ecritureDate: fecDate(entry.at, shop.ianaTimezone),
        compteNum: settings.accounts[line.role],
        compteLib: DEFAULT_ACCOUNTS[line.role].label,
        compAuxNum: line.aux ? auxCode(line.aux) : "",
        compAuxLib: line.aux ?? "",
        pieceRef: entry.ref,
        pieceDate: fecDate(entry.at, shop.ianaTimezone),
        ecritureLib: entry.label,
        debitMinor: line.debitMinor,
        creditMinor: line.creditMinor,
        validDate: fecDate(entry.recordedAt, shop.ianaTimezone),
      });
    }
  }
  return {
    ok: true as const,
    fileName: fecFileName(settings.siren, toDay.replace(/-/g, "")),
    body: formatFec(lines, decimals),
  };
}
