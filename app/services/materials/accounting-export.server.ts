// The accounting entries the material ledger stands for (moves, period closes, job costs and
// finishes, finished pieces sold, impairments), balanced, each with the stable key of its source;
// the CSV of them, and the FEC of the validated ones (app/services/materials/entries.server.ts
// validates and numbers them).
import { listAllClasses } from "../../models/materials-classes.server";
import { listImpairments } from "../../models/materials-impairments.server";
import { jobFinishesRecordedAt, listJobCosts, listJobs } from "../../models/materials-jobs.server";
import { shopInfo } from "../../models/materials-ledger.server";
import { listAllMoves } from "../../models/materials-moves.server";
import { listPeriodCloses } from "../../models/materials-periods.server";
import { listPieceSaleEntries } from "../../models/materials-piece-sales.server";
import {
  lastValidatedThrough,
  listValidatedEntries,
  pieceTagCodes,
  receiptDocuments,
} from "../../models/materials-entries.server";
import { supplierAccountsOf } from "../../models/parties.server";
import type { Tx } from "../../models/transaction.server";
import type { Actor } from "../../models/actor";
import { stringify } from "csv-stringify/sync";
import Decimal from "decimal.js";
import { isoDay } from "../../domain/days";
import { currencyDecimals } from "../../domain/money";
import {
  accountLabel,
  classRoles,
  finishedSaleEntry,
  finishEntry,
  impairmentEntry,
  jobCostEntry,
  moveEntry,
  transferEntry,
  type Entry,
  type TransferHalf,
} from "../../domain/materials/ledger";
import { fecDate, fecFileName, formatFec, type FecLine } from "../../domain/materials/fec";
import { fiscalYearOf } from "../../domain/materials/validation";
import type { ReplayRow } from "../../domain/materials/replay";
import * as V from "./valuation.server";
import { getMaterialSettings } from "./settings-read.server";
import { refuse } from "./refusals.server";

const PURPOSE_LABELS: Record<string, string> = {
  receipt: "Réception",
  issue_job: "Sortie vers fabrication",
  issue_sale: "Sortie vente",
  transfer_out: "Transfert",
  transfer_in: "Transfert entrant",
  return_job: "Retour de fabrication",
  recovery: "Récupération limailles/balayures",
  return_customer: "Retour client",
  return_supplier: "Retour fournisseur",
  count_gain: "Inventaire: excédent",
  count_loss: "Inventaire: manquant",
  revalue: "Changement de coût standard",
  standard_revision: "Révision du coût standard",
};

/** The calendar day of an instant in the shop's time zone, as YYYY-MM-DD. */
export function shopDay(at: Date, timeZone: string): string {
  return fecDate(at, timeZone).replace(/^(\d{4})(\d{2})(\d{2})$/, "$1-$2-$3");
}

/** An entry's calendar day: a close's own day as typed, else the day of its instant where the shop is. */
export function entryDay(entry: Entry, timeZone: string): string {
  return entry.day ?? shopDay(entry.at, timeZone);
}

type EntriesOptions = {
  tx?: Tx;
  /** A replay to read instead of the kept one (inside a transaction that has written). */
  valued?: V.ValuedShop;
  /** In the supplier-account mode, give a supplier without an account its account (validation does). */
  assignSupplierAccountsAs?: Actor | null;
};

