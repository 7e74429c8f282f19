import { describe, expect, test } from "vitest";
import { gradesFromReport, parseReportGrades, shownGrades } from "../../../app/domain/stone-grades";
import { checkPieceForm, type PieceForm } from "../../../app/domain/schemas/piece";
import { checkPieceEdit } from "../../../app/domain/schemas/piece-edit";
import { translate } from "../../../app/i18n";

const none = { colour: null, clarity: null, cutGrade: null };

describe("gradesFromReport: a linked stone carries its report's grades", () => {
  test.each([
    [
      "an empty stone takes every grade of the report",
      none,
      { colour: "G", clarity: "SI1", cut: "Excellent" },
      { colour: "G", clarity: "SI1", cutGrade: "Excellent" },
    ],
    [
      "the same grade written another way is the report's",
      { colour: "g", clarity: "vvs 2", cutGrade: null },
      { colour: "G", clarity: "VVS2" },
      { colour: "G", clarity: "VVS2", cutGrade: null },
    ],
    [
      "a grade the report does not give stays the stone's",
      { colour: "G", clarity: "SI1", cutGrade: "Very Good" },
      { colour: "G", clarity: "SI1" },
      { colour: "G", clarity: "SI1", cutGrade: "Very Good" },
    ],
    [
      "a report with no grades leaves the stone as typed",
      { colour: "H", clarity: null, cutGrade: null },
      {},
      { colour: "H", clarity: null, cutGrade: null },
    ],
  ])("%s", (_name, stone, report, expected) => {
    expect(gradesFromReport(stone, report)).toEqual({ ok: true, grades: expected });
  });

  test("every grade that differs is refused with both values", () => {
    // The demo's J I1 stone tied to a D IF report.
    expect(gradesFromReport({ colour: "J", clarity: "I1", cutGrade: null }, { colour: "D", clarity: "IF" })).toEqual({
      ok: false,
      conflicts: [
        { field: "colour", stone: "J", report: "D" },
        { field: "clarity", stone: "I1", report: "IF" },
      ],
    });
  });
});

describe("shownGrades: what a stored stone shows", () => {
  test("a row stored before the check shows its report's grades", () => {
    expect(shownGrades({ colour: "G", clarity: "VVS2", cutGrade: "Excellent" }, { clarity: "SI1" })).toEqual({
      colour: "G",
      clarity: "SI1",
      cutGrade: "Excellent",
    });
  });
  test("a stone without a report shows its own", () => {
    expect(shownGrades({ colour: "G", clarity: "VVS2", cutGrade: null }, null)).toEqual({
      colour: "G",
      clarity: "VVS2",
      cutGrade: null,
    });
  });
  test("stored grades that are not an object read as none", () => {
    expect(parseReportGrades("not json")).toEqual({});
    expect(parseReportGrades('["G"]')).toEqual({});
    expect(parseReportGrades('{"colour":"G","n":1}')).toEqual({ colour: "G" });
  });
});

const context = { locale: "en", currency: "EUR", canSeeCost: true, now: new Date("2026-12-08T00:00:00Z") };
const form = (stone: Partial<PieceForm["stones"][number]>): PieceForm => ({
  title: "Solitaire",
  link: "none",
  metals: [],
  certificates: [{ lab: "GIA", number: "2141438167", colour: "D", clarity: "IF", cut: "Excellent" }],
  stones: [{ type: "diamond", origin: "natural", carats: "1.14", position: "centre", certificateIndex: "0", ...stone }],
  consignment: null,
});

describe("the intake form: a stone linked to a report", () => {
  test("left without grades, it is received with the report's", () => {
    const checked = checkPieceForm(form({}), context);
    expect(checked.ok && checked.value.stones[0]).toMatchObject({ colour: "D", clarity: "IF", cutGrade: "Excellent" });
  });

  test("with other grades, it is refused beside each field naming the stone's and the report's value, in English and French", () => {
    const checked = checkPieceForm(form({ colour: "J", clarity: "I1" }), context);
    expect(checked.ok).toBe(false);
    const issues = checked.ok ? [] : checked.issues;
    expect(issues).toEqual([
      {
        path: "stones.0.colour",
        message: "catalog.error.colourMismatch",
        params: { stone: "J", report: "D", lab: "GIA", number: "2141438167" },
      },
      {
        path: "stones.0.clarity",
        message: "catalog.error.clarityMismatch",
        params: { stone: "I1", report: "IF", lab: "GIA", number: "2141438167" },
      },
    ]);
    expect(translate("en", issues[1]!.message, issues[1]!.params)).toBe(
      "The stone's clarity is I1 but its report GIA 2141438167 says IF. A stone linked to a report takes the report's grades: leave the clarity empty or type IF.",
    );
    expect(translate("fr", issues[0]!.message, issues[0]!.params)).toBe(
      "La couleur de la pierre est J, mais son rapport GIA 2141438167 indique D. Une pierre rattachée à un rapport prend les grades du rapport\u202f: laissez la couleur vide ou saisissez D.",
    );
  });

  test("a stone not linked to the report keeps its own grades", () => {
    const checked = checkPieceForm(form({ colour: "J", clarity: "I1", certificateIndex: "" }), context);
    expect(checked.ok && checked.value.stones[0]).toMatchObject({ colour: "J", clarity: "I1", cutGrade: null });
  });

  test("the edit form applies the same rule, the report's correction included", () => {
    const edit = {
      title: "Solitaire",
      metals: [],
      certificates: [{ id: "c1", lab: "GIA", number: "2141438167", colour: "E", clarity: "IF" }],
      stones: [
        { type: "diamond", origin: "natural", carats: "1.14", position: "centre", certificateIndex: "0", colour: "D" },
      ],
    };
    const refused = checkPieceEdit(edit, context);
    expect(refused.ok ? [] : refused.issues.map((i) => i.path)).toEqual(["stones.0.colour"]);
    const taken = checkPieceEdit({ ...edit, stones: [{ ...edit.stones[0], colour: "" }] }, context);
    expect(taken.ok && taken.value.stones[0]).toMatchObject({ colour: "E", clarity: "IF" });
  });
});
