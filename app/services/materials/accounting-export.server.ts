// The accounting export: the entries the material ledger stands for (moves, period closes, job
// costs and finishes, finished pieces sold, impairments), balanced and numbered in the order they
// were validated, as CSV or as the French FEC.
import { listClasses } from "../../models/materials-classes.server";
import { listImpairments } from "../../models/materials-impairments.server";
import { jobFinishesRecordedAt, listJobCosts, listJobs } from "../../models/materials-jobs.server";
import { shopCurrency, shopInfo } from "../../models/materials-ledger.server";
import { listAllMoves } from "../../models/materials-moves.server";
import { listPeriodCloses } from "../../models/materials-periods.server";
import { listPieceSaleEntries } from "../../models/materials-piece-sales.server";
import { stringify } from "csv-stringify/sync";
import Decimal from "decimal.js";
import { isoDay, startOfUtcDay } from "../../domain/days";
import { currencyDecimals } from "../../domain/money";
import { dayToInstant, endOfDay } from "../../domain/materials/days";
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
import { classResult, valuedShop } from "./valuation.server";
import type { ClassRecord } from "./classes.server";
import { getMaterialSettings } from "./settings.server";
import { refuse } from "./refusals.server";

function stockRole(cls: ClassRecord): AccountRole {
  if (cls.kind === "metal") return cls.investment ? "stockInvestmentGold" : "stockMetal";
  return "stockStones";
}

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
  const classes = await listClasses(shopId);
  const currency = await shopCurrency(shopId);
  const decimals = currencyDecimals(currency);
  const inRange = (at: Date) => (!from || at.getTime() >= from.getTime()) && (!to || at.getTime() <= to.getTime());
  const entries: Entry[] = [];
  const moveRows = new Map((await listAllMoves(shopId)).map((m) => [m.id, m]));
  const valued = await valuedShop(shopId);
  // When each period was closed: the validation date of its periodic-average closing entries.
  const closedAt = new Map((await listPeriodCloses(shopId)).map((p) => [p.closedThrough.getTime(), p.at]));
  for (const cls of classes) {
    const replay = classResult(valued, cls.id);
    for (const row of replay.rows) {
      if (!inRange(row.move.effectiveAt)) continue;
      const stored = moveRows.get(row.move.id);
      // The journal is French (as the FEC): "12,5 ct", with the decimal comma and no grouping space
      // (the FEC's ISO 8859-15 has no narrow no-break space).
      const qty = (row.move.qty ?? "").replace(".", ",");
      const label = `${PURPOSE_LABELS[row.move.purpose] ?? row.move.purpose} ${cls.code} ${qty} ${cls.unit}`.trim();
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
        const day = isoDay(mark.at);
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
  for (const cost of await listJobCosts(shopId)) {
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
  const finishRecordedAt = await jobFinishesRecordedAt(shopId);
  for (const job of await listJobs(shopId)) {
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
  const { ianaTimezone } = await shopInfo(shopId);
  const shopDay = (at: Date) => fecDate(at, ianaTimezone).replace(/^(\d{4})(\d{2})(\d{2})$/, "$1-$2-$3");
  for (const row of await listPieceSaleEntries(shopId)) {
    if (!inRange(row.effectiveAt)) continue;
    const entry = finishedSaleEntry({ ...row, jobNumber: row.job.number }, shopDay);
    if (entry) entries.push(entry);
  }
  const classById = new Map(classes.map((c) => [c.id, c]));
  for (const imp of await listImpairments(shopId)) {
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
    shopInfo(shopId),
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
    accountingEntries(shopId, startOfUtcDay(from), to),
    shopInfo(shopId),
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
