import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  FormLayout,
  InlineGrid,
  Layout,
  Page,
  Select,
  Tabs,
  Text,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { requirePermission } from "../http/admin-context.server";
import { CLASS_INTENT_PERMISSION } from "../domain/staff/permissions";
import {
  movedAnswer,
  moveInputOf,
  readMaterialsForm,
  refused,
  requireMaterialsAdmin,
  materialsRights,
} from "../http/materials-admin.server";
import { setClassNrv } from "../services/materials/classes.server";
import { classPage } from "../services/materials/pages.server";
import { recordMove } from "../services/materials/moves.server";
import { changeMethod } from "../services/materials/method-changes.server";
import { CHOOSABLE_METHODS, formatQty } from "../domain/materials/classes";
import { classPageForm } from "../domain/materials/forms";
import { formatDate, intlLocale, translate, type MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";
import { RoleCannot } from "../components/RoleCannot";
import { money, moneyOfDecimal, weight } from "../ui/format";
import { Input, Choice } from "../components/FormFields";
import { NamedPartnerChooser } from "../components/PartnerChooser";
import { partnerChoices } from "../models/parties.server";

const params = z.object({ id: z.string().min(1).max(64) });

export const permission = { loader: ["materials.view", "cost.see"], action: ["materials.view", "cost.see"] } as const;

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const { shop, locale, can } = await requireMaterialsAdmin(request, permission.loader);
  const page = await classPage(shop, params.parse(raw).id);
  if (!page) throw new Response(translate(locale, "materials.error.NOT_FOUND"), { status: 404 });
  const suppliers = await partnerChoices(shop.id, "supplier");
  return {
    ...page,
    suppliers: suppliers.map((p) => ({ id: p.id, name: p.name, detail: p.city })),
    rights: materialsRights(can),
  };
}

export async function action({ request, params: raw }: ActionFunctionArgs) {
  const { shop, actor, locale, can } = await requireMaterialsAdmin(request, permission.action);
  const { id } = params.parse(raw);
  const form = await readMaterialsForm(request, classPageForm, locale);
  if (!form.ok) return form.answer;
  const input = form.input;
  requirePermission({ locale, can }, CLASS_INTENT_PERMISSION[input.intent] ?? "materials.post");
  if (input.intent === "method" || input.intent === "nrv") {
    const result =
      input.intent === "method"
        ? await changeMethod(shop.id, { ...input, classId: id }, actor)
        : await setClassNrv(shop.id, id, input.nrvUnitValue, actor);
    return result.ok ? { ok: true as const, intent: input.intent, moved: null } : refused(locale, input.intent, result);
  }
  const result = await recordMove(shop.id, moveInputOf(id, input), actor);
  if (!result.ok) return refused(locale, input.intent, result);
  return { ok: true as const, intent: input.intent, moved: movedAnswer(result, shop.currency) };
}

