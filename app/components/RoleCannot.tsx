// The line shown where a page hides a form the reader's role may not use: what is missing and whom
// to ask (the server refuses the form anyway; this says so before anyone tries).
import { Text } from "@shopify/polaris";
import type { MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";

export type HiddenReason = Extract<MessageKey, `permissions.hidden.${string}`>;

export function RoleCannot({ reason }: { reason: HiddenReason }) {
  const { t } = useI18n();
  return (
    <div data-testid="role-cannot">
      <Text as="p" tone="subdued">
        {t(reason)}
      </Text>
    </div>
  );
}
