import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineStack,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { readMaterialsForm, refused, requireMaterialsAdmin, materialsRights } from "../http/materials-admin.server";
import { todayDay } from "../domain/materials/days";
import { bookImpairment, impairmentTest } from "../services/materials/impairment.server";
import { impairmentForm } from "../domain/materials/forms";
import { formatDate } from "../i18n";
import { useI18n } from "../i18n/react";
import { RoleCannot } from "../components/RoleCannot";
import { money } from "../ui/format";

export const permission = {
  loader: ["materials.view", "cost.see"],
  action: ["materials.view", "cost.see", "materials.impairment"],
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, can } = await requireMaterialsAdmin(request, permission.loader);
  const test = await impairmentTest(shop.id);
  return {
    lines: test.lines,
    currency: test.currency,
    booked: test.impairments.map((i) => ({
      id: i.id,
      kind: i.kind,
      amountMinor: i.amountMinor,
      justification: i.justification,
      effectiveAt: i.effectiveAt,
      actorName: i.actorName,
      classId: i.classId,
      pieceId: i.pieceId,
    })),
    labels: Object.fromEntries(test.lines.map((l) => [l.id, l.label])),
    timeZone: shop.ianaTimezone,
    today: todayDay(),
    rights: materialsRights(can),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor, locale } = await requireMaterialsAdmin(request, permission.action);
  const form = await readMaterialsForm(request, impairmentForm, locale, "book");
  if (!form.ok) return form.answer;
  const result = await bookImpairment(shop.id, form.input, actor);
  if (!result.ok) return refused(locale, `book:${form.input.id}`, result);
  return { ok: true as const, intent: "book" };
}

// The column header says what to type; the field still needs its own (hidden) label, naming its row,
// for a screen reader reaching it from the keyboard.
function Justification({ label, error }: { label: string; error?: string }) {
  const [value, setValue] = useState("");
  return (
    <TextField
      name="justification"
      label={label}
      labelHidden
      value={value}
      onChange={setValue}
      error={error}
      autoComplete="off"
    />
  );
}

export default function ImpairmentPage() {
  const { lines, currency, booked, labels, timeZone, today, rights } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, locale } = useI18n();
  const m = (minor: bigint) => money(minor, currency, locale);
  return (
    <Page
      title={t("materials.impairment.title")}
      subtitle={t("materials.impairment.help")}
      backAction={{ content: t("materials.back"), url: "/app/materials" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result?.ok ? <Banner tone="success">{t("materials.impairment.booked")}</Banner> : null}
            {result && !result.ok ? (
              <Banner tone="critical" title={result.message}>
                {Object.values(result.errors)[0]}
              </Banner>
            ) : null}
            {!rights.impairment ? <RoleCannot reason="permissions.hidden.materials.impairment" /> : null}
            <Card padding="0">
              {lines.length === 0 ? (
                <div style={{ padding: 16 }}>
                  <Text as="p">{t("materials.impairment.none")}</Text>
                </div>
              ) : (
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "text"]}
                  headings={[
                    t("materials.col.label"),
                    t("materials.col.cost"),
                    t("materials.col.market"),
                    t("materials.col.allowance"),
                    t("materials.impairment.toBook"),
                    t("materials.impairment.justification"),
                  ]}
                  rows={lines.map((l) => [
                    l.label,
                    m(l.costMinor),
                    `${m(l.marketMinor)} (${t(l.basis === "market" ? "materials.impairment.basis.market" : "materials.impairment.basis.nrv")})`,
                    m(l.allowanceMinor),
                    <span key="b" data-testid="to-book">
                      {m(l.bookMinor)}
                    </span>,
                    l.bookMinor === 0n || !rights.impairment ? (
                      ""
                    ) : (
                      <Form method="post" key="f">
                        <input type="hidden" name="target" value={l.target} />
                        <input type="hidden" name="id" value={l.id} />
                        <input type="hidden" name="day" value={today} />
                        <InlineStack gap="200" wrap={false}>
                          <Justification
                            label={`${t("materials.impairment.justification")} — ${l.label}`}
                            error={
                              result && !result.ok && result.intent === `book:${l.id}`
                                ? result.errors.justification
                                : undefined
                            }
                          />
                          <Button submit loading={busy}>
                            {t(l.bookMinor > 0n ? "materials.impairment.book" : "materials.impairment.reverse")}
                          </Button>
                        </InlineStack>
                      </Form>
                    ),
                  ])}
                />
              )}
            </Card>
            {booked.length ? (
              <Card padding="0">
                <div style={{ padding: 12 }}>
                  <Text as="h2" variant="headingMd">
                    {t("materials.impairment.history")}
                  </Text>
                </div>
                <DataTable
                  columnContentTypes={["text", "text", "text", "numeric", "text", "text"]}
                  headings={[
                    t("materials.col.date"),
                    t("materials.col.move"),
                    t("materials.col.label"),
                    t("materials.col.allowance"),
                    t("materials.impairment.justification"),
                    t("materials.col.who"),
                  ]}
                  rows={booked.map((b) => [
                    formatDate(b.effectiveAt, locale, timeZone),
                    t(b.kind === "writedown" ? "materials.impairment.writedown" : "materials.impairment.reversal"),
                    labels[b.classId ?? b.pieceId ?? ""] ?? b.classId ?? b.pieceId ?? "",
                    m(b.amountMinor),
                    b.justification,
                    b.actorName,
                  ])}
                />
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
