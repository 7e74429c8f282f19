// The human-readable tag code under the barcode: large enough to read on the printed tag, grouped
// "7P30-39M", and the barcode still carrying the code exactly as stored (old codes included).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import { describe, expect, test } from "vitest";
import { luhnCheckSymbol } from "../../../app/domain/tagcode";
import { TEMPLATES, dotsPerMm, layoutTag, toZpl, type Dpi, type TextElement } from "../../../app/domain/tags";
import { toEscPos, zplToPng } from "../../../kiosk/render";
import { sampleContent } from "./fixtures";

const TMP = join(process.cwd(), "test/.tmp/tags-code-text");
mkdirSync(TMP, { recursive: true });

/** A code as Loupe issues them now, and one issued before, with the "Q" that read as "0". */
const NEW_CODE = "7P3039M";
const OLD_CODE = `7K3QX9${luhnCheckSymbol("7K3QX9")}`;

/**
 * Font height (the ZPL `^A0` cell) of the code line per template, in mm. It was 1.4 mm on the
 * barbell 56 × 13 and the small tag (1.2 on the barbell 60 × 11), about 1.1 mm of ink.
 */
const CODE_FONT_MM: Record<string, number> = {
  "barbell-56x13": 2.2,
  "barbell-60x11": 2.0,
  "small-25x15": 2.2,
  "card-86x54": 3.0,
  "shelf-50x25": 2.8,
  "rfid-label-76x25": 2.6,
};

function codeLine(templateId: string, dpi: Dpi, tagCode: string) {
  const template = TEMPLATES.find((t) => t.id === templateId)!;
  const result = layoutTag(template, sampleContent({ tagCode }), { dpi });
  if (!result.ok) throw new Error(`${templateId}@${dpi}: ${result.message}`);
  const text = result.layout.elements.find((e): e is TextElement => e.field === "tagCodeText");
  if (!text) throw new Error("no tag code line");
  return { template, layout: result.layout, text };
}

function zbar(file: string): string[] {
  try {
    const out = execFileSync("zbarimg", ["-Sdisable", "-Scode128.enable", "--raw", "-q", file], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return out.split("\n").filter((l) => l !== "");
  } catch {
    return [];
  }
}

describe("every piece template prints the code line at its stated size, grouped", () => {
  test("the table covers every piece template", () => {
    expect(Object.keys(CODE_FONT_MM).sort()).toEqual(TEMPLATES.map((t) => t.id).sort());
  });

  const cases = TEMPLATES.flatMap((t) => ([203, 300, 600] as const).map((dpi) => ({ id: t.id, dpi })));
  test.each(cases)("$id at $dpi dpi: ZPL font height in dots ÷ dots per mm", ({ id, dpi }) => {
    const { layout } = codeLine(id, dpi, NEW_CODE);
    const zpl = toZpl(layout);
    const line = /\^A0N,(\d+),(\d+)\^FH\\\^FD7P30-39M\^FS/.exec(zpl);
    expect(line, zpl).not.toBeNull();
    const heightMm = Number(line![1]) / dotsPerMm(dpi);
    // Dots are whole: 2.2 mm at 12 dots/mm is 26 dots, 2.17 mm.
    expect(heightMm).toBeGreaterThanOrEqual(Math.floor(CODE_FONT_MM[id]! * dotsPerMm(dpi)) / dotsPerMm(dpi));
    expect(heightMm).toBeLessThanOrEqual(CODE_FONT_MM[id]! + 0.1);
    // The barcode carries the code as stored, without the hyphen.
    expect(zpl).toContain("^FH\\^FD7P3039M^FS");
  });
});

describe("on the printed image", () => {
  const cases = TEMPLATES.flatMap((t) =>
    ([203, 300] as const).flatMap((dpi) => [NEW_CODE, OLD_CODE].map((code) => ({ id: t.id, dpi, code }))),
  );
  test.each(cases)(
    "$id at $dpi dpi, $code: the code's ink is at least 1.5 mm high and the barcode scans",
    async ({ id, dpi, code }) => {
      const { template, layout, text } = codeLine(id, dpi, code);
      const png = await zplToPng(toZpl(layout), template.widthMm, template.heightMm, dpi);
      const file = join(TMP, `${id}-${dpi}-${code}.png`);
      writeFileSync(file, png);
      const img = PNG.sync.read(png);
      let top = Infinity;
      let bottom = -1;
      const { x, y, width, height } = text.bounds;
      for (let row = y; row < y + height; row++)
        for (let col = x; col < x + width; col++)
          if (img.data[(row * img.width + col) * 4]! < 128) {
            top = Math.min(top, row);
            bottom = Math.max(bottom, row);
          }
      // Capitals and digits: about 0.77 of the font height on the preview; the 1.4 mm font gave 1.1 mm.
      expect((bottom - top + 1) / dotsPerMm(dpi)).toBeGreaterThanOrEqual(1.5);
      expect(text.text).toBe(`${code.slice(0, 4)}-${code.slice(4)}`);
      expect(zbar(file)).toEqual([code]);
    },
  );
});

describe("ESC/POS", () => {
  test.each(["epson", "star"] as const)(
    "%s: the code line is grouped, the barcode data is the code as stored",
    (type) => {
      const { layout } = codeLine("shelf-50x25", 203, OLD_CODE);
      const bytes = toEscPos(layout, type);
      expect(bytes.includes(Buffer.from(`\n${OLD_CODE.slice(0, 4)}-${OLD_CODE.slice(4)}\n`))).toBe(true);
      expect(bytes.includes(Buffer.from(OLD_CODE))).toBe(true);
    },
  );
});
