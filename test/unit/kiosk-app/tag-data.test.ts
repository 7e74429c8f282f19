import { describe, expect, test } from "vitest";
import {
  buildTagData,
  checkTagOnTemplate,
  provenanceUrl,
  tagContentFromWire,
  unprintableCharacters,
  type TagPiece,
  type TagShop,
} from "../../../app/domain/kiosk/tag-data";
import { findTemplate, layoutTag } from "../../../app/domain/tags";

const shop: TagShop = {
  domain: "bijoux.myshopify.com",
  locale: "fr-FR",
  weightUnit: "g",
  proxyPrefix: "apps",
  proxySubpath: "loupe",
};
const names: Record<string, string> = { diamond: "Diamant", sapphire: "Saphir" };
const stoneName = (type: string) => names[type] ?? type;

function piece(overrides: Partial<TagPiece> = {}): TagPiece {
  return {
    title: "Solitaire Élise",
    tagCode: "7K3QX9M",
    priceMinor: 125000n,
    currency: "EUR",
    publicToken: "q3Zt0bX9-Lm_Pa7RkW2yEg",
    metals: [{ metal: "gold", finenessBp: 7500, grossWeightMg: 3420n }],
    stones: [
      {
        type: "sapphire",
        origin: "natural",
        millicarats: 20,
        count: 12,
        colour: null,
        clarity: null,
        position: "accent",
        certificate: null,
      },
      {
        type: "diamond",
        origin: "natural",
        millicarats: 520,
        count: 1,
        colour: "G",
        clarity: "VS1",
        position: "centre",
        certificate: { lab: "GIA", number: "2141234567" },
      },
    ],
    ...overrides,
  };
}

describe("tag data from a piece record", () => {
  test("formats metal, weight, carats and the main stone in the shop's language", () => {
    const r = buildTagData(piece(), shop, stoneName);
    if (!r.ok) throw new Error(JSON.stringify(r.refusal));
    expect(r.data).toMatchObject({
      priceMinor: "125000",
      currency: "EUR",
      locale: "fr-FR",
      tagCode: "7K3QX9M",
      metal: "Or 750\u00A0‰ · 18\u00A0ct",
      weight: "3,42\u00A0g",
      caratTotal: "0,76\u00A0ct",
      stoneLine: "0,52\u00A0ct G VS1 · GIA 2141234567",
      title: "Solitaire Élise",
      provenanceUrl: "https://bijoux.myshopify.com/apps/loupe/q3Zt0bX9-Lm_Pa7RkW2yEg",
    });
    expect(r.data.stones.map((s) => s.text)).toEqual([
      "12 × Saphir 0,24\u00A0ct",
      "Diamant 0,52\u00A0ct G VS1 GIA 2141234567",
    ]);
    expect(r.data.content.stone).toEqual({
      type: "Diamant",
      carat: "0.520",
      color: "G",
      clarity: "VS1",
      lab: "GIA",
      certificateNumber: "2141234567",
    });
    expect(r.data.content.metal).toEqual({ type: "gold", fineness: 750 });
  });

  test("English shop in pennyweights; exotic metals and no stones leave their lines out", () => {
    const r = buildTagData(
      piece({ metals: [{ metal: "rhodium", finenessBp: 9990, grossWeightMg: 15552n }], stones: [] }),
      { ...shop, locale: "en-GB", weightUnit: "dwt" },
      stoneName,
    );
    if (!r.ok) throw new Error("refused");
    expect(r.data.metal).toBeUndefined();
    expect(r.data.weight).toBe("10.00\u00A0dwt");
    expect(r.data.caratTotal).toBeUndefined();
    expect(r.data.stoneLine).toBeUndefined();
    expect(r.data.stones).toEqual([]);
  });

  test("the wire content round-trips into layoutTag with the exact bigint price", () => {
    const big = buildTagData(piece({ priceMinor: 9007199254740993n }), shop, stoneName);
    if (!big.ok) throw new Error("refused");
    expect(tagContentFromWire((JSON.parse(JSON.stringify(big.data)) as typeof big.data).content).priceMinor).toBe(
      9007199254740993n,
    );
    const r = buildTagData(piece(), shop, stoneName);
    if (!r.ok) throw new Error("refused");
    const content = tagContentFromWire((JSON.parse(JSON.stringify(r.data)) as typeof r.data).content);
    const result = layoutTag(findTemplate("card-86x54")!, content, { dpi: 300 });
    expect(result.ok && result.layout.elements.find((e) => e.field === "price")).toMatchObject({
      text: "1\u202F250,00\u00A0€",
    });
  });

  test("a piece without a price is refused, never printed at zero", () => {
    expect(buildTagData(piece({ priceMinor: null }), shop, stoneName)).toEqual({
      ok: false,
      refusal: { code: "PRICE_MISSING", field: "price" },
    });
  });

  test("text the printer fonts lack is refused with the characters named", () => {
    const r = buildTagData(piece({ title: "Bague 💍 Лара" }), shop, stoneName);
    expect(r).toEqual({
      ok: false,
      refusal: { code: "TEXT_UNPRINTABLE", field: "title", characters: ["💍", "Л", "а", "р"] },
    });
    expect(unprintableCharacters("Œuvre « été » – 18 k · 1 250,00 €")).toEqual([]);
    expect(unprintableCharacters("e\u0301te\u0301")).toEqual([]);
    expect(unprintableCharacters("tab\there")).toEqual(["\t"]);
  });

  test("provenance URL follows the app proxy prefix and subpath", () => {
    expect(provenanceUrl("s.myshopify.com", "a", "bijoux", "tok")).toBe("https://s.myshopify.com/a/bijoux/tok");
  });
});

describe("checking a tag on a template before it is queued", () => {
  const data = (overrides: Partial<TagPiece> = {}) => {
    const r = buildTagData(piece(overrides), shop, stoneName);
    if (!r.ok) throw new Error("refused");
    return r.data.content;
  };

  test("an ordinary piece fits the barbell tag", () => {
    expect(checkTagOnTemplate(findTemplate("barbell-56x13")!, data())).toMatchObject({ ok: true });
  });

  test("a price too wide for the small tag is PRICE_DOES_NOT_FIT, with the layout's message", () => {
    const r = checkTagOnTemplate(findTemplate("small-25x15")!, data({ priceMinor: 123456789012n }));
    expect(r).toMatchObject({ ok: false, refusal: { code: "PRICE_DOES_NOT_FIT", field: "price" } });
    if (!r.ok) expect(r.refusal.message).toMatch(/never shortened/);
  });

  test("a shop's font override that makes the price too wide is refused too", () => {
    expect(checkTagOnTemplate(findTemplate("barbell-56x13")!, data(), { price: { fontMm: 6 } })).toMatchObject({
      ok: false,
    });
  });
});
