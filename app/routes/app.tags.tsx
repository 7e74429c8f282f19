// /app/tags: the tag template editor. Pick a built-in template, show or hide fields, change font
// sizes and positions; the SVG preview is laid out in the browser with the same layoutTag the
// printer's ZPL comes from. Saving checks the result on a sample piece and stores the overrides.
import { useEffect, useMemo, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { z } from "zod";
import { requireAdmin } from "../http/admin-context.server";
import { allShopOverrides, tagForTemplate, tagShop } from "../services/kiosk/tags.server";
import { tagRefusalError } from "../http/kiosk-errors.server";
import {
  resetShopTemplate,
  rfidSettings,
  samplePieceId,
  saveRfidSettings,
  saveShopTemplate,
} from "../models/kiosk-tags.server";
import {
  buildTagData,
  checkTagOnTemplate,
  DEFAULT_TEMPLATE_ID,
  tagContentFromWire,
  type TagContentWire,
} from "../domain/kiosk/tag-data";
import {
  decodeSgtin96,
  findTemplate,
  isCompanyPrefix,
  layoutTag,
  TEMPLATES,
  toSvg,
  type FieldName,
  type FieldOverrides,
} from "../domain/tags";
import { translate, type MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";
import { label } from "../ui/format";

// Shown when the shop has no priced piece yet: a typical ring.
function sampleContent(shop: Parameters<typeof tagShop>[0]): TagContentWire {
  const ts = tagShop(shop);
  const built = buildTagData(
    {
      title: "Solitaire",
      tagCode: "7K3QX9M",
      priceMinor: 125000n,
      currency: "EUR",
      publicToken: "q3Zt0bX9-Lm_Pa7RkW2yEg",
      metals: [{ metal: "gold", finenessBp: 7500, grossWeightMg: 3420n }],
      stones: [
        {
          type: "diamond",
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
    (type) => label(ts.uiLocale, "stone", type),
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

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, locale } = await requireAdmin(request);
  const rfid = await rfidSettings(shop.id);
  return {
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

type Answer = { ok: true; message: string } | { ok: false; message: string; field?: string };

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, locale } = await requireAdmin(request);
  const t = (key: MessageKey, vars?: Record<string, string>) => translate(locale, key, vars);
  const form = Object.fromEntries(await request.formData());
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

type Edit = { hidden?: boolean; fontMm?: number; x?: number; y?: number };

export default function TagsPage() {
  const { templates, overrides, content, rfid, rfidPreview } = useLoaderData<typeof loader>();
  const [rfidForm, setRfidForm] = useState({
    enabled: rfid.enabled,
    companyPrefix: rfid.companyPrefix,
    filter: String(rfid.filter),
    reason: "",
  });
  useEffect(
    () =>
      setRfidForm({
        enabled: rfid.enabled,
        companyPrefix: rfid.companyPrefix,
        filter: String(rfid.filter),
        reason: "",
      }),
    [rfid],
  );
  const answer = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const [templateId, setTemplateId] = useState(DEFAULT_TEMPLATE_ID);
  const [edits, setEdits] = useState<Record<string, Record<string, Edit>>>(
    overrides as Record<string, Record<string, Edit>>,
  );
  // After a save or a reset the loader answers with the shop's stored settings: show those, so a
  // reset template's fields and preview go back to the built-in ones.
  useEffect(() => setEdits(overrides as Record<string, Record<string, Edit>>), [overrides]);
  const current = templates.find((x) => x.id === templateId)!;
  const mine = edits[templateId] ?? {};
  const update = (field: string, change: Edit) =>
    setEdits({ ...edits, [templateId]: { ...mine, [field]: { ...(mine[field] ?? {}), ...change } } });

  const preview = useMemo(() => {
    const template = findTemplate(templateId)!;
    const result = layoutTag(template, tagContentFromWire(content), { dpi: 203, overrides: mine as FieldOverrides });
    return result.ok ? { svg: toSvg(result.layout), error: null } : { svg: null, error: result.message };
  }, [templateId, content, mine]);

  const num = (value: string) => (value.trim() === "" ? undefined : Number(value.replace(",", ".")));
  return (
    <Page title={t("tags.title")}>
      <Layout>
        {answer ? (
          <Layout.Section>
            <Banner tone={answer.ok ? "success" : "critical"}>
              <p data-testid="tags-answer">{answer.message}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="300" blockAlign="center">
                <Select
                  label={t("tags.template")}
                  options={templates.map((x) => ({
                    label: x.rfid ? `${x.name[locale]} · ${t("tags.rfid.stock")}` : x.name[locale],
                    value: x.id,
                  }))}
                  value={templateId}
                  onChange={setTemplateId}
                />
                <Badge tone={overrides[templateId] ? "info" : undefined}>
                  {overrides[templateId] ? t("tags.customised") : t("tags.builtIn")}
                </Badge>
              </InlineStack>
              <Text as="h2" variant="headingMd">
                {t("tags.preview")}
              </Text>
              {preview.svg ? (
                <div
                  data-testid="tag-preview"
                  style={{ border: "1px solid #ccc", display: "inline-block", maxWidth: "100%" }}
                  dangerouslySetInnerHTML={{ __html: preview.svg }}
                />
              ) : (
                <Banner tone="warning">
                  <p>{t("tags.invalid", { detail: preview.error ?? "" })}</p>
                </Banner>
              )}
              <Text as="p" tone="subdued">
                {t("tags.previewHelp")}
              </Text>
              {current.rfid && rfidPreview ? (
                rfidPreview.ok ? (
                  <BlockStack gap="100">
                    <Text as="p" fontWeight="semibold">
                      <span data-testid="rfid-epc">{t("tags.rfid.epc", { hex: rfidPreview.epcHex })}</span>
                    </Text>
                    <Text as="p">
                      {t("tags.rfid.epcDecoded", {
                        gtin: rfidPreview.gtin,
                        serial: rfidPreview.serial,
                        filter: String(rfidPreview.filter),
                      })}
                    </Text>
                    <Text as="p" tone="subdued">
                      {t("tags.rfid.previewSerial")}
                    </Text>
                  </BlockStack>
                ) : (
                  <Banner tone="warning">
                    <p data-testid="rfid-epc-refused">{rfidPreview.message}</p>
                  </Banner>
                )
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              {current.fields.map((f) => {
                const e = mine[f.field] ?? {};
                return (
                  <InlineStack key={f.field} gap="300" blockAlign="end">
                    <div style={{ width: "11rem" }}>
                      <Checkbox
                        label={t(`tags.field.${f.field}` as MessageKey)}
                        checked={!e.hidden}
                        onChange={(checked) => update(f.field, { hidden: !checked })}
                      />
                    </div>
                    {f.fontMm !== null ? (
                      <TextField
                        label={t("tags.fontMm")}
                        type="number"
                        step={0.1}
                        autoComplete="off"
                        value={String(e.fontMm ?? f.fontMm)}
                        onChange={(v) => update(f.field, { fontMm: num(v) })}
                      />
                    ) : null}
                    <TextField
                      label={t("tags.x")}
                      type="number"
                      step={0.1}
                      autoComplete="off"
                      value={String(e.x ?? f.x)}
                      onChange={(v) => update(f.field, { x: num(v) })}
                    />
                    <TextField
                      label={t("tags.y")}
                      type="number"
                      step={0.1}
                      autoComplete="off"
                      value={String(e.y ?? f.y)}
                      onChange={(v) => update(f.field, { y: num(v) })}
                    />
                  </InlineStack>
                );
              })}
              <InlineStack gap="300">
                <Form method="post">
                  <input type="hidden" name="intent" value="save" />
                  <input type="hidden" name="templateId" value={templateId} />
                  <input type="hidden" name="overrides" value={JSON.stringify(mine)} />
                  <Button submit variant="primary" disabled={!preview.svg}>
                    {t("tags.save")}
                  </Button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="intent" value="reset" />
                  <input type="hidden" name="templateId" value={templateId} />
                  <Button submit>{t("tags.reset")}</Button>
                </Form>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <Form method="post">
              <input type="hidden" name="intent" value="rfid" />
              <input type="hidden" name="enabled" value={rfidForm.enabled ? "on" : "off"} />
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("tags.rfid.title")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("tags.rfid.help")}
                </Text>
                <Checkbox
                  label={t("tags.rfid.enabled")}
                  checked={rfidForm.enabled}
                  onChange={(enabled) => setRfidForm({ ...rfidForm, enabled })}
                />
                <TextField
                  label={t("tags.rfid.companyPrefix")}
                  name="companyPrefix"
                  autoComplete="off"
                  inputMode="numeric"
                  value={rfidForm.companyPrefix}
                  onChange={(companyPrefix) => setRfidForm({ ...rfidForm, companyPrefix })}
                  helpText={t("tags.rfid.companyPrefixHelp")}
                  error={
                    answer && !answer.ok && "field" in answer && answer.field === "companyPrefix"
                      ? answer.message
                      : undefined
                  }
                />
                <TextField
                  label={t("tags.rfid.filter")}
                  name="filter"
                  type="number"
                  min={0}
                  max={7}
                  autoComplete="off"
                  value={rfidForm.filter}
                  onChange={(filter) => setRfidForm({ ...rfidForm, filter })}
                  helpText={t("tags.rfid.filterHelp")}
                  error={
                    answer && !answer.ok && "field" in answer && answer.field === "filter" ? answer.message : undefined
                  }
                />
                <TextField
                  label={t("tags.rfid.reason")}
                  name="reason"
                  autoComplete="off"
                  value={rfidForm.reason}
                  onChange={(reason) => setRfidForm({ ...rfidForm, reason })}
                  error={
                    answer && !answer.ok && "field" in answer && answer.field === "reason" ? answer.message : undefined
                  }
                />
                <Text as="p" tone="subdued">
                  {t("tags.rfid.nextSerial", { serial: rfid.nextSerial })}
                </Text>
                <InlineStack>
                  <Button submit variant="primary">
                    {t("tags.rfid.save")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
