import { describe, expect, test } from "vitest";
import {
  TEMPLATES,
  decodeSgtin96,
  escapeZplFieldData,
  layoutTag,
  rfidZpl,
  sgtin96Epc,
  toSvg,
  toZpl,
  type Dpi,
  type TagLayout,
} from "../../../app/domain/tags";
import { epsonQrBytes, previewZpl, starQrBytes, toEscPos } from "../../../kiosk/render";
import { URL, sampleContent } from "./fixtures";

function layoutOf(id: string, dpi: Dpi, extra: Parameters<typeof sampleContent>[0] = {}, rotated = false): TagLayout {
  const r = layoutTag(
    TEMPLATES.find((t) => t.id === id)!,
    sampleContent(extra),
    { dpi, backWingRotated: rotated },
  );
  if (!r.ok) throw new Error(r.message);
  return r.layout;
}

describe("ZPL escaping: ^FH\\ with backslash as the hex indicator", () => {
  test.each([
    ["Prix ^XZ", "Prix \\5EXZ"],
    ["~JA reset", "\\7EJA reset"],
    ["C:\\temp", "C:\\5Ctemp"],
    ["line\nbreak\ttab\x7f", "line\\0Abreak\\09tab\\7F"],
    ["snake_case 18 k", "snake_case 18 k"],
    ["Émeraude 🇫🇷 €", "Émeraude 🇫🇷 €"],
  ])("%j → %j", (input, escaped) => {
    expect(escapeZplFieldData(input)).toBe(escaped);
  });
  test("user text reaches the ZPL only escaped, inside ^FH\\^FD…^FS", () => {
    const zpl = toZpl(layoutOf("shelf-50x25", 203, { title: "Bague ^XZ~JA\\" }));
    expect(zpl).toContain("^FH\\^FDBague \\5EXZ\\7EJA\\5C^FS");
    expect(zpl.match(/\^XZ/g)).toHaveLength(1);
    expect(zpl).not.toContain("~JA");
  });
});

describe("ZPL document", () => {
  test.each([
    [203, 448, 104],
    [300, 672, 156],
    [600, 1344, 312],
  ] as const)("barbell-56x13 at %s dpi is ^PW%s ^LL%s, UTF-8, one format", (dpi, pw, ll) => {
    const zpl = toZpl(layoutOf("barbell-56x13", dpi));
    expect(zpl.startsWith("^XA^CI28")).toBe(true);
    expect(zpl).toContain(`^PW${pw}^LL${ll}^LH0,0`);
    expect(zpl.endsWith("^XZ")).toBe(true);
    expect(zpl).toMatch(/\^BQN,2,\d+\^FH\\\^FDMA,https:\/\/bijoux-demo/);
    expect(zpl).toMatch(/\^BCN,\d+,N,N,N,A\^FH\\\^FDLP-000123\^FS/);
  });
  test.each([
    [{ offsetXmm: 1, offsetYmm: 0.5, darkness: 25, speedIps: 3 }, ["~SD25^XA", "^LH8,4", "^PR3"]],
    [{ offsetXmm: -1, offsetYmm: -0.5 }, ["^LH0,0^LS8^LT-4"]],
  ])("calibration %j becomes %j", (calibration, fragments) => {
    const zpl = toZpl(layoutOf("small-25x15", 203), calibration);
    for (const f of fragments) expect(zpl).toContain(f);
  });
  test("an out-of-range calibration is refused", () => {
    expect(() => toZpl(layoutOf("small-25x15", 203), { darkness: 31 })).toThrow(/darkness/);
  });
  test("a rotated back wing prints with I orientation", () => {
    const zpl = toZpl(layoutOf("barbell-56x13", 203, {}, true));
    expect(zpl).toMatch(/\^A0I,/);
    expect(zpl).toMatch(/\^A0N,/);
  });
});

describe("the SVG preview and the ZPL place every element at the same origin", () => {
  const cases = TEMPLATES.flatMap((t) => ([203, 300, 600] as const).map((dpi) => ({ id: t.id, dpi })));
  test.each(cases)("$id at $dpi dpi", ({ id, dpi }) => {
    const layout = layoutOf(id, dpi, {}, true);
    const zplOrigins = [...toZpl(layout).matchAll(/\^FO(\d+),(\d+)/g)].map((m) => `${m[1]},${m[2]}`);
    const svgOrigins = [...toSvg(layout).matchAll(/data-x="(\d+)" data-y="(\d+)"/g)].map((m) => `${m[1]},${m[2]}`);
    expect(svgOrigins).toEqual(zplOrigins);
    expect(svgOrigins.length).toBe(layout.elements.length);
  });
});

