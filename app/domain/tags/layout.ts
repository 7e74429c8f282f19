import { code128Modules, dataMatrixMatrix, qrMatrix } from "./codes";
import {
  METAL_ABBREVIATIONS,
  STONE_ABBREVIATIONS,
  STONE_NAME_ABBREVIATIONS,
  caratTotalRepeatsStone,
  formatCarat,
  formatCaratNumber,
  formatPrice,
  formatWeight,
  isFrench,
  isValidProvenanceUrl,
  isValidTagCode,
  metalParts,
  stoneParts,
  type TagContent,
} from "./content";
import { printedTagCode } from "../tagcode";
import { sgtin96Epc } from "./epc";
import { ACCENT_RISE, fitText, textWidthDots, type ShorteningStep, type TextPart } from "./fontMetrics";
import {
  resolveFields,
  type FieldName,
  type FieldOverrides,
  type FieldSpec,
  type TagTemplate,
  type Zone,
} from "./templates";
import { dotsPerMm, mmToDots, mmToDotsFloor, rectInside, rectsOverlap, type Dpi, type Rect } from "./units";

export type Rotation = 0 | 180;

interface ElementBase {
  field: FieldName;
  zone: string;
  /** The ZPL `^FO` origin, in dots from the label's top-left. */
  x: number;
  y: number;
  /** Every dot the element may darken. */
  bounds: Rect;
  rotation: Rotation;
}

export interface TextElement extends ElementBase {
  kind: "text";
  text: string;
  fontDots: number;
  widthDots: number;
}

export interface Code128Element extends ElementBase {
  kind: "code128";
  data: string;
  moduleDots: number;
  heightDots: number;
  widthDots: number;
}

export interface MatrixElement extends ElementBase {
  kind: "qr" | "datamatrix";
  data: string;
  moduleDots: number;
  modules: number;
  sizeDots: number;
  errorCorrection?: "M" | "Q";
}

export interface RuleElement extends ElementBase {
  kind: "rule";
  widthDots: number;
  heightDots: number;
}

export type LayoutElement = TextElement | Code128Element | MatrixElement | RuleElement;

export interface TagLayout {
  templateId: string;
  dpi: Dpi;
  widthMm: number;
  heightMm: number;
  widthDots: number;
  heightDots: number;
  elements: LayoutElement[];
  /** Non-printable zones in dots, kept so checks and previews can show them. */
  blankZones: Rect[];
  rfidEpcHex?: string;
}

export type LayoutErrorCode =
  | "PRICE_DOES_NOT_FIT"
  | "TAG_CODE_INVALID"
  | "TAG_CODE_DOES_NOT_FIT"
  | "BARCODE_DOES_NOT_FIT"
  | "QR_DOES_NOT_FIT"
  | "PROVENANCE_URL_INVALID"
  | "FIELD_OUTSIDE_ZONE"
  | "FIELD_ON_BLANK_ZONE"
  | "FIELDS_OVERLAP"
  | "RFID_NOT_SUPPORTED"
  | "RFID_INVALID";

export interface ShorteningNote {
  field: FieldName;
  steps: ShorteningStep[];
  /** True when nothing fitted and the element was left out. */
  omitted: boolean;
}

export type LayoutResult =
  | { ok: true; layout: TagLayout; notes: ShorteningNote[] }
  | { ok: false; code: LayoutErrorCode; field: FieldName | "rfid"; message: string };

export interface LayoutOptions {
  dpi: Dpi;
  overrides?: FieldOverrides;
  /** Print the back wing turned 180° (barbell tags), so it reads upright once folded. */
  backWingRotated?: boolean;
}

/** Below this a 2D code is not reliably read by a phone at arm's length. */
export const MIN_MATRIX_MODULE_MM = 0.2;
const DEFAULT_MATRIX_MODULE_MM = 0.25;
/** Wider Code128 bars than this buy nothing on a jewelry tag. */
const MAX_BAR_MODULE_MM = 0.34;

class LayoutFailure extends Error {
  constructor(
    readonly code: LayoutErrorCode,
    readonly field: FieldName | "rfid",
    message: string,
  ) {
    super(message);
  }
}

interface ZoneDots extends Rect {
  zone: Zone;
  rotated: boolean;
}

