import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  Thumbnail,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { requireAdmin } from "../http/admin-context.server";
import { getPiece } from "../models/pieces.server";
import { auditForEntity } from "../models/audit.server";
import { listLocations } from "../models/locations.server";
import { markTagged, movePiece, transitionPiece } from "../services/catalog/piece-changes.server";
import { queuePrintJobs } from "../services/kiosk/print-queue.server";
import { printRefusalReason } from "../http/kiosk-errors.server";
import { DEFAULT_TEMPLATE_ID } from "../domain/kiosk/tag-data";
import { TEMPLATES } from "../domain/tags/templates";
import { productPhotos, type ProductPhotos } from "../services/catalog/intake.server";
import { publicProvenanceUrl } from "../services/provenance/public-record.server";
import { allowedTransitions, isPieceState, PIECE_STATES } from "../domain/lifecycle";
import { refusalReason } from "../domain/schemas/field-errors";
import { caratTotal } from "../domain/units";
import { reportCheckUrl } from "../domain/certificates";
import { translate } from "../i18n";
import { useI18n } from "../i18n/react";
import { formatDate, formatDateTime } from "../i18n";
import { carats, label, metalLine, money, percentFromBp, weight } from "../ui/format";

const params = z.object({ id: z.string().min(1).max(64) });

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const { shop, locale, canSeeCost, admin } = await requireAdmin(request);
  const { id } = params.parse(raw);
  const piece = await getPiece(shop.id, id);
  if (!piece) throw new Response(translate(locale, "piece.notFound"), { status: 404 });
  const [audit, locations, photos] = await Promise.all([
    auditForEntity(shop.id, "Piece", piece.id),
    listLocations(shop.id),
    // Photos are Shopify's (merchandising); the page still works when Shopify cannot answer.
    piece.productGid ? productPhotos(admin, piece.productGid) : Promise.resolve<ProductPhotos | null>(null),
  ]);
  // Cost and supplier leave the server only for roles allowed to see them.
  const { costMinor, supplier, publicToken, ...visible } = piece;
  const transitions = isPieceState(piece.state)
    ? allowedTransitions(piece.state, { consigned: piece.consignment !== null, tagged: piece.taggedAt !== null })
    : [];
  return {
    piece: visible,
    transitions,
    locations: locations.map((l) => ({ id: l.id, path: l.path })),
    photos,
    provenanceUrl: publicProvenanceUrl(shop.domain, publicToken),
    cost: canSeeCost ? { costMinor, supplierName: supplier?.name ?? null } : null,
    audit: audit.map((a) => ({ seq: a.seq, at: a.at, actor: a.actor, action: a.action, reason: a.reason })),
    weightUnit: shop.weightUnit,
    timeZone: shop.ianaTimezone,
    templates: TEMPLATES.map((t) => ({ id: t.id, name: t.name[locale] ?? t.name.en })),
    defaultTemplateId: DEFAULT_TEMPLATE_ID,
  };
}

const actionBody = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("transition"),
    to: z.enum(PIECE_STATES),
    reason: z.string().trim().max(200).optional(),
    version: z.number().int().optional(),
  }),
  z.object({
    intent: z.literal("move"),
    locationId: z.string().min(1).max(64),
    reason: z.string().trim().max(200).optional(),
  }),
  z.object({ intent: z.literal("print"), templateId: z.string().min(1).max(64).optional() }),
  z.object({ intent: z.literal("tagged") }),
]);

