// The home page's kiosk sign-in notices: locks after wrong PINs (owners and managers) and a change of
// the reader's own PIN by someone else. Nothing when there is nothing to say.
import { Link } from "@remix-run/react";
import { Banner, BlockStack, Text } from "@shopify/polaris";
import { formatDateTime } from "../i18n";
import { useI18n } from "../i18n/react";

type Notices = {
  pinLocks: { scope: string; device: string; failures: number; at: string; until: string }[];
  pinChanged: { by: string; at: string } | null;
};

export function KioskNotices({ notices, timeZone }: { notices: Notices; timeZone: string }) {
  const { t, locale } = useI18n();
  const when = (iso: string) => formatDateTime(iso, locale, timeZone);
  if (notices.pinLocks.length === 0 && !notices.pinChanged) return null;
  return (
    <BlockStack gap="200">
      {notices.pinLocks.length > 0 ? (
        <Banner tone="warning" title={t("kiosk.notice.locksTitle")}>
          <BlockStack gap="100">
            {notices.pinLocks.map((lock) => (
              <Text as="p" key={`${lock.scope}-${lock.at}`} data-testid="pin-lock-notice">
                {t(lock.scope === "shop" ? "kiosk.notice.lockShop" : "kiosk.notice.lockDevice", {
                  device: lock.device,
                  failures: lock.failures,
                  at: when(lock.at),
                  until: when(lock.until),
                })}
              </Text>
            ))}
            <Link to="/app/kiosks">{t("kiosk.notice.openKiosks")}</Link>
          </BlockStack>
        </Banner>
      ) : null}
      {notices.pinChanged ? (
        <Banner tone="info">
          <Text as="p" data-testid="pin-changed-notice">
            {t("kiosk.notice.pinChanged", { by: notices.pinChanged.by, at: when(notices.pinChanged.at) })}
          </Text>
        </Banner>
      ) : null}
    </BlockStack>
  );
}
