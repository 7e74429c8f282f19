// The pieces list's filters and sort, kept in the URL (one schema with the CSV export:
// app/domain/schemas/list.ts). `apply` sets the changed parameters and goes back to the first page.
import { Button, InlineStack, Select } from "@shopify/polaris";
import { PIECE_STATES } from "../../domain/lifecycle";
import { AGE_BUCKETS, LIST_SORTS, type LIST_PARAMS } from "../../domain/schemas/list";
import { PIECE_METALS, STONE_TYPES } from "../../domain/schemas/piece";
import { LABS } from "../../domain/certificates";
import { FINENESS_TABLE, formatPermille } from "../../domain/metals";
import { intlLocale } from "../../i18n";
import { useI18n } from "../../i18n/react";
import { labelledChoices, locationChoices, plainChoices, type Choice } from "../choices";

/** Every fineness any metal is sold in, finest first. */
const FINENESS_VALUES = [...new Set(Object.values(FINENESS_TABLE).flatMap((rows) => rows.map((r) => r.bp)))].sort(
  (a, b) => b - a,
);

export function ListFilters({
  params,
  apply,
  onClear,
  locations,
}: {
  params: URLSearchParams;
  apply: (changes: Record<string, string | undefined>) => void;
  onClear: () => void;
  locations: { id: string; path: string }[];
}) {
  const { t, locale } = useI18n();
  const any = { label: t("catalog.list.any"), value: "" };
  const filter = (key: (typeof LIST_PARAMS)[number], name: string, options: Choice[]) => (
    <Select
      label={name}
      labelInline
      options={[any, ...options]}
      value={params.get(key) ?? ""}
      onChange={(value) => apply({ [key]: value || undefined })}
    />
  );
  return (
    <InlineStack gap="300" wrap>
      {filter("state", t("pieces.filter.state"), labelledChoices(locale, "state", PIECE_STATES))}
      {filter("metal", t("catalog.list.filter.metal"), labelledChoices(locale, "metal", PIECE_METALS))}
      {filter(
        "fineness",
        t("catalog.list.filter.fineness"),
        FINENESS_VALUES.map((bp) => ({ label: `${formatPermille(bp, intlLocale(locale))}\u00a0‰`, value: String(bp) })),
      )}
      {filter("stone", t("catalog.list.filter.stone"), labelledChoices(locale, "stone", STONE_TYPES))}
      {filter("lab", t("catalog.list.filter.lab"), plainChoices(LABS))}
      {filter("location", t("catalog.list.filter.location"), locationChoices(locations))}
      {filter("consigned", t("catalog.list.filter.consignment"), [
        { label: t("catalog.list.filter.consigned"), value: "yes" },
        { label: t("catalog.list.filter.owned"), value: "no" },
      ])}
      {filter(
        "age",
        t("catalog.list.filter.age"),
        AGE_BUCKETS.map((a) => ({ label: t(`catalog.list.age.${a}`), value: a })),
      )}
      <Select
        label={t("catalog.list.sort")}
        labelInline
        options={LIST_SORTS.map((s) => ({ label: t(`catalog.list.sort.${s}`), value: s }))}
        value={params.get("sort") ?? "newest"}
        onChange={(value) => apply({ sort: value === "newest" ? undefined : value })}
      />
      <Button variant="plain" onClick={onClear}>
        {t("catalog.list.clear")}
      </Button>
    </InlineStack>
  );
}
