// A piece's page: its record, history, photos and the changes the lifecycle allows from here.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, DataTable, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { requireAdmin } from "../http/admin-context.server";
import { pieceAction, piecePage } from "../http/piece-page.server";
import { caratTotal } from "../domain/units";
import { reportCheckUrl } from "../domain/certificates";
import { formatDate, translate, type Locale } from "../i18n";
import { useI18n } from "../i18n/react";
import { carats, label, metalLine, money, percentFromBp, weight } from "../ui/format";
import { LabelledValue as Field } from "../components/LabelledValue";
import { PieceActions } from "../components/pieces/PieceActions";
import { Photos } from "../components/pieces/ProductPhotos";
import { EditPiece } from "../components/pieces/EditPiece";
import { PieceLedger } from "../components/pieces/PieceLedger";
import { NextStep } from "../components/pieces/NextStep";

const params = z.object({ id: z.string().min(1).max(64) });

export const permission = { loader: "pieces.view", action: "pieces.view" } as const;

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const context = await requireAdmin(request, permission.loader);
  return piecePage(context, params.parse(raw).id);
}

export async function action({ request, params: raw }: ActionFunctionArgs) {
  const context = await requireAdmin(request, permission.action);
  return pieceAction(context, params.parse(raw).id, request);
}

/** A report's grades as recorded ("Colour G · Clarity SI1"), named in the reader's language. */
function certificateGrades(stored: string, locale: Locale): string {
  let grades: Record<string, unknown> = {};
  try {
    grades = JSON.parse(stored || "{}") as Record<string, unknown>;
  } catch {
    // Grades are written as JSON by the app; anything else reads as none recorded.
  }
  const shown = Object.entries(grades)
    .filter(([, value]) => typeof value === "string" && value !== "")
    .map(([name, value]) => `${label(locale, "trade.grade", name)} ${String(value)}`);
  return shown.length ? shown.join(" · ") : translate(locale, "record.gradesNone");
}

export default function PiecePage() {
  const {
    piece,
    cost,
    ledger,
    consignmentDue,
    nextStep,
    weightUnit,
    timeZone,
    transitions,
    may,
    reasonRequired,
    locations,
    photos,
    provenanceUrl,
    templates,
    defaultTemplateId,
    edit,
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
            {may.edit ? <EditPiece key={edit.version} {...edit} weightUnit={weightUnit} /> : null}
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
                  {piece.madeBy ? <Field name={t("record.madeBy")} value={piece.madeBy} /> : null}
                  {piece.originNotes ? <Field name={t("record.originNotes")} value={piece.originNotes} /> : null}
                  {piece.gtin ? <Field name={t("record.gtin")} value={piece.gtin} /> : null}
                </InlineGrid>
                {piece.description ? <Field name={t("record.description")} value={piece.description} /> : null}
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
                    columnContentTypes={["text", "numeric", "text", "text", "text", "text"]}
                    headings={[
                      t("record.stone"),
                      t("record.weight"),
                      t("record.grades"),
                      t("record.treatment"),
                      t("record.dimensions"),
                      t("record.certificate"),
                    ]}
                    rows={piece.stones.map((s) => [
                      `${s.count > 1 ? `${s.count} × ` : ""}${label(locale, "stone", s.type)} ${label(locale, "origin", s.origin)}${s.shape ? `, ${label(locale, "trade.shape", s.shape)}` : ""} (${label(locale, "position", s.position)})`,
                      carats(s.millicarats * s.count, locale),
                      [s.colour, s.clarity, s.cutGrade].filter(Boolean).join(" "),
                      s.treatment ? label(locale, "trade.treatment", s.treatment) : "—",
                      s.measurements ?? "—",
                      s.certificate ? `${s.certificate.lab} ${s.certificate.number}` : "—",
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
                      <InlineGrid key={c.id} columns={{ xs: 2, md: 5 }} gap="300">
                        <Field name={t("piece.field.lab")} value={c.lab} />
                        <Field name={t("piece.field.number")} value={c.number} />
                        <Field
                          name={t("record.issuedAt")}
                          value={c.issuedAt ? formatDate(c.issuedAt, locale, timeZone) : "—"}
                        />
                        <Field name={t("record.grades")} value={certificateGrades(c.grades, locale)} />
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
            <PieceLedger lines={ledger} timeZone={timeZone} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <NextStep step={nextStep} />
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
              may={may}
              reasonRequired={reasonRequired}
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
                  <Field
                    name={t("record.receivedAt")}
                    value={formatDate(piece.consignment.receivedAt, locale, timeZone)}
                  />
                  {piece.consignment.dueAt ? (
                    <Field name={t("piece.field.due")} value={formatDate(piece.consignment.dueAt, locale, timeZone)} />
                  ) : null}
                  {consignmentDue === "overdue" && piece.consignment.dueAt ? (
                    <Badge tone="critical">
                      {t("record.overdue", { date: formatDate(piece.consignment.dueAt, locale, timeZone) })}
                    </Badge>
                  ) : consignmentDue === "soon" ? (
                    <Badge tone="attention">{t("record.dueSoon")}</Badge>
                  ) : null}
                  {piece.consignment.returnConditions ? (
                    <Field name={t("record.returnConditions")} value={piece.consignment.returnConditions} />
                  ) : null}
                  {piece.consignment.settledAt ? (
                    <Field
                      name={t("record.settledAt")}
                      value={formatDate(piece.consignment.settledAt, locale, timeZone)}
                    />
                  ) : null}
                  {piece.consignment.returnedAt ? (
                    <Field
                      name={t("record.returnedAt")}
                      value={formatDate(piece.consignment.returnedAt, locale, timeZone)}
                    />
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
