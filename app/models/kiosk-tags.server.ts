// What tags are made from: a piece's record for its tag, and the shop's adjustments to the
// built-in templates (TagTemplate rows named "default", one per built-in template).
import { db } from "../db.server";
import { appendAudit } from "./audit.server";
import type { Actor } from "./actor";
import { MAX_SGTIN96_SERIAL } from "../domain/tags";

export const SHOP_TEMPLATE_NAME = "default";

export async function pieceForTag(shopId: string, pieceId: string) {
  return db.piece.findFirst({
    where: { shopId, id: pieceId },
    select: {
      id: true,
      title: true,
      tagCode: true,
      priceMinor: true,
      currency: true,
      publicToken: true,
      shopifyLocationGid: true,
      variantGid: true,
      gtin: true,
      shopifyBarcode: true,
      epcSerial: true,
      metals: { orderBy: { sortOrder: "asc" }, select: { metal: true, finenessBp: true, grossWeightMg: true } },
      stones: {
        orderBy: { sortOrder: "asc" },
        select: {
          type: true,
          origin: true,
          millicarats: true,
          count: true,
          colour: true,
          clarity: true,
          position: true,
          certificate: { select: { lab: true, number: true } },
        },
      },
    },
  });
}

export type TagPieceRow = NonNullable<Awaited<ReturnType<typeof pieceForTag>>>;

export async function shopTemplateRows(shopId: string) {
  return db.tagTemplate.findMany({ where: { shopId, name: SHOP_TEMPLATE_NAME } });
}

export async function shopTemplateRow(shopId: string, baseTemplateId: string) {
  return db.tagTemplate.findFirst({ where: { shopId, baseTemplateId, name: SHOP_TEMPLATE_NAME } });
}

export async function saveShopTemplate(shopId: string, baseTemplateId: string, overrides: string, actor: Actor) {
  return db.$transaction(async (tx) => {
    const row = await tx.tagTemplate.upsert({
      where: { shopId_baseTemplateId_name: { shopId, baseTemplateId, name: SHOP_TEMPLATE_NAME } },
      create: { shopId, baseTemplateId, name: SHOP_TEMPLATE_NAME, overrides, updatedBy: actor.name },
      update: { overrides, updatedBy: actor.name },
    });
    await appendAudit(tx, shopId, {
      actor,
      action: "tag_template.saved",
      entityType: "TagTemplate",
      entityId: row.id,
      data: { baseTemplateId, overrides: JSON.parse(overrides) as Record<string, unknown> },
    });
    return row;
  });
}

export async function resetShopTemplate(shopId: string, baseTemplateId: string, actor: Actor) {
  return db.$transaction(async (tx) => {
    const row = await tx.tagTemplate.findFirst({ where: { shopId, baseTemplateId, name: SHOP_TEMPLATE_NAME } });
    if (!row) return false;
    await tx.tagTemplate.delete({ where: { id: row.id } });
    await appendAudit(tx, shopId, {
      actor,
      action: "tag_template.reset",
      entityType: "TagTemplate",
      entityId: row.id,
      data: { baseTemplateId },
    });
    return true;
  });
}

/**
 * A piece to preview tags with: the shop's newest priced piece, if any. For RFID stock, the newest
 * priced piece with a GTIN candidate (a Shopify barcode or an assigned GTIN) when there is one, so
 * the preview shows an EPC rather than the refusal of a piece that was never meant for RFID.
 */
