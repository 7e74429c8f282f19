import { describe, expect, test } from "vitest";
import {
  encodeLatin9,
  FEC_COLUMNS,
  fecAmount,
  fecDate,
  fecFileName,
  fecProblems,
  formatFec,
  isValidSiren,
  type FecLine,
} from "../../../app/domain/materials/fec";

describe("FEC file", () => {
  test("the legal file name is <SIREN>FEC<closing date>.txt", () => {
    expect(fecFileName("552100554", "20261231")).toBe("552100554FEC20261231.txt");
    expect(() => fecFileName("55210055", "20261231")).toThrow("A SIREN has 9 digits");
    expect(() => fecFileName("552100554", "2026-12-31")).toThrow("YYYYMMDD");
  });

  test.each([
    [123456n, 2, "1234,56"],
    [0n, 2, "0,00"],
    [5n, 2, "0,05"],
    [123456789012345678n, 2, "1234567890123456,78"],
    [-1999n, 2, "-19,99"],
    [1250n, 0, "1250"],
    [1250n, 3, "1,250"],
  ])("amount %s with %s decimals is %s (decimal comma, no grouping)", (minor, decimals, text) => {
    expect(fecAmount(minor, decimals)).toBe(text);
  });

  test("dates are the calendar day in the shop's time zone, YYYYMMDD", () => {
    // 23:30 UTC on 31 Dec is already 1 Jan in Paris.
    expect(fecDate(new Date("2026-12-31T23:30:00Z"), "Europe/Paris")).toBe("20270101");
    expect(fecDate(new Date("2026-12-31T23:30:00Z"), "UTC")).toBe("20261231");
  });

  test("exact bytes: header of the 18 columns, tab-separated fields, CRLF line ends, empty optional fields", () => {
    const line: FecLine = {
      journalCode: "ACH",
      journalLib: "Achats",
      ecritureNum: "ACH000001",
      ecritureDate: "20261103",
      compteNum: "401",
      compteLib: "Fournisseurs",
      compAuxNum: "FDUPONT",
      compAuxLib: "Affinerie\tDupont\n",
      pieceRef: "",
      pieceDate: "20261103",
      ecritureLib: "Réception or 750",
      debitMinor: 0n,
      creditMinor: 610000n,
      validDate: "20261104",
    };
    const body = formatFec([line], 2);
    expect(FEC_COLUMNS).toHaveLength(18);
    expect(body).toBe(
      "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise\r\n" +
        "ACH\tAchats\tACH000001\t20261103\t401\tFournisseurs\tFDUPONT\tAffinerie Dupont\tSANS_PIECE_REF\t20261103\tRéception or 750\t0,00\t6100,00\t\t\t20261104\t\t\r\n",
    );
  });

  test("SIREN check digit (Luhn)", () => {
    expect(isValidSiren("552100554")).toBe(true);
    expect(isValidSiren("552100555")).toBe(false);
    expect(isValidSiren("55210055a")).toBe(false);
  });
});

describe("FEC character set (ISO 8859-15, as A47 A-1 allows; not UTF-8)", () => {
  test("accented letters are one byte each, the euro sign and Œ take their ISO 8859-15 places", () => {
    expect([...encodeLatin9("Réception 12,50 € Œuvre")]).toEqual([
      0x52, 0xe9, 0x63, 0x65, 0x70, 0x74, 0x69, 0x6f, 0x6e, 0x20, 0x31, 0x32, 0x2c, 0x35, 0x30, 0x20, 0xa4, 0x20, 0xbc,
      0x75, 0x76, 0x72, 0x65,
    ]);
    expect(new TextDecoder("iso-8859-15").decode(encodeLatin9("Dépréciation or 999,9 — lingots · Mêlée"))).toBe(
      "Dépréciation or 999,9 - lingots · Mêlée",
    );
  });

  test("typography becomes its plain form, a foreign accent is dropped from its letter, anything else is a question mark", () => {
    expect(new TextDecoder("iso-8859-15").decode(encodeLatin9("l’or “fin” … Dvořák 😀"))).toBe(
      `l'or "fin" ... Dvorák ?`,
    );
    // Tab and CRLF, the file's separators, go through unchanged.
    expect([...encodeLatin9("a\tb\r\n")]).toEqual([0x61, 0x09, 0x62, 0x0d, 0x0a]);
  });
});

