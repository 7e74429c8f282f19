// The counter's piece card in the reader's language: price, metal with fineness and weight, stones,
// from the exact integers the app sends (minor units, milligrams, millicarats, basis points).
import { describe, expect, test } from "vitest";
import { pieceCardText, type PieceCardFacts } from "../../../kiosk/piece-card";

const NB = "\u00A0";
const NNB = "\u202F"; // fr-FR groups thousands with a narrow no-break space

const solitaire: PieceCardFacts = {
  priceMinor: "485000",
  currency: "EUR",
  metals: [{ metal: "gold", colour: "yellow", finenessBp: 7500, grossWeightMg: "4120" }],
  stones: [
    { type: "diamond", origin: "natural", shape: "round", millicarats: 1140, count: 1, colour: "G", clarity: "VVS2" },
    { type: "diamond", origin: "lab_grown", shape: null, millicarats: 15, count: 12, colour: null, clarity: null },
  ],
  tagPrinted: false,
};

describe("the piece card", () => {
  test("in French: price with comma decimals, « Or jaune 750 ‰ (18 carats) · 4,12 g », stones with carats to two decimals (three when they say something)", () => {
    expect(pieceCardText("active", solitaire, "fr")).toEqual({
      state: "En vente",
      price: `4${NNB}850,00${NB}€`,
      metals: [`Or jaune 750${NB}‰ (18${NB}carats) · 4,12${NB}g`],
      stones: [`Diamant naturel 1,14${NB}ct G VVS2`, `12 × Diamant de synthèse 0,015${NB}ct`],
    });
  });

  test("in English, with the state the piece is in", () => {
    expect(pieceCardText("receiving", solitaire, "en")).toEqual({
      state: "Receiving",
      price: "€4,850.00",
      metals: [`Yellow gold 750 (18K) · 4.12${NB}g`],
      stones: [`Natural diamond 1.14${NB}ct G VVS2`, `12 × Lab-grown diamond 0.015${NB}ct`],
    });
  });

  test.each([
    // [what, facts change, lang, expected part]
    [
      "fine silver keeps its tenth of a per mille",
      { metals: [{ metal: "silver", colour: null, finenessBp: 9999, grossWeightMg: "1000" }] },
      "fr",
      { metals: [`Argent 999,9${NB}‰ · 1,00${NB}g`] },
    ],
    [
      "a weight not entered says so",
      { metals: [{ metal: "platinum", colour: null, finenessBp: 9500, grossWeightMg: "0" }] },
      "en",
      { metals: ["Platinum 950 · weight not entered"] },
    ],
    [
      "a cultured pearl agrees in French",
      {
        stones: [
          { type: "pearl", origin: "lab_grown", shape: null, millicarats: 0, count: 1, colour: null, clarity: null },
        ],
      },
      "fr",
      { stones: ["Perle de culture carats non saisis"] },
    ],
    [
      "a natural emerald is feminine",
      {
        stones: [
          { type: "emerald", origin: "natural", shape: null, millicarats: 2000, count: 1, colour: null, clarity: null },
        ],
      },
      "fr",
      { stones: [`Émeraude naturelle 2,00${NB}ct`] },
    ],
    ["no price", { priceMinor: null }, "fr", { price: "Sans prix" }],
  ] as const)("%s", (_what, change, lang, expected) => {
    expect(pieceCardText("active", { ...solitaire, ...change } as PieceCardFacts, lang)).toMatchObject(expected);
  });

  test("an older app sends no facts: only the state is shown", () => {
    expect(pieceCardText("sold", undefined, "fr")).toEqual({ state: "Vendue", price: "", metals: [], stones: [] });
  });
});