function zoneDots(zone: Zone, dpi: Dpi, rotated: boolean): ZoneDots {
  const x = mmToDots(zone.x, dpi);
  const y = mmToDots(zone.y, dpi);
  return {
    x,
    y,
    width: mmToDotsFloor(zone.x + zone.width, dpi) - x,
    height: mmToDotsFloor(zone.y + zone.height, dpi) - y,
    zone,
    rotated,
  };
}

/**
 * Places an element given in the zone's own upright coordinates. A rotated zone mirrors the
 * bounds through the zone's centre; ZPL draws an `I`-oriented field inside the same box, so the
 * `^FO` is the mirrored box's top-left (text: the glyph cell, whose accent room ends up below).
 */
function place<T extends LayoutElement>(
  zd: ZoneDots,
  local: Rect,
  originOffsetY: number,
  make: (x: number, y: number, bounds: Rect, rotation: Rotation) => T,
): T {
  if (!zd.rotated) {
    const bounds = { x: zd.x + local.x, y: zd.y + local.y, width: local.width, height: local.height };
    return make(bounds.x, bounds.y + originOffsetY, bounds, 0);
  }
  const bounds = {
    x: zd.x + zd.width - local.x - local.width,
    y: zd.y + zd.height - local.y - local.height,
    width: local.width,
    height: local.height,
  };
  return make(bounds.x, bounds.y, bounds, 180);
}

function fieldWidth(spec: FieldSpec, zd: ZoneDots, dpi: Dpi): number {
  const fx = mmToDots(spec.x, dpi);
  const rest = zd.width - fx;
  return spec.width === undefined ? rest : Math.min(rest, mmToDotsFloor(spec.width, dpi));
}

function requireInside(zd: ZoneDots, local: Rect, field: FieldName): void {
  if (!rectInside(local, { x: 0, y: 0, width: zd.width, height: zd.height })) {
    throw new LayoutFailure(
      "FIELD_OUTSIDE_ZONE",
      field,
      `The ${field} field does not fit inside zone "${zd.zone.id}": move it or make it smaller.`,
    );
  }
}

function textElement(
  spec: FieldSpec,
  zd: ZoneDots,
  dpi: Dpi,
  parts: TextPart[],
  abbreviations: ReadonlyArray<readonly [string, string]>,
  notes: ShorteningNote[],
  fixed: LayoutErrorCode | null,
  accents = true,
): TextElement | null {
  const fontDots = mmToDots(spec.fontMm ?? 2, dpi);
  const rise = accents ? Math.ceil(fontDots * ACCENT_RISE) : 0;
  const maxWidth = fieldWidth(spec, zd, dpi);
  const lx = mmToDots(spec.x, dpi);
  const ly = mmToDots(spec.y, dpi);
  requireInside(zd, { x: lx, y: ly, width: 1, height: rise + fontDots }, spec.field);
  const fitted = fixed
    ? (() => {
        const text = parts.map((p) => p.text).join(" ");
        const width = textWidthDots(text, fontDots);
        return width <= maxWidth ? { text, widthDots: width, steps: [] as ShorteningStep[] } : null;
      })()
    : fitText(parts, maxWidth, fontDots, abbreviations);
  if (!fitted) {
    if (fixed) {
      throw new LayoutFailure(
        fixed,
        spec.field,
        `The ${spec.field} "${parts.map((p) => p.text).join(" ")}" is too wide for its place; it is never shortened: choose a smaller font or a larger tag.`,
      );
    }
    notes.push({ field: spec.field, steps: [], omitted: true });
    return null;
  }
  if (fitted.steps.length > 0) notes.push({ field: spec.field, steps: fitted.steps, omitted: false });
  const local = { x: lx, y: ly, width: Math.max(1, fitted.widthDots), height: rise + fontDots };
  return place(zd, local, rise, (x, y, bounds, rotation) => ({
    kind: "text",
    field: spec.field,
    zone: zd.zone.id,
    x,
    y,
    bounds,
    rotation,
    text: fitted.text,
    fontDots,
    widthDots: fitted.widthDots,
  }));
}

