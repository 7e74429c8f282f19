import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { locationCodeFromDigest, readLocationCode } from "../../../app/domain/locations/code";
import { buildLocationLabelData, LOCATION_LABEL_TEMPLATE_ID } from "../../../app/domain/locations/label";
import { LOCATION_LABEL_TEMPLATE, TEMPLATES, findTemplate } from "../../../app/domain/tags";
import { zplToPng } from "../../../kiosk/render";
import { renderTag } from "../../../kiosk/tag";

const TMP = join(process.cwd(), "test/.tmp/tags");
mkdirSync(TMP, { recursive: true });

function decodeCode128(file: string): string[] {
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

const code = locationCodeFromDigest(createHash("sha256").update("cm-tray-5").digest());
const place = { name: "Plateau 5", path: "Boutique Paris > Coffre 1 > Plateau 5", code };

describe("location labels", () => {
  test("are not offered as piece templates, but the kiosk finds them", () => {
    expect(TEMPLATES.some((t) => t.id === LOCATION_LABEL_TEMPLATE_ID)).toBe(false);
    expect(findTemplate(LOCATION_LABEL_TEMPLATE_ID)).toBe(LOCATION_LABEL_TEMPLATE);
  });

  test.each([203, 300] as const)("ZPL at %i dpi has name and path, and its Code128 scans to the code", async (dpi) => {
    const built = buildLocationLabelData(place, "fr-FR");
    if (!built.ok) throw new Error(built.refusal.code);
    const rendered = renderTag({ tag: built.data, templateId: LOCATION_LABEL_TEMPLATE_ID, dpi, language: "zpl" });
    const zpl = rendered.zpl!;
    expect(zpl).toContain(code);
    expect(zpl).toContain("Plateau 5");
    expect(zpl).toContain("Coffre 1");
    expect(zpl).toContain("^BC");
    const png = await zplToPng(zpl, 50, 25, dpi);
    const file = join(TMP, `location-50x25-${dpi}.png`);
    writeFileSync(file, png);
    const scanned = decodeCode128(file);
    expect(scanned).toEqual([code]);
    expect(readLocationCode(scanned[0]!)).toEqual({ kind: "location", code });
  });

  test("an ESC/POS receipt printer prints it too", () => {
    const built = buildLocationLabelData(place, "en-US");
    if (!built.ok) throw new Error(built.refusal.code);
    const rendered = renderTag({
      tag: built.data,
      templateId: LOCATION_LABEL_TEMPLATE_ID,
      dpi: 203,
      language: "escpos",
    });
    expect(rendered.zpl).toBeUndefined();
    expect(rendered.bytes.length).toBeGreaterThan(0);
    expect(rendered.bytes.toString("latin1")).toContain(code);
  });

  test("a long path is shortened to fit, never overflowing the label", () => {
    const built = buildLocationLabelData(
      { ...place, path: "Boutique des Champs-Élysées > Coffre principal du sous-sol > Vitrine 12 > Plateau 5" },
      "fr-FR",
    );
    if (!built.ok) throw new Error(built.refusal.code);
    const rendered = renderTag({ tag: built.data, templateId: LOCATION_LABEL_TEMPLATE_ID, dpi: 203, language: "zpl" });
    for (const el of rendered.layout.elements) expect(el.bounds.x + el.bounds.width).toBeLessThanOrEqual(400);
  });

  test("characters the printer fonts lack are refused", () => {
    const built = buildLocationLabelData({ ...place, name: "Tray 🙂" }, "en-US");
    expect(built).toEqual({ ok: false, refusal: { code: "TEXT_UNPRINTABLE", field: "title", characters: ["🙂"] } });
  });
});
