import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { requireAdmin } from "../http/admin-context.server";
import { homeFigures } from "../models/shop.server";
import { lastAuditCheck } from "../models/audit-check.server";
import { treeProgress } from "../models/locations.server";
import { countPairedKiosks } from "../models/devices.server";
import { countDetailsPending } from "../models/details.server";
import { useI18n } from "../i18n/react";
import { formatDateTime, formatInteger } from "../i18n";
import { homeNotices } from "../http/home-notices.server";
import { KioskNotices } from "../components/KioskNotices";
import { homeDay } from "../http/home-day.server";
import { HomeDay } from "../components/HomeDay";

export const permission = { loader: "signed-in" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await requireAdmin(request, permission.loader);
  const { shop } = context;
  const [figures, audit, tree, kiosks, detailsPending, notices, day] = await Promise.all([
    homeFigures(shop.id),
    // The chain is verified in the background (app/services/audit); the page only reads the result.
    lastAuditCheck(shop.id),
    treeProgress(shop.id),
    countPairedKiosks(shop.id),
    countDetailsPending(shop.id),
    homeNotices(context),
    // What to receive, what is due back, what happened lately.
    homeDay(context),
  ]);
  // The set-up checklist, each step read from the data itself; gone once all are done.
  const checklist = [
    { key: "setup.checklist.sites", done: tree.sites > 0, link: "/app/setup", linkLabel: "setup.checklist.openSetup" },
    {
      key: "setup.checklist.storage",
      done: tree.storage > 0,
      link: "/app/setup",
      linkLabel: "setup.checklist.openSetup",
    },
    { key: "setup.checklist.kiosk", done: kiosks > 0, link: "/app/kiosks", linkLabel: "setup.checklist.openKiosks" },
  ] as const;
  return {
    ...figures,
    audit,
    detailsPending,
    notices,
    day,
    timeZone: shop.ianaTimezone,
    checklist: checklist.every((c) => c.done) ? null : checklist,
  };
}

function SetupChecklist({
  steps,
}: {
  steps: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["checklist"]>;
}) {
  const { t } = useI18n();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("setup.checklist.title")}
        </Text>
        <Text as="p">{t("setup.checklist.intro")}</Text>
        {steps.map((step) => (
          <InlineStack key={step.key} gap="200" blockAlign="center">
            <Badge tone={step.done ? "success" : "attention"}>
              {t(step.done ? "setup.checklist.done" : "setup.checklist.todo")}
            </Badge>
            <Text as="span" data-testid={`checklist-${step.key}`}>
              {t(step.key)}
            </Text>
            {step.done ? null : <Link to={step.link}>{t(step.linkLabel)}</Link>}
          </InlineStack>
        ))}
      </BlockStack>
    </Card>
  );
}

function AuditStatus({
  audit,
  timeZone,
}: {
  audit: ReturnType<typeof useLoaderData<typeof loader>>["audit"];
  timeZone: string;
}) {
  const { t, locale } = useI18n();
  if (!audit)
    return (
      <Text as="p" tone="subdued" data-testid="audit-status">
        {t("home.auditNotYet")}
      </Text>
    );
  const date = formatDateTime(audit.checkedAt, locale, timeZone);
  if (!audit.ok)
    return (
      <Text as="p" tone="critical" data-testid="audit-status">
        {t(audit.brokenChain === "movements" ? "home.auditMovementsBroken" : "home.auditBroken", {
          seq: audit.brokenAtSeq ?? 0,
          date,
        })}
      </Text>
    );
  return (
    <BlockStack gap="100">
      <Text as="p" tone="success" data-testid="audit-status">
        {t("home.auditOk", { count: formatInteger(audit.seq, locale), date })}
      </Text>
      {audit.newer > 0 ? (
        <Text as="p" tone="subdued">
          {t("home.auditNewer", { count: formatInteger(audit.newer, locale) })}
        </Text>
      ) : null}
    </BlockStack>
  );
}

export default function Home() {
  const { total, active, receiving, consigned, audit, checklist, detailsPending, notices, day, timeZone } =
    useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const figures = [
    [t("home.pieces"), total],
    [t("home.active"), active],
    [t("home.receiving"), receiving],
    [t("home.consigned"), consigned],
  ] as const;
  return (
    <Page title={t("home.title")}>
      <Layout>
        {notices.pinLocks.length > 0 || notices.pinChanged ? (
          <Layout.Section>
            <KioskNotices notices={notices} timeZone={timeZone} />
          </Layout.Section>
        ) : null}
        {checklist ? (
          <Layout.Section>
            <SetupChecklist steps={checklist} />
          </Layout.Section>
        ) : null}
        {detailsPending ? (
          <Layout.Section>
            <Card>
              <Link to="/app/pieces/to-complete" data-testid="details-pending-link">
                {t("details.homeLink", { count: formatInteger(detailsPending, locale) })}
              </Link>
            </Card>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <HomeDay receiving={receiving} dueBack={day.dueBack} activity={day.activity} timeZone={timeZone} />
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
            {figures.map(([name, value]) => (
              <Card key={name}>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingSm">
                    {name}
                  </Text>
                  <Text as="p" variant="heading2xl">
                    {formatInteger(value, locale)}
                  </Text>
                </BlockStack>
              </Card>
            ))}
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingSm">
                {t("home.auditChain")}
              </Text>
              <AuditStatus audit={audit} timeZone={timeZone} />
              <Link to="/app/pieces">{t("home.openPieces")}</Link>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
