/**
 * Advance widths of ZPL font 0 (`^A0N,h,h`), in thousandths of the font height.
 *
 * Measured, not guessed: each character was rendered as `H` + 10×char + `H` with zpl-renderer-js
 * at a 60-dot font, and the growth over `HH` divided by 10; test/unit/tags/font-calibration.test.ts
 * keeps checking the estimate against the renderer's ink. The real printer's font 0 (CG
 * Triumvirate Bold Condensed) is narrower than the renderer's, so a text that fits by this
 * table fits on the printer too; the reverse margin is deliberate.
 */
const MEASURED_WIDTHS: Record<string, number> = {
  " ": 250,
  "!": 333,
  '"': 333,
  "#": 500,
  $: 500,
  "%": 833,
  "&": 667,
  "'": 250,
  "(": 333,
  ")": 333,
  "*": 500,
  "+": 500,
  ",": 333,
  "-": 800,
  ".": 333,
  "/": 278,
  ":": 278,
  ";": 278,
  "<": 500,
  "=": 500,
  ">": 500,
  "?": 500,
  "@": 833,
  A: 557,
  B: 557,
  C: 557,
  D: 612,
  E: 500,
  F: 500,
  G: 612,
  H: 612,
  I: 278,
  J: 445,
  K: 557,
  L: 500,
  M: 778,
  N: 612,
  O: 612,
  P: 557,
  Q: 612,
  R: 612,
  S: 557,
  T: 500,
  U: 612,
  V: 557,
  W: 833,
  X: 557,
  Y: 557,
  Z: 500,
  "[": 333,
  "\\": 250,
  "]": 333,
  "^": 500,
  _: 500,
  "`": 333,
  a: 500,
  b: 500,
  c: 445,
  d: 500,
  e: 500,
  f: 278,
  g: 500,
  h: 500,
  i: 278,
  j: 278,
  k: 445,
  l: 278,
  m: 778,
  n: 500,
  o: 500,
  p: 500,
  q: 500,
  r: 333,
  s: 445,
  t: 278,
  u: 500,
  v: 445,
  w: 667,
  x: 445,
  y: 445,
  z: 390,
  "{": 275,
  "|": 250,
  "}": 275,
  "~": 500,
  "0": 500,
  "1": 500,
  "2": 500,
  "3": 500,
  "4": 500,
  "5": 500,
  "6": 500,
  "7": 500,
  "8": 500,
  "9": 500,
  À: 557,
  Â: 557,
  Ä: 557,
  Ç: 557,
  È: 500,
  É: 500,
  Ê: 500,
  Ë: 500,
  Î: 278,
  Ï: 278,
  Ô: 612,
  Ö: 612,
  Ù: 612,
  Û: 612,
  Ü: 612,
  à: 500,
  â: 500,
  ä: 500,
  ç: 445,
  è: 500,
  é: 500,
  ê: 500,
  ë: 500,
  î: 278,
  ï: 278,
  ô: 500,
  ö: 500,
  ù: 500,
  û: 500,
  ü: 500,
  œ: 722,
  Œ: 833,
  "€": 500,
  "‰": 1112,
  "·": 333,
  "…": 1000,
  "°": 400,
  µ: 500,
  "×": 500,
  ß: 500,
  ñ: 500,
  Ñ: 612,
  á: 500,
  í: 278,
  ó: 500,
  ú: 500,
};

/** Any grapheme the table does not know (emoji, CJK, rare letters) counts as a full em. */
export const UNKNOWN_GRAPHEME_WIDTH = 1000;

/** Accents and the top of `É` rise this far above the `^FO` line; layout reserves the room. */
export const ACCENT_RISE = 0.2;

/** Characters the printer fonts lack, replaced before measuring and printing. */
const PRINTER_SUBSTITUTES: Record<string, string> = {
  "\u00A0": " ", // no-break space: the renderer draws it 0.02 em wide, Zebra fonts vary
  "\u202F": " ", // narrow no-break space (fr-FR digit grouping): absent from printer fonts
  "\u2009": " ",
};

