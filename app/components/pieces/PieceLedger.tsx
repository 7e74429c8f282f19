// A piece's history as its ledger lines (app/domain/ledger.ts): when, who, what, and why when a
// person said why.
import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import { formatDateTime } from "../../i18n";
import { useI18n } from "../../i18n/react";
import type { LedgerLine } from "../../domain/ledger";

export function PieceLedger({ lines, timeZone }: { lines: readonly LedgerLine[]; timeZone: string }) {
  const { t, locale } = useI18n();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("piece.section.history")}
        </Text>
        <DataTable
          columnContentTypes={["text", "text", "text", "text"]}
          headings={[t("piece.history.when"), t("piece.history.who"), t("piece.history.what"), t("piece.history.why")]}
          rows={lines.map((line) => [formatDateTime(line.at, locale, timeZone), line.who, line.what, line.why ?? ""])}
        />
      </BlockStack>
    </Card>
  );
}
