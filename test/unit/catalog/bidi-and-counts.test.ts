// Text that displays reversed (bidirectional override and isolate characters) is refused at input,
// beside its field, in English and French; too many metals, stones or reports say "too many" with
// the maximum, not "required".
import { describe, expect, test } from "vitest";
import { checkPieceForm, type PieceForm } from "../../../app/domain/schemas/piece";
import { checkPieceEdit } from "../../../app/domain/schemas/piece-edit";
import { fieldErrors } from "../../../app/domain/schemas/field-errors";
import { csvLine } from "../../../app/domain/csv/cells";
import { checkRows } from "../../../app/domain/csv/rows";
import { hasBidiControls, withoutBidiControls, neutraliseTexts } from "../../../app/domain/bidi";

const NOW = new Date("2026-11-26T12:00:00Z");
const METAL = { metal: "gold" as const, fineness: "750", weight: "3.2", unit: "g" as const };
const base = (overrides: Partial<PieceForm> = {}): PieceForm => ({
  title: "Bague",
  link: "none",
  metals: [METAL],
  stones: [],
  certificates: [],
  consignment: null,
  ...overrides,
});
const errors = (form: unknown, locale: "en" | "fr") => {
  const r = checkPieceForm(form, {
    locale: locale === "fr" ? "fr-FR" : "en-GB",
    currency: "EUR",
    canSeeCost: true,
    now: NOW,
  });
  return r.ok ? {} : fieldErrors(r.issues, locale);
};
// "Ring ‮gpj.exe" displays as "Ring exe.jpg".
const SPOOF = "Ring \u202Egpj.exe";
const CONTROLS = [
  "\u202A",
  "\u202B",
  "\u202C",
  "\u202D",
  "\u202E",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
  "\u200E",
  "\u200F",
];

describe("direction-control characters", () => {
  test.each(CONTROLS.map((c) => ({ code: c.codePointAt(0)!.toString(16).toUpperCase(), c })))(
    "U+$code in a title is refused beside the title, in English and French",
    ({ c }) => {
      expect(errors(base({ title: `Bague${c}or` }), "en").title).toBe(
        "Remove the invisible direction-control characters: they can make text display in another order than it is written.",
      );
      expect(errors(base({ title: `Bague${c}or` }), "fr").title).toBe(
        "Retirez les caractères invisibles de contrôle de direction\u202f: ils peuvent afficher le texte dans un autre ordre que celui où il est écrit.",
      );
    },
  );

  test("the other free texts of the form are refused too; plain accents, Arabic or Hebrew letters are not", () => {
    const e = errors(
      base({ description: SPOOF, notes: SPOOF, sku: "A\u202EB", metals: [{ ...METAL, hallmark: SPOOF }] }),
      "en",
    );
    expect(Object.keys(e).sort()).toEqual(["description", "metals.0.hallmark", "notes", "sku"]);
    expect(errors(base({ title: "Bague «\u202fÉtoile\u202f» خاتم טבעת" }), "en")).toEqual({});
  });

  test("a CSV import row with one is refused on its title", () => {
    const { ok, issues } = checkRows(
      [["Bague \u202Eor"], ["Bague or"]],
      { title: 0 },
      {
        locale: "fr-FR",
        currency: "EUR",
        canSeeCost: true,
      },
    );
    expect(ok.map((r) => r.row)).toEqual([3]);
    expect(issues.map((i) => [i.row, i.field, i.message])).toEqual([[2, "title", "catalog.error.bidi"]]);
  });

  test("the edit form refuses them as well (maker and origin included)", () => {
    const form = {
      title: "Bague",
      madeBy: SPOOF,
      origin: "Paris\u2067",
      metals: [METAL],
      stones: [],
      certificates: [],
    };
    const r = checkPieceEdit(form, { locale: "en-GB", currency: "EUR", canSeeCost: true, now: NOW });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.path, i.message])).toEqual([
      ["madeBy", "catalog.error.bidi"],
      ["origin", "catalog.error.bidi"],
    ]);
  });

  test("stored values are neutralised on output: text, CSV cells, whole loader data", () => {
    expect(hasBidiControls(SPOOF)).toBe(true);
    expect(withoutBidiControls(SPOOF)).toBe("Ring gpj.exe");
    // The Arabic letter mark is a direction control too.
    expect(hasBidiControls("Bague\u061C 750")).toBe(true);
    expect(withoutBidiControls("Bague\u061C 750")).toBe("Bague 750");
    // Stripped before the formula check: a hidden "=" at the start is still neutralised.
    expect(csvLine([SPOOF, "\u202E=HYPERLINK(1)"])).toBe("Ring gpj.exe,'=HYPERLINK(1)\r\n");
    const at = new Date("2026-01-01T00:00:00Z");
    expect(neutraliseTexts({ a: [SPOOF, { b: "x\u2066y" }], at, n: 12n, none: null })).toEqual({
      a: ["Ring gpj.exe", { b: "xy" }],
      at,
      n: 12n,
      none: null,
    });
  });
});

describe("too many metals, stones or reports", () => {
  test("11 metals: too many, at most 10 (not 'required')", () => {
    const form = base({ metals: Array.from({ length: 11 }, () => METAL) });
    expect(errors(form, "en").metals).toBe("Too many: at most 10.");
    expect(errors(form, "fr").metals).toBe("Trop d'éléments\u202f: 10 au maximum.");
  });

  test("101 stones: too many, at most 100; 21 reports: at most 20", () => {
    const stone = { type: "diamond" as const, origin: "natural" as const, carats: "0.01", position: "accent" as const };
    expect(errors(base({ stones: Array.from({ length: 101 }, () => stone) }), "en").stones).toBe(
      "Too many: at most 100.",
    );
    const report = { lab: "GIA" as const, number: "1" };
    expect(
      errors(
        base({ certificates: Array.from({ length: 21 }, (_, i) => ({ ...report, number: String(1000 + i) })) }),
        "fr",
      ).certificates,
    ).toBe("Trop d'éléments\u202f: 20 au maximum.");
  });
});
