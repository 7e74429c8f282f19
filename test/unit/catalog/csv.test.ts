// CSV: formula-injection-safe cells, strict UTF-8 reading, header guesses in English and French,
// and rows checked by the intake schema with in-file duplicates found.
import { describe, expect, test } from "vitest";
import { csvCell, csvLine, neutralizeFormula } from "../../../app/domain/csv/cells";
import { decodeCsv, decodeWindows1252, firstInvalidUtf8, guessSeparator } from "../../../app/domain/csv/encoding";
import { checkMapping, guessMapping, normalizeHeader } from "../../../app/domain/csv/mapping";
import { checkRows, normalizeDate } from "../../../app/domain/csv/rows";

describe("cells a spreadsheet will not evaluate", () => {
  test.each([
    ["=1+1", "'=1+1"],
    ["+33 1 23 45 67 89", "'+33 1 23 45 67 89"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tTAB", "'\tTAB"],
    ["\rCR", "'\rCR"],
    ["Bague =18k", "Bague =18k"],
    ["750", "750"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(neutralizeFormula(input)).toBe(expected);
  });

  test("quoting keeps separators, quotes and line breaks inside one cell, after neutralising", () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("a;b", ";")).toBe('"a;b"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(1250n)).toBe("1250");
    expect(csvLine(["a", "=b", null])).toBe("a,'=b,\r\n");
  });
});

describe("reading an uploaded file", () => {
  const utf8 = (s: string) => new TextEncoder().encode(s);
  test("valid UTF-8 passes and a byte order mark is dropped", () => {
    expect(decodeCsv(utf8("Titre;Prix\nÉmeraude 💎;1"))).toEqual({ ok: true, text: "Titre;Prix\nÉmeraude 💎;1" });
    expect(decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("a,b")]))).toEqual({ ok: true, text: "a,b" });
  });
  test.each([
    ["a Latin-1 é", [0x61, 0xe9, 0x62], 1],
    ["a truncated sequence at the end", [0x61, 0xc3], 1],
    ["an overlong slash", [0xc0, 0xaf], 0],
    ["a UTF-16 surrogate", [0x61, 0xed, 0xa0, 0x80], 1],
    ["a code point past U+10FFFF", [0xf4, 0x90, 0x80, 0x80], 0],
  ])("%s is found at its byte", (_name, bytes, offset) => {
    expect(firstInvalidUtf8(new Uint8Array(bytes))).toBe(offset);
    expect(decodeCsv(new Uint8Array(bytes))).toEqual({ ok: false, code: "INVALID_UTF8", offset });
  });
  test("Windows-1252 when chosen, with its euro sign and curly quotes", () => {
    expect(decodeCsv(new Uint8Array([0x80, 0x20, 0xe9, 0x93, 0x94]), "windows-1252")).toEqual({
      ok: true,
      text: "€ é“”",
    });
  });
  test("Windows-1252: the whole 0x80–0x9F row, as the WHATWG table gives it", () => {
    const row = decodeWindows1252(Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i));
    expect(row).toBe("€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ");
  });
  test("Windows-1252: every other byte is its Latin-1 code point, also past one chunk", () => {
    const bytes = Uint8Array.from({ length: 20_000 }, (_, i) => i % 256);
    const text = decodeWindows1252(bytes);
    expect(text.length).toBe(bytes.length);
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b < 0x80 || b > 0x9f) expect(text.charCodeAt(i)).toBe(b);
    }
  });
  test("the separator is guessed from the header line", () => {
    expect(guessSeparator("Titre;Prix;Poids\n1,5;2,5;3")).toBe(";");
    expect(guessSeparator("Title,Price\n1;2")).toBe(",");
    expect(guessSeparator("Title\tPrice")).toBe("\t");
  });
});

