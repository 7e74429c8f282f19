// /app/partners/:id — one partner: its details (edited in place), how many pieces it supplied and
// consigned and how many material receipts name it (partners merged into it included), archive or
// restore, merge a duplicate into it, and its history. A merged partner's page says where it went.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { PARTNERS_GATE } from "../http/gates";
import { partnerAction, partnerPage } from "../http/partners-page.server";
import { formatDateTime, type MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";
import { Choice, Input } from "../components/FormFields";
import { PartnerFields } from "../components/PartnerFields";

export const permission = { loader: PARTNERS_GATE, action: PARTNERS_GATE } as const;

export const loader = ({ request, params }: LoaderFunctionArgs) => partnerPage(request, params.id ?? "");

export const action = ({ request, params }: ActionFunctionArgs) => partnerAction(request, params.id ?? "");

export default function PartnerPage() {
  const { partner, usage, merged, duplicates, history, timeZone } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, locale } = useI18n();
  const errors = answer && !answer.ok ? answer.errors : {};
  const errorsOf = (intent: string) => (answer && !answer.ok && answer.intent === intent ? errors : {});
  const live = !partner.mergedInto;

  return (
    <Page
      title={partner.form.name}
      titleMetadata={
        <InlineStack gap="100">
          {partner.roles.map((r) => (
            <Badge key={r}>{t(`partners.role.${r}` as MessageKey)}</Badge>
          ))}
          {partner.archived ? <Badge tone="warning">{t("partners.archivedBadge")}</Badge> : null}
        </InlineStack>
      }
      backAction={{ content: t("partners.title"), url: "/app/partners" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {answer?.ok ? (
              <Banner tone="success">
                <p data-testid="partner-saved">{answer.message}</p>
              </Banner>
            ) : null}
            {answer && !answer.ok ? (
              <Banner tone="critical">
                <BlockStack gap="100">
                  <p>{answer.message}</p>
                  {errors._form ? <p>{errors._form}</p> : null}
                </BlockStack>
              </Banner>
            ) : null}
            {partner.mergedInto ? (
              <Banner tone="info">
                <p>
                  {t("partners.mergedInto")}{" "}
                  <Link to={`/app/partners/${partner.mergedInto.id}`}>{partner.mergedInto.name}</Link>
                </p>
              </Banner>
            ) : null}
            <Card>
              <Form method="post">
                <input type="hidden" name="intent" value="edit" />
                <input type="hidden" name="version" value={partner.version} />
                <BlockStack gap="300">
                  <PartnerFields key={partner.version} initial={partner.form} errors={errorsOf("edit")} />
                  {live ? (
                    <InlineStack>
                      <Button submit variant="primary" loading={busy}>
                        {t("partners.save")}
                      </Button>
                    </InlineStack>
                  ) : null}
                </BlockStack>
              </Form>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("partners.usage.title")}
                </Text>
                <Text as="p" data-testid="partner-usage">
                  {t("partners.usage.counts", {
                    supplied: usage.supplied,
                    consigned: usage.consigned,
                    receipts: usage.receipts,
                  })}
                </Text>
                {merged.length ? (
                  <Text as="p" tone="subdued">
                    {t("partners.usage.merged", { names: merged.map((m) => m.name).join(", ") })}
                  </Text>
                ) : null}
              </BlockStack>
            </Card>
            {live ? (
              <Card>
                <Form method="post">
                  <input type="hidden" name="intent" value={partner.archived ? "restore" : "archive"} />
                  <BlockStack gap="200">
                    <Text as="p">{t(partner.archived ? "partners.restoreHelp" : "partners.archiveHelp")}</Text>
                    <InlineStack>
                      <Button submit tone={partner.archived ? undefined : "critical"}>
                        {t(partner.archived ? "partners.restore" : "partners.archive")}
                      </Button>
                    </InlineStack>
                  </BlockStack>
                </Form>
              </Card>
            ) : null}
            {live && !partner.archived && duplicates.length ? (
              <Card>
                <Form method="post">
                  <input type="hidden" name="intent" value="merge" />
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">
                      {t("partners.merge.title")}
                    </Text>
                    <Text as="p">{t("partners.merge.help", { name: partner.form.name })}</Text>
                    <Choice
                      name="duplicateId"
                      label={t("partners.merge.duplicate")}
                      error={errorsOf("merge").duplicateId}
                      options={[
                        { value: "", label: "—" },
                        ...duplicates.map((d) => ({
                          value: d.id,
                          label: [d.name, d.siren, d.city].filter(Boolean).join(" · "),
                        })),
                      ]}
                    />
                    <Input name="reason" label={t("partners.merge.reason")} error={errorsOf("merge").reason} />
                    <InlineStack>
                      <Button submit loading={busy}>
                        {t("partners.merge.button")}
                      </Button>
                    </InlineStack>
                  </BlockStack>
                </Form>
              </Card>
            ) : null}
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("partners.history")}
                </Text>
                {history.map((h) => (
                  <Text as="p" key={h.seq} variant="bodySm">
                    {formatDateTime(h.at, locale, timeZone)} — {h.action} — {h.actor}
                    {h.reason ? ` — ${h.reason}` : ""}
                  </Text>
                ))}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