export default function MaterialClassPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, locale } = useI18n();
  const { cls, currency, timeZone, today, rights } = data;
  const [tab, setTab] = useState(0);
  const errors = result && !result.ok ? result.errors : {};
  const unit = cls.unit;
  const q = (value: string | null) => (value === null ? "—" : formatQty(value, unit, intlLocale(locale)));
  const methodKey = (m: string) => t(`materials.method.${cls.kind === "stone_single" ? "specific" : m}` as MessageKey);
  const tabs = ["receive", "issue", "transfer", "return", "count"] as const;
  const [issueTo, setIssueTo] = useState("job");

  const formFor = (intent: (typeof tabs)[number]) => (
    <Form method="post" key={intent}>
      <input type="hidden" name="intent" value={intent} />
      <FormLayout>
        {intent === "receive" ? (
          <FormLayout.Group>
            <Input name="qty" label={t("materials.field.qty", { unit })} error={errors.qty} />
            <Input name="unitCost" label={t("materials.field.unitCost", { unit })} error={errors.unitCost} />
            <NamedPartnerChooser
              idName="supplierId"
              nameName="supplier"
              label={t("materials.field.supplier")}
              partners={data.suppliers}
              error={errors.supplier}
              testId="receipt-supplier"
            />
            <Input
              name="document"
              label={t("materials.fec.field.document")}
              help={t("materials.fec.field.documentHelp")}
              error={errors.document}
            />
            <Input name="lot" label={t("materials.field.lot")} error={errors.lot} />
          </FormLayout.Group>
        ) : intent === "issue" ? (
          <FormLayout.Group>
            <Input name="qty" label={t("materials.field.qty", { unit })} error={errors.qty} />
            <Select
              name="to"
              label={t("materials.field.to")}
              value={issueTo}
              onChange={setIssueTo}
              options={[
                { value: "job", label: t("materials.field.toJob") },
                { value: "sale", label: t("materials.field.toSale") },
              ]}
              error={errors.to}
            />
            {issueTo === "job" ? (
              <Choice
                name="jobId"
                label={t("materials.field.job")}
                options={data.openJobs.map((j) => ({ value: j.id, label: j.label }))}
                error={errors.jobId}
              />
            ) : (
              <Input name="ref" label={t("materials.field.ref")} error={errors.ref} />
            )}
            <Input name="unitCost" label={t("materials.field.shortfallUnitCost", { unit })} error={errors.unitCost} />
          </FormLayout.Group>
        ) : intent === "transfer" ? (
          <FormLayout.Group>
            <Input name="qty" label={t("materials.field.qty", { unit })} error={errors.qty} />
            <Choice
              name="toClassId"
              label={t("materials.field.toClass")}
              options={data.targets.map((c) => ({ value: c.id, label: c.label }))}
              error={errors.toClassId}
            />
          </FormLayout.Group>
        ) : intent === "return" ? (
          <FormLayout.Group>
            <Choice
              name="ofMoveId"
              label={t("materials.field.ofMove")}
              error={errors.ofMoveId}
              options={data.returnable.map((m) => ({
                value: m.id,
                label: `${formatDate(m.day, locale, timeZone)} ${t(`materials.purpose.${m.purpose}` as MessageKey)} ${q(m.qty)} ${m.who}`,
              }))}
            />
            <Input name="qty" label={t("materials.field.qty", { unit })} error={errors.qty} />
          </FormLayout.Group>
        ) : (
          <Input name="countedQty" label={t("materials.field.countedQty", { unit })} error={errors.countedQty} />
        )}
        <FormLayout.Group>
          <Input name="day" label={t("materials.field.day")} error={errors.day} defaultValue={today} />
          <Input name="reason" label={t("materials.field.reason")} error={errors.reason} />
        </FormLayout.Group>
        <Button submit variant="primary" loading={busy}>
          {t(`materials.class.${intent}`)}
        </Button>
      </FormLayout>
    </Form>
  );

  return (
    <Page
      title={cls.label}
      subtitle={cls.code}
      titleMetadata={<Badge>{methodKey(data.state?.method ?? cls.method)}</Badge>}
      backAction={{ content: t("materials.back"), url: "/app/materials" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {data.error ? (
              <Banner tone="critical">{t("materials.class.historyError", { message: data.error })}</Banner>
            ) : null}
            {result && !result.ok ? (
              <Banner tone="critical" title={result.message}>
                {errors._form ?? Object.values(errors)[0]}
              </Banner>
            ) : null}
            {result?.ok ? (
              <Banner tone={result.moved?.backDated ? "warning" : "success"}>
                {result.moved?.backDated ? (
                  <BlockStack gap="100">
                    <Text as="p">
                      {t("materials.class.backDated", {
                        count: result.moved.changes.length,
                        before: result.moved.valueBefore,
                        after: result.moved.valueAfter,
                      })}
                    </Text>
                    {result.moved.changes.map((c) => (
                      <Text as="p" key={c.moveId}>
                        {t("materials.class.changed", { move: c.moveId.slice(0, 8), before: c.before, after: c.after })}
                      </Text>
                    ))}
                    {result.moved.classes.length || result.moved.jobs.length ? (
                      <Text as="p" fontWeight="semibold">
                        {t("materials.class.affected")}
                      </Text>
                    ) : null}
                    {result.moved.classes.map((c) => (
                      <div key={c.classId} data-testid="affected-class">
                        <Text as="p">
                          {t("materials.class.affectedClass", {
                            label: c.label,
                            qtyBefore: q(c.qtyBefore),
                            qtyAfter: q(c.qtyAfter),
                            before: money(c.valueBefore, currency, locale),
                            after: money(c.valueAfter, currency, locale),
                            moves: c.movesChanged,
                          })}
                        </Text>
                      </div>
                    ))}
                    {result.moved.jobs.map((j) => (
                      <div key={j.jobId} data-testid="affected-job">
                        <Text as="p">
                          {j.status === "finished"
                            ? t("materials.class.affectedPiece", {
                                number: j.number,
                                before: money(j.costBefore, currency, locale),
                                after: money(j.costAfter, currency, locale),
                                lossBefore: money(j.abnormalLossBefore, currency, locale),
                                lossAfter: money(j.abnormalLossAfter, currency, locale),
                              })
                            : t("materials.class.affectedJob", {
                                number: j.number,
                                before: money(j.costBefore, currency, locale),
                                after: money(j.costAfter, currency, locale),
                              })}
                        </Text>
                      </div>
                    ))}
                  </BlockStack>
                ) : (
                  t("materials.class.recorded")
                )}
              </Banner>
            ) : null}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("materials.class.valuation")}
                </Text>
                <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
                  <Text as="p">
                    {t("materials.col.qty")}: <strong data-testid="class-qty">{q(data.state?.qty ?? null)}</strong>
                  </Text>
                  {data.fineMg !== null ? (
                    <Text as="p">
                      {t("materials.col.fine")}: <strong>{weight(data.fineMg, "g", locale)}</strong>
                    </Text>
                  ) : null}
                  <Text as="p">
                    {t("materials.col.cost")}:{" "}
                    <strong data-testid="class-value">
                      {data.state ? money(data.state.valueMinor, currency, locale) : "—"}
                    </strong>
                  </Text>
                  <Text as="p">
                    {t("materials.col.unitCost")}:{" "}
                    <strong>{moneyOfDecimal(data.state?.unitCost, currency, locale, unit)}</strong>
                  </Text>
                </InlineGrid>
                {data.state?.layers?.length ? (
                  <Text as="p" tone="subdued">
                    {t("materials.class.layers")}: {data.state.layers.map(([lq, lc]) => `${q(lq)} @ ${lc}`).join(" · ")}
                  </Text>
                ) : null}
              </BlockStack>
            </Card>
            <Card>
              {rights.post ? (
                <Tabs
                  tabs={tabs.map((id) => ({ id, content: t(`materials.class.${id}`) }))}
                  selected={tab}
                  onSelect={setTab}
                >
                  <div style={{ paddingTop: 12 }}>{formFor(tabs[tab]!)}</div>
                </Tabs>
              ) : (
                <RoleCannot reason="permissions.hidden.materials.post" />
              )}
            </Card>
            <Card padding="0">
              <div style={{ padding: 12 }}>
                <Text as="h2" variant="headingMd">
                  {t("materials.class.journal")}
                </Text>
              </div>
              {data.moves.length === 0 ? (
                <div style={{ padding: 12 }}>
                  <Text as="p">{t("materials.class.noMoves")}</Text>
                </div>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric", "text", "text"]}
                  headings={[
                    t("materials.col.date"),
                    t("materials.col.move"),
                    t("materials.col.qty"),
                    t("materials.col.unitCost"),
                    t("materials.col.moveCost"),
                    t("materials.col.after"),
                    t("materials.col.detail"),
                    t("materials.col.who"),
                  ]}
                  rows={data.moves.map((m) => [
                    formatDate(m.effectiveAt, locale, timeZone),
                    t(`materials.purpose.${m.purpose}` as MessageKey),
                    q(m.qty),
                    m.unitCost ? moneyOfDecimal(m.unitCost, currency, locale, unit) : "",
                    m.costMinor !== null ? money(m.costMinor, currency, locale) : "",
                    m.valueAfterMinor !== null
                      ? `${q(m.qtyAfter)} · ${money(m.valueAfterMinor, currency, locale)}`
                      : "",
                    [m.supplier, m.lot, m.ref, m.reason].filter(Boolean).join(" · "),
                    m.actorName,
                  ])}
                />
              )}
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            {cls.kind !== "stone_single" && !rights.methods ? (
              <Card>
                <RoleCannot reason="permissions.hidden.materials.methods" />
              </Card>
            ) : null}
            {cls.kind !== "stone_single" && rights.methods ? (
              <Card>
                <Form method="post">
                  <input type="hidden" name="intent" value="method" />
                  <FormLayout>
                    <Text as="h2" variant="headingMd">
                      {t("materials.class.method")}
                    </Text>
                    <Text as="p" tone="subdued">
                      {t("materials.class.methodHelp")}
                    </Text>
                    <Choice
                      name="toMethod"
                      label={t("materials.field.method")}
                      error={errors.toMethod}
                      options={CHOOSABLE_METHODS.filter((m) => m !== cls.method).map((m) => ({
                        value: m,
                        label: t(`materials.method.${m}` as MessageKey),
                      }))}
                    />
                    <Input
                      name="justification"
                      label={t("materials.field.justification")}
                      error={errors.justification}
                      multiline={3}
                    />
                    <Input
                      name="day"
                      label={t("materials.field.day")}
                      error={result && !result.ok && result.intent === "method" ? errors.day : undefined}
                      defaultValue={today}
                    />
                    <Button submit loading={busy}>
                      {t("materials.class.changeMethod")}
                    </Button>
                  </FormLayout>
                </Form>
              </Card>
            ) : null}
            {cls.method === "standard" && rights.methods ? (
              <Card>
                <Form method="post">
                  <input type="hidden" name="intent" value="standard" />
                  <FormLayout>
                    <Text as="h2" variant="headingMd">
                      {t("materials.class.standardRevision")}
                    </Text>
                    <Text as="p" tone="subdued">
                      {t("materials.class.standardRevisionHelp")}
                    </Text>
                    <Input
                      name="unitCost"
                      label={t("materials.field.unitCost", { unit })}
                      error={result && !result.ok && result.intent === "standard" ? errors.unitCost : undefined}
                    />
                    <Input
                      name="justification"
                      label={t("materials.field.justification")}
                      error={result && !result.ok && result.intent === "standard" ? errors.justification : undefined}
                      multiline={3}
                    />
                    <Input
                      name="day"
                      label={t("materials.field.day")}
                      error={result && !result.ok && result.intent === "standard" ? errors.day : undefined}
                      defaultValue={today}
                    />
                    <Button submit loading={busy}>
                      {t("materials.class.reviseStandard")}
                    </Button>
                  </FormLayout>
                </Form>
              </Card>
            ) : null}
            {data.changes.length ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("materials.class.methodHistory")}
                  </Text>
                  {data.changes.map((c) => (
                    <Text as="p" key={c.id}>
                      {formatDate(c.effectiveFrom, locale, timeZone)}:{" "}
                      {t(`materials.method.${c.fromMethod}` as MessageKey)} →{" "}
                      {t(`materials.method.${c.toMethod}` as MessageKey)} — {c.justification} ({c.actorName})
                      {c.effectMinor !== null
                        ? ` — ${t("materials.class.methodEffect", { amount: money(c.effectMinor, currency, locale) })}`
                        : null}
                    </Text>
                  ))}
                </BlockStack>
              </Card>
            ) : null}
            {cls.kind !== "metal" && !rights.impairment ? (
              <Card>
                <RoleCannot reason="permissions.hidden.materials.impairment" />
              </Card>
            ) : null}
            {cls.kind !== "metal" && rights.impairment ? (
              <Card>
                <Form method="post">
                  <input type="hidden" name="intent" value="nrv" />
                  <FormLayout>
                    <Input
                      name="nrvUnitValue"
                      label={t("materials.field.nrv", { unit })}
                      error={errors.nrvUnitValue}
                      defaultValue={cls.nrvUnitValue ?? ""}
                    />
                    <Button submit loading={busy}>
                      {t("materials.settings.save")}
                    </Button>
                  </FormLayout>
                </Form>
              </Card>
            ) : null}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
