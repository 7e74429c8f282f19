// Every posting the material ledger makes, as a table: event → accounts (default PCG numbers),
// directions and amounts; and the account and journal settings they go through.
import { describe, expect, test } from "vitest";
import {
  accountLabel,
  ACCOUNT_ROLES,
  classRoles,
  DEFAULT_ACCOUNTS,
  DEFAULT_JOURNALS,
  finishedSaleEntry,
  finishEntry,
  impairmentEntry,
  isBalanced,
  jobCostEntry,
  journalLabel,
  moveEntry,
  resolveAccounts,
  transferEntry,
  type Entry,
  type FinishedSaleForEntry,
} from "../../../app/domain/materials/ledger";
import type { ValuationState } from "../../../app/domain/valuation/index";

const at = new Date("2026-11-07T12:00:00Z");
const st = (value: string, variance?: string): ValuationState => ({
  qty: "1",
  value,
  unitCost: value,
  ...(variance ? { variance } : {}),
});
const metal = classRoles({ kind: "metal", investment: false });
const investment = classRoles({ kind: "metal", investment: true });
const stones = classRoles({ kind: "stone_lot", investment: false });
const accounts = resolveAccounts({});

/** An entry as "Dr 311 1000.00" / "Cr 6031 1000.00" lines, with the default account numbers. */
function postings(entry: Entry | null): string[] {
  if (!entry) return [];
  expect(isBalanced(entry)).toBe(true);
  const amount = (minor: bigint) => `${minor / 100n}.${String(minor % 100n).padStart(2, "0")}`;
  return entry.lines.map((l) =>
    l.debitMinor > 0n
      ? `Dr ${accounts[l.role]}${l.aux ? ` ${l.aux}` : ""} ${amount(l.debitMinor)}`
      : `Cr ${accounts[l.role]}${l.aux ? ` ${l.aux}` : ""} ${amount(l.creditMinor)}`,
  );
}

const move = (purpose: string, over: Partial<Parameters<typeof moveEntry>[0]> = {}) => ({
  id: `m-${purpose}`,
  purpose,
  effectiveAt: at,
  createdAt: at,
  label: purpose,
  ...over,
});

describe("stock moves in permanent inventory (PCG)", () => {
  test.each([
    [
      "a receipt of jewelry metal",
      "receipt",
      metal,
      "0.00",
      "1000.00",
      undefined,
      ["Dr 311 1000.00", "Cr 6031 1000.00"],
    ],
    [
      "a return to the supplier",
      "return_supplier",
      metal,
      "1000.00",
      "800.00",
      undefined,
      ["Dr 6031 200.00", "Cr 311 200.00"],
    ],
    [
      "a receipt of investment gold (goods, class 37)",
      "receipt",
      investment,
      "0.00",
      "5000.00",
      undefined,
      ["Dr 371 5000.00", "Cr 6037 5000.00"],
    ],
    ["a receipt of stones", "receipt", stones, "0.00", "640.00", undefined, ["Dr 312 640.00", "Cr 6031 640.00"]],
    [
      "raw metal sold as it is",
      "issue_sale",
      metal,
      "1000.00",
      "700.00",
      undefined,
      ["Dr 6031 300.00", "Cr 311 300.00"],
    ],
    [
      "investment gold sold",
      "issue_sale",
      investment,
      "5000.00",
      "2500.00",
      undefined,
      ["Dr 6037 2500.00", "Cr 371 2500.00"],
    ],
    [
      "a customer's return of raw metal",
      "return_customer",
      metal,
      "700.00",
      "800.00",
      undefined,
      ["Dr 311 100.00", "Cr 6031 100.00"],
    ],
    ["stones issued to a job", "issue_job", stones, "640.00", "490.00", undefined, ["Dr 331 150.00", "Cr 312 150.00"]],
    ["metal returned from a job", "return_job", metal, "700.00", "760.00", undefined, ["Dr 311 60.00", "Cr 331 60.00"]],
    [
      "filings recovered from a job",
      "recovery",
      metal,
      "760.00",
      "775.50",
      undefined,
      ["Dr 311 15.50", "Cr 331 15.50"],
    ],
    ["a count finding more", "count_gain", metal, "775.50", "800.00", undefined, ["Dr 311 24.50", "Cr 6031 24.50"]],
    ["a count finding less", "count_loss", metal, "800.00", "790.00", undefined, ["Dr 6031 10.00", "Cr 311 10.00"]],
    ["a standard-cost change", "revalue", metal, "790.00", "820.00", undefined, ["Dr 311 30.00", "Cr 6031 30.00"]],
    [
      "a periodic-average close",
      "period_close",
      metal,
      "820.00",
      "800.00",
      undefined,
      ["Dr 6031 20.00", "Cr 311 20.00"],
    ],
    // At standard cost, a receipt dearer than standard: stock at standard, the variance in 6031, where the counterpart is too.
    [
      "a receipt above standard cost",
      "receipt",
      metal,
      "0.00",
      "1000.00",
      "50.00",
      ["Dr 311 1000.00", "Cr 6031 1000.00"],
    ],
  ] as const)("%s", (_what, purpose, roles, before, after, variance, expected) => {
    const entry = moveEntry(move(purpose), st(before), st(after, variance), roles, 2);
    expect(postings(entry)).toEqual(expected);
    expect(entry!.journal).toBe("stock");
  });

  test("a receipt never credits 401 unless the supplier-account mode is on; then 401 with the supplier's account", () => {
    const off = moveEntry(move("receipt"), st("0.00"), st("1000.00"), metal, 2);
    expect(postings(off).some((l) => l.includes("401"))).toBe(false);
    const on = moveEntry(
      move("receipt", { supplierAccount: "F00001", supplierName: "Comptoir Lyonnais" }),
      st("0.00"),
      st("1000.00", "50.00"),
      metal,
      2,
      { supplierAccounts: true },
    );
    // At standard: stock at 1000, the 50 above standard a variance, the supplier credited the invoice's 1050.
    expect(postings(on)).toEqual(["Dr 311 1000.00", "Dr 6031 50.00", "Cr 401 F00001 1050.00"]);
    expect(on!.lines.at(-1)!.auxLabel).toBe("Comptoir Lyonnais");
    expect(on!.journal).toBe("purchases");
    const back = moveEntry(
      move("return_supplier", { supplierAccount: "F00001", ofMoveId: "m-receipt" }),
      st("1000.00"),
      st("800.00"),
      metal,
      2,
      { supplierAccounts: true },
    );
    expect(postings(back)).toEqual(["Dr 401 F00001 200.00", "Cr 311 200.00"]);
  });

  test("a receipt's entry takes its supplier document as piece; a return to the supplier, the receipt's", () => {
    expect(moveEntry(move("receipt"), st("0.00"), st("1.00"), metal, 2)!.receiptMoveId).toBe("m-receipt");
    expect(
      moveEntry(move("return_supplier", { ofMoveId: "r1" }), st("1.00"), st("0.00"), metal, 2)!.receiptMoveId,
    ).toBe("r1");
    expect(moveEntry(move("issue_sale"), st("1.00"), st("0.00"), metal, 2)!.receiptMoveId).toBeUndefined();
  });

  test("a move that changes no value posts nothing", () => {
    expect(moveEntry(move("issue_job"), st("10.00"), st("10.00"), metal, 2)).toBeNull();
  });

  test("amounts stay exact beyond a double's precision", () => {
    const entry = moveEntry(move("receipt"), st("0.00"), st("1234567890123456.78"), metal, 2)!;
    expect(entry.lines[0]!.debitMinor).toBe(123456789012345678n);
  });
});

