// What a bulk change did: how many pieces changed, and each refused piece with its reason.
import { Banner, BlockStack, Text } from "@shopify/polaris";
import { useI18n } from "../../i18n/react";

export function BulkAnswerBanner({
  answer,
}: {
  answer: { ok: boolean; message: string; refusals?: { pieceId: string; tagCode: string; reason: string }[] };
}) {
  const { t } = useI18n();
  return (
    <Banner tone={answer.ok ? "success" : "warning"} title={answer.message}>
      {answer.refusals?.length ? (
        <BlockStack gap="100">
          <Text as="p">{t("catalog.bulk.refusals")}</Text>
          <ul data-testid="bulk-refusals">
            {answer.refusals.map((r) => (
              <li key={r.pieceId}>{t("catalog.bulk.refusal", { tagCode: r.tagCode, reason: r.reason })}</li>
            ))}
          </ul>
        </BlockStack>
      ) : null}
    </Banner>
  );
}
