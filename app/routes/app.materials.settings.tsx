import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, Layout, Page, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { requirePermission } from "../http/admin-context.server";
import { readMaterialsForm, refused, requireMaterialsAdmin, materialsRights } from "../http/materials-admin.server";
import { closePeriod, getMaterialSettings, saveMaterialSettings } from "../services/materials/settings.server";
import { addReceiptDocument, validateEntries, validationStatus } from "../services/materials/entries.server";
import { listPeriodCloses } from "../models/materials-periods.server";
import { ACCOUNT_ROLES, JOURNAL_KINDS } from "../domain/materials/ledger";
import { settingsPageForm } from "../domain/materials/forms";
import { formatDate, type MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";
import { RoleCannot } from "../components/RoleCannot";
import { Input } from "../components/FormFields";

export const permission = { loader: ["materials.view", "cost.see"], action: ["materials.view", "cost.see"] } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, can } = await requireMaterialsAdmin(request, permission.loader);
  const [settings, closes, validation] = await Promise.all([
    getMaterialSettings(shop.id),
    listPeriodCloses(shop.id),
    validationStatus(shop.id, shop.ianaTimezone),
  ]);
  return {
    settings,
    validation,
    closes: closes.map((c) => ({ id: c.id, closedThrough: c.closedThrough, actorName: c.actorName })),
    rights: materialsRights(can),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, locale, can } = await requireMaterialsAdmin(request, permission.action);
  const form = await readMaterialsForm(request, settingsPageForm, locale);
  if (!form.ok) return form.answer;
  const input = form.input;
  requirePermission(
    { locale, can },
    input.intent === "close" || input.intent === "validate"
      ? "materials.close"
      : input.intent === "document"
        ? "materials.post"
        : "materials.methods",
  );
  if (input.intent === "close") {
    const result = await closePeriod(shop.id, input.through, actor);
    return result.ok ? { ok: true as const, intent: "close" } : refused(locale, "close", result);
  }
  if (input.intent === "validate") {
    const result = await validateEntries(shop.id, input.through, actor);
    return result.ok
      ? { ok: true as const, intent: "validate", entries: result.entries, corrections: result.corrections }
      : refused(locale, "validate", result);
  }
  if (input.intent === "document") {
    const result = await addReceiptDocument(shop.id, input.moveId, input.document, actor);
    return result.ok ? { ok: true as const, intent: "document" } : refused(locale, "document", result);
  }
  const accounts = Object.fromEntries(ACCOUNT_ROLES.map((role) => [role, (input[`account.${role}`] ?? "").trim()]));
  const result = await saveMaterialSettings(
    shop.id,
    {
      siren: input.siren || null,
      normalLossBp: input.normalLoss,
      sellingCostBp: input.sellingCost,
      negativeStock: input.negativeStock,
      accounts,
      supplierAccounts: input.supplierAccounts === undefined ? undefined : input.supplierAccounts === "on",
      journals: Object.fromEntries(JOURNAL_KINDS.map((kind) => [kind, input[`journal.${kind}`] ?? ""])),
      fiscalYearEnd: input.fiscalYearEnd || undefined,
    },
    actor,
  );
  return result.ok ? { ok: true as const, intent: "settings" } : refused(locale, "settings", result);
}

const pct = (bp: number) => String(bp / 100);

