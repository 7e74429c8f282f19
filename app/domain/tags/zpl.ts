import { toPrinterText } from "./fontMetrics";
import type { LayoutElement, TagLayout } from "./layout";

/**
 * Per-printer calibration. Offsets move everything (a die-cut stock never sits exactly where the
 * driver thinks); darkness and speed trade contrast against smearing of 1-dot bars.
 */
export interface Calibration {
  /** mm; positive moves print right/down (`^LH`), negative left/up (`^LS` / `^LT`). */
  offsetXmm?: number;
  offsetYmm?: number;
  /** `~SD`: 0–30. */
  darkness?: number;
  /** `^PR`: print speed in inches per second, 1–14 (the printer clamps to what it supports). */
  speedIps?: number;
}

export function calibrationProblems(c: Calibration): string[] {
  const problems: string[] = [];
  const within = (v: number | undefined, lo: number, hi: number) =>
    v === undefined || (Number.isFinite(v) && v >= lo && v <= hi);
  if (!within(c.offsetXmm, -10, 10)) problems.push("offsetXmm must be between -10 and 10 mm");
  // ^LT moves the format up by at most 120 dots: 5 mm at 600 dpi.
  if (!within(c.offsetYmm, -5, 10)) problems.push("offsetYmm must be between -5 and 10 mm");
  if (!within(c.darkness, 0, 30) || (c.darkness !== undefined && !Number.isInteger(c.darkness)))
    problems.push("darkness must be a whole number from 0 to 30");
  if (!within(c.speedIps, 1, 14) || (c.speedIps !== undefined && !Number.isInteger(c.speedIps)))
    problems.push("speedIps must be a whole number from 1 to 14");
  return problems;
}

/**
 * Escape convention: every field is sent as `^FH\^FD…^FS`, so the backslash is the hex
 * indicator and `\5E` `\7E` `\5C` stand for `^` `~` `\`; control characters (and DEL) become
 * `\XX` too. Everything else goes through as UTF-8 under `^CI28`. `_` needs no escaping
 * because it is not the indicator here.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they must be hex-escaped in ^FD data
const NEEDS_ESCAPE = /[\^~\\\x00-\x1f\x7f]/;

export function escapeZplFieldData(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === "^" || ch === "~" || ch === "\\" || code < 0x20 || code === 0x7f) {
      out += "\\" + code.toString(16).toUpperCase().padStart(2, "0");
    } else {
      out += ch;
    }
  }
  return out;
}

function fieldData(text: string): string {
  return `^FH\\^FD${escapeZplFieldData(text)}^FS`;
}

function elementZpl(el: LayoutElement): string {
  const fo = `^FO${el.x},${el.y}`;
  const o = el.rotation === 180 ? "I" : "N";
  switch (el.kind) {
    case "text":
      return `${fo}^A0${o},${el.fontDots},${el.fontDots}${fieldData(toPrinterText(el.text))}`;
    case "code128":
      // Auto mode (m = A) lets the printer pack digit runs into subset C, as bwip-js does for the
      // width the layout reserved; no interpretation line: the layout prints its own text.
      return `${fo}^BY${el.moduleDots},3,${el.heightDots}^BC${o},${el.heightDots},N,N,N,A${fieldData(el.data)}`;
    case "datamatrix":
      return `${fo}^BX${o},${el.moduleDots},200${fieldData(el.data)}`;
    case "qr":
      // ^FD<error correction><input mode>, : "MA" = level M, automatic input.
      return `${fo}^BQN,2,${el.moduleDots}^FH\\^FD${el.errorCorrection ?? "M"}A,${escapeZplFieldData(el.data)}^FS`;
    case "rule":
      return `${fo}^GB${el.widthDots},${el.heightDots},${Math.min(el.widthDots, el.heightDots)}^FS`;
  }
}

/**
 * ZPL II for one tag, fields in layout order. `rfidZpl` is appended when the layout carries an
 * EPC. Throws on an invalid calibration: calibrations are checked when saved, so a bad one here
 * is a programming error, not a user's.
 */
const NO_CALIBRATION: Calibration = Object.freeze({});

export function toZpl(layout: TagLayout, calibration: Calibration = NO_CALIBRATION): string {
  const problems = calibration === NO_CALIBRATION ? [] : calibrationProblems(calibration);
  if (problems.length > 0) throw new RangeError(`Invalid calibration: ${problems.join("; ")}`);
  const dpmm = layout.widthDots / layout.widthMm;
  const dx = Math.round((calibration.offsetXmm ?? 0) * dpmm);
  const dy = Math.round((calibration.offsetYmm ?? 0) * dpmm);
  let zpl = "";
  if (calibration.darkness !== undefined) zpl += `~SD${String(calibration.darkness).padStart(2, "0")}`;
  zpl += "^XA^CI28";
  zpl += `^PW${layout.widthDots}^LL${layout.heightDots}`;
  zpl += `^LH${Math.max(0, dx)},${Math.max(0, dy)}`;
  if (dx < 0) zpl += `^LS${-dx}`;
  if (dy < 0) zpl += `^LT${dy}`;
  if (calibration.speedIps !== undefined) zpl += `^PR${calibration.speedIps}`;
  for (const el of layout.elements) zpl += elementZpl(el);
  if (layout.rfidEpcHex) zpl += rfidZpl(layout.rfidEpcHex);
  zpl += "^XZ";
  return zpl;
}

/**
 * RFID write of an EPC: `^RS8` selects a Gen 2 inlay, `^RFW,H,,,A` writes hex data to the EPC
 * bank and lets the printer adjust the PC bits to the EPC's length (96 bits here).
 */
export function rfidZpl(epcHex: string): string {
  if (!/^[0-9A-Fa-f]{24}$/.test(epcHex)) throw new RangeError("An SGTIN-96 EPC is 24 hex digits");
  return `^RS8^RFW,H,,,A^FD${epcHex.toUpperCase()}^FS`;
}
