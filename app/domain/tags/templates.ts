/**
 * Tag templates in millimetres. Zone rectangles are the printable areas (already inset from
 * the die-cut edge); a `tail` zone is the strip that wraps around a ring shank or is threaded
 * on a string and never carries print.
 *
 * Barbell ("dumbbell") jewelry tags: two wings joined by a narrow tail, sold for Zebra desktop
 * printers as e.g. 2.2" × 0.5" (56 × 13 mm) with ~22 mm wings, and 60 × 11 mm stock. Printed
 * flat on one face; folded around the tail, the back wing faces the other way, hence the option
 * to print it turned 180°.
 */

export type ZoneRole = "front-wing" | "back-wing" | "tail" | "body";

export interface Zone {
  id: string;
  role: ZoneRole;
  printable: boolean;
  x: number;
  y: number;
  width: number;
  height: number;
}

export type FieldName =
  | "price"
  | "title"
  | "metal"
  | "weight"
  | "caratTotal"
  | "stoneLine"
  | "tagCode"
  | "tagCodeText"
  | "qr"
  | "stonesTable"
  /** A storage place's path ("Paris > Coffre 1 > Plateau 5") on its label. */
  | "locationPath";

export type Symbology = "code128" | "datamatrix";

export interface FieldSpec {
  field: FieldName;
  zone: string;
  /** mm from the zone's top-left corner. */
  x: number;
  y: number;
  /** mm; defaults to the rest of the zone's width. */
  width?: number;
  /** Text: font height in mm (font 0, width = height). */
  fontMm?: number;
  /** Barcode bar height, or the largest side of a 2D symbol, in mm. */
  heightMm?: number;
  /** 2D codes: wanted module (cell) size in mm; shrinks to fit, refused below minModuleMm. */
  moduleMm?: number;
  symbology?: Symbology;
  qrErrorCorrection?: "M" | "Q";
  hidden?: boolean;
  /** stonesTable: column left edges in mm from the field's x. */
  columnsMm?: number[];
}

export type FieldOverride = Partial<Omit<FieldSpec, "field" | "zone">>;
export type FieldOverrides = Partial<Record<FieldName, FieldOverride>>;

export interface TagTemplate {
  id: string;
  name: { en: string; fr: string };
  widthMm: number;
  heightMm: number;
  zones: Zone[];
  fields: FieldSpec[];
  /**
   * RFID stock: every tag has a UHF Gen 2 inlay, so every print on it writes the piece's SGTIN-96
   * EPC (and is refused without one). Other stock never gets RFID commands.
   */
  rfidCapable: boolean;
}

function barbell(
  id: string,
  widthMm: number,
  heightMm: number,
  wingMm: number,
  insetMm: number,
  sizes: {
    price: number;
    line: number;
    small: number;
    /** The human-readable tag code under the barcode. */
    code: number;
    barHeight: number;
  },
): TagTemplate {
  const zoneH = heightMm - 2 * insetMm;
  const zoneW = wingMm - 2 * insetMm;
  const backX = widthMm - wingMm + insetMm;
  const right = 9.9; // the QR column on the back wing, then text
  const lineStep = sizes.line * 1.4;
  return {
    id,
    name: {
      en: `Barbell jewelry tag ${widthMm} × ${heightMm} mm`,
      fr: `Étiquette bijou haltère ${widthMm} × ${heightMm} mm`,
    },
    widthMm,
    heightMm,
    rfidCapable: false,
    zones: [
      { id: "front", role: "front-wing", printable: true, x: insetMm, y: insetMm, width: zoneW, height: zoneH },
      { id: "tail", role: "tail", printable: false, x: wingMm, y: 0, width: widthMm - 2 * wingMm, height: heightMm },
      { id: "back", role: "back-wing", printable: true, x: backX, y: insetMm, width: zoneW, height: zoneH },
    ],
    fields: [
      { field: "price", zone: "front", x: 0, y: 0, fontMm: sizes.price },
      { field: "metal", zone: "front", x: 0, y: sizes.price * 1.2 + 0.1, fontMm: sizes.line },
      {
        field: "tagCode",
        zone: "front",
        x: 0,
        y: sizes.price * 1.2 + sizes.line * 1.2 + 0.3,
        heightMm: sizes.barHeight,
        symbology: "code128",
      },
      {
        field: "tagCodeText",
        zone: "front",
        x: 0,
        y: zoneH - sizes.code - 0.1,
        fontMm: sizes.code,
      },
      { field: "qr", zone: "back", x: 0, y: 0, heightMm: zoneH, moduleMm: 0.25, qrErrorCorrection: "M" },
      { field: "weight", zone: "back", x: right, y: 0, fontMm: sizes.line },
      { field: "caratTotal", zone: "back", x: right, y: lineStep, fontMm: sizes.line },
      { field: "stoneLine", zone: "back", x: right, y: 2 * lineStep, fontMm: sizes.small },
      { field: "title", zone: "back", x: right, y: 2 * lineStep + sizes.small * 1.4, fontMm: sizes.small },
    ],
  };
}

