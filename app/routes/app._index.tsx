import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { requireAdmin } from "../http/admin-context.server";
import { homeFigures } from "../models/shop.server";
import { verifyShopAudit } from "../models/audit.server";
import { useI18n } from "../i18n/react";
import { formatInteger } from "../i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const [figures, audit] = await Promise.all([homeFigures(shop.id), verifyShopAudit(shop.id)]);
  return { ...figures, audit };
}

export default function Home() {
  const { total, active, receiving, consigned, audit } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const figures = [
    [t("home.pieces"), total],
    [t("home.active"), active],
    [t("home.receiving"), receiving],
    [t("home.consigned"), consigned],
  ] as const;
  return (
    <Page title={t("home.title")}>
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
            {figures.map(([name, value]) => (
              <Card key={name}>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingSm">
                    {name}
                  </Text>
                  <Text as="p" variant="heading2xl">
                    {formatInteger(value, locale)}
                  </Text>
                </BlockStack>
              </Card>
            ))}
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingSm">
                {t("home.auditChain")}
              </Text>
              <Text as="p" tone={audit.ok ? "success" : "critical"}>
                {audit.ok
                  ? t("home.auditOk", { count: formatInteger(audit.count, locale) })
                  : t("home.auditBroken", { seq: audit.brokenAtSeq })}
              </Text>
              <Link to="/app/pieces">{t("home.openPieces")}</Link>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
