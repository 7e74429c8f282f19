// Validating the material ledger's entries (app/domain/materials/validation.ts says how): at a
// period close, or on its own through a day. Validated entries are stored with their numbers,
// accounts and labels, and never changed; receipts' supplier document numbers (the FEC's PieceRef)
// are added here too.
import type { Tx } from "../../models/transaction.server";
import { appendAudit } from "../../models/audit.server";
import { actorLabel, type Actor } from "../../models/actor";
import { lockShopLedger } from "../../models/materials-ledger.server";
import {
  getReceipt,
  insertEntry,
  insertReceiptDocument,
  insertValidation,
  lastValidatedThrough,
  listValidatedEntries,
  numberingState,
  receiptDocuments,
  receiptsWithoutDocument,
} from "../../models/materials-entries.server";
import { endOfDay } from "../../domain/materials/days";
import {
  accountLabel,
  journalLabel,
  type AccountRole,
  type EntryLine,
  type JournalKind,
} from "../../domain/materials/ledger";
import {
  numberPlanned,
  planValidation,
  sumLines,
  type DerivedEntry,
  type ValidatedSource,
} from "../../domain/materials/validation";
import { accountingEntries, entryDay, shopDay } from "./accounting-export.server";
import * as V from "./valuation.server";
import { inTx, refuse, Refused } from "./refusals.server";

/**
 * Validates every entry through `throughDay` inside a transaction that holds the ledger lock (a
 * period close, or validateEntries). Returns how many entries and corrections it numbered.
 */
export async function validateInTx(
  tx: Tx,
  shopId: string,
  throughDay: string,
  through: Date,
  actor: Actor,
  now: Date,
): Promise<{ entries: number; corrections: number }> {
  const previous = await lastValidatedThrough(shopId, tx);
  // The transaction may have written (a close adds a period end): replay what it sees.
  const valued = await V.valuedShopFresh(shopId, tx);
  const { entries, timeZone, settings } = await accountingEntries(shopId, null, null, {
    tx,
    valued,
    assignSupplierAccountsAs: actor,
  });
  const derived: DerivedEntry[] = entries.map((e) => ({
    key: e.key,
    day: entryDay(e, timeZone),
    recordedAt: e.recordedAt,
    journal: e.journal,
    pieceRef: e.ref,
    ...(e.receiptMoveId ? { receiptMoveId: e.receiptMoveId } : {}),
    label: e.label,
    lines: e.lines,
  }));
  const stored = await listValidatedEntries(shopId, undefined, tx);
  const validated = new Map<string, ValidatedSource>();
  for (const row of stored) {
    const lines: EntryLine[] = row.lines.map((l) => ({
      role: l.role as AccountRole,
      debitMinor: l.debitMinor,
      creditMinor: l.creditMinor,
      ...(l.auxNum ? { aux: l.auxNum } : {}),
      ...(l.auxLabel ? { auxLabel: l.auxLabel } : {}),
    }));
    const before = validated.get(row.sourceKey);
    validated.set(
      row.sourceKey,
      before
        ? { ...before, lines: sumLines([...before.lines, ...lines]) }
        : {
            key: row.sourceKey,
            day: row.day,
            label: row.label,
            journal: row.journalKind as JournalKind,
            pieceRef: row.pieceRef,
            ...(row.receiptMoveId ? { receiptMoveId: row.receiptMoveId } : {}),
            lines,
          },
    );
  }
  const planned = planValidation(derived, validated, throughDay, previous?.day ?? null);
  const numbering = await numberingState(shopId, tx);
  const numbered = numberPlanned(
    planned,
    settings.journals,
    settings.fiscalYearEnd,
    (code, fyEnd) => numbering.ranks.get(`${code}|${fyEnd}`) ?? 0,
  );
  const validation = await insertValidation(tx, shopId, {
    through,
    throughDay,
    entries: planned.filter((p) => p.kind === "original").length,
    corrections: planned.filter((p) => p.kind === "correction").length,
    actorName: actorLabel(actor),
    at: now,
  });
  let seq = numbering.lastSeq;
  for (const entry of numbered) {
    await insertEntry(tx, shopId, {
      seq: ++seq,
      journalKind: entry.journal,
      journalCode: entry.journalCode,
      journalLib: journalLabel(entry.journalCode, settings.journals),
      number: entry.number,
      fiscalYearEnd: entry.fiscalYearEnd,
      day: entry.day,
      pieceDay: entry.pieceDay,
      sourceKey: entry.key,
      kind: entry.kind,
      pieceRef: entry.pieceRef,
      receiptMoveId: entry.receiptMoveId ?? null,
      label: entry.label,
      validationId: validation.id,
      validatedAt: now,
      lines: entry.lines.map((line) => {
        // Accounts are kept as validated: a later change of the settings changes new entries only.
        const account = settings.accounts[line.role];
        return {
          role: line.role,
          account,
          accountLabel: accountLabel(account),
          auxNum: line.aux ?? null,
          auxLabel: line.aux ? (line.auxLabel ?? line.aux) : null,
          debitMinor: line.debitMinor,
          creditMinor: line.creditMinor,
        };
      }),
    });
  }
  return {
    entries: planned.filter((p) => p.kind === "original").length,
    corrections: planned.filter((p) => p.kind === "correction").length,
  };
}

