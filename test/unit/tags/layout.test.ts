import { describe, expect, test } from "vitest";
import {
  ELLIPSIS,
  TEMPLATES,
  fitText,
  formatCarat,
  formatPrice,
  formatWeight,
  graphemes,
  layoutTag,
  metalParts,
  rectsOverlap,
  textWidthDots,
  type TagTemplate,
} from "../../../app/domain/tags";
import { sampleContent } from "./fixtures";

const barbell = TEMPLATES.find((t) => t.id === "barbell-56x13")!;

describe("prices are formatted by Intl from exact minor units", () => {
  test.each([
    [125000n, "EUR", "fr-FR", "1\u202F250,00\u00A0€"],
    [125000n, "EUR", "en-US", "€1,250.00"],
    [5n, "EUR", "fr-FR", "0,05\u00A0€"],
    [-199n, "USD", "en-US", "-$1.99"],
    [125000n, "JPY", "ja-JP", "￥125,000"],
    [1234567n, "KWD", "en-US", "KWD\u00A01,234.567"],
    [12345678901234567890123n, "EUR", "fr-FR", "123\u202F456\u202F789\u202F012\u202F345\u202F678\u202F901,23\u00A0€"],
  ])("%s %s in %s is %j", (minor, currency, locale, expected) => {
    expect(formatPrice(minor, currency, locale)).toBe(expected);
  });
});

describe("weights, carats and metal lines follow the locale", () => {
  test.each([
    ["fr-FR", "3,42\u00A0g", "0,52\u00A0ct", "Or 750\u00A0‰ · 18\u00A0ct"],
    ["en-US", "3.42\u00A0g", "0.52\u00A0ct", "Gold 750 · 18k"],
  ])("%s", (locale, weight, carat, metal) => {
    expect(formatWeight({ value: "3.42", unit: "g" }, locale)).toBe(weight);
    expect(formatCarat("0.515", locale)).toBe(carat);
    expect(
      metalParts({ type: "gold", fineness: 750 }, locale)
        .map((p, i) => (i ? p.separator : "") + p.text)
        .join(""),
    ).toBe(metal);
  });
  test("gold fineness names its karat: 585 → 14k, 375 → 9k, 916 → 22k", () => {
    expect(["585", "375", "916"].map((f) => metalParts({ type: "gold", fineness: Number(f) }, "en")[1]?.text)).toEqual([
      "14k",
      "9k",
      "22k",
    ]);
  });
});

describe("shortening drops optional parts, then abbreviates, then cuts at a grapheme", () => {
  const font = 20;
  test("optional parts go first", () => {
    const parts = [{ text: "Or 750 ‰" }, { text: "18 k", optional: true, separator: " · " }];
    const fitted = fitText(parts, textWidthDots("Or 750 ‰", font), font)!;
    expect(fitted).toMatchObject({ text: "Or 750 ‰", steps: ["dropped-optional"] });
  });
  test("abbreviations come before the ellipsis", () => {
    const fitted = fitText([{ text: "Platinum 950" }], textWidthDots("Pt 950", font), font, [["Platinum", "Pt"]])!;
    expect(fitted).toMatchObject({ text: "Pt 950", steps: ["abbreviated"] });
  });
  test.each(["Émeraude 🇫🇷 coussin", "E\u0301meraude 👩‍👩‍👧 famille", "🇫🇷🇫🇷🇫🇷🇫🇷🇫🇷"])(
    "never splits a grapheme of %j at any width",
    (text) => {
      const all = graphemes(text);
      for (let width = 0; width <= textWidthDots(text, font); width++) {
        const fitted = fitText([{ text }], width, font);
        if (!fitted) continue;
        expect(fitted.widthDots).toBeLessThanOrEqual(width);
        if (fitted.text === text) continue;
        const kept = graphemes(fitted.text.slice(0, -ELLIPSIS.length).trimEnd());
        expect(kept).toEqual(all.slice(0, kept.length));
      }
    },
  );
});

