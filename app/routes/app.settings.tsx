// /app/settings: the shop's settings in one place (currency and its minor unit, weight unit, time
// zone, default tag template and printer dpi, RFID as set under Tag templates, opening hours). The
// form and the action share one schema (app/domain/schemas/shop-settings.ts); the save is
// app/http/settings-page.server.ts. The owner's and managers' only.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { requireAdmin } from "../http/admin-context.server";
import { settingsAction, settingsPage } from "../http/settings-page.server";
import { Choice, Input } from "../components/FormFields";
import { hoursField, SHOP_WEIGHT_UNITS } from "../domain/schemas/shop-settings";
import { INTERVALS_PER_DAY, WEEKDAYS } from "../domain/shop-hours";
import { KIOSK_IDLE_MINUTES } from "../domain/kiosk/idle";
import { dotsPerMm, type Dpi } from "../domain/tags/units";
import { intlLocale, type MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";

export const permission = { loader: "settings.manage", action: "settings.manage" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  return settingsPage(await requireAdmin(request, permission.loader));
}

export async function action({ request }: ActionFunctionArgs) {
  return settingsAction(await requireAdmin(request, permission.action), request);
}

export default function SettingsPage() {
  const { version, values, amounts, currencies, templates, timeZones, rfid } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const busy = useNavigation().state === "submitting";
  const errors: Record<string, string> = answer && !answer.ok ? answer.errors : {};
  const names =
    typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames([intlLocale(locale)], { type: "currency" }) : null;
  const decimals = currencies.find((c) => c.code === values.currency)?.decimals ?? 2;

  return (
    <Page title={t("settings.title")}>
      <Form method="post">
        <input type="hidden" name="version" value={version} />
        <Layout>
          {answer ? (
            <Layout.Section>
              <Banner tone={answer.ok ? "success" : "critical"}>
                <p data-testid="settings-answer">
                  {answer.ok
                    ? t(answer.changed.length ? "settings.saved" : "settings.unchanged")
                    : (errors._form ?? answer.message)}
                </p>
              </Banner>
            </Layout.Section>
          ) : null}
          <Layout.Section>
            <Text as="p" tone="subdued">
              {t("settings.intro")}
            </Text>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("settings.section.money")}
                </Text>
                {amounts > 0 ? (
                  <BlockStack gap="100">
                    <input type="hidden" name="currency" value={values.currency} />
                    <Text as="p" fontWeight="semibold">
                      {t("settings.currency")}: {values.currency}
                    </Text>
                    <Text as="p" tone={errors.currency ? "critical" : "subdued"}>
                      <span data-testid="currency-locked">
                        {errors.currency ?? t("settings.currency.locked", { count: amounts, code: values.currency })}
                      </span>
                    </Text>
                  </BlockStack>
                ) : (
                  <BlockStack gap="100">
                    <Choice
                      name="currency"
                      label={t("settings.currency")}
                      defaultValue={values.currency}
                      error={errors.currency}
                      options={currencies.map((c) => ({
                        value: c.code,
                        label: t("settings.currency.option", {
                          code: c.code,
                          name: names?.of(c.code) ?? c.code,
                          decimals: c.decimals,
                        }),
                      }))}
                    />
                    <Text as="p" tone="subdued">
                      {t("settings.currency.help", { decimals, code: values.currency })}
                    </Text>
                  </BlockStack>
                )}
                <Choice
                  name="weightUnit"
                  label={t("settings.weightUnit")}
                  defaultValue={values.weightUnit}
                  error={errors.weightUnit}
                  options={SHOP_WEIGHT_UNITS.map((u) => ({ value: u, label: t(`settings.unit.${u}` as MessageKey) }))}
                />
                <Text as="p" tone="subdued">
                  {t("settings.weightUnit.help")}
                </Text>
                <Choice
                  name="ianaTimezone"
                  label={t("settings.timeZone")}
                  defaultValue={values.ianaTimezone}
                  error={errors.ianaTimezone}
                  options={timeZones.map((z) => ({ value: z, label: z }))}
                />
                <Text as="p" tone="subdued">
                  {t("settings.timeZone.help")}
                </Text>
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("settings.section.tags")}
                </Text>
                <Choice
                  name="defaultTagTemplateId"
                  label={t("settings.defaultTemplate")}
                  defaultValue={values.defaultTagTemplateId}
                  error={errors.defaultTagTemplateId}
                  options={templates.map((x) => ({
                    value: x.id,
                    label: x.rfid ? `${x.name[locale]} · ${t("tags.rfid.stock")}` : x.name[locale],
                  }))}
                />
                <Text as="p" tone="subdued">
                  {t("settings.defaultTemplate.help")}
                </Text>
                <Choice
                  name="printerDpi"
                  label={t("settings.dpi")}
                  defaultValue={values.printerDpi}
                  error={errors.printerDpi}
                  options={([203, 300, 600] as Dpi[]).map((dpi) => ({
                    value: String(dpi),
                    label: t("settings.dpi.option", { dpi, dots: dotsPerMm(dpi) }),
                  }))}
                />
                <Text as="p" tone="subdued">
                  {t("settings.dpi.help")}
                </Text>
                <InlineStack gap="200" blockAlign="center">
                  <Text as="p" fontWeight="semibold">
                    {t("settings.rfid")}
                  </Text>
                  <Text as="p">
                    <span data-testid="settings-rfid">
                      {rfid.enabled
                        ? t("settings.rfid.on", { prefix: rfid.companyPrefix, filter: rfid.filter })
                        : t("settings.rfid.off")}
                    </span>
                  </Text>
                  <Link to="/app/tags">{t("settings.rfid.link")}</Link>
                </InlineStack>
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("settings.section.kiosk")}
                </Text>
                <Input
                  name="kioskIdleMinutes"
                  label={t("settings.kioskIdle")}
                  type="number"
                  maxLength={4}
                  defaultValue={values.kioskIdleMinutes}
                  error={errors.kioskIdleMinutes}
                />
                <Text as="p" tone="subdued">
                  {t("settings.kioskIdle.help", { min: KIOSK_IDLE_MINUTES.min, max: KIOSK_IDLE_MINUTES.max })}
                </Text>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("csv.settings.section")}
                </Text>
                <Choice
                  name="csvFrenchExcel"
                  label={t("csv.settings.frenchExcel")}
                  defaultValue={values.csvFrenchExcel}
                  error={errors.csvFrenchExcel}
                  options={(["on", "off"] as const).map((v) => ({
                    value: v,
                    label: t(`csv.settings.frenchExcel.${v}`),
                  }))}
                />
                <Text as="p" tone="subdued">
                  {t("csv.settings.frenchExcel.help")}
                </Text>
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("settings.section.hours")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("settings.hours.help", { zone: values.ianaTimezone })}
                </Text>
                {WEEKDAYS.map((day) => (
                  <InlineGrid key={day} columns={{ xs: 1, md: "1fr 4fr" }} gap="200" alignItems="start">
                    <Text as="p" fontWeight="semibold">
                      {t(`settings.weekday.${day}` as MessageKey)}
                    </Text>
                    <InlineStack gap="200" blockAlign="end">
                      {Array.from({ length: INTERVALS_PER_DAY }, (_, slot) =>
                        (["opens", "closes"] as const).map((end) => {
                          const name = hoursField(day, slot, end);
                          return (
                            <Input
                              key={name}
                              name={name}
                              label={`${t(`settings.hours.${end}`)}${slot > 0 ? ` (${t("settings.hours.then")})` : ""}`}
                              defaultValue={values.hours[name] ?? ""}
                              placeholder={end === "opens" ? "09:30" : "19:00"}
                              maxLength={5}
                              error={errors[name]}
                            />
                          );
                        }),
                      )}
                    </InlineStack>
                  </InlineGrid>
                ))}
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Input name="reason" label={t("settings.reason")} maxLength={500} error={errors.reason} />
                <InlineStack>
                  <Button submit variant="primary" loading={busy}>
                    {t("settings.save")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}
