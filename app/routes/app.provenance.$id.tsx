// One piece's provenance in the admin: its public link, service events (shown on the public page),
// replacing its token when a tag is lost or damaged (the old QR then says "replaced"), and, when the
// record was changed outside Loupe, a manager's confirmation of it (the action checks
// provenance.confirm for that form).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { readForm } from "../http/admin-action.server";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, FormLayout, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { requireAdmin } from "../http/admin-context.server";
import { provenanceAction, provenancePage, type ActionResult } from "../http/provenance-admin.server";
import { isoDay } from "../domain/days";
import { SERVICE_KINDS } from "../domain/provenance/record";
import { formatDate, formatDateTime, type MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";
import { Choice, Input } from "../components/FormFields";
import { label } from "../ui/format";

const idSchema = z.object({ id: z.string().min(1).max(64) });

export const permission = { loader: "pieces.view", action: "pieces.edit" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const context = await requireAdmin(request, permission.loader);
  return provenancePage(context, idSchema.parse(params).id);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const context = await requireAdmin(request, permission.action);
  const { id } = idSchema.parse(params);
  return provenanceAction(context, id, Object.fromEntries(await readForm(request)));
}

export default function PieceProvenance() {
  const { piece, publicUrl, previewUrl, events, history, timeZone, held } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const navigation = useNavigation();
  const { t, locale } = useI18n();
  const errors = result && !result.ok ? result.errors : {};
  const busy = navigation.state !== "idle";
  const keyOf = (k: string) => `prov.service.${k}` as MessageKey;

  return (
    <Page
      title={t("prov.admin.pieceTitle", { title: piece.title })}
      subtitle={piece.tagCode}
      backAction={{ content: t("prov.admin.title"), url: "/app/provenance" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result?.ok ? <Banner tone="success">{result.message}</Banner> : null}
            {errors.form ? <Banner tone="critical">{errors.form}</Banner> : null}
            {held ? (
              <Banner tone="warning">
                <BlockStack gap="200">
                  <Text as="p" fontWeight="semibold">
                    {t("prov.admin.held", {
                      version: held.version,
                      date: formatDate(held.signedAt, locale, timeZone),
                      parts: held.parts.map((p) => t(`prov.part.${p}` as MessageKey)).join(", "),
                    })}
                  </Text>
                  <Text as="p">{t(held.mayConfirm ? "prov.admin.heldHelp" : "prov.admin.heldAsk")}</Text>
                  {held.mayConfirm ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="confirm" />
                      <FormLayout>
                        <Input
                          label={t("prov.admin.confirmReason")}
                          name="reason"
                          maxLength={200}
                          error={errors.reason}
                        />
                        <Button submit loading={busy}>
                          {t("prov.admin.confirm")}
                        </Button>
                      </FormLayout>
                    </Form>
                  ) : null}
                </BlockStack>
              </Banner>
            ) : null}
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("prov.admin.publicLink")}
                </Text>
                <Text as="p" breakWord>
                  <a href={previewUrl} target="_blank" rel="noreferrer" data-testid="public-url">
                    {publicUrl}
                  </a>
                </Text>
                <Text as="p" tone="subdued">
                  {label(locale, "state", piece.state)}
                </Text>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("prov.admin.service")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("prov.admin.serviceHelp")}
                </Text>
                {events.length === 0 ? (
                  <Text as="p">{t("prov.admin.noEvents")}</Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "text", "text", "text"]}
                    headings={[
                      t("prov.admin.date"),
                      t("prov.admin.kind"),
                      t("prov.admin.note"),
                      t("piece.history.who"),
                    ]}
                    rows={events.map((e) => [
                      formatDate(e.at, locale, timeZone),
                      t(keyOf(e.kind)),
                      e.publicNote ?? "—",
                      e.createdBy,
                    ])}
                  />
                )}
                <Form method="post">
                  <input type="hidden" name="intent" value="service" />
                  <FormLayout>
                    <FormLayout.Group>
                      <Choice
                        label={t("prov.admin.kind")}
                        name="kind"
                        options={SERVICE_KINDS.map((k) => ({ label: t(keyOf(k)), value: k }))}
                        defaultValue="cleaning"
                        error={errors.kind}
                      />
                      <Input
                        label={t("prov.admin.date")}
                        name="date"
                        type="date"
                        defaultValue={isoDay(new Date())}
                        error={errors.date}
                      />
                    </FormLayout.Group>
                    <Input label={t("prov.admin.note")} name="note" maxLength={500} error={errors.note} />
                    <Button submit variant="primary" loading={busy}>
                      {t("prov.admin.add")}
                    </Button>
                  </FormLayout>
                </Form>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("prov.admin.reissue")}
              </Text>
              <Text as="p" tone="subdued">
                {t("prov.admin.reissueHelp")}
              </Text>
              <Form method="post">
                <input type="hidden" name="intent" value="reissue" />
                <FormLayout>
                  <Input label={t("prov.admin.reason")} name="reason" maxLength={200} error={errors.reason} />
                  <Button submit tone="critical" loading={busy}>
                    {t("prov.admin.reissue")}
                  </Button>
                </FormLayout>
              </Form>
              {history.length ? (
                <DataTable
                  columnContentTypes={["text", "text"]}
                  headings={[t("prov.admin.revokedAt"), t("prov.admin.revokedBy")]}
                  rows={history.map((h) => [formatDateTime(h.revokedAt, locale, timeZone), h.revokedBy])}
                />
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