function barcodeElement(spec: FieldSpec, zd: ZoneDots, dpi: Dpi, tagCode: string): LayoutElement {
  const lx = mmToDots(spec.x, dpi);
  const ly = mmToDots(spec.y, dpi);
  const maxWidth = fieldWidth(spec, zd, dpi);
  if ((spec.symbology ?? "code128") === "datamatrix") {
    const modules = dataMatrixMatrix(tagCode).size;
    const maxSide = Math.min(maxWidth, mmToDotsFloor(spec.heightMm ?? 5, dpi));
    const wanted = Math.max(1, Math.round((spec.moduleMm ?? DEFAULT_MATRIX_MODULE_MM) * dotsPerMm(dpi)));
    const moduleDots = Math.min(wanted, Math.floor(maxSide / modules));
    if (moduleDots < 1 || moduleDots / dotsPerMm(dpi) < MIN_MATRIX_MODULE_MM) {
      throw new LayoutFailure(
        "BARCODE_DOES_NOT_FIT",
        "tagCode",
        `The DataMatrix for "${tagCode}" does not fit: use a larger tag or a shorter code.`,
      );
    }
    const sizeDots = modules * moduleDots;
    const local = { x: lx, y: ly, width: sizeDots, height: sizeDots };
    requireInside(zd, local, "tagCode");
    return place(zd, local, 0, (x, y, bounds, rotation) => ({
      kind: "datamatrix",
      field: "tagCode",
      zone: zd.zone.id,
      x,
      y,
      bounds,
      rotation,
      data: tagCode,
      moduleDots,
      modules,
      sizeDots,
    }));
  }
  const modules = code128Modules(tagCode);
  const maxModule = Math.max(1, Math.floor(MAX_BAR_MODULE_MM * dotsPerMm(dpi)));
  const moduleDots = Math.min(maxModule, Math.floor(maxWidth / modules));
  if (moduleDots < 1) {
    throw new LayoutFailure(
      "BARCODE_DOES_NOT_FIT",
      "tagCode",
      `The barcode for "${tagCode}" is wider than its place: use a shorter tag code, DataMatrix, or a larger tag.`,
    );
  }
  const heightDots = mmToDots(spec.heightMm ?? 4, dpi);
  const local = { x: lx, y: ly, width: modules * moduleDots, height: heightDots };
  requireInside(zd, local, "tagCode");
  return place(zd, local, 0, (x, y, bounds, rotation) => ({
    kind: "code128",
    field: "tagCode",
    zone: zd.zone.id,
    x,
    y,
    bounds,
    rotation,
    data: tagCode,
    moduleDots,
    heightDots,
    widthDots: local.width,
  }));
}

function qrElement(spec: FieldSpec, zd: ZoneDots, dpi: Dpi, url: string): MatrixElement {
  const ec = spec.qrErrorCorrection ?? "M";
  const modules = qrMatrix(url, ec).size;
  const lx = mmToDots(spec.x, dpi);
  const ly = mmToDots(spec.y, dpi);
  const maxSide = Math.min(fieldWidth(spec, zd, dpi), mmToDotsFloor(spec.heightMm ?? 10, dpi), zd.height - ly);
  const wanted = Math.max(1, Math.round((spec.moduleMm ?? DEFAULT_MATRIX_MODULE_MM) * dotsPerMm(dpi)));
  // ^BQ magnification is 1..10 dots per module.
  const moduleDots = Math.min(10, wanted, Math.floor(maxSide / modules));
  if (moduleDots < 1 || moduleDots / dotsPerMm(dpi) < MIN_MATRIX_MODULE_MM) {
    throw new LayoutFailure(
      "QR_DOES_NOT_FIT",
      "qr",
      `The provenance QR (${modules}×${modules} modules) does not fit at ${dpi} dpi: use a shorter URL, a larger tag or a finer printer.`,
    );
  }
  const sizeDots = modules * moduleDots;
  const local = { x: lx, y: ly, width: sizeDots, height: sizeDots };
  requireInside(zd, local, "qr");
  // ^BQ has no rotation: a QR reads the same either way, only its box moves.
  return place(zd, local, 0, (x, y, bounds) => ({
    kind: "qr",
    field: "qr",
    zone: zd.zone.id,
    x,
    y,
    bounds,
    rotation: 0,
    data: url,
    moduleDots,
    modules,
    sizeDots,
    errorCorrection: ec,
  }));
}

