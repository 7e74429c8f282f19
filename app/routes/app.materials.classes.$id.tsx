import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import Decimal from "decimal.js";
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
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { invalid, refused, requireMaterialsAdmin } from "../http/materials-admin.server";
import { replayOf, setClassNrv } from "../services/materials/classes.server";
import { recordMove } from "../services/materials/moves.server";
import { changeMethod } from "../services/materials/method-changes.server";
import { todayDay } from "../domain/materials/days";
import { getClass, listClasses } from "../models/materials-classes.server";
import { listJobs } from "../models/materials-jobs.server";
import { listMethodChanges } from "../models/materials-method-changes.server";
import { listMoves } from "../models/materials-moves.server";
import { CHOOSABLE_METHODS, fineMgOf, formatQty } from "../domain/materials/classes";
import { toMinor, unitCostOf } from "../domain/materials/replay";
import { currencyDecimals } from "../domain/money";
import { formatDate, intlLocale, translate, type MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";
import { money, weight } from "../ui/format";

const params = z.object({ id: z.string().min(1).max(64) });

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const { shop, locale } = await requireMaterialsAdmin(request);
  const { id } = params.parse(raw);
  const cls = await getClass(shop.id, id);
  if (!cls) throw new Response(translate(locale, "materials.error.NOT_FOUND"), { status: 404 });
  const decimals = currencyDecimals(shop.currency);
  const [replay, moves, changes, classes, jobs] = await Promise.all([
    replayOf(shop.id, cls),
    listMoves(shop.id, cls.id),
    listMethodChanges(shop.id, cls.id),
    listClasses(shop.id),
    listJobs(shop.id),
  ]);
  const valued = new Map(replay.rows.map((r) => [r.move.id, r]));
  return {
    cls: {
      id: cls.id,
      code: cls.code,
      label: cls.label,
      kind: cls.kind,
      unit: cls.unit,
      method: cls.method,
      metal: cls.metal,
      finenessBp: cls.finenessBp,
      investment: cls.investment,
      nrvUnitValue: cls.nrvUnitValue,
    },
    currency: shop.currency,
    timeZone: shop.ianaTimezone,
    today: todayDay(),
    error: replay.ok ? null : replay.message,
    state: replay.ok
      ? {
          qty: replay.final.qty,
          valueMinor: toMinor(replay.final.value, decimals),
          unitCost: replay.final.unitCost,
          layers: replay.final.layers ?? null,
          method: replay.method,
        }
      : null,
    fineMg: replay.ok && cls.finenessBp !== null ? fineMgOf(replay.final.qty, cls.finenessBp) : null,
    moves: moves.map((m) => {
      const row = valued.get(m.id);
      return {
        id: m.id,
        purpose: m.purpose,
        qty: m.qty,
        // A transfer's receiving half is valued at what the sending half costs now (re-costed by
        // back-dated moves there), not at the cost stored when it was recorded.
        unitCost:
          m.purpose === "transfer_in" && row && m.qty
            ? unitCostOf(new Decimal(row.state.value).minus(row.before.value).toFixed(), m.qty)
            : m.unitCost,
        supplier: m.supplier,
        lot: m.lot,
        ref: m.jobRef,
        reason: m.reason,
        effectiveAt: m.effectiveAt,
        actorName: m.actorName,
        costMinor: row?.state.cost !== undefined ? toMinor(row.state.cost, decimals) : null,
        qtyAfter: row?.state.qty ?? null,
        valueAfterMinor: row ? toMinor(row.state.value, decimals) : null,
      };
    }),
    changes: changes.map((c) => ({
      id: c.id,
      fromMethod: c.fromMethod,
      toMethod: c.toMethod,
      justification: c.justification,
      effectiveFrom: c.effectiveFrom,
      actorName: c.actorName,
    })),
    targets: classes
      .filter(
        (c) =>
          c.id !== cls.id &&
          c.kind === cls.kind &&
          c.unit === cls.unit &&
          c.metal === cls.metal &&
          c.finenessBp === cls.finenessBp &&
          c.investment === cls.investment,
      )
      .map((c) => ({ id: c.id, label: c.label })),
    openJobs: jobs.filter((j) => j.status === "open").map((j) => ({ id: j.id, label: `${j.number} — ${j.title}` })),
    returnable: moves
      .filter((m) => m.purpose === "receipt" || m.purpose === "issue_sale")
      .map((m) => ({
        id: m.id,
        purpose: m.purpose,
        qty: m.qty,
        day: m.effectiveAt,
        who: m.supplier ?? m.jobRef ?? "",
      })),
  };
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const qty = z.string().trim().min(1).max(24);
const text = (max: number) => z.string().trim().max(max).optional();
const schema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("receive"),
    qty,
    unitCost: z.string().trim().min(1).max(30),
    supplier: z.string().trim().min(1).max(120),
    lot: text(60),
    day,
    reason: text(300),
  }),
  z.object({
    intent: z.literal("issue"),
    qty,
    to: z.enum(["job", "sale"]),
    jobId: text(64),
    ref: text(60),
    day,
    reason: text(300),
  }),
  z.object({
    intent: z.literal("transfer"),
    qty,
    toClassId: z.string().min(1).max(64),
    day,
    reason: z.string().trim().min(1).max(300),
  }),
  z.object({ intent: z.literal("return"), qty, ofMoveId: z.string().min(1).max(64), day, reason: text(300) }),
  z.object({ intent: z.literal("count"), countedQty: qty, day, reason: z.string().trim().min(1).max(300) }),
  z.object({
    intent: z.literal("method"),
    toMethod: z.string().min(1).max(30),
    justification: z.string().max(2000),
    day,
  }),
  z.object({ intent: z.literal("nrv"), nrvUnitValue: z.string().trim().max(30) }),
]);

