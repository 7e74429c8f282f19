// The piece's link to a Shopify variant, on its page: attach it to an existing variant (SKU or
// variant id, or picked with App Bridge's resource picker), or detach it. Each is its own request
// with the version the page was loaded at; Shopify's stock follows through the outbox.
import { useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, InlineStack, Text, TextField } from "@shopify/polaris";
import type { PieceLinkRequest } from "../../http/piece-edit.server";
import { useI18n } from "../../i18n/react";

type Answer = { ok: boolean; message: string; errors?: Record<string, string> };

export function EditShopifyLink({
  version,
  linked,
}: {
  version: number;
  linked: { variantGid: string; sku: string | null } | null;
}) {
  const { t } = useI18n();
  const link = useFetcher<Answer>();
  const [variantRef, setVariantRef] = useState("");
  const answer = link.state === "idle" ? link.data : undefined;
  const send = (request: PieceLinkRequest) =>
    link.submit(request as never, { method: "post", encType: "application/json" });
  const pick = async () => {
    const picked = await window.shopify?.resourcePicker?.({ type: "variant" });
    if (picked?.[0]) setVariantRef(picked[0].id);
  };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("catalog.edit.shopify")}
        </Text>
        {answer ? (
          <Banner tone={answer.ok ? "success" : "critical"} title={answer.message}>
            {!answer.ok && answer.errors?._form ? <p>{answer.errors._form}</p> : null}
          </Banner>
        ) : null}
        {linked ? (
          <InlineStack gap="300" blockAlign="center">
            <Text as="p">
              {t("catalog.edit.onVariant", {
                variant: linked.variantGid.split("/").pop() ?? "",
                sku: linked.sku ?? "—",
              })}
            </Text>
            <Button tone="critical" loading={link.state !== "idle"} onClick={() => send({ intent: "detach", version })}>
              {t("catalog.edit.detach")}
            </Button>
          </InlineStack>
        ) : (
          <BlockStack gap="200">
            <Text as="p">{t("catalog.edit.noVariant")}</Text>
            <InlineStack gap="200" blockAlign="end">
              <div style={{ flexGrow: 1 }}>
                <TextField
                  label={t("catalog.field.variantRef")}
                  value={variantRef}
                  onChange={setVariantRef}
                  error={answer && !answer.ok ? answer.errors?.variantRef : undefined}
                  autoComplete="off"
                  name="link.variantRef"
                />
              </div>
              <Button onClick={() => void pick()}>{t("catalog.action.pickVariant")}</Button>
              <Button
                variant="primary"
                loading={link.state !== "idle"}
                disabled={!variantRef.trim()}
                onClick={() => send({ intent: "attach", version, variantRef })}
              >
                {t("catalog.edit.attach")}
              </Button>
            </InlineStack>
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
