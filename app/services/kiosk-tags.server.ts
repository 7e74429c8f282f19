// A piece's tag for a template: the record's data in the shop's language, checked on the
// template with the shop's adjustments before it may be printed.
import { env } from "../env.server";
import { buildTagData, checkTagOnTemplate, DEFAULT_TEMPLATE_ID, type TagData, type TagDataRefusal } from "../domain/kiosk/tag-data";
import { findTemplate, type FieldOverrides } from "../domain/tags";
import { intlLocale, resolveLocale } from "../i18n";
import { label } from "../ui/format";
import { pieceForTag, shopTemplateRow, shopTemplateRows } from "../models/kiosk-tags.server";

export { DEFAULT_TEMPLATE_ID };

export type TagShopRow = { id: string; domain: string; locale: string; weightUnit: string };

export type TagRefusal = TagDataRefusal | { code: "TEMPLATE_UNKNOWN" } | { code: "PIECE_NOT_FOUND" };

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
  return Object.fromEntries((await shopTemplateRows(shopId)).map((r) => [r.baseTemplateId, parseOverrides(r.overrides)]));
}

export function tagShop(shop: TagShopRow) {
  const config = env();
  const locale = resolveLocale(shop.locale, "fr");
  return { domain: shop.domain, locale: intlLocale(locale), weightUnit: shop.weightUnit, proxyPrefix: config.LOUPE_PROXY_PREFIX, proxySubpath: config.LOUPE_PROXY_SUBPATH, uiLocale: locale };
}

export type TagForTemplate = { ok: true; tag: TagData; templateId: string; overrides: FieldOverrides } | { ok: false; refusal: TagRefusal };

/** The tag of a piece on a template (built-in id), refused when it would not print right. */
export async function tagForTemplate(shop: TagShopRow, pieceId: string, templateId: string = DEFAULT_TEMPLATE_ID, overrides?: FieldOverrides): Promise<TagForTemplate> {
  const template = findTemplate(templateId);
  if (!template) return { ok: false, refusal: { code: "TEMPLATE_UNKNOWN" } };
  const piece = await pieceForTag(shop.id, pieceId);
  if (!piece) return { ok: false, refusal: { code: "PIECE_NOT_FOUND" } };
  const ts = tagShop(shop);
  const built = buildTagData(piece, ts, (type) => label(ts.uiLocale, "stone", type));
  if (!built.ok) return { ok: false, refusal: built.refusal };
  const applied = overrides ?? (await shopOverrides(shop.id, templateId));
  const check = checkTagOnTemplate(template, built.data.content, applied);
  if (!check.ok) return { ok: false, refusal: check.refusal };
  return { ok: true, tag: built.data, templateId, overrides: applied };
}
