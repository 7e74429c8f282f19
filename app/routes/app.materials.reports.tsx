import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineStack,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { requireMaterialsAdmin, materialsRights } from "../http/materials-admin.server";
import { reportsPage } from "../services/materials/pages.server";
import { reportsQuery } from "../domain/materials/forms";
import { formatQty } from "../domain/materials/classes";
import { formatDate, intlLocale, type MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";
import { RoleCannot } from "../components/RoleCannot";
import { money, percentFromBp } from "../ui/format";

export const permission = { loader: ["materials.view", "cost.see"] } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, can } = await requireMaterialsAdmin(request, permission.loader);
  const query = reportsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { ...(await reportsPage(shop, query)), rights: materialsRights(can) };
}

function DateField({ name, label, value: initial }: { name: string; label: string; value: string }) {
  const [value, setValue] = useState(initial);
  return <TextField name={name} label={label} value={value} onChange={setValue} autoComplete="off" />;
}

/** Downloads through fetch so the session token goes with the request, as everywhere in the embedded admin. */
async function download(url: string) {
  const response = await fetch(url);
  const blob = await response.blob();
  if (!response.ok) {
    window.alert(await blob.text());
    return;
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "export.txt";
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

export default function ReportsPage() {
  const data = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const m = (minor: bigint | null | undefined) => (minor == null ? "—" : money(minor, data.currency, locale));
  const exportUrl = (format: "csv" | "fec") => `/app/materials/export?format=${format}&from=${data.from}&to=${data.to}`;
  const sum = (method: string) => Object.values(data.comparison).reduce((s, row) => s + (row[method] ?? 0n), 0n);
  return (
    <Page title={t("materials.reports.title")} backAction={{ content: t("materials.back"), url: "/app/materials" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <Form method="get">
                <InlineStack gap="300" blockAlign="end">
                  <DateField name="at" label={t("materials.reports.valuationAt")} value={data.at} />
                  <input type="hidden" name="from" value={data.from} />
                  <input type="hidden" name="to" value={data.to} />
                  <Button submit>{t("materials.reports.show")}</Button>
                </InlineStack>
              </Form>
            </Card>
            <Card padding="0">
              <DataTable
                columnContentTypes={[
                  "text",
                  "text",
                  "numeric",
                  "numeric",
                  "numeric",
                  ...data.methods.map(() => "numeric" as const),
                ]}
                headings={[
                  t("materials.col.label"),
                  t("materials.col.method"),
                  t("materials.col.qty"),
                  t("materials.col.cost"),
                  t("materials.col.market"),
                  ...data.methods.map((mth) => t(`materials.method.${mth}` as MessageKey)),
                ]}
                rows={[
                  ...data.lines.map((l) => [
                    l.label + (l.investment ? ` (${t("materials.investment")})` : ""),
                    t(`materials.method.${l.kind === "stone_single" ? "specific" : l.method}` as MessageKey),
                    formatQty(l.qty, l.unit, intlLocale(locale)),
                    m(l.valueMinor),
                    m(l.marketMinor),
                    ...data.methods.map((mth) => m(data.comparison[l.id]?.[mth] ?? null)),
                  ]),
                  // Made pieces at their own cost (specific identification): no method to compare.
                  [
                    t("materials.reports.finishedGoods"),
                    t("materials.method.specific"),
                    t("materials.reports.pieces", { count: data.finished.count }),
                    m(data.finished.valueMinor),
                    "—",
                    ...data.methods.map(() => "—"),
                  ],
                ]}
                totals={[
                  "",
                  "",
                  "",
                  m(data.lines.reduce((s, l) => s + l.valueMinor, 0n) + data.finished.valueMinor),
                  "",
                  ...data.methods.map((mth) => m(sum(mth))),
                ]}
                showTotalsInFooter
                footerContent={t("materials.reports.comparison")}
              />
            </Card>
            <Card>
              <BlockStack gap="300">
                <Form method="get">
                  <InlineStack gap="300" blockAlign="end">
                    <input type="hidden" name="at" value={data.at} />
                    <DateField name="from" label={t("materials.reports.from")} value={data.from} />
                    <DateField name="to" label={t("materials.reports.to")} value={data.to} />
                    <Button submit>{t("materials.reports.show")}</Button>
                  </InlineStack>
                </Form>
                <Text as="p" tone="subdued">
                  {t("materials.reports.exportHelp")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("materials.reports.investmentApart")}
                </Text>
                {!data.rights.export ? (
                  <RoleCannot reason="permissions.hidden.data.export" />
                ) : (
                  <>
                    {!data.hasSiren ? <Banner tone="warning">{t("materials.error.SIREN_REQUIRED")}</Banner> : null}
                    <InlineStack gap="300">
                      <Button onClick={() => void download(exportUrl("csv"))}>{t("materials.reports.csv")}</Button>
                      <Button onClick={() => void download(exportUrl("fec"))} disabled={!data.hasSiren}>
                        {t("materials.reports.fec")}
                      </Button>
                    </InlineStack>
                  </>
                )}
              </BlockStack>
            </Card>
            <Card padding="0">
              <div style={{ padding: 12 }}>
                <Text as="h2" variant="headingMd">
                  {t("materials.reports.jobs")}
                </Text>
              </div>
              <DataTable
                columnContentTypes={["text", "text", "numeric", "numeric", "numeric"]}
                headings={[
                  t("materials.reports.col.job"),
                  t("materials.reports.col.finished"),
                  t("materials.reports.col.pieceCost"),
                  t("materials.reports.col.lossRate"),
                  t("materials.reports.col.abnormalLoss"),
                ]}
                rows={data.jobs.map((j) => [
                  `${j.number} — ${j.title}`,
                  formatDate(j.finishedAt, locale, data.timeZone),
                  m(j.pieceCostMinor),
                  j.lossBp !== null
                    ? `${percentFromBp(j.lossBp, locale)} (${t("materials.jobs.normal", { rate: percentFromBp(j.normalLossBp, locale) })})`
                    : "—",
                  m(j.abnormalLossMinor),
                ])}
              />
            </Card>
            <Card padding="0">
              <div style={{ padding: 12 }}>
                <BlockStack gap="100">
                  <Text as="h2" variant="headingMd">
                    {t("materials.reports.sales")}
                  </Text>
                  <Text as="p" tone="subdued">
                    {t("materials.reports.salesHelp")}
                  </Text>
                </BlockStack>
              </div>
              <DataTable
                columnContentTypes={["text", "text", "text", "text", "numeric"]}
                headings={[
                  t("materials.col.date"),
                  t("materials.col.move"),
                  t("materials.reports.col.piece"),
                  t("materials.reports.col.order"),
                  t("materials.col.moveCost"),
                ]}
                rows={data.sales.map((r) => [
                  formatDate(r.effectiveAt, locale, data.timeZone) +
                    (r.deferredFrom
                      ? ` (${t("materials.reports.deferred", { day: formatDate(r.deferredFrom, locale, data.timeZone) })})`
                      : ""),
                  t(r.kind === "sale" ? "materials.reports.sale" : "materials.reports.return"),
                  `${r.tagCode} ${r.title} · ${r.jobNumber}`,
                  r.orderName ?? "—",
                  m(r.kind === "sale" ? -r.costMinor : r.costMinor),
                ])}
              />
            </Card>
            <Card padding="0">
              <div style={{ padding: 12 }}>
                <Text as="h2" variant="headingMd">
                  {t("materials.reports.journal")}
                </Text>
              </div>
              <DataTable
                columnContentTypes={["text", "text", "text", "numeric", "numeric", "text"]}
                headings={[
                  t("materials.col.date"),
                  t("materials.col.move"),
                  t("materials.col.label"),
                  t("materials.col.qty"),
                  t("materials.col.moveCost"),
                  t("materials.col.detail"),
                ]}
                rows={data.journal.map((j) => [
                  formatDate(j.effectiveAt, locale, data.timeZone),
                  t(`materials.purpose.${j.purpose}` as MessageKey),
                  j.classLabel,
                  formatQty(j.qty ?? "0", j.unit, intlLocale(locale)),
                  m(j.costMinor),
                  [j.job, j.who].filter(Boolean).join(" · "),
                ])}
              />
            </Card>
            <Card padding="0">
              <div style={{ padding: 12 }}>
                <Text as="h2" variant="headingMd">
                  {t("materials.reports.entries")}
                </Text>
              </div>
              <DataTable
                columnContentTypes={["text", "text", "text", "text", "numeric", "numeric"]}
                headings={[
                  t("materials.col.date"),
                  "",
                  t("materials.col.detail"),
                  t("materials.col.account"),
                  t("materials.col.debit"),
                  t("materials.col.credit"),
                ]}
                rows={data.entries.flatMap((e) =>
                  e.lines.map((l, i) => [
                    i === 0 ? formatDate(e.at, locale, data.timeZone) : "",
                    i === 0 ? e.journal : "",
                    i === 0 ? e.label : "",
                    `${l.account} ${t(`materials.account.${l.role}` as MessageKey)}`,
                    l.debitMinor ? m(l.debitMinor) : "",
                    l.creditMinor ? m(l.creditMinor) : "",
                  ]),
                )}
              />
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
