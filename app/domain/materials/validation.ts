/**
 * Validating the material ledger's entries (FEC, article A47 A-1 LPF: entries are numbered on a
 * continuous sequence in the order they are validated, and a validated entry is never changed).
 *
 * A validation through a day takes every entry the ledger gives up to that day and compares it,
 * source by source (`Entry.key`), with what was already validated for that source:
 * - a source never validated is validated as it is, on its own date, with the next number; when
 *   its date was already validated (a move back-dated into days validated but not closed), it is
 *   dated on the first day not validated yet, its label giving its own date: a file produced for
 *   validated days never changes;
 * - a source whose entry now differs (a back-dated move re-costed it, or it nets to zero now) keeps
 *   its validated entry untouched and gets a correcting entry for the difference, dated in the
 *   open period (the first day not validated yet, never before the source's date);
 * - numbers are given here once and stored: they never depend on an export's date range, and an
 *   entry that later nets to zero does not renumber the ones after it.
 */
import type { EntryLine, JournalKind } from "./ledger";
import { merge } from "./ledger";

// ---------------------------------------------------------------- fiscal years

const MONTH_DAY = /^(\d{2})-(\d{2})$/;

/** "MM-DD" of a real day of the year (29 February excepted: a year cannot end on it every year). */
export function isFiscalYearEnd(text: string): boolean {
  const m = MONTH_DAY.exec(text);
  if (!m) return false;
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(2025, month, 0)).getUTCDate();
}

/** The fiscal year holding a day ("YYYY-MM-DD"): its first and closing days, for a year closing each `end` ("MM-DD"). */
export function fiscalYearOf(day: string, end: string): { start: string; end: string } {
  const year = Number(day.slice(0, 4));
  const closing = (y: number) => `${y}-${end}`;
  const close = day <= closing(year) ? closing(year) : closing(year + 1);
  const previous = closing(Number(close.slice(0, 4)) - 1);
  return { start: nextDay(previous), end: close };
}

export function nextDay(day: string): string {
  const at = new Date(`${day}T00:00:00Z`);
  return new Date(at.getTime() + 86_400_000).toISOString().slice(0, 10);
}

/** "STK-2026-000042": the journal code, the closing year of the fiscal year, the entry's rank in both. */
export function entryNumber(journalCode: string, fiscalYearEnd: string, rank: number): string {
  return `${journalCode}-${fiscalYearEnd.slice(0, 4)}-${String(rank).padStart(6, "0")}`;
}

// ---------------------------------------------------------------- planning a validation

/** An entry the ledger gives now, its dates already as the shop's calendar days. */
export type DerivedEntry = {
  key: string;
  day: string;
  recordedAt: Date;
  journal: JournalKind;
  pieceRef: string;
  receiptMoveId?: string;
  label: string;
  lines: EntryLine[];
};

/** What was validated for a source so far: its entries' lines added together by account role and auxiliary account. */
export type ValidatedSource = {
  key: string;
  day: string;
  label: string;
  journal: JournalKind;
  pieceRef: string;
  receiptMoveId?: string;
  lines: EntryLine[];
};

/** `pieceDay`: the source's own date (PieceDate); `day`: the date it is booked on (EcritureDate). */
export type PlannedEntry = DerivedEntry & { kind: "original" | "correction"; pieceDay: string };

/** Sums lines by role and auxiliary account (a source's original entry plus its corrections). */
export function sumLines(lines: readonly EntryLine[]): EntryLine[] {
  return merge(lines.map((l) => ({ ...l })));
}

function difference(now: readonly EntryLine[], validated: readonly EntryLine[]): EntryLine[] {
  const negated = validated.map((l) => ({ ...l, debitMinor: l.creditMinor, creditMinor: l.debitMinor }));
  return merge([...now, ...negated]);
}

/**
 * The entries a validation through `throughDay` adds when days were validated through
 * `previousThrough` (null: none yet): new sources in date order (then recording order), then
 * corrections. `derived` holds every entry the ledger gives now; `validated`, what was validated so
 * far, by source.
 */
export function planValidation(
  derived: readonly DerivedEntry[],
  validated: ReadonlyMap<string, ValidatedSource>,
  throughDay: string,
  previousThrough: string | null,
): PlannedEntry[] {
  const originals: PlannedEntry[] = [];
  const corrections: PlannedEntry[] = [];
  const seen = new Set<string>();
  const firstOpen = previousThrough ? nextDay(previousThrough) : "";
  const openDay = (day: string) => (day > firstOpen ? day : firstOpen);
  const correctionDay = openDay;
  for (const entry of derived) {
    if (entry.day > throughDay) continue;
    seen.add(entry.key);
    const before = validated.get(entry.key);
    if (!before) {
      const day = openDay(entry.day);
      originals.push({
        ...entry,
        kind: "original",
        day,
        pieceDay: entry.day,
        label:
          day === entry.day
            ? entry.label
            : `${entry.label} - du ${entry.day}, jour déjà validé: comptabilisé au ${day}`,
      });
      continue;
    }
    const lines = difference(entry.lines, before.lines);
    if (lines.length === 0) continue;
    corrections.push({
      ...entry,
      kind: "correction",
      day: correctionDay(entry.day),
      pieceDay: entry.day,
      label: `Correction de l'écriture du ${before.day}: ${entry.label}`,
      lines,
    });
  }
  // A validated source the ledger no longer gives (it nets to zero now): reversed, not deleted.
  for (const [key, before] of validated) {
    if (seen.has(key) || before.day > throughDay) continue;
    const lines = difference([], before.lines);
    if (lines.length === 0) continue;
    corrections.push({
      key,
      day: correctionDay(before.day),
      pieceDay: before.day,
      recordedAt: new Date(0),
      journal: before.journal,
      pieceRef: before.pieceRef,
      ...(before.receiptMoveId ? { receiptMoveId: before.receiptMoveId } : {}),
      label: `Correction de l'écriture du ${before.day}: ${before.label} (annulée)`,
      lines,
      kind: "correction",
    });
  }
  const byDate = (a: PlannedEntry, b: PlannedEntry) =>
    (a.day < b.day ? -1 : a.day > b.day ? 1 : 0) ||
    a.recordedAt.getTime() - b.recordedAt.getTime() ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return [...originals.sort(byDate), ...corrections.sort(byDate)];
}

/**
 * Numbers planned entries: each continues its journal code's sequence in its fiscal year.
 * `last` gives the highest rank already used for a code and a fiscal year's closing day.
 */
export function numberPlanned<T extends { day: string; journal: JournalKind }>(
  planned: readonly T[],
  codes: Record<JournalKind, string>,
  fiscalYearEndMonthDay: string,
  last: (code: string, fiscalYearEnd: string) => number,
): (T & { journalCode: string; fiscalYearEnd: string; number: string })[] {
  const used = new Map<string, number>();
  return planned.map((entry) => {
    const journalCode = codes[entry.journal];
    const fiscalYearEnd = fiscalYearOf(entry.day, fiscalYearEndMonthDay).end;
    const key = `${journalCode}|${fiscalYearEnd}`;
    const rank = (used.get(key) ?? last(journalCode, fiscalYearEnd)) + 1;
    used.set(key, rank);
    return { ...entry, journalCode, fiscalYearEnd, number: entryNumber(journalCode, fiscalYearEnd, rank) };
  });
}
