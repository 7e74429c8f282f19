import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  IndexTable,
  InlineStack,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { requireAdmin } from "../http/admin-context.server";
import { openDrifts, reconcileShop, resolveDrift } from "../services/sync/reconcile.server";
import { deadEntries, outboxCounts } from "../models/outbox.server";
import { pieceLabelsOfVariants, siteNames } from "../models/stock-differences.server";
import { translate } from "../i18n";
import { useI18n } from "../i18n/react";
import { formatDateTime } from "../i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const [drifts, counts, dead, sites] = await Promise.all([
    openDrifts(shop.id),
    outboxCounts(shop.id),
    deadEntries(shop.id),
    siteNames(shop.id),
  ]);
  const pieces = await pieceLabelsOfVariants(
    shop.id,
    drifts.map((d) => d.variantGid),
  );
  return {
    drifts: drifts.map((d) => ({
      ...d,
      piece: pieces.find((p) => p.variantGid === d.variantGid) ?? null,
      locationName: sites.find((s) => s.shopifyLocationGid === d.shopifyLocationGid)?.name ?? d.shopifyLocationGid,
    })),
    pending: (counts.pending ?? 0) + (counts.in_flight ?? 0),
    dead: dead.map((d) => ({ id: d.id, kind: d.kind, lastError: d.lastError, createdAt: d.createdAt })),
    timeZone: shop.ianaTimezone,
  };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("check") }),
  z.object({
    intent: z.literal("resolve"),
    driftId: z.string().min(1).max(64),
    resolution: z.enum(["set_shopify_to_loupe", "checked_no_change"]),
    note: z.string().trim().min(1).max(500),
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, locale } = await requireAdmin(request);
  const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    const noteMissing = parsed.error.issues.some((i) => i.path[0] === "note");
    return Response.json(
      { error: translate(locale, noteMissing ? "drift.noteRequired" : "error.title") },
      { status: 422 },
    );
  }
  if (parsed.data.intent === "check") {
    const result = await reconcileShop(shop.id);
    return { message: translate(locale, "drift.checked", { checked: result.checked, drifts: result.drifts }) };
  }
  const result = await resolveDrift(shop.id, parsed.data.driftId, parsed.data.resolution, actor, parsed.data.note);
  if (!result.ok) return Response.json({ error: translate(locale, "drift.notFound") }, { status: 404 });
  return { message: translate(locale, "drift.resolved") };
}

function ResolveForm({ driftId }: { driftId: string }) {
  const { t } = useI18n();
  const [note, setNote] = useState("");
  const [resolution, setResolution] = useState("set_shopify_to_loupe");
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="resolve" />
      <input type="hidden" name="driftId" value={driftId} />
      <InlineStack gap="200" blockAlign="end" wrap={false}>
        <TextField
          label={t("drift.note")}
          labelHidden
          placeholder={t("drift.note")}
          name="note"
          value={note}
          onChange={setNote}
          autoComplete="off"
        />
        <Select
          label={t("drift.note")}
          labelHidden
          name="resolution"
          value={resolution}
          onChange={setResolution}
          options={[
            { label: t("drift.setShopify"), value: "set_shopify_to_loupe" },
            { label: t("drift.markChecked"), value: "checked_no_change" },
          ]}
        />
        <Button submit>OK</Button>
      </InlineStack>
    </Form>
  );
}

export default function Drift() {
  const { drifts, pending, dead, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<{ message?: string; error?: string }>();
  const nav = useNavigation();
  const { t, locale } = useI18n();
  return (
    <Page title={t("drift.title")}>
      <BlockStack gap="400">
        <Text as="p" tone="subdued">
          {t("drift.intro")}
        </Text>
        {result?.message ? <Banner tone="success">{result.message}</Banner> : null}
        {result?.error ? <Banner tone="critical">{result.error}</Banner> : null}
        <Form method="post">
          <input type="hidden" name="intent" value="check" />
          <Button submit loading={nav.state === "submitting" && nav.formData?.get("intent") === "check"}>
            {t("drift.check")}
          </Button>
        </Form>
        <Card padding="0">
          {drifts.length === 0 ? (
            <div style={{ padding: 16 }}>
              <Text as="p">{t("drift.none")}</Text>
            </div>
          ) : (
            <IndexTable
              resourceName={{ singular: t("drift.title"), plural: t("drift.title") }}
              itemCount={drifts.length}
              selectable={false}
              headings={[
                { title: t("drift.col.piece") },
                { title: t("drift.col.location") },
                { title: t("drift.col.shopify"), alignment: "end" },
                { title: t("drift.col.loupe"), alignment: "end" },
                { title: t("drift.col.detected") },
                { title: "" },
              ]}
            >
              {drifts.map((d, i) => (
                <IndexTable.Row id={d.id} key={d.id} position={i}>
                  <IndexTable.Cell>
                    {d.piece ? `${d.piece.title}${d.piece.sku ? ` (${d.piece.sku})` : ""}` : d.variantGid}
                  </IndexTable.Cell>
                  <IndexTable.Cell>{d.locationName}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {d.shopifyAvailable}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" alignment="end" numeric>
                      {d.loupeActive}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{formatDateTime(d.detectedAt, locale, timeZone)}</IndexTable.Cell>
                  <IndexTable.Cell>
                    <ResolveForm driftId={d.id} />
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingMd">
              {t("sync.title")}
            </Text>
            <Text as="p">{t("sync.pending", { count: pending })}</Text>
            <Text as="p" tone={dead.length ? "critical" : undefined}>
              {t("sync.dead", { count: dead.length })}
            </Text>
            {dead.length ? (
              <Text as="p" tone="subdued">
                {t("sync.deadHelp")}
              </Text>
            ) : null}
            {dead.map((d) => (
              <Text as="p" key={d.id} variant="bodySm">
                {formatDateTime(d.createdAt, locale, timeZone)} · {d.kind} · {d.lastError}
              </Text>
            ))}
          </BlockStack>
        </Card>
      </BlockStack>
    </Page>
  );
}
