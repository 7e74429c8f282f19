import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  Button,
  Card,
  Checkbox,
  DataTable,
  FormLayout,
  Layout,
  Page,
  Select,
  Text,
} from "@shopify/polaris";
import { useState } from "react";
import {
  newClassInputOf,
  readMaterialsForm,
  refused,
  requireMaterialsAdmin,
  materialsRights,
} from "../http/materials-admin.server";
import { createMaterialClass } from "../services/materials/classes.server";
import { stockAt, wipAndFinished } from "../services/materials/stock-reports.server";
import { CHOOSABLE_METHODS, formatQty } from "../domain/materials/classes";
import { newClassForm } from "../domain/materials/forms";
import { METALS } from "../domain/metals";
import { formatInteger, intlLocale, type MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";
import { RoleCannot } from "../components/RoleCannot";
import { money, weight } from "../ui/format";
import { Input } from "../components/FormFields";

export const permission = {
  loader: ["materials.view", "cost.see"],
  action: ["materials.view", "cost.see", "materials.post"],
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, can } = await requireMaterialsAdmin(request, permission.loader);
  const [stock, other] = await Promise.all([stockAt(shop.id), wipAndFinished(shop.id)]);
  return { lines: stock.lines, currency: stock.currency, ...other, rights: materialsRights(can) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, locale } = await requireMaterialsAdmin(request, permission.action);
  const form = await readMaterialsForm(request, newClassForm, locale, "create");
  if (!form.ok) return form.answer;
  const input = newClassInputOf(form.input);
  const result = "ok" in input ? input : await createMaterialClass(shop.id, input, actor);
  if (!result.ok) return refused(locale, "create", result);
  return { ok: true as const, intent: "create", classId: result.classId };
}

