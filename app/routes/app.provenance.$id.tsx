// One piece's provenance in the admin: its public link, service events (shown on the public page),
// and replacing its token when a tag is lost or damaged (the old QR then says "replaced").
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  FormLayout,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { requireAdmin } from "../http/admin-context.server";
import {
  publicProvenanceUrl,
  recordServiceEvent,
  replacePublicToken,
} from "../services/provenance/public-record.server";
import { findPieceForAdmin, listServiceEvents, tokenHistory } from "../models/provenance.server";
import { SERVICE_KINDS } from "../domain/provenance/record";
import { formatDate, formatDateTime, translate, type Locale, type MessageKey } from "../i18n";
import { useI18n } from "../i18n/react";
import { label } from "../ui/format";

const idSchema = z.object({ id: z.string().min(1).max(64) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop, locale } = await requireAdmin(request);
  const { id } = idSchema.parse(params);
  const piece = await findPieceForAdmin(shop.id, id);
  if (!piece) throw new Response(translate(locale, "prov.admin.pieceNotFound"), { status: 404 });
  const [events, history] = await Promise.all([listServiceEvents(shop.id, piece.id), tokenHistory(shop.id, piece.id)]);
  return {
    piece: { id: piece.id, title: piece.title, tagCode: piece.tagCode, state: piece.state },
    publicUrl: publicProvenanceUrl(shop.domain, piece.publicToken),
    events,
    history,
    timeZone: shop.ianaTimezone,
  };
}

const today = () => new Date().toISOString().slice(0, 10);

const serviceSchema = z.object({
  intent: z.literal("service"),
  kind: z.enum(SERVICE_KINDS, { errorMap: () => ({ message: "prov.error.kind" }) }),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "prov.error.date")
    .refine((d) => !Number.isNaN(Date.parse(`${d}T12:00:00Z`)) && d <= today(), "prov.error.date"),
  note: z.string().trim().max(500, "prov.error.note").optional(),
});

const reissueSchema = z.object({
  intent: z.literal("reissue"),
  reason: z.string().trim().max(200, "prov.error.reason").optional(),
});

type ActionResult = { ok: true; message: string } | { ok: false; errors: Record<string, string> };

function fieldErrors(error: z.ZodError, locale: Locale): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    out[field] ??= translate(
      locale,
      (issue.message.startsWith("prov.") ? issue.message : "prov.error.intent") as MessageKey,
    );
  }
  return out;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { shop, actor, locale } = await requireAdmin(request);
  const { id } = idSchema.parse(params);
  const form = Object.fromEntries(await request.formData());
  const respond = (status: number, body: ActionResult) =>
    new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

  if (form.intent === "service") {
    const parsed = serviceSchema.safeParse(form);
    if (!parsed.success) return respond(422, { ok: false, errors: fieldErrors(parsed.error, locale) });
    // Noon UTC: the chosen calendar day stays the same day in every shop time zone.
    const at = new Date(`${parsed.data.date}T12:00:00Z`);
    const result = await recordServiceEvent(
      shop.id,
      id,
      { kind: parsed.data.kind, at, publicNote: parsed.data.note || null },
      actor,
    );
    if (!result.ok) return respond(404, { ok: false, errors: { form: translate(locale, "prov.admin.pieceNotFound") } });
    return respond(200, { ok: true, message: translate(locale, "prov.admin.added") });
  }
  if (form.intent === "reissue") {
    const parsed = reissueSchema.safeParse(form);
    if (!parsed.success) return respond(422, { ok: false, errors: fieldErrors(parsed.error, locale) });
    const result = await replacePublicToken(shop.id, id, actor, parsed.data.reason || null);
    if (!result.ok) return respond(404, { ok: false, errors: { form: translate(locale, "prov.admin.pieceNotFound") } });
    return respond(200, { ok: true, message: translate(locale, "prov.admin.reissued") });
  }
  return respond(400, { ok: false, errors: { form: translate(locale, "prov.error.intent") } });
}

export default function PieceProvenance() {
  const { piece, publicUrl, events, history, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const navigation = useNavigation();
  const { t, locale } = useI18n();
  const [kind, setKind] = useState<string>("cleaning");
  const [date, setDate] = useState(today());
  const [note, setNote] = useState("");
  const [reason, setReason] = useState("");
  const errors = result && !result.ok ? result.errors : {};
  const busy = navigation.state !== "idle";
  const keyOf = (k: string) => `prov.service.${k}` as MessageKey;

  return (
    <Page
      title={t("prov.admin.pieceTitle", { title: piece.title })}
      subtitle={piece.tagCode}
      backAction={{ content: t("prov.admin.title"), url: "/app/provenance" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result?.ok ? <Banner tone="success">{result.message}</Banner> : null}
            {errors.form ? <Banner tone="critical">{errors.form}</Banner> : null}
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("prov.admin.publicLink")}
                </Text>
                <Text as="p" breakWord>
                  <a href={publicUrl} target="_blank" rel="noreferrer" data-testid="public-url">
                    {publicUrl}
                  </a>
                </Text>
                <Text as="p" tone="subdued">
                  {label(locale, "state", piece.state)}
                </Text>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("prov.admin.service")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("prov.admin.serviceHelp")}
                </Text>
                {events.length === 0 ? (
                  <Text as="p">{t("prov.admin.noEvents")}</Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "text", "text", "text"]}
                    headings={[
                      t("prov.admin.date"),
                      t("prov.admin.kind"),
                      t("prov.admin.note"),
                      t("piece.history.who"),
                    ]}
                    rows={events.map((e) => [
                      formatDate(e.at, locale, timeZone),
                      t(keyOf(e.kind)),
                      e.publicNote ?? "—",
                      e.createdBy,
                    ])}
                  />
                )}
                <Form method="post">
                  <input type="hidden" name="intent" value="service" />
                  <FormLayout>
                    <FormLayout.Group>
                      <Select
                        label={t("prov.admin.kind")}
                        name="kind"
                        options={SERVICE_KINDS.map((k) => ({ label: t(keyOf(k)), value: k }))}
                        value={kind}
                        onChange={setKind}
                        error={errors.kind}
                      />
                      <TextField
                        label={t("prov.admin.date")}
                        name="date"
                        type="date"
                        value={date}
                        onChange={setDate}
                        autoComplete="off"
                        error={errors.date}
                      />
                    </FormLayout.Group>
                    <TextField
                      label={t("prov.admin.note")}
                      name="note"
                      value={note}
                      onChange={setNote}
                      autoComplete="off"
                      maxLength={500}
                      error={errors.note}
                    />
                    <Button submit variant="primary" loading={busy}>
                      {t("prov.admin.add")}
                    </Button>
                  </FormLayout>
                </Form>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("prov.admin.reissue")}
              </Text>
              <Text as="p" tone="subdued">
                {t("prov.admin.reissueHelp")}
              </Text>
              <Form method="post">
                <input type="hidden" name="intent" value="reissue" />
                <FormLayout>
                  <TextField
                    label={t("prov.admin.reason")}
                    name="reason"
                    value={reason}
                    onChange={setReason}
                    autoComplete="off"
                    maxLength={200}
                    error={errors.reason}
                  />
                  <Button submit tone="critical" loading={busy}>
                    {t("prov.admin.reissue")}
                  </Button>
                </FormLayout>
              </Form>
              {history.length ? (
                <DataTable
                  columnContentTypes={["text", "text"]}
                  headings={[t("prov.admin.revokedAt"), t("prov.admin.revokedBy")]}
                  rows={history.map((h) => [formatDateTime(h.revokedAt, locale, timeZone), h.revokedBy])}
                />
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
