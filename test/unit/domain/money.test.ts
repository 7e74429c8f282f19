import { describe, expect, test } from "vitest";
import {
  currencyDecimals,
  formatMoney,
  minorToDecimalString,
  MoneyError,
  parseMoney,
  type MoneyErrorCode,
  type ParseMoneyOptions,
} from "../../../app/domain/money";

function errorCode(fn: () => unknown): MoneyErrorCode | "NO ERROR" {
  try {
    fn();
  } catch (error) {
    if (error instanceof MoneyError) return error.code;
    throw error;
  }
  return "NO ERROR";
}

describe("currencyDecimals follows ISO 4217 exponents", () => {
  test.each([
    ["EUR", 2],
    ["USD", 2],
    ["GBP", 2],
    ["CHF", 2],
    ["JPY", 0],
    ["KRW", 0],
    ["XPF", 0],
    ["CLP", 0],
    ["ISK", 0],
    ["KWD", 3],
    ["BHD", 3],
    ["JOD", 3],
    ["OMR", 3],
    ["TND", 3],
    ["LYD", 3],
    ["IQD", 3],
    ["CLF", 4],
    ["ZZZ", 2],
  ])("%s has %i decimals", (currency, decimals) => {
    expect(currencyDecimals(currency)).toBe(decimals);
  });

  test.each(["eur", "EURO", "", "E1R", " EUR"])("refuses the malformed code %j", (currency) => {
    expect(errorCode(() => currencyDecimals(currency))).toBe("INVALID_CURRENCY");
  });
});

describe("parseMoney reads English and French notation exactly", () => {
  const cases: [string, string, ParseMoneyOptions, bigint][] = [
    ["12345678901234567.89", "EUR", {}, 1234567890123456789n],
    ["12 345 678 901 234 567,89", "EUR", { locale: "fr" }, 1234567890123456789n],
    ["1 250,50", "EUR", { locale: "fr" }, 125050n],
    ["1\u00a0250,50", "EUR", {}, 125050n],
    ["1\u202f250,50", "EUR", { locale: "fr-FR" }, 125050n],
    ["4 850,00 €", "EUR", { locale: "fr" }, 485000n],
    ["4\u202f850,00\u00a0€", "EUR", { locale: "fr-FR" }, 485000n],
    ["4850.00", "EUR", { locale: "fr" }, 485000n],
    ["4 850 EUR", "EUR", { locale: "fr" }, 485000n],
    ["$4,850.00", "USD", { locale: "en" }, 485000n],
    ["1250,5", "EUR", {}, 125050n],
    ["1,250.50", "EUR", {}, 125050n],
    ["1.250,50", "EUR", {}, 125050n],
    ["1,250,000", "USD", {}, 125000000n],
    ["1.250.000", "EUR", { locale: "fr" }, 125000000n],
    ["  42  ", "EUR", {}, 4200n],
    ["0,5", "EUR", {}, 50n],
    [".5", "USD", {}, 50n],
    ["007", "EUR", {}, 700n],
    ["0", "EUR", {}, 0n],
    ["-0", "EUR", {}, 0n],
    ["1'250.50", "CHF", {}, 125050n],
    ["1250", "JPY", {}, 1250n],
    ["1,234", "JPY", {}, 1234n],
    ["1.234", "KWD", {}, 1234n],
    ["1,234", "KWD", { locale: "fr" }, 1234n],
    ["0.001", "KWD", {}, 1n],
    ["-12.30", "EUR", { allowNegative: true }, -1230n],
    ["\u221212,30", "EUR", { allowNegative: true, locale: "fr" }, -1230n],
    ["92233720368547758.07", "EUR", {}, 9223372036854775807n],
    ["-92233720368547758.07", "EUR", { allowNegative: true }, -9223372036854775807n],
    ["9223372036854775807", "JPY", {}, 9223372036854775807n],
  ];
  test.each(cases)("%j %s %j -> %s", (input, currency, options, expected) => {
    expect(parseMoney(input, currency, options)).toBe(expected);
  });
});

describe("a single separator before exactly three digits follows the locale", () => {
  // KWD has 3 decimals, so both readings are legal amounts and the test sees which was chosen.
  test.each([
    ["1,250", "en", 1250000n],
    ["1.250", "en", 1250n],
    ["1,250", "fr", 1250n],
    ["1,250", "de-DE", 1250n],
    ["999,999", "en", 999999000n],
    ["1 250,500", "en", 1250500n],
    ["0,500", "en", 500n],
    ["1250,500", "en", 1250500n],
    ["1,2500", "en", null],
  ])("%j in %s is %s fils", (input, locale, expected) => {
    if (expected === null) {
      expect(errorCode(() => parseMoney(input, "KWD", { locale }))).toBe("TOO_MANY_DECIMALS");
    } else {
      expect(parseMoney(input, "KWD", { locale })).toBe(expected);
    }
  });

  test("fr reads 1,250 EUR as 1.250 and refuses the third decimal rather than guess", () => {
    expect(errorCode(() => parseMoney("1,250", "EUR", { locale: "fr" }))).toBe("TOO_MANY_DECIMALS");
    expect(parseMoney("1,250", "EUR", { locale: "en" })).toBe(125000n);
  });
});

