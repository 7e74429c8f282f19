import bwipjs from "bwip-js/generic";
import QRCodeCore from "qrcode/lib/core/qrcode.js";

/** Bars of a Code128 symbol as alternating bar/space widths in modules, bar first. */
export function code128Pattern(data: string): number[] {
  const raw = bwipjs.raw("code128", data, {});
  const first = raw[0];
  if (!first || !("sbs" in first)) throw new Error("bwip-js returned no Code128 pattern");
  return first.sbs;
}

export function code128Modules(data: string): number {
  return code128Pattern(data).reduce((a, b) => a + b, 0);
}

export interface ModuleMatrix {
  size: number;
  /** Row-major, 1 = dark. */
  dark: Uint8Array;
}

/** DataMatrix ECC200 (square), the same symbol size a Zebra `^BX…,200` chooses for short ASCII. */
export function dataMatrixMatrix(data: string): ModuleMatrix {
  const raw = bwipjs.raw("datamatrix", data, {});
  const first = raw[0];
  if (!first || !("pixs" in first)) throw new Error("bwip-js returned no DataMatrix matrix");
  return { size: first.pixx, dark: Uint8Array.from(first.pixs) };
}

/**
 * QR in byte mode: the mode a Zebra `^BQ` automatic input uses for a lower-case URL, so the
 * version (and the symbol size) matches the printed one.
 */
export function qrMatrix(data: string, errorCorrection: "M" | "Q"): ModuleMatrix {
  const qr = QRCodeCore.create([{ data, mode: "byte" }], { errorCorrectionLevel: errorCorrection });
  return { size: qr.modules.size, dark: Uint8Array.from(qr.modules.data as ArrayLike<number>) };
}
