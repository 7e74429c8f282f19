/**
 * What a tag says about a piece, built from its record: the kiosk API's `TagData` (display strings
 * in the shop's language, plus `content`, the exact `TagContent` that `layoutTag` takes, with the
 * price as a decimal string because JSON has no bigint). Refusals come back as results: a tag
 * that would print wrongly is never handed to a printer.
 */
import {
  formatCarat,
  formatWeight as formatTagWeight,
  layoutTag,
  metalParts,
  stoneParts,
  type Dpi,
  type FieldName,
  type FieldOverrides,
  type LayoutErrorCode,
  type MetalType,
  type ShorteningNote,
  type StoneRow,
  type TagContent,
  type TagTemplate,
  type TextPart,
  type WeightUnit as TagWeightUnit,
} from "../tags";
import { caratTotal, fromMilligrams } from "../units";

export type TagPiece = {
  title: string;
  tagCode: string;
  priceMinor: bigint | null;
  currency: string;
  publicToken: string;
  /** In the piece's order (sortOrder). */
  metals: readonly { metal: string; finenessBp: number; grossWeightMg: bigint }[];
  stones: readonly {
    type: string;
    /** natural | lab_grown | simulant: named on the tag with the type. */
    origin: string;
    millicarats: number;
    count: number;
    colour: string | null;
    clarity: string | null;
    position: string;
    certificate: { lab: string; number: string } | null;
  }[];
};

export type TagShop = {
  domain: string;
  /** BCP 47, e.g. "fr-FR". */
  locale: string;
  weightUnit: string;
  proxyPrefix: string;
  proxySubpath: string;
};

/**
 * The EPC a tag on RFID stock carries, as JSON can: the GTIN and serial it is made from (the kiosk
 * encodes them again with the same code and refuses the tag if its EPC differs from `epcHex`).
 * `provisional`: the piece has no serial yet and `serial` is the shop's next one, shown by a
 * lookup; the serial is given when the tag is printed, so a provisional EPC is never written.
 */
export type RfidWire = {
  gtin: string;
  serial: string;
  companyPrefixLength: number;
  filter: number;
  epcHex: string;
  provisional?: boolean;
};

/** TagContent as JSON can carry it. */
export type TagContentWire = Omit<TagContent, "priceMinor" | "rfid"> & { priceMinor: string; rfid?: RfidWire };

export type TagData = {
  priceMinor: string;
  currency: string;
  locale: string;
  tagCode: string;
  metal?: string;
  weight?: string;
  caratTotal?: string;
  stoneLine?: string;
  title: string;
  provenanceUrl: string;
  stones: { text: string }[];
  content: TagContentWire;
};

export type TagDataRefusal =
  | { code: "PRICE_MISSING"; field: "price" }
  | { code: "TEXT_UNPRINTABLE"; field: FieldName; characters: string[] }
  | { code: LayoutErrorCode; field: FieldName | "rfid"; message: string };

const TAG_METALS: readonly MetalType[] = ["gold", "silver", "platinum", "palladium"];
const TAG_WEIGHT_UNITS: readonly TagWeightUnit[] = ["g", "dwt", "ozt"];

/** The public page the QR opens, through the Shopify app proxy. */
export function provenanceUrl(shopDomain: string, prefix: string, subpath: string, publicToken: string): string {
  return `https://${shopDomain}/${prefix}/${subpath}/${publicToken}`;
}

const millicaratsToDecimal = (mc: number) => `${Math.trunc(mc / 1000)}.${String(mc % 1000).padStart(3, "0")}`;

const joinParts = (parts: TextPart[]) => parts.map((p, i) => (i > 0 ? (p.separator ?? " ") : "") + p.text).join("");

// Beyond Latin-1: the typographic characters French and English text uses, which the Zebra and
// ESC/POS fonts Loupe targets carry. Anything else (emoji, CJK, Cyrillic…) prints as a box or
// nothing at all, so it is refused instead of printed wrongly.
const EXTRA_PRINTABLE = new Set([..."ŒœŠšŽžŸ€‰‘’‚“”„–—…•·™\u202F\u2009"]);

