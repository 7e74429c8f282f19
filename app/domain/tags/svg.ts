import { code128Pattern, dataMatrixMatrix, qrMatrix, type ModuleMatrix } from "./codes";
import { ACCENT_RISE, toPrinterText } from "./fontMetrics";
import type { LayoutElement, TagLayout } from "./layout";

/** Cap height of font 0 as the renderer draws it (0.74 of the font height, measured). */
const CAP_HEIGHT = 0.74;

function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function matrixRects(m: ModuleMatrix, x: number, y: number, cell: number, rotated: boolean): string {
  let out = "";
  for (let r = 0; r < m.size; r++) {
    for (let c = 0; c < m.size; c++) {
      if (!m.dark[r * m.size + c]) continue;
      const rr = rotated ? m.size - 1 - r : r;
      const cc = rotated ? m.size - 1 - c : c;
      out += `<rect x="${x + cc * cell}" y="${y + rr * cell}" width="${cell}" height="${cell}"/>`;
    }
  }
  return out;
}

function elementSvg(el: LayoutElement): string {
  const attrs = `data-field="${el.field}" data-x="${el.x}" data-y="${el.y}"`;
  switch (el.kind) {
    case "text": {
      // Drawn upright inside its bounds, then turned about their centre like a ZPL `I` field.
      const top = el.rotation === 180 ? el.bounds.y + Math.ceil(el.fontDots * ACCENT_RISE) : el.y;
      const baseline = top + Math.round(el.fontDots * CAP_HEIGHT);
      const cx = el.bounds.x + el.bounds.width / 2;
      const cy = el.bounds.y + el.bounds.height / 2;
      const transform = el.rotation === 180 ? ` transform="rotate(180 ${cx} ${cy})"` : "";
      return `<text ${attrs} x="${el.x}" y="${baseline}" font-size="${el.fontDots}" textLength="${el.widthDots}" lengthAdjust="spacingAndGlyphs"${transform}>${xml(toPrinterText(el.text))}</text>`;
    }
    case "code128": {
      const pattern = code128Pattern(el.data);
      let offset = 0;
      let bars = "";
      pattern.forEach((w, i) => {
        if (i % 2 === 0) {
          const start = el.rotation === 180 ? el.widthDots - (offset + w) * el.moduleDots : offset * el.moduleDots;
          bars += `<rect x="${el.x + start}" y="${el.y}" width="${w * el.moduleDots}" height="${el.heightDots}"/>`;
        }
        offset += w;
      });
      return `<g ${attrs}>${bars}</g>`;
    }
    case "datamatrix":
      return `<g ${attrs}>${matrixRects(dataMatrixMatrix(el.data), el.x, el.y, el.moduleDots, el.rotation === 180)}</g>`;
    case "qr":
      return `<g ${attrs}>${matrixRects(qrMatrix(el.data, el.errorCorrection ?? "M"), el.x, el.y, el.moduleDots, false)}</g>`;
    case "rule":
      return `<rect ${attrs} x="${el.x}" y="${el.y}" width="${el.widthDots}" height="${el.heightDots}"/>`;
  }
}

/**
 * Preview in printer dots (1 user unit = 1 dot), positioned exactly as in the ZPL: every
 * element carries the same `^FO` origin as `data-x`/`data-y`. Blank zones are shaded.
 */
export function toSvg(layout: TagLayout): string {
  const blank = layout.blankZones
    .map((z) => `<rect class="blank-zone" x="${z.x}" y="${z.y}" width="${z.width}" height="${z.height}" fill="#eee"/>`)
    .join("");
  const body = layout.elements.map(elementSvg).join("");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.widthMm}mm" height="${layout.heightMm}mm" ` +
    `viewBox="0 0 ${layout.widthDots} ${layout.heightDots}" shape-rendering="crispEdges">` +
    `<rect width="${layout.widthDots}" height="${layout.heightDots}" fill="#fff" stroke="#999"/>${blank}` +
    `<g fill="#000" font-family="Helvetica, Arial, sans-serif">${body}</g></svg>`
  );
}
