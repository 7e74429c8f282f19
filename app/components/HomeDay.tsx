// The home page's day: pieces to receive, consignments due back, the latest ledger lines.
import { Link } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineGrid, InlineStack, Text } from "@shopify/polaris";
import { formatDate, formatDateTime } from "../i18n";
import { useI18n } from "../i18n/react";
import type { DueStatus } from "../domain/due-dates";
import type { LedgerLine } from "../domain/ledger";

type DueBack = { pieceId: string; title: string; tagCode: string; consignor: string; dueAt: string; status: DueStatus };
type Activity = LedgerLine & { pieceId: string; title: string };

export function HomeDay({
  receiving,
  dueBack,
  activity,
  timeZone,
}: {
  receiving: number;
  dueBack: readonly DueBack[];
  activity: readonly Activity[];
  timeZone: string;
}) {
  const { t, locale } = useI18n();
  return (
    <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingSm">
            {t("home.day.receive")}
          </Text>
          {receiving > 0 ? (
            <Link to="/app/pieces?state=receiving" data-testid="home-receiving">
              {t("home.day.receiving", { count: receiving })}
            </Link>
          ) : (
            <Text as="p" tone="subdued">
              {t("home.day.nothingToReceive")}
            </Text>
          )}
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingSm">
            {t("home.day.due")}
          </Text>
          {dueBack.length === 0 ? (
            <Text as="p" tone="subdued">
              {t("home.day.nothingDue")}
            </Text>
          ) : (
            <BlockStack gap="200">
              {dueBack.map((d) => (
                <InlineStack key={d.pieceId} gap="200" blockAlign="center" wrap>
                  <Link to={`/app/pieces/${d.pieceId}`}>
                    {t("home.day.dueLine", { title: d.title, tag: d.tagCode, consignor: d.consignor })}
                  </Link>
                  <Badge tone={d.status === "overdue" ? "critical" : "attention"}>
                    {t(d.status === "overdue" ? "home.day.overdue" : "home.day.dueOn", {
                      date: formatDate(d.dueAt, locale, timeZone),
                    })}
                  </Badge>
                </InlineStack>
              ))}
            </BlockStack>
          )}
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="200">
          <Text as="h2" variant="headingSm">
            {t("home.day.activity")}
          </Text>
          {activity.length === 0 ? (
            <Text as="p" tone="subdued">
              {t("home.day.noActivity")}
            </Text>
          ) : (
            <BlockStack gap="200" as="ul">
              {activity.map((line, i) => (
                <BlockStack key={`${line.pieceId}-${i}`} gap="050" as="li">
                  <Text as="span" variant="bodySm" tone="subdued">
                    {formatDateTime(line.at, locale, timeZone)} · {line.who}
                  </Text>
                  <Text as="span">
                    <Link to={`/app/pieces/${line.pieceId}`}>{line.title}</Link> — {line.what}
                  </Text>
                </BlockStack>
              ))}
            </BlockStack>
          )}
        </BlockStack>
      </Card>
    </InlineGrid>
  );
}
