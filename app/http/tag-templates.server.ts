// The tag template editor's server side: the templates with the shop's adjustments and a preview
// content (the shop's own sample piece when it has one), the RFID setting and what its tag would
// encode, and saving either. A template adjustment that cannot lay out the sample is refused.
import { data } from "@remix-run/node";
import { z } from "zod";
import { allShopOverrides, tagForTemplate, tagShop } from "../services/kiosk/tags.server";
import {
  resetShopTemplate,
  rfidSettings,
  samplePieceId,
  saveRfidSettings,
  saveShopTemplate,
} from "../models/kiosk-tags.server";
import { buildTagData, checkTagOnTemplate, DEFAULT_TEMPLATE_ID, type TagContentWire } from "../domain/kiosk/tag-data";
import {
  decodeSgtin96,
  findTemplate,
  isCompanyPrefix,
  TEMPLATES,
  type FieldName,
  type FieldOverrides,
} from "../domain/tags";
import { defaultDpi, defaultTagTemplate } from "../domain/shop-defaults";
import { translate, type MessageKey } from "../i18n";
import { tagStoneName } from "../domain/kiosk/stone-name";
import type { AdminContext } from "./admin-context.server";
import { tagRefusalError } from "./kiosk-errors.server";

// Shown when the shop has no priced piece yet: a typical ring.
function sampleContent(shop: Parameters<typeof tagShop>[0]): TagContentWire {
  const ts = tagShop(shop);
  const built = buildTagData(
    {
      title: "Solitaire",
      tagCode: "7P3039M",
      priceMinor: 125000n,
      currency: "EUR",
      publicToken: "q3Zt0bX9-Lm_Pa7RkW2yEg",
      metals: [{ metal: "gold", finenessBp: 7500, grossWeightMg: 3420n }],
      stones: [
        {
          type: "diamond",
          origin: "natural",
          millicarats: 520,
          count: 1,
          colour: "G",
          clarity: "VS1",
          position: "centre",
          certificate: { lab: "GIA", number: "2141234567" },
        },
      ],
    },
    ts,
    (type, origin) => tagStoneName(ts.uiLocale, type, origin),
  );
  if (!built.ok) throw new Error("the built-in sample must make a tag");
  return built.data.content;
}

async function previewContent(shop: Parameters<typeof tagShop>[0] & { id: string }): Promise<TagContentWire> {
  const pieceId = await samplePieceId(shop.id);
  if (pieceId) {
    const tag = await tagForTemplate(shop, pieceId, DEFAULT_TEMPLATE_ID, {});
    if (tag.ok) return tag.tag.content;
  }
  return sampleContent(shop);
}

type RfidPreview =
  { ok: true; epcHex: string; gtin: string; serial: string; filter: number } | { ok: false; message: string } | null;

/**
 * What the sample piece's tag on RFID stock would write, decoded back from the hex (so the person
 * sees the GTIN and serial the chip will carry). Writes nothing: no serial is given by a preview.
 */
async function rfidPreview(
  shop: Parameters<typeof tagShop>[0] & { id: string },
  locale: "en" | "fr",
): Promise<RfidPreview> {
  const rfidTemplate = TEMPLATES.find((t) => t.rfidCapable);
  const pieceId = await samplePieceId(shop.id, { rfid: true });
  if (!rfidTemplate || !pieceId) return null;
  const tag = await tagForTemplate(shop, pieceId, rfidTemplate.id, {});
  if (!tag.ok) {
    const error = tagRefusalError(tag.refusal);
    return { ok: false, message: locale === "fr" ? error.messageFr : error.message };
  }
  const rfid = tag.tag.content.rfid!;
  const decoded = decodeSgtin96(rfid.epcHex, rfid.companyPrefixLength);
  if (!decoded.ok) return { ok: false, message: decoded.message };
  return {
    ok: true,
    epcHex: rfid.epcHex,
    gtin: decoded.gtin,
    serial: decoded.serial.toString(),
    filter: decoded.filter,
  };
}

/** Whoever prints tags sees the templates and their previews; changing them is for `kiosks.manage` (`rights.edit`). */
export async function tagsPage({ shop, locale, can }: AdminContext) {
  const rfid = await rfidSettings(shop.id);
  return {
    rights: { edit: can("kiosks.manage") },
    templates: TEMPLATES.map((t) => ({
      id: t.id,
      name: t.name,
      rfid: t.rfidCapable,
      fields: t.fields.map((f) => ({ field: f.field, fontMm: f.fontMm ?? null, x: f.x, y: f.y })),
    })),
    overrides: await allShopOverrides(shop.id),
    content: await previewContent(shop),
    rfid: {
      enabled: rfid?.enabled ?? false,
      companyPrefix: rfid?.companyPrefix ?? "",
      filter: rfid?.filter ?? 1,
      nextSerial: (rfid?.nextSerial ?? 1n).toString(),
    },
    rfidPreview: await rfidPreview(shop, locale),
    // The shop's defaults (Settings): the template shown first and the dpi previews are laid out at.
    defaultTemplateId: defaultTagTemplate(shop.defaultTagTemplateId),
    dpi: defaultDpi(shop.printerDpi),
  };
}

