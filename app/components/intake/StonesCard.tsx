// The intake form's stones: one row per stone (or set of identical stones), each optionally graded
// by one of the form's certificates, with the carat total of what reads so far.
import { useMemo } from "react";
import { BlockStack, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { STONE_ORIGINS, STONE_POSITIONS, STONE_TYPES } from "../../domain/schemas/piece";
import { parseCarats } from "../../domain/units";
import { intlLocale } from "../../i18n";
import { useI18n } from "../../i18n/react";
import { carats as formatCt } from "../../ui/format";
import { labelledChoices } from "../choices";
import { RemoveRowButton, RowsCard } from "./RowsCard";
import type { Certificate, RowsEditor, Stone } from "./rows";

export function StonesCard({
  rows,
  update,
  remove,
  add,
  err,
  certificates,
}: RowsEditor<Stone> & { certificates: Certificate[] }) {
  const { t, locale } = useI18n();
  const intl = intlLocale(locale);
  // A stone graded by one of the form's reports takes the report's grades: each grade the report
  // gives shows as the field's placeholder, named as the report's (app/domain/stone-grades.ts).
  const fromReport = (s: Stone, grade: "colour" | "clarity" | "cut") => {
    const report = s.certificateIndex ? certificates[Number(s.certificateIndex)] : undefined;
    const value = report?.[grade]?.trim();
    if (!report || !value) return {};
    return { placeholder: value, helpText: t("records.stone.fromReport", { lab: report.lab, number: report.number }) };
  };
  const caratTotal = useMemo(() => {
    let total = 0;
    for (const s of rows) {
      try {
        total += parseCarats(s.carats, intl) * (Number(s.count) || 1);
      } catch {
        // Shown beside the field on submit; the total counts what reads.
      }
    }
    return total;
  }, [rows, intl]);
  return (
    <RowsCard
      title={t("catalog.new.section.stones")}
      addLabel={t("catalog.action.addStone")}
      onAdd={add}
      beside={
        <span data-testid="carat-total">
          <Text as="span">{t("catalog.field.caratTotal", { carats: formatCt(caratTotal, locale) })}</Text>
        </span>
      }
    >
      {rows.map((s, i) => (
        <BlockStack gap="200" key={i}>
          <FormLayout.Group condensed>
            <Select
              label={t("catalog.field.stoneType")}
              options={labelledChoices(locale, "stone", STONE_TYPES)}
              value={s.type}
              onChange={(v) => update(i, { type: v as Stone["type"] })}
            />
            <Select
              label={t("catalog.field.origin")}
              options={labelledChoices(locale, "origin", STONE_ORIGINS)}
              value={s.origin}
              onChange={(v) => update(i, { origin: v as Stone["origin"] })}
            />
            <TextField
              label={t("catalog.field.carats")}
              value={s.carats}
              onChange={(v) => update(i, { carats: v })}
              error={err(`stones.${i}.carats`)}
              autoComplete="off"
              inputMode="decimal"
              name={`stones.${i}.carats`}
            />
            <TextField
              label={t("catalog.field.count")}
              value={s.count ?? ""}
              onChange={(v) => update(i, { count: v })}
              error={err(`stones.${i}.count`)}
              autoComplete="off"
              inputMode="numeric"
            />
            <Select
              label={t("catalog.field.position")}
              options={labelledChoices(locale, "position", STONE_POSITIONS)}
              value={s.position}
              onChange={(v) => update(i, { position: v as Stone["position"] })}
            />
          </FormLayout.Group>
          <FormLayout.Group condensed>
            <TextField
              label={t("catalog.field.shape")}
              value={s.shape ?? ""}
              onChange={(v) => update(i, { shape: v })}
              autoComplete="off"
            />
            <TextField
              label={t("catalog.field.stoneColour")}
              value={s.colour ?? ""}
              onChange={(v) => update(i, { colour: v })}
              autoComplete="off"
              {...fromReport(s, "colour")}
              error={err(`stones.${i}.colour`)}
            />
            <TextField
              label={t("catalog.field.clarity")}
              value={s.clarity ?? ""}
              onChange={(v) => update(i, { clarity: v })}
              autoComplete="off"
              {...fromReport(s, "clarity")}
              error={err(`stones.${i}.clarity`)}
            />
            <TextField
              label={t("catalog.field.cutGrade")}
              value={s.cutGrade ?? ""}
              onChange={(v) => update(i, { cutGrade: v })}
              autoComplete="off"
              {...fromReport(s, "cut")}
              error={err(`stones.${i}.cutGrade`)}
            />
          </FormLayout.Group>
          <FormLayout.Group condensed>
            <TextField
              label={t("catalog.field.measurements")}
              value={s.measurements ?? ""}
              onChange={(v) => update(i, { measurements: v })}
              autoComplete="off"
            />
            <TextField
              label={t("catalog.field.treatment")}
              value={s.treatment ?? ""}
              onChange={(v) => update(i, { treatment: v })}
              autoComplete="off"
            />
            <Select
              label={t("catalog.field.stoneCertificate")}
              options={[
                { value: "", label: t("catalog.field.noCertificate") },
                ...certificates.map((c, ci) => ({
                  value: String(ci),
                  label: `${c.lab} ${c.number}`.trim(),
                })),
              ]}
              value={s.certificateIndex ?? ""}
              onChange={(v) => update(i, { certificateIndex: v })}
              error={err(`stones.${i}.certificateIndex`)}
            />
          </FormLayout.Group>
          <InlineStack>
            <RemoveRowButton onRemove={() => remove(i)} />
          </InlineStack>
        </BlockStack>
      ))}
    </RowsCard>
  );
}
