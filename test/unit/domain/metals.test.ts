import { describe, expect, test } from "vitest";
import {
  FINENESS_TABLE,
  fineWeightMg,
  finenessLabel,
  hallmarkName,
  karatName,
  MetalsError,
  parseFineness,
  type Metal,
  type MetalsErrorCode,
} from "../../../app/domain/metals";

function errorCode(fn: () => unknown): MetalsErrorCode | "NO ERROR" {
  try {
    fn();
  } catch (error) {
    if (error instanceof MetalsError) return error.code;
    throw error;
  }
  return "NO ERROR";
}

const NB = "\u00a0";

describe("parseFineness accepts the ways people write a fineness", () => {
  const cases: [string, Metal, number][] = [
    ["750", "gold", 7500],
    ["750‰", "gold", 7500],
    ["750 ‰", "gold", 7500],
    ["750/1000", "gold", 7500],
    ["18k", "gold", 7500],
    ["18 k", "gold", 7500],
    ["18K", "gold", 7500],
    ["18 kt", "gold", 7500],
    ["18 ct", "gold", 7500],
    ["18 carats", "gold", 7500],
    ["0.750", "gold", 7500],
    ["0,75", "gold", 7500],
    ["75%", "gold", 7500],
    ["999.9", "gold", 9999],
    ["999,9", "gold", 9999],
    ["0.9999", "gold", 9999],
    ["999", "gold", 9990],
    ["24k", "gold", 9990],
    ["22 carats", "gold", 9160],
    ["916", "gold", 9160],
    ["14k", "gold", 5850],
    ["585", "gold", 5850],
    ["583", "gold", 5830],
    ["10k", "gold", 4170],
    ["9 ct", "gold", 3750],
    ["8k", "gold", 3330],
    ["333", "gold", 3330],
    ["925", "silver", 9250],
    ["92.5%", "silver", 9250],
    ["958", "silver", 9580],
    ["800", "silver", 8000],
    ["900", "silver", 9000],
    ["999", "silver", 9990],
    ["950", "platinum", 9500],
    ["850‰", "platinum", 8500],
    ["0.999", "platinum", 9990],
    ["500", "palladium", 5000],
    ["950", "palladium", 9500],
    ["123", "other", 1230],
    ["18k", "other", 7500],
  ];
  test.each(cases)("%j (%s) -> %i bp", (input, metal, bp) => {
    expect(parseFineness(input, metal)).toBe(bp);
  });

  const refusals: [string, Metal, MetalsErrorCode][] = [
    ["751", "gold", "UNKNOWN_FINENESS"],
    ["925", "gold", "UNKNOWN_FINENESS"],
    ["19k", "gold", "UNKNOWN_FINENESS"],
    ["1000", "gold", "UNKNOWN_FINENESS"],
    ["925", "platinum", "UNKNOWN_FINENESS"],
    ["750", "silver", "UNKNOWN_FINENESS"],
    ["585", "palladium", "UNKNOWN_FINENESS"],
    ["999.5", "platinum", "UNKNOWN_FINENESS"],
    ["18k", "silver", "KARAT_GOLD_ONLY"],
    ["22 carats", "platinum", "KARAT_GOLD_ONLY"],
    ["925", "rhodium", "NO_FINENESS"],
    ["", "gold", "INVALID"],
    ["gold", "gold", "INVALID"],
    ["-750", "gold", "INVALID"],
    ["0", "other", "INVALID"],
    ["1001", "other", "INVALID"],
    ["750.55", "gold", "INVALID"],
  ];
  test.each(refusals)("%j (%s) -> %s", (input, metal, code) => {
    expect(errorCode(() => parseFineness(input, metal))).toBe(code);
  });

  test("every fineness in the table parses back from its thousandths", () => {
    for (const [metal, rows] of Object.entries(FINENESS_TABLE)) {
      for (const row of rows) {
        const text = row.bp % 10 === 0 ? String(row.bp / 10) : `${Math.trunc(row.bp / 10)}.${row.bp % 10}`;
        expect(parseFineness(text, metal as Metal)).toBe(row.bp);
      }
    }
  });

  test("the message names the fineness and metal", () => {
    expect(() => parseFineness("925", "platinum")).toThrow("925 ‰ is not a known platinum fineness");
  });
});

describe("labels", () => {
  test.each([
    [7500, "gold", "en", `750${NB}‰ (18${NB}k)`],
    [7500, "gold", "fr-FR", `750${NB}‰ (18${NB}carats)`],
    [9999, "gold", "fr", `999,9${NB}‰ (24${NB}carats)`],
    [9999, "gold", "en", `999.9${NB}‰ (24${NB}k)`],
    [5830, "gold", "en", `583${NB}‰ (14${NB}k)`],
    [9250, "silver", "fr", `925${NB}‰ (sterling)`],
    [9580, "silver", "en", `958${NB}‰ (Britannia)`],
    [9500, "platinum", "en", `950${NB}‰`],
  ] as [number, Metal, string, string][])("finenessLabel(%i, %s, %s) = %j", (bp, metal, locale, expected) => {
    expect(finenessLabel(bp, metal, locale)).toBe(expected);
  });

  test.each([
    [7500, "en", `18${NB}k`],
    [9160, "fr", `22${NB}carats`],
    [9250, "en", null],
  ])("karatName(%i, %s) = %j", (bp, locale, expected) => {
    expect(karatName(bp, locale)).toBe(expected);
  });

  test.each([
    ["gold", 7500, "FR", "tête d'aigle"],
    ["gold", 5850, "FR", "coquille Saint-Jacques"],
    ["gold", 3750, "FR", "trèfle"],
    ["gold", 9990, "FR", "hippocampe"],
    ["silver", 9250, "FR", "Minerve 1er titre"],
    ["silver", 8000, "FR", "Minerve 2e titre"],
    ["platinum", 9500, "FR", "tête de chien"],
    ["gold", 4170, "FR", null],
    ["palladium", 9500, "FR", null],
    ["silver", 9250, "GB", "lion passant"],
    ["silver", 9580, "GB", "Britannia"],
    ["platinum", 9500, "GB", "orb"],
  ] as [Metal, number, "FR" | "GB", string | null][])(
    "hallmarkName(%s, %i, %s) = %j",
    (metal, bp, country, expected) => {
      expect(hallmarkName(metal, bp, country)).toBe(expected);
    },
  );
});

describe("fineWeightMg rounds half-up to the mg", () => {
  test.each([
    [10000n, 7500, 7500n],
    [3333n, 7500, 2500n], // 2499.75
    [1000n, 5850, 585n],
    [1n, 5000, 1n], // 0.5 rounds up
    [3n, 5000, 2n], // 1.5 rounds up
    [1n, 4999, 0n], // 0.4999
    [12345n, 9999, 12344n], // 12343.7655
    [12345n, 9250, 11419n], // 11419.125
    [0n, 7500, 0n],
    [9223372036854775807n, 10000, 9223372036854775807n],
  ])("%s mg at %i bp -> %s mg", (gross, bp, fine) => {
    expect(fineWeightMg(gross, bp)).toBe(fine);
  });

  test("refuses impossible finenesses and negative weights", () => {
    expect(errorCode(() => fineWeightMg(1n, 10001))).toBe("INVALID");
    expect(errorCode(() => fineWeightMg(1n, 750.5))).toBe("INVALID");
    expect(errorCode(() => fineWeightMg(-1n, 7500))).toBe("INVALID");
  });
});
