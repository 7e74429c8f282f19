import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
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
  Text,
} from "@shopify/polaris";
import { z } from "zod";
import {
  inPieceOf,
  readMaterialsForm,
  refused,
  requireMaterialsAdmin,
  materialsRights,
} from "../http/materials-admin.server";
import { recordMove } from "../services/materials/moves.server";
import { addJobCost, finishJob } from "../services/materials/jobs.server";
import { jobPage } from "../services/materials/pages.server";
import { jobPageForm } from "../domain/materials/forms";
import { formatQty } from "../domain/materials/classes";
import { formatDate, intlLocale, translate, type MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";
import { RoleCannot } from "../components/RoleCannot";
import { money, percentFromBp, weight } from "../ui/format";
import { Input, Choice } from "../components/FormFields";

const params = z.object({ id: z.string().min(1).max(64) });

export const permission = {
  loader: ["materials.view", "cost.see"],
  action: ["materials.view", "cost.see", "materials.post"],
} as const;

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const { shop, locale, can } = await requireMaterialsAdmin(request, permission.loader);
  const page = await jobPage(shop, params.parse(raw).id);
  if (!page) throw new Response(translate(locale, "materials.error.NOT_FOUND"), { status: 404 });
  return { ...page, rights: materialsRights(can) };
}

export async function action({ request, params: raw }: ActionFunctionArgs) {
  const { shop, actor, locale } = await requireMaterialsAdmin(request, permission.action);
  const { id } = params.parse(raw);
  const form = await readMaterialsForm(request, jobPageForm, locale);
  if (!form.ok) return form.answer;
  const input = form.input;
  if (input.intent === "finish") {
    const result = await finishJob(shop.id, { ...input, jobId: id, inPiece: inPieceOf(input) }, actor, locale);
    if (!result.ok) return refused(locale, input.intent, result);
    const { tagCode: tag, costMinor, abnormalLossMinor } = result;
    return { ok: true as const, intent: input.intent, finished: { tag, costMinor, abnormalLossMinor } };
  }
  const result =
    input.intent === "cost"
      ? await addJobCost(shop.id, { ...input, jobId: id }, actor, locale)
      : input.intent === "issue"
        ? await recordMove(shop.id, { ...input, kind: "issue", to: "job", jobId: id }, actor)
        : await recordMove(
            shop.id,
            { ...input, kind: "job_return", jobId: id, recovery: input.intent === "recover" },
            actor,
          );
  if (!result.ok) return refused(locale, input.intent, result);
  return { ok: true as const, intent: input.intent, finished: null };
}

