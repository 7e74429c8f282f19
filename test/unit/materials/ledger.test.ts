import { describe, expect, test } from "vitest";
import {
  DEFAULT_ACCOUNTS,
  finishedSaleEntry,
  isBalanced,
  resolveAccounts,
  type FinishedSaleForEntry,
} from "../../../app/domain/materials/ledger";

const day = (at: Date) => at.toISOString().slice(0, 10);
const row = (over: Partial<FinishedSaleForEntry> = {}): FinishedSaleForEntry => ({
  id: "e1",
  kind: "sale",
  effectiveAt: new Date("2026-11-07T15:00:00Z"),
  createdAt: new Date("2026-11-07T15:00:01Z"),
  costMinor: 123456789012345678n,
  tagCode: "LP-0042",
  orderName: "#1001",
  jobNumber: "J-2026-007",
  deferredFrom: null,
  ...over,
});

describe("finished pieces sold", () => {
  test("a sale debits the variation of finished products and credits finished goods at the piece's exact cost", () => {
    const entry = finishedSaleEntry(row(), day)!;
    expect(entry.lines).toEqual([
      { role: "finishedVariation", debitMinor: 123456789012345678n, creditMinor: 0n },
      { role: "finished", debitMinor: 0n, creditMinor: 123456789012345678n },
    ]);
    expect(isBalanced(entry)).toBe(true);
    expect(entry).toMatchObject({ journal: "STK", ref: "#1001/LP-0042", at: new Date("2026-11-07T15:00:00Z") });
    expect(entry.label).toBe("Sortie de stock produit fini LP-0042 (J-2026-007) vendu commande #1001");
  });

  test("a return is the opposite entry, on its own date", () => {
    const entry = finishedSaleEntry(
      row({ kind: "return", effectiveAt: new Date("2026-11-20T09:00:00Z"), costMinor: 64100n }),
      day,
    )!;
    expect(entry.lines).toEqual([
      { role: "finished", debitMinor: 64100n, creditMinor: 0n },
      { role: "finishedVariation", debitMinor: 0n, creditMinor: 64100n },
    ]);
    expect(entry.at.toISOString()).toBe("2026-11-20T09:00:00.000Z");
    expect(entry.label).toContain("Retour en stock produit fini LP-0042");
  });

  test("a sale booked after a closed period says when it happened and when it was booked", () => {
    const entry = finishedSaleEntry(
      row({ effectiveAt: new Date("2026-11-09T00:00:00Z"), deferredFrom: new Date("2026-11-07T15:00:00Z") }),
      day,
    )!;
    expect(entry.label).toBe(
      "Sortie de stock produit fini LP-0042 (J-2026-007) vendu commande #1001 - du 2026-11-07, période close: comptabilisé au 2026-11-09",
    );
  });

  test("a piece that cost nothing books nothing", () => {
    expect(finishedSaleEntry(row({ costMinor: 0n }), day)).toBeNull();
  });

  test("the variation account defaults to PCG 71355 and can be set like any other role", () => {
    expect(DEFAULT_ACCOUNTS.finishedVariation.number).toBe("71355");
    expect(resolveAccounts({}).finishedVariation).toBe("71355");
    expect(resolveAccounts({ finishedVariation: "7135" }).finishedVariation).toBe("7135");
  });
});
