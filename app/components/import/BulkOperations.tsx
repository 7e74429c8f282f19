// The Shopify bulk operations that create an import's products: status, progress, the lines Shopify
// did not create (with their CSV row), and sending those again. Progress is read again every few
// seconds while an operation is still moving.
import { useFetcher, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, DataTable, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";
import type { ImportStep } from "../../http/catalog-import.server";
import { formatInteger, type MessageKey } from "../../i18n";
import { useI18n } from "../../i18n/react";

/** Still moving: the page looks again every few seconds. */
const BULK_MOVING = new Set(["ready", "starting", "running", "applying"]);

export type BulkOperationView = {
  id: string;
  status: string;
  lineCount: number;
  objectCount: number;
  linkedCount: number;
  failedCount: number;
  failed: { row: number; tagCode: string; message: string }[];
};

export function BulkOperations({ operations, threshold }: { operations: BulkOperationView[]; threshold: number }) {
  const { t, locale } = useI18n();
  const revalidator = useRevalidator();
  const retry = useFetcher<{ ok: boolean; message?: string }>();
  const moving = operations.some((op) => BULK_MOVING.has(op.status));
  useEffect(() => {
    if (!moving) return;
    const timer = setInterval(() => revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
    // revalidator changes identity on every render.
  }, [moving]);
  useEffect(() => {
    if (retry.state === "idle" && retry.data?.ok) revalidator.revalidate();
  }, [retry.state, retry.data]);
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {t("catalog.import.bulk.title")}
      </Text>
      <Text as="p" tone="subdued">
        {t("catalog.import.bulk.intro", { threshold: formatInteger(threshold, locale) })}
      </Text>
      {operations.map((op) => (
        <BlockStack key={op.id} gap="200">
          <InlineStack gap="200" blockAlign="center">
            <span data-testid="bulk-status">
              <Badge
                tone={
                  op.status === "failed"
                    ? "critical"
                    : op.status === "done"
                      ? op.failedCount
                        ? "warning"
                        : "success"
                      : "info"
                }
              >
                {t(`catalog.import.bulk.status.${op.status}` as MessageKey)}
              </Badge>
            </span>
          </InlineStack>
          {op.lineCount > 0 && op.status !== "done" && op.status !== "failed" ? (
            <>
              <ProgressBar progress={Math.round((op.objectCount / op.lineCount) * 100)} />
              <Text as="p">
                <span data-testid="bulk-progress">
                  {t("catalog.import.bulk.progress", {
                    done: formatInteger(op.objectCount, locale),
                    total: formatInteger(op.lineCount, locale),
                  })}
                </span>
              </Text>
            </>
          ) : null}
          {op.status === "done" || op.status === "failed" ? (
            <Text as="p">
              <span data-testid="bulk-summary">
                {t("catalog.import.bulk.linked", {
                  linked: formatInteger(op.linkedCount, locale),
                  failed: formatInteger(op.failedCount, locale),
                })}
              </span>
            </Text>
          ) : null}
          {op.failed.length ? (
            <BlockStack gap="200">
              <Text as="h4" variant="headingSm">
                {t("catalog.import.bulk.failedTitle")}
              </Text>
              <DataTable
                columnContentTypes={["numeric", "text", "text"]}
                headings={[t("catalog.import.row"), t("catalog.import.bulk.tagCode"), t("catalog.import.message")]}
                rows={op.failed.map((f) => [f.row, f.tagCode, f.message])}
              />
              <InlineStack>
                <Button
                  loading={retry.state !== "idle"}
                  onClick={() =>
                    retry.submit({ intent: "bulk-retry", operationId: op.id } satisfies ImportStep as never, {
                      method: "post",
                      encType: "application/json",
                    })
                  }
                >
                  {t("catalog.import.bulk.retry", { count: formatInteger(op.failedCount, locale) })}
                </Button>
              </InlineStack>
            </BlockStack>
          ) : null}
        </BlockStack>
      ))}
      {retry.data?.message ? (
        <Banner tone={retry.data.ok ? "success" : "critical"}>
          <p data-testid="bulk-retry-answer">{retry.data.message}</p>
        </Banner>
      ) : null}
    </BlockStack>
  );
}
