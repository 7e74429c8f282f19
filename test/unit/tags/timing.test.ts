import { describe, expect, test } from "vitest";
import { TEMPLATES, layoutTag, toSvg, toZpl } from "../../../app/domain/tags";
import { zplToPng } from "../../../kiosk/render";
import { sampleContent } from "./fixtures";

// Prints figures for the README; timing depends on the machine, so nothing asserts on it.
describe("cost of one tag (printed, not asserted)", () => {
  test("ZPL, layout, SVG and PNG preview for barbell-56x13 at 203 dpi", async () => {
    const template = TEMPLATES.find((t) => t.id === "barbell-56x13")!;
    const r = layoutTag(template, sampleContent(), { dpi: 203 });
    if (!r.ok) throw new Error(r.message);
    const n = 2000;
    let zpl = "";
    let t0 = performance.now();
    for (let i = 0; i < n; i++) zpl = toZpl(r.layout);
    const zplMs = (performance.now() - t0) / n;
    t0 = performance.now();
    for (let i = 0; i < 200; i++) layoutTag(template, sampleContent(), { dpi: 203 });
    const layoutMs = (performance.now() - t0) / 200;
    t0 = performance.now();
    for (let i = 0; i < 50; i++) toSvg(r.layout);
    const svgMs = (performance.now() - t0) / 50;
    await zplToPng(zpl, template.widthMm, template.heightMm, 203); // warm the wasm
    t0 = performance.now();
    for (let i = 0; i < 5; i++) await zplToPng(zpl, template.widthMm, template.heightMm, 203);
    const pngMs = (performance.now() - t0) / 5;
    process.stdout.write(
      `tag timing: toZpl ${zplMs.toFixed(4)} ms, layoutTag ${layoutMs.toFixed(3)} ms, toSvg ${svgMs.toFixed(2)} ms, zplToPng ${pngMs.toFixed(1)} ms\n`,
    );
    expect(zpl.length).toBeGreaterThan(0);
  });
});