export default function MaterialsSettingsPage() {
  const { settings, closes, rights, validation } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, locale } = useI18n();
  const [negative, setNegative] = useState<string>(settings.negativeStock);
  const [supplierMode, setSupplierMode] = useState<string>(settings.supplierAccounts ? "on" : "off");
  const errors = result && !result.ok ? result.errors : {};
  const last = closes.at(-1);
  return (
    <Page title={t("materials.settings.title")} backAction={{ content: t("materials.back"), url: "/app/materials" }}>
      <Layout>
        <Layout.Section>
          <Card>
            {!rights.methods ? (
              <RoleCannot reason="permissions.hidden.materials.methods" />
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="settings" />
                <FormLayout>
                  {result?.ok && result.intent === "settings" ? (
                    <Banner tone="success">{t("materials.saved")}</Banner>
                  ) : null}
                  {result && !result.ok && result.intent === "settings" ? (
                    <Banner tone="critical">{result.message}</Banner>
                  ) : null}
                  <FormLayout.Group>
                    <Input
                      name="siren"
                      label={t("materials.settings.siren")}
                      error={errors.siren}
                      defaultValue={settings.siren ?? ""}
                    />
                    <Input
                      name="normalLoss"
                      label={t("materials.settings.normalLoss")}
                      error={errors.normalLoss}
                      defaultValue={pct(settings.normalLossBp)}
                    />
                    <Input
                      name="sellingCost"
                      label={t("materials.settings.sellingCost")}
                      error={errors.sellingCost}
                      defaultValue={pct(settings.sellingCostBp)}
                    />
                    <Select
                      name="negativeStock"
                      label={t("materials.settings.negativeStock")}
                      value={negative}
                      onChange={setNegative}
                      options={[
                        { value: "refuse", label: t("materials.settings.negative.refuse") },
                        { value: "allow", label: t("materials.settings.negative.allow") },
                      ]}
                      error={errors.negativeStock}
                    />
                  </FormLayout.Group>
                  <Text as="h2" variant="headingMd">
                    {t("materials.fec.settings.accounting")}
                  </Text>
                  <Select
                    name="supplierAccounts"
                    label={t("materials.fec.settings.supplierAccounts")}
                    value={supplierMode}
                    onChange={setSupplierMode}
                    options={[
                      { value: "off", label: t("materials.fec.settings.supplierAccounts.off") },
                      { value: "on", label: t("materials.fec.settings.supplierAccounts.on") },
                    ]}
                  />
                  <FormLayout.Group condensed>
                    {JOURNAL_KINDS.map((kind) => (
                      <Input
                        key={kind}
                        name={`journal.${kind}`}
                        label={t(`materials.fec.settings.journal.${kind}`)}
                        error={errors[`journal.${kind}`]}
                        defaultValue={settings.journals[kind]}
                      />
                    ))}
                    <Input
                      name="fiscalYearEnd"
                      label={t("materials.fec.settings.fiscalYearEnd")}
                      error={errors.fiscalYearEnd}
                      defaultValue={settings.fiscalYearEnd}
                    />
                  </FormLayout.Group>
                  <Text as="h2" variant="headingMd">
                    {t("materials.settings.accounts")}
                  </Text>
                  <FormLayout.Group condensed>
                    {ACCOUNT_ROLES.map((role) => (
                      <Input
                        key={role}
                        name={`account.${role}`}
                        label={t(`materials.account.${role}` as MessageKey)}
                        error={errors[`account.${role}`]}
                        defaultValue={settings.accounts[role]}
                      />
                    ))}
                  </FormLayout.Group>
                  <Button submit variant="primary" loading={busy}>
                    {t("materials.settings.save")}
                  </Button>
                </FormLayout>
              </Form>
            )}
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <Form method="post">
              <input type="hidden" name="intent" value="close" />
              <FormLayout>
                <Text as="h2" variant="headingMd">
                  {t("materials.settings.periods")}
                </Text>
                <Text as="p">
                  {last
                    ? t("materials.settings.closedThrough", { day: formatDate(last.closedThrough, locale, "UTC") })
                    : t("materials.settings.noClose")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("materials.settings.closeHelp")}
                </Text>
                {result && !result.ok && result.intent === "close" ? (
                  <Banner tone="critical">{errors.through ?? errors._form}</Banner>
                ) : null}
                {rights.close ? (
                  <>
                    <Input name="through" label={t("materials.settings.closeThrough")} error={errors.through} />
                    <BlockStack>
                      <Button submit loading={busy}>
                        {t("materials.settings.close")}
                      </Button>
                    </BlockStack>
                  </>
                ) : (
                  <RoleCannot reason="permissions.hidden.materials.close" />
                )}
              </FormLayout>
            </Form>
          </Card>
          <Card>
            <Form method="post">
              <input type="hidden" name="intent" value="validate" />
              <FormLayout>
                <Text as="h2" variant="headingMd">
                  {t("materials.fec.validate.title")}
                </Text>
                <Text as="p">
                  {validation.validatedThrough
                    ? t("materials.fec.validate.through", { day: validation.validatedThrough })
                    : t("materials.fec.validate.none")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("materials.fec.validate.help")}
                </Text>
                {result?.ok && result.intent === "validate" && "entries" in result ? (
                  <Banner tone="success">
                    {t("materials.fec.validate.done", {
                      entries: result.entries ?? 0,
                      corrections: result.corrections ?? 0,
                    })}
                  </Banner>
                ) : null}
                {result && !result.ok && result.intent === "validate" ? (
                  <Banner tone="critical">{errors.through ?? errors._form}</Banner>
                ) : null}
                {rights.close ? (
                  <>
                    <Input name="through" label={t("materials.fec.validate.day")} />
                    <BlockStack>
                      <Button submit loading={busy}>
                        {t("materials.fec.validate.submit")}
                      </Button>
                    </BlockStack>
                  </>
                ) : (
                  <RoleCannot reason="permissions.hidden.materials.close" />
                )}
              </FormLayout>
            </Form>
          </Card>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingMd">
                {t("materials.fec.documents.title")}
              </Text>
              <Text as="p" tone="subdued">
                {t("materials.fec.documents.help")}
              </Text>
              {result?.ok && result.intent === "document" ? (
                <Banner tone="success">{t("materials.fec.documents.saved")}</Banner>
              ) : null}
              {result && !result.ok && result.intent === "document" ? (
                <Banner tone="critical">{errors.document ?? errors._form}</Banner>
              ) : null}
              {validation.missingCount === 0 ? <Text as="p">{t("materials.fec.documents.none")}</Text> : null}
              {validation.missingCount > validation.missingDocuments.length ? (
                <Text as="p">{t("materials.fec.documents.more", { count: validation.missingCount })}</Text>
              ) : null}
              {validation.missingDocuments.map((m) => (
                <Form method="post" key={m.id}>
                  <input type="hidden" name="intent" value="document" />
                  <input type="hidden" name="moveId" value={m.id} />
                  <FormLayout>
                    <Text as="p">
                      {[m.day, m.classCode, `${m.qty ?? ""} ${m.unit}`, m.supplier, m.lot].filter(Boolean).join(" · ")}
                    </Text>
                    <Input name="document" label={t("materials.fec.field.document")} />
                    <Button submit loading={busy}>
                      {t("materials.fec.documents.save")}
                    </Button>
                  </FormLayout>
                </Form>
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
