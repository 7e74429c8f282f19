// RFID end to end in pure code: GS1 rules, the SGTIN-96 hex checked by a bit-level decoder written
// here from the GS1 Tag Data Standard (independent of epc-tds, which the product uses), and the ZPL
// the kiosk sends.
import { describe, expect, test } from "vitest";
import {
  chooseRfidGtin,
  decodeSgtin96,
  findTemplate,
  gtinProblem,
  layoutTag,
  normalizeGtin,
  sgtin96Epc,
  TEMPLATES,
  toZpl,
  type TagContent,
} from "../../../app/domain/tags";
import { renderTag, sampleTagData } from "../../../kiosk/tag";
import { KioskError } from "../../../kiosk/messages";
import { checkPieceForm } from "../../../app/domain/schemas/piece";
import { fieldErrors } from "../../../app/domain/schemas/field-errors";

/** GS1 TDS SGTIN-96 partition table: company-prefix bits / digits, item-reference bits / digits. */
const PARTITIONS: Record<number, [number, number, number, number]> = {
  0: [40, 12, 4, 1],
  1: [37, 11, 7, 2],
  2: [34, 10, 10, 3],
  3: [30, 9, 14, 4],
  4: [27, 8, 17, 5],
  5: [24, 7, 20, 6],
  6: [20, 6, 24, 7],
};

function decodeBits(hex: string) {
  const bits = [...hex].map((h) => parseInt(h, 16).toString(2).padStart(4, "0")).join("");
  let at = 0;
  const take = (n: number) => BigInt("0b" + bits.slice(at, (at += n)));
  const header = take(8);
  const filter = Number(take(3));
  const partition = Number(take(3));
  const [cpBits, cpDigits, irBits, irDigits] = PARTITIONS[partition]!;
  const companyPrefix = take(cpBits).toString().padStart(cpDigits, "0");
  const itemRef = take(irBits).toString().padStart(irDigits, "0");
  const serial = take(38);
  // GTIN-14 = indicator (first digit of the item reference) + prefix + rest of item reference + check digit.
  const body = itemRef[0]! + companyPrefix + itemRef.slice(1);
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(body[i]) * (i % 2 === 0 ? 3 : 1);
  return { header, filter, partition, companyPrefix, itemRef, serial, gtin: body + String((10 - (sum % 10)) % 10) };
}

describe("SGTIN-96 against the GS1 Tag Data Standard's published example", () => {
  test("urn:epc:id:sgtin:0614141.812345.6789 (filter 3) is 3074257BF7194E4000001A85", () => {
    const epc = sgtin96Epc("80614141123458", 6789n, 7, 3);
    expect(epc).toEqual({ ok: true, hex: "3074257BF7194E4000001A85" });
    expect(decodeBits("3074257BF7194E4000001A85")).toEqual({
      header: 0x30n,
      filter: 3,
      partition: 5,
      companyPrefix: "0614141",
      itemRef: "812345",
      serial: 6789n,
      gtin: "80614141123458",
    });
  });

  test.each([
    ["03760123450010", "3760123", 1n],
    ["03760123450010", "376012", 274877906943n],
    ["00012345678905", "001234567", 42n],
    ["95012345678903", "501234567890", 7n],
  ])("GTIN %s under prefix %s serial %s: both decoders read back what was written", (gtin, prefix, serial) => {
    const epc = sgtin96Epc(gtin, serial, prefix.length, 1);
    if (!epc.ok) throw new Error(epc.message);
    const mine = decodeBits(epc.hex);
    expect(mine).toMatchObject({
      header: 0x30n,
      filter: 1,
      partition: 12 - prefix.length,
      companyPrefix: prefix,
      serial,
      gtin,
    });
    expect(decodeSgtin96(epc.hex, prefix.length)).toMatchObject({ ok: true, gtin, serial, companyPrefix: prefix });
  });
});