function stonesTable(
  spec: FieldSpec,
  zd: ZoneDots,
  dpi: Dpi,
  content: TagContent,
  out: LayoutElement[],
  notes: ShorteningNote[],
): void {
  const stones = content.stones ?? [];
  if (stones.length === 0) return;
  const fr = isFrench(content.locale);
  const fontMm = spec.fontMm ?? 2;
  const rowMm = fontMm * 1.25;
  const cols = spec.columnsMm ?? [0];
  const tableWidthMm = spec.width ?? zd.zone.width - spec.x;
  const headers = fr
    ? ["Pierre", "Carats", "Coul.", "Pureté", "Certificat"]
    : ["Stone", "Carats", "Color", "Clarity", "Certificate"];
  const rows: string[][] = [headers];
  const maxRows = Math.floor((spec.heightMm ?? 20) / rowMm) - 1;
  const shown = stones.length > maxRows ? stones.slice(0, Math.max(0, maxRows - 1)) : stones;
  for (const s of shown) {
    rows.push([
      s.type,
      // The column is headed "Carats": the unit is not repeated on every row.
      formatCaratNumber(s.carat, content.locale),
      s.color ?? "",
      s.clarity ?? "",
      [s.lab, s.certificateNumber].filter(Boolean).join(" "),
    ]);
  }
  if (shown.length < stones.length) {
    const more = stones.length - shown.length;
    rows.push([fr ? `+ ${more} autre${more > 1 ? "s" : ""}` : `+ ${more} more`]);
  }
  rows.forEach((row, r) => {
    row.forEach((cell, c) => {
      const left = cols[c];
      if (left === undefined || cell === "") return;
      const right = cols[c + 1] ?? tableWidthMm;
      const cellSpec: FieldSpec = {
        ...spec,
        x: spec.x + left,
        y: spec.y + r * rowMm + (r > 0 ? 0.4 : 0),
        width: Math.max(0.5, right - left - (c + 1 < cols.length ? 0.6 : 0)),
        fontMm,
      };
      const abbreviations = c === 0 && r > 0 ? STONE_NAME_ABBREVIATIONS : STONE_ABBREVIATIONS;
      const el = textElement(cellSpec, zd, dpi, [{ text: cell }], abbreviations, notes, null);
      if (el) out.push(el);
    });
  });
  const ruleLocal = {
    x: mmToDots(spec.x, dpi),
    y: mmToDots(spec.y + rowMm + 0.1, dpi),
    width: mmToDotsFloor(tableWidthMm, dpi),
    height: Math.max(1, Math.round(0.15 * dotsPerMm(dpi))),
  };
  requireInside(zd, ruleLocal, "stonesTable");
  out.push(
    place(zd, ruleLocal, 0, (x, y, bounds, rotation) => ({
      kind: "rule",
      field: "stonesTable",
      zone: zd.zone.id,
      x,
      y,
      bounds,
      rotation,
      widthDots: ruleLocal.width,
      heightDots: ruleLocal.height,
    })),
  );
}

/**
 * The one device-independent layout every output (ZPL, SVG, PNG, ESC/POS) is made from.
 * Expected refusals come back as `{ ok: false, code, field, message }`.
 */
export function layoutTag(template: TagTemplate, content: TagContent, options: LayoutOptions): LayoutResult {
  try {
    return layoutOrThrow(template, content, options);
  } catch (e) {
    if (e instanceof LayoutFailure) return { ok: false, code: e.code, field: e.field, message: e.message };
    throw e;
  }
}

