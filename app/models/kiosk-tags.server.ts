// What tags are made from: a piece's record for its tag, and the shop's adjustments to the
// built-in templates (TagTemplate rows named "default", one per built-in template).
import { db } from "../db.server";
import { appendAudit } from "./audit.server";
import type { Actor } from "./actor";

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
      metals: { orderBy: { sortOrder: "asc" }, select: { metal: true, finenessBp: true, grossWeightMg: true } },
      stones: { orderBy: { sortOrder: "asc" }, select: { type: true, millicarats: true, count: true, colour: true, clarity: true, position: true, certificate: { select: { lab: true, number: true } } } },
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
    await appendAudit(tx, shopId, { actor, action: "tag_template.saved", entityType: "TagTemplate", entityId: row.id, data: { baseTemplateId, overrides: JSON.parse(overrides) as Record<string, unknown> } });
    return row;
  });
}

export async function resetShopTemplate(shopId: string, baseTemplateId: string, actor: Actor) {
  return db.$transaction(async (tx) => {
    const row = await tx.tagTemplate.findFirst({ where: { shopId, baseTemplateId, name: SHOP_TEMPLATE_NAME } });
    if (!row) return false;
    await tx.tagTemplate.delete({ where: { id: row.id } });
    await appendAudit(tx, shopId, { actor, action: "tag_template.reset", entityType: "TagTemplate", entityId: row.id, data: { baseTemplateId } });
    return true;
  });
}

/** A piece to preview tags with: the shop's newest priced piece, if any. */
export async function samplePieceId(shopId: string) {
  const row = await db.piece.findFirst({ where: { shopId, priceMinor: { not: null } }, orderBy: { createdAt: "desc" }, select: { id: true } });
  return row?.id ?? null;
}

export async function shopForTags(shopId: string) {
  return db.shop.findUnique({ where: { id: shopId }, select: { id: true, domain: true, locale: true, weightUnit: true } });
}