describe("GS1 rules", () => {
  test.each([
    ["4006381333931", "04006381333931", null],
    ["614141123453", null, "GTIN_CHECK_DIGIT"],
    ["96385074", "00000096385074", null],
    ["12345", null, "GTIN_LENGTH"],
    ["40063813339A1", null, "GTIN_LENGTH"],
  ] as const)("%s → %s / %s", (input, normalized, problem) => {
    expect(normalizeGtin(input)).toBe(normalized);
    expect(gtinProblem(input)).toBe(problem);
  });

  const on = { enabled: true, companyPrefix: "3760123", filter: 1 };
  test.each([
    [
      "RFID off",
      { ...on, enabled: false },
      { shopifyBarcode: "3760123450010", gtin: null },
      { ok: false, code: "RFID_DISABLED" },
    ],
    [
      "no prefix",
      { ...on, companyPrefix: null },
      { shopifyBarcode: "3760123450010", gtin: null },
      { ok: false, code: "RFID_PREFIX_MISSING" },
    ],
    [
      "barcode under the prefix wins",
      on,
      { shopifyBarcode: "3760123450010", gtin: "03760123450027" },
      { ok: true, gtin: "03760123450010", source: "shopify-barcode" },
    ],
    [
      "a SKU-like barcode falls back to the assigned GTIN",
      on,
      { shopifyBarcode: "BAG-0042", gtin: "03760123450027" },
      { ok: true, gtin: "03760123450027", source: "assigned" },
    ],
    [
      "another brand's barcode falls back to the assigned GTIN",
      on,
      { shopifyBarcode: "4006381333931", gtin: "03760123450027" },
      { ok: true, gtin: "03760123450027", source: "assigned" },
    ],
    [
      "another brand's barcode alone is refused, naming it",
      on,
      { shopifyBarcode: "4006381333931", gtin: null },
      { ok: false, code: "RFID_GTIN_NOT_SHOP_PREFIX", gtin: "04006381333931", companyPrefix: "3760123" },
    ],
    [
      "a barcode with a wrong check digit is no GTIN",
      on,
      { shopifyBarcode: "3760123450011", gtin: null },
      { ok: false, code: "RFID_NO_GTIN" },
    ],
    ["nothing at all", on, { shopifyBarcode: null, gtin: null }, { ok: false, code: "RFID_NO_GTIN" }],
  ] as const)("%s", (_name, setting, piece, expected) => {
    expect(chooseRfidGtin(setting, piece)).toEqual(expected);
  });
});

function content(extra: Partial<TagContent> = {}): TagContent {
  return {
    locale: "fr-FR",
    priceMinor: 125000n,
    currency: "EUR",
    tagCode: "7K3QX9M",
    title: "Solitaire",
    metal: { type: "gold", fineness: 750 },
    provenanceUrl: "https://bijoux.myshopify.com/apps/loupe/abc",
    ...extra,
  };
}

describe("ZPL for RFID stock", () => {
  const rfidTemplate = findTemplate("rfid-label-76x25")!;
  test("one RFID template exists and every other template is ordinary stock", () => {
    expect(TEMPLATES.filter((t) => t.rfidCapable).map((t) => t.id)).toEqual(["rfid-label-76x25"]);
  });

  test.each([203, 300, 600] as const)(
    "at %s dpi: ^RS8 then ^RFW,H,,,A with the EPC, once, inside the format",
    (dpi) => {
      const r = layoutTag(
        rfidTemplate,
        content({ rfid: { gtin: "03760123450010", serial: 12n, companyPrefixLength: 7, filter: 1 } }),
        { dpi },
      );
      if (!r.ok) throw new Error(r.message);
      const zpl = toZpl(r.layout);
      const writes = [...zpl.matchAll(/\^RFW,H,,,A\^FD([0-9A-F]+)\^FS/g)];
      expect(writes).toHaveLength(1);
      expect(decodeBits(writes[0]![1]!)).toMatchObject({
        gtin: "03760123450010",
        serial: 12n,
        filter: 1,
        companyPrefix: "3760123",
      });
      expect(zpl).toMatch(/^\^XA\^CI28.*\^RS8\^RFW,H,,,A\^FD30[0-9A-F]{22}\^FS\^XZ$/);
      expect(zpl.indexOf("^RS8")).toBeLessThan(zpl.indexOf("^RFW"));
    },
  );

  test.each(TEMPLATES.filter((t) => !t.rfidCapable).map((t) => t.id))("%s never gets an RFID command", (id) => {
    const r = layoutTag(findTemplate(id)!, content(), { dpi: 203 });
    if (!r.ok) throw new Error(r.message);
    expect(toZpl(r.layout)).not.toMatch(/\^R[A-Z]|\^HV|\^WT/);
  });
});

