// The intake form's link to Shopify: none, a new product, or an existing variant found by SKU or
// id (looked up on the server) or picked with App Bridge's resource picker.
import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { LINK_MODES, type PieceForm } from "../../domain/schemas/piece";
import type { FieldErrors } from "../../domain/schemas/field-errors";
import type { IntakeRequest } from "../../http/intake.server";
import type { LinkedVariant } from "../../services/catalog/intake.server";
import { useI18n } from "../../i18n/react";

declare global {
  interface Window {
    shopify?: {
      resourcePicker?: (options: { type: string }) => Promise<{ id: string }[] | undefined>;
      toast?: { show: (message: string) => void };
    };
  }
}

type LookupAnswer = { ok: true; variant: LinkedVariant } | { ok: false; errors: FieldErrors; message: string };

export function ShopifyLinkCard({
  link,
  variantRef,
  onChange,
  err,
}: {
  link: NonNullable<PieceForm["link"]>;
  variantRef: string;
  onChange: (patch: Partial<PieceForm>) => void;
  err: (path: string) => string | undefined;
}) {
  const { t } = useI18n();
  const lookup = useFetcher<LookupAnswer>();
  const found = lookup.data?.ok ? lookup.data.variant : null;
  const lookupError = lookup.data && !lookup.data.ok ? lookup.data.errors.variantRef : undefined;
  const pickVariant = async () => {
    const picked = await window.shopify?.resourcePicker?.({ type: "variant" });
    if (picked?.[0]) onChange({ variantRef: picked[0].id });
  };
  return (
    <Card>
      <FormLayout>
        <Text as="h2" variant="headingMd">
          {t("catalog.new.section.shopify")}
        </Text>
        <Select
          label={t("catalog.field.link")}
          options={LINK_MODES.map((m) => ({ value: m, label: t(`catalog.link.${m}`) }))}
          value={link}
          onChange={(v) => onChange({ link: v as PieceForm["link"] })}
          name="link"
        />
        {link === "attach" ? (
          <BlockStack gap="200">
            <InlineStack gap="200" blockAlign="end">
              <div style={{ flexGrow: 1 }}>
                <TextField
                  label={t("catalog.field.variantRef")}
                  value={variantRef}
                  onChange={(v) => onChange({ variantRef: v })}
                  error={err("variantRef") ?? lookupError}
                  autoComplete="off"
                  name="variantRef"
                />
              </div>
              <Button
                onClick={() =>
                  lookup.submit({ intent: "lookup", ref: variantRef } satisfies IntakeRequest as never, {
                    method: "post",
                    encType: "application/json",
                  })
                }
                loading={lookup.state !== "idle"}
              >
                {t("catalog.action.lookUp")}
              </Button>
              <Button onClick={() => void pickVariant()}>{t("catalog.action.pickVariant")}</Button>
            </InlineStack>
            {found ? (
              <Text as="p" tone="success">
                {t("catalog.variant.found", { title: found.title, sku: found.sku ?? "—" })}
              </Text>
            ) : null}
          </BlockStack>
        ) : null}
      </FormLayout>
    </Card>
  );
}
