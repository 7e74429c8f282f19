// "PIN changed by Camille on 7 Dec 2026, 14:02" under a person's PIN (Kiosks and Staff pages).
import { Text } from "@shopify/polaris";
import { formatDateTime } from "../i18n";
import { useI18n } from "../i18n/react";

export function PinChangeNote({
  change,
  timeZone,
}: {
  change: { by: string; at: string; self: boolean } | null;
  timeZone: string;
}) {
  const { t, locale } = useI18n();
  if (!change) return null;
  const at = formatDateTime(change.at, locale, timeZone);
  return (
    <Text as="span" tone="subdued" variant="bodySm" data-testid="pin-change-note">
      {change.self ? t("staff.pin.changedSelf", { at }) : t("staff.pin.changed", { by: change.by, at })}
    </Text>
  );
}
