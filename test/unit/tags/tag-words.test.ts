// What a printed tag says, read from the ZPL sent to the printer (every ^FD text field), built
// from a piece record the way the app builds it, in French and in English.
import { describe, expect, test } from "vitest";
import { tagStoneName } from "../../../app/domain/kiosk/stone-name";
import { buildTagData, tagContentFromWire, type TagPiece } from "../../../app/domain/kiosk/tag-data";
import { findTemplate, layoutTag, toZpl, type ShorteningNote } from "../../../app/domain/tags";
import type { Locale } from "../../../app/i18n";

type Stone = TagPiece["stones"][number];

const diamond = (over: Partial<Stone> = {}): Stone => ({
  type: "diamond",
  origin: "natural",
  millicarats: 200,
  count: 1,
  colour: "G",
  clarity: "VS1",
  position: "centre",
  certificate: { lab: "GIA", number: "2141234567" },
  ...over,
});

function piece(stones: Stone[], finenessBp = 7500): TagPiece {
  return {
    title: "Solitaire",
    tagCode: "7P3039M",
    priceMinor: 125000n,
    currency: "EUR",
    publicToken: "q3Zt0bX9-Lm_Pa7RkW2yEg",
    metals: [{ metal: "gold", finenessBp, grossWeightMg: 3420n }],
    stones,
  };
}

/** The texts the printer receives, in order, with the spaces it prints. */
function printed(locale: Locale, templateId: string, p: TagPiece): { texts: string[]; notes: ShorteningNote[] } {
  const built = buildTagData(
    p,
    {
      domain: "bijoux.myshopify.com",
      locale: locale === "fr" ? "fr-FR" : "en-GB",
      weightUnit: "g",
      proxyPrefix: "apps",
      proxySubpath: "loupe",
    },
    (type, origin) => tagStoneName(locale, type, origin),
  );
  if (!built.ok) throw new Error(JSON.stringify(built.refusal));
  const result = layoutTag(findTemplate(templateId)!, tagContentFromWire(built.data.content), { dpi: 203 });
  if (!result.ok) throw new Error(result.message);
  const zpl = toZpl(result.layout);
  const texts = [...zpl.matchAll(/\^A0[NI],\d+,\d+\^FH\\\^FD(.*?)\^FS/g)].map((m) => m[1]!);
  return { texts, notes: result.notes };
}

describe("gold karat: French tags say carats, English tags k", () => {
  test.each([
    ["fr", 7500, "Or 750 ‰ · 18 ct"],
    ["fr", 5850, "Or 585 ‰ · 14 ct"],
    ["fr", 3750, "Or 375 ‰ · 9 ct"],
    ["en", 7500, "Gold 750 · 18k"],
  ] as const)("%s, fineness %s: %s", (locale, fineness, line) => {
    for (const templateId of ["card-86x54", "shelf-50x25"]) {
      const { texts } = printed(locale, templateId, piece([diamond()], fineness));
      expect(texts).toContain(line);
      if (locale === "fr") expect(texts.join("\n")).not.toMatch(/\d k\b/);
    }
  });
});

describe("a stone's weight is printed once", () => {
  const count = (texts: string[], needle: string) => texts.filter((t) => t.includes(needle)).length;

  test.each(["barbell-56x13", "barbell-60x11", "card-86x54", "rfid-label-76x25"])(
    "%s, one 0,20 ct stone: 0,20 appears once (fr) / 0.20 once (en)",
    (templateId) => {
      expect(count(printed("fr", templateId, piece([diamond()])).texts, "0,20")).toBe(1);
      expect(count(printed("en", templateId, piece([diamond()])).texts, "0.20")).toBe(1);
    },
  );

  test("with side stones the total is printed beside the main stone's weight", () => {
    const stones = [diamond(), diamond({ position: "side", millicarats: 20, count: 12, certificate: null })];
    const barbell = printed("fr", "barbell-56x13", piece(stones)).texts;
    expect(barbell).toContain("0,44 ct");
    expect(count(barbell, "0,20 ct")).toBe(1);
    const card = printed("fr", "card-86x54", piece(stones)).texts;
    expect(card).toContain("0,44 ct");
    expect(card).toContain("0,20");
    expect(card).toContain("0,24");
  });
});

describe("the certificate card names each stone with its origin", () => {
  const stones = [
    diamond({ millicarats: 1140 }),
    diamond({
      origin: "lab_grown",
      position: "side",
      millicarats: 300,
      certificate: { lab: "IGI", number: "LG612345678" },
    }),
    diamond({ origin: "simulant", position: "side", colour: null, clarity: null, certificate: null }),
    { ...diamond({ type: "pearl", origin: "lab_grown", colour: null, clarity: null, certificate: null }) },
    { ...diamond({ type: "sapphire", origin: "natural", colour: "bleu", clarity: null, certificate: null }) },
  ];

  test.each([
    [
      "fr",
      ["Pierre", "Carats", "Coul.", "Pureté", "Certificat"],
      ["Diamant naturel", "Diamant de synthèse", "Imitation de diamant", "Perle de culture", "Saphir naturel"],
    ],
    [
      "en",
      ["Stone", "Carats", "Color", "Clarity", "Certificate"],
      ["Natural diamond", "Lab-grown diamond", "Diamond simulant", "Cultured pearl", "Natural sapphire"],
    ],
  ] as const)("%s: headers, names in full, weights under 'Carats', certificates in full", (locale, headers, names) => {
    const { texts, notes } = printed(locale, "card-86x54", piece(stones));
    for (const h of headers) expect(texts).toContain(h);
    for (const n of names) expect(texts).toContain(n);
    expect(texts).toContain(locale === "fr" ? "1,14" : "1.14");
    expect(texts).toContain("GIA 2141234567");
    expect(texts).toContain("IGI LG612345678");
    expect(notes.filter((n) => n.field === "stonesTable")).toEqual([]);
  });

  test("a count and a long name are abbreviated, never cut mid-word, in the name column", () => {
    const { texts } = printed(
      "fr",
      "card-86x54",
      piece([diamond({ origin: "lab_grown", count: 12, millicarats: 10 })]),
    );
    expect(texts).toContain("12 × Diamant synth.");
  });

  test("uses its height: nine stones fit before '+ n autres', in a 2.2 mm font, under a 4 mm title", () => {
    const nine = Array.from({ length: 9 }, (_, i) => diamond({ millicarats: 100 + i, certificate: null }));
    const layout = layoutTag(
      findTemplate("card-86x54")!,
      tagContentFromWire(
        (() => {
          const b = buildTagData(
            piece(nine),
            { domain: "b.myshopify.com", locale: "fr-FR", weightUnit: "g", proxyPrefix: "apps", proxySubpath: "loupe" },
            (type, origin) => tagStoneName("fr", type, origin),
          );
          if (!b.ok) throw new Error("refused");
          return b.data.content;
        })(),
      ),
      { dpi: 203 },
    );
    if (!layout.ok) throw new Error(layout.message);
    const texts = layout.layout.elements.flatMap((e) => (e.kind === "text" ? [e] : []));
    expect(texts.filter((e) => e.field === "stonesTable" && e.text === "Diamant naturel")).toHaveLength(9);
    expect(texts.some((e) => e.text.startsWith("+ "))).toBe(false);
    expect(texts.find((e) => e.field === "title")!.fontDots / 8).toBe(4);
    expect(texts.find((e) => e.field === "stonesTable")!.fontDots / 8).toBeCloseTo(2.25, 2);
  });
});
