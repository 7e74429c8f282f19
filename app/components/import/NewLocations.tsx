// The dry run's list of locations the import will create ("Create missing locations" ticked):
// each path, the site it goes under, and the kind guessed from its name.
import { BlockStack, DataTable, Text } from "@shopify/polaris";
import { formatInteger } from "../../i18n";
import { useI18n } from "../../i18n/react";

export function NewLocations({
  locations,
  count,
}: {
  locations: { path: string; site: string; kind: string }[];
  count: number;
}) {
  const { t, locale } = useI18n();
  if (count === 0) return null;
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        <span data-testid="import-new-locations">
          {t("catalog.import.newLocations", { count: formatInteger(count, locale) })}
        </span>
      </Text>
      <DataTable
        columnContentTypes={["text", "text", "text"]}
        headings={[
          t("catalog.import.newLocations.path"),
          t("catalog.import.newLocations.site"),
          t("catalog.import.newLocations.kind"),
        ]}
        rows={locations.map((l) => [l.path, l.site, l.kind])}
      />
      {count > locations.length ? (
        <Text as="p" tone="subdued">
          {t("catalog.import.newLocations.more", { count: formatInteger(count - locations.length, locale) })}
        </Text>
      ) : null}
    </BlockStack>
  );
}
