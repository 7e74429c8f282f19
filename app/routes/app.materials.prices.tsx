import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, FormLayout, Layout, Page, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import {
  csvRowErrors,
  readMaterialsForm,
  refused,
  requireMaterialsAdmin,
  materialsRights,
} from "../http/materials-admin.server";
import { todayDay } from "../domain/materials/days";
import { importPricesCsv, setPrice } from "../services/materials/prices.server";
import { listPrices } from "../models/materials-prices.server";
import { METALS } from "../domain/metals";
import { pricesForm } from "../domain/materials/forms";
import { formatDate, type MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";
import { RoleCannot } from "../components/RoleCannot";
import { Input } from "../components/FormFields";
import { moneyOfDecimal } from "../ui/format";

export const permission = {
  loader: ["materials.view", "cost.see"],
  action: ["materials.view", "cost.see", "materials.post"],
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, can } = await requireMaterialsAdmin(request, permission.loader);
  const prices = await listPrices(shop.id);
  return {
    prices: prices.map((p) => ({
      id: p.id,
      metal: p.metal,
      day: p.day,
      pricePerGram: p.pricePerGram,
      currency: p.currency,
      source: p.source,
    })),
    today: todayDay(),
    rights: materialsRights(can),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, locale } = await requireMaterialsAdmin(request, permission.action);
  const form = await readMaterialsForm(request, pricesForm, locale);
  if (!form.ok) return form.answer;
  const input = form.input;
  if (input.intent === "price") {
    const result = await setPrice(shop.id, input, actor);
    return result.ok
      ? { ok: true as const, intent: input.intent, imported: null }
      : refused(locale, input.intent, result);
  }
  const result = await importPricesCsv(shop.id, input.csv, actor);
  if (result.ok) return { ok: true as const, intent: input.intent, imported: result.imported };
  if (!("errors" in result)) return refused(locale, input.intent, { ...result, field: "csv" });
  const rows = csvRowErrors(locale, result.errors);
  return refused(locale, input.intent, { ok: false, code: "CSV_ERRORS", field: "csv" }, rows);
}

export default function PricesPage() {
  const { prices, today, rights } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, locale } = useI18n();
  const [metal, setMetal] = useState("gold");
  const errors = result && !result.ok ? result.errors : {};
  const details = result && !result.ok && "details" in result ? (result.details as string[]) : [];
  return (
    <Page
      title={t("materials.prices.title")}
      subtitle={t("materials.prices.help")}
      backAction={{ content: t("materials.back"), url: "/app/materials" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result && !result.ok ? (
              <Banner tone="critical" title={result.message}>
                <BlockStack gap="100">
                  {Object.values(errors).map((e) => (
                    <Text as="p" key={e}>
                      {e}
                    </Text>
                  ))}
                  {details.map((d) => (
                    <Text as="p" key={d}>
                      {d}
                    </Text>
                  ))}
                </BlockStack>
              </Banner>
            ) : null}
            {result?.ok ? (
              <Banner tone="success">
                {result.imported !== null
                  ? t("materials.prices.imported", { count: result.imported })
                  : t("materials.saved")}
              </Banner>
            ) : null}
            <Card padding="0">
              {prices.length === 0 ? (
                <div style={{ padding: 16 }}>
                  <Text as="p">{t("materials.prices.empty")}</Text>
                </div>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "numeric", "text"]}
                  headings={[
                    t("materials.prices.day"),
                    t("materials.prices.metal"),
                    t("materials.prices.price"),
                    t("materials.prices.source"),
                  ]}
                  rows={prices.map((p) => [
                    formatDate(p.day, locale, "UTC"),
                    t(`metal.${p.metal}` as MessageKey),
                    moneyOfDecimal(p.pricePerGram, p.currency, locale, "g"),
                    p.source ?? "",
                  ])}
                />
              )}
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          {!rights.post ? (
            <Card>
              <RoleCannot reason="permissions.hidden.materials.post" />
            </Card>
          ) : (
            <BlockStack gap="400">
              <Card>
                <Form method="post">
                  <input type="hidden" name="intent" value="price" />
                  <FormLayout>
                    <Select
                      name="metal"
                      label={t("materials.prices.metal")}
                      value={metal}
                      onChange={setMetal}
                      options={METALS.filter((m) => m !== "rhodium").map((m) => ({
                        value: m,
                        label: t(`metal.${m}` as MessageKey),
                      }))}
                      error={errors.metal}
                    />
                    <Input name="day" label={t("materials.prices.day")} error={errors.day} defaultValue={today} />
                    <Input name="price" label={t("materials.prices.price")} error={errors.price} />
                    <Input name="source" label={t("materials.prices.source")} error={errors.source} />
                    <Button submit variant="primary" loading={busy}>
                      {t("materials.prices.add")}
                    </Button>
                  </FormLayout>
                </Form>
              </Card>
              <Card>
                <Form method="post">
                  <input type="hidden" name="intent" value="import" />
                  <FormLayout>
                    <Text as="h2" variant="headingMd">
                      {t("materials.prices.import")}
                    </Text>
                    <Text as="p" tone="subdued">
                      {t("materials.prices.importHelp")}
                    </Text>
                    <Input
                      name="csv"
                      label={t("materials.prices.csv")}
                      multiline={6}
                      error={errors.csv}
                      defaultValue={"metal,date,price_per_gram,source\n"}
                    />
                    <Button submit loading={busy}>
                      {t("materials.prices.import")}
                    </Button>
                  </FormLayout>
                </Form>
              </Card>
            </BlockStack>
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}
