import { z } from "zod";
import {
  tagContentFromWire,
  unprintableCharacters,
  withoutRfid,
  type TagContentWire,
} from "../app/domain/kiosk/tag-data";
import { generateTagCode } from "../app/domain/tagcode";
import {
  findTemplate,
  layoutTag,
  TEMPLATES,
  toZpl,
  type Calibration,
  type Dpi,
  type TagLayout,
} from "../app/domain/tags";
import { toEscPos, EscPosRefusal } from "./render/escpos";
import { KioskError, kioskError, t } from "./messages";

/**
 * TagData as the kiosk reads it: the app's display strings are informative; `content` is the
 * exact TagContent (price as a decimal string) that is laid out and printed. Checked with zod:
 * a tag the kiosk cannot read is refused, never guessed at.
 */
const stoneRow = z.object({
  type: z.string(),
  carat: z.string().regex(/^\d+(\.\d+)?$/),
  color: z.string().optional(),
  clarity: z.string().optional(),
  lab: z.string().optional(),
  certificateNumber: z.string().optional(),
});

export const tagContentWireSchema = z.object({
  locale: z.string().min(2).max(35),
  priceMinor: z.string().regex(/^-?\d{1,19}$/),
  currency: z.string().regex(/^[A-Z]{3}$/),
  tagCode: z.string().min(1).max(64),
  metal: z
    .object({ type: z.enum(["gold", "silver", "platinum", "palladium"]), fineness: z.number().positive().max(1000) })
    .optional(),
  weight: z.object({ value: z.string().regex(/^\d+(\.\d+)?$/), unit: z.enum(["g", "dwt", "ozt"]) }).optional(),
  caratTotal: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .optional(),
  stone: stoneRow.optional(),
  provenanceUrl: z.string().optional(),
  title: z.string().max(500).optional(),
  locationPath: z.string().max(1000).optional(),
  stones: z.array(stoneRow).max(100).optional(),
  rfid: z
    .object({
      gtin: z.string().regex(/^\d{14}$/),
      serial: z.string().regex(/^\d{1,12}$/),
      companyPrefixLength: z.number().int().min(6).max(12),
      filter: z.number().int().min(0).max(7),
      epcHex: z.string().regex(/^[0-9A-F]{24}$/),
      provisional: z.boolean().optional(),
    })
    .optional(),
});

export const tagDataSchema = z
  .object({
    tagCode: z.string(),
    title: z.string().optional(),
    content: tagContentWireSchema,
  })
  .passthrough();

export type KioskTagData = z.infer<typeof tagDataSchema>;

export function readTagData(value: unknown): KioskTagData {
  const parsed = tagDataSchema.safeParse(value);
  if (!parsed.success) throw kioskError("TAG_DATA_INVALID", {}, { status: 502 });
  return parsed.data;
}

export interface RenderRequest {
  tag: unknown;
  templateId: string;
  dpi: Dpi;
  calibration?: Calibration;
  language: "zpl" | "escpos";
  escposType?: "epson" | "star";
  /**
   * A file to look at, not a tag to print: it may carry a provisional EPC (the serial the piece
   * would get). Printing never sets this, so a provisional EPC never reaches an inlay.
   */
  preview?: boolean;
}

export interface RenderedTag {
  bytes: Buffer;
  zpl?: string;
  layout: TagLayout;
  widthMm: number;
  heightMm: number;
  dpi: Dpi;
  tagCode: string;
}

const FIELD_NAMES: Record<string, { en: string; fr: string }> = {
  title: { en: "title", fr: "titre" },
  stonesTable: { en: "stones table", fr: "tableau des pierres" },
  stoneLine: { en: "stone line", fr: "ligne pierre" },
  metal: { en: "metal", fr: "métal" },
  locationPath: { en: "path", fr: "chemin" },
};

/**
 * The bytes for one tag, made the one way (layoutTag → toZpl / toEscPos) whether they go to a
 * printer, a file or a preview. Every refusal is a KioskError the person can act on; nothing is
 * printed when any check fails.
 */
