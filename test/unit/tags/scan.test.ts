import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { PNG } from "pngjs";
import { TEMPLATES, layoutTag, toZpl, type Dpi, type TagLayout } from "../../../app/domain/tags";
import { zplToPng } from "../../../kiosk/render";
import { URL, sampleContent } from "./fixtures";

const TMP = join(process.cwd(), "test/.tmp/tags");
mkdirSync(TMP, { recursive: true });

function decode(file: string, symbology?: "qrcode" | "code128"): string[] {
  const args = symbology ? ["-Sdisable", `-S${symbology}.enable`, "--raw", "-q", file] : ["--raw", "-q", file];
  try {
    const out = execFileSync("zbarimg", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return out.split("\n").filter((l) => l !== "");
  } catch {
    return []; // zbarimg exits 4 when it finds nothing
  }
}

function layoutOf(templateId: string, dpi: Dpi, backWingRotated = false): TagLayout {
  const template = TEMPLATES.find((t) => t.id === templateId)!;
  const result = layoutTag(template, sampleContent(), { dpi, backWingRotated });
  if (!result.ok) throw new Error(`${templateId}@${dpi}: ${result.code} ${result.message}`);
  return result.layout;
}

const cases = TEMPLATES.flatMap((t) =>
  ([203, 300] as const).flatMap((dpi) =>
    (t.zones.some((z) => z.role === "back-wing") ? [false, true] : [false]).map((rotated) => ({
      id: t.id,
      dpi,
      rotated,
    })),
  ),
);

describe("printed tags scan back to their tag code and provenance URL", () => {
  test.each(cases)("$id at $dpi dpi (back wing turned: $rotated)", async ({ id, dpi, rotated }) => {
    const layout = layoutOf(id, dpi, rotated);
    const template = TEMPLATES.find((t) => t.id === id)!;
    const png = await zplToPng(toZpl(layout), template.widthMm, template.heightMm, dpi);
    const file = join(TMP, `${id}-${dpi}${rotated ? "-rot" : ""}.png`);
    writeFileSync(file, png);
    expect(decode(file, "code128")).toEqual(["LP-000123"]);
    const hasQr = layout.elements.some((e) => e.kind === "qr");
    expect(decode(file, "qrcode")).toEqual(hasQr ? [URL] : []);
  });
});

describe("the preview PNG puts barcodes where the layout says", () => {
  function inkBox(png: Buffer, area: { x: number; y: number; width: number; height: number }) {
    const img = PNG.sync.read(png);
    let minX = Infinity,
      maxX = -1,
      minY = Infinity,
      maxY = -1;
    for (let y = area.y; y < area.y + area.height; y++) {
      for (let x = area.x; x < area.x + area.width; x++) {
        if (img.data[(y * img.width + x) * 4]! < 128) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
      }
    }
    return { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
  }

  test.each(["barbell-56x13", "shelf-50x25"])("%s: Code128 and QR boxes match the layout to the dot", async (id) => {
    const layout = layoutOf(id, 203);
    const template = TEMPLATES.find((t) => t.id === id)!;
    const png = await zplToPng(toZpl(layout), template.widthMm, template.heightMm, 203);
    for (const el of layout.elements.filter((e) => e.kind === "code128" || e.kind === "qr")) {
      const pad = 2;
      const area = {
        x: el.bounds.x - pad,
        y: el.bounds.y - pad,
        width: el.bounds.width + 2 * pad,
        height: el.bounds.height + 2 * pad,
      };
      expect(inkBox(png, area), el.kind).toEqual(el.bounds);
    }
  });
});
