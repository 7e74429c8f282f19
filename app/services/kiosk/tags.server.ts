// A piece's tag for a template: the record's data in the shop's language, checked on the
// template with the shop's adjustments before it may be printed.
import { env } from "../../env.server";
import {
  buildTagData,
  checkTagOnTemplate,
  DEFAULT_TEMPLATE_ID,
  type TagData,
  type TagDataRefusal,
} from "../../domain/kiosk/tag-data";
import { chooseRfidGtin, findTemplate, serialAvailable, sgtin96Epc, type FieldOverrides } from "../../domain/tags";
import type { Actor } from "../../models/actor";
import { shopGraphql } from "../../shopify/admin-client.server";
import { intlLocale, resolveLocale } from "../../i18n";
import { tagStoneName } from "../../domain/kiosk/stone-name";
import {
  ensureEpcSerial,
  pieceForTag,
  rememberShopifyBarcode,
  rfidSettings,
  shopTemplateRow,
  shopTemplateRows,
  type TagPieceRow,
} from "../../models/kiosk-tags.server";
import { withoutRfid, type RfidWire } from "../../domain/kiosk/tag-data";

export { DEFAULT_TEMPLATE_ID };

export type TagShopRow = { id: string; domain: string; locale: string; weightUnit: string };

export type RfidRefusal =
  | { code: "RFID_DISABLED" | "RFID_PREFIX_MISSING" | "RFID_NO_GTIN" | "RFID_SERIALS_EXHAUSTED" }
  | { code: "RFID_GTIN_NOT_SHOP_PREFIX"; gtin: string; companyPrefix: string };

export type TagRefusal = TagDataRefusal | { code: "TEMPLATE_UNKNOWN" } | { code: "PIECE_NOT_FOUND" } | RfidRefusal;

export function parseOverrides(json: string | null | undefined): FieldOverrides {
  if (!json) return {};
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as FieldOverrides) : {};
  } catch {
    return {};
  }
}

export async function shopOverrides(shopId: string, templateId: string): Promise<FieldOverrides> {
  return parseOverrides((await shopTemplateRow(shopId, templateId))?.overrides);
}

export async function allShopOverrides(shopId: string): Promise<Record<string, FieldOverrides>> {
  return Object.fromEntries(
    (await shopTemplateRows(shopId)).map((r) => [r.baseTemplateId, parseOverrides(r.overrides)]),
  );
}

export function tagShop(shop: TagShopRow) {
  const config = env();
  const locale = resolveLocale(shop.locale, "fr");
  return {
    domain: shop.domain,
    locale: intlLocale(locale),
    weightUnit: shop.weightUnit,
    proxyPrefix: config.LOUPE_PROXY_PREFIX,
    proxySubpath: config.LOUPE_PROXY_SUBPATH,
    uiLocale: locale,
  };
}

export type TagForTemplate =
  { ok: true; tag: TagData; templateId: string; overrides: FieldOverrides } | { ok: false; refusal: TagRefusal };

export type TagOptions = {
  /**
   * Who is printing the tag now. Only a print gives an RFID piece its SGTIN serial (named in the
   * audit entry); without it the tag is a preview and writes nothing: a piece without a serial
   * shows the shop's next one, marked `provisional`, which no printer may write.
   */
  printedBy?: Actor;
};

/**
 * The tag of a piece on a template (built-in id), refused when it would not print right. On RFID
 * stock the tag carries the piece's SGTIN-96 (GTIN chosen by `chooseRfidGtin`, serial given once,
 * at the first print, and kept); anything missing is a refusal, so RFID stock is never printed
 * without its EPC. Lookups and previews (no `printedBy`) change nothing.
 */