export async function samplePieceId(shopId: string, options: { rfid?: boolean } = {}) {
  const newest = (extra: object) =>
    db.piece.findFirst({
      where: { shopId, priceMinor: { not: null }, ...extra },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
  const row =
    (options.rfid ? await newest({ OR: [{ gtin: { not: null } }, { shopifyBarcode: { not: null } }] }) : null) ??
    (await newest({}));
  return row?.id ?? null;
}

export async function shopForTags(shopId: string) {
  return db.shop.findUnique({
    where: { id: shopId },
    select: { id: true, domain: true, locale: true, weightUnit: true, defaultTagTemplateId: true },
  });
}

// ---------------------------------------------------------------- RFID (SGTIN-96)

export async function rfidSettings(shopId: string) {
  return db.rfidSettings.findUnique({ where: { shopId } });
}

export type RfidSettingsInput = { enabled: boolean; companyPrefix: string | null; filter: number };

/** Saves the shop's RFID setting with its reason; the audit entry keeps what it was and what it became. */
export async function saveRfidSettings(shopId: string, input: RfidSettingsInput, actor: Actor, reason: string) {
  return db.$transaction(async (tx) => {
    const before = await tx.rfidSettings.findUnique({ where: { shopId } });
    const row = await tx.rfidSettings.upsert({
      where: { shopId },
      create: { shopId, ...input, updatedBy: actor.name },
      update: { ...input, updatedBy: actor.name },
    });
    await appendAudit(tx, shopId, {
      actor,
      action: "rfid.settings_saved",
      entityType: "RfidSettings",
      entityId: shopId,
      reason,
      data: {
        before: before ? { enabled: before.enabled, companyPrefix: before.companyPrefix, filter: before.filter } : null,
        after: { enabled: row.enabled, companyPrefix: row.companyPrefix, filter: row.filter },
      },
    });
    return row;
  });
}

/** The Shopify variant barcode as last read: a mirror of Shopify's data, not a change to the piece. */
export async function rememberShopifyBarcode(shopId: string, pieceId: string, barcode: string | null) {
  await db.piece.updateMany({ where: { shopId, id: pieceId }, data: { shopifyBarcode: barcode } });
}

export type SerialResult =
  { ok: true; serial: bigint; assigned: boolean } | { ok: false; code: "RFID_SERIALS_EXHAUSTED" | "PIECE_NOT_FOUND" };

/**
 * The piece's SGTIN serial, given on first need from the shop's counter. The counter only grows
 * (an atomic increment, so two kiosks never get the same number) and the piece keeps its serial
 * (a conditional update on "none yet"; unique per shop), so a serial is never reused and every
 * reprint writes the same EPC.
 */
export async function ensureEpcSerial(shopId: string, pieceId: string, actor: Actor): Promise<SerialResult> {
  const existing = await db.piece.findFirst({ where: { shopId, id: pieceId }, select: { epcSerial: true } });
  if (!existing) return { ok: false, code: "PIECE_NOT_FOUND" };
  if (existing.epcSerial !== null) return { ok: true, serial: existing.epcSerial, assigned: false };
  const outcome = await db
    .$transaction(async (tx) => {
      const counter = await tx.rfidSettings.update({
        where: { shopId },
        data: { nextSerial: { increment: 1 } },
        select: { nextSerial: true },
      });
      const serial = counter.nextSerial - 1n;
      if (serial > MAX_SGTIN96_SERIAL) throw new SerialsExhausted();
      const set = await tx.piece.updateMany({
        where: { shopId, id: pieceId, epcSerial: null },
        data: { epcSerial: serial },
      });
      // Someone gave it one meanwhile: roll the increment back (a gap would be harmless, but none is needed).
      if (set.count !== 1) throw new SerialTaken();
      await appendAudit(tx, shopId, {
        actor,
        action: "piece.epc_serial_assigned",
        entityType: "Piece",
        entityId: pieceId,
        reason: "first tag on RFID stock",
        data: { epcSerial: serial.toString() },
      });
      return serial;
    })
    .catch((error: unknown) => {
      if (error instanceof SerialsExhausted) return "EXHAUSTED" as const;
      if (error instanceof SerialTaken) return "TAKEN" as const;
      throw error;
    });
  if (outcome === "EXHAUSTED") return { ok: false, code: "RFID_SERIALS_EXHAUSTED" };
  if (outcome === "TAKEN") {
    const now = await db.piece.findFirst({ where: { shopId, id: pieceId }, select: { epcSerial: true } });
    return now?.epcSerial != null
      ? { ok: true, serial: now.epcSerial, assigned: false }
      : { ok: false, code: "PIECE_NOT_FOUND" };
  }
  return { ok: true, serial: outcome, assigned: true };
}

class SerialsExhausted extends Error {}
class SerialTaken extends Error {}