export default function JobPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t, locale } = useI18n();
  const { job, currency, timeZone, today, rights } = data;
  const errors = result && !result.ok ? result.errors : {};
  const open = job.status === "open";
  const q = (value: string, unit: string) => formatQty(value, unit, intlLocale(locale));
  const mine = (intent: string) => (result && !result.ok && result.intent === intent ? errors : {});

  const moveForm = (
    intent: "issue" | "return" | "recover",
    title: MessageKey,
    classes: { id: string; label: string }[],
  ) => (
    <Card>
      <Form method="post">
        <input type="hidden" name="intent" value={intent} />
        <FormLayout>
          <Text as="h3" variant="headingSm">
            {t(title)}
          </Text>
          <Choice
            name="classId"
            label={t("materials.jobs.class")}
            options={classes.map((c) => ({ value: c.id, label: c.label }))}
            error={mine(intent).classId}
          />
          <FormLayout.Group>
            <Input name="qty" label={t("materials.field.qty", { unit: "g / ct" })} error={mine(intent).qty} />
            <Input name="day" label={t("materials.field.day")} error={mine(intent).day} defaultValue={today} />
          </FormLayout.Group>
          {mine(intent)._form ? (
            <Text as="p" tone="critical">
              {mine(intent)._form}
            </Text>
          ) : null}
          <Button submit loading={busy}>
            {t(title)}
          </Button>
        </FormLayout>
      </Form>
    </Card>
  );

  return (
    <Page
      title={`${job.number} — ${job.title}`}
      titleMetadata={
        <Badge tone={open ? "attention" : "success"}>
          {t(open ? "materials.jobs.status.open" : "materials.jobs.status.finished")}
        </Badge>
      }
      backAction={{ content: t("materials.jobs.title"), url: "/app/materials/jobs" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result && !result.ok ? (
              <Banner tone="critical" title={result.message}>
                {Object.values(errors)[0]}
              </Banner>
            ) : null}
            {result?.ok ? (
              <Banner tone={result.finished && result.finished.abnormalLossMinor > 0n ? "warning" : "success"}>
                {!result.finished
                  ? t("materials.class.recorded")
                  : result.finished.abnormalLossMinor > 0n
                    ? t("materials.jobs.finishedWithLoss", {
                        tag: result.finished.tag,
                        cost: money(result.finished.costMinor, currency, locale),
                        loss: money(result.finished.abnormalLossMinor, currency, locale),
                      })
                    : t("materials.jobs.finished", {
                        tag: result.finished.tag,
                        cost: money(result.finished.costMinor, currency, locale),
                      })}
              </Banner>
            ) : null}
            <Card>
              <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
                <Text as="p">
                  {t("materials.jobs.materials")}: <strong>{money(data.materialsMinor, currency, locale)}</strong>
                </Text>
                <Text as="p">
                  {t("materials.jobs.labour")}: <strong>{money(data.labourMinor, currency, locale)}</strong>
                </Text>
                <Text as="p">
                  {t("materials.jobs.overhead")}: <strong>{money(data.overheadMinor, currency, locale)}</strong>
                </Text>
                <Text as="p">
                  {t("materials.jobs.totalCost")}:{" "}
                  <strong data-testid="job-total">{money(data.totalMinor, currency, locale)}</strong>
                </Text>
              </InlineGrid>
              {!open ? (
                <BlockStack gap="100">
                  <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                    <Text as="p">
                      {t("materials.jobs.abnormalExpensed")}:{" "}
                      <strong data-testid="job-abnormal-loss">
                        {money(job.abnormalLossMinor ?? 0n, currency, locale)}
                      </strong>
                    </Text>
                    <Text as="p">
                      {t("materials.jobs.pieceCost")}:{" "}
                      <strong data-testid="job-piece-cost">{money(job.costMinor, currency, locale)}</strong>
                    </Text>
                  </InlineGrid>
                  <Text as="p" tone="subdued">
                    {t("materials.jobs.costRule")}
                  </Text>
                </BlockStack>
              ) : null}
            </Card>
            {data.metal ? (
              <Card>
                <BlockStack gap="200">
                  <InlineGrid columns={3} gap="300">
                    <Text as="p">
                      {t("materials.jobs.loss")}:{" "}
                      <strong data-testid="job-loss">
                        {data.metal.lossBp !== null ? percentFromBp(data.metal.lossBp, locale) : "—"}
                      </strong>{" "}
                      ({t("materials.jobs.normal", { rate: percentFromBp(data.normalLossBp, locale) })})
                    </Text>
                    <Text as="p">
                      {t("materials.jobs.yield")}:{" "}
                      <strong>{data.metal.yieldBp !== null ? percentFromBp(data.metal.yieldBp, locale) : "—"}</strong>
                    </Text>
                    {data.metal.abnormal ? <Badge tone="critical">{t("materials.jobs.abnormal")}</Badge> : <span />}
                  </InlineGrid>
                  <Text as="p" tone="subdued">
                    {t("materials.jobs.lossDetail", {
                      issued: weight(data.metal.issuedFineMg, "g", locale),
                      returned: weight(data.metal.returnedFineMg, "g", locale),
                      recovered: weight(data.metal.recoveredFineMg, "g", locale),
                      inPiece: weight(data.metal.inPieceFineMg, "g", locale),
                      lost: weight(data.metal.lossFineMg, "g", locale),
                    })}
                  </Text>
                  <Text as="p" tone="subdued" data-testid="job-rate-base">
                    {t("materials.jobs.rateBase", { net: weight(data.metal.netIssuedFineMg, "g", locale) })}
                  </Text>
                  {data.metal.abnormal ? (
                    <Text as="p" tone="critical">
                      {t("materials.jobs.abnormalFine", { fine: weight(data.metal.abnormalFineMg, "g", locale) })}
                    </Text>
                  ) : null}
                </BlockStack>
              </Card>
            ) : null}
            {data.piece ? (
              <Card>
                <BlockStack gap="100">
                  <Text as="p">
                    {t("materials.jobs.piece")}:{" "}
                    <Link to={`/app/pieces/${data.piece.id}`}>
                      {data.piece.tagCode} — {data.piece.title}
                    </Link>
                  </Text>
                  <Text as="p" tone="subdued">
                    {t("materials.jobs.noProduct")}
                  </Text>
                </BlockStack>
              </Card>
            ) : null}
            <Card padding="0">
              <DataTable
                columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric"]}
                headings={[
                  t("materials.jobs.class"),
                  t("materials.jobs.col.issued"),
                  t("materials.jobs.col.returned"),
                  t("materials.jobs.col.recovered"),
                  t("materials.jobs.col.held"),
                  t("materials.jobs.materials"),
                ]}
                rows={data.lines.map((l) => [
                  l.label,
                  q(l.issued, l.unit),
                  q(l.returned, l.unit),
                  q(l.recovered, l.unit),
                  q(l.held, l.unit),
                  money(l.costMinor, currency, locale),
                ])}
              />
            </Card>
            <Card padding="0">
              <DataTable
                columnContentTypes={["text", "text", "text", "numeric", "numeric", "text"]}
                headings={[
                  t("materials.col.date"),
                  t("materials.col.move"),
                  t("materials.jobs.class"),
                  t("materials.col.qty"),
                  t("materials.col.moveCost"),
                  t("materials.col.who"),
                ]}
                rows={[
                  ...data.moves.map((m) => [
                    formatDate(m.effectiveAt, locale, timeZone),
                    t(`materials.purpose.${m.purpose}` as MessageKey),
                    m.classLabel,
                    q(m.qty ?? "0", m.unit),
                    m.costMinor !== null ? money(m.costMinor, currency, locale) : "",
                    m.actorName,
                  ]),
                  ...data.costs.map((c) => [
                    formatDate(c.effectiveAt, locale, timeZone),
                    t(c.kind === "labour" ? "materials.jobs.labour" : "materials.jobs.overhead"),
                    c.note ?? "",
                    "",
                    money(c.amountMinor, currency, locale),
                    "",
                  ]),
                ]}
              />
            </Card>
          </BlockStack>
        </Layout.Section>
        {open && !rights.post ? (
          <Layout.Section variant="oneThird">
            <Card>
              <RoleCannot reason="permissions.hidden.materials.post" />
            </Card>
          </Layout.Section>
        ) : null}
        {open && rights.post ? (
          <Layout.Section variant="oneThird">
            <BlockStack gap="400">
              {moveForm("issue", "materials.jobs.issue", data.classes)}
              {moveForm(
                "return",
                "materials.jobs.return",
                data.lines.filter((l) => l.kind === "metal").map((l) => ({ id: l.classId, label: l.label })),
              )}
              {moveForm(
                "recover",
                "materials.jobs.recover",
                data.lines.filter((l) => l.kind === "metal").map((l) => ({ id: l.classId, label: l.label })),
              )}
              <Card>
                <Form method="post">
                  <input type="hidden" name="intent" value="cost" />
                  <FormLayout>
                    <Text as="h3" variant="headingSm">
                      {t("materials.jobs.addCost")}
                    </Text>
                    <Choice
                      name="kind"
                      label={t("materials.jobs.costKind")}
                      options={[
                        { value: "labour", label: t("materials.jobs.labour") },
                        { value: "overhead", label: t("materials.jobs.overhead") },
                      ]}
                      error={mine("cost").kind}
                    />
                    <Input name="amount" label={t("materials.jobs.amount")} error={mine("cost").amount} />
                    <Input name="note" label={t("materials.jobs.note")} error={mine("cost").note} />
                    <Input name="day" label={t("materials.field.day")} error={mine("cost").day} defaultValue={today} />
                    <Button submit loading={busy}>
                      {t("materials.jobs.addCost")}
                    </Button>
                  </FormLayout>
                </Form>
              </Card>
              <Card>
                <Form method="post">
                  <input type="hidden" name="intent" value="finish" />
                  <FormLayout>
                    <Text as="h3" variant="headingSm">
                      {t("materials.jobs.finish")}
                    </Text>
                    <Text as="p" tone="subdued">
                      {t("materials.jobs.finishHelp")}
                    </Text>
                    <Input
                      name="title"
                      label={t("materials.jobs.pieceTitle")}
                      error={mine("finish").title}
                      defaultValue={job.title}
                    />
                    {data.lines
                      .filter((l) => l.kind === "metal")
                      .map((l) => (
                        <Input
                          key={l.classId}
                          name={`inPiece.${l.classId}`}
                          label={t("materials.jobs.inPiece", { label: l.label, held: q(l.held, l.unit) })}
                          error={mine("finish")[`inPiece.${l.classId}`]}
                        />
                      ))}
                    <Input name="price" label={t("materials.jobs.price")} error={mine("finish").price} />
                    <Input
                      name="day"
                      label={t("materials.field.day")}
                      error={mine("finish").day}
                      defaultValue={today}
                    />
                    <Button submit variant="primary" loading={busy}>
                      {t("materials.jobs.finish")}
                    </Button>
                  </FormLayout>
                </Form>
              </Card>
            </BlockStack>
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}