export const TEMPLATES: readonly TagTemplate[] = [
  barbell("barbell-56x13", 56, 13, 22, 1, { price: 2.8, line: 1.5, small: 1.4, code: 2.2, barHeight: 3.0 }),
  barbell("barbell-60x11", 60, 11, 22, 0.7, { price: 2.5, line: 1.35, small: 1.2, code: 2.0, barHeight: 2.4 }),
  {
    id: "small-25x15",
    name: { en: "Small tag 25 × 15 mm", fr: "Petite étiquette 25 × 15 mm" },
    widthMm: 25,
    heightMm: 15,
    rfidCapable: false,
    zones: [{ id: "body", role: "body", printable: true, x: 1, y: 1, width: 23, height: 13 }],
    fields: [
      { field: "price", zone: "body", x: 0, y: 0, fontMm: 3.0 },
      { field: "metal", zone: "body", x: 0, y: 3.7, fontMm: 1.5 },
      { field: "tagCode", zone: "body", x: 0, y: 5.7, heightMm: 4.5, symbology: "code128" },
      { field: "tagCodeText", zone: "body", x: 0, y: 10.8, fontMm: 2.2 },
    ],
  },
  {
    id: "card-86x54",
    name: { en: "Certificate card 86 × 54 mm", fr: "Carte certificat 86 × 54 mm" },
    widthMm: 86,
    heightMm: 54,
    rfidCapable: false,
    zones: [{ id: "body", role: "body", printable: true, x: 3, y: 3, width: 80, height: 48 }],
    // Left: what the piece is (title, metal, one row per stone with its origin named); right:
    // the QR, the price and the totals; the barcode and its code along the bottom.
    fields: [
      { field: "title", zone: "body", x: 0, y: 0, width: 57, fontMm: 4.0 },
      { field: "metal", zone: "body", x: 0, y: 5.2, width: 57, fontMm: 2.6 },
      {
        field: "stonesTable",
        zone: "body",
        x: 0,
        y: 9.2,
        width: 57,
        fontMm: 2.2,
        heightMm: 27.5,
        columnsMm: [0, 20.5, 27.5, 33.5, 40.5],
      },
      { field: "qr", zone: "body", x: 60, y: 0, heightMm: 20, moduleMm: 0.4, qrErrorCorrection: "Q" },
      { field: "price", zone: "body", x: 60, y: 21.5, fontMm: 3.6 },
      { field: "weight", zone: "body", x: 60, y: 27, fontMm: 2.6 },
      { field: "caratTotal", zone: "body", x: 60, y: 30.6, fontMm: 2.6 },
      { field: "tagCode", zone: "body", x: 0, y: 37.4, width: 50, heightMm: 6, symbology: "code128" },
      { field: "tagCodeText", zone: "body", x: 0, y: 44.6, fontMm: 3.0 },
    ],
  },
  {
    id: "shelf-50x25",
    name: { en: "Shelf / tray label 50 × 25 mm", fr: "Étiquette de plateau 50 × 25 mm" },
    widthMm: 50,
    heightMm: 25,
    rfidCapable: false,
    zones: [{ id: "body", role: "body", printable: true, x: 1.5, y: 1.5, width: 47, height: 22 }],
    fields: [
      { field: "title", zone: "body", x: 0, y: 0, fontMm: 2.6 },
      { field: "price", zone: "body", x: 0, y: 3.3, width: 31, fontMm: 4.0 },
      { field: "metal", zone: "body", x: 0, y: 8.4, width: 31, fontMm: 2.0 },
      { field: "tagCode", zone: "body", x: 0, y: 11.2, width: 31, heightMm: 6, symbology: "code128" },
      { field: "tagCodeText", zone: "body", x: 0, y: 17.6, width: 31, fontMm: 2.8 },
      { field: "qr", zone: "body", x: 33.5, y: 8.4, heightMm: 13.6, moduleMm: 0.33, qrErrorCorrection: "M" },
    ],
  },
  {
    // Zebra sells 3 × 1 in (76 × 25 mm) UHF RFID labels for its desktop RFID printers (ZD500R /
    // ZD621R); the inlay sits under the middle of the label, which ^RS's default position encodes.
    id: "rfid-label-76x25",
    name: { en: "RFID label 76 × 25 mm (3 × 1 in)", fr: "Étiquette RFID 76 × 25 mm (3 × 1 po)" },
    widthMm: 76,
    heightMm: 25,
    rfidCapable: true,
    zones: [{ id: "body", role: "body", printable: true, x: 2, y: 1.5, width: 72, height: 22 }],
    fields: [
      { field: "title", zone: "body", x: 0, y: 0, width: 56, fontMm: 2.6 },
      { field: "price", zone: "body", x: 0, y: 3.3, width: 40, fontMm: 4.0 },
      { field: "metal", zone: "body", x: 0, y: 8.4, width: 40, fontMm: 2.0 },
      { field: "stoneLine", zone: "body", x: 0, y: 11.0, width: 56, fontMm: 1.8 },
      { field: "tagCode", zone: "body", x: 0, y: 13.8, width: 40, heightMm: 5, symbology: "code128" },
      { field: "tagCodeText", zone: "body", x: 0, y: 19.2, width: 40, fontMm: 2.6 },
      { field: "qr", zone: "body", x: 58, y: 4, heightMm: 14, moduleMm: 0.33, qrErrorCorrection: "M" },
    ],
  },
];

