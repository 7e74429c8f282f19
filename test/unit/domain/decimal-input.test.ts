import { describe, expect, test } from "vitest";
import { readDecimalInput, type DecimalInputOptions } from "../../../app/domain/decimal-input";

// Every price, weight, carat weight, cost and percentage typed in Loupe goes through this one
// parser (money.ts, units.ts, the piece and materials forms, the CSV import).
const read = (input: string, options: DecimalInputOptions) => {
  const r = readDecimalInput(input, options);
  if ("refused" in r) return r.refused;
  return `${r.negative ? "-" : ""}${r.intDigits || "0"}${r.fracDigits ? `.${r.fracDigits}` : ""}`;
};

const EURO = { units: ["€", "EUR"] };
const GRAMS = { units: ["g"] };

describe("reads French and English notation, with units and every kind of space", () => {
  test.each<[string, DecimalInputOptions, string]>([
    ["4 850,00 €", { locale: "fr", ...EURO }, "4850.00"],
    ["4\u00a0850,00\u00a0€", { locale: "fr", ...EURO }, "4850.00"],
    ["4\u202f850,00\u00a0€", { locale: "fr-FR", ...EURO }, "4850.00"],
    ["4850.00", { locale: "fr", ...EURO }, "4850.00"],
    ["4850,00", { locale: "en", ...EURO }, "4850.00"],
    ["€4,850.00", { locale: "en", ...EURO }, "4850.00"],
    ["4 850 EUR", { locale: "fr", ...EURO }, "4850"],
    ["4850eur", { locale: "fr", ...EURO }, "4850"],
    ["4,12 g", { locale: "fr", ...GRAMS }, "4.12"],
    ["4,12g", { locale: "en", ...GRAMS }, "4.12"],
    ["4.12 G", { locale: "fr", ...GRAMS }, "4.12"],
    ["0,125", { locale: "fr" }, "0.125"],
    ["0.125", { locale: "fr" }, "0.125"],
    ["1250,500", { locale: "fr" }, "1250.500"],
    ["1 250.500", { locale: "fr" }, "1250.500"],
    ["1,250", { locale: "fr" }, "1.250"],
    ["1,250", { locale: "en" }, "1250"],
    ["1.250", { locale: "en" }, "1.250"],
    ["1.250", { locale: "de-DE" }, "1250"],
    ["1.234,5", { locale: "fr" }, "1234.5"],
    ["1.234,5", { locale: "en" }, "1234.5"],
    ["1,234.5", { locale: "fr" }, "1234.5"],
    ["1.250.000", { locale: "fr" }, "1250000"],
    ["1'250.50", { locale: "de-CH" }, "1250.50"],
    ["-12,30 €", { locale: "fr", ...EURO }, "-12.30"],
    ["\u221212,30", { locale: "fr" }, "-12.30"],
    ["12,5 %", { locale: "fr", units: ["%"] }, "12.5"],
    ["007", { locale: "fr" }, "7"],
    [".5", { locale: "en" }, "0.5"],
  ])("%j (%j) reads %s", (input, options, expected) => {
    expect(read(input, options)).toBe(expected);
  });
});

describe("refuses what could be read two ways, rather than guess", () => {
  // A French reader groups with spaces: a lone dot before three digits is 1250 to some and 1.25
  // to others. The refusal names both readings so the form can ask which one.
  test.each<[string, string, [string, string]]>([
    ["1.250", "fr", ["1250", "1.250"]],
    ["12.500 €", "fr", ["12500", "12.500"]],
    ["999.999", "fr-FR", ["999999", "999.999"]],
    ["1,250", "de-CH", ["1250", "1.250"]],
  ])("%j in %s", (input, locale, readings) => {
    expect(readDecimalInput(input, { locale, ...EURO })).toEqual({ refused: "AMBIGUOUS", readings });
  });
});

describe("refuses what is not a number", () => {
  test.each<[string, DecimalInputOptions]>([
    ["", {}],
    ["€", EURO],
    ["12 €", {}],
    ["12 $", { locale: "fr", ...EURO }],
    ["12 mg", { locale: "fr", ...GRAMS }],
    ["12,", {}],
    ["1e3", {}],
    ["+5", {}],
    ["12.5.3", {}],
    ["1,2.5", {}],
    ["12 50,5", {}],
    ["12,50,0", {}],
    ["1 250.000,5", {}],
    ["--5", {}],
    ["quatre", {}],
  ])("%j (%j)", (input, options) => {
    expect(read(input, options)).toBe("INVALID");
  });
});
