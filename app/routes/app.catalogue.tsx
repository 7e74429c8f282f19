// /app/catalogue: the shop's Shopify catalogue stock that has no Loupe pieces yet, per Shopify
// location, filtered by product type, vendor, tag, collection and location; "Read the catalogue"
// runs one Shopify bulk query, "Create pieces" makes one piece per unit (for the filter or the
// ticked lines). Glue in app/http/catalogue-page.server.ts, the work in services/catalogue.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Page, Select, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { catalogueAction, catalogueLoader } from "../http/catalogue-page.server";
import { CATALOGUE_GATE } from "../domain/staff/gates";
import { formatDateTime } from "../i18n";
import { useI18n } from "../i18n/react";

export const permission = { loader: CATALOGUE_GATE, action: CATALOGUE_GATE } as const;

export const loader = ({ request }: LoaderFunctionArgs) => catalogueLoader(request);

export const action = ({ request }: ActionFunctionArgs) => catalogueAction(request);

const FILTERS = ["productType", "vendor", "tag", "collection", "location"] as const;

export default function CataloguePage() {
  const { read, readAt, facets, rows, totals, withoutSite, committed, filter } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, locale } = useI18n();
  const errors = answer && !answer.ok ? answer.errors : {};
  const choices: Record<(typeof FILTERS)[number], { label: string; value: string }[]> = {
    productType: (facets?.productTypes ?? []).map((v) => ({ label: v, value: v })),
    vendor: (facets?.vendors ?? []).map((v) => ({ label: v, value: v })),
    tag: (facets?.tags ?? []).map((v) => ({ label: v, value: v })),
    collection: (facets?.collections ?? []).map((c) => ({ label: c.title, value: c.id })),
    location: (facets?.locations ?? []).map((l) => ({ label: l.name, value: l.id })),
  };
  // The filter's choices before Filter is pressed (a Select shows only the value it is given).
  const [picked, setPicked] = useState(filter);
  useEffect(() => setPicked(filter), [JSON.stringify(filter)]);
  const underWay = read && !["done", "failed"].includes(read.status);
  // While Shopify reads, the page asks again every 2 s, so it shows the read once it is done.
  const revalidator = useRevalidator();
  useEffect(() => {
    if (!underWay) return;
    const timer = setInterval(() => revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
    // revalidator changes identity on every render.
  }, [underWay]);
  return (
    <Page title={t("catalogue.title")} backAction={{ content: t("nav.home"), url: "/app" }}>
      <BlockStack gap="400">
        <Text as="p">{t("catalogue.intro")}</Text>
        {answer?.ok ? (
          <Banner tone="success" data-testid="catalogue-answer">
            <BlockStack gap="100">
              <Text as="p">{answer.message}</Text>
              {answer.notes.map((n: string) => (
                <Text as="p" key={n} tone="caution">
                  {n}
                </Text>
              ))}
            </BlockStack>
          </Banner>
        ) : null}
        {answer && !answer.ok ? (
          <Banner tone="critical" data-testid="catalogue-error">
            {Object.values(errors).map((m) => (
              <Text as="p" key={String(m)}>
                {String(m)}
              </Text>
            ))}
          </Banner>
        ) : null}
        <Card>
          <BlockStack gap="200">
            <Text as="p">
              {readAt ? t("catalogue.read.at", { at: formatDateTime(readAt, locale) }) : t("catalogue.read.none")}
            </Text>
            {underWay ? (
              <Text as="p">
                {t("catalogue.read.status", { status: read.shopifyStatus ?? read.status, objects: read.objectCount })}
              </Text>
            ) : null}
            {read?.status === "done" && read.shopifyStatus !== "COMPLETED" ? (
              <Text as="p" tone="caution">
                {t("catalogue.read.failed", { status: read.shopifyStatus ?? "" })}
              </Text>
            ) : null}
            <Form method="post">
              <input type="hidden" name="intent" value="read" />
              <InlineStack gap="200" blockAlign="center">
                <Button submit loading={busy} disabled={Boolean(underWay)}>
                  {t("catalogue.read.button")}
                </Button>
                <Text as="span" tone="subdued">
                  {t("catalogue.read.help")}
                </Text>
              </InlineStack>
            </Form>
          </BlockStack>
        </Card>
        {facets ? (
          <Card>
            <Form method="get">
              <InlineStack gap="300" blockAlign="end">
                {FILTERS.map((name) => (
                  <Select
                    key={name}
                    name={name}
                    label={t(`catalogue.filter.${name}`)}
                    options={[{ label: t("catalogue.filter.any"), value: "" }, ...choices[name]]}
                    value={picked[name] ?? ""}
                    onChange={(v) => setPicked((p) => ({ ...p, [name]: v }))}
                    error={name === "location" ? errors.location : undefined}
                  />
                ))}
                <Button submit>{t("catalogue.filter.apply")}</Button>
              </InlineStack>
            </Form>
          </Card>
        ) : null}
        {withoutSite.map((l) => (
          <Banner key={l.name} tone="warning">
            {t("catalogue.withoutSite", { location: l.name, units: l.units })}
          </Banner>
        ))}
        {committed.units > 0 ? (
          <Banner tone="info" data-testid="catalogue-committed">
            {t("catalogue.committed", committed)}
          </Banner>
        ) : null}
        {facets ? (
          <Card>
            <Form method="post">
              <input type="hidden" name="intent" value="create" />
              {FILTERS.map((name) => (
                <input key={name} type="hidden" name={name} value={filter[name] ?? ""} />
              ))}
              <BlockStack gap="300">
                <Text as="p">{rows.length ? t("catalogue.totals", totals) : t("catalogue.empty")}</Text>
                {totals.damaged + totals.safetyStock > 0 ? <Text as="p">{t("catalogue.held", totals)}</Text> : null}
                {totals.rows > rows.length ? <Text as="p">{t("catalogue.shown", { shown: rows.length })}</Text> : null}
                {errors.rows ? (
                  <Text as="p" tone="critical">
                    {errors.rows}
                  </Text>
                ) : null}
                <table className="Loupe-catalogue">
                  <thead>
                    <tr>
                      <th />
                      <th>{t("catalogue.col.product")}</th>
                      <th>{t("catalogue.col.sku")}</th>
                      <th>{t("catalogue.col.price")}</th>
                      <th>{t("catalogue.col.location")}</th>
                      <th>{t("catalogue.col.onHand")}</th>
                      <th>{t("catalogue.col.pieces")}</th>
                      <th>{t("catalogue.col.toMake")}</th>
                      <th>{t("catalogue.col.committed")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((r) => (
                      <tr key={r.key}>
                        <td>
                          <input type="checkbox" name="rows" value={r.key} aria-label={r.productTitle} />
                        </td>
                        <td>
                          {r.productTitle}
                          {r.variantTitle !== "Default Title" ? ` — ${r.variantTitle}` : ""}
                        </td>
                        <td>{r.sku ?? ""}</td>
                        <td>{r.price}</td>
                        <td>
                          {r.location} {r.site ? null : <Badge tone="warning">{t("catalogue.noSite")}</Badge>}
                        </td>
                        <td>{r.onHand}</td>
                        <td>{r.existing}</td>
                        <td>{r.toMake}</td>
                        <td>{r.committed || ""}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {/* Native buttons: the one pressed sends its scope with the form (Polaris buttons carry no name). */}
                <InlineStack gap="200">
                  <button type="submit" name="scope" value="filtered" disabled={busy || !rows.length}>
                    {t("catalogue.create.filtered")}
                  </button>
                  <button type="submit" name="scope" value="selected" disabled={busy || !rows.length}>
                    {t("catalogue.create.selected")}
                  </button>
                </InlineStack>
              </BlockStack>
            </Form>
          </Card>
        ) : null}
      </BlockStack>
    </Page>
  );
}