export default function MaterialsOverview() {
  const { lines, currency, wipMinor, finishedMinor, finishedCount, rights } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, locale } = useI18n();
  const [kind, setKind] = useState("metal");
  const [metal, setMetal] = useState("gold");
  const [methodValue, setMethod] = useState("moving_average");
  const [investment, setInvestment] = useState(false);
  const errors = result && !result.ok ? result.errors : {};
  // The footer adds up exactly the rows above it: the classes, then work in progress and finished
  // goods on rows of their own (named as on the reports page).
  const total = lines.reduce((s, l) => s + l.valueMinor, 0n) + wipMinor + finishedMinor;

  return (
    <Page title={t("materials.title")} subtitle={t("materials.subtitle")}>
      <Layout>
        <Layout.Section>
          <Card padding="0">
            {lines.length === 0 && wipMinor === 0n && finishedMinor === 0n ? (
              <div style={{ padding: 16 }}>
                <Text as="p">{t("materials.empty")}</Text>
              </div>
            ) : (
              <DataTable
                columnContentTypes={["text", "text", "text", "numeric", "numeric", "numeric", "numeric"]}
                headings={[
                  t("materials.col.label"),
                  t("materials.col.kind"),
                  t("materials.col.method"),
                  t("materials.col.qty"),
                  t("materials.col.fine"),
                  t("materials.col.cost"),
                  t("materials.col.market"),
                ]}
                rows={[
                  ...lines.map((l) => [
                    <span key="n">
                      <Link to={`/app/materials/classes/${l.id}`} data-testid="class-link">
                        {l.label}
                      </Link>{" "}
                      {l.investment ? <Badge tone="info">{t("materials.investment")}</Badge> : null}
                      {l.error ? <Badge tone="critical">!</Badge> : null}
                    </span>,
                    t(`materials.kind.${l.kind}` as MessageKey),
                    t(`materials.method.${l.kind === "stone_single" ? "specific" : l.method}` as MessageKey),
                    formatQty(l.qty, l.unit, intlLocale(locale)),
                    l.fineMg !== null ? weight(l.fineMg, "g", locale) : "—",
                    money(l.valueMinor, currency, locale),
                    l.marketMinor !== null ? money(l.marketMinor, currency, locale) : t("materials.noPrice"),
                  ]),
                  [
                    <span key="wip" data-testid="stock-wip">
                      {t("materials.wip")}
                    </span>,
                    "",
                    t("materials.method.specific"),
                    "",
                    "",
                    money(wipMinor, currency, locale),
                    "—",
                  ],
                  [
                    <span key="finished" data-testid="stock-finished">
                      {t("materials.reports.finishedGoods")}
                    </span>,
                    "",
                    t("materials.method.specific"),
                    t("materials.reports.pieces", { count: formatInteger(finishedCount, locale) }),
                    "",
                    money(finishedMinor, currency, locale),
                    "—",
                  ],
                ]}
                totals={["", "", "", "", "", money(total, currency, locale), ""]}
                totalsName={{ singular: t("materials.total"), plural: t("materials.total") }}
                showTotalsInFooter
                increasedTableDensity
              />
            )}
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            {!rights.post ? (
              <RoleCannot reason="permissions.hidden.materials.post" />
            ) : (
              <Form method="post">
                <FormLayout>
                  <Text as="h2" variant="headingMd">
                    {t("materials.new.title")}
                  </Text>
                  {result && !result.ok ? <Banner tone="critical">{errors._form ?? result.message}</Banner> : null}
                  {result?.ok ? <Banner tone="success">{t("materials.saved")}</Banner> : null}
                  <Select
                    name="kind"
                    label={t("materials.new.kind")}
                    value={kind}
                    onChange={setKind}
                    options={(["metal", "stone_lot", "stone_single"] as const).map((k) => ({
                      value: k,
                      label: t(`materials.kind.${k}`),
                    }))}
                    error={errors.kind}
                  />
                  {kind === "metal" ? (
                    <FormLayout.Group>
                      <Select
                        name="metal"
                        label={t("materials.new.metal")}
                        value={metal}
                        onChange={setMetal}
                        options={METALS.filter((m) => m !== "rhodium").map((m) => ({
                          value: m,
                          label: t(`metal.${m}` as MessageKey),
                        }))}
                        error={errors.metal}
                      />
                      <Input
                        name="fineness"
                        label={t("materials.new.fineness")}
                        error={errors.fineness}
                        defaultValue="750"
                      />
                      <Input name="form" label={t("materials.new.form")} error={errors.form} />
                    </FormLayout.Group>
                  ) : kind === "stone_lot" ? (
                    <FormLayout.Group>
                      <Input
                        name="stoneType"
                        label={t("materials.new.stoneType")}
                        error={errors.stoneType}
                        defaultValue="diamond"
                      />
                      <Input name="sizeRange" label={t("materials.new.sizeRange")} error={errors.sizeRange} />
                      <Input name="quality" label={t("materials.new.quality")} error={errors.quality} />
                    </FormLayout.Group>
                  ) : (
                    <FormLayout.Group>
                      <Input
                        name="stoneType"
                        label={t("materials.new.stoneType")}
                        error={errors.stoneType}
                        defaultValue="diamond"
                      />
                      <Input
                        name="reference"
                        label={t("materials.new.reference")}
                        error={errors.reference ?? errors.code}
                      />
                      <Input name="carats" label={t("materials.new.carats")} error={errors.carats} />
                      <Input name="lab" label={t("materials.new.lab")} error={errors.lab} />
                    </FormLayout.Group>
                  )}
                  <FormLayout.Group>
                    <Input
                      name="label"
                      label={t("materials.new.label")}
                      error={errors.label ?? (kind === "metal" ? errors.code : undefined)}
                    />
                    {kind !== "stone_single" ? (
                      <Select
                        name="method"
                        label={t("materials.col.method")}
                        value={methodValue}
                        onChange={setMethod}
                        options={CHOOSABLE_METHODS.map((m) => ({
                          value: m,
                          label: t(`materials.method.${m}` as MessageKey),
                        }))}
                        error={errors.method}
                      />
                    ) : null}
                    {kind === "metal" ? (
                      <Input
                        name="standardUnitCost"
                        label={t("materials.new.standard")}
                        error={errors.standardUnitCost}
                      />
                    ) : (
                      <Input name="nrvUnitValue" label={t("materials.new.nrv")} error={errors.nrvUnitValue} />
                    )}
                  </FormLayout.Group>
                  {kind === "metal" && metal === "gold" ? (
                    <>
                      <Checkbox
                        label={t("materials.new.investment")}
                        checked={investment}
                        onChange={setInvestment}
                        error={errors.investment}
                      />
                      {investment ? <input type="hidden" name="investment" value="on" /> : null}
                    </>
                  ) : null}
                  <Button submit variant="primary" loading={busy}>
                    {t("materials.new.submit")}
                  </Button>
                </FormLayout>
              </Form>
            )}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
