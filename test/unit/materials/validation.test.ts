// Validating material entries (app/domain/materials/validation.ts): numbers given once, corrections
// instead of rewrites, entries back-dated into validated days booked on the first open day, and
// fiscal years.
import { describe, expect, test } from "vitest";
import {
  entryNumber,
  fiscalYearOf,
  isFiscalYearEnd,
  numberPlanned,
  planValidation,
  type DerivedEntry,
  type ValidatedSource,
} from "../../../app/domain/materials/validation";
import type { EntryLine } from "../../../app/domain/materials/ledger";

const dr = (role: EntryLine["role"], minor: bigint): EntryLine => ({ role, debitMinor: minor, creditMinor: 0n });
const cr = (role: EntryLine["role"], minor: bigint): EntryLine => ({ role, debitMinor: 0n, creditMinor: minor });
const sale = (key: string, day: string, minor: bigint, recorded = day): DerivedEntry => ({
  key,
  day,
  recordedAt: new Date(`${recorded}T12:00:00Z`),
  journal: "stock",
  pieceRef: key,
  label: `Sortie vente ${key}`,
  lines: [dr("variance", minor), cr("stockMetal", minor)],
});
const validated = (entry: DerivedEntry, lines = entry.lines): ValidatedSource => ({
  key: entry.key,
  day: entry.day,
  label: entry.label,
  journal: entry.journal,
  pieceRef: entry.pieceRef,
  lines,
});

describe("planning a validation", () => {
  test("new sources are validated on their own dates, in date then recording order, through the day only", () => {
    const planned = planValidation(
      [sale("b", "2026-11-05", 100n), sale("a", "2026-11-03", 50n, "2026-11-09"), sale("c", "2026-12-01", 10n)],
      new Map(),
      "2026-11-30",
      null,
    );
    expect(planned.map((p) => [p.key, p.kind, p.day, p.pieceDay])).toEqual([
      ["a", "original", "2026-11-03", "2026-11-03"],
      ["b", "original", "2026-11-05", "2026-11-05"],
    ]);
  });

  test("a validated source that did not change adds nothing", () => {
    const s = sale("a", "2026-11-03", 50n);
    expect(planValidation([s], new Map([["a", validated(s)]]), "2026-11-30", "2026-11-20")).toEqual([]);
  });

  test("a validated source whose cost changed gets a correcting entry for the difference, in the open period", () => {
    const was = sale("a", "2026-11-03", 50n);
    const now = sale("a", "2026-11-03", 80n);
    const [correction, ...rest] = planValidation([now], new Map([["a", validated(was)]]), "2026-11-30", "2026-11-20");
    expect(rest).toEqual([]);
    expect(correction).toMatchObject({ kind: "correction", day: "2026-11-21", pieceDay: "2026-11-03", pieceRef: "a" });
    expect(correction!.lines).toEqual([dr("variance", 30n), cr("stockMetal", 30n)]);
    expect(correction!.label).toBe("Correction de l'écriture du 2026-11-03: Sortie vente a");
  });

  test("a cheaper cost is corrected the other way round", () => {
    const was = sale("a", "2026-11-03", 80n);
    const [correction] = planValidation(
      [sale("a", "2026-11-03", 50n)],
      new Map([["a", validated(was)]]),
      "2026-11-30",
      "2026-11-20",
    );
    expect(correction!.lines).toEqual([dr("stockMetal", 30n), cr("variance", 30n)]);
  });

  test("a validated source that nets to zero now is reversed, never deleted", () => {
    const was = sale("a", "2026-11-03", 80n);
    const [reversal] = planValidation([], new Map([["a", validated(was)]]), "2026-11-30", "2026-11-20");
    expect(reversal).toMatchObject({ kind: "correction", day: "2026-11-21", pieceRef: "a" });
    expect(reversal!.lines).toEqual([dr("stockMetal", 80n), cr("variance", 80n)]);
    expect(reversal!.label).toContain("(annulée)");
  });

  test("corrections already validated count: the sum of a source's entries is compared", () => {
    const was = sale("a", "2026-11-03", 50n);
    const sum = validated(was, [dr("variance", 80n), cr("stockMetal", 80n)]);
    expect(planValidation([sale("a", "2026-11-03", 80n)], new Map([["a", sum]]), "2026-11-30", "2026-11-20")).toEqual(
      [],
    );
  });

  test("a new source dated in days already validated is booked on the first day not validated, its label saying its own date", () => {
    const [late] = planValidation([sale("z", "2026-11-10", 5n, "2026-11-22")], new Map(), "2026-11-30", "2026-11-20");
    expect(late).toMatchObject({ kind: "original", day: "2026-11-21", pieceDay: "2026-11-10" });
    expect(late!.label).toBe("Sortie vente z - du 2026-11-10, jour déjà validé: comptabilisé au 2026-11-21");
  });

  test("originals come before corrections", () => {
    const planned = planValidation(
      [sale("a", "2026-11-03", 80n), sale("b", "2026-11-25", 1n)],
      new Map([["a", validated(sale("a", "2026-11-03", 50n))]]),
      "2026-11-30",
      "2026-11-20",
    );
    expect(planned.map((p) => [p.key, p.kind])).toEqual([
      ["b", "original"],
      ["a", "correction"],
    ]);
  });
});

describe("numbers", () => {
  test("each journal code continues its own sequence in each fiscal year, after what is already used", () => {
    const planned = [
      { day: "2026-12-30", journal: "stock" as const },
      { day: "2026-12-31", journal: "impairment" as const },
      { day: "2027-01-02", journal: "stock" as const },
      { day: "2026-12-31", journal: "stock" as const },
    ];
    const codes = { stock: "STK", purchases: "STK", impairment: "DEP" };
    const numbered = numberPlanned(planned, codes, "12-31", (code, end) =>
      code === "STK" && end === "2026-12-31" ? 41 : 0,
    );
    expect(numbered.map((n) => n.number)).toEqual([
      "STK-2026-000042",
      "DEP-2026-000001",
      "STK-2027-000001",
      "STK-2026-000043",
    ]);
    expect(entryNumber("STK", "2027-06-30", 7)).toBe("STK-2027-000007");
  });

  test.each([
    ["2026-11-05", "12-31", "2026-01-01", "2026-12-31"],
    ["2026-12-31", "12-31", "2026-01-01", "2026-12-31"],
    ["2027-01-01", "12-31", "2027-01-01", "2027-12-31"],
    ["2026-11-05", "06-30", "2026-07-01", "2027-06-30"],
    ["2026-06-30", "06-30", "2025-07-01", "2026-06-30"],
    ["2026-03-01", "02-28", "2026-03-01", "2027-02-28"],
  ])("%s in a fiscal year ending %s: %s to %s", (day, end, start, close) => {
    expect(fiscalYearOf(day, end)).toEqual({ start, end: close });
  });

  test("a fiscal year's end is a real MM-DD, never 29 February", () => {
    expect(["12-31", "06-30", "02-28"].every(isFiscalYearEnd)).toBe(true);
    expect(["02-29", "13-01", "04-31", "1231", "12-00"].some(isFiscalYearEnd)).toBe(false);
  });
});