describe("column guesses", () => {
  test("English and French headers, any case, accents and punctuation", () => {
    expect(normalizeHeader("  N° Certificat ")).toBe("n certificat");
    expect(normalizeHeader("Poids brut (g)")).toBe("poids brut g");
    expect(
      guessMapping([
        "Référence",
        "Désignation",
        "Métal",
        "Titre",
        "Poids brut (g)",
        "Pierre",
        "Carats",
        "Laboratoire",
        "N° certificat",
        "Prix de vente",
        "Déposant",
        "Colonne inconnue",
      ]),
    ).toEqual({
      sku: 0,
      title: 1,
      metal: 2,
      fineness: 3,
      weight: 4,
      stoneType: 5,
      carats: 6,
      lab: 7,
      certNumber: 8,
      price: 9,
      consignor: 10,
    });
    expect(
      guessMapping([
        "Tag code",
        "Title",
        "SKU",
        "Price",
        "Metal",
        "Fineness",
        "Weight",
        "Weight unit",
        "Stone",
        "Carats",
        "Clarity",
        "Lab",
        "Certificate number",
        "Location",
      ]),
    ).toEqual({
      tagCode: 0,
      title: 1,
      sku: 2,
      price: 3,
      metal: 4,
      fineness: 5,
      weight: 6,
      weightUnit: 7,
      stoneType: 8,
      carats: 9,
      stoneClarity: 10,
      lab: 11,
      certNumber: 12,
      location: 13,
    });
  });
  test("a mapping needs a title and uses each column once", () => {
    expect(checkMapping({ sku: 0 }, 3)).toEqual({ code: "MISSING_COLUMNS", fields: ["title"] });
    expect(checkMapping({ title: 0, sku: 0 }, 3)).toEqual({ code: "DUPLICATE_COLUMN", field: "sku" });
    expect(checkMapping({ title: 5 }, 3)).toEqual({ code: "BAD_COLUMN", field: "title" });
    expect(checkMapping({ title: 1 }, 3)).toBeNull();
  });
});

describe("rows", () => {
  const mapping = {
    tagCode: 0,
    title: 1,
    metal: 2,
    fineness: 3,
    weight: 4,
    lab: 5,
    certNumber: 6,
    carats: 7,
    createProduct: 8,
  };
  const context = { locale: "fr-FR", currency: "EUR", canSeeCost: true };
  test("French words become Loupe's codes and dates are read day first", () => {
    const { ok, issues } = checkRows(
      [["ABC-1", "Bague", "Or", "18k", "3,2", "gia", "2141", "0,5", "oui"]],
      mapping,
      context,
    );
    expect(issues).toEqual([]);
    expect(ok[0]).toMatchObject({
      row: 2,
      createProduct: true,
      piece: {
        tagCode: "ABC-1",
        metals: [{ metal: "gold", finenessBp: 7500, grossWeightMg: 3200n }],
        certificates: [{ lab: "GIA", number: "2141" }],
        stones: [{ millicarats: 500, certificateIndex: 0 }],
      },
    });
    expect(normalizeDate("01/03/2026")).toBe("2026-03-01");
    expect(normalizeDate("2026/3/1")).toBe("2026-03-01");
  });
  test("French numbers are read with their units, spaces and currency, as on the forms", () => {
    const { ok, issues } = checkRows(
      [["ABC-2", "Bague", "Or", "18k", "4,12 g", "", "", "0,52 ct", "non", "4\u202f850,00\u00a0€"]],
      { ...mapping, price: 9 },
      context,
    );
    expect(issues).toEqual([]);
    expect(ok[0]?.piece).toMatchObject({
      priceMinor: 485000n,
      metals: [{ grossWeightMg: 4120n }],
      stones: [{ millicarats: 520 }],
    });
  });
  test("duplicate tag codes and certificates inside the file name the first row", () => {
    const rows = [
      ["T-1", "A", "", "", "", "GIA", "9", "", ""],
      ["T-1", "B", "", "", "", "GIA", "9", "", "non"],
    ];
    expect(checkRows(rows, mapping, context).issues).toEqual([
      {
        row: 3,
        field: "tagCode",
        message: "catalog.import.error.duplicateTagInFile",
        params: { code: "T-1", row: "2" },
      },
      {
        row: 3,
        field: "certNumber",
        message: "catalog.import.error.duplicateCertInFile",
        params: { lab: "GIA", number: "9", row: "2" },
      },
    ]);
  });
  test("a GTIN column (EAN-13, UPC-A) is read with its check digit and kept as GTIN-14; a typo names the GTIN field", () => {
    const gtinMapping = { title: 0, gtin: 1 };
    expect(guessMapping(["Titre", "Code EAN"])).toEqual(gtinMapping);
    const { ok, issues } = checkRows(
      [
        ["Bague", "4006381333931"],
        ["Alliance", "036000 291452"],
        ["Broche", "4006381333932"],
      ],
      gtinMapping,
      context,
    );
    expect(ok.map((r) => r.piece.gtin)).toEqual(["04006381333931", "00036000291452"]);
    expect(issues.map((i) => [i.row, i.field, i.message])).toEqual([[4, "gtin", "catalog.error.gtin"]]);
  });
  test("a schema problem is reported against the import field that fed it", () => {
    const { issues } = checkRows([["", "Bague", "or", "751", "3", "", "", "0,1234", "peut-être"]], mapping, context);
    expect(issues.map((i) => [i.row, i.field, i.message])).toEqual([
      [2, "createProduct", "catalog.import.error.boolean"],
      [2, "fineness", "catalog.error.finenessUnknown"],
      [2, "carats", "catalog.error.caratDecimals"],
    ]);
  });
});
