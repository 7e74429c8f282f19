import { describe, expect, test } from "vitest";
import { en, type MessageKey } from "../../../app/i18n/en";
import { fr } from "../../../app/i18n/fr";

// In the French trade "titre" is the fineness of a metal (750 ‰); the piece's name is its
// « désignation ». One word per meaning, or a form reads "Titre" twice for two things.
const keys = Object.keys(en) as MessageKey[];
const withoutPlaceholders = (s: string) => s.replace(/\{\w+\}/g, "");

describe("French names a piece « désignation » and keeps « titre » for fineness", () => {
  test.each(keys.filter((key) => /\btitres?\b/i.test(fr[key])))("%s uses « titre » only for fineness", (key) => {
    expect(en[key]).toMatch(/fineness|standard/i);
  });

  test.each(keys.filter((key) => /\btitles?\b/i.test(withoutPlaceholders(en[key]))))(
    "%s, about a piece's title, says « désignation »",
    (key) => {
      expect(fr[key]).toMatch(/désignation/i);
    },
  );
});