/** The characters of `text` the printer fonts lack (each once, in order of appearance). */
export function unprintableCharacters(text: string): string[] {
  const found: string[] = [];
  for (const ch of text.normalize("NFC")) {
    const cp = ch.codePointAt(0)!;
    const ok = (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || EXTRA_PRINTABLE.has(ch);
    if (!ok && !found.includes(ch)) found.push(ch);
  }
  return found;
}

function mainStone(stones: TagPiece["stones"]) {
  return stones.find((s) => s.position === "centre") ?? stones[0];
}

/**
 * Builds the tag's data. `stoneName` names a stone with its origin in the tag's language
 * ("Diamant naturel", "Diamant de synthèse": see tagStoneName).
 * Texts are checked for characters the printer lacks before anything else is made of them.
 */
export function buildTagData(
  piece: TagPiece,
  shop: TagShop,
  stoneName: (type: string, origin: string) => string,
): { ok: true; data: TagData } | { ok: false; refusal: TagDataRefusal } {
  if (piece.priceMinor === null) return { ok: false, refusal: { code: "PRICE_MISSING", field: "price" } };
  const locale = shop.locale;
  const firstMetal = piece.metals[0];
  const metal =
    firstMetal && (TAG_METALS as readonly string[]).includes(firstMetal.metal)
      ? { type: firstMetal.metal as MetalType, fineness: firstMetal.finenessBp / 10 }
      : undefined;
  const totalMg = piece.metals.reduce((sum, m) => sum + m.grossWeightMg, 0n);
  const unit: TagWeightUnit = (TAG_WEIGHT_UNITS as readonly string[]).includes(shop.weightUnit)
    ? (shop.weightUnit as TagWeightUnit)
    : "g";
  const weight = totalMg > 0n ? { value: fromMilligrams(totalMg, unit), unit } : undefined;
  const totalMc = caratTotal(piece.stones);
  const row = (s: TagPiece["stones"][number], total: boolean): StoneRow => ({
    type: s.count > 1 ? `${s.count} × ${stoneName(s.type, s.origin)}` : stoneName(s.type, s.origin),
    carat: millicaratsToDecimal(total ? s.millicarats * s.count : s.millicarats),
    ...(s.colour ? { color: s.colour } : {}),
    ...(s.clarity ? { clarity: s.clarity } : {}),
    ...(s.certificate ? { lab: s.certificate.lab, certificateNumber: s.certificate.number } : {}),
  });
  const main = mainStone(piece.stones);
  const stones = piece.stones.map((s) => row(s, true));
  const content: TagContentWire = {
    locale,
    priceMinor: piece.priceMinor.toString(),
    currency: piece.currency,
    tagCode: piece.tagCode,
    title: piece.title,
    provenanceUrl: provenanceUrl(shop.domain, shop.proxyPrefix, shop.proxySubpath, piece.publicToken),
    ...(metal ? { metal } : {}),
    ...(weight ? { weight } : {}),
    ...(totalMc > 0 ? { caratTotal: millicaratsToDecimal(totalMc) } : {}),
    ...(main ? { stone: row(main, false) } : {}),
    ...(stones.length ? { stones } : {}),
  };

  const texts: [FieldName, string][] = [
    ["title", piece.title],
    ...stones.map((s): [FieldName, string] => [
      "stonesTable",
      [s.type, s.color, s.clarity, s.lab, s.certificateNumber].filter(Boolean).join(" "),
    ]),
  ];
  for (const [field, text] of texts) {
    const characters = unprintableCharacters(text);
    if (characters.length) return { ok: false, refusal: { code: "TEXT_UNPRINTABLE", field, characters } };
  }

  const stoneText = (s: StoneRow) =>
    [s.type, formatCarat(s.carat, locale), s.color, s.clarity, [s.lab, s.certificateNumber].filter(Boolean).join(" ")]
      .filter(Boolean)
      .join(" ");
  return {
    ok: true,
    data: {
      priceMinor: content.priceMinor,
      currency: content.currency,
      locale,
      tagCode: content.tagCode,
      title: piece.title,
      provenanceUrl: content.provenanceUrl!,
      ...(metal ? { metal: joinParts(metalParts(metal, locale)) } : {}),
      ...(weight ? { weight: formatTagWeight(weight, locale) } : {}),
      ...(content.caratTotal ? { caratTotal: formatCarat(content.caratTotal, locale) } : {}),
      ...(content.stone ? { stoneLine: joinParts(stoneParts(content.stone, locale)) } : {}),
      stones: stones.map((s) => ({ text: stoneText(s) })),
      content,
    },
  };
}

/** The wire form back into what `layoutTag` takes (the kiosk does this before printing). */
export function tagContentFromWire(wire: TagContentWire): TagContent {
  const { rfid, ...rest } = wire;
  return {
    ...rest,
    priceMinor: BigInt(wire.priceMinor),
    ...(rfid
      ? {
          rfid: {
            gtin: rfid.gtin,
            serial: BigInt(rfid.serial),
            companyPrefixLength: rfid.companyPrefixLength,
            filter: rfid.filter,
          },
        }
      : {}),
  };
}

/** The same tag without its EPC: what a template without an inlay, or a receipt printer, gets. */
export function withoutRfid(wire: TagContentWire): TagContentWire {
  const { rfid: _rfid, ...rest } = wire;
  return rest;
}

/**
 * Lays the tag out on a template with the shop's overrides, at every resolution a printer may
 * have, so a price that does not fit, a QR that cannot be read, or overlapping fields are
 * refused before a job is queued rather than at the printer.
 */
export function checkTagOnTemplate(
  template: TagTemplate,
  content: TagContentWire,
  overrides: FieldOverrides = {},
  dpis: readonly Dpi[] = [203, 300],
): { ok: true; notes: ShorteningNote[] } | { ok: false; refusal: Extract<TagDataRefusal, { message: string }> } {
  let notes: ShorteningNote[] = [];
  for (const dpi of dpis) {
    const result = layoutTag(template, tagContentFromWire(content), { dpi, overrides });
    if (!result.ok) return { ok: false, refusal: { code: result.code, field: result.field, message: result.message } };
    if (dpi === dpis[0]) notes = result.notes;
  }
  return { ok: true, notes };
}

/** The template a kiosk prints with when none is named (pages and server share it). */
export const DEFAULT_TEMPLATE_ID = "barbell-56x13";
