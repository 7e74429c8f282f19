import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, Layout, Page, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import { requirePermission } from "../http/admin-context.server";
import { readMaterialsForm, refused, requireMaterialsAdmin, materialsRights } from "../http/materials-admin.server";
import { closePeriod, getMaterialSettings, saveMaterialSettings } from "../services/materials/settings.server";
import { listPeriodCloses } from "../models/materials-periods.server";
import { ACCOUNT_ROLES } from "../domain/materials/ledger";
import { settingsPageForm } from "../domain/materials/forms";
import { formatDate, type MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";
import { RoleCannot } from "../components/RoleCannot";
import { Input } from "../components/FormFields";

export const permission = { loader: ["materials.view", "cost.see"], action: ["materials.view", "cost.see"] } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, can } = await requireMaterialsAdmin(request, permission.loader);
  const [settings, closes] = await Promise.all([getMaterialSettings(shop.id), listPeriodCloses(shop.id)]);
  return {
    settings,
    closes: closes.map((c) => ({ id: c.id, closedThrough: c.closedThrough, actorName: c.actorName })),
    rights: materialsRights(can),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, locale, can } = await requireMaterialsAdmin(request, permission.action);
  const form = await readMaterialsForm(request, settingsPageForm, locale);
  if (!form.ok) return form.answer;
  const input = form.input;
  requirePermission({ locale, can }, input.intent === "close" ? "materials.close" : "materials.methods");
  if (input.intent === "close") {
    const result = await closePeriod(shop.id, input.through, actor);
    return result.ok ? { ok: true as const, intent: "close" } : refused(locale, "close", result);
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
    },
    actor,
  );
  return result.ok ? { ok: true as const, intent: "settings" } : refused(locale, "settings", result);
}

const pct = (bp: number) => String(bp / 100);

export default function MaterialsSettingsPage() {
  const { settings, closes, rights } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, locale } = useI18n();
  const [negative, setNegative] = useState<string>(settings.negativeStock);
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
        </Layout.Section>
      </Layout>
    </Page>
  );
}