export async function action({ request, params: raw }: ActionFunctionArgs) {
  const { shop, actor, locale } = await requireMaterialsAdmin(request);
  const { id } = params.parse(raw);
  const form = Object.fromEntries(await request.formData());
  const intent = String(form.intent ?? "");
  const parsed = schema.safeParse(form);
  if (!parsed.success) return invalid(locale, intent, parsed.error);
  const input = parsed.data;
  switch (input.intent) {
    case "method": {
      const result = await changeMethod(
        shop.id,
        { classId: id, toMethod: input.toMethod, justification: input.justification, day: input.day },
        actor,
      );
      return result.ok
        ? { ok: true as const, intent: input.intent, moved: null }
        : refused(locale, input.intent, result);
    }
    case "nrv": {
      const result = await setClassNrv(shop.id, id, input.nrvUnitValue, actor);
      return result.ok
        ? { ok: true as const, intent: input.intent, moved: null }
        : refused(locale, input.intent, result);
    }
    default: {
      const move =
        input.intent === "receive"
          ? {
              kind: "receive" as const,
              classId: id,
              qty: input.qty,
              unitCost: input.unitCost,
              supplier: input.supplier,
              lot: input.lot,
              day: input.day,
              reason: input.reason,
            }
          : input.intent === "issue"
            ? {
                kind: "issue" as const,
                classId: id,
                qty: input.qty,
                to: input.to,
                jobId: input.jobId,
                ref: input.ref,
                day: input.day,
                reason: input.reason,
              }
            : input.intent === "transfer"
              ? {
                  kind: "transfer" as const,
                  classId: id,
                  toClassId: input.toClassId,
                  qty: input.qty,
                  day: input.day,
                  reason: input.reason,
                }
              : input.intent === "return"
                ? {
                    kind: "return" as const,
                    classId: id,
                    ofMoveId: input.ofMoveId,
                    qty: input.qty,
                    day: input.day,
                    reason: input.reason,
                  }
                : {
                    kind: "count" as const,
                    classId: id,
                    countedQty: input.countedQty,
                    day: input.day,
                    reason: input.reason,
                  };
      const result = await recordMove(shop.id, move, actor);
      if (!result.ok) return refused(locale, input.intent, result);
      const decimals = currencyDecimals(shop.currency);
      return {
        ok: true as const,
        intent: input.intent,
        moved: {
          backDated: result.backDated,
          changes: result.changes,
          valueBefore: result.valueBefore,
          valueAfter: result.valueAfter,
          // Every class and job the move changed, the class itself first.
          classes: result.affectedClasses.map((c) => ({
            ...c,
            valueBefore: toMinor(c.valueBefore, decimals),
            valueAfter: toMinor(c.valueAfter, decimals),
          })),
          jobs: result.affectedJobs,
        },
      };
    }
  }
}

function Input({
  name,
  label,
  error,
  help,
  defaultValue = "",
  multiline,
}: {
  name: string;
  label: string;
  error?: string;
  help?: string;
  defaultValue?: string;
  multiline?: number;
}) {
  const [value, setValue] = useState(defaultValue);
  return (
    <TextField
      name={name}
      label={label}
      value={value}
      onChange={setValue}
      error={error}
      helpText={help}
      autoComplete="off"
      multiline={multiline}
    />
  );
}

function Choice({
  name,
  label,
  options,
  error,
}: {
  name: string;
  label: string;
  options: { value: string; label: string }[];
  error?: string;
}) {
  const [value, setValue] = useState(options[0]?.value ?? "");
  return <Select name={name} label={label} options={options} value={value} onChange={setValue} error={error} />;
}

export default function MaterialClassPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, locale } = useI18n();
  const { cls, currency, timeZone, today } = data;
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
            <Input name="supplier" label={t("materials.field.supplier")} error={errors.supplier} />
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
                    {t("materials.col.unitCost")}: <strong>{data.state?.unitCost ?? "—"}</strong>
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
              <Tabs
                tabs={tabs.map((id) => ({ id, content: t(`materials.class.${id}`) }))}
                selected={tab}
                onSelect={setTab}
              >
                <div style={{ paddingTop: 12 }}>{formFor(tabs[tab]!)}</div>
              </Tabs>
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
                    m.unitCost ?? "",
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
            {cls.kind !== "stone_single" ? (
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
                    </Text>
                  ))}
                </BlockStack>
              </Card>
            ) : null}
            {cls.kind !== "metal" ? (
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
