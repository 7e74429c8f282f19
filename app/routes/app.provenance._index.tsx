// Provenance in the admin: scans of the public pages per day and per piece (counts only, nothing
// about visitors), the shop's signing-key fingerprint, and a way to open a piece by tag code.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { requireAdmin } from "../http/admin-context.server";
import { scanReport } from "../services/provenance/public-record.server";
import { shopPublicKey } from "../services/provenance/signing.server";
import { findPieceByTagCode } from "../models/provenance.server";
import { formatDate, formatInteger } from "../i18n";
import { useI18n } from "../i18n/react";
import { label } from "../ui/format";

const querySchema = z.object({
  days: z.enum(["7", "30", "90"]).catch("30"),
  tag: z.string().trim().toUpperCase().max(32).optional().catch(undefined),
});

export const permission = { loader: "pieces.view" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, redirect } = await requireAdmin(request, permission.loader);
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  let unknownTag: string | null = null;
  if (query.tag) {
    const piece = await findPieceByTagCode(shop.id, query.tag);
    if (piece) throw redirect(`/app/provenance/${piece.id}`);
    unknownTag = query.tag;
  }
  const days = Number(query.days);
  const [report, key] = await Promise.all([scanReport(shop.id, shop.ianaTimezone, days), shopPublicKey(shop.id)]);
  return { report, days, fingerprint: key.fingerprint, unknownTag };
}

export default function ProvenanceHome() {
  const { report, days, fingerprint, unknownTag } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const [tag, setTag] = useState(unknownTag ?? "");
  return (
    <Page title={t("prov.admin.title")}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    {t("prov.admin.scans")}
                  </Text>
                  <div style={{ minWidth: 180 }}>
                    <Select
                      label={t("prov.admin.days", { days })}
                      labelHidden
                      options={["7", "30", "90"].map((d) => ({ label: t("prov.admin.days", { days: d }), value: d }))}
                      value={String(days)}
                      onChange={(value) => {
                        const next = new URLSearchParams(params);
                        next.set("days", value);
                        setParams(next);
                      }}
                    />
                  </div>
                </InlineStack>
                <Text as="p" tone="subdued">
                  {t("prov.admin.scansHelp")}
                </Text>
                <Text as="p" variant="headingLg">
                  {t("prov.admin.total", { count: formatInteger(report.total, locale) })}
                </Text>
                {report.total === 0 ? (
                  <Text as="p">{t("prov.admin.noScans")}</Text>
                ) : (
                  <InlineStack gap="400" align="start" blockAlign="start" wrap>
                    <div style={{ minWidth: 260 }}>
                      <Text as="h3" variant="headingSm">
                        {t("prov.admin.byDay")}
                      </Text>
                      <DataTable
                        columnContentTypes={["text", "numeric"]}
                        headings={[t("prov.admin.day"), t("prov.admin.count")]}
                        rows={report.byDay.map((d) => [
                          formatDate(`${d.day}T12:00:00Z`, locale, "UTC"),
                          formatInteger(d.count, locale),
                        ])}
                      />
                    </div>
                    <div style={{ minWidth: 360, flexGrow: 1 }}>
                      <Text as="h3" variant="headingSm">
                        {t("prov.admin.byPiece")}
                      </Text>
                      <DataTable
                        columnContentTypes={["text", "text", "numeric"]}
                        headings={[t("prov.admin.piece"), t("piece.field.state"), t("prov.admin.count")]}
                        rows={report.byPiece.map((p) => [
                          <Link key={p.id} to={`/app/provenance/${p.id}`}>{`${p.tagCode} — ${p.title}`}</Link>,
                          label(locale, "state", p.state),
                          formatInteger(p.count, locale),
                        ])}
                      />
                    </div>
                  </InlineStack>
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("prov.admin.key")}
                </Text>
                <Text as="p" variant="headingMd">
                  <code data-testid="fingerprint">{fingerprint}</code>
                </Text>
                <Text as="p" tone="subdued">
                  {t("prov.admin.keyHelp")}
                </Text>
              </BlockStack>
            </Card>
            <Card>
              <Form method="get">
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("prov.admin.findPiece")}
                  </Text>
                  {unknownTag ? <Banner tone="warning">{t("prov.admin.unknownTag")}</Banner> : null}
                  <TextField
                    label={t("prov.admin.tagCode")}
                    name="tag"
                    value={tag}
                    onChange={setTag}
                    autoComplete="off"
                  />
                  <input type="hidden" name="days" value={String(days)} />
                  <Button submit>{t("prov.admin.open")}</Button>
                </BlockStack>
              </Form>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
