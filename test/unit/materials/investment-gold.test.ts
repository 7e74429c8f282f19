import { describe, expect, test } from "vitest";
import { investmentGoldFineness } from "../../../app/domain/materials/classes";

describe("investment gold fineness", () => {
  test.each([
    // bars and wafers: at least 995 ‰ (9950 parts per 10,000)
    { finenessBp: 9999, form: "lingot", ok: true, minBp: 9950, coin: false },
    { finenessBp: 9950, form: "Lingot", ok: true, minBp: 9950, coin: false },
    { finenessBp: 9949, form: "plaquette", ok: false, minBp: 9950, coin: false },
    // a class with no form is held to the bar rule: the stricter one
    { finenessBp: 9160, form: null, ok: false, minBp: 9950, coin: false },
    // coins: at least 900 ‰ (a Napoléon is 900 ‰, a Krugerrand 916.7 ‰)
    { finenessBp: 9000, form: "Pièce", ok: true, minBp: 9000, coin: true },
    { finenessBp: 9167, form: "coin", ok: true, minBp: 9000, coin: true },
    { finenessBp: 8999, form: "pieces", ok: false, minBp: 9000, coin: true },
    { finenessBp: 7500, form: "monnaie", ok: false, minBp: 9000, coin: true },
  ])("$finenessBp bp as '$form': ok $ok (minimum $minBp)", ({ finenessBp, form, ok, minBp, coin }) => {
    expect(investmentGoldFineness(finenessBp, form)).toEqual({ ok, minBp, coin });
  });
});