describe("the rules a FEC file keeps (fecProblems)", () => {
  const header = FEC_COLUMNS.join("\t");
  const line = (
    num: string,
    date: string,
    account: string,
    debit: string,
    credit: string,
    over: Partial<Record<number, string>> = {},
  ) => {
    const f = [
      "STK",
      "Écritures de stock (Loupe)",
      num,
      date,
      account,
      `Compte ${account}`,
      "",
      "",
      "BL-1",
      date,
      "Réception",
      debit,
      credit,
      "",
      "",
      date,
      "",
      "",
    ];
    for (const [i, v] of Object.entries(over)) f[Number(i)] = v!;
    return f.join("\t");
  };
  const file = (...lines: string[]) => [header, ...lines].join("\r\n") + "\r\n";
  const range = { from: "2026-01-01", to: "2026-12-31", wholeYear: true };
  const good = [
    line("STK-2026-000001", "20261103", "311", "10,00", "0,00"),
    line("STK-2026-000001", "20261103", "6031", "0,00", "10,00"),
  ];

  test("a good file has no problem", () => {
    expect(fecProblems(file(...good), range)).toEqual([]);
  });

  test.each([
    [
      "an unbalanced entry",
      [good[0]!, line("STK-2026-000001", "20261103", "6031", "0,00", "9,00")],
      "entry STK-2026-000001 is not balanced",
    ],
    [
      "a gap in the numbers",
      [
        ...good,
        line("STK-2026-000003", "20261104", "311", "1,00", "0,00"),
        line("STK-2026-000003", "20261104", "6031", "0,00", "1,00"),
      ],
      "follows STK number 1",
    ],
    [
      "a date outside the range",
      [
        line("STK-2026-000001", "20270103", "311", "1,00", "0,00"),
        line("STK-2026-000001", "20270103", "6031", "0,00", "1,00"),
      ],
      "outside",
    ],
    [
      "a validation before the entry's date",
      [line("STK-2026-000001", "20261103", "311", "1,00", "0,00", { 15: "20261101" }), good[1]!],
      "validated 20261101 before 20261103",
    ],
    [
      "no PieceRef",
      [
        line("STK-2026-000001", "20261103", "311", "10,00", "0,00", { 8: "" }),
        line("STK-2026-000001", "20261103", "6031", "0,00", "10,00", { 8: "" }),
      ],
      "no PieceRef",
    ],
    [
      "an account with two labels",
      [good[0]!, line("STK-2026-000001", "20261103", "311", "0,00", "10,00", { 5: "Autre" })],
      "account 311 has two labels",
    ],
    [
      "a journal with two labels",
      [good[0]!, line("STK-2026-000001", "20261103", "6031", "0,00", "10,00", { 1: "Autre" })],
      "journal STK has two labels",
    ],
    [
      "an internal transfer account",
      [line("STK-2026-000001", "20261103", "580", "10,00", "0,00"), good[1]!],
      "internal transfer account 580",
    ],
    [
      "a supplier account without the supplier mode",
      [good[0]!, line("STK-2026-000001", "20261103", "401", "0,00", "10,00")],
      "supplier account 401",
    ],
    [
      "a point instead of a decimal comma",
      [line("STK-2026-000001", "20261103", "311", "10.00", "0,00"), good[1]!],
      "amounts 10.00",
    ],
  ])("finds %s", (_what, lines, problem) => {
    expect(fecProblems(file(...lines), range).join("\n")).toContain(problem);
  });

  test("a month's file may start where the year had got to, but its numbers still rise", () => {
    const month = [
      line("STK-2026-000412", "20261103", "311", "1,00", "0,00"),
      line("STK-2026-000412", "20261103", "6031", "0,00", "1,00"),
    ];
    expect(fecProblems(file(...month), { from: "2026-11-01", to: "2026-11-30" })).toEqual([]);
    expect(fecProblems(file(...month), { from: "2026-11-01", to: "2026-11-30", wholeYear: true })).not.toEqual([]);
  });
});
