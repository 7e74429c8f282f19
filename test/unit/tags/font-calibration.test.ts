import { describe, expect, test } from "vitest";
import { PNG } from "pngjs";
import { escapeZplFieldData, textWidthDots, toPrinterText } from "../../../app/domain/tags";
import { zplToPng } from "../../../kiosk/render";

async function inkWidth(text: string, fontDots: number): Promise<number> {
  const zpl = `^XA^CI28^FO10,10^A0N,${fontDots},${fontDots}^FH\\^FD${escapeZplFieldData(toPrinterText(text))}^FS^XZ`;
  const img = PNG.sync.read(await zplToPng(zpl, 150, 10, 203));
  let min = Infinity;
  let max = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (img.data[(y * img.width + x) * 4]! < 128) {
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
    }
  }
  return max - min + 1;
}

// The width table was measured with this renderer (`H` + 10 × char + `H`, 60-dot font); these
// strings check that its estimate never falls short of the ink and stays close to it.
describe("font 0 width estimate against the renderer", () => {
  test.each([
    ["1 250,00 €", 24],
    ["Or 750 ‰ · 18 k", 12],
    ["Gold 750 · 18k", 12],
    ["0,52 ct G VS1 · GIA 2141234567", 11],
    ["Émeraude coussin WWW", 16],
    ["LP-000123", 11],
  ])("%j at %s dots", async (text, font) => {
    const estimate = textWidthDots(text, font);
    const ink = await inkWidth(text, font);
    expect(estimate).toBeGreaterThanOrEqual(ink);
    expect(estimate).toBeLessThanOrEqual(Math.ceil(ink * 1.15) + 2);
  });
});
