// Which details of a piece are recorded, and when the details sheet may clear it from the list.
import { describe, expect, test } from "vitest";
import {
  detailsChanges,
  detailsCompletion,
  isCompleteEnough,
  missingFields,
  type DetailsFacts,
} from "../../../app/domain/details";
import { checkBulkMetal } from "../../../app/domain/schemas/details";

const bare: DetailsFacts = { metals: [], stones: [], certificateCount: 0, photoCount: 0, costMinor: null };
const gold = { finenessBp: 7500, grossWeightMg: 3250n };

describe("detailsCompletion", () => {
  test.each([
    // [facts, canSeeCost, expected marks]
    [bare, true, { metal: false, weights: false, stones: false, certificate: false, photos: false, cost: false }],
    [
      { ...bare, metals: [gold], costMinor: 60000n },
      true,
      { metal: true, weights: true, stones: false, certificate: false, photos: false, cost: true },
    ],
    // Metal set in bulk before anyone weighed the piece: metal recorded, weights not.
    [{ ...bare, metals: [{ finenessBp: 7500, grossWeightMg: 0n }] }, true, { metal: true, weights: false }],
    // A stone without carats leaves weights incomplete even when the metal is weighed.
    [{ ...bare, metals: [gold], stones: [{ millicarats: 0 }] }, true, { weights: false, stones: true }],
    [{ ...bare, certificateCount: 1, photoCount: null }, true, { certificate: true, photos: null }],
  ] as const)("case %#", (facts, canSeeCost, expected) => {
    expect(detailsCompletion(facts, { canSeeCost })).toMatchObject(expected);
  });

  test("cost is not judged at all for a role that may not see it", () => {
    const marks = detailsCompletion({ ...bare, costMinor: 60000n }, { canSeeCost: false });
    expect(marks).not.toHaveProperty("cost");
  });
});

describe("isCompleteEnough", () => {
  test("metal and weights are required; stones, certificate and photos never are", () => {
    const plainBand = detailsCompletion({ ...bare, metals: [gold] }, { canSeeCost: false });
    expect(isCompleteEnough(plainBand)).toBe(true);
    expect(missingFields(plainBand)).toEqual(["stones", "certificate", "photos"]);
  });

  test("cost is required only when it is judged", () => {
    const noCost = detailsCompletion({ ...bare, metals: [gold], costMinor: null }, { canSeeCost: true });
    expect(isCompleteEnough(noCost)).toBe(false);
    expect(isCompleteEnough({ ...noCost, cost: true })).toBe(true);
  });

  test("an unweighed metal is not enough", () => {
    const unweighed = detailsCompletion(
      { ...bare, metals: [{ finenessBp: 7500, grossWeightMg: 0n }] },
      { canSeeCost: false },
    );
    expect(isCompleteEnough(unweighed)).toBe(false);
    expect(missingFields(unweighed)).toContain("weights");
  });
});

describe("detailsChanges", () => {
  test("lists editable columns that differ, never the read-only ones", () => {
    expect(
      detailsChanges(
        { tagCode: "A", title: "Bague", fineness: "750", weight: "", version: "3" },
        { tagCode: "B", title: "Autre", fineness: "585", weight: "3,25", version: "4" },
      ),
    ).toEqual([
      { column: "fineness", before: "750", after: "585" },
      { column: "weight", before: "", after: "3,25" },
    ]);
  });
});

describe("checkBulkMetal", () => {
  const context = { locale: "fr-FR", currency: "EUR", canSeeCost: false };

  test("the weight may be left out: the metal keeps each piece's own weight", () => {
    expect(checkBulkMetal({ metal: "gold", fineness: "18k", unit: "g" }, context)).toEqual({
      ok: true,
      value: { metal: "gold", finenessBp: 7500, grossWeightMg: null, enteredWeight: "", enteredUnit: "g" },
    });
    expect(checkBulkMetal({ metal: "silver", fineness: "925", weight: "3,25", unit: "g" }, context)).toMatchObject({
      ok: true,
      value: { finenessBp: 9250, grossWeightMg: 3250n, enteredWeight: "3,25" },
    });
  });

  test("the intake's rules and messages, on the bulk form's own paths", () => {
    const result = checkBulkMetal({ metal: "platinum", fineness: "18k", weight: "0", unit: "g" }, context);
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: "metal.fineness", message: "catalog.error.karatGoldOnly", params: { value: "18k" } },
        { path: "metal.weight", message: "catalog.error.weightZero", params: { max: "2000" } },
      ],
    });
  });
});
