// The intake form's metals: one row per metal, with the fineness as read and the fine weight
// worked out as the person types.
import { BlockStack, FormLayout, InlineStack, Select, TextField } from "@shopify/polaris";
import { ENTRY_WEIGHT_UNITS, METAL_COLOURS, PIECE_METALS } from "../../domain/schemas/piece";
import { fineWeightMg, finenessLabel, parseFineness } from "../../domain/metals";
import { toMilligrams } from "../../domain/units";
import { intlLocale } from "../../i18n";
import { useI18n } from "../../i18n/react";
import { weight as formatWeight } from "../../ui/format";
import { labelledChoices, plainChoices } from "../choices";
import { RemoveRowButton, RowsCard } from "./RowsCard";
import type { Metal, RowsEditor } from "./rows";

export function MetalsCard({ rows, update, remove, add, err, weightUnit }: RowsEditor<Metal> & { weightUnit: string }) {
  const { t, locale } = useI18n();
  const intl = intlLocale(locale);
  return (
    <RowsCard title={t("catalog.new.section.metals")} addLabel={t("catalog.action.addMetal")} onAdd={add}>
      {rows.map((m, i) => {
        let fine: string | null = null;
        let shown: string | null = null;
        try {
          const bp = parseFineness(m.fineness, m.metal);
          shown = finenessLabel(bp, m.metal, intl);
          fine = formatWeight(fineWeightMg(toMilligrams(m.weight, m.unit, intl), bp), weightUnit, locale);
        } catch {
          // Incomplete while typing: the field error explains on submit.
        }
        return (
          <BlockStack gap="200" key={i}>
            <FormLayout.Group condensed>
              <Select
                label={t("catalog.field.metal")}
                options={labelledChoices(locale, "metal", PIECE_METALS)}
                value={m.metal}
                onChange={(v) => update(i, { metal: v as Metal["metal"] })}
                error={err(`metals.${i}.metal`)}
              />
              <Select
                label={t("catalog.field.colour")}
                options={[{ value: "", label: "—" }, ...labelledChoices(locale, "colour", METAL_COLOURS)]}
                value={m.colour ?? ""}
                onChange={(v) => update(i, { colour: v as Metal["colour"] })}
              />
              <TextField
                label={t("catalog.field.fineness")}
                value={m.fineness}
                onChange={(v) => update(i, { fineness: v })}
                error={err(`metals.${i}.fineness`)}
                autoComplete="off"
                name={`metals.${i}.fineness`}
                helpText={shown ? t("catalog.field.finenessShown", { label: shown }) : undefined}
              />
              <TextField
                label={t("catalog.field.weight")}
                value={m.weight}
                onChange={(v) => update(i, { weight: v })}
                error={err(`metals.${i}.weight`)}
                autoComplete="off"
                inputMode="decimal"
                name={`metals.${i}.weight`}
                helpText={fine ? t("catalog.field.fineWeight", { weight: fine }) : undefined}
              />
              <Select
                label={t("catalog.field.unit")}
                options={plainChoices(ENTRY_WEIGHT_UNITS)}
                value={m.unit}
                onChange={(v) => update(i, { unit: v as Metal["unit"] })}
              />
              <TextField
                label={t("catalog.field.hallmark")}
                value={m.hallmark ?? ""}
                onChange={(v) => update(i, { hallmark: v })}
                autoComplete="off"
              />
            </FormLayout.Group>
            <InlineStack>
              <RemoveRowButton onRemove={() => remove(i)} />
            </InlineStack>
          </BlockStack>
        );
      })}
    </RowsCard>
  );
}
