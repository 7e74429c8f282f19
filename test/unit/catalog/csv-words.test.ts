// The import reads the app's own words (every label the intake form shows, in English and French,
// without case or accents), numbered columns for a piece's second, third… metal, stone and
// certificate, and reports every problem of a row with its value and, for a choice, the options.
import { describe, expect, test } from "vitest";
import { choiceOptions, readChoice } from "../../../app/domain/csv/choice-words";
import { checkMapping, guessMapping } from "../../../app/domain/csv/mapping";
import { checkRows } from "../../../app/domain/csv/rows";

const context = { locale: "fr-FR", currency: "EUR", canSeeCost: true };

describe("the form's labels, in both languages", () => {
  test.each([
    ["metal", "Or", "gold"],
    ["metal", "PLATINE", "platinum"],
    ["metal", "Autre métal", "other"],
    ["metal", "Silver", "silver"],
    ["colour", "jaune", "yellow"],
    ["stoneType", "Émeraude", "emerald"],
    ["stoneType", "emeraude", "emerald"],
    ["stoneType", "Autre pierre", "other"],
    ["stoneOrigin", "de synthèse", "lab_grown"],
    ["stoneOrigin", "De Synthese", "lab_grown"],
    ["stoneOrigin", "lab-grown", "lab_grown"],
    ["stoneOrigin", "de culture", "lab_grown"],
    ["stoneOrigin", "naturel", "natural"],
    ["stonePosition", "latérale", "side"],
    ["stonePosition", "centrale", "centre"],
    ["lab", "gia", "GIA"],
    ["lab", "Gubelin", "Gübelin"],
  ] as const)("%s %j → %s", (kind, word, code) => {
    expect(readChoice(kind, word)?.code).toBe(code);
  });
  test("a label naming two choices gives both: « Or jaune », « Perle de culture », “Yellow gold”", () => {
    expect(readChoice("metal", "Or jaune")).toEqual({ code: "gold", also: { kind: "colour", code: "yellow" } });
    expect(readChoice("metal", "yellow Gold")).toEqual({ code: "gold", also: { kind: "colour", code: "yellow" } });
    expect(readChoice("stoneType", "Perle de culture")).toEqual({
      code: "pearl",
      also: { kind: "stoneOrigin", code: "lab_grown" },
    });
    expect(readChoice("stoneType", "Diamant de synthèse")?.also).toEqual({ kind: "stoneOrigin", code: "lab_grown" });
  });
  test("a word that is no choice is not guessed", () => {
    expect(readChoice("metal", "bronze")).toBeNull();
    expect(readChoice("stoneOrigin", "peut-être")).toBeNull();
  });
  test("the allowed options are the form's labels in the reader's language", () => {
    expect(choiceOptions("metal", "fr")).toEqual(["Or", "Argent", "Platine", "Palladium", "Autre métal"]);
    expect(choiceOptions("stoneOrigin", "en")).toEqual(["natural", "lab-grown", "simulant"]);
  });
});

describe("rows written with the app's words", () => {
  const mapping = guessMapping([
    "Désignation",
    "Métal",
    "Titre",
    "Poids brut",
    "Pierre",
    "Origine de la pierre",
    "Carats",
  ]);
  test("« Or jaune », « de synthèse » and a pearl « de culture » with no carat weight are read", () => {
    const { ok, issues } = checkRows(
      [
        ["Bague", "Or jaune", "750", "3,2", "Diamant", "de synthèse", "0,5"],
        ["Collier", "Or", "750", "12", "Perle", "de culture", ""],
      ],
      mapping,
      context,
    );
    expect(issues).toEqual([]);
    expect(ok[0]!.piece.metals[0]).toMatchObject({ metal: "gold", colour: "yellow" });
    expect(ok[0]!.piece.stones[0]).toMatchObject({ type: "diamond", origin: "lab_grown", millicarats: 500 });
    expect(ok[1]!.piece.stones[0]).toMatchObject({ type: "pearl", origin: "lab_grown", millicarats: 0 });
  });
  test("a stone other than a pearl still needs its carats", () => {
    const { issues } = checkRows([["Bague", "Or", "750", "3", "Diamant", "naturel", ""]], mapping, context);
    expect(issues.map((i) => [i.field, i.message])).toEqual([["carats", "catalog.error.required"]]);
  });
  test("every problem of a row is reported, each with its column, value and, for a choice, its options", () => {
    const { ok, issues } = checkRows(
      [["Bague", "Bronze", "751", "abc", "Diamant", "peut-être", "0,1234"]],
      mapping,
      context,
    );
    expect(ok).toEqual([]);
    expect(issues).toEqual([
      { row: 2, field: "metal", message: "catalog.error.choice", value: "Bronze", choice: "metal" },
      { row: 2, field: "stoneOrigin", message: "catalog.error.choice", value: "peut-être", choice: "stoneOrigin" },
      { row: 2, field: "weight", message: "catalog.error.weightInvalid", params: expect.any(Object), value: "abc" },
      { row: 2, field: "carats", message: "catalog.error.caratDecimals", value: "0,1234" },
    ]);
  });
});

describe("a piece's second, third… metal, stone and certificate", () => {
  const headers = [
    "Title",
    "Metal",
    "Fineness",
    "Weight",
    "Metal 2",
    "Fineness 2",
    "Weight 2",
    "Stone",
    "Carats",
    "Stone certificate",
    "Stone 2",
    "Carats 2",
    "Stone count 2",
    "Position 2",
    "Stone certificate 2",
    "Lab",
    "Certificate number",
    "Lab 2",
    "Certificate number 2",
  ];
  test("numbered headers are guessed in English and French", () => {
    expect(guessMapping(headers)).toMatchObject({ "metal.2": 4, "fineness.2": 5, "stoneType.2": 10, "lab.2": 17 });
    expect(guessMapping(["Désignation", "Titre", "Titre 2", "Pierre 2", "Couleur du métal 2"])).toEqual({
      title: 0,
      fineness: 1,
      "fineness.2": 2,
      "stoneType.2": 3,
      "colour.2": 4,
    });
    expect(checkMapping({ title: 0, "carats.2": 1 }, 2)).toBeNull();
    expect(checkMapping({ title: 0, "title.2": 1 } as never, 2)).toEqual({ code: "BAD_COLUMN", field: "title.2" });
  });
  test("a row with two metals, two stones and two certificates gives them all, each stone to its certificate", () => {
    const { ok, issues } = checkRows(
      [
        [
          "Bague",
          "gold",
          "750",
          "3.1",
          "platinum",
          "950",
          "1.2",
          "diamond",
          "1.010",
          "2141438765",
          "diamond",
          "0.020",
          "12",
          "side",
          "",
          "GIA",
          "2141438765",
          "HRD",
          "220001",
        ],
      ],
      guessMapping(headers),
      { ...context, locale: "en" },
    );
    expect(issues).toEqual([]);
    const piece = ok[0]!.piece;
    expect(piece.metals.map((m) => [m.metal, m.finenessBp, m.grossWeightMg])).toEqual([
      ["gold", 7500, 3100n],
      ["platinum", 9500, 1200n],
    ]);
    expect(piece.stones.map((s) => [s.millicarats, s.count, s.position, s.certificateIndex])).toEqual([
      [1010, 1, "centre", 0],
      [20, 12, "side", null],
    ]);
    expect(piece.certificates.map((c) => [c.lab, c.number])).toEqual([
      ["GIA", "2141438765"],
      ["HRD", "220001"],
    ]);
  });
});
