import { describe, expect, test } from "vitest";
import { scaledToDecimalText } from "../../../app/domain/decimal-input";

describe("scaledToDecimalText", () => {
  test.each([
    [123456n, 2, false, "1234.56"],
    [-5n, 3, false, "-0.005"],
    [1234567890123456789n, 2, false, "12345678901234567.89"],
    [42n, 0, false, "42"],
    [3420n, 3, true, "3.42"],
    [7500n, 1, true, "750"],
    [0n, 2, false, "0.00"],
    [0n, 2, true, "0"],
  ])("%s at %s places (trim %s) is %s", (scaled, places, trimZeros, text) => {
    expect(scaledToDecimalText(scaled, places, { trimZeros })).toBe(text);
  });
});
