// /app/tags: the tag template editor. Pick a built-in template, show or hide fields, change font
// sizes and positions; the SVG preview is laid out in the browser with the same layoutTag the
// printer's ZPL comes from. Saving checks the result on a sample piece and stores the overrides
// (app/http/tag-templates.server.ts).
import { useEffect, useMemo, useState } from "react";
import { readForm } from "../http/admin-action.server";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
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
import { requireAdmin } from "../http/admin-context.server";
import { tagsAction, tagsPage } from "../http/tag-templates.server";
import { tagContentFromWire } from "../domain/kiosk/tag-data";
import { findTemplate, layoutTag, toSvg, type FieldOverrides } from "../domain/tags";
import { intlLocale, type Locale, type MessageKey } from "../i18n";
import { parseDecimalInput, partsToDecimalText } from "../domain/decimal-input";
import { useI18n } from "../i18n/react";
import { RoleCannot } from "../components/RoleCannot";

// Anyone who prints tags sees the templates and previews; changing them is for kiosks.manage.
export const permission = { loader: "pieces.print", action: "kiosks.manage" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  return tagsPage(await requireAdmin(request, permission.loader));
}

export async function action({ request }: ActionFunctionArgs) {
  const context = await requireAdmin(request, permission.action);
  return tagsAction(context, Object.fromEntries(await readForm(request)));
}

type Edit = { hidden?: boolean; fontMm?: number; x?: number; y?: number };

export default function TagsPage() {
  const { templates, overrides, content, rfid, rfidPreview, defaultTemplateId, dpi, rights } =
    useLoaderData<typeof loader>();
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
  const [templateId, setTemplateId] = useState(defaultTemplateId);
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
    const result = layoutTag(template, tagContentFromWire(content), { dpi, overrides: mine as FieldOverrides });
    return result.ok ? { svg: toSvg(result.layout), error: null } : { svg: null, error: result.message };
  }, [templateId, content, mine, dpi]);

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
        {!rights.edit ? (
          <Layout.Section>
            <Card>
              <RoleCannot reason="permissions.hidden.tags" />
            </Card>
          </Layout.Section>
        ) : null}
        {rights.edit ? (
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
                        <MillimetreField
                          label={t("tags.fontMm")}
                          value={e.fontMm ?? f.fontMm}
                          onChange={(mm) => update(f.field, { fontMm: mm })}
                        />
                      ) : null}
                      <MillimetreField
                        label={t("tags.x")}
                        value={e.x ?? f.x}
                        onChange={(mm) => update(f.field, { x: mm })}
                      />
                      <MillimetreField
                        label={t("tags.y")}
                        value={e.y ?? f.y}
                        onChange={(mm) => update(f.field, { y: mm })}
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
        ) : null}
        {rights.edit ? (
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
                      answer && !answer.ok && "field" in answer && answer.field === "filter"
                        ? answer.message
                        : undefined
                    }
                  />
                  <TextField
                    label={t("tags.rfid.reason")}
                    name="reason"
                    autoComplete="off"
                    value={rfidForm.reason}
                    onChange={(reason) => setRfidForm({ ...rfidForm, reason })}
                    error={
                      answer && !answer.ok && "field" in answer && answer.field === "reason"
                        ? answer.message
                        : undefined
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
        ) : null}
      </Layout>
    </Page>
  );
}

/** Millimetres as the reader writes them ("2,1" in French, never "2.0999999999999996"). */
function formatMm(mm: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 2, useGrouping: false }).format(mm);
}

/**
 * A length in mm, typed in either notation (the shared number parser). The text typed stays as
 * typed while it reads as the same length, so "2," is not rewritten under the fingers.
 */
function MillimetreField({ label, value, onChange }: { label: string; value: number; onChange: (mm: number) => void }) {
  const { locale } = useI18n();
  const shown = formatMm(value, locale);
  const [text, setText] = useState(shown);
  const read = (typed: string) => {
    const parts = parseDecimalInput(typed, { locale: intlLocale(locale), units: ["mm"] });
    return parts && !parts.negative ? Number(partsToDecimalText(parts)) : undefined;
  };
  useEffect(() => {
    if (read(text) !== value) setText(shown);
    // Only a change of the length from elsewhere (another template, a reset) rewrites the text.
  }, [value]);
  return (
    <TextField
      label={label}
      inputMode="decimal"
      autoComplete="off"
      value={text}
      onChange={(typed) => {
        setText(typed);
        const mm = read(typed);
        if (mm !== undefined) onChange(mm);
      }}
    />
  );
}
