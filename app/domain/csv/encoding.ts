/**
 * Turning an uploaded file into text. UTF-8 is checked strictly (a Latin-1/Windows-1252 export
 * read as UTF-8 silently turns "é" into "�"), a UTF-8 byte order mark is accepted and removed, and
 * Windows-1252 is read only when the person says so: it cannot be told apart from UTF-8 reliably.
 */
export const ENCODINGS = ["utf-8", "windows-1252"] as const;
export type Encoding = (typeof ENCODINGS)[number];

export type DecodeResult = { ok: true; text: string } | { ok: false; code: "INVALID_UTF8"; offset: number };

/** Byte offset of the first byte that breaks UTF-8, or -1 when the whole buffer is valid. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need = 0;
    let min = 0;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

// Windows-1252's 0x80–0x9F row (WHATWG Encoding Standard; its five unassigned bytes keep their
// C1 code points, as browsers do). Decoded here rather than with TextDecoder("windows-1252"):
// some Node builds (Node 20 with the system ICU, as Debian ships it) decode that label as ISO-8859-1
// and turn "€" and curly quotes into invisible control characters.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const codes = Array.from(bytes.subarray(start, start + CHUNK), (b) =>
      b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b,
    );
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join("");
}

export function decodeCsv(bytes: Uint8Array, encoding: Encoding = "utf-8"): DecodeResult {
  if (encoding === "windows-1252") return { ok: true, text: decodeWindows1252(bytes) };
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) return { ok: false, code: "INVALID_UTF8", offset: bad + start };
  return { ok: true, text: new TextDecoder("utf-8").decode(body) };
}

/** Semicolons in the header line (French Excel's separator) beat commas, else commas. */
export function guessSeparator(text: string): "," | ";" | "\t" {
  const header = text.split(/\r?\n/, 1)[0] ?? "";
  const count = (c: string) => header.split(c).length - 1;
  const tabs = count("\t");
  const semis = count(";");
  const commas = count(",");
  if (tabs > semis && tabs > commas) return "\t";
  return semis > commas ? ";" : ",";
}
