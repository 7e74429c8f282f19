// The Shopify product's photos on the piece page: Shopify keeps them; Loupe only shows them.
import { BlockStack, Card, InlineStack, Text, Thumbnail } from "@shopify/polaris";
import type { ProductPhotos } from "../../services/catalog/intake.server";
import { useI18n } from "../../i18n/react";

export function Photos({ photos, hasProduct }: { photos: ProductPhotos | null; hasProduct: boolean }) {
  const { t } = useI18n();
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {t("catalog.piece.photos")}
        </Text>
        {!hasProduct ? (
          <Text as="p" tone="subdued">
            {t("catalog.piece.noProduct")}
          </Text>
        ) : !photos || !photos.ok ? (
          <Text as="p" tone="subdued">
            {t("catalog.piece.photosUnavailable")}
          </Text>
        ) : photos.photos.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("catalog.piece.noPhotos")}
          </Text>
        ) : (
          <InlineStack gap="200" wrap>
            {photos.photos.map((p) => (
              <Thumbnail key={p.id} source={p.url} alt={p.alt ?? ""} size="large" />
            ))}
          </InlineStack>
        )}
      </BlockStack>
    </Card>
  );
}
