// /app/partners: the partners register (suppliers, consignors, memo partners, workshops). Search by
// name, contact, city, e-mail or the start of a SIREN / VAT number; filter by role; ?archived=1
// lists archived partners too. "New partner" creates one (POST, the form of
// app/domain/partners.ts); CSV export and import sit beside it. Roles that do not see cost and
// supplier get 403 (app/http/partners-page.server.ts).
import { useEffect, useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { PARTNERS_GATE } from "../http/gates";
import { partnersListAction, partnersListPage } from "../http/partners-page.server";
import { PARTNER_ROLES } from "../domain/partners";
import type { MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";
import { Choice, Input } from "../components/FormFields";
import { PartnerFields } from "../components/PartnerFields";

export const permission = { loader: PARTNERS_GATE, action: PARTNERS_GATE } as const;

export const loader = ({ request }: LoaderFunctionArgs) => partnersListPage(request);

export const action = ({ request }: ActionFunctionArgs) => partnersListAction(request);

export default function PartnersPage() {
  const { partners, search, role, archived } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useI18n();
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    if (answer?.ok) setCreating(false);
    else if (answer) setCreating(true);
  }, [answer]);
  const errors = answer && !answer.ok ? answer.errors : {};
  const roleName = (r: string) => t(`partners.role.${r}` as MessageKey);

  return (
    <Page
      title={t("partners.title")}
      backAction={{ content: t("nav.home"), url: "/app" }}
      primaryAction={{ content: t("partners.new"), onAction: () => setCreating(true) }}
      secondaryActions={[
        { content: t("partners.csv.export"), url: "/app/partners/export.csv", external: true },
        { content: t("partners.csv.import"), url: "/app/partners/import" },
      ]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p">{t("partners.intro")}</Text>
            {answer?.ok ? (
              <Banner tone="success">
                <p data-testid="partners-saved">
                  {answer.message} <Link to={`/app/partners/${answer.id}`}>{t("partners.open")}</Link>
                </p>
              </Banner>
            ) : null}
            {answer && !answer.ok ? (
              <Banner tone="critical">
                <p>{answer.errors._form ?? answer.message}</p>
              </Banner>
            ) : null}
            {creating ? (
              <Card>
                <Form method="post">
                  <input type="hidden" name="intent" value="create" />
                  <BlockStack gap="300">
                    <Text as="h2" variant="headingMd">
                      {t("partners.new")}
                    </Text>
                    <PartnerFields errors={errors} />
                    <InlineStack gap="200">
                      <Button submit variant="primary" loading={busy}>
                        {t("partners.save")}
                      </Button>
                      <Button onClick={() => setCreating(false)}>{t("partners.cancel")}</Button>
                    </InlineStack>
                  </BlockStack>
                </Form>
              </Card>
            ) : null}
            <Card>
              <BlockStack gap="300">
                <Form method="get">
                  <InlineStack gap="300" blockAlign="end">
                    <Input name="q" label={t("partners.search")} defaultValue={search} />
                    <Choice
                      name="role"
                      label={t("partners.field.role")}
                      defaultValue={role}
                      options={[
                        { value: "", label: t("partners.role.any") },
                        ...PARTNER_ROLES.map((r) => ({ value: r, label: roleName(r) })),
                      ]}
                    />
                    {archived ? <input type="hidden" name="archived" value="1" /> : null}
                    <Button submit>{t("partners.filter")}</Button>
                    <Link to={archived ? "/app/partners" : "/app/partners?archived=1"}>
                      {t(archived ? "partners.hideArchived" : "partners.showArchived")}
                    </Link>
                  </InlineStack>
                </Form>
                {partners.length === 0 ? (
                  <Text as="p">{t("partners.none")}</Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "text", "text", "text", "text"]}
                    headings={[
                      t("partners.field.name"),
                      t("partners.field.roles"),
                      t("partners.field.contactName"),
                      t("partners.field.city"),
                      t("partners.field.siren"),
                    ]}
                    rows={partners.map((p) => [
                      <InlineStack key="name" gap="100">
                        <Link to={`/app/partners/${p.id}`} data-testid="partner-link">
                          {p.name}
                        </Link>
                        {p.archived ? <Badge tone="warning">{t("partners.archivedBadge")}</Badge> : null}
                      </InlineStack>,
                      p.roles.map(roleName).join(", "),
                      p.contactName ?? "",
                      p.city ?? "",
                      p.siren ?? p.vatNumber ?? "",
                    ])}
                  />
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