export async function tagForTemplate(
  shop: TagShopRow,
  pieceId: string,
  templateId: string = DEFAULT_TEMPLATE_ID,
  overrides?: FieldOverrides,
  options: TagOptions = {},
): Promise<TagForTemplate> {
  const template = findTemplate(templateId);
  if (!template) return { ok: false, refusal: { code: "TEMPLATE_UNKNOWN" } };
  const piece = await pieceForTag(shop.id, pieceId);
  if (!piece) return { ok: false, refusal: { code: "PIECE_NOT_FOUND" } };
  const ts = tagShop(shop);
  const built = buildTagData(piece, ts, (type, origin) => tagStoneName(ts.uiLocale, type, origin));
  if (!built.ok) return { ok: false, refusal: built.refusal };
  let tag = built.data;
  if (template.rfidCapable) {
    const rfid = await rfidFor(shop, piece, options);
    if (!rfid.ok) return { ok: false, refusal: rfid.refusal };
    tag = { ...tag, content: { ...tag.content, rfid: rfid.rfid } };
  } else {
    tag = { ...tag, content: withoutRfid(tag.content) };
  }
  const applied = overrides ?? (await shopOverrides(shop.id, templateId));
  const check = checkTagOnTemplate(template, tag.content, applied);
  if (!check.ok) return { ok: false, refusal: check.refusal };
  return { ok: true, tag, templateId, overrides: applied };
}

const VARIANT_BARCODE = `#graphql
  query LoupeVariantBarcode($id: ID!) { productVariant(id: $id) { barcode } }`;

/** How long a tag waits for Shopify's barcode before using the one last read. */
export const BARCODE_WAIT_MS = 2500;

/**
 * The variant's barcode now, read from Shopify (a merchant may have just typed it there) and
 * remembered; if Shopify does not answer in time, the barcode last read, so printing goes on.
 */
async function currentBarcode(shop: TagShopRow, piece: TagPieceRow): Promise<string | null> {
  if (!piece.variantGid) return piece.shopifyBarcode;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), BARCODE_WAIT_MS);
  });
  try {
    const answer = await Promise.race([
      shopGraphql<{ productVariant: { barcode: string | null } | null }>(
        shop.domain,
        VARIANT_BARCODE,
        { id: piece.variantGid },
        { estimatedCost: 1, throttleRetries: 0 },
      ),
      late,
    ]);
    if (answer === "late" || !answer.data.productVariant) return piece.shopifyBarcode;
    const barcode = answer.data.productVariant.barcode?.trim() || null;
    if (barcode !== piece.shopifyBarcode) await rememberShopifyBarcode(shop.id, piece.id, barcode);
    return barcode;
  } catch {
    return piece.shopifyBarcode;
  } finally {
    clearTimeout(timer);
  }
}

async function rfidFor(
  shop: TagShopRow,
  piece: TagPieceRow,
  options: TagOptions,
): Promise<{ ok: true; rfid: RfidWire } | { ok: false; refusal: TagRefusal }> {
  const settings = await rfidSettings(shop.id);
  // Settings first: a shop without RFID gets its answer without a call to Shopify.
  if (!settings?.enabled) return { ok: false, refusal: { code: "RFID_DISABLED" } };
  if (!settings.companyPrefix) return { ok: false, refusal: { code: "RFID_PREFIX_MISSING" } };
  const choice = chooseRfidGtin(settings, { shopifyBarcode: await currentBarcode(shop, piece), gtin: piece.gtin });
  if (!choice.ok) return { ok: false, refusal: choice };
  const prefix = settings.companyPrefix;
  let serial: bigint;
  let provisional = false;
  if (!options.printedBy) {
    // A preview: the serial it would get if printed now (another piece may take it first).
    provisional = piece.epcSerial === null;
    serial = piece.epcSerial ?? settings.nextSerial;
    if (provisional && !serialAvailable(serial)) return { ok: false, refusal: { code: "RFID_SERIALS_EXHAUSTED" } };
  } else {
    const given = await ensureEpcSerial(shop.id, piece.id, options.printedBy);
    if (!given.ok)
      return {
        ok: false,
        refusal: given.code === "PIECE_NOT_FOUND" ? { code: "PIECE_NOT_FOUND" } : { code: "RFID_SERIALS_EXHAUSTED" },
      };
    serial = given.serial;
  }
  const epc = sgtin96Epc(choice.gtin, serial, prefix.length, settings.filter);
  if (!epc.ok) return { ok: false, refusal: { code: "RFID_INVALID", field: "rfid", message: epc.message } };
  return {
    ok: true,
    rfid: {
      gtin: choice.gtin,
      serial: serial.toString(),
      companyPrefixLength: prefix.length,
      filter: settings.filter,
      epcHex: epc.hex,
      ...(provisional ? { provisional: true } : {}),
    },
  };
}
