// A read-only value under its small grey name, as record pages show them.
import { BlockStack, Text } from "@shopify/polaris";

export function LabelledValue({ name, value }: { name: string; value: string }) {
  return (
    <BlockStack gap="050">
      <Text as="span" variant="bodySm" tone="subdued">
        {name}
      </Text>
      <Text as="span">{value}</Text>
    </BlockStack>
  );
}