describe("the kiosk's renderer", () => {
  const sample = sampleTagData("fr-FR");
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (e) {
      if (e instanceof KioskError) return { code: e.code, en: e.message, fr: e.fr };
      throw e;
    }
    throw new Error("not refused");
  };

  test("the sample RFID tag writes GS1's example EPC", () => {
    const out = renderTag({ tag: sample, templateId: "rfid-label-76x25", dpi: 203, language: "zpl" });
    expect(out.zpl).toContain("^RS8^RFW,H,,,A^FD3074257BF7194E4000001A85^FS");
  });

  test("an ordinary template drops the EPC: no RFID command reaches a printer without an inlay", () => {
    const out = renderTag({ tag: sample, templateId: "shelf-50x25", dpi: 203, language: "zpl" });
    expect(out.zpl).not.toMatch(/\^R[SF]/);
    const esc = renderTag({ tag: sample, templateId: "shelf-50x25", dpi: 203, language: "escpos" });
    expect(esc.bytes.includes(Buffer.from("3074257B"))).toBe(false);
  });

  test("RFID stock without an EPC, on a receipt printer, or with an EPC the kiosk computes differently is refused in both languages", () => {
    const { rfid: _rfid, ...noRfid } = sample.content;
    expect(
      refusal(() =>
        renderTag({ tag: { ...sample, content: noRfid }, templateId: "rfid-label-76x25", dpi: 203, language: "zpl" }),
      ),
    ).toMatchObject({ code: "RFID_MISSING", fr: expect.stringContaining("support RFID") });
    expect(
      refusal(() => renderTag({ tag: sample, templateId: "rfid-label-76x25", dpi: 203, language: "escpos" })),
    ).toMatchObject({ code: "RFID_PRINTER_REQUIRED", en: expect.stringContaining("Zebra RFID printer") });
    const tampered = {
      ...sample,
      content: { ...sample.content, rfid: { ...sample.content.rfid!, epcHex: "3074257BF7194E4000001A86" } },
    };
    expect(
      refusal(() => renderTag({ tag: tampered, templateId: "rfid-label-76x25", dpi: 203, language: "zpl" })),
    ).toMatchObject({ code: "RFID_MISMATCH" });
  });

  test("a provisional EPC (a lookup's next serial) is never printed, only shown in a preview file", () => {
    const provisional = {
      ...sample,
      content: { ...sample.content, rfid: { ...sample.content.rfid!, provisional: true } },
    };
    expect(
      refusal(() => renderTag({ tag: provisional, templateId: "rfid-label-76x25", dpi: 203, language: "zpl" })),
    ).toMatchObject({
      code: "RFID_SERIAL_PENDING",
      en: expect.stringContaining("no serial yet"),
      fr: expect.stringContaining("pas encore de numéro de série"),
    });
    expect(
      renderTag({ tag: provisional, templateId: "rfid-label-76x25", dpi: 203, language: "zpl", preview: true }).zpl,
    ).toContain("^FD3074257BF7194E4000001A85^FS");
    // On ordinary stock the EPC is dropped anyway, provisional or not.
    expect(renderTag({ tag: provisional, templateId: "shelf-50x25", dpi: 203, language: "zpl" }).zpl).not.toMatch(
      /\^R[SF]/,
    );
  });
});

describe("the GTIN a shop assigns at intake", () => {
  const NOW = new Date("2026-11-26T12:00:00Z");
  const form = (gtin?: string) => ({
    title: "Bague",
    link: "none",
    metals: [],
    stones: [],
    certificates: [],
    consignment: null,
    ...(gtin === undefined ? {} : { gtin }),
  });
  const check = (gtin: string | undefined, locale: "en" | "fr" = "en") =>
    checkPieceForm(form(gtin), {
      locale: locale === "fr" ? "fr-FR" : "en-GB",
      currency: "EUR",
      canSeeCost: true,
      now: NOW,
    });

  test("is kept as a GTIN-14 when its check digit is right (spaces and hyphens as typed are ignored)", () => {
    expect(check("376 0123 45001 0")).toMatchObject({ ok: true, value: { gtin: "03760123450010" } });
    expect(check(undefined)).toMatchObject({ ok: true, value: { gtin: null } });
  });

  test("a wrong check digit or length is refused beside the field, in English and French", () => {
    for (const bad of ["3760123450011", "12345", "3760123A50010"]) {
      const r = check(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(fieldErrors(r.issues, "en")).toEqual({ gtin: expect.stringMatching(/check digit/) });
      const fr = check(bad, "fr");
      if (!fr.ok) expect(fieldErrors(fr.issues, "fr")).toEqual({ gtin: expect.stringMatching(/clé de contrôle/) });
    }
  });
});
