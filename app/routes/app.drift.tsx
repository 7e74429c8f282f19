import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  IndexTable,
  InlineStack,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { driftAction, driftPage } from "../http/drift-page.server";
import { useI18n } from "../i18n/react";
import { formatDateTime } from "../i18n";

export const permission = { loader: "pieces.view", action: "stock.resolve" } as const;

export const loader = ({ request }: LoaderFunctionArgs) => driftPage(request);

export const action = ({ request }: ActionFunctionArgs) => driftAction(request);

function ResolveForm({ driftId }: { driftId: string }) {
  const { t } = useI18n();
  const [note, setNote] = useState("");
  const [resolution, setResolution] = useState("set_shopify_to_loupe");
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="resolve" />
      <input type="hidden" name="driftId" value={driftId} />
      <InlineStack gap="200" blockAlign="end" wrap={false}>
        <TextField
          label={t("drift.note")}
          labelHidden
          placeholder={t("drift.note")}
          name="note"
          value={note}
          onChange={setNote}
          autoComplete="off"
        />
        <Select
          label={t("drift.note")}
          labelHidden
          name="resolution"
          value={resolution}
          onChange={setResolution}
          options={[
            { label: t("drift.setShopify"), value: "set_shopify_to_loupe" },
            { label: t("drift.markChecked"), value: "checked_no_change" },
          ]}
        />
        <Button submit>OK</Button>
      </InlineStack>
    </Form>
  );
}

export default function Drift() {
  const { drifts, pending, dead, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<{ message?: string; error?: string }>();
  const nav = useNavigation();
  const { t, locale } = useI18n();
  return (
    <Page title={t("drift.title")}>
      <BlockStack gap="400">
        <Text as="p" tone="subdued">
          {t("drift.intro")}
        </Text>
        {result?.message ? <Banner tone="success">{result.message}</Banner> : null}
        {result?.error ? <Banner tone="critical">{result.error}</Banner> : null}
        <Form method="post">
          <input type="hidden" name="intent" value="check" />
          <Button submit loading={nav.state === "submitting" && nav.formData?.get("intent") === "check"}>
            {t("drift.check")}
          </Button>
        </Form>
        <Card padding="0">
          {drifts.length === 0 ? (
            <div style={{ padding: 16 }}>
              <Text as="p">{t("drift.none")}</Text>
            </div>
          ) : (
            <IndexTable
              resourceName={{ singular: t("drift.title"), plural: t("drift.title") }}
              itemCount={drifts.length}
              selectable={false}
              headings={[
                { title: t("drift.col.piece") },
                { title: t("drift.col.location") },
                { title: t("drift.col.shopify"), alignment: "end" },
                { title: t("drift.col.loupe"), alignment: "end" },
                { title: t("drift.col.detected") },
                { title: "" },
              ]}
            >
              {drifts.map((d, i) => (
                <IndexTable.Row id={d.id} key={d.id} position={i}>
                  <IndexTable.Cell>
                    {d.piece ? `${d.piece.title}${d.piece.sku ? ` (${d.piece.sku})` : ""}` : d.variantGid}
                  </IndexTable.Cell>
                  <IndexTable.Cell>{d.locationName}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {d.shopifyAvailable}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {d.loupeActive}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{formatDateTime(d.detectedAt, locale, timeZone)}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <ResolveForm driftId={d.id} />
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("sync.title")}
            </Text>
            <Text as="p">{t("sync.pending", { count: pending })}</Text>
            <Text as="p" tone={dead.length ? "critical" : undefined}>
              {t("sync.dead", { count: dead.length })}
            </Text>
            {dead.length ? (
              <Text as="p" tone="subdued">
                {t("sync.deadHelp")}
              </Text>
            ) : null}
            {dead.map((d) => (
              <Text as="p" key={d.id} variant="bodySm">
                {formatDateTime(d.createdAt, locale, timeZone)} · {d.kind} · {d.lastError}
              </Text>
            ))}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
