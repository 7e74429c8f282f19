import { describe, expect, test } from "vitest";
import {
  caratTotal,
  checkPieceWeight,
  formatCarats,
  formatWeight,
  fromMilligrams,
  milligramsToMillicarats,
  parseCarats,
  toMilligrams,
  UnitsError,
  type UnitsErrorCode,
  type WeightUnit,
} from "../../../app/domain/units";

function errorCode(fn: () => unknown): UnitsErrorCode | "NO ERROR" {
  try {
    fn();
  } catch (error) {
    if (error instanceof UnitsError) return error.code;
    throw error;
  }
  return "NO ERROR";
}

describe("toMilligrams converts exactly and rounds half-up only below the mg", () => {
  // Worked by hand: 1 dwt = 1.55517384 g, 1 ozt = 31.1034768 g, 1 ct = 0.2 g.
  const cases: [string, WeightUnit, bigint][] = [
    ["12.345", "g", 12345n],
    ["12,345", "g", 12345000n], // en: a comma before 3 digits groups thousands
    ["0.001", "g", 1n],
    ["1250", "mg", 1250n],
    ["1", "dwt", 1555n], // 1555.17384 mg
    ["1.5", "dwt", 2333n], // 2332.76076 mg
    ["20", "dwt", 31103n], // = 1 ozt, 31103.4768 mg
    ["6250", "dwt", 9719837n], // 9719836.5 mg exactly: the half rounds up
    ["1", "ozt", 31103n], // 31103.4768 mg
    ["10", "ozt", 311035n], // 311034.768 mg
    ["0.0001", "ozt", 3n], // 3.11034768 mg
    ["312.5", "ozt", 9719837n], // 9719836.5 mg exactly
    ["0.5", "ct", 100n],
    ["0.001", "ct", 0n], // 0.2 mg
    ["0.003", "ct", 1n], // 0.6 mg
    ["0", "g", 0n],
  ];
  test.each(cases)("%j %s -> %s mg", (value, unit, mg) => {
    expect(toMilligrams(value, unit)).toBe(mg);
  });

  test("French locale reads the comma as decimal", () => {
    expect(toMilligrams("12,345", "g", "fr")).toBe(12345n);
    expect(toMilligrams("1 234,5", "g", "fr")).toBe(1234500n);
    expect(toMilligrams("4,12 g", "g", "fr")).toBe(4120n);
    expect(toMilligrams("4\u202f120,5\u00a0g", "g", "fr-FR")).toBe(4120500n);
    expect(parseCarats("0,52 ct", "fr")).toBe(520);
    expect(errorCode(() => toMilligrams("4.125", "g", "fr"))).toBe("AMBIGUOUS");
  });

  const refusals: [string, string, UnitsErrorCode][] = [
    ["12.3456", "g", "TOO_MANY_DECIMALS"],
    ["1.5", "mg", "TOO_MANY_DECIMALS"],
    ["1.0001", "dwt", "TOO_MANY_DECIMALS"],
    ["1.00001", "ozt", "TOO_MANY_DECIMALS"],
    ["0.0005", "ct", "TOO_MANY_DECIMALS"],
    ["-1", "g", "NEGATIVE"],
    ["", "g", "INVALID"],
    ["12 mg", "g", "INVALID"],
    ["12 g", "dwt", "INVALID"],
    ["abc", "ozt", "INVALID"],
    ["1", "lb", "UNKNOWN_UNIT"],
    ["9223372036854775.808", "g", "OUT_OF_RANGE"],
  ];
  test.each(refusals)("%j %s -> %s", (value, unit, code) => {
    expect(errorCode(() => toMilligrams(value, unit as WeightUnit))).toBe(code);
  });
});