export async function action({ request, params: raw }: ActionFunctionArgs) {
  const { shop, actor, locale } = await requireAdmin(request);
  const { id } = params.parse(raw);
  let input: unknown;
  try {
    input = await request.json();
  } catch {
    input = null;
  }
  const parsed = actionBody.safeParse(input);
  if (!parsed.success)
    return Response.json({ ok: false, message: translate(locale, "catalog.error.form") }, { status: 400 });
  const body = parsed.data;
  const reason = ("reason" in body && body.reason) || translate(locale, "catalog.piece.defaultReason");
  // The buttons offer only what the lifecycle allows; a forced request is checked all the same.
  const result =
    body.intent === "transition"
      ? await transitionPiece(shop.id, id, body.to, actor, { reason, expectedVersion: body.version })
      : body.intent === "move"
        ? await movePiece(shop.id, id, body.locationId, actor, reason)
        : body.intent === "tagged"
          ? await markTagged(shop.id, id, actor)
          : await queuePrintJobs(shop.id, [id], actor, {
              reason: "printed from the piece page",
              ...(body.templateId ? { templateId: body.templateId } : {}),
            });
  if (!result.ok) {
    const status = result.code === "NOT_FOUND" || result.code === "PIECE_NOT_FOUND" ? 404 : 409;
    const reason = "refusal" in result ? printRefusalReason(locale, result) : refusalReason(locale, result.code);
    return Response.json(
      { ok: false, code: result.code, message: translate(locale, "catalog.piece.refused", { reason }) },
      { status },
    );
  }
  const message =
    body.intent === "transition"
      ? translate(locale, "catalog.piece.changed", { state: label(locale, "state", body.to) })
      : body.intent === "print"
        ? translate(locale, "catalog.piece.printQueued")
        : body.intent === "move"
          ? translate(locale, "catalog.piece.moved", {
              path: (await listLocations(shop.id)).find((l) => l.id === body.locationId)?.path ?? "",
            })
          : translate(locale, "catalog.piece.markTagged");
  return Response.json({ ok: true, message });
}

type ActionAnswer = { ok: boolean; message: string; code?: string };

function PieceActions({
  state,
  transitions,
  locations,
  currentLocationId,
  provenanceUrl,
  tagged,
  version,
  templates,
  defaultTemplateId,
}: {
  state: string;
  transitions: string[];
  locations: { id: string; path: string }[];
  currentLocationId: string | null;
  provenanceUrl: string;
  tagged: boolean;
  version: number;
  templates: { id: string; name: string }[];
  defaultTemplateId: string;
}) {
  const { t, locale } = useI18n();
  const fetcher = useFetcher<ActionAnswer>();
  const revalidator = useRevalidator();
  const [target, setTarget] = useState("");
  const [templateId, setTemplateId] = useState(defaultTemplateId);
  const send = (body: Record<string, unknown>) =>
    fetcher.submit(body as never, { method: "post", encType: "application/json" });
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) revalidator.revalidate();
    // revalidator changes identity on every render.
  }, [fetcher.state, fetcher.data]);
  const busy = fetcher.state !== "idle";
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("catalog.piece.actions")}
        </Text>
        {fetcher.data && fetcher.state === "idle" ? (
          <Banner tone={fetcher.data.ok ? "success" : "warning"}>
            <p data-testid="piece-action-message">{fetcher.data.message}</p>
          </Banner>
        ) : null}
        <Text as="h3" variant="headingSm">
          {t("catalog.piece.transitions")}
        </Text>
        {transitions.length ? (
          <InlineStack gap="200" wrap>
            {transitions.map((to) => (
              <Button key={to} disabled={busy} onClick={() => send({ intent: "transition", to, version })}>
                {t("catalog.piece.to", { state: label(locale, "state", to) })}
              </Button>
            ))}
          </InlineStack>
        ) : (
          <Text as="p" tone="subdued">
            {t("catalog.piece.noTransitions")}
          </Text>
        )}
        <InlineStack gap="200" wrap blockAlign="end">
          <Select
            label={t("catalog.piece.tagTemplate")}
            options={templates.map((tpl) => ({ label: tpl.name, value: tpl.id }))}
            value={templateId}
            onChange={setTemplateId}
          />
          <Button disabled={busy} onClick={() => send({ intent: "print", templateId })}>
            {t("catalog.piece.printTag")}
          </Button>
          {!tagged && state === "receiving" ? (
            <Button disabled={busy} onClick={() => send({ intent: "tagged" })}>
              {t("catalog.piece.markTagged")}
            </Button>
          ) : null}
          <Button url={provenanceUrl} target="_blank">
            {t("catalog.piece.provenance")}
          </Button>
        </InlineStack>
        <InlineStack gap="200" blockAlign="end">
          <Select
            label={t("catalog.piece.moveTo")}
            options={[
              { label: "—", value: "" },
              ...locations.filter((l) => l.id !== currentLocationId).map((l) => ({ label: l.path, value: l.id })),
            ]}
            value={target}
            onChange={setTarget}
          />
          <Button
            disabled={!target || busy}
            onClick={() => {
              send({ intent: "move", locationId: target });
              setTarget("");
            }}
          >
            {t("catalog.piece.move")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function Photos({ photos, hasProduct }: { photos: ProductPhotos | null; hasProduct: boolean }) {
  const { t } = useI18n();
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {t("catalog.piece.photos")}
        </Text>
        {!hasProduct ? (
          <Text as="p" tone="subdued">
            {t("catalog.piece.noProduct")}
          </Text>
        ) : !photos || !photos.ok ? (
          <Text as="p" tone="subdued">
            {t("catalog.piece.photosUnavailable")}
          </Text>
        ) : photos.photos.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("catalog.piece.noPhotos")}
          </Text>
        ) : (
          <InlineStack gap="200" wrap>
            {photos.photos.map((p) => (
              <Thumbnail key={p.id} source={p.url} alt={p.alt ?? ""} size="large" />
            ))}
          </InlineStack>
        )}
      </BlockStack>
    </Card>
  );
}