const mm = z.coerce.number().min(0).max(100);
const fieldOverride = z
  .object({ hidden: z.boolean().optional(), fontMm: mm.optional(), x: mm.optional(), y: mm.optional() })
  .strict();
const saveSchema = z.object({
  intent: z.literal("save"),
  templateId: z.string().min(1).max(64),
  overrides: z.string().max(10_000),
});
const resetSchema = z.object({ intent: z.literal("reset"), templateId: z.string().min(1).max(64) });

/** The RFID setting: one schema for the form's fields; messages are catalog keys. */
const rfidSchema = z
  .object({
    intent: z.literal("rfid"),
    enabled: z.enum(["on", "off"]).default("off"),
    companyPrefix: z
      .string()
      .trim()
      .max(40)
      .transform((v) => v.replace(/[\s-]/g, ""))
      .refine((v) => v === "" || isCompanyPrefix(v), { message: "tags.rfid.prefixInvalid" }),
    filter: z
      .string()
      .trim()
      .regex(/^[0-7]$/, { message: "tags.rfid.filterInvalid" })
      .transform(Number),
    reason: z.string().trim().min(3, { message: "tags.rfid.reasonRequired" }).max(500),
  })
  .refine((v) => v.enabled === "off" || v.companyPrefix !== "", {
    message: "tags.rfid.prefixRequired",
    path: ["companyPrefix"],
  });

export type TagsAnswer = { ok: true; message: string } | { ok: false; message: string; field?: string };
type Answer = TagsAnswer;

/** Save or reset a template's adjustments, or the RFID setting: the form's fields as sent. */
export async function tagsAction({ shop, actor, locale }: AdminContext, form: Record<string, FormDataEntryValue>) {
  const t = (key: MessageKey, vars?: Record<string, string>) => translate(locale, key, vars);
  if (form.intent === "rfid") {
    const rfid = rfidSchema.safeParse(form);
    if (!rfid.success) {
      const issue = rfid.error.issues[0]!;
      const key = (issue.message.startsWith("tags.rfid.") ? issue.message : "tags.rfid.prefixInvalid") as MessageKey;
      return data<Answer>({ ok: false, message: t(key), field: String(issue.path[0] ?? "") }, { status: 422 });
    }
    const v = rfid.data;
    await saveRfidSettings(
      shop.id,
      { enabled: v.enabled === "on", companyPrefix: v.companyPrefix === "" ? null : v.companyPrefix, filter: v.filter },
      actor,
      v.reason,
    );
    return data<Answer>({ ok: true, message: t("tags.rfid.saved") });
  }
  const parsed = z.discriminatedUnion("intent", [saveSchema, resetSchema]).safeParse(form);
  if (!parsed.success) return data<Answer>({ ok: false, message: t("tags.valueInvalid") }, { status: 400 });
  const template = findTemplate(parsed.data.templateId);
  if (!template) return data<Answer>({ ok: false, message: t("kiosk.error.TEMPLATE_UNKNOWN") }, { status: 422 });
  if (parsed.data.intent === "reset") {
    await resetShopTemplate(shop.id, template.id, actor);
    return data<Answer>({ ok: true, message: t("tags.resetDone") });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(parsed.data.overrides);
  } catch {
    raw = null;
  }
  const fieldNames = template.fields.map((f) => f.field) as [FieldName, ...FieldName[]];
  const overrides = z.record(z.enum(fieldNames), fieldOverride).safeParse(raw);
  if (!overrides.success) return data<Answer>({ ok: false, message: t("tags.valueInvalid") }, { status: 422 });
  // Settings that cannot lay out the sample (price too wide, fields overlapping…) are refused.
  const check = checkTagOnTemplate(template, await previewContent(shop), overrides.data as FieldOverrides);
  if (!check.ok)
    return data<Answer>({ ok: false, message: t("tags.invalid", { detail: check.refusal.message }) }, { status: 422 });
  await saveShopTemplate(shop.id, template.id, JSON.stringify(overrides.data), actor);
  return data<Answer>({ ok: true, message: t("tags.saved") });
}