describe("RFID: SGTIN-96 through epc-tds, partition derived from the prefix length", () => {
  const gtin = "03760123450010";
  test.each([6, 7, 9, 12])("round trip with a %s-digit company prefix", (cpl) => {
    const epc = sgtin96Epc(gtin, 274877906943n, cpl);
    if (!epc.ok) throw new Error(epc.message);
    expect(decodeSgtin96(epc.hex, cpl)).toMatchObject({
      ok: true,
      gtin,
      serial: 274877906943n,
      partition: 12 - cpl,
      filter: 1,
    });
  });
  test.each([
    ["03760123450014", 1n, 7, "GTIN_INVALID"],
    [gtin, 1n, 5, "COMPANY_PREFIX_LENGTH_INVALID"],
    [gtin, 1n, 13, "COMPANY_PREFIX_LENGTH_INVALID"],
    [gtin, 1n << 38n, 7, "SERIAL_INVALID"],
  ] as const)("refuses %s serial %s prefix %s: %s", (g, serial, cpl, code) => {
    expect(sgtin96Epc(g, serial, cpl)).toMatchObject({ ok: false, code });
  });
  test("decoding refuses an EPC whose partition does not match the expected prefix length", () => {
    const epc = sgtin96Epc(gtin, 42n, 7);
    if (!epc.ok) throw new Error(epc.message);
    expect(decodeSgtin96(epc.hex, 9)).toMatchObject({ ok: false, code: "PARTITION_MISMATCH" });
  });
  test("the EPC write is appended to the tag's ZPL and stripped from the preview", () => {
    const layout = layoutOf("rfid-label-76x25", 203, { rfid: { gtin, serial: 42n, companyPrefixLength: 7 } });
    const zpl = toZpl(layout);
    expect(zpl).toContain(`^RS8^RFW,H,,,A^FD${layout.rfidEpcHex}^FS^XZ`);
    expect(rfidZpl(layout.rfidEpcHex!)).toMatch(/^\^RS8\^RFW,H,,,A\^FD30[0-9A-F]{22}\^FS$/);
    expect(previewZpl(zpl)).not.toMatch(/\^R[SF]/);
  });
  test("a template without an inlay refuses RFID content", () => {
    const r = layoutTag(
      TEMPLATES.find((t) => t.id === "small-25x15")!,
      sampleContent({ rfid: { gtin, serial: 1n, companyPrefixLength: 7 } }),
      { dpi: 203 },
    );
    expect(r).toMatchObject({ ok: false, code: "RFID_NOT_SUPPORTED" });
  });
});

describe("ESC/POS bytes", () => {
  const hex = (b: Buffer) => b.toString("hex");
  test("Epson: Code128 as GS k 73 with {B and the QR store length counted in bytes", () => {
    const bytes = toEscPos(layoutOf("shelf-50x25", 203), "epson");
    const code = Buffer.from("LP-000123");
    expect(hex(bytes)).toContain(
      hex(Buffer.concat([Buffer.from([0x1d, 0x6b, 73, code.length + 2, 0x7b, 0x42]), code])),
    );
    const n = Buffer.byteLength(URL) + 3;
    expect(hex(bytes)).toContain(
      hex(
        Buffer.concat([
          Buffer.from([0x1d, 0x28, 0x6b, n & 0xff, n >> 8, 0x31, 0x50, 0x30]),
          Buffer.from(URL),
          Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]),
        ]),
      ),
    );
  });
  test("Epson QR length counts UTF-8 bytes, not characters", () => {
    const b = epsonQrBytes("é", 4, "M");
    expect([...b.subarray(25, 34)]).toEqual([0x1d, 0x28, 0x6b, 5, 0, 0x31, 0x50, 0x30, 0xc3]);
  });
  test("Star: the QR carries the data command the library leaves out", () => {
    const bytes = toEscPos(layoutOf("shelf-50x25", 203), "star");
    const n = Buffer.byteLength(URL);
    expect(hex(bytes)).toContain(
      hex(
        Buffer.concat([
          Buffer.from([0x1b, 0x1d, 0x79, 0x44, 0x31, 0x00, n & 0xff, n >> 8]),
          Buffer.from(URL),
          Buffer.from([0x1b, 0x1d, 0x79, 0x50]),
        ]),
      ),
    );
    expect(hex(starQrBytes("ab", 3, "Q"))).toBe("1b1d795330021b1d795331021b1d795332031b1d79443100020061621b1d7950");
  });
  test("prices print with the euro sign in code page 858 and no emoji bytes", () => {
    const bytes = toEscPos(layoutOf("shelf-50x25", 203, { title: "Bague 💍" }), "epson");
    expect(bytes.includes(Buffer.from("1 250,00 \xd5", "latin1"))).toBe(true);
    expect(bytes.includes(Buffer.from("Bague ?", "latin1"))).toBe(true);
  });
});

describe("DataMatrix option for the tag code", () => {
  test.each([203, 300, 600] as const)("small-25x15 at %s dpi prints ^BX and previews at the same origin", (dpi) => {
    const r = layoutTag(
      TEMPLATES.find((t) => t.id === "small-25x15")!,
      sampleContent(),
      {
        dpi,
        overrides: { tagCode: { symbology: "datamatrix", heightMm: 4.5 } },
      },
    );
    if (!r.ok) throw new Error(r.message);
    const dm = r.layout.elements.find((e) => e.kind === "datamatrix");
    expect(dm).toBeDefined();
    const zpl = toZpl(r.layout);
    expect(zpl).toContain(`^FO${dm!.x},${dm!.y}^BXN,`);
    expect(toSvg(r.layout)).toContain(`data-field="tagCode" data-x="${dm!.x}" data-y="${dm!.y}"`);
    expect(toEscPos.bind(null, r.layout, "epson")).toThrow(/Code128/);
  });
});