export function renderTag(req: RenderRequest): RenderedTag {
  const template = findTemplate(req.templateId);
  if (!template) throw kioskError("TEMPLATE_UNKNOWN", { template: req.templateId }, { status: 400 });
  const data = readTagData(req.tag);
  const wire = data.content as TagContentWire;
  // RFID stock always gets its EPC, and only from a ZPL printer; other stock never gets RFID commands.
  if (template.rfidCapable && !wire.rfid) throw kioskError("RFID_MISSING", { template: template.id }, { status: 422 });
  if (template.rfidCapable && req.language !== "zpl")
    throw kioskError("RFID_PRINTER_REQUIRED", { template: template.id }, { status: 422 });
  // A lookup's EPC may be provisional (the next serial, not yet the piece's): only the app's
  // answer to a print request carries the final one.
  if (template.rfidCapable && wire.rfid?.provisional && !req.preview)
    throw kioskError("RFID_SERIAL_PENDING", { template: template.id }, { status: 409 });
  const content = tagContentFromWire(template.rfidCapable ? wire : withoutRfid(wire));
  const result = layoutTag(template, content, { dpi: req.dpi });
  if (!result.ok) {
    if (result.code === "PRICE_DOES_NOT_FIT")
      throw kioskError("PRICE_DOES_NOT_FIT", { template: template.id }, { status: 422 });
    throw kioskError("LAYOUT_REFUSED", { template: template.id, detail: result.message }, { status: 422 });
  }
  if (wire.rfid && template.rfidCapable && result.layout.rfidEpcHex !== wire.rfid.epcHex) {
    throw kioskError(
      "RFID_MISMATCH",
      { kiosk: result.layout.rfidEpcHex ?? "-", server: wire.rfid.epcHex },
      { status: 422 },
    );
  }
  // What is actually printed: texts after shortening, so a dropped optional part does not count.
  for (const el of result.layout.elements) {
    if (el.kind !== "text") continue;
    const missing = unprintableCharacters(el.text);
    if (missing.length > 0) {
      const names = FIELD_NAMES[el.field] ?? { en: el.field, fr: el.field };
      const chars = missing
        .map((c) => `"${c}" (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")})`)
        .join(", ");
      throw new KioskError(
        {
          code: "FONT_LACKS_CHARACTERS",
          en: t("en", "FONT_LACKS_CHARACTERS", { chars, field: names.en }),
          fr: t("fr", "FONT_LACKS_CHARACTERS", { chars, field: names.fr }),
        },
        { status: 422 },
      );
    }
  }
  const base = {
    layout: result.layout,
    widthMm: template.widthMm,
    heightMm: template.heightMm,
    dpi: req.dpi,
    tagCode: content.tagCode,
  };
  if (req.language === "escpos") {
    try {
      return { ...base, bytes: toEscPos(result.layout, req.escposType ?? "epson") };
    } catch (e) {
      if (e instanceof EscPosRefusal)
        throw kioskError("LAYOUT_REFUSED", { template: template.id, detail: e.message }, { status: 422 });
      throw e;
    }
  }
  const zpl = toZpl(result.layout, req.calibration ?? {});
  return { ...base, zpl, bytes: Buffer.from(zpl, "utf8") };
}

export function templateLines(): string[] {
  return TEMPLATES.map(
    (t) => `${t.id}\t${t.widthMm} × ${t.heightMm} mm\t${t.name.en} / ${t.name.fr}${t.rfidCapable ? "\t(RFID)" : ""}`,
  );
}

/** A fixed, valid tag code for samples and calibration prints. */
export const SAMPLE_TAG_CODE = generateTagCode(() => Uint8Array.from([7, 19, 3, 26, 29, 9]));

/** Sample TagData in the app's wire form, for `render --sample` and the calibration print. */
export function sampleTagData(locale: "fr-FR" | "en-US" = "fr-FR"): {
  tagCode: string;
  title: string;
  content: TagContentWire;
} {
  const fr = locale === "fr-FR";
  return {
    tagCode: SAMPLE_TAG_CODE,
    title: fr ? "Solitaire Élise" : "Élise solitaire",
    content: {
      locale,
      priceMinor: "125000",
      currency: "EUR",
      tagCode: SAMPLE_TAG_CODE,
      title: fr ? "Solitaire Élise" : "Élise solitaire",
      metal: { type: "gold", fineness: 750 },
      weight: { value: "3.420", unit: "g" },
      caratTotal: "0.520",
      stone: {
        type: fr ? "Diamant naturel" : "Natural diamond",
        carat: "0.520",
        color: "G",
        clarity: "VS1",
        lab: "GIA",
        certificateNumber: "2141234567",
      },
      stones: [
        {
          type: fr ? "Diamant naturel" : "Natural diamond",
          carat: "0.520",
          color: "G",
          clarity: "VS1",
          lab: "GIA",
          certificateNumber: "2141234567",
        },
      ],
      provenanceUrl: "https://bijoux-demo.myshopify.com/apps/loupe/q3Zt0bX9-Lm_Pa7RkW2yEg",
      // GS1 Tag Data Standard's own SGTIN-96 example (urn:epc:id:sgtin:0614141.812345.6789), so a
      // sample RFID tag is checkable against the standard.
      rfid: {
        gtin: "80614141123458",
        serial: "6789",
        companyPrefixLength: 7,
        filter: 3,
        epcHex: "3074257BF7194E4000001A85",
      },
    },
  };
}