describe("transfers between classes", () => {
  const sent = (roles: ReturnType<typeof classRoles>, before: string, after: string) => ({
    before: st(before),
    after: st(after),
    roles,
  });

  test("between two classes on the same account: nothing is posted (never 580)", () => {
    expect(
      transferEntry(move("transfer_out"), sent(metal, "500.00", "300.00"), sent(metal, "0.00", "200.00"), 2),
    ).toBeNull();
  });

  test("from jewelry metal to investment gold: one entry from one stock account to the other", () => {
    const entry = transferEntry(
      move("transfer_out"),
      sent(metal, "500.00", "300.00"),
      sent(investment, "0.00", "200.00"),
      2,
    );
    expect(postings(entry)).toEqual(["Dr 371 200.00", "Cr 311 200.00"]);
  });

  test("into a standard-cost class: its variance goes to its own variation account", () => {
    const entry = transferEntry(
      move("transfer_out"),
      sent(metal, "500.00", "300.00"),
      { before: st("0.00"), after: st("190.00", "10.00"), roles: investment },
      2,
    );
    expect(postings(entry)).toEqual(["Dr 371 190.00", "Dr 6037 10.00", "Cr 311 200.00"]);
  });
});

describe("jobs, finished pieces and impairment", () => {
  test("labour into work in progress: Dr 331 / Cr 7133", () => {
    const entry = jobCostEntry({
      id: "c1",
      kind: "labour",
      effectiveAt: at,
      createdAt: at,
      amountMinor: 15000n,
      jobNumber: "FAB-1",
    });
    expect(postings(entry)).toEqual(["Dr 331 150.00", "Cr 7133 150.00"]);
    expect(entry).toMatchObject({ key: "jobcost:c1", ref: "FAB-1", label: "Main-d'œuvre FAB-1" });
  });

  test("a finished job: Dr 355 piece cost, Dr 6588 abnormal loss / Cr 331", () => {
    const entry = finishEntry("finish:j1", at, at, "LP-0042", "Fin de fabrication FAB-1", 53500n, 8500n);
    expect(postings(entry)).toEqual(["Dr 355 535.00", "Dr 6588 85.00", "Cr 331 620.00"]);
    expect(entry!.ref).toBe("LP-0042");
  });

  const sale = (over: Partial<FinishedSaleForEntry> = {}): FinishedSaleForEntry => ({
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
  const day = (d: Date) => d.toISOString().slice(0, 10);

  test("a made piece sold: Dr 71355 / Cr 355 at its exact cost; its piece is its tag code", () => {
    const entry = finishedSaleEntry(sale(), day)!;
    expect(postings(entry)).toEqual(["Dr 71355 1234567890123456.78", "Cr 355 1234567890123456.78"]);
    expect(entry).toMatchObject({ journal: "stock", ref: "LP-0042", key: "piecesale:e1" });
    expect(entry.label).toBe("Sortie de stock produit fini LP-0042 (J-2026-007) vendu commande #1001");
  });

  test("its return is the opposite entry, on its own date", () => {
    const entry = finishedSaleEntry(
      sale({ kind: "return", costMinor: 64100n, effectiveAt: new Date("2026-11-20T09:00:00Z") }),
      day,
    )!;
    expect(postings(entry)).toEqual(["Dr 355 641.00", "Cr 71355 641.00"]);
    expect(entry.at.toISOString()).toBe("2026-11-20T09:00:00.000Z");
  });

  test("a sale booked after a closed period says when it happened and when it was booked", () => {
    const entry = finishedSaleEntry(
      sale({ effectiveAt: new Date("2026-11-09T00:00:00Z"), deferredFrom: new Date("2026-11-07T15:00:00Z") }),
      day,
    )!;
    expect(entry.label).toBe(
      "Sortie de stock produit fini LP-0042 (J-2026-007) vendu commande #1001 - du 2026-11-07, période close: comptabilisé au 2026-11-09",
    );
    expect(finishedSaleEntry(sale({ costMinor: 0n }), day)).toBeNull();
  });

  test.each([
    ["jewelry metal", metal.allowance, "writedown", ["Dr 6817 120.00", "Cr 391 120.00"]],
    ["stones", stones.allowance, "writedown", ["Dr 6817 120.00", "Cr 391 120.00"]],
    ["investment gold", investment.allowance, "writedown", ["Dr 6817 120.00", "Cr 397 120.00"]],
    [
      "work in progress",
      classRoles({ kind: "wip", investment: false }).allowance,
      "writedown",
      ["Dr 6817 120.00", "Cr 393 120.00"],
    ],
    ["a finished piece", "allowanceFinished", "writedown", ["Dr 6817 120.00", "Cr 395 120.00"]],
    ["investment gold, reversed", investment.allowance, "reversal", ["Dr 397 120.00", "Cr 7817 120.00"]],
  ] as const)(
    "impairment of %s goes to its allowance, never into the stock's cost",
    (_what, allowance, kind, expected) => {
      const entry = impairmentEntry({
        id: "i1",
        kind,
        effectiveAt: at,
        createdAt: at,
        amountMinor: 12000n,
        allowance,
        what: "x",
        ref: "DEP-x",
      });
      expect(postings(entry)).toEqual(expected);
      expect(entry!.journal).toBe("impairment");
      expect(entry!.lines.some((l) => l.role.startsWith("stock") || l.role === "finished")).toBe(false);
    },
  );
});

describe("accounts and journals", () => {
  test("the defaults follow the PCG: 331 work in progress, 7133, 6031 for raw materials, 6037 for goods, 397 for goods' impairment, no 580", () => {
    expect(DEFAULT_ACCOUNTS).toMatchObject({
      wip: "331",
      productionStored: "7133",
      variance: "6031",
      goodsVariation: "6037",
      allowanceGoods: "397",
      allowanceWip: "393",
      finishedVariation: "71355",
    });
    expect(Object.values(DEFAULT_ACCOUNTS)).not.toContain("580");
    expect(ACCOUNT_ROLES).not.toContain("transfer");
  });

  test("work-in-progress and finished-goods classes post to their own stock accounts", () => {
    expect(classRoles({ kind: "wip", investment: false })).toEqual({
      stock: "wip",
      variation: "productionStored",
      allowance: "allowanceWip",
    });
    expect(classRoles({ kind: "finished", investment: false }).stock).toBe("finished");
  });

  test("an account's label follows its number, whichever role uses it: one label per number", () => {
    expect(accountLabel("331")).toBe("Produits en cours");
    expect(accountLabel("335")).toBe("Travaux en cours");
    expect(accountLabel("6718")).toBe("Autres charges exceptionnelles sur opérations de gestion");
    expect(accountLabel("31101")).toBe(accountLabel("311"));
    expect(accountLabel("4711")).toBe("Compte 4711");
    const set = resolveAccounts({ wip: "335", finishedVariation: "7135" });
    expect(set.wip).toBe("335");
    expect(accountLabel(set.finishedVariation)).toBe("Variation des stocks de produits");
  });

  test("journal codes default to STK; one label per code", () => {
    expect(DEFAULT_JOURNALS).toEqual({ stock: "STK", purchases: "STK", impairment: "STK" });
    expect(journalLabel("STK", DEFAULT_JOURNALS)).toBe("Écritures de stock (Loupe)");
    const own = { stock: "STK", purchases: "LACH", impairment: "STK" };
    expect(journalLabel("LACH", own)).toBe("Achats de matières (Loupe)");
    expect(journalLabel("STK", own)).toBe("Écritures de stock (Loupe)");
  });
});