const graphemeSegmenter = new Intl.Segmenter("und", { granularity: "grapheme" });

export function graphemes(text: string): string[] {
  return Array.from(graphemeSegmenter.segment(text), (s) => s.segment);
}

/**
 * Single-line fields never wrap, so no-break spaces lose nothing by becoming plain spaces; the
 * formatted price string itself stays exactly what Intl produced.
 */
const HAS_SUBSTITUTE = /[\u00A0\u202F\u2009]/;

export function toPrinterText(text: string): string {
  if (!HAS_SUBSTITUTE.test(text)) return text;
  let out = "";
  for (const ch of text) out += PRINTER_SUBSTITUTES[ch] ?? ch;
  return out;
}

function graphemeWidth(g: string): number {
  const direct = MEASURED_WIDTHS[g];
  if (direct !== undefined) return direct;
  const composed = MEASURED_WIDTHS[g.normalize("NFC")];
  if (composed !== undefined) return composed;
  return UNKNOWN_GRAPHEME_WIDTH;
}

/** Width in dots of `text` printed with font 0 at `fontDots` height (and equal width). */
export function textWidthDots(text: string, fontDots: number): number {
  let thousandths = 0;
  for (const g of graphemes(toPrinterText(text))) thousandths += graphemeWidth(g);
  return Math.ceil((thousandths * fontDots) / 1000);
}

export interface TextPart {
  text: string;
  /** Dropped first, last optional part first, when the whole does not fit. */
  optional?: boolean;
  /** Put before this part when a part precedes it. */
  separator?: string;
}

export type ShorteningStep = "dropped-optional" | "abbreviated" | "ellipsis";

export interface FittedText {
  text: string;
  widthDots: number;
  steps: ShorteningStep[];
}

export const ELLIPSIS = "…";

function joinParts(parts: readonly TextPart[]): string {
  let out = "";
  for (const part of parts) out += (out === "" ? "" : (part.separator ?? " ")) + part.text;
  return out;
}

/**
 * The shortening rule, in this order, stopping as soon as the text fits:
 *   1. drop optional parts, last first;
 *   2. apply the field's abbreviations one by one, in the given order;
 *   3. cut whole graphemes from the end and add "…" (never splitting an emoji, a flag or a
 *      letter with its accent, because cutting happens on Intl.Segmenter grapheme boundaries).
 * Returns null when not even one grapheme and "…" fit.
 */
export function fitText(
  parts: readonly TextPart[],
  maxWidthDots: number,
  fontDots: number,
  abbreviations: ReadonlyArray<readonly [string, string]> = [],
): FittedText | null {
  const steps: ShorteningStep[] = [];
  const kept = parts.filter((p) => p.text !== "");
  let text = joinParts(kept);
  const fits = (t: string) => textWidthDots(t, fontDots) <= maxWidthDots;
  if (fits(text)) return { text, widthDots: textWidthDots(text, fontDots), steps };

  for (let i = kept.length - 1; i >= 0; i--) {
    if (!kept[i]?.optional) continue;
    kept.splice(i, 1);
    if (!steps.includes("dropped-optional")) steps.push("dropped-optional");
    text = joinParts(kept);
    if (fits(text)) return { text, widthDots: textWidthDots(text, fontDots), steps };
  }

  for (const [long, short] of abbreviations) {
    if (!text.includes(long)) continue;
    text = text.split(long).join(short);
    if (!steps.includes("abbreviated")) steps.push("abbreviated");
    if (fits(text)) return { text, widthDots: textWidthDots(text, fontDots), steps };
  }

  const gs = graphemes(text);
  for (let keep = gs.length - 1; keep >= 1; keep--) {
    const candidate = gs.slice(0, keep).join("").trimEnd() + ELLIPSIS;
    if (candidate.length > ELLIPSIS.length && fits(candidate)) {
      steps.push("ellipsis");
      return { text: candidate, widthDots: textWidthDots(candidate, fontDots), steps };
    }
  }
  return null;
}