/**
 * Labels for storage places (safes, showcases, trays): the place's name, its path and a Code128 of
 * its location code ("tagCode" carries it). Kept apart from TEMPLATES, which are the pieces'.
 */
export const LOCATION_LABEL_TEMPLATE: TagTemplate = {
  id: "location-50x25",
  name: { en: "Location label 50 × 25 mm", fr: "Étiquette d'emplacement 50 × 25 mm" },
  widthMm: 50,
  heightMm: 25,
  rfidCapable: false,
  zones: [{ id: "body", role: "body", printable: true, x: 1.5, y: 1.5, width: 47, height: 22 }],
  fields: [
    { field: "title", zone: "body", x: 0, y: 0, fontMm: 3.5 },
    { field: "locationPath", zone: "body", x: 0, y: 4.4, fontMm: 2.0 },
    { field: "tagCode", zone: "body", x: 0, y: 7.6, heightMm: 9, symbology: "code128" },
    { field: "tagCodeText", zone: "body", x: 0, y: 17.6, fontMm: 2.6 },
  ],
};

export function findTemplate(id: string): TagTemplate | undefined {
  return (
    TEMPLATES.find((t) => t.id === id) ?? (id === LOCATION_LABEL_TEMPLATE.id ? LOCATION_LABEL_TEMPLATE : undefined)
  );
}

/** The template's fields with an admin's overrides applied (unknown fields are ignored). */
export function resolveFields(template: TagTemplate, overrides: FieldOverrides = {}): FieldSpec[] {
  return template.fields.map((f) => ({ ...f, ...(overrides[f.field] ?? {}) }));
}
