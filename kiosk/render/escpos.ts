import { CharacterSet, PrinterTypes, ThermalPrinter } from "node-thermal-printer";
import { graphemes, toPrinterText, type TagLayout } from "../../app/domain/tags";

export type EscPosPrinterType = "epson" | "star";

export class EscPosRefusal extends Error {}

const GS = 0x1d;
const ESC = 0x1b;

/** Epson GS ( k: the QR length is the byte count + 3, so multi-byte text is counted right. */
export function epsonQrBytes(data: string, moduleDots: number, errorCorrection: "M" | "Q"): Buffer {
  const bytes = Buffer.from(data, "utf8");
  const storeLength = bytes.length + 3;
  if (storeLength > 0xffff) throw new EscPosRefusal("QR data too long for ESC/POS");
  return Buffer.concat([
    Buffer.from([GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]), // model 2
    Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, moduleDots]), // module size
    Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, errorCorrection === "Q" ? 0x32 : 0x31]),
    Buffer.from([GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30]),
    bytes,
    Buffer.from([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]), // print
  ]);
}

/**
 * Star ESC GS y: node-thermal-printer 4.6.1 leaves out the "ESC GS y D 1 0" data command before
 * the length, so its QR never prints; this is the full sequence.
 */
export function starQrBytes(data: string, moduleDots: number, errorCorrection: "M" | "Q"): Buffer {
  const bytes = Buffer.from(data, "utf8");
  if (bytes.length > 7089) throw new EscPosRefusal("QR data too long for a Star printer");
  return Buffer.concat([
    Buffer.from([ESC, GS, 0x79, 0x53, 0x30, 0x02]), // model 2
    Buffer.from([ESC, GS, 0x79, 0x53, 0x31, errorCorrection === "Q" ? 0x02 : 0x01]),
    Buffer.from([ESC, GS, 0x79, 0x53, 0x32, Math.min(8, Math.max(1, moduleDots))]),
    Buffer.from([ESC, GS, 0x79, 0x44, 0x31, 0x00, bytes.length & 0xff, bytes.length >> 8]),
    bytes,
    Buffer.from([ESC, GS, 0x79, 0x50]), // print
  ]);
}

/** Star ESC b: Code128, no human-readable line, minimum module 2 dots, height in dots. */
export function starCode128Bytes(data: string, heightDots: number): Buffer {
  return Buffer.concat([
    Buffer.from([ESC, 0x62, 0x36, 0x31, 0x31, Math.min(255, Math.max(1, heightDots))]),
    Buffer.from(data, "ascii"),
    Buffer.from([0x1e]),
  ]);
}

function printableLine(text: string): string {
  // Receipt code pages have no emoji or CJK: show a visible "?" for each grapheme outside
  // Latin-1 and €, rather than let the library guess a code page per character.
  return graphemes(toPrinterText(text))
    .map((g) => (/^[\x20-\x7E\u00A0-\u00FF€‰…·œŒ]$/.test(g.normalize("NFC")) ? g.normalize("NFC") : "?"))
    .join("");
}

/**
 * ESC/POS bytes for a receipt-style tag made from the same layout: text lines in reading order,
 * then the Code128 tag code, then the provenance QR. Positions are the printer's (one column);
 * what is printed is what the layout decided, shortened texts included.
 */
export function toEscPos(layout: TagLayout, printerType: EscPosPrinterType): Buffer {
  const printer = new ThermalPrinter({
    type: printerType === "star" ? PrinterTypes.STAR : PrinterTypes.EPSON,
    // No interface: nothing is opened; the bytes are only collected.
    interface: "",
    characterSet: CharacterSet.PC858_EURO,
    removeSpecialCharacters: false,
  });
  printer.clear();
  printer.alignLeft();
  // Layout order is the template's reading order.
  const ordered = layout.elements;
  for (const el of ordered) {
    if (el.kind === "text") printer.println(printableLine(el.text));
  }
  for (const el of ordered) {
    if (el.kind === "code128") {
      const height = Math.min(255, el.heightDots * 2);
      if (printerType === "epson") {
        // type 73 = Code128 with the {B subset prefix; code128() types its width setting wrongly.
        printer.printBarcode(el.data, 73, { hriPos: 0, hriFont: 0, width: 2, height });
      } else {
        printer.add(starCode128Bytes(el.data, height));
      }
      printer.newLine();
    } else if (el.kind === "datamatrix") {
      throw new EscPosRefusal("ESC/POS printers here print Code128 only: switch the template to Code128.");
    }
  }
  for (const el of ordered) {
    if (el.kind === "qr") {
      const ec = el.errorCorrection ?? "M";
      printer.add(printerType === "epson" ? epsonQrBytes(el.data, 4, ec) : starQrBytes(el.data, 4, ec));
      printer.newLine();
    }
  }
  const bytes = Buffer.from(printer.getBuffer());
  printer.clear();
  return bytes;
}
