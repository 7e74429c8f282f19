// The pure encoder inside `qrcode`; its main entry also loads the PNG/file renderers (fs).
declare module "qrcode/lib/core/qrcode.js" {
  interface QRCodeSegment {
    data: string;
    mode: "byte" | "alphanumeric" | "numeric" | "kanji";
  }
  interface QRCodeSymbol {
    version: number;
    modules: { size: number; data: Uint8Array | boolean[] };
  }
  const core: {
    create(segments: QRCodeSegment[], options: { errorCorrectionLevel: "L" | "M" | "Q" | "H" }): QRCodeSymbol;
  };
  export default core;
}
