// The materials forms' schemas (app/domain/materials/forms.ts): every field a person can get wrong
// is answered with what that field needs, in English and in French.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { zodFieldErrors } from "../../../app/http/admin-action.server";
import { hasMessage, translate, type MessageKey } from "../../../app/i18n";
import { classPageForm, newClassForm, settingsForm } from "../../../app/domain/materials/forms";

function errorsOf(schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } }, value: unknown) {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error("expected the form to be refused");
  return (locale: "en" | "fr") => zodFieldErrors(parsed.error as Parameters<typeof zodFieldErrors>[0], locale);
}

describe("materials form messages", () => {
  it("names only messages that exist in English and in French, worded differently", () => {
    const source = readFileSync(new URL("../../../app/domain/materials/forms.ts", import.meta.url), "utf8");
    const keys = [...new Set(source.match(/"materials\.[\w.]+"/g)!.map((k) => k.slice(1, -1)))];
    expect(keys.length).toBeGreaterThan(10);
    for (const key of keys) {
      expect(hasMessage(key), key).toBe(true);
      expect(translate("fr", key as MessageKey), key).not.toBe(translate("en", key as MessageKey));
    }
  });

  it("tells a single stone's missing reference and carats apart", () => {
    const errors = errorsOf(newClassForm, { kind: "stone_single", stoneType: "diamond", reference: "", carats: "" });
    expect(errors("en")).toEqual({
      reference: "Enter the stone's reference.",
      carats: "Enter the weight in carats, such as 0.52.",
    });
    expect(errors("fr")).toEqual({
      reference: "Indiquez la référence de la pierre.",
      carats: "Indiquez le poids en carats, par exemple 0,52.",
    });
  });

  it("asks a transfer for its class and its reason, a count for its quantity", () => {
    expect(
      errorsOf(classPageForm, { intent: "transfer", qty: "2", toClassId: "", day: "2026-01-05", reason: " " })("en"),
    ).toEqual({
      toClassId: "Choose a class.",
      reason: "Give a reason.",
    });
    expect(
      errorsOf(classPageForm, { intent: "count", countedQty: "", day: "2026-01-05", reason: "inventaire" })("fr"),
    ).toEqual({
      countedQty: "Indiquez une quantité.",
    });
  });

  it.each(["101", "-1", "2.555", "abc"])("refuses a loss rate of %s with the percentage message", (normalLoss) => {
    const errors = errorsOf(settingsForm, {
      intent: "settings",
      siren: "",
      normalLoss,
      sellingCost: "15",
      negativeStock: "refuse",
    });
    expect(errors("en")).toEqual({ normalLoss: "Enter a percentage from 0 to 100, such as 3 or 2.5." });
  });

  it.each([
    ["2,5", 250],
    ["2.5 %", 250],
    ["100", 10000],
    ["0,07", 7],
  ])("reads a loss rate of %s exactly as %i parts per 10,000", (normalLoss, bp) => {
    const parsed = settingsForm.safeParse({
      intent: "settings",
      siren: "",
      normalLoss,
      sellingCost: "15",
      negativeStock: "refuse",
    });
    expect(parsed.success && parsed.data.normalLoss).toBe(bp);
  });
});