describe("fromMilligrams", () => {
  const cases: [bigint, WeightUnit, number | undefined, string][] = [
    [12345n, "g", undefined, "12.345"],
    [5n, "g", undefined, "0.005"],
    [12345n, "g", 1, "12.3"],
    [12350n, "g", 1, "12.4"],
    [-12350n, "g", 1, "-12.4"],
    [1555n, "dwt", undefined, "1.000"], // 0.99988… dwt
    [2333n, "dwt", 2, "1.50"],
    [31103n, "ozt", undefined, "1.0000"], // 0.99998… ozt
    [311035n, "ozt", 3, "10.000"],
    [100n, "ct", undefined, "0.500"],
    [1250n, "mg", undefined, "1250"],
  ];
  test.each(cases)("%s mg in %s (%s decimals) -> %s", (mg, unit, decimals, expected) => {
    expect(fromMilligrams(mg, unit, decimals)).toBe(expected);
  });

  test("g round trips exactly", () => {
    for (const mg of [0n, 1n, 999n, 1000n, 123456789n]) {
      expect(toMilligrams(fromMilligrams(mg, "g"), "g")).toBe(mg);
    }
  });

  test("refuses a nonsensical decimal count", () => {
    expect(errorCode(() => fromMilligrams(1n, "g", -1))).toBe("INVALID");
    expect(errorCode(() => fromMilligrams(1n, "g", 1.5))).toBe("INVALID");
  });
});

describe("formatWeight", () => {
  test.each([
    [12345n, "g", "fr-FR", "12,345\u00a0g"],
    [12345n, "g", "en-US", "12.345\u00a0g"],
    [1234567n, "g", "fr-FR", "1\u202f234,567\u00a0g"],
    [1234567n, "g", "en-US", "1,234.567\u00a0g"],
    [31103n, "ozt", "en-US", "1.0000\u00a0oz t"],
    [2333n, "dwt", "en-US", "1.500\u00a0dwt"],
    [100n, "ct", "fr-FR", "0,500\u00a0ct"],
  ] as [bigint, WeightUnit, string, string][])("%s mg %s %s -> %j", (mg, unit, locale, expected) => {
    expect(formatWeight(mg, unit, locale)).toBe(expected);
  });
});

describe("carats are integer thousandths", () => {
  test.each([
    ["0.523", 523],
    ["0.001", 1],
    ["1", 1000],
    ["1.5", 1500],
    ["0,75", 750],
    ["2.05 ct", 2050],
    ["12", 12000],
  ])("parseCarats(%j) = %i", (input, millicarats) => {
    expect(parseCarats(input)).toBe(millicarats);
  });

  test.each([
    ["0.5234", "TOO_MANY_DECIMALS"],
    ["0.0001", "TOO_MANY_DECIMALS"],
    ["-0.5", "NEGATIVE"],
    ["", "INVALID"],
    ["half", "INVALID"],
    ["2147483.648", "OUT_OF_RANGE"],
  ])("parseCarats(%j) refused with %s", (input, code) => {
    expect(errorCode(() => parseCarats(input))).toBe(code);
  });

  test.each([
    [523, "fr-FR", "0,523\u00a0ct"],
    [523, "en-US", "0.523\u00a0ct"],
    [1, "en-US", "0.001\u00a0ct"],
    [12050, "fr-FR", "12,050\u00a0ct"],
    [1234567, "en-US", "1,234.567\u00a0ct"],
  ])("formatCarats(%i, %s) = %j", (millicarats, locale, expected) => {
    expect(formatCarats(millicarats, locale)).toBe(expected);
  });

  test("formatCarats refuses fractions of a millicarat", () => {
    expect(errorCode(() => formatCarats(0.5, "en"))).toBe("INVALID");
  });

  test("caratTotal counts melee lots by count", () => {
    expect(
      caratTotal([
        { millicarats: 523, count: 1 },
        { millicarats: 5, count: 24 },
        { millicarats: 110, count: 2 },
      ]),
    ).toBe(523 + 120 + 220);
    expect(caratTotal([])).toBe(0);
    expect(errorCode(() => caratTotal([{ millicarats: 5, count: -1 }]))).toBe("INVALID");
  });

  test("1 mg is 5 millicarats", () => {
    expect(milligramsToMillicarats(100n)).toBe(500);
    expect(milligramsToMillicarats(toMilligrams("0.5", "ct"))).toBe(parseCarats("0.5"));
  });
});

describe("checkPieceWeight refuses zero and absurd weights", () => {
  test.each([
    [1n, { ok: true }],
    [2_000_000n, { ok: true }],
    [2_000_001n, { ok: false, code: "ABSURD_WEIGHT" }],
    [0n, { ok: false, code: "ZERO_WEIGHT" }],
    [-1n, { ok: false, code: "NEGATIVE" }],
  ])("%s mg -> %j", (mg, expected) => {
    expect(checkPieceWeight(mg)).toEqual(expected);
  });
});
