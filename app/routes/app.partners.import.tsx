// /app/partners/import — a CSV file of partners: "Check" lists every row's problems (by row and
// field, in the reader's language) and what the import would do; "Import" writes every row in one
// transaction, or nothing while any row has a problem. Rows update the partner named by their Id,
// else by their SIREN, else by their VAT number; other rows create partners.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useRef } from "react";
import { Form, useActionData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { PARTNERS_IMPORT_GATE } from "../http/gates";
import { partnersCsvImport, requirePartnersAdmin } from "../http/partners-page.server";
import type { MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";

export const permission = { loader: PARTNERS_IMPORT_GATE, action: PARTNERS_IMPORT_GATE } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePartnersAdmin(request, PARTNERS_IMPORT_GATE);
  return null;
}

export const action = ({ request }: ActionFunctionArgs) => partnersCsvImport(request);

export default function PartnersImport() {
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useI18n();
  const rows = answer?.ok ? answer.rows : [];
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit();
  // Both buttons send the same file; only the intent differs.
  const send = (intent: "check" | "import") => {
    if (!form.current) return;
    const data = new FormData(form.current);
    data.set("intent", intent);
    submit(data, { method: "post", encType: "multipart/form-data" });
  };
  return (
    <Page title={t("partners.import.title")} backAction={{ content: t("partners.title"), url: "/app/partners" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Text as="p">{t("partners.import.help")}</Text>
            {answer && !answer.ok ? (
              <Banner tone="critical">
                <p data-testid="partners-import-error">{answer.errors.file ?? answer.errors._form ?? answer.message}</p>
              </Banner>
            ) : null}
            {answer?.ok ? (
              <Banner tone={answer.applied ? "success" : rows.some((r) => r.errors.length) ? "warning" : "info"}>
                <BlockStack gap="100">
                  <p data-testid="partners-import-summary">{answer.summary}</p>
                  {answer.message !== answer.summary ? <p>{answer.message}</p> : null}
                </BlockStack>
              </Banner>
            ) : null}
            <Card>
              <Form method="post" encType="multipart/form-data" ref={form}>
                <BlockStack gap="300">
                  <input type="file" name="file" accept=".csv,text/csv" aria-label={t("partners.import.file")} />
                  <InlineStack gap="200">
                    <Button onClick={() => send("check")} loading={busy}>
                      {t("partners.import.check")}
                    </Button>
                    <Button onClick={() => send("import")} variant="primary" loading={busy}>
                      {t("partners.import.run")}
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Form>
            </Card>
            {rows.length ? (
              <Card>
                <DataTable
                  columnContentTypes={["numeric", "text", "text", "text"]}
                  headings={[
                    t("partners.import.row"),
                    t("partners.field.name"),
                    t("partners.import.action"),
                    t("partners.import.problems"),
                  ]}
                  rows={rows.map((r) => [
                    r.row,
                    r.name,
                    t(`partners.import.${r.action}` as MessageKey),
                    r.errors.map((e) => `${e.field}: ${e.message}`).join(" · "),
                  ])}
                />
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
