// The frame every repeated-row section of the intake form shares: a heading, the rows, a button
// that adds one (and whatever stands beside it), and each row's Remove button.
import { BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import { useI18n } from "../../i18n/react";

export function RowsCard({
  title,
  addLabel,
  onAdd,
  beside,
  children,
}: {
  title: string;
  addLabel: string;
  onAdd: () => void;
  beside?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {children}
        <InlineStack gap="300" blockAlign="center">
          <Button onClick={onAdd}>{addLabel}</Button>
          {beside}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

export function RemoveRowButton({ onRemove }: { onRemove: () => void }) {
  const { t } = useI18n();
  return (
    <Button variant="plain" tone="critical" onClick={onRemove}>
      {t("catalog.action.remove")}
    </Button>
  );
}