function Field({ name, value }: { name: string; value: string }) {
  return (
    <BlockStack gap="050">
      <Text as="span" variant="bodySm" tone="subdued">
        {name}
      </Text>
      <Text as="span">{value}</Text>
    </BlockStack>
  );
}

export default function PiecePage() {
  const {
    piece,
    cost,
    audit,
    weightUnit,
    timeZone,
    transitions,
    locations,
    photos,
    provenanceUrl,
    templates,
    defaultTemplateId,
  } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const totalCt = caratTotal(piece.stones);
  return (
    <Page
      title={piece.title}
      titleMetadata={
        <Badge tone={piece.state === "active" ? "success" : undefined}>{label(locale, "state", piece.state)}</Badge>
      }
      backAction={{ content: t("piece.back"), url: "/app/pieces" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("piece.section.record")}
                </Text>
                <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
                  <Field name={t("piece.field.tagCode")} value={piece.tagCode} />
                  <Field name={t("piece.field.sku")} value={piece.sku ?? "—"} />
                  <Field name={t("piece.field.price")} value={money(piece.priceMinor, piece.currency, locale)} />
                  <Field name={t("piece.field.location")} value={piece.location?.path ?? "—"} />
                  <Field
                    name={t("piece.field.acquiredAt")}
                    value={piece.acquiredAt ? formatDate(piece.acquiredAt, locale, timeZone) : "—"}
                  />
                  <Field name={t("piece.field.caratTotal")} value={totalCt ? carats(totalCt, locale) : "—"} />
                </InlineGrid>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("piece.section.metals")}
                </Text>
                {piece.metals.length === 0 ? (
                  <Text as="p">{t("piece.none")}</Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "numeric", "numeric", "text"]}
                    headings={[
                      t("piece.field.fineness"),
                      t("piece.field.gross"),
                      t("piece.field.fine"),
                      t("piece.field.hallmark"),
                    ]}
                    rows={piece.metals.map((m) => [
                      metalLine(m.metal, m.finenessBp, locale) +
                        (m.colour ? ` (${label(locale, "colour", m.colour)})` : ""),
                      weight(m.grossWeightMg, weightUnit, locale),
                      weight(m.fineWeightMg, weightUnit, locale),
                      m.hallmark ?? "—",
                    ])}
                  />
                )}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("piece.section.stones")}
                </Text>
                {piece.stones.length === 0 ? (
                  <Text as="p">{t("piece.none")}</Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "numeric", "text", "text"]}
                    headings={[t("pieces.col.stones"), "ct", "", ""]}
                    rows={piece.stones.map((s) => [
                      `${s.count > 1 ? `${s.count} × ` : ""}${label(locale, "stone", s.type)} ${label(locale, "origin", s.origin)}${s.shape ? `, ${s.shape}` : ""} (${label(locale, "position", s.position)})`,
                      carats(s.millicarats * s.count, locale),
                      [s.colour, s.clarity, s.cutGrade].filter(Boolean).join(" "),
                      s.certificate ? `${s.certificate.lab} ${s.certificate.number}` : "",
                    ])}
                  />
                )}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("piece.section.certificates")}
                </Text>
                {piece.certificates.length === 0 ? (
                  <Text as="p">{t("piece.none")}</Text>
                ) : (
                  piece.certificates.map((c) => {
                    const check = reportCheckUrl(c.lab, c.number);
                    return (
                      <InlineGrid key={c.id} columns={3} gap="300">
                        <Field name={t("piece.field.lab")} value={c.lab} />
                        <Field name={t("piece.field.number")} value={c.number} />
                        <BlockStack gap="100">
                          {check ? (
                            <a href={check} target="_blank" rel="noreferrer">
                              {t("piece.field.checkReport")}
                            </a>
                          ) : null}
                          {c.scanUrl ? (
                            <a href={c.scanUrl} target="_blank" rel="noreferrer">
                              {t("catalog.piece.scan")}
                            </a>
                          ) : null}
                        </BlockStack>
                      </InlineGrid>
                    );
                  })
                )}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("piece.section.history")}
                </Text>
                <DataTable
                  columnContentTypes={["text", "text", "text", "text"]}
                  headings={[
                    t("piece.history.when"),
                    t("piece.history.who"),
                    t("piece.history.what"),
                    t("piece.history.why"),
                  ]}
                  rows={[
                    ...piece.movements.map((m) => ({
                      at: new Date(m.at).getTime(),
                      row: [
                        formatDateTime(m.at, locale, timeZone),
                        m.actorName,
                        `${label(locale, "movement", m.kind)}${m.toState ? ` → ${label(locale, "state", m.toState)}` : ""}`,
                        m.reason,
                      ],
                    })),
                    ...audit.map((a) => ({
                      at: new Date(a.at).getTime(),
                      row: [formatDateTime(a.at, locale, timeZone), a.actor, `#${a.seq} ${a.action}`, a.reason ?? ""],
                    })),
                  ]
                    .sort((x, y) => x.at - y.at)
                    .map((x) => x.row)}
                />
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <PieceActions
              state={piece.state}
              transitions={transitions}
              locations={locations}
              currentLocationId={piece.locationId}
              provenanceUrl={provenanceUrl}
              tagged={piece.taggedAt !== null}
              version={piece.version}
              templates={templates}
              defaultTemplateId={defaultTemplateId}
            />
            <Photos photos={photos} hasProduct={piece.productGid !== null} />
            {piece.notes ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("catalog.piece.notes")}
                  </Text>
                  <Text as="p">{piece.notes}</Text>
                </BlockStack>
              </Card>
            ) : null}
            {piece.consignment ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("piece.section.consignment")}
                  </Text>
                  <Field name={t("piece.field.consignor")} value={piece.consignment.consignor.name} />
                  {piece.consignment.commissionBp != null ? (
                    <Field
                      name={t("piece.field.commission")}
                      value={percentFromBp(piece.consignment.commissionBp, locale)}
                    />
                  ) : null}
                  {piece.consignment.agreedNetMinor != null ? (
                    <Field
                      name={t("piece.field.agreedNet")}
                      value={money(piece.consignment.agreedNetMinor, piece.currency, locale)}
                    />
                  ) : null}
                  {piece.consignment.dueAt ? (
                    <Field name={t("piece.field.due")} value={formatDate(piece.consignment.dueAt, locale, timeZone)} />
                  ) : null}
                </BlockStack>
              </Card>
            ) : null}
            {cost ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("piece.section.cost")}
                  </Text>
                  <Field name={t("piece.field.cost")} value={money(cost.costMinor, piece.currency, locale)} />
                  <Field name={t("piece.field.supplier")} value={cost.supplierName ?? "—"} />
                </BlockStack>
              </Card>
            ) : null}
            <Link to="/app/pieces">{t("piece.back")}</Link>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
