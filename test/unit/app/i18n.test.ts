import { describe, expect, test } from "vitest";
import { en } from "../../../app/i18n/en";
import { fr } from "../../../app/i18n/fr";
import { resolveLocale, translate } from "../../../app/i18n";

// A plural ("{count, plural, one {…} other {…}}") names its value once, like a plain placeholder.
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]))].sort();

describe("messages", () => {
  test.each(Object.keys(en) as (keyof typeof en)[])("%s exists in French with the same placeholders", (key) => {
    expect(fr[key]).toBeTruthy();
    expect(placeholders(fr[key])).toEqual(placeholders(en[key]));
  });

  test("placeholders are filled, and the admin's locale picks the catalogue", () => {
    expect(translate("fr", "pieces.count", { count: "45" })).toBe("45 pièces");
    expect(translate("en", "pieces.count", { count: "45" })).toBe("45 pieces");
    expect(resolveLocale("fr-FR")).toBe("fr");
    expect(resolveLocale("de-DE", "fr")).toBe("fr");
    expect(resolveLocale(undefined)).toBe("en");
  });

  test.each([
    ["fr", 0, "0 pièce"],
    ["fr", 1, "1 pièce"],
    ["fr", 3, "3 pièces"],
    ["fr", "1\u202f234", "1\u202f234 pièces"],
    ["en", 1, "1 piece"],
    ["en", 0, "0 pieces"],
  ] as const)("a count takes its language's plural (%s, %s)", (locale, count, expected) => {
    expect(translate(locale, "pieces.count", { count })).toBe(expected);
  });
});