describe("layout refusals are typed results", () => {
  test("a price too wide for its place is refused, not shortened", () => {
    const r = layoutTag(barbell, sampleContent({ priceMinor: 123456789012n }), { dpi: 203 });
    expect(r).toMatchObject({ ok: false, code: "PRICE_DOES_NOT_FIT", field: "price" });
  });
  test.each([
    [6, "PRICE_DOES_NOT_FIT"],
    [10, "FIELD_OUTSIDE_ZONE"],
  ])("a price font override of %s mm is refused with %s", (fontMm, code) => {
    const r = layoutTag(barbell, sampleContent(), { dpi: 203, overrides: { price: { fontMm } } });
    expect(r.ok ? "ok" : r.code).toBe(code);
  });
  test("a tag code with ZPL control characters is refused", () => {
    expect(layoutTag(barbell, sampleContent({ tagCode: "LP^XZ" }), { dpi: 203 })).toMatchObject({
      ok: false,
      code: "TAG_CODE_INVALID",
    });
  });
  test("a field placed on the tail is refused", () => {
    const onTail: TagTemplate = { ...barbell, fields: [{ field: "price", zone: "tail", x: 0, y: 0, fontMm: 2 }] };
    expect(layoutTag(onTail, sampleContent(), { dpi: 203 })).toMatchObject({
      ok: false,
      code: "FIELD_ON_BLANK_ZONE",
      field: "price",
    });
  });
  test("moving a field onto another is refused", () => {
    const r = layoutTag(barbell, sampleContent(), { dpi: 203, overrides: { metal: { y: 0.5 } } });
    expect(r).toMatchObject({ ok: false, code: "FIELDS_OVERLAP" });
  });
});

describe("every template at every resolution", () => {
  const cases = TEMPLATES.flatMap((t) =>
    ([203, 300, 600] as const).flatMap((dpi) => [false, true].map((rot) => ({ t, dpi, rot }))),
  );
  test.each(cases)(
    "$t.id at $dpi dpi, turned $rot: nothing lands on a tail, everything inside the label",
    ({ t, dpi, rot }) => {
      const r = layoutTag(t, sampleContent(), { dpi, backWingRotated: rot });
      if (!r.ok) throw new Error(r.message);
      for (const el of r.layout.elements) {
        for (const tail of r.layout.blankZones)
          expect(rectsOverlap(el.bounds, tail), `${el.field} on tail`).toBe(false);
        expect(el.bounds.x + el.bounds.width).toBeLessThanOrEqual(r.layout.widthDots);
        expect(el.bounds.y + el.bounds.height).toBeLessThanOrEqual(r.layout.heightDots);
      }
    },
  );
});

describe("back-wing rotation", () => {
  test("turns back-wing elements 180° about the wing's centre and leaves the front wing alone", () => {
    const upright = layoutTag(barbell, sampleContent(), { dpi: 300 });
    const turned = layoutTag(barbell, sampleContent(), { dpi: 300, backWingRotated: true });
    if (!upright.ok || !turned.ok) throw new Error("layout failed");
    const back = barbell.zones.find((z) => z.role === "back-wing")!;
    const cx2 = Math.round(back.x * 12) * 2 + (Math.floor((back.x + back.width) * 12 + 1e-9) - Math.round(back.x * 12));
    const cy2 =
      Math.round(back.y * 12) * 2 + (Math.floor((back.y + back.height) * 12 + 1e-9) - Math.round(back.y * 12));
    upright.layout.elements.forEach((a, i) => {
      const b = turned.layout.elements[i]!;
      if (a.zone === "back") {
        expect(b.bounds.x + b.bounds.width + a.bounds.x, a.field).toBe(cx2);
        expect(b.bounds.y + b.bounds.height + a.bounds.y, a.field).toBe(cy2);
        expect(b.rotation).toBe(a.kind === "qr" ? 0 : 180);
      } else {
        expect(b).toEqual(a);
      }
    });
  });
});