function layoutOrThrow(template: TagTemplate, content: TagContent, options: LayoutOptions): LayoutResult {
  const { dpi } = options;
  if (!isValidTagCode(content.tagCode)) {
    throw new LayoutFailure(
      "TAG_CODE_INVALID",
      "tagCode",
      `Tag code "${content.tagCode}" may only use letters, digits and . _ / + - (1 to 32 characters).`,
    );
  }
  if (content.provenanceUrl !== undefined && !isValidProvenanceUrl(content.provenanceUrl)) {
    throw new LayoutFailure("PROVENANCE_URL_INVALID", "qr", "The provenance URL must be a plain https:// address.");
  }
  const zones = new Map(
    template.zones.map((z) => [z.id, zoneDots(z, dpi, options.backWingRotated === true && z.role === "back-wing")]),
  );
  const elements: LayoutElement[] = [];
  const notes: ShorteningNote[] = [];
  const locale = content.locale;
  const fields = resolveFields(template, options.overrides);
  const prints = (field: FieldName) => fields.some((f) => f.field === field && !f.hidden);
  const skipCaratTotal = caratTotalRepeatsStone(content, prints("stoneLine"), prints("stonesTable"));

  for (const spec of fields) {
    if (spec.hidden) continue;
    const zd = zones.get(spec.zone);
    if (!zd || !zd.zone.printable) {
      throw new LayoutFailure(
        "FIELD_ON_BLANK_ZONE",
        spec.field,
        `The ${spec.field} field is placed on "${spec.zone}", which is not printable.`,
      );
    }
    const pushText = (
      parts: TextPart[],
      abbreviations: ReadonlyArray<readonly [string, string]> = [],
      fixed: LayoutErrorCode | null = null,
      accents = true,
    ) => {
      const el = textElement(spec, zd, dpi, parts, abbreviations, notes, fixed, accents);
      if (el) elements.push(el);
    };
    switch (spec.field) {
      case "price":
        pushText([{ text: formatPrice(content.priceMinor, content.currency, locale) }], [], "PRICE_DOES_NOT_FIT");
        break;
      case "title":
        if (content.title) pushText([{ text: content.title }]);
        break;
      case "metal":
        if (content.metal) pushText(metalParts(content.metal, locale), METAL_ABBREVIATIONS);
        break;
      case "locationPath":
        if (content.locationPath) pushText([{ text: content.locationPath }]);
        break;
      case "weight":
        if (content.weight) pushText([{ text: formatWeight(content.weight, locale) }]);
        break;
      case "caratTotal":
        if (content.caratTotal && !skipCaratTotal) pushText([{ text: formatCarat(content.caratTotal, locale) }]);
        break;
      case "stoneLine":
        if (content.stone) pushText(stoneParts(content.stone, locale), STONE_ABBREVIATIONS);
        break;
      case "tagCodeText":
        // A tag code is ASCII (isValidTagCode): no accent rises above it, so no room is kept for one.
        pushText([{ text: printedTagCode(content.tagCode) }], [], "TAG_CODE_DOES_NOT_FIT", false);
        break;
      case "tagCode":
        elements.push(barcodeElement(spec, zd, dpi, content.tagCode));
        break;
      case "qr":
        if (content.provenanceUrl) elements.push(qrElement(spec, zd, dpi, content.provenanceUrl));
        break;
      case "stonesTable":
        stonesTable(spec, zd, dpi, content, elements, notes);
        break;
    }
  }

  for (let i = 0; i < elements.length; i++) {
    for (let j = i + 1; j < elements.length; j++) {
      const a = elements[i]!;
      const b = elements[j]!;
      if (a.field === "stonesTable" && b.field === "stonesTable") continue;
      if (rectsOverlap(a.bounds, b.bounds)) {
        throw new LayoutFailure(
          "FIELDS_OVERLAP",
          b.field,
          `The ${b.field} field overlaps the ${a.field} field: move one of them.`,
        );
      }
    }
  }

  let rfidEpcHex: string | undefined;
  if (content.rfid) {
    if (!template.rfidCapable) {
      throw new LayoutFailure("RFID_NOT_SUPPORTED", "rfid", `Template ${template.id} has no RFID inlay.`);
    }
    const epc = sgtin96Epc(
      content.rfid.gtin,
      content.rfid.serial,
      content.rfid.companyPrefixLength,
      content.rfid.filter,
    );
    if (!epc.ok) throw new LayoutFailure("RFID_INVALID", "rfid", epc.message);
    rfidEpcHex = epc.hex;
  }

  return {
    ok: true,
    notes,
    layout: {
      templateId: template.id,
      dpi,
      widthMm: template.widthMm,
      heightMm: template.heightMm,
      widthDots: mmToDots(template.widthMm, dpi),
      heightDots: mmToDots(template.heightMm, dpi),
      elements,
      blankZones: template.zones
        .filter((z) => !z.printable)
        .map((z) => {
          const d = zoneDots(z, dpi, false);
          return { x: d.x, y: d.y, width: d.width, height: d.height };
        }),
      ...(rfidEpcHex ? { rfidEpcHex } : {}),
    },
  };
}
