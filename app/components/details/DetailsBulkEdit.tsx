// The "details to complete" page's bulk edit: metal and fineness (weight optional), supplier and
// place, applied to the ticked pieces all at once or not at all.
import { Button, Card, BlockStack, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { ENTRY_WEIGHT_UNITS, PIECE_METALS } from "../../domain/schemas/piece";
import type { DetailsAction } from "../../domain/schemas/details";
import { useI18n } from "../../i18n/react";
import { labelledChoices, locationChoices, plainChoices } from "../choices";

export function DetailsBulkEdit({
  pieces,
  locations,
  suppliers,
  errors,
  busy,
  send,
}: {
  pieces: { id: string; version: number; shopifyLocationGid: string | null }[];
  locations: { id: string; path: string; shopifyLocationGid: string }[];
  suppliers: { id: string; name: string }[] | null;
  errors: Record<string, string>;
  busy: boolean;
  send: (body: DetailsAction) => void;
}) {
  const { t, locale } = useI18n();
  const [metal, setMetal] = useState("");
  const [fineness, setFineness] = useState("");
  const [weight, setWeight] = useState("");
  const [unit, setUnit] = useState<(typeof ENTRY_WEIGHT_UNITS)[number]>("g");
  const [supplierId, setSupplierId] = useState("");
  const [locationId, setLocationId] = useState("");
  const [reason, setReason] = useState("");
  // Only places of the ticked pieces' own Shopify location(s) are offered; the server checks again.
  const sites = new Set(pieces.map((p) => p.shopifyLocationGid).filter(Boolean));
  const places = sites.size ? locations.filter((l) => sites.has(l.shopifyLocationGid)) : locations;
  const keep = { label: t("details.edit.keep"), value: "" };
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingSm">
          {t("details.edit")}
        </Text>
        <Text as="p" tone="subdued">
          {t("details.edit.help")}
        </Text>
        <InlineStack gap="300" blockAlign="end">
          <Select
            label={t("details.edit.metal")}
            options={[keep, ...labelledChoices(locale, "metal", PIECE_METALS)]}
            value={metal}
            onChange={setMetal}
          />
          <TextField
            label={t("details.edit.fineness")}
            value={fineness}
            onChange={setFineness}
            disabled={!metal}
            error={errors["metal.fineness"]}
            autoComplete="off"
          />
          <TextField
            label={t("details.edit.weight")}
            value={weight}
            onChange={setWeight}
            disabled={!metal}
            error={errors["metal.weight"]}
            autoComplete="off"
          />
          <Select
            label={t("details.edit.unit")}
            options={plainChoices(ENTRY_WEIGHT_UNITS)}
            value={unit}
            onChange={(u) => setUnit(u as typeof unit)}
            disabled={!metal}
          />
        </InlineStack>
        <InlineStack gap="300" blockAlign="end">
          {suppliers ? (
            <Select
              label={t("details.edit.supplier")}
              options={[keep, ...suppliers.map((s) => ({ label: s.name, value: s.id }))]}
              value={supplierId}
              onChange={setSupplierId}
              error={errors.supplierId}
            />
          ) : null}
          <Select
            label={t("details.edit.location")}
            options={[keep, ...locationChoices(places)]}
            value={locationId}
            onChange={setLocationId}
          />
          <TextField label={t("details.edit.reason")} value={reason} onChange={setReason} autoComplete="off" />
          <Button
            variant="primary"
            loading={busy}
            disabled={!pieces.length || (!metal && !supplierId && !locationId)}
            onClick={() =>
              send({
                intent: "bulkEdit",
                pieces: pieces.map((p) => ({ id: p.id, version: p.version })),
                ...(metal ? { metal: { metal: metal as (typeof PIECE_METALS)[number], fineness, weight, unit } } : {}),
                ...(supplierId ? { supplierId } : {}),
                ...(locationId ? { locationId } : {}),
                ...(reason ? { reason } : {}),
              })
            }
          >
            {t("details.edit.apply", { count: pieces.length })}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