describe("parseMoney refuses with a code the UI can translate", () => {
  const cases: [string, string, ParseMoneyOptions, MoneyErrorCode][] = [
    ["", "EUR", {}, "INVALID"],
    ["   ", "EUR", {}, "INVALID"],
    ["abc", "EUR", {}, "INVALID"],
    ["12 $", "EUR", {}, "INVALID"],
    ["1.250", "EUR", { locale: "fr" }, "AMBIGUOUS"],
    ["12.500 €", "EUR", { locale: "fr" }, "AMBIGUOUS"],
    ["12,", "EUR", {}, "INVALID"],
    ["1e3", "EUR", {}, "INVALID"],
    ["12.5.3", "EUR", {}, "INVALID"],
    ["1,2.5", "EUR", {}, "INVALID"],
    ["12 50,5", "EUR", {}, "INVALID"],
    ["1 250.000,5", "EUR", {}, "INVALID"],
    ["--5", "EUR", { allowNegative: true }, "INVALID"],
    ["+5", "EUR", {}, "INVALID"],
    ["12.345", "EUR", {}, "TOO_MANY_DECIMALS"],
    ["12.500", "EUR", {}, "TOO_MANY_DECIMALS"],
    ["12,5", "JPY", {}, "TOO_MANY_DECIMALS"],
    ["1.2345", "KWD", {}, "TOO_MANY_DECIMALS"],
    ["-1", "EUR", {}, "NEGATIVE"],
    ["-0.01", "EUR", {}, "NEGATIVE"],
    ["92233720368547758.08", "EUR", {}, "OUT_OF_RANGE"],
    ["-92233720368547758.08", "EUR", { allowNegative: true }, "OUT_OF_RANGE"],
    ["9223372036854775808", "JPY", {}, "OUT_OF_RANGE"],
    ["100000000000000000000", "EUR", {}, "OUT_OF_RANGE"],
    ["12", "eur", {}, "INVALID_CURRENCY"],
  ];
  test.each(cases)("%j %s %j -> %s", (input, currency, options, code) => {
    expect(errorCode(() => parseMoney(input, currency, options))).toBe(code);
  });

  test("the error says what was wrong in its message and details", () => {
    try {
      parseMoney("12.345", "EUR");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MoneyError);
      expect((error as MoneyError).message).toBe('EUR has 2 decimal(s): "12.345"');
      expect((error as MoneyError).details).toEqual({ input: "12.345", decimals: 2 });
    }
  });
});

describe("minorToDecimalString", () => {
  test.each([
    [1234567890123456789n, "EUR", "12345678901234567.89"],
    [5n, "EUR", "0.05"],
    [0n, "EUR", "0.00"],
    [-5n, "EUR", "-0.05"],
    [1250n, "JPY", "1250"],
    [1n, "KWD", "0.001"],
    [9223372036854775807n, "EUR", "92233720368547758.07"],
  ])("%s %s -> %s", (minor, currency, expected) => {
    expect(minorToDecimalString(minor, currency)).toBe(expected);
  });

  test("round trips through parseMoney at the edges of the range", () => {
    for (const minor of [0n, 1n, 99n, 100n, 1234567890123456789n, 9223372036854775807n, -9223372036854775807n]) {
      for (const currency of ["EUR", "JPY", "KWD"]) {
        expect(parseMoney(minorToDecimalString(minor, currency), currency, { allowNegative: true })).toBe(minor);
      }
    }
  });

  test("refuses amounts the database cannot hold", () => {
    expect(errorCode(() => minorToDecimalString(9223372036854775808n, "EUR"))).toBe("OUT_OF_RANGE");
  });
});

describe("formatMoney is exact through Intl with decimal strings", () => {
  test.each([
    [1234567890123456789n, "EUR", "fr-FR", "12\u202f345\u202f678\u202f901\u202f234\u202f567,89\u00a0€"],
    [1234567890123456789n, "EUR", "en-US", "€12,345,678,901,234,567.89"],
    [-125050n, "EUR", "en-US", "-€1,250.50"],
    [125050n, "EUR", "fr-FR", "1\u202f250,50\u00a0€"],
    [1250n, "JPY", "en-US", "¥1,250"],
    [1234n, "KWD", "en-US", "KWD\u00a01.234"],
    [9223372036854775807n, "USD", "en-US", "$92,233,720,368,547,758.07"],
    [5n, "CHF", "fr-CH", "0.05\u00a0CHF"],
  ])("%s %s in %s -> %j", (minor, currency, locale, expected) => {
    expect(formatMoney(minor, currency, locale)).toBe(expected);
  });

  test("round trips a French-formatted amount through parseMoney", () => {
    const text = formatMoney(1234567890123456789n, "EUR", "fr-FR").replace(/\u00a0€$/, "");
    expect(parseMoney(text, "EUR", { locale: "fr-FR" })).toBe(1234567890123456789n);
  });
});