/** The accounting entries of a date range (instants; null: unbounded), balanced, in recording order. */
export async function accountingEntries(
  shopId: string,
  from: Date | null,
  to: Date | null,
  options: EntriesOptions = {},
) {
  const { tx } = options;
  const [classes, shop, settings, moveList, closes] = await Promise.all([
    listAllClasses(shopId, tx),
    shopInfo(shopId, tx),
    getMaterialSettings(shopId, tx),
    listAllMoves(shopId, tx),
    listPeriodCloses(shopId, tx),
  ]);
  const decimals = currencyDecimals(shop.currency);
  const inRange = (at: Date) => (!from || at.getTime() >= from.getTime()) && (!to || at.getTime() <= to.getTime());
  const entries: Entry[] = [];
  const moveRows = new Map(moveList.map((m) => [m.id, m]));
  const valued = options.valued ?? (await V.valuedShop(shopId, { tx }));
  const jobs = await listJobs(shopId, tx);
  const jobNumber = new Map(jobs.map((j) => [j.id, j.number]));
  const tags = await pieceTagCodes(
    shopId,
    jobs.map((j) => j.pieceId).filter((id): id is string => Boolean(id)),
    tx,
  );
  const supplierOf = settings.supplierAccounts
    ? await supplierAccountsOf(
        shopId,
        moveList.filter((m) => m.partnerId && inRange(m.effectiveAt)).map((m) => m.partnerId!),
        options.assignSupplierAccountsAs ?? null,
        tx,
      )
    : new Map<string, { account: string | null; name: string }>();
  const options_ = { supplierAccounts: settings.supplierAccounts };
  // When each period was closed: the validation date of its periodic-average closing entries.
  const closedAt = new Map(closes.map((p) => [p.closedThrough.getTime(), p.at]));
  // The receiving half of each transfer, for the entry of its sending half.
  const received = new Map<string, TransferHalf>();
  for (const cls of classes) {
    const replay = V.classResult(valued, cls.id);
    for (const row of replay.rows)
      if (row.move.purpose === "transfer_in" && row.move.transferId)
        received.set(row.move.transferId, { before: row.before, after: row.state, roles: classRoles(cls) });
  }
  const refOf = (row: ReplayRow, code: string): string => {
    const stored = moveRows.get(row.move.id);
    const day = isoDay(row.move.effectiveAt);
    switch (row.move.purpose) {
      case "issue_job":
      case "return_job":
      case "recovery":
        return jobNumber.get(row.move.jobId ?? "") ?? `FAB-${day}`;
      case "issue_sale":
      case "return_customer":
        return stored?.jobRef || `VENTE-${day}`;
      case "count_gain":
      case "count_loss":
        return `INV-${code}-${day}`;
      case "transfer_out":
        return `TRF-${day}-${(row.move.transferId ?? row.move.id).slice(0, 8)}`;
      case "revalue":
        return `STD-${code}-${day}`;
      default:
        return row.move.id;
    }
  };
  for (const cls of classes) {
    const roles = classRoles(cls);
    const replay = V.classResult(valued, cls.id);
    for (const row of replay.rows) {
      if (!inRange(row.move.effectiveAt) || row.move.purpose === "transfer_in") continue;
      const stored = moveRows.get(row.move.id);
      // The journal is French (as the FEC): "12,5 ct", with the decimal comma and no grouping space
      // (the FEC's ISO 8859-15 has no narrow no-break space).
      const qty = (row.move.qty ?? "").replace(".", ",");
      const label = `${PURPOSE_LABELS[row.move.purpose] ?? row.move.purpose} ${cls.code} ${qty} ${cls.unit}`.trim();
      const supplier = stored?.partnerId ? supplierOf.get(stored.partnerId) : undefined;
      const move = {
        id: row.move.id,
        purpose: row.move.purpose,
        effectiveAt: row.move.effectiveAt,
        createdAt: row.move.createdAt,
        supplierAccount: supplier?.account ?? null,
        supplierName: supplier?.name ?? stored?.supplier ?? null,
        ofMoveId: row.move.ofMoveId,
        label,
      };
      const entry =
        row.move.purpose === "transfer_out"
          ? transferEntry(
              move,
              { before: row.before, after: row.state, roles },
              received.get(row.move.transferId ?? "") ?? null,
              decimals,
            )
          : moveEntry(move, row.before, row.state, roles, decimals, options_);
      if (entry) entries.push({ ...entry, ref: entry.receiptMoveId ? "" : refOf(row, cls.code) });
    }
    // A periodic-average close revalues the period's issues and the closing stock at the period
    // average: the difference from the provisional costs goes to the stock variation account.
    if (replay.ok) {
      for (const mark of replay.marks) {
        if (mark.kind !== "close" || !inRange(mark.at)) continue;
        // The close "through 31 October" is dated 31 October: the day typed, whatever the time zone.
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
          roles,
          decimals,
        );
        if (entry) entries.push({ ...entry, key: `close:${cls.id}:${day}`, ref: `CLOT-${cls.code}-${day}`, day });
      }
    }
  }
  for (const cost of await listJobCosts(shopId, tx)) {
    if (!inRange(cost.effectiveAt)) continue;
    const entry = jobCostEntry({ ...cost, jobNumber: cost.job.number });
    if (entry) entries.push(entry);
  }
  // A finish is validated when it was recorded, not on the (possibly earlier) day it is dated.
  const finishRecordedAt = await jobFinishesRecordedAt(shopId, tx);
  for (const job of jobs) {
    if (job.status !== "finished" || !job.finishedAt || job.costMinor == null || !inRange(job.finishedAt)) continue;
    const abnormal = job.abnormalLossMinor ?? 0n;
    const tag = job.pieceId ? tags.get(job.pieceId) : undefined;
    const label = `Fin de fabrication ${job.number}${tag ? ` pièce ${tag}` : ""}${abnormal > 0n ? " (dont perte anormale)" : ""}`;
    const entry = finishEntry(
      `finish:${job.id}`,
      job.finishedAt,
      finishRecordedAt.get(job.id) ?? job.finishedAt,
      tag ?? job.number,
      label,
      job.costMinor,
      abnormal,
    );
    if (entry) entries.push(entry);
  }
  for (const row of await listPieceSaleEntries(shopId, tx)) {
    if (!inRange(row.effectiveAt)) continue;
    const entry = finishedSaleEntry({ ...row, jobNumber: row.job.number }, (at) => shopDay(at, shop.ianaTimezone));
    if (entry) entries.push(entry);
  }
  const classById = new Map(classes.map((c) => [c.id, c]));
  const impairments = await listImpairments(shopId, tx);
  const impairedTags = await pieceTagCodes(
    shopId,
    impairments.map((i) => i.pieceId).filter((id): id is string => Boolean(id)),
    tx,
  );
  for (const imp of impairments) {
    if (!inRange(imp.effectiveAt)) continue;
    const cls = imp.classId ? classById.get(imp.classId) : undefined;
    const tag = imp.pieceId ? (impairedTags.get(imp.pieceId) ?? imp.pieceId) : null;
    const entry = impairmentEntry({
      ...imp,
      allowance: cls ? classRoles(cls).allowance : "allowanceFinished",
      what: cls ? cls.code : `pièce ${tag}`,
      ref: cls ? `DEP-${cls.code}-${isoDay(imp.effectiveAt)}` : tag!,
    });
    if (entry) entries.push(entry);
  }
  entries.sort(
    (a, b) =>
      a.recordedAt.getTime() - b.recordedAt.getTime() ||
      a.at.getTime() - b.at.getTime() ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  return { entries, currency: shop.currency, decimals, timeZone: shop.ianaTimezone, settings };
}