/** Validates the entries through a day without closing the period (audited). */
export async function validateEntries(shopId: string, throughDay: string, actor: Actor, now = new Date()) {
  const through = endOfDay(throughDay);
  if (!through) return refuse("BAD_DATE", "through");
  if (through.getTime() >= now.getTime()) return refuse("VALIDATE_IN_FUTURE", "through");
  return inTx(async (tx) => {
    await lockShopLedger(tx, shopId);
    const last = await lastValidatedThrough(shopId, tx);
    if (last && last.day >= throughDay) throw new Refused(refuse("ALREADY_VALIDATED", "through", { day: last.day }));
    const result = await validateInTx(tx, shopId, throughDay, through, actor, now);
    await appendAudit(tx, shopId, {
      actor,
      action: "materials.entries_validated",
      entityType: "MaterialEntryValidation",
      entityId: shopId,
      data: { through: throughDay, ...result },
    });
    return { ok: true as const, ...result };
  });
}

/** Gives a receipt its supplier invoice or delivery note number, once (audited). */
export async function addReceiptDocument(shopId: string, moveId: string, number: string, actor: Actor) {
  const text = number.trim();
  if (!text) return refuse("DOCUMENT_REQUIRED", "document");
  if (text.length > 60) return refuse("DOCUMENT_TOO_LONG", "document");
  return inTx(async (tx) => {
    if (!(await getReceipt(shopId, moveId, tx))) throw new Refused(refuse("NOT_FOUND", "moveId"));
    if ((await receiptDocuments(shopId, [moveId], tx)).has(moveId))
      throw new Refused(refuse("DOCUMENT_ALREADY_SET", "document"));
    await recordReceiptDocument(tx, shopId, moveId, text, actor);
    return { ok: true as const };
  });
}

/** Writes a receipt's document number and its audit entry (a receipt given one as it is recorded, too). */
export async function recordReceiptDocument(tx: Tx, shopId: string, moveId: string, number: string, actor: Actor) {
  await insertReceiptDocument(tx, shopId, { moveId, number, actorName: actorLabel(actor) });
  await appendAudit(tx, shopId, {
    actor,
    action: "materials.receipt_document",
    entityType: "MaterialMove",
    entityId: moveId,
    data: { document: number },
  });
}

/** What the settings page shows of validation: the day validated through, and receipts still without a document number. */
export async function validationStatus(shopId: string, timeZone: string) {
  const [last, missing] = await Promise.all([lastValidatedThrough(shopId), receiptsWithoutDocument(shopId)]);
  return {
    validatedThrough: last?.day ?? null,
    missingDocuments: missing.slice(0, 200).map((m) => ({
      id: m.id,
      day: shopDay(m.effectiveAt, timeZone),
      classCode: m.class.code,
      qty: m.qty,
      unit: m.class.unit,
      supplier: m.supplier,
      lot: m.lot,
    })),
    missingCount: missing.length,
  };
}