/**
 * The entries of a range as CSV (any currency): each with its validated number when its source
 * has been validated, empty while it is not (the number is given once, at validation).
 */
export async function exportCsv(shopId: string, from: Date | null, to: Date | null): Promise<string> {
  const [{ entries, decimals, timeZone, settings, currency }, validated] = await Promise.all([
    accountingEntries(shopId, from, to),
    listValidatedEntries(shopId),
  ]);
  const numberOf = new Map<string, string>();
  for (const v of validated) if (v.kind === "original") numberOf.set(v.sourceKey, v.number);
  const rows: string[][] = [];
  for (const entry of entries) {
    for (const line of entry.lines) {
      const account = settings.accounts[line.role];
      rows.push([
        entryDay(entry, timeZone),
        settings.journals[entry.journal],
        numberOf.get(entry.key) ?? "",
        account,
        accountLabel(account),
        line.aux ?? "",
        entry.ref,
        entry.label,
        new Decimal(line.debitMinor.toString()).div(10 ** decimals).toFixed(decimals),
        new Decimal(line.creditMinor.toString()).div(10 ** decimals).toFixed(decimals),
        currency,
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

/**
 * The FEC of a range of the shop's calendar days inside one fiscal year: the validated entries
 * dated in it, in validation order, with the numbers they were given. Refused for a shop whose
 * books are not in euros, without a SIREN, for days not validated yet, and while a receipt in it
 * has no supplier document number (its PieceRef).
 */
export async function exportFec(shopId: string, fromDay: string, toDay: string) {
  const [settings, shop, through] = await Promise.all([
    getMaterialSettings(shopId),
    shopInfo(shopId),
    lastValidatedThrough(shopId),
  ]);
  if (shop.currency !== "EUR") return refuse("FEC_NOT_EUR", "to", { currency: shop.currency });
  if (!settings.siren) return refuse("SIREN_REQUIRED", "siren");
  if (toDay < fromDay) return refuse("BAD_RANGE", "to");
  const year = fiscalYearOf(toDay, settings.fiscalYearEnd);
  if (fromDay < year.start) return refuse("FEC_TWO_YEARS", "from", { start: year.start, end: year.end });
  if (!through || through.day < toDay)
    return refuse("FEC_NOT_VALIDATED", "to", { through: through?.day ?? "-", to: toDay });
  const rows = await listValidatedEntries(shopId, { fromDay, toDay });
  const receiptIds = rows.map((r) => r.receiptMoveId).filter((id): id is string => Boolean(id));
  const documents = await receiptDocuments(shopId, receiptIds);
  const missing = [...new Set(receiptIds.filter((id) => !documents.has(id)))];
  if (missing.length)
    return refuse("FEC_RECEIPT_DOCUMENTS", "to", {
      count: missing.length,
      entries: rows
        .filter((r) => r.receiptMoveId && !documents.has(r.receiptMoveId))
        .slice(0, 20)
        .map((r) => `${r.number} (${r.day}) ${r.label}`)
        .join("; "),
    });
  const lines: FecLine[] = [];
  for (const entry of rows) {
    for (const line of entry.lines) {
      lines.push({
        journalCode: entry.journalCode,
        journalLib: entry.journalLib,
        ecritureNum: entry.number,
        ecritureDate: entry.day.replace(/-/g, ""),
        compteNum: line.account,
        compteLib: line.accountLabel,
        compAuxNum: line.auxNum ?? "",
        compAuxLib: line.auxLabel ?? "",
        pieceRef: entry.receiptMoveId ? documents.get(entry.receiptMoveId)! : entry.pieceRef,
        pieceDate: entry.pieceDay.replace(/-/g, ""),
        ecritureLib: entry.label,
        debitMinor: line.debitMinor,
        creditMinor: line.creditMinor,
        validDate: fecDate(entry.validatedAt, shop.ianaTimezone),
      });
    }
  }
  return {
    ok: true as const,
    fileName: fecFileName(settings.siren, year.end.replace(/-/g, "")),
    body: formatFec(lines, currencyDecimals(shop.currency)),
  };
}
